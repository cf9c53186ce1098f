# Independent reference for period.c: ISO weeks and day numbers from Python's
# datetime (proleptic Gregorian, ISO 8601).  Run: python3 iso_weeks.py > iso_weeks.out
import datetime, random
random.seed(20251123)
epoch = datetime.date(1970, 1, 1)
print("# weeks per ISO year")
for y in range(1995, 2031):
    print("weeks", y, datetime.date(y, 12, 28).isocalendar()[1])
print("# date -> days since 1970-01-01, ISO year, ISO week, Monday of that week (days)")
for _ in range(40):
    d = epoch + datetime.timedelta(days=random.randint(-30000, 40000))
    iy, iw, wd = d.isocalendar()
    monday = d - datetime.timedelta(days=wd - 1)
    print("day %04d-%02d-%02d %d %d %d %d" % (d.year, d.month, d.day, (d - epoch).days, iy, iw, (monday - epoch).days))
