"""Subject access requests (UK GDPR Article 15): a parent or clinician asks for the personal
data Parley holds about them.

Deadline. The answer is due one calendar month after the request is received: the same date
next month, or that month's last day when it has none (a request received on 31 January is
due on 28 or 29 February). It may be extended by up to two further months, with a reason
(the request is complex, or one of several from the same person), counted the same way
from the day of receipt. A request is overdue from the day after it is due until it is
answered.

The requester's identity is checked before anything is sent: when, and how (seen in person,
a document checked, a known contact confirmed). In a casebook the request names the party
records that are this person, so that their pack can be gathered (``app.cases.access_pack``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.cases.validation import LONG_TEXT, check_date, check_text
from app.errors import InvalidValue
from app.formatting import format_date
from app.registers.calendar import months_after

MAX_EXTENSION_MONTHS = 2


@dataclass(frozen=True)
class AccessRequest:
    id: int | None
    received_on: date
    requester: str
    contact: str = ""  # how to reach them and where to send the answer
    #: In a casebook, the party records that are the requester (in any case).
    party_ids: tuple[int, ...] = ()
    identity_checked_on: date | None = None
    identity_checked_how: str = ""
    extension_months: int = 0
    extension_reason: str = ""
    responded_on: date | None = None

    @property
    def reference(self) -> str:
        """The request's reference, e.g. ``SAR-00004``."""
        return f"SAR-{self.id:05d}" if self.id is not None else ""

    @property
    def due_on(self) -> date:
        """One calendar month after receipt, plus any extension."""
        return months_after(self.received_on, 1 + self.extension_months)

    @property
    def answered(self) -> bool:
        return self.responded_on is not None

    def overdue(self, today: date) -> bool:
        return not self.answered and today > self.due_on

    def state(self, today: date) -> str:
        """Where the request stands, in words (never by colour alone)."""
        if self.responded_on is not None:
            late = self.responded_on > self.due_on
            return f"Answered {format_date(self.responded_on)}" + (" (late)" if late else "")
        if self.overdue(today):
            return f"Overdue: the answer was due {format_date(self.due_on)}"
        check = "" if self.identity_checked_on else "; identity not yet checked"
        return f"Answer by {format_date(self.due_on)}{check}"


def check_request(request: AccessRequest) -> None:
    """Raise ``InvalidValue`` naming the first field that is not acceptable."""
    check_date("received_on", request.received_on)
    check_text("requester", request.requester, required=True)
    check_text("contact", request.contact, limit=2_000, multiline=True)
    check_text("identity_checked_how", request.identity_checked_how)
    check_text("extension_reason", request.extension_reason, limit=LONG_TEXT, multiline=True)
    for name in ("identity_checked_on", "responded_on"):
        day: date | None = getattr(request, name)
        check_date(name, day)
        if day is not None and day < request.received_on:
            raise InvalidValue(
                name,
                f"this is before the request was received ({format_date(request.received_on)})",
            )
    if request.identity_checked_on is not None and not request.identity_checked_how.strip():
        raise InvalidValue("identity_checked_how", "say how the requester's identity was checked")
    if request.identity_checked_how.strip() and request.identity_checked_on is None:
        raise InvalidValue("identity_checked_on", "give the date the identity was checked")
    if not 0 <= request.extension_months <= MAX_EXTENSION_MONTHS:
        raise InvalidValue(
            "extension_months",
            f"a request can be extended by at most {MAX_EXTENSION_MONTHS} months",
        )
    if request.extension_months and not request.extension_reason.strip():
        raise InvalidValue("extension_reason", "give the reason for the extension")
    if request.responded_on is not None and request.identity_checked_on is None:
        raise InvalidValue("identity_checked_on", "check the requester's identity before answering")
    if len(set(request.party_ids)) != len(request.party_ids):
        raise InvalidValue("party_ids", "a party record is listed twice")


def due_soon(requests: list[AccessRequest], today: date, days: int = 7) -> list[AccessRequest]:
    """Unanswered requests overdue or due within ``days``, soonest first (the dashboard's)."""
    horizon = today + timedelta(days=days)
    waiting = [r for r in requests if not r.answered and r.due_on <= horizon]
    return sorted(waiting, key=lambda r: (r.due_on, r.id or 0))
