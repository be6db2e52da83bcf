"""A casebook file this account may not read is named, and not called damaged.

A casebook copied from another account (owned by it, mode 0600), or a folder whose
permissions went wrong, is intact: telling the mediator it is damaged sends them to restore
a backup they do not need. Parley says which file it may not read, and changes nothing.

These tests run as root here, where file modes do not stop reads; they provoke the refusal
the operating system gives another account (EACCES) by making opening that one file fail
so. The real thing, with chmod and an unprivileged account, is the last test.
"""

from __future__ import annotations

import errno
import functools
import io
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from app import cli
from app.books import keyfile, vault
from app.errors import CasebookDamaged, NoPermission

from conftest import PASSPHRASE, ROOT
from helpers import refuse_to_open

Denied = Callable[[str], None]


@pytest.fixture(autouse=True)
def memoised_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyfile, "derive_from_passphrase", _remembered)


_remembered = functools.lru_cache(8)(keyfile.derive_from_passphrase)


@pytest.fixture
def denied(monkeypatch: pytest.MonkeyPatch) -> Denied:
    """``denied(name)``: opening a file of that name fails as another account's would."""
    return refuse_to_open(monkeypatch)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, read below the refusal the tests provoke (os.read, not open)."""
    found = {}
    for path in sorted(folder.iterdir()):
        fd = os.open(path, os.O_RDONLY)
        try:
            found[path.name] = b"".join(iter(functools.partial(os.read, fd, 1 << 20), b""))
        finally:
            os.close(fd)
    return found


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), stdin=io.StringIO(PASSPHRASE + "\n"), stdout=out, stderr=err)
    assert "Traceback" not in err.getvalue()
    return code, out.getvalue(), err.getvalue()


def assert_names(exc: BaseException, name: str, folder: Path) -> None:
    text = str(exc)
    assert f"({name})" in text and str(folder) in text, text
    assert "not allowed to read" in text and "permission" in text.lower(), text
    assert "damaged" not in text, text


def test_a_key_file_of_another_account_is_named(casebook_folder: Path, denied: Denied) -> None:
    denied("casebook.key")
    denied("casebook.key.bak")  # the same owner's, as a copied casebook's would be
    before = snapshot(casebook_folder)
    with pytest.raises(NoPermission) as raised:
        vault.unlock_with_passphrase(casebook_folder, PASSPHRASE)
    assert not isinstance(raised.value, CasebookDamaged)
    assert raised.value.exit_code == 10
    assert_names(raised.value, "casebook.key", casebook_folder)
    assert snapshot(casebook_folder) == before


def test_a_spare_copy_it_may_not_read_is_named_when_it_is_needed(
    casebook_folder: Path, denied: Denied
) -> None:
    (casebook_folder / "casebook.key").write_bytes(b"{ torn")
    denied("casebook.key.bak")
    with pytest.raises(NoPermission) as raised:
        vault.unlock_with_passphrase(casebook_folder, PASSPHRASE)
    assert f"({vault.KEY_BACKUP_NAME})" in str(raised.value)
    assert "not allowed to read" in str(raised.value)


def test_the_spare_opens_it_when_only_the_key_file_is_shut(
    casebook_folder: Path, denied: Denied
) -> None:
    denied("casebook.key")
    unlocked = vault.unlock_with_passphrase(casebook_folder, PASSPHRASE)
    [note] = unlocked.warnings
    assert "not allowed to read" in note and "(casebook.key)" in note
    assert "spare copy (casebook.key.bak) was used" in note


def test_a_spare_it_may_not_read_is_left_alone(casebook_folder: Path, denied: Denied) -> None:
    (casebook_folder / "casebook.key.bak").write_bytes(b"another account's file")
    denied("casebook.key.bak")
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        assert not casebook.warnings  # casebook.key decides; the spare is not needed
    # Not replaced unread: bringing the spare in step is for a spare Parley can read.
    assert snapshot(casebook_folder)["casebook.key.bak"] == b"another account's file"


def test_a_database_of_another_account_is_named(casebook_folder: Path, denied: Denied) -> None:
    denied("casebook.db")
    before = snapshot(casebook_folder)
    with pytest.raises(NoPermission) as raised:
        vault.open_with_passphrase(casebook_folder, PASSPHRASE)
    assert_names(raised.value, "casebook.db", casebook_folder)
    assert snapshot(casebook_folder) == before


@pytest.mark.parametrize("name", ["casebook.key", "casebook.db"])
@pytest.mark.parametrize("command", ["verify", "backup"])
def test_every_command_says_so_with_exit_10(
    casebook_folder: Path, denied: Denied, name: str, command: str
) -> None:
    for denied_name in {name, "casebook.key.bak" if name == "casebook.key" else name}:
        denied(denied_name)
    extra = (
        ["--out", str(casebook_folder.parent / "b.parley-backup")] if command == "backup" else []
    )
    code, out, err = run(command, "--vault", str(casebook_folder), *extra)
    assert code == 10, out + err
    assert err.startswith("parley: ") and err.count("\n") == 1, err
    assert f"({name})" in err and "not allowed to read" in err and "damaged" not in err


def test_a_folder_it_may_not_enter_is_named(
    casebook_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_stat = os.stat

    def shut(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if Path(os.fspath(path)).parent == casebook_folder:  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", shut)
    assert vault.casebook_exists(casebook_folder)  # unknown: so never created over
    with pytest.raises(NoPermission) as raised:
        vault.unlock_with_passphrase(casebook_folder, PASSPHRASE)
    assert str(casebook_folder) in str(raised.value)


def _unprivileged(folder: Path) -> list[str] | None:
    """A command prefix that runs as an account other than root, if this machine has one
    that can run this Python; None otherwise."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import sqlcipher3, cryptography"],
        capture_output=True,
        cwd=folder,
        check=False,
    )
    return prefix if probe.returncode == 0 else None


def test_real_permissions(casebook_folder: Path, subprocess_env: dict[str, str]) -> None:
    """chmod 000 for an ordinary account; as root, the files (0600, root's) seen from an
    unprivileged account, which is what a casebook copied from another account is."""
    if os.geteuid() != 0:
        for name in ("casebook.key", "casebook.key.bak"):
            (casebook_folder / name).chmod(0)
        try:
            with pytest.raises(NoPermission) as raised:
                vault.unlock_with_passphrase(casebook_folder, PASSPHRASE)
            assert_names(raised.value, "casebook.key", casebook_folder)
        finally:
            for name in ("casebook.key", "casebook.key.bak"):
                (casebook_folder / name).chmod(0o600)
        return
    shared = Path(tempfile.mkdtemp(prefix="parley-perm-"))
    try:
        shared.chmod(0o755)  # others may enter the folder, but not read the 0600 files in it
        folder = shared / "casebook"
        shutil.copytree(casebook_folder, folder)
        folder.chmod(0o755)
        prefix = _unprivileged(shared)
        if prefix is None:
            pytest.skip(
                "running as root, which reads any file whatever its mode, and no unprivileged "
                f"account can run this Python ({sys.executable}): the refusal is provoked "
                "in the tests above instead"
            )
        env = {**subprocess_env, "HOME": str(shared)}
        result = subprocess.run(
            [*prefix, sys.executable, str(ROOT / "main.py"), "verify", "--vault", str(folder)],
            input=PASSPHRASE + "\n", capture_output=True, text=True, env=env, cwd=shared,
            check=False,
        )  # fmt: skip
        assert result.returncode == 10, result.stdout + result.stderr
        assert "(casebook.key)" in result.stderr and "not allowed to read" in result.stderr
    finally:
        shutil.rmtree(shared)
