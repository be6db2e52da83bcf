"""Parley's benchmarks: each figure a median of repeated runs beside a baseline measured in
the same run, printed as a table with its budget and written as JSON.

Run with ``make bench``. Budgets come from the issue "Performance: a benchmark suite and
budgets at 10,000 cases"; the machine and library versions are recorded with the results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import exchange  # noqa: E402
from benchmarks.generate import NOTES_PER_CASE, populate  # noqa: E402
from benchmarks.plain import plain_connection  # noqa: E402

from app.books import keyfile, vault  # noqa: E402
from app.cases.records import Note  # noqa: E402
from app.cases.search import Search  # noqa: E402
from app.cases.stores.notes import NoteStore  # noqa: E402
from ui.application import PAINT_CLOCK_VARIABLE  # noqa: E402

PASSPHRASE = "benchmark casebook only 2026"
FLOOR = keyfile.Argon2Params(keyfile.MIN_MEMORY_KIB, keyfile.MIN_ITERATIONS, 2, b"b" * 16)
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


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    budget: str
    passed: bool
    baseline: float | None = None
    ratio: float | None = None
    note: str = ""


def median_ms(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def until_painted_s(argv: list[str], env: dict[str, str]) -> float:
    """From just before the process is started to its first paint, which it reports on the
    system-wide monotonic clock; its exit afterwards is not start-up and is not counted."""
    start = time.monotonic()
    done = subprocess.run(
        argv,
        check=True,
        env={**env, PAINT_CLOCK_VARIABLE: "1"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    [painted] = [line for line in done.stdout.splitlines() if line.startswith("painted ")]
    return float(painted.split()[1]) - start


def make_casebook(folder: Path, cases: int) -> tuple[Path, float]:
    created = vault.create_casebook(folder, PASSPHRASE, kdf=FLOOR)
    start = time.perf_counter()
    populate(created.casebook.connection, cases)
    seconds = time.perf_counter() - start
    created.casebook.close()
    return folder, seconds


def make_plain(path: Path, cases: int) -> float:
    conn = plain_connection(path)
    start = time.perf_counter()
    populate(conn, cases)
    seconds = time.perf_counter() - start
    conn.close()
    return seconds


def compile_bytecode() -> None:
    """Parley as installed starts from bytecode (the installers bundle it; an ordinary run
    writes it on first start). A fresh clone, or PYTHONDONTWRITEBYTECODE, would otherwise
    time compiling our own modules on every start, which no user waits for."""
    import compileall

    for folder in ("app", "ui"):
        compileall.compile_dir(ROOT / folder, quiet=1)


def throwaway_home(env: dict[str, str], home: Path) -> dict[str, str]:
    """``env`` with its per-user folders in ``home``, so that ``main.py`` finds its casebook
    where a mediator's would be, and never the real one of whoever runs the benchmark."""
    return {
        **env,
        "HOME": str(home),
        "USERPROFILE": str(home),
        "APPDATA": str(home / "AppData" / "Roaming"),
        "LOCALAPPDATA": str(home / "AppData" / "Local"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }


def default_casebook(env: dict[str, str]) -> Path:
    """Where ``main.py`` will look with ``env``, asked of Parley itself."""
    script = "from app.paths import default_vault_folder; print(default_vault_folder())"
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, check=True, capture_output=True
    )
    return Path(done.stdout.decode().strip())


