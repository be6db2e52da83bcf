"""The benchmark's generated books, and a cache of the large ones between runs.

Generating 100,000 cases and 2.5 million notes takes minutes, so a large book (and its
plain-SQLite twin, the search baseline) is kept in ``bench-results/books/`` (never
committed: ``bench-results/`` is in .gitignore) under a name made of the generator's
version, the schema's version and the size. A change to either makes a new name, so a
stale book is never measured; a fresh clone has no cache and generates them. A book is
generated into a scratch name and renamed only once complete, so an interrupted run leaves
nothing that looks usable. Only books the benchmark reads without changing are cached (it
does add an "unlocked" entry to the audit trail each time it opens one).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from benchmarks.generate import GENERATOR_VERSION, populate
from benchmarks.plain import plain_connection

from app.books import keyfile, schema, vault

PASSPHRASE = "benchmark casebook only 2026"
FLOOR = keyfile.Argon2Params(keyfile.MIN_MEMORY_KIB, keyfile.MIN_ITERATIONS, 2, b"b" * 16)
#: Books of at least this many cases are cached; smaller ones take seconds to make.
CACHED_FROM = 50_000


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


def cache_name(cases: int) -> str:
    return f"g{GENERATOR_VERSION}-s{schema.LATEST}-{cases}"


def books_of(cases: int, scratch: Path, cache: Path | None) -> tuple[Path, Path, float | None]:
    """An encrypted casebook and a plain twin of ``cases`` cases, and how long generating
    the encrypted one took (``None`` when both came from the cache)."""
    if cache is None or cases < CACHED_FROM:
        folder, seconds = make_casebook(scratch / f"casebook-{cases}", cases)
        plain = scratch / f"plain-{cases}.db"
        make_plain(plain, cases)
        return folder, plain, seconds
    home = cache / cache_name(cases)
    if (home / "complete").exists():
        return home / "casebook", home / "plain.db", None
    building = cache / (cache_name(cases) + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    _, seconds = make_casebook(building / "casebook", cases)
    make_plain(building / "plain.db", cases)
    (building / "complete").write_text(f"{seconds:.1f} s to generate\n")
    shutil.rmtree(home, ignore_errors=True)
    building.rename(home)
    # Older versions of the generator or schema are of no further use.
    for stale in cache.glob(f"g*-*-{cases}"):
        if stale != home:
            shutil.rmtree(stale, ignore_errors=True)
    return home / "casebook", home / "plain.db", seconds
