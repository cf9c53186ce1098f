#!/usr/bin/env python3
"""check_figures.py - checks every figure script of a figures folder.

Usage: check_figures.py [--lang nl] [--model MODEL.ini] FIGURES_DIR

For each <name>.gp (the first format section that draws the figure: the SVG
one, after the blank plot to /dev/null every script starts with) it rebuilds
what gnuplot is told to draw and fails when
  * two labels' estimated boxes overlap (a scatter's year labels, drawn
    `with labels` from the .dat, included), or a label overlaps the key;
  * a label, the key or a year label of the time axis reaches outside the
    canvas (clipped text), or an axis title is longer than its axis;
  * visible text (labels, key titles, axis labels, tic labels) holds an
    id-like token: a word with '/' or '_' (series ids, market ids);
  * in a Dutch edition (--lang nl), visible text holds an English word of
    the verdict and theme vocabulary (ENGLISH_WORDS below).
and, for every <name>.svg, that xmllint parses it.

The boxes are estimated independently of monitrend's layout code: text
widths come from the advance widths of the font gnuplot's "sans-serif"
resolves to (DejaVu Sans, read from the TTF's cmap and hmtx tables), or 0.62
em per character when the font file is missing; heights are 1.2 em.
Screen positions are read from `at screen X, screen Y`; the key box from
`set key at screen X, screen Y center top ... maxcols N` and the titles in
the plot command.
"""
import glob
import math
import os
import re
import struct
import subprocess
import sys

FONT_PATHS = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"]

# English words that must not reach a Dutch figure: verdict words of the
# cross-checks and theme names (a Dutch figure says "verschuiving",
# "overeenstemming", "invoer", ...).
ENGLISH_WORDS = ["shift", "agree", "agreement", "disagree", "diverge", "divergent", "inconclusive",
                 "consistent", "inconsistent", "concordance", "displacement", "verdict",
                 "observed", "trend line", "provisional", "excluded", "import", "production",
                 "trade", "criminal law", "financial", "administrative", "other", "Theme",
                 "Source", "Coverage", "from", "to", "and", "the", "years", "with"]


class Font:
    def __init__(self):
        self.adv = None
        for p in FONT_PATHS:
            if os.path.exists(p):
                try:
                    self._load(p)
                    break
                except (struct.error, KeyError, ValueError):
                    self.adv = None

    def _load(self, path):
        data = open(path, "rb").read()
        n = struct.unpack(">H", data[4:6])[0]
        tables = {}
        for i in range(n):
            tag, _, off, ln = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
            tables[tag.decode()] = (off, ln)
        head = tables["head"][0]
        self.upem = struct.unpack(">H", data[head + 18:head + 20])[0]
        hhea = tables["hhea"][0]
        n_hm = struct.unpack(">H", data[hhea + 34:hhea + 36])[0]
        hmtx = tables["hmtx"][0]
        widths = [struct.unpack(">H", data[hmtx + 4 * i:hmtx + 4 * i + 2])[0] for i in range(n_hm)]
        cmap = tables["cmap"][0]
        nsub = struct.unpack(">H", data[cmap + 2:cmap + 4])[0]
        sub = None
        for i in range(nsub):
            pid, eid, off = struct.unpack(">HHI", data[cmap + 4 + 8 * i:cmap + 12 + 8 * i])
            if pid == 3 and eid == 1:
                sub = cmap + off
        if sub is None or struct.unpack(">H", data[sub:sub + 2])[0] != 4:
            raise ValueError("no format 4 cmap")
        segx2 = struct.unpack(">H", data[sub + 6:sub + 8])[0]
        segs = segx2 // 2
        ends = struct.unpack(">%dH" % segs, data[sub + 14:sub + 14 + segx2])
        starts = struct.unpack(">%dH" % segs, data[sub + 16 + segx2:sub + 16 + 2 * segx2])
        deltas = struct.unpack(">%dh" % segs, data[sub + 16 + 2 * segx2:sub + 16 + 3 * segx2])
        ro_at = sub + 16 + 3 * segx2
        ros = struct.unpack(">%dH" % segs, data[ro_at:ro_at + segx2])
        self.adv = {}
        for s in range(segs):
            for ch in range(starts[s], min(ends[s], 0x2FFF) + 1):
                if ros[s] == 0:
                    g = (ch + deltas[s]) & 0xFFFF
                else:
                    a = ro_at + 2 * s + ros[s] + 2 * (ch - starts[s])
                    g = struct.unpack(">H", data[a:a + 2])[0]
                    if g:
                        g = (g + deltas[s]) & 0xFFFF
                if g:
                    self.adv[ch] = widths[min(g, n_hm - 1)] / self.upem

    def width(self, text, size):
        if self.adv is None:
            return 0.62 * size * len(text)
        return size * sum(self.adv.get(ord(c), 0.7) for c in text)


