#!/usr/bin/env python3
"""check-model.py: a developer's validator for monitrend model files (docs/model-format.md).

It is not part of the build or the tests (standard library only). For each model it:
- parses the INI file the way monitrend's model reader does (src/model.c feeds libinih through its
  own line reader): comments are whole lines starting with ';' or '#', a key ends at the first '=',
  values are literal (no inline comments, no continuation lines), lines at most 8192 bytes. With
  --inih it also flags what stock libinih (Debian 12) would read differently: inline ' ;' comments
  ("delimiter = ;" reads as empty), lines over 198 characters, indented continuation lines, ':'
  before '=';
- checks every section and key against the format, enumerated values, required keys;
- reads every source file in its declared layout (delimiter, decimal comma, BOM, skip, end,
  filters, maps, wide columns, CBS margin rows, scale), checks that every named column exists,
  and builds the series the engine will see (id = indicator/market/region, empty parts dropped);
- checks the data as intake must (period syntax, one frequency per series, duplicates,
  lower <= value <= upper, counts >= 0, percentages within 0-100, known flags);
- computes derived series (expression, population-weighted aggregate with coverage, index) so that
  cross-checks and events can be resolved, and checks that every series id referenced by a derived
  series, cross-check or event exists. A reference to an indicator declared without a source is
  "lacking data" (reported, allowed); anything else unknown is an error;
- requires a source for every [param].

Usage: scripts/check-model.py [-v] [--markdown] [--inih] MODEL.ini [...]   (exit 0 when no errors)
-v lists series and cross-check overlaps; --markdown prints the series table of docs/data.md.
"""
import csv
import io
import math
import os
import re
import sys

INI_MAX_CHARS = 198  # stock inih: INI_MAX_LINE 200 includes the newline and the terminating NUL
MODEL_LINE_MAX = 8192  # monitrend: MT_MODEL_LINE_MAX in include/monitrend/model.h

THEMES = {"import", "production", "trade", "use", "crime", "criminal law", "financial",
          "administrative"}
KINDS = {"count", "amount", "price", "purity", "prevalence", "load", "index"}
SCALES = {"auto", "log", "linear"}
FLAGS = {"", "provisional", "estimate", "break", "exclude"}
FIELDS = ["indicator", "market", "region", "period", "value", "lower", "upper", "se", "n",
          "flag", "note"]
ID_RE = re.compile(r"^[a-z0-9_-]+$")

KEYS = {
    "monitor": {"name", "title", "title_nl", "edition", "language", "seed", "formats", "select",
                "max_joinpoints", "recent", "bootstrap", "breaks", "trim", "min_overlap"},
    "param": {"value", "source", "label"},
    "source": {"file", "label", "delimiter", "decimal", "skip", "indicator", "market", "region",
               "filter", "wide", "margin.column", "margin.value", "margin.lower", "margin.upper",
               "end", "period.format", "scale"} | {"col." + f for f in FIELDS}
              | {"map.indicator", "map.market", "map.region"},
    "indicator": {"label", "label_nl", "unit", "unit_nl", "theme", "markets", "kind", "scale", "source",
                  "data", "variance", "note"},
    "event": {"date", "label", "label_nl", "kind", "affects", "comparison", "source"},
    "derived": {"type", "expression", "members", "weights", "min_coverage", "base", "gaps",
                "indicator", "market", "region", "label", "label_nl", "unit", "unit_nl", "theme", "kind",
                "scale"},
    "crosscheck": {"type", "label", "label_nl", "members", "signs", "recent", "lags",
                   "expression"},
}
REPEATABLE = {"filter", "wide", "map.indicator", "map.market", "map.region"}


class Report:
    def __init__(self, verbose):
        self.errors = 0
        self.warnings = 0
        self.verbose = verbose

    def error(self, where, msg):
        self.errors += 1
        print("%s: error: %s" % (where, msg))

    def warn(self, where, msg):
        self.warnings += 1
        print("%s: warning: %s" % (where, msg))

    def info(self, msg):
        if self.verbose:
            print(msg)


# ------------------------------------------------------------------ INI (libinih semantics)

def inih_value(raw):
    """Cut an inline comment: ';' preceded by white space (inih find_chars_or_comment)."""
    was_space = False
    for i, ch in enumerate(raw):
        if ch == ";" and was_space:
            return raw[:i], True
        was_space = ch.isspace()
    return raw, False


