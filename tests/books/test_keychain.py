"""Keychain quick unlock: only real OS keychains; every failure ends at the passphrase.

Tested twice: against an in-memory backend (admitted only through the test's injection
point) and against a real Secret Service, gnome-keyring-daemon on a D-Bus session bus that
the test starts itself. Neither is ever skipped: if the daemon cannot start, the test fails
and says what is missing.
"""

from __future__ import annotations

import base64
import functools
import io
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring.backends.fail
import keyring.backends.null
import keyring.backends.SecretService
import pytest
from keyring.backends.chainer import ChainerBackend
from keyring.errors import KeyringLocked, PasswordSetError

from app import cli
from app.books import key_files as key_files_module
from app.books import keychain, keyfile, vault
from app.books.keychain import Keychain, KeychainUnavailable
from app.errors import CannotUnlock, ParleyError

from conftest import PASSPHRASE, ROOT
from helpers import snapshot, tamper_key_file
from memory_keychain import MemoryKeyring, memory_chain


class OtherMemoryKeyring(MemoryKeyring):
    """Another keychain (a "changed backend")."""


@pytest.fixture(autouse=True)
def remembered_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id is deterministic; remembering results keeps the many unlocks here quick."""
    monkeypatch.setattr(keyfile, "derive_from_passphrase", _remembered)


_remembered = functools.lru_cache(32)(keyfile.derive_from_passphrase)


def assert_falls_back(folder: Path, chain: Keychain, message: str) -> None:
    """The keychain fails with its own error, changes nothing, and the passphrase works."""
    before = snapshot(folder)
    with pytest.raises(KeychainUnavailable, match=message) as raised:
        vault.unlock_with_keychain(folder, chain)
    assert not isinstance(raised.value, CannotUnlock)  # not reported as a wrong passphrase
    assert snapshot(folder) == before
    assert len(vault.unlock_with_passphrase(folder, PASSPHRASE).data_key) == 32


# --- the allow-list ----------------------------------------------------------------------


def test_only_real_os_keychains_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    for module, name in keychain.REAL_BACKENDS:  # the names are real classes, not typos
        assert isinstance(getattr(importlib.import_module(module), name), type)

    class PlaintextKeyring(MemoryKeyring):
        pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"  # what keyrings.alt would look like

    class LookalikeSecretService(keyring.backends.SecretService.Keyring):
        """A subclass may store anywhere: exact classes only."""

    refused = [
        keyring.backends.fail.Keyring(),
        keyring.backends.null.Keyring(),
        PlaintextKeyring(),
        MemoryKeyring(),  # not without the test's own say-so
        LookalikeSecretService(),
    ]
    for backend in refused:
        with pytest.raises(KeychainUnavailable, match="no usable keychain"):
            Keychain(backend).backend()

    # A chain is looked into: with only fail and null in it, there is nothing to use; with a
    # real one in it, that one (not the chain) is used.
    chain = ChainerBackend()
    monkeypatch.setattr(ChainerBackend, "backends", [keyring.backends.fail.Keyring()])
    with pytest.raises(KeychainUnavailable, match="no usable keychain"):
        Keychain(chain).backend()
    real = keyring.backends.SecretService.Keyring()
    monkeypatch.setattr(ChainerBackend, "backends", [keyring.backends.null.Keyring(), real])
    assert Keychain(chain).backend() is real
    assert keychain.is_real_os_backend(real)


# --- with an in-memory keychain ----------------------------------------------------------


def test_enable_unlock_and_disable(casebook_folder: Path) -> None:
    backend = MemoryKeyring()
    chain = memory_chain(backend)
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        data_key, casebook_id = casebook.data_key, casebook.casebook_id
        old_key_file = (casebook_folder / "casebook.key").read_bytes()
        vault.enable_keychain(casebook, chain)
        new_key_file = (casebook_folder / "casebook.key").read_bytes()
        assert new_key_file != old_key_file
        assert (casebook_folder / "casebook.key.bak").read_bytes() == new_key_file
    assert vault.keychain_enabled(casebook_folder)
    assert list(backend.entries) == [("Parley", casebook_id)]
    unlocked = vault.unlock_with_keychain(casebook_folder, chain)
    assert unlocked.data_key == data_key
    # The secret in the keychain is not the data key, and the key file holds neither.
    stored = backend.entries[("Parley", casebook_id)]
    assert data_key.hex() not in stored
    assert stored.encode() not in (casebook_folder / "casebook.key").read_bytes()

    with vault.open_casebook(unlocked) as casebook:
        assert vault.disable_keychain(casebook, chain) == []
        actions = [e.action for e in casebook.audit.entries()]
    assert "keychain unlock turned on" in actions and "keychain unlock turned off" in actions
    assert backend.entries == {}
    assert not vault.keychain_enabled(casebook_folder)
    assert_falls_back(casebook_folder, chain, "not turned on")
    # Turned off, the keychain's secret opens neither copy of the key file: its slot is gone
    # from both, so a keychain entry that could not be deleted opens nothing.
    for name in ("casebook.key", "casebook.key.bak"):
        assert b'"keychain"' not in (casebook_folder / name).read_bytes()


@pytest.fixture
def enabled(casebook_folder: Path) -> tuple[Path, MemoryKeyring]:
    backend = MemoryKeyring()
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        vault.enable_keychain(casebook, memory_chain(backend))
    return casebook_folder, backend


def test_every_keychain_failure_ends_at_the_passphrase(
    enabled: tuple[Path, MemoryKeyring],
) -> None:
    folder, backend = enabled
    [(key, good)] = backend.entries.items()
    prefix = good.split(":")[0] + ":"
    cases: list[tuple[str, Any, str]] = [
        ("stale", prefix + base64.b64encode(b"A" * 32).decode(), "out of date"),
        ("garbage", "hello", "unreadable"),
        ("not base64", prefix + "!!!", "unreadable"),
        ("short", prefix + "QUFB", "unreadable"),
        ("removed", None, "no entry"),
    ]
    handled = 0
    for _label, value, message in cases:
        backend.entries.pop(key, None)
        if value is not None:
            backend.entries[key] = value
        assert_falls_back(folder, memory_chain(backend), message)
        handled += 1
    backend.entries[key] = good

    backend.fail_with = KeyringLocked("locked")
    assert_falls_back(folder, memory_chain(backend), "it is locked")
    backend.fail_with = RuntimeError("D-Bus went away")
    assert_falls_back(folder, memory_chain(backend), "RuntimeError")
    backend.fail_with = None

    other = OtherMemoryKeyring()
    other.entries = dict(backend.entries)
    assert_falls_back(folder, memory_chain(other), "now uses")
    assert_falls_back(folder, Keychain(keyring.backends.fail.Keyring()), "no usable keychain")
    assert_falls_back(folder, Keychain(MemoryKeyring()), "no usable keychain")
    assert vault.unlock_with_keychain(folder, memory_chain(backend))  # and it still works
    assert handled + 5 == 10


def test_a_tampered_keychain_slot_falls_back(enabled: tuple[Path, MemoryKeyring]) -> None:
    folder, backend = enabled
    original = (folder / "casebook.key").read_bytes()
    for change, message in (
        (lambda s: s["kdf"].update(backend="keyring.backends.null.Keyring"), "now uses"),
        (lambda s: s["kdf"].pop("backend"), "keychain slot is damaged"),
        (lambda s: s.update(nonce=s["nonce"][::-1]), "out of date"),
    ):
        (folder / "casebook.key").write_bytes(original)

        def tamper(body: dict[str, Any], change: Callable[[Any], Any] = change) -> None:
            change(next(s for s in body["slots"] if s["kind"] == "keychain"))

        tamper_key_file(folder, tamper)
        assert_falls_back(folder, memory_chain(backend), message)


def test_enabling_fails_cleanly(casebook_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Forgetful(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            pass  # claims success, keeps nothing

    before = snapshot(casebook_folder)
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        key_files = {
            n: (casebook_folder / n).read_bytes() for n in ("casebook.key", "casebook.key.bak")
        }
        refusing = MemoryKeyring()
        refusing.fail_with = PasswordSetError("no")
        with pytest.raises(KeychainUnavailable, match="could not store"):
            vault.enable_keychain(casebook, memory_chain(refusing))
        with pytest.raises(KeychainUnavailable, match="did not keep"):
            vault.enable_keychain(casebook, memory_chain(Forgetful()))
        with pytest.raises(KeychainUnavailable, match="no usable keychain"):
            vault.enable_keychain(casebook, Keychain(keyring.backends.null.Keyring()))

        def disk_full(path: Path, data: bytes, *, mode: int = 0o600) -> None:
            raise OSError(28, "No space left on device")

        backend = MemoryKeyring()
        monkeypatch.setattr(key_files_module, "atomic_write_bytes", disk_full)
        with pytest.raises(ParleyError, match="No space left"):
            vault.enable_keychain(casebook, memory_chain(backend))
        assert backend.entries == {}  # the secret was taken out again
        for name, raw in key_files.items():
            assert (casebook_folder / name).read_bytes() == raw
    after = snapshot(casebook_folder)
    assert after["casebook.key"] == before["casebook.key"]
    assert after["casebook.key.bak"] == before["casebook.key.bak"]


def test_disabling_with_a_locked_keychain_still_removes_the_slot(
    enabled: tuple[Path, MemoryKeyring],
) -> None:
    folder, backend = enabled
    backend.fail_with = KeyringLocked("locked")
    with vault.open_with_passphrase(folder, PASSPHRASE) as casebook:
        notes = vault.disable_keychain(casebook, memory_chain(backend))
    assert len(notes) == 1 and "by hand" in notes[0]
    assert not vault.keychain_enabled(folder)


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    assert "Traceback" not in err.getvalue()
    return code, out.getvalue(), err.getvalue()


def test_the_command_line(casebook_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    backend = MemoryKeyring()
    monkeypatch.setattr(keychain, "default_keychain", lambda: memory_chain(backend))
    vault_arg = ["--vault", str(casebook_folder)]
    assert run("keychain", "status", *vault_arg)[1] == "Keychain unlock: off.\n"
    code, out, _ = run("keychain", "enable", *vault_arg, stdin=PASSPHRASE + "\n")
    assert code == 0 and "Keychain unlock is on" in out
    assert "on, and working" in run("keychain", "status", *vault_arg)[1]
    # --keychain opens without a passphrase (standard input is empty)...
    assert run("verify", "--keychain", *vault_arg, stdin="")[0] == 0
    # ...and when the keychain fails, says so and asks for the passphrase instead.
    backend.fail_with = KeyringLocked("locked")
    code, out, _ = run("verify", "--keychain", *vault_arg, stdin=PASSPHRASE + "\n")
    assert code == 0 and "it is locked" in out and "Asking for the passphrase" in out
    assert "not working now" in run("keychain", "status", *vault_arg)[1]
    backend.fail_with = None
    code, out, _ = run("keychain", "disable", "--keychain", *vault_arg, stdin="")
    assert code == 0 and backend.entries == {}
    code, _, err = run("verify", "--keychain", *vault_arg, stdin="")
    assert code == 1 and "standard input" in err  # off again: the passphrase is needed


# --- a real Secret Service ---------------------------------------------------------------


@pytest.fixture
def secret_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """gnome-keyring-daemon on a private D-Bus session bus, unlocked; its environment.

    Under heavy load the daemon now and then never claims its bus name; a second, fresh
    start (new bus, new home) is made then, and the test fails if that one does not come up
    either. It never skips: a real Secret Service is the point.
    """
    for tool in ("dbus-daemon", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed; .ci/run installs dbus-daemon and gnome-keyring")
    problems: list[str] = []
    for attempt in (1, 2):
        processes: list[subprocess.Popen[bytes]] = []
        try:
            home = tmp_path / f"keyring-home-{attempt}"
            env = _start_secret_service(home, processes, monkeypatch)
        except _NotUp as exc:
            problems.append(str(exc))
            _stop(processes)
            continue
        try:
            yield env
        finally:
            _stop(processes)
        return
    pytest.fail("the Secret Service did not come up: " + " | ".join(problems))


class _NotUp(Exception):
    pass


def _start_secret_service(
    home: Path, processes: list[subprocess.Popen[bytes]], monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    run_dir = home / "run"
    run_dir.mkdir(parents=True, mode=0o700)
    env = dict(os.environ, HOME=str(home), XDG_RUNTIME_DIR=str(run_dir),
               XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"))  # fmt: skip
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1",
         f"--address=unix:path={run_dir / 'bus'}"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    processes.append(bus)
    assert bus.stdout is not None
    if not select.select([bus.stdout], [], [], 10)[0]:
        raise _NotUp("dbus-daemon did not print its address within 10 s")
    address = bus.stdout.readline().decode().strip()
    if not address.startswith("unix:"):
        raise _NotUp(f"dbus-daemon did not start a session bus (got {address!r})")
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    log = home / "daemon.log"
    with log.open("wb") as daemon_log:
        daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE, stdout=daemon_log, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
    processes.append(daemon)
    assert daemon.stdin is not None
    daemon.stdin.write(b"keyring password for the test")
    daemon.stdin.close()
    # This process (the keyring client) talks to the private bus, never a real one.
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    _wait_for_secret_service(daemon, log)
    return env


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in reversed(processes):
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_secret_service(daemon: subprocess.Popen[bytes], log: Path) -> None:
    import secretstorage

    deadline = time.monotonic() + 20
    last: Exception | None = None
    while time.monotonic() < deadline:
        if daemon.poll() is not None:
            raise _NotUp(f"gnome-keyring-daemon exited with {daemon.returncode}")
        try:
            with secretstorage.dbus_init() as conn:
                if secretstorage.check_service_availability(conn):
                    # Look the collection up by alias: get_default_collection would ask the
                    # daemon to create one if the login keyring is not made yet, and that
                    # needs a prompt no test machine can answer.
                    collection = secretstorage.get_collection_by_alias(conn, "default")
                    if not collection.is_locked():
                        return
        except Exception as exc:  # not up yet
            last = exc
        time.sleep(0.05)
    said = log.read_text(errors="replace")[-600:] if log.exists() else ""
    raise _NotUp(f"not up within 20 s ({last!r}); daemon said: {said!r}")


def secret_tool_lookup(env: dict[str, str], casebook_id: str) -> str:
    """What an independent client (libsecret's secret-tool) finds in the keychain."""
    if shutil.which("secret-tool") is None:
        pytest.fail("secret-tool is not installed; .ci/run installs libsecret-tools")
    found = subprocess.run(
        ["secret-tool", "lookup", "service", "Parley", "username", casebook_id],
        env=env, capture_output=True, text=True, timeout=10,
    )  # fmt: skip
    return found.stdout


def test_a_real_secret_service(secret_service: dict[str, str], casebook_folder: Path) -> None:
    real = Keychain(keyring.backends.SecretService.Keyring())  # the production allow-list
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        assert "Secret Service" in vault.enable_keychain(casebook, real)
        casebook_id, data_key = casebook.casebook_id, casebook.data_key
    assert secret_tool_lookup(secret_service, casebook_id).startswith("parley-keychain/1:")
    assert vault.unlock_with_keychain(casebook_folder, real).data_key == data_key

    # Lock the keychain: no prompt can appear here, so it stays locked and we fall back.
    import secretstorage

    with secretstorage.dbus_init() as conn:
        secretstorage.get_default_collection(conn).lock()
    assert_falls_back(casebook_folder, real, "it is locked")


def test_a_real_secret_service_from_the_command_line(
    secret_service: dict[str, str], casebook_folder: Path, subprocess_env: dict[str, str]
) -> None:
    """In a fresh process keyring finds the Secret Service by itself, as on a desktop."""
    env = dict(subprocess_env, DBUS_SESSION_BUS_ADDRESS=secret_service["DBUS_SESSION_BUS_ADDRESS"])
    env.pop("PYTHON_KEYRING_BACKEND")  # the suite's "no keyring" (conftest), lifted for this bus

    def parley(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "main.py"), *args, "--vault", str(casebook_folder)],
            input=stdin, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    enabled = parley("keychain", "enable", stdin=PASSPHRASE + "\n")
    assert enabled.returncode == 0, enabled.stderr
    assert "Secret Service" in enabled.stdout
    quick = parley("verify", "--keychain")  # no passphrase on standard input
    assert quick.returncode == 0, quick.stdout + quick.stderr
    keys, _ = vault.load_key_file(casebook_folder)
    assert secret_tool_lookup(secret_service, keys.casebook_id) != ""
    disabled = parley("keychain", "disable", "--keychain")
    assert disabled.returncode == 0, disabled.stderr
    assert secret_tool_lookup(secret_service, keys.casebook_id) == ""  # the entry is gone
    assert parley("keychain", "status").stdout == "Keychain unlock: off.\n"
