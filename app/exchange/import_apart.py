"""File → Import cases… as the app runs it: the whole import on a worker's own connection.

Reading and checking a file of a thousand cases takes a second or two, and storing them as
long again; neither may freeze the window (docs/ARCHITECTURE.md, "The worker rule"). So the
file is read, checked against the references the book holds and stored, in one transaction
with its one audit entry, on a connection opened apart (``app.books.apart``). All of the
file's cases are added, or none. Locking meanwhile stops it before it commits (nothing is
added, and nobody was told of it), or, if it has committed, lets it end whole.
"""

from __future__ import annotations

from pathlib import Path

from app.books.apart import Apart, working_apart
from app.books.casebook import Casebook
from app.errors import ImportRejected
from app.exchange.importer import ImportSummary, plan_file, store_planned
from app.progress import Progress, Stopped, never_stopped, no_progress


def import_file_apart(
    taken: Apart, path: Path, progress: Progress = no_progress, stopped: Stopped = never_stopped
) -> ImportSummary:
    """Read, check and store every case of the file at ``path``, or none; for a worker.

    ``stopped()`` is asked as the cases are stored; if it says so, none is (``WorkStopped``).
    """
    with working_apart(taken) as book:
        if not isinstance(book, Casebook):
            raise ImportRejected("Cases are imported into a casebook, not an office book.")
        progress(0, 1, "Reading and checking the file")
        planned = plan_file(path, book.cases.references())
        summary = store_planned(
            book, planned, source_name=Path(path).name, progress=progress, stopped=stopped
        )
        progress(len(planned), len(planned), "Done")
        return summary