def parse_ini(path, rep):
    """Return a list of sections: (type, id, line, [(key, value, line)])."""
    data = open(path, "rb").read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("utf-8")
    sections = []
    cur = None
    prev_name = None
    for no, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        where = "%s:%d" % (path, no)
        if len(line.encode("utf-8")) > MODEL_LINE_MAX:
            rep.error(where, "line longer than %d bytes" % MODEL_LINE_MAX)
        if rep.inih and len(line) > INI_MAX_CHARS:
            rep.warn(where, "stock libinih reads at most %d characters a line" % INI_MAX_CHARS)
        stripped = line.strip()
        if not stripped or stripped[0] in ";#":
            continue
        if rep.inih and line[0].isspace() and prev_name is not None:
            rep.warn(where, "indented: stock libinih continues the value of '%s' with it" % prev_name)
        if stripped[0] == "[":
            end = stripped.find("]")
            if end < 0 or stripped[end + 1:].strip():
                rep.error(where, "expected a section header such as [indicator:ID]")
                continue
            name = stripped[1:end].strip()
            typ, sid = name.split(":", 1) if ":" in name else (name, "")
            cur = (typ, sid, no, [])
            sections.append(cur)
            prev_name = None
            continue
        if "=" not in stripped:
            rep.error(where, "expected 'key = value', a [section] or a comment")
            continue
        key, value = [x.strip() for x in stripped.split("=", 1)]
        if not key:
            rep.error(where, "expected a key before '='")
            continue
        if rep.inih:
            if ":" in key:
                rep.warn(where, "stock libinih splits at the first ':' here")
            cut, was_cut = inih_value(stripped.split("=", 1)[1])
            if was_cut:
                rep.warn(where, "'%s': stock libinih would cut the value at ' ;' (read '%s')"
                         % (key, cut.strip()))
        if cur is None:
            rep.error(where, "key outside a section")
            continue
        cur[3].append((key, value, no))
        prev_name = key
    return sections


# ------------------------------------------------------------------ periods and numbers

PERIOD_RES = [
    ("Y", re.compile(r"^(\d{4})$")),
    ("Q", re.compile(r"^(\d{4})-Q([1-4])$")),
    ("M", re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")),
    ("W", re.compile(r"^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$")),
    ("D", re.compile(r"^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")),
]
MONTHS = {m: i for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                                      "Sep", "Oct", "Nov", "Dec"], 1)}


def parse_period(text, fmt="auto"):
    """Return (frequency, sortable key) or None."""
    text = text.strip()
    if fmt == "year-mon":
        m = re.match(r"^(\d{4}) ([A-Z][a-z]{2})$", text)
        if not m or m.group(2) not in MONTHS:
            return None
        return ("M", (int(m.group(1)), MONTHS[m.group(2)]))
    for freq, rx in PERIOD_RES:
        m = rx.match(text)
        if m:
            return (freq, tuple(int(g) for g in m.groups()))
    return None


def decimal_year(key, freq):
    if freq == "Y":
        return key[0] + 0.5
    if freq == "Q":
        return key[0] + (key[1] - 0.5) / 4
    if freq == "M":
        return key[0] + (key[1] - 0.5) / 12
    if freq == "W":
        return key[0] + (key[1] - 0.5) / 52.18
    return key[0] + (key[1] - 1 + (key[2] - 0.5) / 31) / 12


