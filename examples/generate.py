"""Regenerate the example workbooks from the case studies: ``make examples`` (or ``python examples/generate.py``).

``tests/authoring/test_examples.py`` fails when a workbook here no longer matches what the
current mapping and case studies give, so run this after changing either.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: initiative (name, short name or id) -> workbook file
EXAMPLES = {"dcec": "dufferin-county-equity-collaborative.xlsx"}


def case_studies():
    import rdflib

    from cigraph.resources import data_dir

    g = rdflib.Graph()
    for f in sorted(data_dir().glob("*.ttl")):
        g.parse(f)
    return g


def main(out: Path = HERE) -> list[Path]:
    from cigraph.authoring import export_workbook

    g = case_studies()
    written = []
    for initiative, name in EXAMPLES.items():
        export_workbook(g, initiative, out / name)
        written.append(out / name)
        print(f"wrote {out / name}")
    return written


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