def parse_quoted(s, i):
    """gnuplot string starting at s[i]: pieces '...' or "..." joined by '.'."""
    out = ""
    while i < len(s) and s[i] in "'\"":
        qch = s[i]
        j = s.index(qch, i + 1)
        out += s[i + 1:j]
        i = j + 1
        if i < len(s) and s[i] == "." and i + 1 < len(s) and s[i + 1] in "'\"":
            i += 1
        else:
            break
    return out, i


LABEL = re.compile(r"^set label (?P<q>['\"].*?) at screen (?P<x>[-0-9.e]+), screen (?P<y>[-0-9.e]+) "
                   r"(?P<just>left|center|right)(?: rotate by (?P<rot>[-0-9.]+))? font ',(?P<fs>[0-9.]+)'")
KEY = re.compile(r"^set key at screen ([-0-9.e]+), screen ([-0-9.e]+) center top .*maxcols (\d+)")


def section(lines):
    """Lines of the first format section (terminal .. unset output) that
    draws a figure: the blank plot to /dev/null that every script starts
    with (figure.h "Independent scripts") is skipped, so that the checks
    see the figure and not that placeholder."""
    out, on = [], False
    for ln in lines:
        if ln.startswith("set terminal"):
            if on and out and not any(l.startswith("set output '/dev/null'") for l in out):
                break
            out, on = [], True
        if on:
            out.append(ln)
        if on and ln.startswith("unset output"):
            if not any(l.startswith("set output '/dev/null'") for l in out):
                break
            out, on = [], False
    return out


def overlap(a, b, tol=0.5):
    return a[0] < b[2] - tol and b[0] < a[2] - tol and a[1] < b[3] - tol and b[1] < a[3] - tol


