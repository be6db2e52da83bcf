"""The guard against network use must itself work, or every other test proves nothing."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from conftest import NetworkAttempt, network_attempts


def test_connecting_to_the_internet_fails_the_test() -> None:
    before = len(network_attempts)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(NetworkAttempt):
        sock.connect(("127.0.0.1", 9))
    assert len(network_attempts) == before + 1
    del network_attempts[before:]  # this attempt was the point of the test


def test_name_lookups_are_blocked() -> None:
    before = len(network_attempts)
    with pytest.raises(NetworkAttempt):
        socket.getaddrinfo("example.org", 443)
    del network_attempts[before:]


def test_subprocesses_are_guarded_too(subprocess_env: dict[str, str]) -> None:
    code = "import socket; socket.create_connection(('127.0.0.1', 9), timeout=1)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=subprocess_env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "network blocked" in result.stderr
