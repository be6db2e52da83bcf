"""What a benchmark figure is, and how a run is written: the console table and
``bench-results/latest.json``.

Every figure has a stable ``id`` (``search_100k``, ``gui_stall_backup``), which is what
anyone comparing runs (a script, a chart, the README) keys on; the ``name`` is for people
and may be reworded. Each JSON entry carries ``id``, ``name``, ``value``, ``unit``,
``budget`` (as people read it), ``baseline`` (``null`` where there is none), ``ratio`` (to
the baseline, where there is one), ``passed`` and ``note``.
"""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

#: The keys of every figure's JSON entry (tests/benchmarks/test_bench_results.py holds them).
ENTRY_KEYS = ("id", "name", "value", "unit", "budget", "baseline", "ratio", "passed", "note")


@dataclass
class Figure:
    id: str
    name: str
    value: float
    unit: str
    budget: str
    passed: bool
    baseline: float | None = None
    ratio: float | None = None
    note: str = ""


def machine() -> dict[str, Any]:
    """The machine and the libraries a run measured."""
    import sqlcipher3
    from PySide6 import __version__ as pyside

    probe = sqlcipher3.connect(":memory:")
    cipher = probe.execute("PRAGMA cipher_version").fetchone()
    probe.close()
    return {
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlcipher3.sqlite_version,
        "sqlcipher": cipher[0] if cipher else "",
        "pyside6": pyside,
        "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def print_table(figures: list[Figure]) -> None:
    print()
    print(f"{'id':<26} {'figure':<52} {'value':>10} {'baseline':>10} {'ratio':>6}  budget  result")
    for f in figures:
        base = f"{f.baseline:.1f}" if f.baseline is not None else "—"
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else "—"
        print(
            f"{f.id:<26} {f.name:<52} {f.value:>8.1f}{f.unit:>3} {base:>10} {ratio:>6}  "
            f"{f.budget}  {'PASS' if f.passed else 'FAIL'} {f.note}"
        )
    print()


def print_growth(rows: list[dict[str, float]]) -> None:
    if not rows:
        return
    first = rows[0]
    print("growth (each figure at each size; × is against the smallest):")
    for row in rows:
        cells = []
        for key, label in GROWTH_COLUMNS:
            if key in row and key in first and first[key]:
                cells.append(f"{label} {row[key]:7.1f} ms (×{row[key] / first[key]:.1f})")
        size = f"  {int(row['cases']):>7,} cases {int(row['notes']):>9,} notes: "
        print(size + ", ".join(cells))


#: The growth table's columns beside the sizes, in the order printed.
GROWTH_COLUMNS = (
    ("search_ms", "search"),
    ("list_store_ms", "whole list read"),
    ("list_page_ms", "count and first page"),
    ("unlock_to_list_ms", "unlock to list"),
    ("filter_keystroke_ms", "keystroke"),
)


def write_results(
    out: Path, figures: list[Figure], growth: list[dict[str, float]], about: dict[str, Any]
) -> None:
    ids = [f.id for f in figures]
    if len(ids) != len(set(ids)):
        raise RuntimeError(f"two figures share an id: {sorted(ids)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "when": datetime.now().isoformat(timespec="seconds"),
                "machine": about,
                "figures": [asdict(f) for f in figures],
                "growth": growth,
            },
            indent=2,
        )
    )
