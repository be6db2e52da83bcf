"""The demo's registers: courses with bookings, delegates, attendance and feedback;
complaints at each step; and subject access requests, one of them from a parent of a case.

Dates are relative to the day the demo is made, so that something is always due this week.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from app.books.casebook import Casebook
from app.registers.access_requests import AccessRequest
from app.registers.complaints import AcknowledgedBy, Channel, Complaint, ComplaintAbout
from app.registers.delegates import Delegate, Feedback
from app.registers.training import Booking, BookingStatus, Course, CourseLength

# (title, length, days from today, place, fee, trainer)
_COURSES = (
    (
        "Mediation skills for ward teams",
        CourseLength.ONE_DAY,
        -200,
        "Education centre, Kingsmere",
        "250",
        "Dr Amara Okafor",
    ),
    (
        "Difficult conversations at the end of life",
        CourseLength.HALF_DAY,
        -120,
        "Hartwell University Hospital",
        "140",
        "Alex Morgan",
    ),
    (
        "Consent, capacity and the courts",
        CourseLength.HALF_DAY,
        -40,
        "Online",
        "120",
        "Helen Marsh",
    ),
    (
        "Mediation skills for ward teams",
        CourseLength.ONE_DAY,
        21,
        "Education centre, Kingsmere",
        "250",
        "Dr Amara Okafor",
    ),
)
_DELEGATES = (
    "Siân Roberts",
    "Łukasz Nowak",
    "Zoë Hartley",
    "Priya Raman",
    "Tomás Nuñez",
    "Grace Quinn",
    "Owen Hughes",
    "Mei Chen",
    "Dafydd Evans",
    "Aoife Byrne",
    "Kwame Mensah",
    "Ruth Adams",
)
_COMMENTS = (
    "Practical and well paced; the role plays helped.",
    "More time on the law would help.",
    "",
    "The best training I have had this year.",
)


def add_registers(casebook: Casebook, today: date) -> None:
    """Fill the training, complaints and subject access registers."""
    _training(casebook, today)
    _complaints(casebook, today)
    _access_requests(casebook, today)


def _training(casebook: Casebook, today: date) -> None:
    registers = casebook.registers
    names = iter(_DELEGATES * 4)
    for n, (title, length, offset, place, fee, trainer) in enumerate(_COURSES):
        held = today + timedelta(days=offset)
        course = registers.courses.add(
            Course(None, title, length, held, place, Decimal(fee), trainer=trainer)
        )
        assert course.id is not None
        for organisation, contact, count in (
            ("Kingsmere Children's Hospital", "Ruth Adams", 4 + n % 2),
            ("Hartwell University Hospital", "Dr Rebecca Whitfield", 3),
            ("Ashcombe Royal Infirmary", "Grace Quinn", 2 + n % 3),
        ):
            confirmed = min(held, today) - timedelta(days=30)
            booking = registers.bookings.add(
                Booking(
                    None,
                    course.id,
                    organisation,
                    contact,
                    f"{contact.split()[-1].lower()}@example.nhs.uk",
                    delegates=count,
                    status=BookingStatus.CONFIRMED,
                    confirmed_on=confirmed,
                )
            )
            assert booking.id is not None
            for m in range(count):
                delegate = registers.delegates.add(Delegate(None, booking.id, next(names)))
                if held < today:
                    _attended(casebook, delegate, held, came=(m + n) % 5 != 4, k=m + n)
    upcoming = registers.courses.all()[-1]
    assert upcoming.id is not None
    registers.bookings.add(
        Booking(None, upcoming.id, "Avonford General Hospital", "Ward 3 manager", delegates=2)
    )


def _attended(casebook: Casebook, delegate: Delegate, held: date, *, came: bool, k: int) -> None:
    registers = casebook.registers
    marked = registers.delegates.update(replace(delegate, attended=came))
    if came and marked.id is not None and k % 4 != 3:
        ratings = (4 + k % 2, 5 - k % 3 // 2, 4, 4 + (k % 3 == 0))
        registers.feedback.save(
            Feedback(
                marked.id, held + timedelta(days=1), *ratings, comment=_COMMENTS[k % len(_COMMENTS)]
            )
        )


def _complaints(casebook: Casebook, today: date) -> None:
    registers = casebook.registers
    answered = registers.record_complaint(
        Complaint(
            None,
            today - timedelta(days=70),
            Channel.EMAIL,
            "Harriet Okafor",
            "harriet.okafor@example.org",
            ComplaintAbout.PROCESS,
            "Waited two weeks for a first call after the referral.",
            answer_by=AcknowledgedBy.EMAIL,
        )
    )
    assert answered.id is not None
    registers.acknowledge_complaint(answered.id, today - timedelta(days=68), AcknowledgedBy.EMAIL)
    registers.record_response(
        answered.id,
        today - timedelta(days=50),
        "Apology given; first calls are now made within two working days.",
    )
    registers.close_complaint(answered.id, today - timedelta(days=20))
    # Asked for a letter, acknowledged by e-mail: the register says so.
    mismatch = registers.record_complaint(
        Complaint(
            None,
            today - timedelta(days=9),
            Channel.LETTER,
            "Gareth Lloyd",
            "14 Mill Lane, Avonford",
            ComplaintAbout.MEDIATOR,
            "Felt the mediator spent longer with the doctors.",
            answer_by=AcknowledgedBy.LETTER,
        )
    )
    assert mismatch.id is not None
    registers.acknowledge_complaint(mismatch.id, today - timedelta(days=8), AcknowledgedBy.EMAIL)
    registers.record_complaint(
        Complaint(
            None,
            today - timedelta(days=1),
            Channel.PHONE,
            "Nia Roberts",
            "07700 900422",
            ComplaintAbout.OTHER,
            "A letter was sent to an old address.",
            answer_by=AcknowledgedBy.PHONE,
        )
    )


def _access_requests(casebook: Casebook, today: date) -> None:
    registers = casebook.registers
    answered = registers.record_access_request(
        AccessRequest(None, today - timedelta(days=80), "Chidi Okonkwo", "By e-mail")
    )
    registers.update_access_request(
        replace(
            answered,
            identity_checked_on=today - timedelta(days=78),
            identity_checked_how="Known contact, confirmed by telephone",
            responded_on=today - timedelta(days=60),
        )
    )
    # From Siân Pritchard, a parent in the ventilation case: her pack can be gathered.
    sian = [
        p
        for r in casebook.cases.list_rows()
        for p in casebook.parties.for_case(r.id)
        if p.name == "Siân Pritchard"
    ]
    waiting = registers.record_access_request(
        AccessRequest(
            None,
            today - timedelta(days=26),
            "Siân Pritchard",
            "sian.pritchard@example.org",
            party_ids=tuple(p.id for p in sian if p.id is not None),
        )
    )
    registers.update_access_request(
        replace(
            waiting,
            identity_checked_on=today - timedelta(days=24),
            identity_checked_how="Seen in person with photo identity",
        )
    )
    registers.record_access_request(
        AccessRequest(None, today - timedelta(days=40), "Dr Owen Hughes", "Ward 3, Avonford")
    )