def bench_start_up(env: dict[str, str], repeats: int, scratch: Path) -> list[Figure]:
    """``main.py --smoke-test`` exactly as a mediator starts it (no ``--vault``), once where
    no casebook exists yet (the create window, first run) and once where one does (the
    unlock window, every start after); each beside the bare window.

    The three take turns, in a new order each round, so that whatever else the machine is
    doing falls on all alike; each start is a fresh process (about 0.15 s), so many are
    cheap. The ratio is the median of each start's ratio to the bare one of its round: on
    a virtual machine whose speed drifts by a tenth within a minute, that is steadier than
    dividing one median by the other (both are printed)."""
    first_run = throwaway_home(env, scratch / "first-run-home")
    everyday = throwaway_home(env, scratch / "everyday-home")
    ours = [sys.executable, "main.py", "--smoke-test"]
    create, unlock = ours, ours
    casebook = default_casebook(everyday)
    if scratch not in casebook.parents:
        # Windows finds the per-user folder through the shell, not the environment: there,
        # the casebooks are named with --vault rather than made in the real profile.
        create = [*ours, "--vault", str(scratch / "first-run-casebook")]
        casebook = scratch / "everyday-casebook"
        unlock = [*ours, "--vault", str(casebook)]
    vault.create_casebook(casebook, PASSPHRASE, kdf=FLOOR).casebook.close()
    bare = [sys.executable, str(Path(__file__).parent / "bare_window.py")]
    runs = {"create": (create, first_run), "unlock": (unlock, everyday), "bare": (bare, first_run)}
    for argv, run_env in runs.values():  # warm the file cache for each
        until_painted_s(argv, run_env)
    times: dict[str, list[float]] = {name: [] for name in runs}
    order, shuffle = list(runs), random.Random(41).shuffle
    for _ in range(max(repeats, 41)):
        shuffle(order)  # a fresh order each round: no start always follows another
        for name in order:
            argv, run_env = runs[name]
            times[name].append(until_painted_s(argv, run_env))
    if any(path.exists() for path in (default_casebook(first_run), scratch / "first-run-casebook")):
        raise RuntimeError("--smoke-test created a casebook; it must touch nothing")
    bare_median = statistics.median(times["bare"])
    figures = []
    for name, window in (("unlock", "unlock window"), ("create", "first run, create window")):
        median = statistics.median(times[name])
        ratio = statistics.median(o / b for o, b in zip(times[name], times["bare"], strict=True))
        figures.append(
            Figure(
                f"start to first window painted ({window})",
                median * 1000,
                "ms",
                "≤ 1.3× bare window",
                ratio <= 1.3,
                bare_median * 1000,
                ratio,
                note=f"ratio of the medians {median / bare_median:.2f}",
            )
        )
    return figures


def bench_search(folder: Path, plain_path: Path, repeats: int) -> Figure:
    unlocked = vault.unlock_with_passphrase(folder, PASSPHRASE)
    casebook = vault.open_casebook(unlocked)
    plain = plain_connection(plain_path)
    ours_search, plain_search = casebook.search, Search(plain)
    for query in QUERIES:  # warm both caches alike
        ours_search.case_ids(query)
        plain_search.case_ids(query)
    # Query by query, ours then plain, so that a slow spell of the machine falls on both.
    per_query = [
        (
            median_ms(lambda q=q: ours_search.case_ids(q), repeats),
            median_ms(lambda q=q: plain_search.case_ids(q), repeats),
        )
        for q in QUERIES
    ]
    ours = statistics.median(o for o, _ in per_query)
    base = statistics.median(b for _, b in per_query)
    casebook.close()
    plain.close()
    ratio = ours / base
    return Figure(
        "full-text search, 1–3 words",
        ours,
        "ms",
        "≤ 20 ms and ≤ 1.5× plain SQLite",
        ours <= 20 and ratio <= 1.5,
        base,
        ratio,
    )


