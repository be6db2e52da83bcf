"""A demo casebook of fictional cases, for trying Parley and for showing it to others.

It fills every screen: six cases in progress (``cases``), a few years of closed cases with
their outcomes for the statistics (``history``), and the registers: courses with bookings,
delegates, attendance and feedback, complaints, and subject access requests
(``registers``). Every person, hospital and NHS number is invented; dates are set relative
to the day the demo is made.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.books.keyfile import Argon2Params
from app.books.vault import CreatedCasebook, create_casebook
from app.demo.cases import demo_document as demo_document
from app.demo.history import add_history
from app.demo.registers import add_registers
from app.exchange.importer import import_document
from app.settings import MEDIATOR, ORGANISATION

# Plain ASCII, so it can be typed on any keyboard from the printed line.
DEMO_PASSPHRASE = "demo only, not for real cases"
DEMO_ORGANISATION = "Riverside Medical Mediation (demo)"
DEMO_MEDIATOR = "Alex Morgan (demo mediator)"


def create_demo_casebook(folder: Path, *, kdf: Argon2Params | None = None) -> CreatedCasebook:
    """Make a new casebook in ``folder`` holding the demo cases; the caller closes it.

    It opens with ``DEMO_PASSPHRASE``. ``kdf`` is for tests; normally Argon2id is calibrated.
    """
    created = create_casebook(folder, DEMO_PASSPHRASE, kdf=kdf)
    casebook = created.casebook
    try:
        with casebook.transaction():
            casebook.settings.set(ORGANISATION, DEMO_ORGANISATION)
            casebook.settings.set(MEDIATOR, DEMO_MEDIATOR)
            today = date.today()
            import_document(casebook, demo_document(today), source_name="the demo")
            add_history(casebook, today)
            add_registers(casebook, today)
    except BaseException:
        casebook.close()
        raise
    return created
