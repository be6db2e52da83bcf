"""The status a case's own record suggests next: never applied by itself, only offered.

A mediator records consents, agreed terms and the date agreed as they happen, and the
status easily lags behind ("Awaiting consent" on a case that is agreed). These rules read
the record and say which later status it points to, with the reason in words; the
interface offers it with one click. They only ever point forward, from the working
statuses, and never to an ending the mediator must judge (not agreed, withdrawn, closed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.cases.records import Case, Party, Status, Term, TermStatus

#: Statuses a case works through, in order; the suggestions move along these only.
WORKING = (Status.REFERRED, Status.CONTACTING, Status.AWAITING_CONSENT, Status.IN_MEDIATION)
_ORDER = {status: i for i, status in enumerate(Status)}


@dataclass(frozen=True)
class Suggestion:
    status: Status
    reason: str  # why, in the mediator's words


def suggest_status(case: Case, parties: Sequence[Party], terms: Sequence[Term]
                   ) -> Suggestion | None:  # fmt: skip
    """The status ``case``'s record points to, if it is later than the one it has."""
    if case.status not in WORKING:
        return None
    found = _pointed_to(case, parties, terms)
    if found is None or _ORDER[found.status] <= _ORDER[case.status]:
        return None
    return found


def _pointed_to(case: Case, parties: Sequence[Party], terms: Sequence[Term]) -> Suggestion | None:
    agreed = [term for term in terms if term.status is TermStatus.AGREED]
    if agreed and case.agreed_on is not None:
        count = "term is" if len(agreed) == 1 else "terms are"
        return Suggestion(
            Status.AGREED, f"{len(agreed)} {count} agreed and the date agreed is recorded."
        )
    if not parties:
        return None
    consented = sum(party.has_consented for party in parties)
    if consented == len(parties):
        every = "The party has" if len(parties) == 1 else f"All {len(parties)} parties have"
        return Suggestion(Status.IN_MEDIATION, f"{every} consented to mediation.")
    return Suggestion(
        Status.AWAITING_CONSENT,
        f"{consented} of {len(parties)} parties have consented to mediation so far.",
    )
