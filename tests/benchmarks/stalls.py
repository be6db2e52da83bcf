"""How long the window freezes while long work runs, and erasing a 1,000-note case.

A 10 ms timer runs on the GUI thread while the work runs; the figure is the longest time
between two of its ticks (or between the last tick and the end), so a window that keeps
painting scores about 10 ms and one whose GUI thread is busy scores the length of the work.

Each runs through the very code the app's menu item runs, with only the file chooser
answered and the window's parts that the work does not touch left out (``HOW``, printed as
the figure's note): Back up now is ``back_up_now`` (``ui/trust/backup_dialog.py``), Import
cases is ``CaseImport`` (``ui/cases/import_cases.py``), Destroy confidential notes is the
``EraseDialog``'s own ``erase`` (``ui/trust/erase_dialog.py``) and Check the casebook is
``check_book`` (``ui/trust/check_book.py``), each on its ``BackgroundJob``, the book open on
the GUI thread meanwhile as it is in the app. A figure is over once the job has delivered
its outcome on the GUI thread (the result shown).
"""

from __future__ import annotations

import json
import random
import shutil
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.books import FLOOR, PASSPHRASE
from benchmarks.exchange import case_of_many_notes
from benchmarks.figures import Figure
from benchmarks.generate import sentence

from app.books import vault
from app.books.casebook import Casebook
from app.cases.records import Status

if TYPE_CHECKING:
    from ui.background import BackgroundJob

STALL_BUDGET_MS = 100
HOW = {
    "backup": "File → Back up now's code (back_up_now), on its BackgroundJob, own connection",
    "erase": "the erase dialog's own erase(), on its BackgroundJob, own connection",
    "verify": "File → Check the casebook's code (check_book), on its BackgroundJob",
    "import": "File → Import cases…'s CaseImport, read, checked and stored on its job",
}

#: Starts the work; calls its argument (on the GUI thread) once the work is over.
Starter = Callable[[Callable[[], None]], None]


def longest_stall_ms(start: Starter) -> float:
    """The longest the GUI thread went without running a 10 ms timer while ``start``'s
    work ran."""
    import itertools

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([])
    loop = QEventLoop()
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))

    def finished() -> None:
        ticks.append(time.perf_counter())
        loop.quit()

    def begin() -> None:
        ticks.append(time.perf_counter())
        start(finished)

    timer.start()
    QTimer.singleShot(0, begin)
    loop.exec()
    timer.stop()
    return max(b - a for a, b in itertools.pairwise(ticks)) * 1000


def _until_idle(job: BackgroundJob, kick: Callable[[], object]) -> Starter:
    """Starts the app's own code with ``kick``; over when ``job`` has delivered its outcome."""

    def start(done: Callable[[], None]) -> None:
        def changed(busy: bool) -> None:
            if not busy:
                job.busy_changed.disconnect(changed)
                done()

        job.busy_changed.connect(changed)
        kick()
        if not job.busy:
            raise RuntimeError("the work did not start")

    return start


def _close_boxes(parent: Any) -> list[str]:
    """What the message boxes shown to the mediator said; then they are closed."""
    from PySide6.QtWidgets import QMessageBox

    said = []
    for box in parent.findChildren(QMessageBox):
        said.append(f"{box.text()} {box.informativeText()}")
        box.done(0)
    return said


def stall_backup(casebook: Casebook, scratch: Path) -> float:
    from PySide6.QtWidgets import QWidget

    from ui.background import BackgroundJob
    from ui.trust.backup_dialog import back_up_now

    target = scratch / "stall.parley-backup"
    window, job = QWidget(), BackgroundJob()

    def kick() -> None:
        back_up_now(window, casebook, job, choose=lambda _w, _suggested, chosen: chosen(target))

    stall = longest_stall_ms(_until_idle(job, kick))
    said = _close_boxes(window)
    if not target.exists() or not said or "Backup made." not in said[0]:
        raise RuntimeError(f"the backup failed: {said}")
    target.unlink()
    return stall


