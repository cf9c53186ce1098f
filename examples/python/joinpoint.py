#!/usr/bin/env python3
"""Fit a joinpoint model with libmonitrend from Python (ctypes, standard library only).

    python3 examples/python/joinpoint.py FILE.csv [--lib PATH] [--linear] [--min K] [--max K]

FILE.csv has two columns with a header: year, value.  The script prints the
number of joinpoints, their years, each segment's slope and APC with its 95% CI,
the AAPC over the whole period, and the fitted values ("fitted YEAR VALUE").

It talks to the library only through joinpoint_abi.h: options and results are
opaque pointers read with accessor functions, so the script does not depend on
the layout of the C structs.  The library is found through --lib, else the
MONITREND_LIB environment variable, else the system's library path
(ctypes.util.find_library after `make install`).
"""
import argparse
import csv
import ctypes
import ctypes.util
import math
import os
import sys


def load_library(path):
    path = path or os.environ.get("MONITREND_LIB") or ctypes.util.find_library("monitrend")
    if not path:
        sys.exit("joinpoint.py: libmonitrend not found (give --lib or set MONITREND_LIB)")
    lib = ctypes.CDLL(path)
    vp, dp, sz = ctypes.c_void_p, ctypes.POINTER(ctypes.c_double), ctypes.c_size_t
    lib.mt_init.restype = None
    lib.mt_jp_options_alloc.restype = vp
    lib.mt_jp_options_free.argtypes = [vp]
    lib.mt_jp_options_set_joinpoints.argtypes = [vp, ctypes.c_int, ctypes.c_int]
    lib.mt_jp_options_set_log_scale.argtypes = [vp, ctypes.c_int]
    # mt_status mt_jp_fit(const double *t, const double *y, const double *w, size_t n,
    #                     const mt_jp_options *, mt_jp_result **out, mt_error *err)
    lib.mt_jp_fit.argtypes = [dp, dp, dp, sz, vp, ctypes.POINTER(vp), vp]
    lib.mt_jp_result_free.argtypes = [vp]
    lib.mt_jp_result_k.argtypes = [vp]
    lib.mt_jp_result_n.argtypes = [vp]
    lib.mt_jp_result_n.restype = sz
    lib.mt_jp_result_joinpoint.argtypes = [vp, ctypes.c_int]
    lib.mt_jp_result_joinpoint.restype = ctypes.c_double
    lib.mt_jp_result_fitted.argtypes = [vp, sz]
    lib.mt_jp_result_fitted.restype = ctypes.c_double
    lib.mt_jp_result_segment.argtypes = [vp, ctypes.c_int, dp]
    lib.mt_jp_result_aapc_full.argtypes = [vp, dp]
    lib.mt_status_name.argtypes = [ctypes.c_int]
    lib.mt_status_name.restype = ctypes.c_char_p
    return lib


def read_series(path):
    t, y = [], []
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows)
        for row in rows:
            t.append(float(row[0]))
            y.append(float(row[1]))
    return t, y


def fmt(x, digits):
    return "NA" if math.isnan(x) else f"{x:.{digits}f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("--lib")
    ap.add_argument("--linear", action="store_true", help="fit on the linear scale (default: log)")
    ap.add_argument("--min", type=int, default=0, help="fewest joinpoints (default 0)")
    ap.add_argument("--max", type=int, default=3,
                    help="most joinpoints (default 3; -1: by n, as the Program)")
    a = ap.parse_args()

    lib = load_library(a.lib)
    lib.mt_init()
    t, y = read_series(a.csv)
    n = len(t)
    T = (ctypes.c_double * n)(*t)
    if not a.linear and min(y) <= 0:
        sys.exit("joinpoint.py: a log-linear fit needs positive values (use --linear)")
    # the fit takes ln(value) on the log scale (joinpoint.h); fitted values come back exp'd
    Y = (ctypes.c_double * n)(*(y if a.linear else [math.log(v) for v in y]))

    opts = lib.mt_jp_options_alloc()
    if not opts:
        sys.exit("joinpoint.py: out of memory")
    try:
        for st in (lib.mt_jp_options_set_log_scale(opts, 0 if a.linear else 1),
                   lib.mt_jp_options_set_joinpoints(opts, a.min, a.max)):
            if st != 0:
                sys.exit("joinpoint.py: bad option: " + lib.mt_status_name(st).decode())
        res = ctypes.c_void_p()
        st = lib.mt_jp_fit(T, Y, None, n, opts, ctypes.byref(res), None)
        if st != 0:
            sys.exit("joinpoint.py: fit failed: " + lib.mt_status_name(st).decode())
    finally:
        lib.mt_jp_options_free(opts)

    try:
        k = lib.mt_jp_result_k(res)
        print(f"joinpoints {k}")
        for i in range(k):
            print(f"joinpoint {i + 1} {fmt(lib.mt_jp_result_joinpoint(res, i), 0)}")
        seg = (ctypes.c_double * 7)()
        for i in range(k + 1):
            lib.mt_jp_result_segment(res, i, seg)
            print(f"segment {i + 1} {fmt(seg[0], 0)}-{fmt(seg[1], 0)} slope {fmt(seg[2], 6)}"
                  f" apc {fmt(seg[4], 2)} ({fmt(seg[5], 2)} to {fmt(seg[6], 2)})")
        aapc = (ctypes.c_double * 6)()
        lib.mt_jp_result_aapc_full(res, aapc)
        print(f"aapc {fmt(aapc[0], 0)}-{fmt(aapc[1], 0)} {fmt(aapc[2], 4)}"
              f" ({fmt(aapc[3], 4)} to {fmt(aapc[4], 4)})")
        for i in range(lib.mt_jp_result_n(res)):
            print(f"fitted {fmt(t[i], 0)} {lib.mt_jp_result_fitted(res, i):.6f}")
    finally:
        lib.mt_jp_result_free(res)


if __name__ == "__main__":
    main()
