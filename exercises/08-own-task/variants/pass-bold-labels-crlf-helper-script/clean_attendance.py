"""Clean the monthly attendance export before it goes to payroll.

Usage: python clean_attendance.py attendance_export.csv
Writes attendance_clean.csv next to it.
"""
import csv
import sys

src = sys.argv[1]
with open(src, newline="", encoding="utf-8-sig") as f:
    rows = [r for r in csv.DictReader(f) if r.get("Employee ID", "").strip()]
for r in rows:
    r["Hours"] = r["Hours"].replace(",", ".").strip()
with open(src.replace(".csv", "_clean.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=rows[0].keys())
    w.writeheader()
    w.writerows(rows)
print(f"{len(rows)} rows written")
