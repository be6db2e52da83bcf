"""The command line: every command's success and failures, exit codes, and no tracebacks."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app import cli
from app.books import keyfile, vault
from app.cli.parser import build_parser
from app.demo import DEMO_PASSPHRASE
from ui.application import PAINT_CLOCK_VARIABLE

from conftest import PASSPHRASE, ROOT
from helpers import floor_kdf_everywhere, run_cli, snapshot

NEW_PASSPHRASE = "amber meadow violin 1987"
run = run_cli


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process runs use the floor cost; the real calibration runs in a subprocess test."""
    floor_kdf_everywhere(monkeypatch)


def document(reference: str = "MM-2026-101", **case: object) -> dict[str, object]:
    return {
        "format": "parley.cases/1",
        "cases": [
            {
                "reference": reference,
                "title": "Continuing ventilation",
                "parties": [
                    {"id": "p1", "name": "Siân Jones", "role": "parent", "side": "family",
                     "consented_on": "2026-03-05"},
                ],
                "terms": [
                    {"text": "Review the plan weekly & record < 2 changes", "status": "agreed"}
                ],
                "agreed_on": "2026-04-01",
                **case,
            }
        ],
    }  # fmt: skip


def test_init_creates_and_prints_the_recovery_key_once(tmp_path: Path) -> None:
    folder = tmp_path / "cb"
    result = run("init", "--vault", str(folder), stdin=PASSPHRASE + "\n")
    assert result.code == 0
    recovery = next(line.strip() for line in result.out.splitlines() if line.count("-") == 7)
    with vault.open_with_recovery_key(folder, recovery) as casebook:
        assert casebook.cases.count() == 0

    again = run("init", "--vault", str(folder), stdin=PASSPHRASE + "\n")
    assert again.code == 1 and "already a casebook" in again.err


def test_init_refuses_a_weak_passphrase_and_says_why(tmp_path: Path) -> None:
    result = run("--vault", str(tmp_path / "cb"), "init", stdin="short\n")
    assert result.code == 1 and "at least 12 characters" in result.err
    assert not (tmp_path / "cb").exists()


def test_a_missing_passphrase_on_a_pipe_is_a_clear_error(casebook_folder: Path) -> None:
    result = run("verify", "--vault", str(casebook_folder), stdin="")
    assert result.code == 1 and "standard input" in result.err


def test_verify_passes_and_a_wrong_passphrase_exits_3(casebook_folder: Path) -> None:
    ok = run("verify", "--vault", str(casebook_folder), stdin=PASSPHRASE + "\n")
    assert ok.code == 0 and "Encryption: every page authenticates" in ok.out
    before = snapshot(casebook_folder)
    wrong = run("verify", "--vault", str(casebook_folder), stdin="not the passphrase\n")
    assert wrong.code == 3 and "does not open" in wrong.err
    assert snapshot(casebook_folder) == before


def test_verify_reports_a_broken_audit_chain(casebook_folder: Path) -> None:
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        casebook.connection.execute("DROP TRIGGER audit_is_append_only_u")
        casebook.connection.execute("UPDATE audit SET action = 'edited' WHERE id = 1")
    result = run("verify", "--vault", str(casebook_folder), stdin=PASSPHRASE + "\n")
    assert result.code == 6  # verify names a broken audit chain with its own code
    assert "Audit trail: entry 1" in result.out


def test_a_missing_casebook_is_named(tmp_path: Path) -> None:
    result = run("verify", "--vault", str(tmp_path / "nowhere"), stdin=PASSPHRASE + "\n")
    assert result.code == 1 and "no casebook" in result.err
    assert not (tmp_path / "nowhere").exists()


