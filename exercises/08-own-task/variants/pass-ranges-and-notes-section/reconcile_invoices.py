"""Match vendor invoices to purchase orders and list the ones that need a look.

Usage: python reconcile_invoices.py invoices.csv purchase_orders.csv
Writes reconciliation_report.csv; the input files are not changed.
"""
import csv
import sys

invoices_path, orders_path = sys.argv[1], sys.argv[2]
with open(orders_path, newline="", encoding="utf-8-sig") as f:
    orders = {row["PO Number"].strip(): row for row in csv.DictReader(f)}

report = []
with open(invoices_path, newline="", encoding="utf-8-sig") as f:
    for inv in csv.DictReader(f):
        po = orders.get(inv["PO Number"].strip())
        if po is None:
            status = "no matching PO"
        elif abs(float(inv["Amount"]) - float(po["Amount"])) > 0.01:
            status = "amount differs"
        else:
            status = "ok"
        report.append({"Invoice": inv["Invoice Number"], "PO": inv["PO Number"], "Status": status})

with open("reconciliation_report.csv", "w", newline="", encoding="utf-8") as f:
    writer = csv.DictWriter(f, fieldnames=["Invoice", "PO", "Status"])
    writer.writeheader()
    writer.writerows(report)
print(f"{sum(r['Status'] != 'ok' for r in report)} of {len(report)} invoices need a look")