def bench_note_save(folder: Path, plain_path: Path, repeats: int) -> Figure:
    casebook = vault.open_with_passphrase(folder, PASSPHRASE)
    plain = plain_connection(plain_path)
    rng = random.Random(1)

    def saver(store: NoteStore) -> Callable[[], object]:
        def save() -> object:
            text = f"Benchmark note {rng.random()}"
            return store.add(Note(None, 1, text, datetime(2026, 3, 1, 12)))

        return save

    # Ten at a time, taking turns, so that a slow spell of the machine falls on both.
    ours_save, plain_save = saver(casebook.notes), saver(NoteStore(plain))
    ours_times: list[float] = []
    base_times: list[float] = []
    for _ in range(max(repeats // 10, 1)):
        ours_times.append(median_ms(ours_save, 10))
        base_times.append(median_ms(plain_save, 10))
    ours, base = statistics.median(ours_times), statistics.median(base_times)
    casebook.close()
    plain.close()
    return Figure(
        "saving a note (commit, synchronous=FULL)",
        ours,
        "ms",
        "≤ 10 ms",
        ours <= 10,
        base,
        ours / base,
    )


def bench_pdf(repeats: int) -> Figure:
    from app.cases.agreed_terms import AgreedTerms, AgreementParty
    from app.documents.export import render_agreement

    document = AgreedTerms(
        "Riverside Medical Mediation",
        "MM-2026-030",
        "Zoë Nuñez",
        datetime(2019, 5, 14).date(),
        "999 208 3328",
        "H-1",
        "St Aldhelm's",
        "PICU",
        datetime(2026, 4, 1).date(),
        tuple(AgreementParty(f"Party {i}", "Parent") for i in range(4)),
        tuple(
            f"Term {i}: the team will review the plan & record < 2 changes each week."
            for i in range(1, 31)
        ),
        "Alex Morgan",
    )
    render_agreement(document)  # warm: fonts registered, modules loaded
    ours = median_ms(lambda: render_agreement(document), repeats)
    return Figure("agreed-terms PDF, 30 terms, warm", ours, "ms", "≤ 150 ms", ours <= 150)


def bench_list(folder: Path, repeats: int) -> list[Figure]:
    """Unlock (derivation excluded) to the case list shown, and filtering per keystroke."""
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
    shown = statistics.median(shown_times)

    casebook = vault.open_casebook(unlocked)
    window = MainWindow()
    window.show_casebook(casebook)
    window.show()
    app.processEvents()
    # What a mediator types; the list searches from the second letter (MIN_SEARCH_LETTERS).
    keystrokes = ["o", "ox", "oxy", "oxyg", "oxyge", "oxygen", "s", "se", "sei", "seiz"]
    per_key = []
    for _ in range(repeats):
        for text in keystrokes:
            start = time.perf_counter()
            window.search_box.setText(text)
            window.apply_search()
            app.processEvents()
            per_key.append((time.perf_counter() - start) * 1000)
    window.close()
    casebook.close()
    keystroke = statistics.median(per_key)
    slowest = max(per_key)
    return [
        Figure(
            "unlock to case list shown (derivation excluded)", shown, "ms", "≤ 300 ms", shown <= 300
        ),
        Figure(
            "filtering the case list per keystroke",
            keystroke,
            "ms",
            "≤ 50 ms",
            keystroke <= 50,
            note=f"slowest keystroke {slowest:.1f} ms",
        ),
    ]


def bench_memory(folder: Path, env: dict[str, str]) -> Figure:
    probe = (
        "import sys; sys.path[:0] = ['.', 'tests/benchmarks']; "
        "from PySide6.QtWidgets import QApplication; app = QApplication([]); "
        "from app.books import vault; from ui.main_window import MainWindow; "
        f"cb = vault.open_with_passphrase({str(folder)!r}, {PASSPHRASE!r}); "
        "w = MainWindow(); w.show_casebook(cb); w.show(); app.processEvents(); "
        "from peak_memory import peak_kib; print(peak_kib())"
    )
    ours = (
        int(
            subprocess.run(
                [sys.executable, "-c", probe],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()[-1]
        )
        / 1024
    )
    bare = (
        int(
            subprocess.run(
                [sys.executable, str(Path(__file__).parent / "bare_window.py"), "--rss"],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()[-1]
        )
        / 1024
    )
    return Figure(
        "peak memory after unlock, list shown",
        ours,
        "MiB",
        "≤ 150 MiB above the bare window",
        ours - bare <= 150,
        bare,
        ours / bare,
        note=f"{ours - bare:.0f} MiB above the bare window",
    )


def bench_exchange(scratch: Path, repeats: int) -> list[Figure]:
    """Sealed files between books: a 1,000-note handover sealed and opened, and an agreement
    received into an office book of 10,000."""
    sealed_ms, opened_ms = exchange.seal_and_open_handover(
        scratch / "handover", PASSPHRASE, FLOOR, repeats
    )
    received_ms = exchange.receive_agreement_into_full_archive(
        scratch / "archive", PASSPHRASE, FLOOR, repeats
    )
    return [
        Figure("seal a handover of a 1,000-note case", sealed_ms, "ms", "≤ 1 s", sealed_ms <= 1000),
        Figure(
            "open (receive) a handover of a 1,000-note case",
            opened_ms,
            "ms",
            "≤ 1 s",
            opened_ms <= 1000,
        ),
        Figure(
            "receive an agreement, office book of 10,000",
            received_ms,
            "ms",
            "≤ 200 ms",
            received_ms <= 200,
        ),
    ]


def growth(
    scratch: Path, sizes: tuple[int, ...], repeats: int, ready: dict[int, tuple[Path, float]]
) -> list[dict[str, float]]:
    """Search and list at each size; a casebook already generated (``ready``) is reused."""
    rows = []
    for cases in sizes:
        if cases in ready:
            folder, generated = ready[cases]
        else:
            folder, generated = make_casebook(scratch / f"growth-{cases}", cases)
        casebook = vault.open_with_passphrase(folder, PASSPHRASE)
        search = statistics.median(
            median_ms(lambda q=q, cb=casebook: cb.search.case_ids(q), repeats) for q in QUERIES
        )
        listing = median_ms(casebook.cases.list_rows, repeats)
        casebook.close()
        rows.append(
            {
                "cases": cases,
                "notes": cases * NOTES_PER_CASE,
                "generate_s": generated,
                "search_ms": search,
                "list_ms": listing,
            }
        )
        if cases not in ready:
            shutil.rmtree(folder)
    return rows


#: The groups of figures ``--only`` can choose (all by default).
GROUPS = ("start-up", "casebook", "exchange", "growth")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--growth", default="1000,10000,100000")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--out", type=Path, help="where to write the results (JSON)")
    parser.add_argument(
        "--only",
        default=",".join(GROUPS),
        help=f"run only these groups of figures, comma-separated ({', '.join(GROUPS)})",
    )
    args = parser.parse_args()
    only = {g.strip() for g in args.only.split(",") if g.strip()}
    if not only <= set(GROUPS):
        parser.error(f"--only: unknown group(s) {', '.join(sorted(only - set(GROUPS)))}")
    # A run of some groups never overwrites the results of a whole run.
    named = "latest" if only == set(GROUPS) else "latest-" + "-".join(sorted(only))
    args.out = args.out or ROOT / "bench-results" / f"{named}.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    figures: list[Figure] = []
    # Start-up first, on a quiet machine: generating the casebooks leaves hundreds of
    # megabytes being written back to disk for a while afterwards.
    compile_bytecode()
    growth_rows: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        scratch = Path(tmp)
        if "start-up" in only:
            figures += bench_start_up(env, args.repeats, scratch)
        if only & {"casebook", "growth"}:
            folder, generated = make_casebook(scratch / "casebook", args.cases)
            plain_seconds = make_plain(scratch / "plain.db", args.cases)
            print(
                f"generated {args.cases:,} cases, {args.cases * NOTES_PER_CASE:,} notes: "
                f"{generated:.1f} s encrypted, {plain_seconds:.1f} s plain",
                flush=True,
            )
        if "casebook" in only:
            figures += bench_list(folder, args.repeats)
            figures.append(bench_search(folder, scratch / "plain.db", args.repeats))
            figures.append(bench_note_save(folder, scratch / "plain.db", max(args.repeats, 50)))
            figures.append(bench_pdf(args.repeats))
            figures.append(bench_memory(folder, env))
        if "exchange" in only:
            figures += bench_exchange(scratch, args.repeats)
        if "growth" in only:
            sizes = tuple(int(s) for s in args.growth.split(",") if s)
            growth_rows = growth(scratch, sizes, args.repeats, {args.cases: (folder, generated)})

    print()
    print(f"{'figure':<50} {'median':>10} {'baseline':>10} {'ratio':>6}  budget  result")
    for f in figures:
        base = f"{f.baseline:.1f}" if f.baseline is not None else "—"
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else "—"
        print(
            f"{f.name:<50} {f.value:>8.1f}{f.unit:>2} {base:>10} {ratio:>6}  {f.budget}  "
            f"{'PASS' if f.passed else 'FAIL'} {f.note}"
        )
    print()
    if growth_rows:
        print("growth (search and list):")
    first = growth_rows[0] if growth_rows else None
    for row in growth_rows:
        assert first is not None
        print(
            f"  {row['cases']:>7,} cases {row['notes']:>9,} notes: "
            f"search {row['search_ms']:7.1f} ms "
            f"(×{row['search_ms'] / first['search_ms']:.1f}), list {row['list_ms']:7.1f} ms "
            f"(×{row['list_ms'] / first['list_ms']:.1f}), generated in {row['generate_s']:.0f} s"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "when": datetime.now().isoformat(timespec="seconds"),
                "machine": {
                    "platform": platform.platform(),
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                },
                "figures": [asdict(f) for f in figures],
                "growth": growth_rows,
            },
            indent=2,
        )
    )
    print(f"\nwritten to {args.out}")
    return 0 if all(f.passed for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
