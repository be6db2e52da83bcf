"""A subject access request's pack, gathered from the casebook's records for review."""

from __future__ import annotations

from app.books.casebook import Casebook
from app.cases.access_pack import AccessPack, CaseRecords, gather_items
from app.errors import ParleyError


def access_pack(casebook: Casebook, request_id: int) -> AccessPack:
    """The pack of one request, at its starting point: the requester's own items selected.

    The request must name the party records that are the requester.
    """
    request = casebook.registers.access_requests.get(request_id)
    if not request.party_ids:
        raise ParleyError(
            f"{request.reference} names no party record yet: choose the requester's party "
            "records first, so that Parley can gather what it holds about them."
        )
    case_ids = sorted({casebook.parties.get(pid).case_id for pid in request.party_ids})
    records = [
        CaseRecords(
            casebook.cases.get(case_id),
            tuple(casebook.parties.for_case(case_id)),
            tuple(casebook.meetings.for_case(case_id)),
            tuple(casebook.notes.for_case(case_id)),
            tuple(casebook.issues.for_case(case_id)),
        )
        for case_id in case_ids
    ]
    return AccessPack(
        request.reference,
        request.requester,
        request.received_on,
        gather_items(request.party_ids, records),
    )
