"""Fixtures shared by the whole suite: no network, offscreen Qt, ready-made casebooks."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt must never try to reach a display server in the unit tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def isolate_from_the_desktop(environ: dict[str, str] | os._Environ[str], run_dir: Path) -> None:
    """Keep a test process, and every process it starts, away from the desktop's session bus
    and keyring: on a desktop, one test that reached them opened GNOME's "Unlock Login
    Keyring" prompt and waited for someone to answer it. The runtime folder is ``run_dir``,
    with no bus in it; both bus addresses name sockets that do not exist (so no client falls
    back to the desktop's); keyring's ``fail`` backend answers every question with "no
    keyring". A test that needs a real Secret Service or bus starts its own, privately."""
    environ["XDG_RUNTIME_DIR"] = str(run_dir)
    environ["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={run_dir / 'no-session-bus'}"
    environ["DBUS_SYSTEM_BUS_ADDRESS"] = f"unix:path={run_dir / 'no-system-bus'}"
    environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    environ.pop("DBUS_STARTER_ADDRESS", None)


ISOLATED_RUN_DIR = Path(tempfile.mkdtemp(prefix="parley-test-run-"))
atexit.register(shutil.rmtree, ISOLATED_RUN_DIR, ignore_errors=True)
isolate_from_the_desktop(os.environ, ISOLATED_RUN_DIR)

ROOT = Path(__file__).resolve().parent.parent
NETGUARD = Path(__file__).resolve().parent / "netguard"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.books import keyfile, vault  # noqa: E402
from app.books.casebook import Casebook  # noqa: E402
from app.books.office_book import OfficeBook  # noqa: E402

PASSPHRASE = "quiet harbour lantern 42"
# Argon2id at the design's floor: the real algorithm, just the cheapest allowed cost, so
# the suite stays quick; calibration itself is tested separately.
FLOOR_KDF = keyfile.Argon2Params(keyfile.MIN_MEMORY_KIB, keyfile.MIN_ITERATIONS, 2, b"s" * 16)

#: Fixtures kept in modules of their own: the trust tests' windows and restoring sessions.
pytest_plugins = ["trust_windows"]


class NetworkAttempt(AssertionError):
    pass


network_attempts: list[str] = []


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any test that tries to open an internet socket or look up a host name."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded_connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            network_attempts.append(repr(address))
            raise NetworkAttempt(f"network attempt blocked: connect to {address!r}")
        real_connect(self, address)  # type: ignore[arg-type]

    def guarded_connect_ex(self: socket.socket, address: object) -> int:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            network_attempts.append(repr(address))
            raise NetworkAttempt(f"network attempt blocked: connect to {address!r}")
        return real_connect_ex(self, address)  # type: ignore[arg-type]

    def blocked_lookup(*args: object, **kwargs: object) -> object:
        network_attempts.append(f"lookup {args!r}")
        raise NetworkAttempt(f"network attempt blocked: name lookup {args!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", blocked_lookup)
    monkeypatch.setattr(socket, "gethostbyname", blocked_lookup)
    monkeypatch.setattr(socket, "create_connection", blocked_lookup)
    before = len(network_attempts)
    yield
    # An attempt swallowed by the code under test still fails the test.
    assert len(network_attempts) == before, f"network attempts: {network_attempts[before:]}"


@pytest.fixture(scope="session")
def template_casebook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One empty casebook made once; tests get copies (Argon2id runs once, not per test)."""
    folder = tmp_path_factory.mktemp("template") / "casebook"
    created = vault.create_casebook(folder, PASSPHRASE, kdf=FLOOR_KDF)
    recovery = created.recovery_key
    created.casebook.close()
    (folder.parent / "recovery.txt").write_text(recovery)
    return folder


@pytest.fixture(scope="session")
def template_recovery_key(template_casebook: Path) -> str:
    return (template_casebook.parent / "recovery.txt").read_text()


@pytest.fixture
def casebook_folder(template_casebook: Path, tmp_path: Path) -> Path:
    """A fresh, locked casebook of this test's own (passphrase: ``PASSPHRASE``)."""
    target = tmp_path / "casebook"
    shutil.copytree(template_casebook, target)
    return target


@pytest.fixture
def casebook(casebook_folder: Path) -> Iterator[Casebook]:
    """A fresh, unlocked casebook, locked again after the test."""
    opened = vault.open_with_passphrase(casebook_folder, PASSPHRASE)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def template_office_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One empty office book made once; tests get copies (passphrase: ``PASSPHRASE``)."""
    folder = tmp_path_factory.mktemp("template-office") / "office"
    vault.create_office_book(folder, PASSPHRASE, kdf=FLOOR_KDF).book.close()
    return folder


@pytest.fixture
def office_folder(template_office_book: Path, tmp_path: Path) -> Path:
    """A fresh, locked office book of this test's own (passphrase: ``PASSPHRASE``)."""
    target = tmp_path / "office"
    shutil.copytree(template_office_book, target)
    return target


@pytest.fixture
def office_book(office_folder: Path) -> Iterator[OfficeBook]:
    """A fresh, unlocked office book, locked again after the test."""
    opened = vault.open_book_with_passphrase(office_folder, PASSPHRASE)
    assert isinstance(opened, OfficeBook)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def template_second_casebook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another mediator's casebook (its own keys), for handovers between two."""
    folder = tmp_path_factory.mktemp("template-second") / "second"
    vault.create_casebook(folder, PASSPHRASE, kdf=FLOOR_KDF, keeps_registers=False).casebook.close()
    return folder


@pytest.fixture
def second_casebook(template_second_casebook: Path, tmp_path: Path) -> Iterator[Casebook]:
    """A second mediator's fresh, unlocked casebook, locked again after the test."""
    target = tmp_path / "second"
    shutil.copytree(template_second_casebook, target)
    opened = vault.open_with_passphrase(target, PASSPHRASE)
    yield opened
    opened.close()


@pytest.fixture
def subprocess_env(tmp_path: Path) -> dict[str, str]:
    """Environment for running ``main.py`` in a subprocess with the network guard loaded."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(NETGUARD), str(ROOT)])
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["HOME"] = str(tmp_path / "home")  # platformdirs must never find a real casebook
    env["XDG_DATA_HOME"] = str(tmp_path / "home" / "data")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "home" / "config")
    env.pop("PYTHONSTARTUP", None)
    return env
