"""The subject access pack: what Parley holds about the requester, reviewed item by item.

``gather_items`` collects what the requester is the source or subject of, from the records
of the cases where they are a party: their party record, their consent to mediate, the
issues they raised and the notes whose source they are (all of these are *theirs*), and the
meetings they attended and the other notes of those meetings (the mediator's records, and
other people's words).

``AccessPack`` is the review. At first only the requester's own items are selected.
Anything else reaches the pack only when the mediator adds it, one item at a time, with a
reason; any item can be excluded with a reason (third-party information, for example). The
pack is a value: each choice returns a new pack, and ``selected`` is the only way to its
contents, so the PDF can hold nothing the review did not select.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from app.cases.records import Case, Issue, Meeting, Note, Party
from app.errors import InvalidValue
from app.formatting import format_date, format_datetime


class Source(StrEnum):
    """Whose words or record an item is."""

    REQUESTER = "requester"
    OTHER_PARTY = "other_party"
    MEDIATOR = "mediator"

    @property
    def label(self) -> str:
        return {"requester": "The requester", "other_party": "Another party",
                "mediator": "The mediator"}[self.value]  # fmt: skip


class ItemKind(StrEnum):
    PARTY_RECORD = "party_record"
    CONSENT = "consent"
    ISSUE = "issue"
    NOTE = "note"
    MEETING = "meeting"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    ItemKind.PARTY_RECORD: "Your details as a party",
    ItemKind.CONSENT: "Your consent to mediate",
    ItemKind.ISSUE: "Concerns and positions you raised",
    ItemKind.NOTE: "Notes",
    ItemKind.MEETING: "Meetings you attended",
}


@dataclass(frozen=True)
class PackItem:
    key: str  # unique in the pack, e.g. "note:12"
    kind: ItemKind
    case_reference: str
    on: date | None
    heading: str
    text: str
    source: Source
    #: Who the source is, for the mediator's review ("Dr Łukasz Nowak", "you").
    source_name: str


@dataclass(frozen=True)
class Choice:
    included: bool
    reason: str = ""


@dataclass(frozen=True)
class PackDocument:
    """What the pack's PDF may hold: the selected items and nothing else."""

    reference: str
    requester: str
    received_on: date
    items: tuple[PackItem, ...]
    withheld_reasons: tuple[str, ...]


@dataclass(frozen=True)
class AccessPack:
    """The review of one request's pack (see the module's docstring)."""

    reference: str
    requester: str
    received_on: date
    items: tuple[PackItem, ...]
    choices: Mapping[str, Choice] = field(default_factory=lambda: MappingProxyType({}))

    def item(self, key: str) -> PackItem:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def is_selected(self, key: str) -> bool:
        choice = self.choices.get(key)
        if choice is not None:
            return choice.included
        return self.item(key).source is Source.REQUESTER

    def add(self, key: str, reason: str) -> AccessPack:
        """Select one item that is not the requester's own, with the mediator's reason; or
        select again one of theirs that was excluded."""
        item = self.item(key)
        if item.source is not Source.REQUESTER and not reason.strip():
            raise InvalidValue(
                "reason",
                "this is not the requester's own information: say why it is added to the pack",
            )
        if item.source is Source.REQUESTER and not reason.strip():
            return self._choose(key, None)
        return self._choose(key, Choice(True, reason.strip()))

    def exclude(self, key: str, reason: str) -> AccessPack:
        """Leave one item out, with the reason (third-party information, for example)."""
        item = self.item(key)
        if item.source is Source.REQUESTER and not reason.strip():
            raise InvalidValue("reason", "say why the requester's own information is withheld")
        if item.source is not Source.REQUESTER and not reason.strip():
            return self._choose(key, None)  # back to not selected, as it began
        return self._choose(key, Choice(False, reason.strip()))

    def selected(self) -> tuple[PackItem, ...]:
        """The items that go into the pack, in their order."""
        return tuple(item for item in self.items if self.is_selected(item.key))

    def withheld_reasons(self) -> tuple[str, ...]:
        """The reasons given for leaving out the requester's own items, each once."""
        reasons = [
            choice.reason
            for key, choice in self.choices.items()
            if not choice.included and self.item(key).source is Source.REQUESTER
        ]
        return tuple(dict.fromkeys(reasons))

    def document(self) -> PackDocument:
        """The reviewed pack as the PDF is made from it."""
        return PackDocument(
            self.reference, self.requester, self.received_on, self.selected(),
            self.withheld_reasons(),
        )  # fmt: skip

    def _choose(self, key: str, choice: Choice | None) -> AccessPack:
        choices = dict(self.choices)
        if choice is None:
            choices.pop(key, None)
        else:
            choices[key] = choice
        return replace(self, choices=MappingProxyType(choices))


