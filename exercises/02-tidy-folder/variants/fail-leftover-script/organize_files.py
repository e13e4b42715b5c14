import os, shutil

KINDS = {
    "invoices": [".pdf"],
    "photos": [".jpg", ".jpeg", ".png", ".heic"],
    "slides": [".pptx", ".key"],
    "notes": [".txt", ".md", ".docx"],
    "spreadsheets": [".xlsx", ".csv"],
    "installers": [".exe", ".dmg", ".msi"],
}

for name in os.listdir("."):
    ext = os.path.splitext(name)[1].lower()
    for folder, exts in KINDS.items():
        if ext in exts:
            os.makedirs(folder, exist_ok=True)
            shutil.move(name, os.path.join(folder, name))
