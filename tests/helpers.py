"""Small helpers shared by tests."""

from __future__ import annotations

import builtins
import errno
import hashlib
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app import cli
from app.books import keyfile


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes, to prove nothing changed."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def without_spare_key(folder: Path) -> Path:
    """The casebook as if the key file's spare copy were lost: ``casebook.key`` alone decides
    (as in a casebook whose key file has not been written since spare copies began)."""
    (folder / "casebook.key.bak").unlink(missing_ok=True)
    return folder


def refuse_to_open(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """``refuse(name)``: from now on, opening a file of that name fails with EACCES, as a file
    of another account (mode 0600) does. Tests run as root here, where file modes do not stop
    reads; this provokes the same refusal at the one place Parley meets it."""
    names: set[str] = set()
    real_open = io.open

    def guarded(file: object, *args: object, **kwargs: object) -> object:
        if isinstance(file, str | os.PathLike) and Path(os.fspath(file)).name in names:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(io, "open", guarded)
    monkeypatch.setattr(builtins, "open", guarded)
    return names.add


def tamper_key_file(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Edit the key file as someone doing it on purpose would: its check made to match again
    (the check guards against accidents only) and both copies alike, so that only the slots'
    own protection is left to stop it."""
    body = json.loads((folder / "casebook.key").read_bytes())
    body.pop("check", None)
    change(body)
    sealed = keyfile.seal(body)
    for name in ("casebook.key", "casebook.key.bak"):
        (folder / name).write_bytes(sealed)


def files_containing(folders: list[Path], needles: list[str]) -> list[str]:
    """Files under ``folders`` that hold any needle, in UTF-8 or UTF-16 form."""
    patterns = []
    for needle in needles:
        patterns += [needle.encode("utf-8"), needle.encode("utf-16-le")]
    hits = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                hits += [f"{path}: {p!r}" for p in patterns if p in data]
    return hits


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


def run_cli(*argv: str, stdin: str = "") -> Result:
    """Run the command line in this process; a failure must be one clear line, no traceback."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    result = Result(code, out.getvalue(), err.getvalue())
    assert "Traceback" not in result.err
    if code not in (0, 2):
        # One clear line on standard error, prefixed so scripts can recognise it.
        assert result.err.count("\n") == 1 and result.err.startswith("parley: "), result.err
    return result


def floor_kdf_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Books made in this test derive at the design's floor cost instead of calibrating."""
    from conftest import FLOOR_KDF

    monkeypatch.setattr(keyfile, "calibrate_argon2", lambda *a, **k: FLOOR_KDF)


def trust(book: object, other: object) -> None:
    """``book`` trusts ``other``'s card, as if its fingerprint had been read out by phone."""
    from datetime import datetime

    from app.books.book import Book
    from app.exchange.trust import trust_card
    from app.identity.cards import make_card, read_card
    from app.identity.contacts import ConfirmedHow

    assert isinstance(book, Book) and isinstance(other, Book)
    card = read_card(make_card(f"Book {other.casebook_id[:6]}", other.role, other.identity.get()))
    trust_card(book, card, fingerprint=card.fingerprint, how=ConfirmedHow.PHONE, by="Tester",
               at=datetime(2026, 3, 1, 9, 0))  # fmt: skip


def trust_each_other(*books: object) -> None:
    """Every one of ``books`` trusts every other's card."""
    for a in books:
        for b in books:
            if a is not b:
                trust(a, b)


def book_tables(conn: object) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of an open book, decrypted, to prove nothing changed."""
    tables = [
        r[0]
        for r in conn.execute(  # type: ignore[attr-defined]
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    ]
    return {
        t: sorted((tuple(r) for r in conn.execute(f"SELECT * FROM {t}")), key=repr)  # type: ignore[attr-defined]
        for t in tables
    }


_UNLOCKED: dict[Path, tuple[bytes, str]] = {}


def fresh_copy(template: Path, target: Path) -> object:
    """An open copy of a template book at ``target``, without deriving its key again (so a
    Hypothesis example can have books of its own in milliseconds)."""
    import shutil

    from app.books import vault

    from conftest import PASSPHRASE

    if template not in _UNLOCKED:
        unlocked = vault.unlock_with_passphrase(template, PASSPHRASE)
        _UNLOCKED[template] = (unlocked.data_key, unlocked.casebook_id)
    key, book_id = _UNLOCKED[template]
    shutil.copytree(template, target)
    return vault.open_book(vault.Unlocked(target, key, book_id))