class _Window:
    """What the erase dialog needs of the main window, with no case open in it."""

    class _Cases:
        def refresh_case(self, case_id: int) -> None:
            pass

    def __init__(self, casebook: Casebook) -> None:
        self.casebook: Casebook | None = casebook
        self.workspace = None
        self.cases = self._Cases()

    def close_case(self) -> bool:
        return True

    def open_case(self, case_id: int) -> None:
        pass


def stall_erase(casebook: Casebook) -> float:
    from ui.background import BackgroundJob
    from ui.trust.erase_dialog import EraseDialog

    row = casebook.connection.execute(
        "SELECT id FROM cases WHERE status = 'closed' AND notes_destroyed_on IS NULL LIMIT 1"
    ).fetchone()
    if row is None:  # a short run's book may have no closed case: close one
        case = casebook.cases.update(_closed(casebook.cases.get(1)))
    else:
        case = casebook.cases.get(int(row[0]))
    job = BackgroundJob()
    dialog = EraseDialog(_Window(casebook), case, job)  # type: ignore[arg-type]
    dialog.confirm.setText(case.reference)
    stall = longest_stall_ms(_until_idle(job, dialog.erase))
    if dialog.erasure is None:
        raise RuntimeError(f"the erasure failed: {dialog.message.label.text()}")
    dialog.deleteLater()
    return stall


def stall_verify(casebook: Casebook) -> float:
    from PySide6.QtWidgets import QWidget

    from ui.background import BackgroundJob
    from ui.trust.check_book import check_book

    window, job = QWidget(), BackgroundJob()
    stall = longest_stall_ms(_until_idle(job, lambda: check_book(window, casebook, job)))
    said = _close_boxes(window)
    if not said or "checked out" not in said[0]:
        raise RuntimeError(f"the check failed: {said}")
    return stall


def import_document(cases: int, seed: int = 5) -> dict[str, Any]:
    """An interchange file of ``cases`` fictional cases, 25 notes each."""
    rng = random.Random(seed)
    entries = []
    for n in range(cases):
        referred = date(2021, 1, 1) + timedelta(days=rng.randrange(0, 1500))
        written = datetime.combine(referred, datetime.min.time()) + timedelta(hours=10)
        entries.append(
            {
                "reference": f"IM-{referred.year}-{n:05d}",
                "title": sentence(rng, 5).rstrip("."),
                "status": "in_mediation",
                "referred_on": referred.isoformat(),
                "summary": sentence(rng, 40),
                "notes": [
                    {
                        "text": sentence(rng, rng.randrange(15, 60)),
                        "written_at": (written + timedelta(days=k)).strftime("%Y-%m-%dT%H:%M"),
                    }
                    for k in range(25)
                ],
            }
        )
    return {"format": "parley.cases/1", "cases": entries}


def stall_import(scratch: Path, cases: int) -> float:
    from PySide6.QtWidgets import QWidget

    from ui.cases.import_cases import CaseImport

    source = scratch / "import.json"
    source.write_text(json.dumps(import_document(cases)), encoding="utf-8")
    folder = scratch / "imported"
    vault.create_casebook(folder, PASSPHRASE, kdf=FLOOR).casebook.close()
    unlocked = vault.unlock_with_passphrase(folder, PASSPHRASE)
    window = QWidget()
    importer = CaseImport(window)
    importer.choose_file = lambda _parent: source
    with vault.open_casebook(unlocked) as casebook:  # open on the GUI thread, as in the app
        stall = longest_stall_ms(_until_idle(importer.job, lambda: importer.start(casebook)))
        stored = casebook.cases.count()
    said = _close_boxes(window)
    if stored != cases:
        raise RuntimeError(f"import failed: {said}")
    shutil.rmtree(folder)
    return stall


