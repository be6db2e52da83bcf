"""The office book's records: referrals, the agreements archive and outcome records."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

import pytest
from office_examples import AGREED, DETAILS

from app.books.office_book import OfficeBook
from app.cases.outcomes import OutcomeRecord
from app.cases.records import MeetingKind, Patient, Stage, Status
from app.errors import InvalidValue, NotFound


def test_a_referral_keeps_its_opening_details_whole(office_book: OfficeBook) -> None:
    stored = office_book.referrals.add(DETAILS)
    assert stored.details == DETAILS and stored.sent_on is None
    assert office_book.referrals.by_reference("MM-2026-040") == stored
    assert office_book.referrals.all() == [stored]
    with pytest.raises(InvalidValue, match="already a referral"):
        office_book.referrals.add(DETAILS)
    sent = office_book.referrals.mark_sent(
        stored.id, to="Alex Morgan", fingerprint="ABCD" * 10, on=date(2026, 3, 3)
    )
    assert (sent.sent_to, sent.sent_on) == ("Alex Morgan", date(2026, 3, 3))


def test_a_referral_is_checked_like_a_case(office_book: OfficeBook) -> None:
    from dataclasses import replace

    bad = replace(DETAILS, patient=Patient("Zoë", None, "9434765918"))
    with pytest.raises(InvalidValue, match=r"patient\.nhs_number"):
        office_book.referrals.add(bad)
    court_too_early = replace(DETAILS, stage=Stage.FORMAL)
    with pytest.raises(InvalidValue, match="court"):
        office_book.referrals.add(court_too_early)
    assert office_book.referrals.count() == 0


def test_an_archived_agreement_is_the_very_document(office_book: OfficeBook) -> None:
    filed = office_book.agreements.add(
        AGREED, received_on=date(2026, 4, 2), received_from="F" * 40, sealed_id="id-1"
    )
    assert filed.document == AGREED
    assert filed.waiting_for == "the signed copy"
    assert office_book.agreements.latest_for("MM-2026-040") == filed
    assert office_book.agreements.waiting() == [filed]
    with pytest.raises(NotFound):
        office_book.agreements.latest_for("MM-1999-001")


def test_the_signed_copy_and_the_hospital_are_recorded_in_order(office_book: OfficeBook) -> None:
    archive = office_book.agreements
    filed = archive.add(AGREED, received_on=date(2026, 4, 2), received_from="F", sealed_id="a")
    today = date(2026, 4, 20)
    with pytest.raises(InvalidValue, match="signed copy came back"):
        archive.record_sent_to_hospital(filed.id, date(2026, 4, 10), today=today)
    with pytest.raises(InvalidValue, match="before the agreement was made"):
        archive.record_signed_copy(filed.id, date(2026, 3, 1), today=today)
    with pytest.raises(InvalidValue, match="in the future"):
        archive.record_signed_copy(filed.id, date(2026, 4, 21), today=today)
    signed = archive.record_signed_copy(filed.id, date(2026, 4, 8), today=today)
    assert signed.waiting_for == "sending to the hospital"
    with pytest.raises(InvalidValue, match="before the signed copy came back"):
        archive.record_sent_to_hospital(filed.id, date(2026, 4, 7), today=today)
    done = archive.record_sent_to_hospital(filed.id, date(2026, 4, 9), today=today)
    assert done.waiting_for == "" and archive.waiting() == []


def test_outcome_records_are_kept_as_counts(office_book: OfficeBook) -> None:
    counts = dict.fromkeys(MeetingKind, 0) | {MeetingKind.JOINT: 2, MeetingKind.SEPARATE: 3}
    record = OutcomeRecord(
        Stage.FORMAL, Status.CLOSED, date(2026, 3, 2), date(2026, 4, 30),
        MappingProxyType(counts),
    )  # fmt: skip
    office_book.outcomes.add(record, received_on=date(2026, 5, 1))
    assert office_book.outcomes.all() == [(record, date(2026, 5, 1))]


def test_outcome_records_keep_the_mediators_answers(office_book: OfficeBook) -> None:
    from dataclasses import replace

    from app.cases.outcomes import (
        Cause,
        CourtInvolvement,
        OutcomeAnswers,
        ReferralSource,
        Result,
        WithdrawnBy,
    )

    answers = OutcomeAnswers(
        result=Result.WITHDRAWN, withdrawn_by=WithdrawnBy.FAMILY,
        court=CourtInvolvement.HEARING_LISTED, hearing_avoided=False,
        referral_source=ReferralSource.ETHICS_COMMITTEE,
        causes=frozenset({Cause.VALUES_OR_FAITH, Cause.OTHER}), mediator_minutes=375,
    )  # fmt: skip
    record = replace(
        OutcomeRecord(Stage.ELEVENTH_HOUR, Status.CLOSED, date(2026, 3, 2), date(2026, 4, 30)),
        stage_at_referral=Stage.FORMAL, first_contact_working_days=1, answers=answers,
    )  # fmt: skip
    office_book.outcomes.add(record, received_on=date(2026, 5, 1))
    assert office_book.outcomes.closed_between(date(2026, 4, 1), date(2026, 4, 30)) == [record]
    assert office_book.outcomes.closed_between(date(2026, 5, 1), date(2026, 5, 31)) == []