def test_import_then_export_the_agreement(casebook_folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "cases.json"
    source.write_text(json.dumps(document()), encoding="utf-8")
    imported = run("import", str(source), "--vault", str(casebook_folder), stdin=PASSPHRASE + "\n")
    assert imported.code == 0 and "Imported 1 case" in imported.out

    pdf = tmp_path / "agreement.pdf"
    exported = run(
        "export-agreement", "MM-2026-101", "--out", str(pdf), "--vault", str(casebook_folder),
        stdin=PASSPHRASE + "\n",
    )  # fmt: skip
    assert exported.code == 0
    assert pdf.read_bytes().startswith(b"%PDF-")
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        [entry] = [e for e in casebook.audit.entries() if e.action == "agreement exported"]
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() in entry.detail


def test_a_bad_import_names_the_field_and_adds_nothing(
    casebook_folder: Path, tmp_path: Path
) -> None:
    bad = document()
    bad["cases"][0]["parties"][0]["side"] = "famly"  # type: ignore[index]
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(bad), encoding="utf-8")
    result = run("import", str(source), "--vault", str(casebook_folder), stdin=PASSPHRASE + "\n")
    assert result.code == 1 and "cases[0].parties[0].side" in result.err
    with vault.open_with_passphrase(casebook_folder, PASSPHRASE) as casebook:
        assert casebook.cases.count() == 0

    missing = run("import", str(tmp_path / "nope.json"), "--vault", str(casebook_folder),
                  stdin=PASSPHRASE + "\n")  # fmt: skip
    assert missing.code == 1