def parse_number(text, decimal):
    t = text.strip()
    if t == "" or t == "NA":
        return None
    if decimal == ",":
        if "." in t:
            raise ValueError("'.' in a decimal-comma number")
        t = t.replace(",", ".")
    if t.lower() in ("nan", "inf", "-inf", "+inf", "infinity"):
        raise ValueError("not finite")
    if not re.match(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", t):
        raise ValueError("not a number")
    return float(t)


# ------------------------------------------------------------------ model

class Model:
    def __init__(self, path, rep):
        self.path = path
        self.dir = os.path.dirname(os.path.abspath(path))
        self.rep = rep
        self.monitor = None
        self.params = {}
        self.sources = {}
        self.indicators = {}
        self.events = {}
        self.derived = {}
        self.crosschecks = {}
        self.order = {"derived": []}

    def where(self, line):
        return "%s:%d" % (self.path, line)


def load_model(path, rep):
    m = Model(path, rep)
    for typ, sid, line, items in parse_ini(path, rep):
        where = m.where(line)
        if typ not in KEYS:
            rep.error(where, "unknown section [%s]" % typ)
            continue
        if typ == "monitor":
            if sid:
                rep.error(where, "[monitor] takes no id")
            if m.monitor is not None:
                rep.error(where, "second [monitor] section")
        elif not ID_RE.match(sid):
            rep.error(where, "section id '%s' must be lowercase letters, digits, '_' or '-'" % sid)
        keys = {}
        for key, value, kline in items:
            kw = m.where(kline)
            base = key
            if typ == "derived" and key.startswith("weight."):
                base = "weight.*"
            elif key not in KEYS[typ]:
                rep.error(kw, "unknown key '%s' in [%s]" % (key, typ))
                continue
            if key in keys and key not in REPEATABLE:
                rep.error(kw, "key '%s' repeated" % key)
            keys.setdefault(key, []).append((value, kline))
            del base
        sec = {"id": sid, "line": line, "keys": keys}
        table = {"monitor": None, "param": m.params, "source": m.sources,
                 "indicator": m.indicators, "event": m.events, "derived": m.derived,
                 "crosscheck": m.crosschecks}[typ]
        if typ == "monitor":
            m.monitor = sec
        else:
            if sid in table:
                rep.error(where, "[%s:%s] declared twice" % (typ, sid))
            table[sid] = sec
            if typ == "derived":
                m.order["derived"].append(sid)
    if m.monitor is None:
        rep.error(path, "no [monitor] section")
    return m


def get(sec, key, default=None):
    v = sec["keys"].get(key)
    return v[0][0] if v else default


def getline(sec, key):
    v = sec["keys"].get(key)
    return v[0][1] if v else sec["line"]


def getall(sec, key):
    return [v for v, _ in sec["keys"].get(key, [])]


def split_list(text):
    return [p.strip() for p in text.split(",") if p.strip()] if text else []


def check_sections(m):
    rep = m.rep
    mon = m.monitor
    if mon:
        enums = {"language": {"en", "nl"}, "select": {"wbic", "bic", "bic3", "permutation"},
                 "breaks": {"mean", "trend", "none"}}
        for k, allowed in enums.items():
            v = get(mon, k)
            if v is not None and v not in allowed:
                rep.error(m.where(getline(mon, k)), "%s = %s: expected one of %s"
                          % (k, v, ", ".join(sorted(allowed))))
        for f in split_list(get(mon, "formats", "")):
            if f not in ("svg", "png", "pdf"):
                rep.error(m.where(getline(mon, "formats")), "unknown figure format '%s'" % f)
        for k in ("seed", "recent", "bootstrap", "min_overlap", "max_joinpoints"):
            v = get(mon, k)
            if v is not None and not v.isdigit():
                rep.error(m.where(getline(mon, k)), "%s must be an unsigned integer" % k)
        v = get(mon, "trim")
        if v is not None:
            try:
                t = float(v)
                if not (0 < t < 0.5 or (t >= 2 and t == int(t))):
                    raise ValueError
            except ValueError:
                rep.error(m.where(getline(mon, "trim")), "trim must be a fraction < 0.5 or a count >= 2")
    for pid, p in m.params.items():
        v = get(p, "value")
        try:
            if v is None or not math.isfinite(float(v)):
                raise ValueError
        except ValueError:
            rep.error(m.where(p["line"]), "[param:%s] needs a finite numeric value" % pid)
        if not get(p, "source"):
            rep.error(m.where(p["line"]), "[param:%s] has no source" % pid)
    for iid, ind in m.indicators.items():
        w = m.where(ind["line"])
        if not get(ind, "label"):
            rep.error(w, "[indicator:%s] needs a label" % iid)
        for k, allowed in (("theme", THEMES), ("kind", KINDS), ("scale", SCALES),
                           ("variance", {"constant", "poisson"})):
            v = get(ind, k)
            if v is not None and v not in allowed:
                rep.error(m.where(getline(ind, k)), "%s = %s: expected one of %s"
                          % (k, v, ", ".join(sorted(allowed))))
        if get(ind, "variance") == "poisson" and get(ind, "kind") != "count":
            rep.error(w, "variance = poisson is for counts only")
        for s in split_list(get(ind, "source", "")):
            if s not in m.sources:
                rep.error(m.where(getline(ind, "source")), "unknown source '%s'" % s)
    for eid, ev in m.events.items():
        w = m.where(ev["line"])
        for k in ("date", "label", "affects"):
            if not get(ev, k):
                rep.error(w, "[event:%s] needs '%s'" % (eid, k))
        d = get(ev, "date")
        if d and parse_period(d) is None:
            rep.error(m.where(getline(ev, "date")), "date '%s' is not a period or date" % d)
        kind = get(ev, "kind", "definition")
        if kind not in ("definition", "policy"):
            rep.error(w, "event kind must be definition or policy")
        if get(ev, "comparison") and kind != "policy":
            rep.error(w, "comparison is for policy events only")
    for cid, cc in m.crosschecks.items():
        w = m.where(cc["line"])
        typ = get(cc, "type")
        if typ not in ("concordance", "availability", "displacement", "ratio"):
            rep.error(w, "[crosscheck:%s] type '%s' unknown" % (cid, typ))
        members = split_list(get(cc, "members", ""))
        if len(members) < 2:
            rep.error(w, "[crosscheck:%s] needs two or more members" % cid)
        if typ == "displacement" and len(members) != 2:
            rep.error(w, "displacement takes exactly two members")
        if typ == "availability":
            signs = split_list(get(cc, "signs", ""))
            if len(signs) != len(members) or any(s not in "+-" or not s for s in signs):
                rep.error(w, "signs: one '+' or '-' per member (%d members)" % len(members))
        elif get(cc, "signs"):
            rep.error(w, "signs is for availability only")
        if typ == "ratio" and not get(cc, "expression"):
            rep.error(w, "ratio needs an expression")
        if typ != "ratio" and get(cc, "expression"):
            rep.error(w, "expression is for ratio only")
        if get(cc, "lags") and typ != "concordance":
            rep.error(w, "lags is for concordance only")
    for did, d in m.derived.items():
        w = m.where(d["line"])
        typ = get(d, "type", "expression")
        if typ not in ("expression", "aggregate", "index"):
            rep.error(w, "derived type '%s' unknown" % typ)
        if typ == "expression" and not get(d, "expression"):
            rep.error(w, "expression derived series needs 'expression'")
        if typ in ("aggregate", "index") and len(split_list(get(d, "members", ""))) < 1:
            rep.error(w, "%s needs members" % typ)
        if typ == "index" and get(d, "base") and parse_period(get(d, "base")) is None:
            rep.error(w, "base is not a period")
        if get(d, "gaps") not in (None, "none", "euda"):
            rep.error(w, "gaps must be none or euda")
        for k, allowed in (("theme", THEMES), ("kind", KINDS), ("scale", SCALES)):
            v = get(d, k)
            if v is not None and v not in allowed:
                rep.error(w, "%s = %s not allowed" % (k, v))
        if get(d, "indicator", did) in m.indicators:
            # intake (src/model.c) refuses this: a derived series gets its own indicator name.
            rep.error(w, "[derived:%s]: indicator '%s' is also an [indicator:ID]"
                      % (did, get(d, "indicator", did)))


# ------------------------------------------------------------------ sources

def read_source(m, sid, src, series, origin):
    """Read one source in its layout; add points to series {id: {period_text: point}}."""
    rep = m.rep
    w = m.where(src["line"])
    fname = get(src, "file")
    if not fname:
        rep.error(w, "[source:%s] needs 'file'" % sid)
        return
    path = os.path.normpath(os.path.join(m.dir, fname))
    if not os.path.isfile(path):
        rep.error(m.where(getline(src, "file")), "file not found: %s" % path)
        return
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    text = raw.decode("utf-8")
    delim = get(src, "delimiter", ",")
    if delim == "":
        rep.error(m.where(getline(src, "delimiter")), "empty delimiter")
        return
    delim = {"tab": "\t"}.get(delim, delim)
    if delim not in (",", ";", "\t", "|"):
        rep.error(w, "delimiter '%s' not allowed" % delim)
        return
    decimal = get(src, "decimal", ".")
    if decimal not in (".", ","):
        rep.error(w, "decimal must be '.' or ','")
    lines = text.splitlines()
    skip = int(get(src, "skip", "0"))
    lines = lines[skip:]
    end = get(src, "end")
    if end:
        for i, ln in enumerate(lines):
            if ln.startswith(end):
                lines = lines[:i]
                break
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delim))
    if not rows:
        rep.error(w, "%s: empty file" % path)
        return
    header = rows[0]
    if len(header) == 1 and delim != ";" and ";" in header[0]:
        rep.error(w, "%s looks ';'-separated: set delimiter=;" % path)
        return
    col = {h: i for i, h in enumerate(header)}

    def need(column, key):
        if column not in col:
            rep.error(m.where(getline(src, key)), "%s: no column '%s' (header: %s)"
                      % (os.path.basename(path), column, ", ".join(header)))
            return False
        return True

    cols = {}
    for f in FIELDS:
        k = "col." + f
        if get(src, k) is not None:
            if need(get(src, k), k):
                cols[f] = col[get(src, k)]
        elif f in col:
            cols[f] = col[f]
    consts = {f: get(src, f) for f in ("indicator", "market", "region") if get(src, f)}
    filters = []
    for fl in getall(src, "filter"):
        if " = " not in fl and "=" not in fl:
            rep.error(w, "filter '%s': expected 'Column = text'" % fl)
            continue
        c, v = [x.strip() for x in fl.split("=", 1)]
        if need(c, "filter"):
            filters.append((col[c], v))
    maps = {}
    for f in ("indicator", "market", "region"):
        for mp in getall(src, "map." + f):
            if "->" not in mp:
                rep.error(w, "map.%s '%s': expected 'from -> to'" % (f, mp))
                continue
            a, b = [x.strip() for x in mp.split("->", 1)]
            maps.setdefault(f, {})[a] = b
    wide = []
    for wd in getall(src, "wide"):
        if "->" not in wd:
            rep.error(w, "wide '%s': expected 'Column -> indicator[/market[/region]]'" % wd)
            continue
        c, target = [x.strip() for x in wd.rsplit("->", 1)]
        parts = target.split("/")
        if len(parts) > 3 or not parts[0]:
            rep.error(w, "wide target '%s' is not indicator[/market[/region]]" % target)
            continue
        if need(c, "wide"):
            wide.append((col[c], parts + [""] * (3 - len(parts))))
    margin = None
    if get(src, "margin.column"):
        if need(get(src, "margin.column"), "margin.column"):
            margin = (col[get(src, "margin.column")], get(src, "margin.value"),
                      get(src, "margin.lower"), get(src, "margin.upper"))
            if not margin[1]:
                rep.error(w, "margin.column needs margin.value")
    if "period" not in cols:
        rep.error(w, "%s: no period column (set col.period)" % os.path.basename(path))
        return
    if not wide and "value" not in cols:
        rep.error(w, "%s: no value column (set col.value)" % os.path.basename(path))
        return
    if not wide and "indicator" not in cols and "indicator" not in consts:
        rep.error(w, "%s: no indicator column and no constant 'indicator'" % os.path.basename(path))
        return
    pfmt = get(src, "period.format", "auto")
    scale = float(get(src, "scale", "1"))
    seen_margin = set()
    for rno, row in enumerate(rows[1:], 2 + skip):
        rw = "%s:%d" % (path, rno)
        if not row or (len(row) == 1 and row[0] == ""):
            continue
        if len(row) != len(header):
            rep.error(rw, "ragged row: %d fields, header has %d" % (len(row), len(header)))
            continue
        if any(row[i].strip() != v for i, v in filters):
            continue
        role = "value"
        if margin:
            mv = row[margin[0]].strip()
            role = {margin[1]: "value", margin[2]: "lower", margin[3]: "upper"}.get(mv)
            if role is None:
                rep.warn(rw, "margin '%s' is none of value/lower/upper: row skipped" % mv)
                continue
            seen_margin.add(role)

        def field(f):
            if f in cols:
                v = row[cols[f]].strip()
            else:
                v = consts.get(f, "")
            return maps.get(f, {}).get(v, v)

        ptext = row[cols["period"]].strip()
        per = parse_period(ptext, pfmt)
        if per is None:
            rep.error(rw, "period '%s' does not parse" % ptext)
            continue
        targets = []
        if wide:
            for ci, (ind, mkt, reg) in wide:
                targets.append(((ind, mkt or field("market"), reg or field("region")), row[ci]))
        else:
            targets.append(((field("indicator"), field("market"), field("region")),
                            row[cols["value"]]))
        for (ind, mkt, reg), vtext in targets:
            try:
                val = parse_number(vtext, decimal)
            except ValueError as e:
                hint = ""
                if decimal == "." and re.match(r"^\d+,\d+$", vtext.strip()):
                    hint = " (looks like a decimal comma: set decimal = ,)"
                if re.match(r"^\d{1,3}(\.\d{3})+$", vtext.strip()):
                    hint = " (looks like a Dutch thousands separator)"
                rep.error(rw, "value '%s' %s%s" % (vtext, e, hint))
                continue
            if val is not None:
                val *= scale
            sid_ = "/".join(p for p in (ind, mkt, reg) if p)
            s = series.setdefault(sid_, {"ind": ind, "mkt": mkt, "reg": reg, "pts": {},
                                         "origin": set()})
            s["origin"].add(sid)
            pt = s["pts"].setdefault(ptext, {"per": per, "value": None, "lower": None,
                                             "upper": None, "flag": "", "rows": {}})
            if role in pt["rows"]:
                rep.error(rw, "duplicate %s for %s %s (first at line %s)"
                          % (role, sid_, ptext, pt["rows"][role]))
                continue
            pt["rows"][role] = "%s:%d" % (os.path.basename(path), rno)
            pt[role] = val
            if role == "value" and not wide:
                for f in ("lower", "upper"):
                    if f in cols:
                        try:
                            b = parse_number(row[cols[f]], decimal)
                            pt[f] = None if b is None else b * scale
                        except ValueError as e:
                            rep.error(rw, "%s '%s' %s" % (f, row[cols[f]], e))
                if "flag" in cols:
                    pt["flag"] = row[cols["flag"]].strip()
                    if pt["flag"] not in FLAGS:
                        rep.error(rw, "unknown flag '%s'" % pt["flag"])
    if margin and seen_margin and "value" not in seen_margin:
        rep.error(w, "no rows with margin value '%s'" % margin[1])
    origin[sid] = {"path": path, "rows": len(rows) - 1}


