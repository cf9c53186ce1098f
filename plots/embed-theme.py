#!/usr/bin/env python3
"""Copy plots/theme.gp into the theme_text string of src/present/figure.c.

Run from the repository root after editing plots/theme.gp; test_figure.c
fails until the two are identical.  Only needed by maintainers: the build
never runs it."""
import re

theme = open("plots/theme.gp", encoding="utf-8").read()
lines = theme.split("\n")
if lines and lines[-1] == "":
    lines.pop()
out = ["static const char theme_text[] ="]
for line in lines:
    out.append('    "%s\\n"' % line.replace("\\", "\\\\").replace('"', '\\"'))
out[-1] += ";"
src = open("src/present/figure.c", encoding="utf-8").read()
start = src.index("static const char theme_text[] =")
end = src.index(";\n", start) + 2
open("src/present/figure.c", "w", encoding="utf-8").write(src[:start] + "\n".join(out) + "\n" + src[end:])
