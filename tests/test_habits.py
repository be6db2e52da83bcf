"""The project's habits hold: CI runs `.ci/run` on every push and pull request, `.ci/run`
installs what the tests need as root or through sudo, and the pre-commit hooks are the
project's own tools, fetched from nowhere."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import yaml

from conftest import ROOT

STUBS = {
    # Every package reported missing, so that .ci/run installs them all.
    "dpkg-query": "exit 1",
    "id": 'echo "$STUB_UID"',
    # Like the real one: the command runs with a fresh environment, as root.
    "sudo": 'exec env -i PATH="$PATH" LOG="$LOG" SUDO_USER=tester "$@"',
    "apt-get": 'echo "apt-get $1 by=${SUDO_USER:-root} frontend=${DEBIAN_FRONTEND:-}" >> "$LOG"',
    "make": 'echo "make $*" >> "$LOG"',
}


def run_ci_script(tmp_path: Path, uid: int) -> list[str]:
    """Run a copy of .ci/run with the system's tools replaced by recorders."""
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name, body in STUBS.items():
        (stubs / name).write_text(f"#!/bin/sh\n{body}\n")
        (stubs / name).chmod(0o755)
    log = tmp_path / "log"
    env = {
        "PATH": f"{stubs}{os.pathsep}{os.environ['PATH']}",
        "LOG": str(log),
        "STUB_UID": str(uid),
    }
    done = subprocess.run(
        ["bash", str(tmp_path / ".ci" / "run")], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return log.read_text().splitlines()


def test_ci_installs_its_packages_through_sudo_when_not_root(tmp_path: Path) -> None:
    """GitHub's runner is not root: the packages go in through sudo, which resets the
    environment, and apt-get must still be told not to stop for questions."""
    assert run_ci_script(tmp_path, uid=1001) == [
        "apt-get update by=tester frontend=",
        "apt-get install by=tester frontend=noninteractive",
        "make test",
    ]


def test_ci_installs_its_packages_directly_as_root(tmp_path: Path) -> None:
    assert run_ci_script(tmp_path, uid=0) == [
        "apt-get update by=root frontend=",
        "apt-get install by=root frontend=noninteractive",
        "make test",
    ]


def test_the_workflow_runs_ci_on_every_push_and_pull_request() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    # YAML 1.1 reads the key `on` as True.
    triggers = workflow.get("on", workflow.get(True))
    assert set(triggers) == {"push", "pull_request"}
    assert not any(triggers.values())  # no branch or path filters
    [job] = workflow["jobs"].values()
    assert job["runs-on"] == "ubuntu-24.04"
    steps = job["steps"]
    [python] = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
    assert python["with"]["python-version"] == "3.11"
    assert [s["run"] for s in steps if "run" in s] == [".ci/run"]


def test_pre_commit_uses_only_the_projects_own_tools() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    assert set(hooks) == {"ruff", "ruff-format", "mypy"}
    for hook in hooks.values():
        assert hook["entry"].startswith(".venv/bin/"), hook
        assert hook["language"] == "unsupported", hook  # nothing installed by pre-commit
    checked = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "pre-commit"), "validate-config"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
