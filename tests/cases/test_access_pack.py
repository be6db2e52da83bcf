"""The subject access pack: the requester's own items first, anything else only when the
mediator adds it, one item at a time, with a reason."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from app.cases.access_pack import (
    AccessPack,
    CaseRecords,
    ItemKind,
    Source,
    gather_items,
)
from app.cases.records import (
    Case,
    Issue,
    IssueKind,
    Meeting,
    MeetingKind,
    Note,
    Party,
    PartyRole,
    Side,
)
from app.errors import InvalidValue

START = datetime(2026, 3, 2, 10, 0)


def word(n: int) -> str:
    """A word found nowhere else, to look for in the pack."""
    return f"Qzsentinel{n:04d}x"


@dataclass(frozen=True)
class World:
    records: CaseRecords
    requester: tuple[int, ...]
    #: Each note's sentinel word, by note id, and the note's source party id (None: mediator).
    note_words: dict[int, tuple[str, int | None]]


@st.composite
def worlds(draw: st.DrawFn) -> World:
    parties_n = draw(st.integers(min_value=2, max_value=5))
    parties = tuple(
        Party(n + 1, 1, f"Person {n}", PartyRole.PARENT if n % 2 else PartyRole.CONSULTANT,
              Side.FAMILY if n % 2 else Side.CLINICAL, consented_on=date(2026, 3, 1))
        for n in range(parties_n)
    )  # fmt: skip
    ids = [p.id for p in parties if p.id is not None]
    meetings = tuple(
        Meeting(100 + m, 1, draw(st.sampled_from(list(MeetingKind))), START + timedelta(days=m),
                60, "Room", tuple(draw(st.sets(st.sampled_from(ids), max_size=parties_n))))
        for m in range(draw(st.integers(min_value=0, max_value=4)))
    )  # fmt: skip
    notes = []
    note_words: dict[int, tuple[str, int | None]] = {}
    for n in range(draw(st.integers(min_value=0, max_value=12))):
        source = draw(st.none() | st.sampled_from(ids))
        meeting = draw(st.none() | st.sampled_from([m.id for m in meetings])) if meetings else None
        note_id = 1000 + n
        note_words[note_id] = (word(note_id), source)
        notes.append(Note(note_id, 1, f"Said {word(note_id)} in confidence", START, meeting,
                          source))  # fmt: skip
    raisers = st.none() | st.sampled_from(ids)
    issues = tuple(
        Issue(2000 + n, 1, IssueKind.POSITION, f"Position {n}", draw(raisers))
        for n in range(draw(st.integers(min_value=0, max_value=3)))
    )
    case = Case(1, "MM-2026-001", "A case")
    requester = (parties[0].id,) if parties[0].id is not None else ()
    return World(CaseRecords(case, parties, meetings, tuple(notes), issues), requester, note_words)


REASONS = st.sampled_from(["", "  ", "The requester's own words, said to the mediator",
                           "Third-party information"])  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds(), st.lists(st.tuples(st.booleans(), st.integers(0, 60), REASONS), max_size=25))
def test_nothing_from_another_source_reaches_the_pack_unless_the_mediator_added_it(
    world: World, choices: list[tuple[bool, int, str]]
) -> None:
    items = gather_items(world.requester, [world.records])
    pack = AccessPack("SAR-00001", "Person 0", date(2026, 3, 20), items)
    added: dict[str, str] = {}  # key -> the reason it was added with
    for adding, index, reason in choices:
        if not items:
            break
        key = items[index % len(items)].key
        try:
            pack = pack.add(key, reason) if adding else pack.exclude(key, reason)
        except InvalidValue:
            continue  # refused: nothing changed
        if adding and reason.strip():
            added[key] = reason.strip()
        else:
            added.pop(key, None)

    document = pack.document()
    assert document.items == pack.selected()
    for item in document.items:
        if item.source is not Source.REQUESTER:
            assert item.key in added, f"{item.key} from {item.source} reached the pack unasked"
    # And the words themselves: another party's note is nowhere in the pack unless added.
    text = "\n".join(item.text for item in document.items)
    for note_id, (sentinel, source) in world.note_words.items():
        if source not in world.requester and f"note:{note_id}" not in added:
            assert sentinel not in text


def test_the_requesters_own_items_are_selected_at_first_and_nothing_else() -> None:
    mum, doctor = 1, 2
    records = CaseRecords(
        Case(1, "MM-2026-001", "A case"),
        (Party(mum, 1, "Siân Pritchard", PartyRole.PARENT, Side.FAMILY, "07700 900141",
               consented_on=date(2026, 3, 1), consent_how="In person"),
         Party(doctor, 1, "Dr Łukasz Nowak", PartyRole.CONSULTANT, Side.CLINICAL)),
        (Meeting(10, 1, MeetingKind.JOINT, START, 90, "Board room", (mum, doctor)),),
        (Note(20, 1, "Mum's words", START, 10, mum, (doctor,), date(2026, 3, 2), "Asked"),
         Note(21, 1, "Doctor's words", START, 10, doctor),
         Note(22, 1, "Mediator's reflection", START, 10, None),
         Note(23, 1, "A note of another meeting", START, None, doctor)),
        (Issue(30, 1, IssueKind.UNDERLYING, "Fear of pain", mum),),
    )  # fmt: skip
    pack = AccessPack("SAR-00001", "Siân Pritchard", date(2026, 3, 20),
                      gather_items([mum], [records]))  # fmt: skip
    keys = {item.key: item for item in pack.items}
    assert set(keys) == {
        "party:1",
        "consent:1",
        "issue:30",
        "note:20",
        "note:21",
        "note:22",
        "meeting:10",
    }  # the note of a meeting she did not attend is not hers
    assert {i.key for i in pack.selected()} == {"party:1", "consent:1", "issue:30", "note:20"}
    assert "Dr Łukasz Nowak" in keys["note:20"].text  # whom she agreed to share it with
    assert keys["meeting:10"].text.endswith("1 other person attended")

    with pytest.raises(InvalidValue, match="say why it is added"):
        pack.add("note:21", "")
    added = pack.add("note:22", "The mediator's note records what she asked for")
    assert "note:22" in {i.key for i in added.selected()}
    with pytest.raises(InvalidValue, match="say why the requester's own"):
        added.exclude("party:1", "")
    withheld = added.exclude("consent:1", "Duplicates the details above")
    assert withheld.document().withheld_reasons == ("Duplicates the details above",)
    assert ItemKind.CONSENT not in {i.kind for i in withheld.selected()}


def test_the_pdf_holds_what_was_selected_and_nothing_else() -> None:
    from app.documents.access_pack_pdf import render_access_pack_pdf

    mum, doctor = 1, 2
    records = CaseRecords(
        Case(1, "MM-2026-001", "A case"),
        (Party(mum, 1, "Siân Pritchard", PartyRole.PARENT, Side.FAMILY),
         Party(doctor, 1, "Dr Łukasz Nowak", PartyRole.CONSULTANT, Side.CLINICAL)),
        (Meeting(10, 1, MeetingKind.SEPARATE, START, 60, "Quiet room", (mum,)),),
        (Note(20, 1, f"Mine {word(1)}", START, 10, mum),
         Note(21, 1, f"Theirs {word(2)}", START, 10, doctor),
         Note(22, 1, f"Added {word(3)}", START, 10, doctor)),
        (),
    )  # fmt: skip
    pack = AccessPack("SAR-00007", "Siân Pritchard", date(2026, 3, 20),
                      gather_items([mum], [records]))  # fmt: skip
    pack = pack.add("note:22", "She asked what the doctor said, and he agreed")
    data = render_access_pack_pdf(pack.document(), organisation="Riverside Medical Mediation",
                                  prepared_on=date(2026, 4, 1))  # fmt: skip
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    assert word(1) in text and word(3) in text and word(2) not in text
    assert "SAR-00007" in text and "Siân Pritchard" in text
    assert (
        reader.metadata is not None and reader.metadata.title == "Subject access request SAR-00007"
    )
