"""The figures that grow with the book, measured at one size: unlock to the case list
shown, filtering it per keystroke, full-text search beside plain SQLite, reading the list
from the store, and peak memory with the list shown.

``bench.py`` measures them at 10,000 and 100,000 cases for the budgets, and at every size
of the growth table.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.books import PASSPHRASE
from benchmarks.plain import plain_connection

from app.books import vault
from app.cases.search import Search

ROOT = Path(__file__).resolve().parents[2]
QUERIES = (
    "oxygen",
    "seizures",
    "pain relief",
    "second opinion",
    "kigaco",
    "feeding plan",
    "chaplain",
    "interpreter siblings",
    "tracheostomy school nurse",
    "physio",
)
# What a mediator types; the list searches from the second letter (MIN_SEARCH_LETTERS).
KEYSTROKES = ("o", "ox", "oxy", "oxyg", "oxyge", "oxygen", "s", "se", "sei", "seiz")


def median_ms(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def list_figures(folder: Path, repeats: int) -> dict[str, float]:
    """Unlock (derivation excluded) to the case list shown; filtering per keystroke."""
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    unlocked = vault.unlock_with_passphrase(folder, PASSPHRASE)
    shown_times = []
    for _ in range(repeats):
        start = time.perf_counter()
        casebook = vault.open_casebook(unlocked)
        window = MainWindow()
        window.show_casebook(casebook)
        window.show()
        app.processEvents()
        shown_times.append((time.perf_counter() - start) * 1000)
        window.close()
        casebook.close()

    casebook = vault.open_casebook(unlocked)
    window = MainWindow()
    window.show_casebook(casebook)
    window.show()
    app.processEvents()
    per_key = []
    for _ in range(repeats):
        for text in KEYSTROKES:
            start = time.perf_counter()
            window.search_box.setText(text)
            window.apply_search()
            app.processEvents()
            per_key.append((time.perf_counter() - start) * 1000)
    window.close()
    casebook.close()
    return {
        "unlock_to_list_ms": statistics.median(shown_times),
        "filter_keystroke_ms": statistics.median(per_key),
        "filter_keystroke_slowest_ms": max(per_key),
    }


def search_figures(folder: Path, plain_path: Path, repeats: int) -> dict[str, float]:
    """Full-text search beside plain SQLite, and reading the whole list from the store.

    A search is what the list asks when words are typed: how many cases match and the first
    page of them, in the list's order (``CaseList.first_page``); nothing in Parley asks for
    every matching case. Every match's id, as ``Search.case_ids`` lists them, is timed too,
    for comparison with runs before."""
    from app.cases.stores.case_list import CaseList, ListQuery
    from ui.cases.case_table import CHUNK

    casebook = vault.open_with_passphrase(folder, PASSPHRASE)
    plain = plain_connection(plain_path)
    ours_list, plain_list = casebook.case_list, CaseList(plain)
    ours_search, plain_search = casebook.search, Search(plain)

    def searched(source: CaseList, words: str) -> object:
        return source.first_page(ListQuery(words=words), CHUNK)

    for query in QUERIES:  # warm both caches alike
        searched(ours_list, query)
        searched(plain_list, query)
    # Query by query, ours then plain, so that a slow spell of the machine falls on both.
    per_query = [
        (
            median_ms(lambda q=q: searched(ours_list, q), repeats),
            median_ms(lambda q=q: searched(plain_list, q), repeats),
        )
        for q in QUERIES
    ]
    every_id = [median_ms(lambda q=q: ours_search.case_ids(q), repeats) for q in QUERIES]
    every_id_plain = [median_ms(lambda q=q: plain_search.case_ids(q), repeats) for q in QUERIES]
    listing = median_ms(casebook.cases.list_rows, repeats)
    page = median_ms(lambda: _first_page(casebook), repeats)
    casebook.close()
    plain.close()
    return {
        "search_ms": statistics.median(o for o, _ in per_query),
        "search_plain_ms": statistics.median(b for _, b in per_query),
        "search_every_id_ms": statistics.median(every_id),
        "search_every_id_plain_ms": statistics.median(every_id_plain),
        "list_store_ms": listing,
        "list_page_ms": page,
    }


def _first_page(casebook: Any) -> object:
    """What the case list reads to show itself: a count and the first page, if the
    casebook reads it a page at a time (before that, the whole list)."""
    if not hasattr(casebook, "case_list"):
        return casebook.cases.list_rows()
    from app.cases.stores.case_list import ListQuery

    query = ListQuery()
    return casebook.case_list.count(query), casebook.case_list.page(query, None, 200)


def _peak_mib(argv: list[str], env: dict[str, str]) -> float:
    done = subprocess.run(argv, env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    return int(done.stdout.split()[-1]) / 1024


def peak_memory_mib(folder: Path, env: dict[str, str]) -> tuple[float, float]:
    """Peak memory of a fresh process that unlocks ``folder`` and shows its case list: from
    the key derived to the list shown, and (second) with the key derivation included.

    Deriving the key (Argon2id) takes 64 MiB at the least the key file allows, on the
    worker, and gives it back once done; that is a security parameter, not something the
    list holds, so the budget is on the peak after it (as unlock to the list excludes
    the derivation's time)."""
    probe = (
        "import sys; sys.path[:0] = ['.', 'tests/benchmarks']; "
        "from PySide6.QtWidgets import QApplication; app = QApplication([]); "
        "from app.books import vault; from ui.main_window import MainWindow; "
        "from peak_memory import peak_kib, reset_peak; "
        f"unlocked = vault.unlock_with_passphrase({str(folder)!r}, {PASSPHRASE!r}); "
        "derived = peak_kib(); reset_peak(); "
        "cb = vault.open_casebook(unlocked); "
        "w = MainWindow(); w.show_casebook(cb); w.show(); app.processEvents(); "
        "print(max(derived, peak_kib()), peak_kib())"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=ROOT, check=True, capture_output=True,
        text=True,
    )  # fmt: skip
    with_derivation, after = (int(kib) / 1024 for kib in done.stdout.split()[-2:])
    return after, with_derivation


def bare_window_mib(env: dict[str, str]) -> float:
    return _peak_mib([sys.executable, str(Path(__file__).parent / "bare_window.py"), "--rss"], env)


def measure(
    folder: Path, plain_path: Path, repeats: int, env: dict[str, str] | None
) -> dict[str, float]:
    """Every figure of one size (memory too when ``env`` is given)."""
    row = {**list_figures(folder, repeats), **search_figures(folder, plain_path, repeats)}
    if env is not None:
        row["peak_memory_mib"], row["peak_with_derivation_mib"] = peak_memory_mib(folder, env)
    return row
