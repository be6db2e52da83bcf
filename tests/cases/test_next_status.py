"""Which status a case's record suggests next: a suggestion only, and only forward."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from app.cases.next_status import Suggestion, suggest_status
from app.cases.records import Case, Party, PartyRole, Side, Status, Term, TermStatus

DAY = date(2026, 3, 2)


def party(consented: bool, withdrawn: bool = False) -> Party:
    return Party(1, 1, "Siân", PartyRole.PARENT, Side.FAMILY,
                 consented_on=DAY if consented else None,
                 consent_withdrawn_on=DAY if withdrawn else None)  # fmt: skip


def case(status: Status, agreed_on: date | None = None) -> Case:
    return Case(1, "MM-2026-001", "Ventilation", status=status, agreed_on=agreed_on)


AGREED = Term(1, 1, 0, "Review weekly", TermStatus.AGREED)
PROPOSED = Term(2, 1, 1, "Home oxygen", TermStatus.PROPOSED)


def test_everything_agreed_while_awaiting_consent_suggests_agreed() -> None:
    # The case: every consent, an agreed term and the date agreed, yet "Awaiting consent".
    found = suggest_status(case(Status.AWAITING_CONSENT, DAY), [party(True), party(True)],
                           [AGREED, PROPOSED])  # fmt: skip
    assert found == Suggestion(Status.AGREED, found.reason if found else "")
    assert found is not None and "date agreed" in found.reason


def test_each_step_of_the_way() -> None:
    assert suggest_status(case(Status.REFERRED), [], []) is None
    step = suggest_status(case(Status.REFERRED), [party(False)], [])
    assert step is not None and step.status is Status.AWAITING_CONSENT
    step = suggest_status(case(Status.CONTACTING), [party(True), party(False)], [])
    assert step is not None and step.status is Status.AWAITING_CONSENT
    step = suggest_status(case(Status.AWAITING_CONSENT), [party(True), party(True)], [])
    assert step is not None and step.status is Status.IN_MEDIATION
    assert "consented" in step.reason
    # Agreed terms without the date agreed are not yet an agreement.
    assert suggest_status(case(Status.IN_MEDIATION), [party(True)], [AGREED]) is None
    step = suggest_status(case(Status.IN_MEDIATION, DAY), [party(True)], [AGREED])
    assert step is not None and step.status is Status.AGREED


def test_withdrawn_consent_does_not_count() -> None:
    step = suggest_status(case(Status.AWAITING_CONSENT), [party(True), party(True, True)], [])
    assert step is None


def test_a_date_agreed_with_no_agreed_term_is_not_an_agreement() -> None:
    assert suggest_status(case(Status.IN_MEDIATION, DAY), [party(True)], [PROPOSED]) is None


@given(
    st.sampled_from(Status),
    st.lists(st.tuples(st.booleans(), st.booleans()), max_size=4),
    st.lists(st.sampled_from(TermStatus), max_size=4),
    st.booleans(),
)
def test_a_suggestion_only_ever_moves_forward(
    status: Status, consents: list[tuple[bool, bool]], terms: list[TermStatus], dated: bool
) -> None:
    parties = [party(c, w) for c, w in consents]
    made = [Term(i, 1, i, "t", s) for i, s in enumerate(terms)]
    found = suggest_status(case(status, DAY if dated else None), parties, made)
    order = list(Status)
    if found is not None:
        assert found.status is not status and found.reason
        assert order.index(found.status) > order.index(status)
        # Never past an ending the mediator chose: not agreed, withdrawn, closed.
        assert status in (Status.REFERRED, Status.CONTACTING, Status.AWAITING_CONSENT,
                          Status.IN_MEDIATION)  # fmt: skip
