"""Sealed files that must be refused: tampered at every kind of position, cut short, for
another book, from a stranger, replayed, of a kind the role does not take, of an unknown
version, with a payload that fails, random bytes, nothing at all. Each is refused with one
line and no traceback, and the book's decrypted tables are exactly as they were."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from office_examples import AGREED, DETAILS

from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.cases.records import Term, TermStatus
from app.exchange import sealed
from app.exchange.case_export import case_entry, cases_document
from app.exchange.payloads import agreement_entry
from app.exchange.receiving import receive
from app.exchange.sealed import HEADER, Kind, SealedFileRefused, new_document, seal
from app.identity.keys import Identity, PublicKeys, fingerprint_bytes, new_identity

from conftest import PASSPHRASE
from helpers import book_tables, run_cli, trust_each_other

NOW = datetime(2026, 4, 2, 10, 0)
ENC = 1120  # the encapsulated key of MLKEM768_X25519
TAG = 16
STRANGER = new_identity()
A = agreement_entry(AGREED)
QUICK = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def books(
    office_book: OfficeBook, casebook: Casebook, second_casebook: Casebook
) -> tuple[OfficeBook, Casebook, Casebook]:
    trust_each_other(office_book, casebook, second_casebook)
    return office_book, casebook, second_casebook


def agreement_file(casebook: Casebook, to: PublicKeys, **payload: object) -> bytes:
    body = payload or {"agreement": agreement_entry(AGREED)}
    document = new_document(
        Kind.AGREEMENT, casebook.identity.fingerprint, to.fingerprint, body, NOW
    )
    return seal(document, casebook.identity.get(), to)


def forged(
    kind: Kind,
    payload: dict[str, object],
    signer: Identity,
    to: PublicKeys,
    *,
    signed_for: str | None = None,
    claimed_keys: PublicKeys | None = None,
    version: int = 1,
    document_format: str = sealed.DOCUMENT_FORMAT,
) -> bytes:
    """A sealed file made by hand, to say what the real writer never would."""
    text = json.dumps(
        {
            "format": document_format,
            "kind": kind.value,
            "id": "ab" * 16,
            "created": NOW.isoformat(),
            "sender": (claimed_keys or signer.public).fingerprint,
            "recipient": signed_for or to.fingerprint,
            "payload": payload,
        }
    )
    keys = claimed_keys or signer.public
    letter = {
        "document": text,
        "signer": {
            "encryption_key": base64.b64encode(keys.encryption).decode(),
            "signing_key": base64.b64encode(keys.signing).decode(),
        },
        "signature": base64.b64encode(signer.sign(sealed._SIGNED_LABEL + text.encode())).decode(),
    }
    header = HEADER.pack(sealed.MAGIC, version, fingerprint_bytes(to.fingerprint))
    return header + to.seal(json.dumps(letter).encode(), info=header)


def refused(book: OfficeBook | Casebook, data: bytes, path: Path, match: str) -> None:
    """``data`` is refused with one line naming why, and the book is unchanged."""
    before = book_tables(book.connection)
    path.write_bytes(data)
    with pytest.raises(SealedFileRefused, match=match) as caught:
        receive(book, path, now=NOW)
    assert "\n" not in str(caught.value)
    assert book_tables(book.connection) == before


def test_the_genuine_file_is_taken_in(
    books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path
) -> None:
    office, casebook, _ = books
    path = tmp_path / "a.parley-sealed"
    path.write_bytes(agreement_file(casebook, office.identity.get().public))
    receive(office, path, now=NOW)
    assert office.agreements.latest_for(AGREED.case_reference).document == AGREED


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(where=st.sampled_from(["magic", "version", "address", "encapsulated", "body", "tag"]),
       offset=st.integers(min_value=0), bit=st.integers(min_value=0, max_value=7))  # fmt: skip
def test_a_flipped_bit_anywhere_is_refused(
    books: tuple[OfficeBook, Casebook, Casebook],
    tmp_path: Path,
    where: str,
    offset: int,
    bit: int,
) -> None:
    office, casebook, _ = books
    data = bytearray(agreement_file(casebook, office.identity.get().public))
    regions = {
        "magic": (0, 8, "not a Parley sealed file"),
        "version": (8, 10, "version this Parley does not know"),
        "address": (10, 35, "sealed to another book"),
        "encapsulated": (35, 35 + ENC, "does not open"),
        "body": (35 + ENC, len(data) - TAG, "does not open"),
        "tag": (len(data) - TAG, len(data), "does not open"),
    }
    start, end, said = regions[where]
    position = start + offset % (end - start)
    data[position] ^= 1 << bit
    refused(office, bytes(data), tmp_path / "t.parley-sealed", said)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(keep=st.floats(min_value=0, max_value=1, exclude_max=True))
def test_a_file_cut_short_is_refused(
    books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path, keep: float
) -> None:
    office, casebook, _ = books
    data = agreement_file(casebook, office.identity.get().public)
    refused(office, data[: int(len(data) * keep)], tmp_path / "c.parley-sealed",
            "empty|not a Parley sealed file|cut short|does not open")  # fmt: skip


@pytest.mark.parametrize("content", [b"", b"\x00", bytes(range(256)) * 9, b"PARLEYSF"])
def test_nothing_or_noise_is_refused(
    office_book: OfficeBook, tmp_path: Path, content: bytes
) -> None:
    refused(office_book, content, tmp_path / "n.parley-sealed",
            "empty|not a Parley sealed file|cut short")  # fmt: skip


def test_a_file_for_another_book(
    books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path
) -> None:
    office, casebook, second = books
    data = agreement_file(casebook, second.identity.get().public)
    refused(office, data, tmp_path / "o.parley-sealed", "sealed to another book")


def test_an_unknown_sender(books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path) -> None:
    office, _, _ = books
    payload = {"agreement": agreement_entry(AGREED)}
    data = forged(Kind.AGREEMENT, payload, STRANGER, office.identity.get().public)
    refused(office, data, tmp_path / "u.parley-sealed", "does not trust")


def test_a_signature_by_one_book_in_anothers_name(
    books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path
) -> None:
    """A stranger claims to be the trusted casebook: its signature does not hold."""
    office, casebook, _ = books
    payload = {"agreement": agreement_entry(AGREED)}
    data = forged(Kind.AGREEMENT, payload, STRANGER, office.identity.get().public,
                  claimed_keys=casebook.identity.get().public)  # fmt: skip
    refused(office, data, tmp_path / "s.parley-sealed", "not signed by the book it says")


def test_a_trusted_signature_over_another_recipient_is_refused(
    books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path
) -> None:
    """What the casebook signed for the second casebook, sealed again to the office."""
    office, casebook, second = books
    payload = {"agreement": agreement_entry(AGREED)}
    data = forged(Kind.AGREEMENT, payload, casebook.identity.get(), office.identity.get().public,
                  signed_for=second.identity.fingerprint)  # fmt: skip
    refused(office, data, tmp_path / "r.parley-sealed", "signed for another book")


def test_a_replay_is_refused(books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path) -> None:
    office, casebook, _ = books
    data = agreement_file(casebook, office.identity.get().public)
    (tmp_path / "first.parley-sealed").write_bytes(data)
    receive(office, tmp_path / "first.parley-sealed", now=NOW)
    refused(office, data, tmp_path / "again.parley-sealed",
            "was already received on 2 April 2026 at 10:00")  # fmt: skip


def test_a_handover_to_the_office_is_refused(
    books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path
) -> None:
    office, casebook, _ = books
    case = casebook.cases.add(DETAILS.as_case())
    casebook.terms.add(Term(None, case.id or 0, 0, "Secret proposal.", TermStatus.PROPOSED))
    payload = cases_document([case_entry(casebook, case)])
    document = new_document(Kind.HANDOVER, casebook.identity.fingerprint,
                            office.identity.fingerprint, payload, NOW)  # fmt: skip
    data = seal(document, casebook.identity.get(), office.identity.get().public)
    refused(office, data, tmp_path / "h.parley-sealed", "the office's book never takes in")


def test_an_agreement_to_a_casebook_is_refused(
    books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path
) -> None:
    _, casebook, second = books
    data = agreement_file(casebook, second.identity.get().public)
    refused(second, data, tmp_path / "a.parley-sealed", "a mediator's casebook never takes in")


def test_a_kind_from_a_role_that_may_not_send_it(
    books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path
) -> None:
    """A mediator's casebook does not send referrals, even to another casebook."""
    _, casebook, second = books
    from app.exchange.case_export import opening_entry

    payload = cases_document([opening_entry(DETAILS)])
    data = forged(Kind.REFERRAL, payload, casebook.identity.get(), second.identity.get().public)
    refused(second, data, tmp_path / "k.parley-sealed", "may not send one")


