"""Parley's benchmarks: each figure a median of repeated runs beside a baseline measured in
the same run, printed as a table with its budget and written as JSON with a stable id.

Run with ``make bench``. Budgets come from the issues "Performance: a benchmark suite and
budgets at 10,000 cases" and "Scale to 100,000 cases and never freeze"; the machine and
library versions are recorded with the results (``benchmarks/figures.py``).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import exchange, sizes, stalls  # noqa: E402
from benchmarks.books import FLOOR, PASSPHRASE, books_of  # noqa: E402
from benchmarks.figures import (  # noqa: E402
    Figure,
    machine,
    print_growth,
    print_table,
    write_results,
)
from benchmarks.generate import NOTES_PER_CASE  # noqa: E402
from benchmarks.plain import plain_connection  # noqa: E402
from benchmarks.sizes import median_ms  # noqa: E402
from benchmarks.statistics_figures import statistics_figures  # noqa: E402

from app.books import vault  # noqa: E402
from app.cases.records import Note  # noqa: E402
from app.cases.stores.notes import NoteStore  # noqa: E402
from ui.application import PAINT_CLOCK_VARIABLE  # noqa: E402

#: Start-up may take at most this much longer than a bare PySide6 window.
START_UP_RATIO = 1.2


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
    for name, figure_id, window in (
        ("unlock", "startup_unlock", "unlock window"),
        ("create", "startup_first_run", "first run, create window"),
    ):
        median = statistics.median(times[name])
        ratio = statistics.median(o / b for o, b in zip(times[name], times["bare"], strict=True))
        figures.append(
            Figure(
                figure_id,
                f"start to first window painted ({window})",
                median * 1000,
                "ms",
                f"≤ {START_UP_RATIO}× bare window",
                ratio <= START_UP_RATIO,
                bare_median * 1000,
                ratio,
                note=f"ratio of the medians {median / bare_median:.2f}",
            )
        )
    return figures


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
        Figure(
            "handover_seal_1000_notes",
            "seal a handover of a 1,000-note case",
            sealed_ms,
            "ms",
            "≤ 1 s",
            sealed_ms <= 1000,
        ),
        Figure(
            "handover_open_1000_notes",
            "open (receive) a handover of a 1,000-note case",
            opened_ms,
            "ms",
            "≤ 1 s",
            opened_ms <= 1000,
        ),
        Figure(
            "receive_agreement_office_10k",
            "receive an agreement, office book of 10,000",
            received_ms,
            "ms",
            "≤ 200 ms",
            received_ms <= 200,
        ),
    ]


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
        "note_save",
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
    return Figure(
        "pdf_agreed_terms_30", "agreed-terms PDF, 30 terms, warm", ours, "ms", "≤ 150 ms",
        ours <= 150,
    )  # fmt: skip


def size_figures(row: dict[str, float], cases: int, label: str, bare_mib: float) -> list[Figure]:
    """The budgets of one size: ``label`` is ``10k`` or ``100k`` (the ids stay the same when
    a short run uses smaller books)."""
    large = label == "100k"
    shown, key = row["unlock_to_list_ms"], row["filter_keystroke_ms"]
    slowest = row["filter_keystroke_slowest_ms"]
    search, plain = row["search_ms"], row["search_plain_ms"]
    above = row["peak_memory_mib"] - bare_mib
    list_budget, memory_budget = (300, 100) if large else (150, 60)
    of = f"{cases:,} cases"
    return [
        Figure(
            f"unlock_to_list_{label}",
            f"unlock to case list shown, {of}",
            shown,
            "ms",
            f"≤ {list_budget} ms",
            shown <= list_budget,
            note="key derivation excluded",
        ),
        Figure(
            f"filter_keystroke_{label}",
            f"filtering the case list per keystroke, {of}",
            key,
            "ms",
            "≤ 50 ms median, ≤ 100 ms slowest" if large else "≤ 50 ms",
            key <= 50 and (slowest <= 100 or not large),
            note=f"slowest keystroke {slowest:.1f} ms",
        ),
        Figure(
            f"search_{label}",
            f"full-text search, 1–3 words, {of}",
            search,
            "ms",
            "≤ 25 ms" if large else "≤ 20 ms and ≤ 1.5× plain SQLite",
            search <= 25 if large else search <= 20 and search / plain <= 1.5,
            plain,
            search / plain,
            note="the count and first page the list shows; every matching id "
            f"{row.get('search_every_id_ms', 0):.1f} ms "
            f"(plain SQLite {row.get('search_every_id_plain_ms', 0):.1f} ms)",
        ),
        Figure(
            f"peak_memory_{label}",
            f"peak memory after unlock, list shown, {of}",
            row["peak_memory_mib"],
            "MiB",
            f"≤ {memory_budget} MiB above the bare window",
            above <= memory_budget,
            bare_mib,
            row["peak_memory_mib"] / bare_mib,
            note=f"{above:.0f} MiB above the bare window; with the key derivation "
            f"{row.get('peak_with_derivation_mib', 0) - bare_mib:.0f} MiB above",
        ),
    ]


#: The groups of figures ``--only`` can choose (all by default).
GROUPS = ("start-up", "casebook", "exchange", "statistics", "stalls", "large", "growth")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000, help="the everyday book's size")
    parser.add_argument("--large", type=int, default=100_000, help="the large book's size")
    parser.add_argument("--import-cases", type=int, default=1_000)
    parser.add_argument("--many-notes", type=int, default=1_000, help="the erased case's notes")
    parser.add_argument("--growth", default="1000,10000,100000")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--out", type=Path, help="where to write the results (JSON)")
    parser.add_argument(
        "--cache",
        type=Path,
        default=ROOT / "bench-results" / "books",
        help="where large generated books are kept between runs",
    )
    parser.add_argument(
        "--only",
        default=",".join(GROUPS),
        help=f"run only these groups of figures, comma-separated ({', '.join(GROUPS)})",
    )
    args = parser.parse_args()
    args.only = {g.strip() for g in args.only.split(",") if g.strip()}
    if not args.only <= set(GROUPS):
        parser.error(f"--only: unknown group(s) {', '.join(sorted(args.only - set(GROUPS)))}")
    # A run of some groups never overwrites the results of a whole run.
    named = "latest" if args.only == set(GROUPS) else "latest-" + "-".join(sorted(args.only))
    args.out = args.out or ROOT / "bench-results" / f"{named}.json"
    return args


def main() -> int:
    args = _arguments()
    only, repeats = args.only, args.repeats
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    about = machine()
    figures: list[Figure] = []
    measured: dict[int, dict[str, float]] = {}  # size -> its figures, for the growth table
    # Start-up first, on a quiet machine: generating the casebooks leaves hundreds of
    # megabytes being written back to disk for a while afterwards.
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        scratch = Path(tmp)
        if "start-up" in only:
            figures += bench_start_up(env, repeats, scratch)
        bare_mib = sizes.bare_window_mib(env) if only & {"casebook", "large"} else 0.0
        if only & {"casebook", "stalls"}:
            folder, plain, generated = books_of(args.cases, scratch, None)
            print(f"generated {args.cases:,} cases in {generated:.1f} s", flush=True)
        if "casebook" in only:
            row = sizes.measure(folder, plain, repeats, env)
            measured[args.cases] = {**row, "generate_s": generated or 0.0}
            figures += size_figures(row, args.cases, "10k", bare_mib)
            figures.append(bench_note_save(folder, plain, max(repeats, 50)))
            figures.append(bench_pdf(repeats))
        if "exchange" in only:
            figures += bench_exchange(scratch, repeats)
        if "statistics" in only:
            figures += statistics_figures(scratch, args.cases, repeats)
        if "stalls" in only:  # last on the everyday book: it erases one case's notes
            figures += stalls.stall_figures(folder, scratch, args.import_cases)
            figures.append(stalls.erase_case_of_many_notes(scratch, repeats, args.many_notes))
            figures.append(
                stalls.note_save_in_case_of_many_notes(scratch, repeats, args.many_notes)
            )
        if "large" in only:
            large, large_plain, seconds = books_of(args.large, scratch, args.cache)
            row = sizes.measure(large, large_plain, repeats, env)
            measured[args.large] = {**row, "generate_s": seconds or 0.0}
            figures += size_figures(row, args.large, "100k", bare_mib)
        growth_rows = growth(args, scratch, measured) if "growth" in only else []

    print_table(figures)
    print_growth(growth_rows)
    write_results(args.out, figures, growth_rows, about)
    print(f"\nwritten to {args.out}")
    return 0 if all(f.passed for f in figures) else 1


def growth(
    args: argparse.Namespace, scratch: Path, measured: dict[int, dict[str, float]]
) -> list[dict[str, float]]:
    """Each size's figures; a size measured for its budgets is not measured again."""
    rows = []
    for cases in (int(s) for s in args.growth.split(",") if s):
        if cases not in measured:
            folder, plain, seconds = books_of(cases, scratch, args.cache)
            measured[cases] = {
                **sizes.measure(folder, plain, args.repeats, None),
                "generate_s": seconds or 0.0,
            }
        rows.append({"cases": cases, "notes": cases * NOTES_PER_CASE, **measured[cases]})
    return rows


if __name__ == "__main__":
    sys.exit(main())
