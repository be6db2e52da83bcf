"""How consent was given is recorded with when: "How given" with no date is refused, with the
reason beside the date, for a party's consent to mediate and a note's consent to share."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.cases.records import Note, Party, PartyRole, Side
from app.cases.validation import check_note, check_party
from app.errors import InvalidValue

REASON = "enter the date consent was given, or leave “How given” empty"


def test_a_party_s_consent_how_without_its_date_is_refused() -> None:
    party = Party(None, 1, "Siân Pritchard", PartyRole.PARENT, Side.FAMILY, consent_how="In person")
    with pytest.raises(InvalidValue) as refused:
        check_party(party)
    assert (refused.value.field, refused.value.reason) == ("consented_on", REASON)
    check_party(Party(None, 1, "Siân Pritchard", PartyRole.PARENT, Side.FAMILY,
                      consented_on=date(2026, 3, 6), consent_how="In person"))  # fmt: skip
    check_party(Party(None, 1, "Siân Pritchard", PartyRole.PARENT, Side.FAMILY, consent_how=" "))


def test_a_note_s_consent_how_without_its_date_is_refused() -> None:
    note = Note(None, 1, "Text", datetime(2026, 3, 6, 10, 0), consent_how="Verbally")
    with pytest.raises(InvalidValue) as refused:
        check_note(note)
    assert (refused.value.field, refused.value.reason) == ("consent_on", REASON)
    check_note(Note(None, 1, "Text", datetime(2026, 3, 6, 10, 0), consent_on=date(2026, 3, 6),
                    consent_how="Verbally"))  # fmt: skip
