"""Loaded by every Python subprocess the tests start (via PYTHONPATH): no network, ever.

Parley must never open a connection (docs/ARCHITECTURE.md, "Rules the code keeps", rule 3).
In-process tests are guarded by an autouse fixture; this file extends the same guard to the
CLI runs in subprocesses.
"""

import socket

_real_socket = socket.socket


class _GuardedSocket(_real_socket):
    def connect(self, address):  # type: ignore[no-untyped-def]
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise OSError(f"network blocked in Parley's tests: connect to {address!r}")
        return super().connect(address)

    def connect_ex(self, address):  # type: ignore[no-untyped-def]
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise OSError(f"network blocked in Parley's tests: connect to {address!r}")
        return super().connect_ex(address)


def _blocked(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise OSError("network blocked in Parley's tests: name lookup")


socket.socket = _GuardedSocket  # type: ignore[misc]
socket.getaddrinfo = _blocked
socket.gethostbyname = _blocked