def test_unknown_versions_are_refused(
    books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path
) -> None:
    office, casebook, _ = books
    payload = {"agreement": agreement_entry(AGREED)}
    keys = office.identity.get().public
    newer = forged(Kind.AGREEMENT, payload, casebook.identity.get(), keys, version=2)
    refused(office, newer, tmp_path / "v.parley-sealed", "version this Parley does not know")
    inner = forged(Kind.AGREEMENT, payload, casebook.identity.get(), keys,
                   document_format="parley.sealed/2")  # fmt: skip
    refused(office, inner, tmp_path / "w.parley-sealed", "newer Parley may be needed")


@pytest.mark.parametrize(
    ("payload", "said"),
    [
        ({"agreement": {**A, "nhs_number": "943 476 5918"}},
         r"agreement\.nhs_number: the check digit"),
        ({"agreement": {**A, "notes": "x"}}, r"agreement\.notes: this is not a field"),
        ({"agreement": {**A, "terms": []}}, r"agreement\.terms: an agreement has"),
        ({"agreement": {**A, "terms": ["ok", 3]}}, r"agreement\.terms\[1\]: must be text"),
        ({"agreement": A, "summary": "x"}, "summary: a file of this kind"),
        ({"outcome": {"stage": "formal"}}, r"outcome\.meetings: this is required"),
    ],
)  # fmt: skip
def test_a_payload_that_fails_validation_is_refused_with_its_path(
    books: tuple[OfficeBook, Casebook, Casebook],
    tmp_path: Path,
    payload: dict[str, object],
    said: str,
) -> None:
    office, casebook, _ = books
    kind = Kind.OUTCOME if "outcome" in payload else Kind.AGREEMENT
    data = forged(kind, payload, casebook.identity.get(), office.identity.get().public)
    refused(office, data, tmp_path / "p.parley-sealed", said)


