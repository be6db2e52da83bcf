"""Write a file so that a crash leaves either the old file or the new one, never half.

The temporary file is created with owner-only permissions before any byte is written,
flushed and fsynced, then moved over the target with ``os.replace`` (atomic on POSIX and
Windows), and the folder is fsynced so the rename itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` atomically; on failure the old file is untouched."""
    with replacing(path, data, mode=mode):
        pass


@contextlib.contextmanager
def replacing(path: Path, data: bytes, *, mode: int = 0o600) -> Iterator[None]:
    """Write ``data`` beside ``path`` (owner-only from the start, fsynced), run the block, and
    only when it completes move the new file over ``path``.

    If the writing or the block fails, the temporary file is removed and ``path`` is
    untouched. A caller puts the act that must go with the file (its audit entry) in the
    block, so that the file appears only once that act has been committed.
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, mode) if hasattr(os, "fchmod") else os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        yield
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where the OS cannot open folders)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