def check_gp(path, font, lang, problems):
    text = open(path, encoding="utf-8").read()
    lines = section(text.split("\n"))
    if not lines:
        problems.append("%s: no terminal section" % path)
        return
    m = re.match(r"set terminal svg size (\d+),(\d+) .*font 'sans-serif,(\d+)'", lines[0])
    if not m:
        return  # only SVG sections are measured
    W, H, base = int(m.group(1)), int(m.group(2)), float(m.group(3))
    joined = []
    for ln in lines:  # join continuation lines of the plot command
        if joined and joined[-1].endswith("\\"):
            joined[-1] = joined[-1][:-1] + ln.strip()
        else:
            joined.append(ln)
    current, drawn, keys, visible = {}, {}, [], []
    xrange_, xtics_, yrange_, logxy = None, None, None, ""
    key = None
    margin = {}
    axis_labels = []
    for ln in joined:
        if ln.startswith("unset label"):
            current = {}
        elif ln.startswith("set label"):
            lm = LABEL.match(ln)
            if not lm:
                problems.append("%s: label not in screen coordinates: %s" % (path, ln[:80]))
                continue
            txt, _ = parse_quoted(ln, len("set label "))
            x, y = float(lm.group("x")) * W, float(lm.group("y")) * H
            fs = float(lm.group("fs"))
            w, h = font.width(txt, fs), 1.2 * fs
            if lm.group("rot"):
                problems.append("%s: rotated label '%s'" % (path, txt))
            x0 = x if lm.group("just") == "left" else x - w / 2 if lm.group("just") == "center" else x - w
            current[(txt, round(x, 1), round(y, 1))] = (x0, y - h / 2, x0 + w, y + h / 2, txt)
        elif ln.startswith("unset key"):
            key = None
        elif ln.startswith("set key"):
            km = KEY.match(ln)
            key = (float(km.group(1)) * W, float(km.group(2)) * H, int(km.group(3))) if km else None
        elif ln.startswith(("set xlabel", "set ylabel")):
            visible.append(parse_quoted(ln, len("set xlabel "))[0])
            axis_labels.append((ln[4], visible[-1]))
        elif re.match(r"set [lrtb]margin at screen", ln):
            margin[ln[4]] = float(ln.split()[-1])
        elif ln.startswith("set yrange ["):
            ym = re.match(r"set yrange \[([-0-9.e]+):([-0-9.e]+)\]", ln)
            yrange_ = (float(ym.group(1)), float(ym.group(2))) if ym else None
        elif ln.startswith("set logscale"):
            logxy = ln.split()[2] if len(ln.split()) > 2 else "xy"
        elif ln.startswith("unset logscale"):
            logxy = "" if ln.strip() == "unset logscale" else logxy.replace(ln.split()[2], "")
        elif ln.startswith("set xrange ["):
            xm = re.match(r"set xrange \[([-0-9.e]+):([-0-9.e]+)\]", ln)
            xrange_ = (float(xm.group(1)), float(xm.group(2))) if xm else None
        elif re.match(r"set xtics [-0-9.e]+, [-0-9.e]+$", ln):
            xt = ln[len("set xtics "):].split(", ")
            xtics_ = (float(xt[0]), float(xt[1]))
        elif ln.startswith(("set xtics (", "set ytics (")):
            visible += re.findall(r"'([^']*)' [-0-9.e]+", ln)
        elif ln.startswith("plot "):
            titles = []
            for tm in re.finditer(r" title (['\"])", ln):
                titles.append(parse_quoted(ln, tm.start(1))[0])
            visible += titles
            drawn.update(current)
            # axis titles run along their axis: they must fit its length
            if len(margin) == 4:
                for ax, txt in axis_labels:
                    room = (margin["r"] - margin["l"]) * W if ax == "x" else (margin["t"] - margin["b"]) * H
                    if font.width(txt, base) > room + 0.5:
                        problems.append("%s: %slabel '%s' longer than its axis" % (path, ax, txt))
            axis_labels = []
            # year labels of the time axis stay on the canvas (centred on
            # their tic, the last one at the plot's right end)
            if xrange_ and xtics_ and xtics_[1] > 0 and "l" in margin and "r" in margin:
                x0, x1 = xrange_
                v = xtics_[0]
                while v <= x1 + 1e-9 and x1 > x0:
                    if v >= x0 - 1e-9:
                        xs = (margin["l"] + (v - x0) / (x1 - x0) * (margin["r"] - margin["l"])) * W
                        w = font.width("%.0f" % v, base)
                        if xs - w / 2 < -0.5 or xs + w / 2 > W + 0.5:
                            problems.append("%s: x tic label '%.0f' outside the canvas" % (path, v))
                    v += xtics_[1]
            # point labels (scatter years): "index N using 1:2:(sprintf(...$3))
            # with labels offset char 0.6,0.5 left font ',F'" boxes from the .dat
            for lm2 in re.finditer(r"'([^']+)' index (\d+) using 1:2:\(sprintf\('%\.0f', floor\(\$3\)\)\) "
                                   r"with labels offset char ([-0-9.]+),([-0-9.]+) left font ',(\d+)'", ln):
                if not (xrange_ and yrange_ and len(margin) == 4):
                    continue
                dat = os.path.join(os.path.dirname(path), lm2.group(1))
                try:
                    blocks = open(dat, encoding="utf-8").read().split("\n\n\n")
                    rows = [r.split() for r in blocks[int(lm2.group(2))].strip().split("\n")
                            if r and not r.startswith("#")]
                except (OSError, IndexError):
                    problems.append("%s: labels block %s not readable" % (path, lm2.group(2)))
                    continue
                fsz = float(lm2.group(5))
                def px(v, r, a, b, lg):
                    u = (math.log(v) - math.log(r[0])) / (math.log(r[1]) - math.log(r[0])) if lg \
                        else (v - r[0]) / (r[1] - r[0])
                    return a + u * (b - a)
                for r in rows:
                    x, y, yr = float(r[0]), float(r[1]), float(r[2])
                    txt = "%.0f" % math.floor(yr)
                    x0 = px(x, xrange_, margin["l"] * W, margin["r"] * W, "x" in logxy) + float(lm2.group(3)) * 0.6 * base
                    yc = px(y, yrange_, margin["b"] * H, margin["t"] * H, "y" in logxy) + float(lm2.group(4)) * 1.2 * base
                    w = font.width(txt, fsz)
                    current[(txt, round(x0, 1), round(yc, 1))] = (x0, yc - 0.6 * fsz, x0 + w, yc + 0.6 * fsz, txt)
            drawn.update(current)
            if key and titles:
                cols = min(key[2], len(titles))
                colw = max(max(font.width(t, base), 0.62 * base * len(t)) for t in titles) + 6 * base
                rows = -(-len(titles) // cols)
                kw, kh = cols * colw, rows * 1.3 * base * 1.1
                keys.append((key[0] - kw / 2, key[1] - kh, key[0] + kw / 2, key[1], "key"))
    boxes = list(drawn.values())
    visible += [b[4] for b in boxes]
    for i, a in enumerate(boxes):
        if a[0] < -0.5 or a[1] < -0.5 or a[2] > W + 0.5 or a[3] > H + 0.5:
            problems.append("%s: label '%s' outside the canvas" % (path, a[4]))
        for b in boxes[i + 1:]:
            if overlap(a, b):
                problems.append("%s: labels overlap: '%s' / '%s'" % (path, a[4], b[4]))
        for k in keys:
            if overlap(a, k):
                problems.append("%s: label '%s' overlaps the key" % (path, a[4]))
    for k in keys:
        if k[0] < -0.5 or k[2] > W + 0.5 or k[1] < -0.5 or k[3] > H + 0.5:
            problems.append("%s: key outside the canvas" % path)
    for t in visible:
        for word in t.split():
            # a series id: "indicator/market/region" (two slashes), or
            # "indicator/market" with an indicator of the model
            w = word.strip("()[],.;:'\"")
            if w.count("/") >= 2 or (w.count("/") == 1 and w.split("/")[0] in INDICATORS):
                problems.append("%s: id-like text '%s' in '%s'" % (path, word, t))
            if "_" in word:
                problems.append("%s: id-like text '%s' in '%s'" % (path, word, t))
        if lang == "nl":
            low = " " + re.sub(r"[^a-z]+", " ", t.lower()) + " "
            for e in ENGLISH_WORDS:
                if " " + e.lower() + " " in low:
                    problems.append("%s: English '%s' in Dutch text '%s'" % (path, e, t))


INDICATORS = set()


def main(argv):
    lang = "en"
    while len(argv) > 2 and argv[1] in ("--lang", "--model"):
        if argv[1] == "--lang":
            lang = argv[2]
        else:
            for ln in open(argv[2], encoding="utf-8"):
                m = re.match(r"\[(?:indicator|derived):([^\]]+)\]", ln)
                if m:
                    INDICATORS.add(m.group(1))
            m = None
        argv = argv[:1] + argv[3:]
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    d = argv[1]
    font = Font()
    problems = []
    gps = sorted(glob.glob(os.path.join(d, "*.gp")))
    gps = [g for g in gps if os.path.basename(g) != "theme.gp"]
    if not gps:
        problems.append("%s: no figure scripts" % d)
    for g in gps:
        check_gp(g, font, lang, problems)
    svgs = sorted(glob.glob(os.path.join(d, "*.svg")))
    for s in svgs:
        r = subprocess.run(["xmllint", "--noout", s], capture_output=True)
        if r.returncode != 0:
            problems.append("%s: not well-formed: %s" % (s, r.stderr.decode()[:200]))
    for p in problems:
        print(p)
    print("%d scripts, %d svg, %d problems" % (len(gps), len(svgs), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