def check_series(m, series):
    rep = m.rep
    for sid_, s in sorted(series.items()):
        ind = m.indicators.get(s["ind"])
        freqs = {p["per"][0] for p in s["pts"].values()}
        if len(freqs) > 1:
            rep.error(sid_, "two frequencies in one series: %s" % ", ".join(sorted(freqs)))
        for part in (s["ind"], s["mkt"], s["reg"]):
            if re.search(r"[/,{}]", part):
                rep.error(sid_, "id part '%s' holds '/', ',' or braces: map it to a plain name" % part)
            elif re.search(r"\s", part):
                rep.warn(sid_, "id part '%s' holds white space: map it to a plain name" % part)
        kind = get(ind, "kind") if ind else None
        unit = get(ind, "unit", "") if ind else ""
        for ptext, p in s["pts"].items():
            v, lo, hi = p["value"], p["lower"], p["upper"]
            if v is None:
                continue
            if lo is not None and lo > v:
                rep.error(sid_, "%s: lower %g > value %g" % (ptext, lo, v))
            if hi is not None and hi < v:
                rep.error(sid_, "%s: upper %g < value %g" % (ptext, hi, v))
            if kind == "count" and v < 0:
                rep.error(sid_, "%s: negative count %g" % (ptext, v))
            if unit.startswith("%") and not 0 <= v <= 100:
                rep.error(sid_, "%s: percentage %g outside 0-100" % (ptext, v))