def test_a_referral_with_confidential_fields_is_refused_with_the_path(
    books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path
) -> None:
    office, casebook, _ = books
    from app.exchange.case_export import opening_entry

    entry = {**opening_entry(DETAILS), "notes": [{"text": "x", "written_at": "2026-03-01T10:00"}]}
    data = forged(Kind.REFERRAL, cases_document([entry]), office.identity.get(),
                  casebook.identity.get().public)  # fmt: skip
    refused(casebook, data, tmp_path / "n.parley-sealed", r"cases\[0\]\.notes: only a case's")


def test_the_command_line_says_it_in_one_line(
    books: tuple[OfficeBook, Casebook, Casebook], tmp_path: Path
) -> None:
    office, casebook, second = books
    path = tmp_path / "other.parley-sealed"
    path.write_bytes(agreement_file(casebook, second.identity.get().public))
    folder = office.folder
    office.close()
    result = run_cli("receive", str(path), "--vault", str(folder), stdin=PASSPHRASE + "\n")
    assert result.code == 1 and "sealed to another book" in result.err
    (tmp_path / "empty.parley-sealed").write_bytes(b"")
    empty = run_cli("receive", str(tmp_path / "empty.parley-sealed"), "--vault", str(folder),
                    stdin=PASSPHRASE + "\n")  # fmt: skip
    assert empty.code == 1 and "empty" in empty.err