def stall_figures(folder: Path, scratch: Path, import_cases: int) -> list[Figure]:
    """The four stalls; the casebook at ``folder`` loses one closed case's notes."""
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([])  # the windows are made before the timing
    unlocked = vault.unlock_with_passphrase(folder, PASSPHRASE)
    stalls = {"import": stall_import(scratch, import_cases)}
    with vault.open_casebook(unlocked) as casebook:
        stalls["verify"] = stall_verify(casebook)
        stalls["backup"] = stall_backup(casebook, scratch)
        stalls["erase"] = stall_erase(casebook)
    return [
        Figure(
            f"gui_stall_{name}",
            f"longest GUI stall during {name}",
            stalls[name],
            "ms",
            f"≤ {STALL_BUDGET_MS} ms",
            stalls[name] <= STALL_BUDGET_MS,
            note=HOW[name],
        )
        for name in ("backup", "import", "erase", "verify")
    ]


def erase_case_of_many_notes(scratch: Path, repeats: int, notes: int = 1000) -> Figure:
    """Destroying the confidential notes of a closed 1,000-note case, re-index included
    (``notes`` is smaller only in a short run that checks the results' shape)."""
    from app.books.erasure import destroy_confidential_notes

    template = scratch / "erase-template"
    with vault.create_casebook(template, PASSPHRASE, kdf=FLOOR).casebook as casebook:
        reference = case_of_many_notes(casebook, notes)
        case = casebook.cases.by_reference(reference)
        casebook.cases.update(_closed(case))
        key, book_id = casebook.data_key, casebook.casebook_id
    times = []
    for n in range(repeats):
        copy = scratch / f"erase-{n}"
        shutil.copytree(template, copy)
        with vault.open_casebook(vault.Unlocked(copy, key, book_id)) as casebook:
            case_id = casebook.cases.by_reference(reference).id
            assert case_id is not None
            start = time.perf_counter()
            result = destroy_confidential_notes(casebook, case_id)
            times.append((time.perf_counter() - start) * 1000)
            assert result.notes == notes
        shutil.rmtree(copy)
    shutil.rmtree(template)
    value = statistics.median(times)
    return Figure(
        "erase_case_1000_notes",
        "destroying the notes of a 1,000-note case",
        value,
        "ms",
        "≤ 300 ms",
        value <= 300,
        note=f"slowest {max(times):.0f} ms",
    )


def _closed(case: Any) -> Any:
    from dataclasses import replace

    return replace(case, status=Status.CLOSED)


def note_save_in_case_of_many_notes(scratch: Path, repeats: int, notes: int = 1000) -> Figure:
    """Saving one more note into a 1,000-note case, beside saving one into a case with none,
    in the same book and taking turns. Each save writes its case's whole search row again
    (every word of every note of the case), so the cost follows the size of the case; it
    runs on the GUI thread, so its budget is the stall budget."""
    from app.cases.records import Case, Note, Patient

    folder = scratch / "many-notes-save"
    with vault.create_casebook(folder, PASSPHRASE, kdf=FLOOR).casebook as casebook:
        big = casebook.cases.by_reference(case_of_many_notes(casebook, notes)).id
        empty = casebook.cases.add(
            Case(None, "MM-2026-778", "A new referral", hospital="St Aldhelm's",
                 referred_on=date(2026, 2, 1), patient=Patient("Ada Lewis", date(2020, 1, 2)))
        ).id  # fmt: skip
        assert big is not None and empty is not None
        when = datetime(2026, 3, 1, 12)

        def saver(case_id: int) -> Callable[[], float]:
            rng = random.Random(case_id)

            def save() -> float:
                text = sentence(rng, 40)
                start = time.perf_counter()
                casebook.notes.add(Note(None, case_id, text, when))
                return (time.perf_counter() - start) * 1000

            return save

        into_big, into_empty = saver(big), saver(empty)
        big_times, empty_times = [], []
        for _ in range(max(repeats, 30)):
            big_times.append(into_big())
            empty_times.append(into_empty())
    shutil.rmtree(folder)
    value, base = statistics.median(big_times), statistics.median(empty_times)
    return Figure(
        "note_save_1000_notes",
        "saving a note into a 1,000-note case",
        value,
        "ms",
        f"≤ {STALL_BUDGET_MS} ms",
        value <= STALL_BUDGET_MS,
        base,
        value / base,
        note=f"slowest {max(big_times):.1f} ms; into a case with no notes {base:.1f} ms",
    )