# ------------------------------------------------------------------ expressions

TOKEN = re.compile(r"\s*(?:(\{[^}]*\})|(\d+\.?\d*(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(.))")


def tokenize(expr):
    out = []
    pos = 0
    expr = expr.rstrip()
    while pos < len(expr):
        mt = TOKEN.match(expr, pos)
        if not mt:
            break
        pos = mt.end()
        ref, num, name, op = mt.groups()
        if ref:
            out.append(("ref", ref[1:-1].strip()))
        elif num:
            out.append(("num", float(num)))
        elif name:
            out.append(("param", name))
        elif op and op.strip():
            out.append(("op", op))
    return out


class Expr:
    """Recursive-descent parser: expr = term {(+|-) term}; term = factor {(*|/) factor};
    factor = number | param | {series} | ( expr ) | - factor."""

    def __init__(self, text):
        self.toks = tokenize(text)
        self.i = 0
        self.refs = []
        self.params = []
        self.tree = self.expr()
        if self.i != len(self.toks):
            raise ValueError("unexpected '%s'" % (self.toks[self.i][1],))

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def expr(self):
        node = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.toks[self.i][1]
            self.i += 1
            node = (op, node, self.term())
        return node

    def term(self):
        node = self.factor()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.toks[self.i][1]
            self.i += 1
            node = (op, node, self.factor())
        return node

    def factor(self):
        t, v = self.peek()
        if t is None:
            raise ValueError("expression ends early")
        self.i += 1
        if t == "num":
            return ("num", v)
        if t == "param":
            self.params.append(v)
            return ("param", v)
        if t == "ref":
            self.refs.append(v)
            return ("ref", v)
        if (t, v) == ("op", "("):
            node = self.expr()
            if self.peek() != ("op", ")"):
                raise ValueError("missing ')'")
            self.i += 1
            return node
        if (t, v) == ("op", "-"):
            return ("neg", self.factor())
        raise ValueError("unexpected '%s'" % v)

    def eval(self, node, env, params):
        k = node[0]
        if k == "num":
            return node[1]
        if k == "param":
            return params[node[1]]
        if k == "ref":
            return env[node[1]]
        if k == "neg":
            return -self.eval(node[1], env, params)
        a = self.eval(node[1], env, params)
        b = self.eval(node[2], env, params)
        if k == "+":
            return a + b
        if k == "-":
            return a - b
        if k == "*":
            return a * b
        return a / b if b != 0 else float("nan")


