#!/usr/bin/env python3
"""Second, independent check of data/ndm-2025/factsheet-2025.csv against the factsheet text.

Each row must be backed by a phrase of the Dutch factsheet that names both the value (Dutch
thousands separator '.') and its year. The phrases are quoted here verbatim from the text; the
script fails if a phrase is absent from the text or if the CSV holds a value the phrases do not.
Usage: python3 data/scripts/check_factsheet.py SEED_TEXT data/ndm-2025/factsheet-2025.csv
"""
import csv
import sys

# (indicator, market, region, period, value, phrase in the factsheet)
EXPECTED = [
    ("drug_driving", "", "", 2023, 16945, "Van 16.945 onderzoeken in 2023 naar 20.163 in 2024"),
    ("drug_driving", "", "", 2024, 20163, "Van 16.945 onderzoeken in 2023 naar 20.163 in 2024"),
    ("fitness_assessments", "", "", 2023, 7156, "van 7.156 in 2023 naar 4.932 in 2024"),
    ("fitness_assessments", "", "", 2024, 4932, "van 7.156 in 2023 naar 4.932 in 2024"),
    ("emd_courses", "", "", 2023, 2182, "steeg van 2.182 in 2023 naar 3.768 in 2024"),
    ("emd_courses", "", "", 2024, 3768, "steeg van 2.182 in 2023 naar 3.768 in 2024"),
    ("traffic_followups", "", "", 2023, 9338, "van 9.338 in 2023 naar 8.160 in 2024"),
    ("traffic_followups", "", "", 2024, 8160, "van 9.338 in 2023 naar 8.160 in 2024"),
    ("incidents", "soft", "", 2014, 5663, "sinds 2014, toen er 5.663 geregistreeerde softdrugs-"),
    ("incidents", "hard", "", 2014, 8587, "sinds 2014, toen er 5.663 geregistreeerde softdrugs- en 8.587 harddrugsincidenten"),
    ("incidents", "soft", "", 2022, 3857, "steeg van 3.857 in 2022 naar 5.399 in 2023 en 6.063 in 2024"),
    ("incidents", "soft", "", 2023, 5399, "steeg van 3.857 in 2022 naar 5.399 in 2023 en 6.063 in 2024"),
    ("incidents", "soft", "", 2024, 6063, "steeg van 3.857 in 2022 naar 5.399 in 2023 en 6.063 in 2024"),
    ("incidents", "hard", "", 2022, 8201, "toe van 8.201 in 2022 naar 9.359 in 2023 en 9.442 in 2024"),
    ("incidents", "hard", "", 2023, 9359, "toe van 8.201 in 2022 naar 9.359 in 2023 en 9.442 in 2024"),
    ("incidents", "hard", "", 2024, 9442, "toe van 8.201 in 2022 naar 9.359 in 2023 en 9.442 in 2024"),
    ("cannabis_farms", "cannabis", "", 2024, 895, "In 2024 zijn er 895 hennepwekerijen ontmanteld"),
    ("cannabis_farms", "cannabis", "", 2023, 1230, "ten opzichte van 1.230 in 2023"),
    ("seizures", "cocaine", "ports", 2024, 34877, "In 2024 werd 34.877 kilo coca"),
    ("seizures", "cocaine", "ports", 2023, 56858, "bijna 56.858 kilo in 2023"),
    ("precursors", "synthetic", "", 2023, 62858, "van 62.858 kilo in 2023 naar 23.628 kilo in 2024"),
    ("precursors", "synthetic", "", 2024, 23628, "van 62.858 kilo in 2023 naar 23.628 kilo in 2024"),
    ("precursors", "methamphetamine", "", 2024, 49559, "In 2024 was dit 49.559 kilo en in 2023 10.793 kilo"),
    ("precursors", "methamphetamine", "", 2023, 10793, "In 2024 was dit 49.559 kilo en in 2023 10.793 kilo"),
]


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8", newline="")))
    got = {(r["indicator"], r["market"], r["region"], int(r["period"])): float(r["value"])
           for r in rows}
    bad = 0
    for ind, mkt, reg, year, val, phrase in EXPECTED:
        if phrase not in text:
            print("phrase not in factsheet:", phrase); bad += 1
        if "{:,}".format(val).replace(",", ".") not in phrase:
            print("value not in its phrase:", val, phrase); bad += 1
        if str(year) not in phrase:
            print("year not in its phrase:", year, phrase); bad += 1
        if got.get((ind, mkt, reg, year)) != val:
            print("CSV differs:", ind, mkt, reg, year, got.get((ind, mkt, reg, year)), val); bad += 1
    if len(got) != len(EXPECTED):
        print("CSV has %d rows, expected %d" % (len(got), len(EXPECTED))); bad += 1
    print("factsheet check: %d rows, %d problems" % (len(rows), bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
