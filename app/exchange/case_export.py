"""Cases written in the interchange format (``parley.cases/1``), as ``import`` reads them.

``case_entry`` writes the whole of a case, notes and all: it is what a handover carries and
what a casebook's ``export-book`` holds. ``opening_entry`` writes only a case's opening
details: what a referral carries and what the office's ``export-book`` holds.

Ids of parties and meetings are the file's own labels (``p1``, ``m1``), numbered in the
order the stores list them, so writing a case, reading it into a new book and writing it
again gives the same document. Fields with no value are left out (the importer reads a
missing field as empty), except each party's ``party_to_agreement``, which is always
written: left out, the importer would work it out afresh.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from app.books.casebook import Casebook
from app.cases.opening import OpeningDetails
from app.cases.records import Case, Court, Patient
from app.exchange.importer import FORMAT

Entry = dict[str, Any]


def cases_document(entries: list[Entry]) -> Entry:
    """A whole ``parley.cases/1`` document of these cases."""
    return {"format": FORMAT, "cases": entries}


def opening_entry(details: OpeningDetails) -> Entry:
    """A case's opening details, and nothing else, as an interchange case."""
    return _compact(
        {
            "reference": details.reference,
            "title": details.title,
            "stage": details.stage.value,
            "referred_on": _day(details.referred_on),
            "referred_by": details.referred_by,
            "hospital": details.hospital,
            "team": details.team,
            "court": _court(details.court, opening=True),
            "patient": _patient(details.patient),
            "parties": [
                _compact(
                    {
                        "id": f"p{n}",
                        "name": p.name,
                        "role": p.role.value,
                        "side": p.side.value,
                        "contact": p.contact,
                    }
                )
                for n, p in enumerate(details.parties, 1)
            ],
        }
    )


def case_entry(casebook: Casebook, case: Case) -> Entry:
    """The whole of a case, as the importer reads it back."""
    assert case.id is not None
    parties = casebook.parties.for_case(case.id)
    meetings = casebook.meetings.for_case(case.id)
    party_label = {p.id: f"p{n}" for n, p in enumerate(parties, 1)}
    meeting_label = {m.id: f"m{n}" for n, m in enumerate(meetings, 1)}
    return _compact(
        {
            "reference": case.reference,
            "title": case.title,
            "stage": case.stage.value,
            "status": case.status.value,
            "referred_on": _day(case.referred_on),
            "referred_by": case.referred_by,
            "hospital": case.hospital,
            "team": case.team,
            "summary": case.summary,
            "court": _court(case.court),
            "patient": _patient(case.patient),
            "parties": [_party(p, party_label[p.id]) for p in parties],
            "meetings": [
                _compact(
                    {
                        "id": meeting_label[m.id],
                        "kind": m.kind.value,
                        "starts_at": _moment(m.starts_at),
                        "minutes": m.minutes,
                        "place": m.place,
                        "attendees": _labels(m.attendee_ids, party_label),
                    }
                )
                for m in meetings
            ],
            "notes": [
                _compact(
                    {
                        "meeting": meeting_label.get(n.meeting_id),
                        "source": party_label.get(n.source_party_id, "mediator"),
                        "text": n.text,
                        "written_at": _moment(n.written_at),
                        "may_share_with": _labels(n.share_with, party_label),
                        "consent_on": _day(n.consent_on),
                        "consent_how": n.consent_how,
                        "consent_withdrawn_on": _day(n.consent_withdrawn_on),
                    }
                )
                for n in casebook.notes.for_case(case.id)
            ],
            "issues": [
                _compact(
                    {
                        "kind": i.kind.value,
                        "text": i.text,
                        "raised_by": party_label.get(i.raised_by),
                    }
                )
                for i in casebook.issues.for_case(case.id)
            ],
            "terms": [
                {"text": t.text, "status": t.status.value} for t in casebook.terms.for_case(case.id)
            ],
            "agreed_on": _day(case.agreed_on),
            "disclosures": [
                _compact(
                    {
                        "on": _day(d.on),
                        "ground": d.ground.value,
                        "to": d.to,
                        "what": d.what,
                        "decided_by": d.decided_by,
                        "reason": d.reason,
                    }
                )
                for d in casebook.disclosures.for_case(case.id)
            ],
        }
    )


def _labels(party_ids: tuple[int, ...], label: dict[int | None, str]) -> list[str]:
    """Parties named in the order the case lists them (not by id, which a new book renumbers),
    so that the same case is always written the same way."""
    order = {party_id: n for n, party_id in enumerate(label)}
    return [label[i] for i in sorted(party_ids, key=order.__getitem__)]


def _party(party: Any, label: str) -> Entry:
    entry = _compact(
        {
            "id": label,
            "name": party.name,
            "role": party.role.value,
            "side": party.side.value,
            "contact": party.contact,
            "consented_on": _day(party.consented_on),
            "consent_how": party.consent_how,
            "consent_withdrawn_on": _day(party.consent_withdrawn_on),
        }
    )
    entry["party_to_agreement"] = party.party_to_agreement
    return entry


def _court(court: Court | None, *, opening: bool = False) -> Entry | None:
    """The court of an eleventh-hour case; in its ``opening`` details, without the parties'
    wish and the court's agreement to mediate, which come later and stay with the mediator."""
    if court is None:
        return None
    entry: Entry = {
        "name": court.name,
        "reference": court.reference,
        "next_hearing": _day(court.next_hearing),
    }
    if not opening:
        entry |= {
            "parties_wish_to_mediate_on": _day(court.parties_wish_to_mediate_on),
            "court_agreed_on": _day(court.court_agreed_on),
            "court_agreed_by": court.court_agreed_by.value if court.court_agreed_by else None,
        }
    # An empty court is still a court (the case says legal action has begun): keep the key.
    return _compact(entry) or {"name": ""}


def _patient(patient: Patient) -> Entry | None:
    return (
        _compact(
            {
                "name": patient.name,
                "date_of_birth": _day(patient.date_of_birth),
                "nhs_number": patient.nhs_number,
                "hospital_number": patient.hospital_number,
            }
        )
        or None
    )


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _moment(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")


def _compact(entry: Entry) -> Entry:
    """Leave out what has no value: ``None``, empty text and empty lists."""
    return {k: v for k, v in entry.items() if v is not None and v != "" and v != []}