# ------------------------------------------------------------------ references

def classify(m, sid_, series, lacking):
    """'ok', 'lacking' (indicator declared without data) or 'unknown'."""
    if sid_ in series:
        return "ok"
    if sid_ in lacking:
        return "lacking"
    ind = sid_.split("/")[0]
    if ind in m.indicators and not get(m.indicators[ind], "source"):
        return "lacking"
    return "unknown"


def values_of(series, sid_):
    return {p: d["value"] for p, d in series[sid_]["pts"].items() if d["value"] is not None
            and d["flag"] != "exclude"}


def derive(m, series):
    """Compute derived series in dependency order; return the set of lacking derived ids."""
    rep = m.rep
    params = {}
    for pid, p in m.params.items():
        try:
            params[pid] = float(get(p, "value"))
        except (TypeError, ValueError):
            pass
    used_params = set()
    lacking = set()
    pending = list(m.order["derived"])
    ids = {}
    for did in pending:
        d = m.derived[did]
        ind = get(d, "indicator", did)
        ids[did] = "/".join(p for p in (ind, get(d, "market", ""), get(d, "region", "")) if p)
    for _round in range(len(pending) + 1):
        progress = False
        for did in list(pending):
            d = m.derived[did]
            w = m.where(d["line"])
            typ = get(d, "type", "expression")
            if typ == "expression":
                try:
                    ex = Expr(get(d, "expression", ""))
                except ValueError as e:
                    rep.error(w, "[derived:%s] expression: %s" % (did, e))
                    pending.remove(did)
                    continue
                refs = ex.refs
                for p in ex.params:
                    used_params.add(p)
                    if p not in params:
                        rep.error(w, "[derived:%s] unknown parameter '%s'" % (did, p))
            else:
                ex = None
                refs = split_list(get(d, "members", ""))
            if any(r in ids.values() and r not in series and r not in lacking for r in refs):
                continue  # wait for another derived series
            pending.remove(did)
            progress = True
            status = [classify(m, r, series, lacking) for r in refs]
            for r, st in zip(refs, status):
                if st == "unknown":
                    rep.error(w, "[derived:%s] references unknown series '%s'" % (did, r))
            if "unknown" in status:
                continue
            if "lacking" in status:
                lacking.add(ids[did])
                rep.warn(w, "[derived:%s] -> %s lacks data (%s)" % (
                    did, ids[did], ", ".join(r for r, s in zip(refs, status) if s == "lacking")))
                continue
            pts = {}
            if typ == "expression":
                vals = [values_of(series, r) for r in refs]
                common = set(vals[0]).intersection(*vals[1:]) if vals else set()
                for per in common:
                    env = {r: v[per] for r, v in zip(refs, vals)}
                    try:
                        pts[per] = ex.eval(ex.tree, env, params)
                    except KeyError:
                        pass
            elif typ == "aggregate":
                weights = split_list(get(d, "weights", ""))
                if not weights:
                    weights = [get(d, "weight." + r) for r in refs]
                if len(weights) != len(refs) or None in weights:
                    rep.error(w, "[derived:%s] needs one weight per member" % did)
                    continue
                weights = [float(x) for x in weights]
                minc = float(get(d, "min_coverage", "0.5"))
                vals = [values_of(series, r) for r in refs]
                for per in set().union(*vals):
                    num = den = 0.0
                    for v, wt in zip(vals, weights):
                        if per in v:
                            num += v[per] * wt
                            den += wt
                    if den / sum(weights) >= minc:
                        pts[per] = num / den
            else:
                base = get(d, "base")
                vals = [values_of(series, r) for r in refs]
                for r, v in zip(refs, vals):
                    if base and base not in v:
                        msg = "[derived:%s] member %s has no value in base %s" % (did, r, base)
                        if get(d, "gaps") == "euda":
                            rep.info(msg + " (EUDA gap rules apply)")
                        else:
                            rep.warn(w, msg)
                for per in set().union(*vals):
                    rel = [v[per] / v[base] * 100 for v in vals
                           if per in v and base in v and v[base]]
                    if rel:
                        pts[per] = sum(rel) / len(rel)
            if ids[did] in series:
                rep.error(w, "[derived:%s] id %s clashes with a data series" % (did, ids[did]))
                continue
            parts = ids[did].split("/") + ["", ""]
            series[ids[did]] = {"ind": parts[0], "mkt": parts[1], "reg": parts[2],
                                "origin": {"derived:" + did}, "derived": True,
                                "pts": {p: {"per": parse_period(p), "value": v, "lower": None,
                                            "upper": None, "flag": "", "rows": {}}
                                        for p, v in pts.items()}}
        if not pending or not progress:
            break
    for did in pending:
        rep.error(m.where(m.derived[did]["line"]), "[derived:%s] depends on itself" % did)
    return lacking, used_params


