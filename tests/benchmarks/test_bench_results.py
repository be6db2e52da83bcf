"""``make bench`` writes every figure with a stable id and the fields a reader keys on.

This checks the results' shape from a short run on tiny books; it never judges a time
(speed is the benchmark's business, not the test suite's).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: The ids of the figures the short run makes: anyone comparing runs keys on these, so a
#: renamed id must be a decision, not an accident.
EXPECTED_IDS = {
    "unlock_to_list_10k",
    "filter_keystroke_10k",
    "search_10k",
    "peak_memory_10k",
    "note_save",
    "pdf_agreed_terms_30",
    "gui_stall_backup",
    "gui_stall_import",
    "gui_stall_erase",
    "gui_stall_verify",
    "erase_case_1000_notes",
    "note_save_1000_notes",
    "unlock_to_list_100k",
    "filter_keystroke_100k",
    "search_100k",
    "peak_memory_100k",
    "statistics_pdf_10k",
    "statistics_page_10k",
}
WITH_BASELINE = {
    "search_10k", "search_100k", "peak_memory_10k", "peak_memory_100k", "note_save",
    "note_save_1000_notes", "statistics_pdf_10k", "statistics_page_10k",
}  # fmt: skip


def test_a_short_run_writes_every_figure_with_its_id_budget_and_verdict(tmp_path: Path) -> None:
    out, cache = tmp_path / "results.json", tmp_path / "cache"
    tiny = [
        "--only", "casebook,statistics,stalls,large,growth",
        "--cases", "12", "--large", "15", "--growth", "12,15",
        "--import-cases", "3", "--many-notes", "20", "--repeats", "1",
        "--out", str(out), "--cache", str(cache),
    ]  # fmt: skip
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "benchmarks" / "bench.py"), *tiny],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: some budget failed, which is allowed
    results = json.loads(out.read_text())
    figures = results["figures"]
    assert {f["id"] for f in figures} == EXPECTED_IDS
    assert len(figures) == len(EXPECTED_IDS)
    for figure in figures:
        assert {"id", "value", "unit", "budget", "baseline", "passed"} <= figure.keys()
        assert isinstance(figure["value"], float) and math.isfinite(figure["value"])
        assert figure["unit"] in ("ms", "MiB")
        assert figure["budget"].startswith("≤")
        assert isinstance(figure["passed"], bool)
        if figure["id"] in WITH_BASELINE:
            assert isinstance(figure["baseline"], float) and figure["baseline"] > 0
        if figure["id"].startswith("peak_memory_"):
            # The budget is on the peak after the key is derived; the note gives both.
            assert "with the key derivation" in figure["note"]
        # Every line of the console table names its figure by id, with its verdict.
        [line] = [x for x in done.stdout.splitlines() if x.startswith(figure["id"] + " ")]
        assert ("PASS" if figure["passed"] else "FAIL") in line
    assert done.returncode == (0 if all(f["passed"] for f in figures) else 1)
    assert [row["cases"] for row in results["growth"]] == [12, 15]
    assert {"cpus", "platform", "sqlite", "sqlcipher"} <= results["machine"].keys()


def test_large_books_are_kept_between_runs_under_the_generators_version(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from benchmarks import books

    books.CACHED_FROM, before = 5, books.CACHED_FROM
    try:
        first = books.books_of(6, tmp_path / "scratch", tmp_path / "cache")
        again = books.books_of(6, tmp_path / "scratch", tmp_path / "cache")
    finally:
        books.CACHED_FROM = before
    assert first[2] is not None and again[2] is None  # generated once, then reused
    assert first[:2] == again[:2]
    assert first[0].parent.name == books.cache_name(6)
    assert f"g{books.GENERATOR_VERSION}-" in books.cache_name(6)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="clear_refs is Linux's")
def test_the_peak_can_start_again_after_the_key_derivation() -> None:
    """The memory figure leaves out Argon2's 64 MiB only if the peak really starts again."""
    sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
    from peak_memory import peak_kib, reset_peak

    held = bytearray(96 * 1024 * 1024)  # resident: every page written
    for i in range(0, len(held), 4096):
        held[i] = 1
    high = peak_kib()
    del held
    assert reset_peak()
    assert peak_kib() < high - 64 * 1024
