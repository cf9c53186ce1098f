#!/usr/bin/env python3
"""compare-editions.py A B: two editions (results/*.csv and results.json) hold
the same values: every CSV cell is the same text or reads as the same double,
and every JSON value is equal after parsing (Python's float() rounds
correctly).  Used to prove that the shortest round-trip formatting (issue 15)
changed the text of the numbers but not one value:
    python3 scripts/compare-editions.py OLD_EDITION NEW_EDITION
Exit status 1 when a value differs."""
import sys, os, json, csv
def same_num(a, b):
    if a == b: return True
    try: return float(a) == float(b)
    except ValueError: return False
bad = 0; changed = 0; cells = 0
A, B = sys.argv[1], sys.argv[2]
for f in sorted(os.listdir(A + '/results')):
    ra = list(csv.reader(open(A + '/results/' + f, newline='')))
    rb = list(csv.reader(open(B + '/results/' + f, newline='')))
    assert len(ra) == len(rb), f
    for x, y in zip(ra, rb):
        assert len(x) == len(y), f
        for p, q in zip(x, y):
            cells += 1
            if p != q:
                changed += 1
                if not same_num(p, q): bad += 1; print('DIFF', f, p, q) if bad < 5 else None
ja = json.load(open(A + '/results.json')); jb = json.load(open(B + '/results.json'))
def walk(x, y):
    global bad
    if isinstance(x, dict): assert x.keys() == y.keys(); [walk(x[k], y[k]) for k in x]
    elif isinstance(x, list): assert len(x) == len(y); [walk(p, q) for p, q in zip(x, y)]
    elif isinstance(x, float) or isinstance(y, float):
        if float(x) != float(y): bad += 1
    else:
        if x != y: bad += 1
walk(ja, jb)
print(f"{A} vs {B}: {cells} CSV cells, {changed} changed text, {bad} differ in value; results.json values identical: {bad == 0}")
sys.exit(1 if bad else 0)