def check_references(m, series, lacking, used_params):
    rep = m.rep
    for cid, cc in m.crosschecks.items():
        w = m.where(cc["line"])
        members = split_list(get(cc, "members", ""))
        refs = list(members)
        if get(cc, "expression"):
            try:
                ex = Expr(get(cc, "expression"))
                refs += [r for r in ex.refs if r not in refs]
                used_params.update(ex.params)
                for p in ex.params:
                    if p not in m.params:
                        rep.error(w, "unknown parameter '%s'" % p)
                for r in ex.refs:
                    if r not in members:
                        rep.warn(w, "expression uses %s, not listed in members" % r)
            except ValueError as e:
                rep.error(w, "[crosscheck:%s] expression: %s" % (cid, e))
        status = {r: classify(m, r, series, lacking) for r in refs}
        for r, st in status.items():
            if st == "unknown":
                rep.error(w, "[crosscheck:%s] member '%s' matches no series or declared indicator"
                          % (cid, r))
        lack = [r for r, st in status.items() if st == "lacking"]
        if lack:
            rep.info("crosscheck %s: lacking data (%s)" % (cid, ", ".join(lack)))
            continue
        if all(st == "ok" for st in status.values()) and len(members) >= 2:
            a = {decimal_year(series[members[0]]["pts"][p]["per"][1],
                              series[members[0]]["pts"][p]["per"][0]) // 1
                 for p in values_of(series, members[0])}
            overlap = a
            for r in members[1:]:
                overlap = overlap & {decimal_year(series[r]["pts"][p]["per"][1],
                                                  series[r]["pts"][p]["per"][0]) // 1
                                     for p in values_of(series, r)}
            rep.info("crosscheck %s (%s): %d common years" % (cid, get(cc, "type"), len(overlap)))
    for eid, ev in m.events.items():
        w = m.where(ev["line"])
        for key in ("affects", "comparison"):
            for r in split_list(get(ev, key, "")):
                if "/" not in r and key == "affects":
                    if r not in m.indicators:
                        rep.error(w, "[event:%s] affects unknown indicator '%s'" % (eid, r))
                    continue
                st = classify(m, r, series, lacking)
                if st == "unknown":
                    rep.error(w, "[event:%s] %s: unknown series '%s'" % (eid, key, r))
                elif st == "lacking":
                    rep.warn(w, "[event:%s] %s: series '%s' lacks data" % (eid, key, r))
    for pid in m.params:
        if pid not in used_params:
            rep.warn(m.where(m.params[pid]["line"]), "[param:%s] is never used" % pid)


