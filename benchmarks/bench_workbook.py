"""Benchmark: write and read an authoring workbook of N rows (default 5,000; target < 5 s each way).

    python benchmarks/bench_workbook.py [--rows 5000] [--out benchmarks/out]

Writes a synthetic initiative (organizations, memberships, activities, in the ratio 2:2:1)
with ``cigraph.authoring.writer`` (openpyxl: it is the library that writes data validations
and header notes), then reads it back three ways:

* ``import``: the whole importer (python-calamine read + mapping + every check) -> triples;
* ``calamine``: python-calamine reading every sheet's cells, nothing else;
* ``openpyxl``: openpyxl ``read_only=True`` reading the same cells (the alternative reader).

Prints a table and writes ``benchmarks/results/workbook.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

TARGET_S = 5.0


def synthetic_rows(n: int) -> dict[str, list[dict]]:
    n_org = max(1, n * 2 // 5)
    n_act = max(1, n - 2 * n_org)
    s = {"source": "site"}
    orgs = [{"name": f"Organization {i}", "sector": ["Public sector", "Non-profit sector", "Private sector"][i % 3],
             "description": f"Synthetic organization number {i}.", **s} for i in range(n_org)]
    members = [{"participant": f"Organization {i}", "role": "Member" if i % 7 else "Funder | Member", **s}
               for i in range(n_org)]
    acts = [{"name": f"Activity {i}", "performed by": f"Organization {i % n_org} | Organization {(i * 7) % n_org}",
             "serves": "Priority A", "description": f"Synthetic activity {i}.", **s} for i in range(n_act)]
    return {
        "Sources": [{"source": "site", "title": "Synthetic source", "URL": "https://example.org/"}],
        "Initiative": [{"name": "Synthetic initiative", "short name": "SYN", **s}],
        "Common agenda": [{"vision": "A synthetic vision.", **s}],
        "Priorities": [{"name": "Priority A", **s}],
        "Organizations": orgs, "Memberships": members, "Activities": acts,
        "Conditions": [{"condition": c, "maturity": "Planned", **s} for c in (
            "Common agenda", "Shared measurement", "Mutually reinforcing activities", "Continuous communication",
            "Backbone support")],
    }


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    a = ap.parse_args(argv)
    from cigraph.authoring import import_workbook, load_mapping
    from cigraph.authoring.lists import Vocabulary
    from cigraph.authoring.writer import write_workbook

    Vocabulary.load()      # parse the ontology once, outside the timings
    a.out.mkdir(parents=True, exist_ok=True)
    path = a.out / f"workbook-{a.rows}.xlsx"
    rows = synthetic_rows(a.rows)
    n = sum(len(v) for v in rows.values())
    t_write, _ = timed(lambda: write_workbook(path, rows))
    t_import, res = timed(lambda: import_workbook(path))
    names = load_mapping().names

    def calamine():
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_path(str(path))
        return sum(len(wb.get_sheet_by_name(s).to_python()) for s in names if s in wb.sheet_names)

    def openpyxl_read():
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        c = sum(sum(1 for _ in wb[s].iter_rows(values_only=True)) for s in names if s in wb.sheetnames)
        wb.close()
        return c

    t_cal, _ = timed(calamine)
    t_opx, _ = timed(openpyxl_read)
    result = {"rows": n, "triples": len(res.triples), "bytes": path.stat().st_size,
              "write_openpyxl_s": round(t_write, 3), "import_s": round(t_import, 3),
              "read_calamine_s": round(t_cal, 3), "read_openpyxl_s": round(t_opx, 3), "target_s": TARGET_S,
              "meets_target": t_write < TARGET_S and t_import < TARGET_S}
    print(f"workbook of {n} rows ({result['bytes'] / 1e6:.1f} MB, {len(res.triples)} triples)")
    for k in ("write_openpyxl_s", "import_s", "read_calamine_s", "read_openpyxl_s"):
        print(f"  {k:<18} {result[k]:>7.2f} s")
    print(f"  target: write and import each < {TARGET_S:.0f} s: {'met' if result['meets_target'] else 'NOT met'}")
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "workbook.json").write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    main()