def test_export_failures_are_clear(casebook_folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "cases.json"
    doc = document()
    doc["cases"].append(  # type: ignore[attr-defined]
        {"reference": "MM-2026-102", "title": "Nothing agreed yet",
         "terms": [{"text": "Proposed only", "status": "proposed"}]}
    )  # fmt: skip
    source.write_text(json.dumps(doc), encoding="utf-8")
    assert (
        run("import", str(source), "--vault", str(casebook_folder), stdin=PASSPHRASE + "\n").code
        == 0
    )
    base = ["--vault", str(casebook_folder), "export-agreement"]

    unknown = run(*base, "MM-1999-999", "--out", str(tmp_path / "a.pdf"), stdin=PASSPHRASE + "\n")
    assert unknown.code == 1 and "no case with the reference" in unknown.err
    nothing = run(*base, "MM-2026-102", "--out", str(tmp_path / "b.pdf"), stdin=PASSPHRASE + "\n")
    assert nothing.code == 1 and "no agreed terms" in nothing.err
    nowhere = run(*base, "MM-2026-101", "--out", str(tmp_path / "no" / "c.pdf"),
                  stdin=PASSPHRASE + "\n")  # fmt: skip
    assert nowhere.code == 1 and "does not exist" in nowhere.err
    assert not any(tmp_path.glob("*.pdf"))


def test_change_passphrase_with_old_then_new(casebook_folder: Path) -> None:
    changed = run("change-passphrase", "--vault", str(casebook_folder),
                  stdin=f"{PASSPHRASE}\n{NEW_PASSPHRASE}\n")  # fmt: skip
    assert changed.code == 0
    assert run("verify", "--vault", str(casebook_folder), stdin=NEW_PASSPHRASE + "\n").code == 0
    assert run("verify", "--vault", str(casebook_folder), stdin=PASSPHRASE + "\n").code == 3

    wrong_old = run("change-passphrase", "--vault", str(casebook_folder),
                    stdin=f"wrong old passphrase\n{PASSPHRASE}\n")  # fmt: skip
    assert wrong_old.code == 3


def test_new_recovery_key_prints_it_once_and_retires_the_old_one(
    casebook_folder: Path, template_recovery_key: str
) -> None:
    made = run("new-recovery-key", "--vault", str(casebook_folder), stdin=PASSPHRASE + "\n")
    assert made.code == 0, made.err
    shown = [w for w in made.out.split() if keyfile.parse_recovery_key(w) is not None]
    assert len(shown) == 1 and shown[0] != template_recovery_key
    with pytest.raises(vault.WrongRecoveryKey):
        vault.open_with_recovery_key(casebook_folder, template_recovery_key)
    vault.open_with_recovery_key(casebook_folder, shown[0]).close()

    before = snapshot(casebook_folder)
    wrong = run("new-recovery-key", "--vault", str(casebook_folder), stdin="not mine\n")
    assert wrong.code == 3 and snapshot(casebook_folder) == before


def test_change_passphrase_with_the_recovery_key(
    casebook_folder: Path, template_recovery_key: str
) -> None:
    result = run("change-passphrase", "--with-recovery-key", "--vault", str(casebook_folder),
                 stdin=f"{template_recovery_key}\n{NEW_PASSPHRASE}\n")  # fmt: skip
    assert result.code == 0
    assert run("verify", "--vault", str(casebook_folder), stdin=NEW_PASSPHRASE + "\n").code == 0


def test_demo_makes_a_folder_of_its_own_and_prints_the_passphrase(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    first = run("demo", "--vault", str(folder))
    assert first.code == 0 and DEMO_PASSPHRASE in first.out
    before = snapshot(folder)
    second = run("demo", "--vault", str(folder))
    assert second.code == 0 and "already" in second.out
    assert snapshot(folder) == before  # never recreated over itself
    assert run("verify", "--vault", str(folder), stdin=DEMO_PASSPHRASE + "\n").code == 0


@pytest.mark.parametrize(
    "argv", [["frobnicate"], ["export-agreement", "MM-1"], ["import"], ["--vault"]]
)
def test_usage_errors_exit_2(argv: list[str]) -> None:
    assert run(*argv).code == 2


def test_no_command_without_a_window_is_a_usage_error() -> None:
    assert run().code == 2


# --- the real thing, in a separate process, with the network guard loaded ----------------


def main_py(
    args: list[str], env: dict[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], input=stdin, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_process_exit_codes_and_stderr(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    folder = str(tmp_path / "cb")
    init = main_py(["init", "--vault", folder], subprocess_env, PASSPHRASE + "\n")
    assert init.returncode == 0, init.stderr
    assert "Recovery key" in init.stdout
    # The real calibration ran: the slot is at least the floor, and above it here.
    keys = keyfile.parse_key_file((tmp_path / "cb" / "casebook.key").read_bytes())
    slot = keys.slot("passphrase")
    assert slot is not None
    params = keyfile.argon2_params_of(slot)
    assert params.memory_kib >= 65536 and params.iterations >= 3

    wrong = main_py(["verify", "--vault", folder], subprocess_env, "wrong wrong wrong\n")
    assert wrong.returncode == 3
    assert wrong.stderr == "parley: That passphrase does not open this casebook.\n"
    usage = main_py(["nonsense"], subprocess_env)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_smoke_test_opens_the_first_window_and_creates_nothing(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    result = main_py(["--smoke-test", "--vault", str(tmp_path / "none")], subprocess_env)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "none").exists()
    assert "Traceback" not in result.stderr
    assert result.stdout == ""  # the paint time is told only to the benchmark, when asked
    started = time.monotonic()
    timed = main_py(
        ["--smoke-test", "--vault", str(tmp_path / "none")],
        {**subprocess_env, PAINT_CLOCK_VARIABLE: "1"},
    )
    [(word, painted)] = [line.split() for line in timed.stdout.splitlines()]
    assert word == "painted" and started < float(painted) < time.monotonic()


def test_self_test_exports_from_a_throwaway_casebook(subprocess_env: dict[str, str]) -> None:
    result = main_py(["--self-test"], subprocess_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "export" in result.stdout and "passed" in result.stdout
    assert "a post-quantum sealed file passed" in result.stdout


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--smoke-test"],
        ["--vault", "cases", "--self-test"],
        ["--self-test", "--vault=cases"],
        ["--smoke-test", "--smoke-test", "--vault", "a", "--vault", "cases"],
        ["--smoke"],  # an abbreviation: left to argparse, which allows it
        ["verify", "--vault", "cases"],
        ["--vault"],
        ["--vault", "--smoke-test"],
        ["--vault="],
        ["--smoke-test", "--bogus"],
        ["--help"],
        ["-h"],
        ["--version"],
    ],
)
def test_the_window_opens_exactly_as_the_full_parser_would_open_it(
    tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Opening the window reads its three options without building every command's parser
    (start-up time); whatever it reads must be what the full parser reads, and a command,
    help or a mistake must never open a window."""
    argv = [a.replace("cases", str(tmp_path / "cases")) for a in argv]
    try:
        parsed = build_parser().parse_args(argv)
    except SystemExit:
        expected = []
    else:
        window = parsed.command is None
        expected = [(parsed.vault, parsed.smoke_test, parsed.self_test)] if window else []
    launched: list[tuple[Path | None, bool, bool]] = []

    def gui(folder: Path | None, smoke: bool, self_test: bool) -> int:
        launched.append((folder, smoke, self_test))
        return 0

    cli.main(argv, gui=gui, stdin=io.StringIO(""), stdout=io.StringIO(), stderr=io.StringIO())
    capsys.readouterr()  # argparse writes help and errors to the real streams
    assert launched == expected
    if argv[:1] == ["--smoke-test"] and len(argv) == 1:
        assert launched == [(None, True, False)]  # the oracle is not vacuous