def check_model(path, rep):
    before = rep.errors
    m = load_model(path, rep)
    check_sections(m)
    series = {}
    origin = {}
    for sid, src in m.sources.items():
        read_source(m, sid, src, series, origin)
    # Assign series to indicators by indicator name (or `data`).
    by_data = {}
    for iid, ind in m.indicators.items():
        by_data[get(ind, "data", iid)] = iid
    fed = {}
    for sid_, s in list(series.items()):
        if s["ind"] not in by_data:
            rep.warn(sid_, "data rows for no model indicator ('%s', from %s): ignored"
                     % (s["ind"], ", ".join(sorted(s["origin"]))))
            del series[sid_]
            continue
        iid = by_data[s["ind"]]
        declared = set(split_list(get(m.indicators[iid], "source", "")))
        for o in s["origin"]:
            if o not in declared:
                rep.error(sid_, "comes from source '%s', not listed in [indicator:%s] source"
                          % (o, iid))
        if iid != s["ind"]:
            # Rows named by the indicator's `data` key become series of the indicator ID.
            new_id = "/".join(x for x in (iid, s["mkt"], s["reg"]) if x)
            if new_id in series:
                rep.error(sid_, "renamed to %s, which already exists" % new_id)
                continue
            s["ind"] = iid
            series[new_id] = series.pop(sid_)
            sid_ = new_id
        fed.setdefault(iid, set()).add(sid_)
    for iid, ind in m.indicators.items():
        if get(ind, "source") and iid not in fed:
            rep.warn(m.where(ind["line"]), "[indicator:%s] has a source but no data" % iid)
        if not get(ind, "source"):
            rep.info("indicator %s: no data in this edition" % iid)
    used = {o for s in series.values() for o in s["origin"]}
    for sid in m.sources:
        if sid not in used and sid in origin:
            rep.warn(m.where(m.sources[sid]["line"]), "[source:%s] feeds no series" % sid)
    check_series(m, series)
    lacking, used_params = derive(m, series)
    check_references(m, series, lacking, used_params)
    rep.info("%-45s %4s  %-8s %-8s %s" % ("series", "n", "first", "last", "flags"))
    for sid_, s in sorted(series.items()):
        pts = sorted((p["per"], t, p) for t, p in s["pts"].items() if p["value"] is not None)
        if not pts:
            continue
        flags = ",".join(sorted("%s:%s" % (t, p["flag"]) for _, t, p in pts if p["flag"]))
        rep.info("%-45s %4d  %-8s %-8s %s%s" % (sid_, len(pts), pts[0][1], pts[-1][1], flags,
                                                " (derived)" if s.get("derived") else ""))
    if rep.markdown:
        print("| series | source | n | first | last | missing years |")
        print("|---|---|---|---|---|---|")
        for sid_, s in sorted(series.items()):
            pts = sorted((p["per"], t) for t, p in s["pts"].items() if p["value"] is not None)
            if not pts:
                continue
            years = [pp[0][1][0] for pp in pts]
            gaps = [y for y in range(years[0], years[-1] + 1) if y not in years] \
                if pts[0][0][0] == "Y" else []
            gap = ", ".join(str(y) for y in gaps) if len(gaps) <= 6 else "%d years" % len(gaps)
            print("| `%s` | %s | %d | %s | %s | %s |" % (
                sid_, ", ".join(sorted(s["origin"])), len(pts), pts[0][1], pts[-1][1], gap))
    print("%s: %d series (%d derived), %d sources, %d indicators (%d without data), %d events, "
          "%d cross-checks; %d errors" % (
              path, len(series), sum(1 for s in series.values() if s.get("derived")),
              len(m.sources), len(m.indicators),
              sum(1 for i in m.indicators.values() if not get(i, "source")), len(m.events),
              len(m.crosschecks), rep.errors - before))


def main(argv):
    verbose = "-v" in argv
    paths = [a for a in argv if a not in ("-v", "--markdown", "--inih")]
    if not paths:
        print(__doc__)
        return 2
    rep = Report(verbose)
    rep.markdown = "--markdown" in argv
    rep.inih = "--inih" in argv
    for p in paths:
        check_model(p, rep)
    print("total: %d errors, %d warnings" % (rep.errors, rep.warnings))
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