@dataclass(frozen=True)
class CaseRecords:
    """One case's records, as the pack reads them."""

    case: Case
    parties: tuple[Party, ...]
    meetings: tuple[Meeting, ...]
    notes: tuple[Note, ...]
    issues: tuple[Issue, ...]


def gather_items(requester_party_ids: Iterable[int], cases: Iterable[CaseRecords]
                 ) -> tuple[PackItem, ...]:  # fmt: skip
    """Every item the requester is the source or subject of, in each case where they are a
    party (``requester_party_ids``), case by case."""
    mine = set(requester_party_ids)
    items: list[PackItem] = []
    for records in cases:
        own = [p for p in records.parties if p.id in mine]
        if own:
            items += _case_items(records, {p.id for p in own if p.id is not None})
    return tuple(items)


def _case_items(records: CaseRecords, mine: set[int]) -> list[PackItem]:
    reference = records.case.reference
    names = {p.id: p.name for p in records.parties}
    items: list[PackItem] = []
    for party in records.parties:
        if party.id in mine:
            items += _party_items(reference, party)
    for issue in records.issues:
        if issue.raised_by in mine:
            items.append(PackItem(
                f"issue:{issue.id}", ItemKind.ISSUE, reference, None, issue.kind.label,
                issue.text, Source.REQUESTER, "the requester",
            ))  # fmt: skip
    attended = {m.id: m for m in records.meetings if mine & set(m.attendee_ids)}
    for note in records.notes:
        own_note = note.source_party_id in mine
        if not own_note and note.meeting_id not in attended:
            continue
        source, who = _source_of(note, mine, names)
        meeting = attended.get(note.meeting_id) if note.meeting_id else None
        heading = f"Note, {format_datetime(note.written_at)}"
        if meeting is not None:
            heading += f" ({meeting.kind.label.lower()})"
        text = note.text + (_consent_line(note, names) if own_note else "")
        items.append(PackItem(f"note:{note.id}", ItemKind.NOTE, reference,
                              note.written_at.date(), heading, text, source, who))  # fmt: skip
    for meeting in attended.values():
        others = len(set(meeting.attendee_ids) - mine)
        length = f"{meeting.minutes} minutes" if meeting.minutes else "length not recorded"
        text = (f"{meeting.kind.label}, {format_datetime(meeting.starts_at)}, {length}"
                + (f", at {meeting.place}" if meeting.place else "")
                + (f"; {others} other {'person' if others == 1 else 'people'} attended"
                   if others else ""))  # fmt: skip
        items.append(PackItem(
            f"meeting:{meeting.id}", ItemKind.MEETING, reference, meeting.starts_at.date(),
            meeting.kind.label, text, Source.MEDIATOR, "the mediator",
        ))  # fmt: skip
    return items


def _party_items(reference: str, party: Party) -> list[PackItem]:
    lines = [f"Name: {party.name}", f"Role: {party.role.label}", f"Side: {party.side.label}"]
    if party.contact.strip():
        lines.append(f"Contact details: {party.contact.strip()}")
    lines.append(f"Party to the agreement: {'yes' if party.party_to_agreement else 'no'}")
    details = "\n".join(lines)
    items = [PackItem(f"party:{party.id}", ItemKind.PARTY_RECORD, reference, None,
                      "Your details", details, Source.REQUESTER, "the requester")]  # fmt: skip
    if party.consented_on is not None:
        text = f"Consent to mediate given on {format_date(party.consented_on)}"
        text += f" ({party.consent_how.strip()})" if party.consent_how.strip() else ""
        if party.consent_withdrawn_on is not None:
            text += f"; withdrawn on {format_date(party.consent_withdrawn_on)}"
        items.append(PackItem(f"consent:{party.id}", ItemKind.CONSENT, reference,
                              party.consented_on, "Consent to mediate", text + ".",
                              Source.REQUESTER, "the requester"))  # fmt: skip
    return items


def _source_of(note: Note, mine: set[int], names: Mapping[int | None, str]) -> tuple[Source, str]:
    if note.source_party_id is None:
        return Source.MEDIATOR, "the mediator"
    if note.source_party_id in mine:
        return Source.REQUESTER, "the requester"
    return Source.OTHER_PARTY, names.get(note.source_party_id, "another party")


def _consent_line(note: Note, names: Mapping[int | None, str]) -> str:
    if note.consent_on is None or not note.share_with:
        return ""
    shared = ", ".join(names.get(p, "another party") for p in note.share_with)
    line = (
        f"\n\nYou agreed on {format_date(note.consent_on)} that this could be shared with {shared}"
    )
    if note.consent_withdrawn_on is not None:
        line += f"; you withdrew that on {format_date(note.consent_withdrawn_on)}"
    return line + "."
