import csv
from collections import defaultdict

totals = defaultdict(int)
with open("expenses_2024-Q2.csv", newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        amount = row["Amount (JPY)"].replace("¥", "").replace(",", "").strip()
        totals[row["Category"]] += int(amount)

for category, total in sorted(totals.items()):
    print(f"{category}: {total:,}")
print(f"Grand total: {sum(totals.values()):,}")
