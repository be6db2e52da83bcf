"""Settings of the training and complaints registers, and typed readers for them.

They are ordinary ``app.settings.Setting`` objects kept inside the casebook; the two
subclasses below only add validation that a plain text setting lacks (a list of choices,
a percentage).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.errors import InvalidValue
from app.registers.calendar import Region
from app.settings import Setting, Settings, register


@dataclass(frozen=True)
class ChoiceSetting(Setting[str]):
    """A text setting that must be one of ``choices`` (value, label)."""

    choices: tuple[tuple[str, str], ...] = ()

    def parse(self, text: str) -> str:
        values = [value for value, _ in self.choices]
        if text not in values:
            labels = ", ".join(label for _, label in self.choices)
            raise InvalidValue(self.key, f"choose one of: {labels}")
        return text


@dataclass(frozen=True)
class PercentSetting(Setting[str]):
    """A percentage kept as text (``"20"``, ``"17.5"``) so it is exact, from 0 to 100."""

    def parse(self, text: str) -> str:
        parse_percent(self.key, text)
        return text


def parse_percent(field: str, text: str) -> Decimal:
    """``"20"`` or ``"17.5"`` (a trailing ``%`` allowed) as a Decimal from 0 to 100."""
    cleaned = text.strip().removesuffix("%").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InvalidValue(field, "this must be a percentage, such as 20 or 17.5") from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise InvalidValue(field, "this must be a percentage from 0 to 100")
    if value != value.quantize(Decimal("0.001")):
        raise InvalidValue(field, "use at most three decimal places")
    return value


REGION = ChoiceSetting(
    "calendar_region",
    Region.ENGLAND_WALES.value,
    "Bank holidays of",
    choices=tuple((r.value, r.label) for r in Region),
)
VAT_RATE = PercentSetting("vat_rate_percent", "20", "VAT rate (%) on training charges")
COMPLAINT_RESPONSE_DAYS = Setting[int](
    "complaint_response_days", 25, "Written response to a complaint due within (days)", 1, 366
)
CALENDAR_DAYS = "calendar"
WORKING_DAYS = "working"
COMPLAINT_RESPONSE_BASIS = ChoiceSetting(
    "complaint_response_basis",
    CALENDAR_DAYS,
    "Complaint response days are",
    choices=((CALENDAR_DAYS, "Calendar days"), (WORKING_DAYS, "Working days")),
)

register(REGION, VAT_RATE, COMPLAINT_RESPONSE_DAYS, COMPLAINT_RESPONSE_BASIS)


def region_of(settings: Settings) -> Region:
    """The region whose bank holidays count (England and Wales unless set)."""
    return Region(settings.get(REGION))


def vat_rate_of(settings: Settings) -> Decimal:
    """The VAT rate in per cent, e.g. ``Decimal("20")``."""
    return parse_percent(VAT_RATE.key, settings.get(VAT_RATE))


def response_in_working_days(settings: Settings) -> bool:
    """Whether the complaint response deadline counts working days (calendar days unless set)."""
    return settings.get(COMPLAINT_RESPONSE_BASIS) == WORKING_DAYS


#: Whether a casebook also keeps the registers (a sole practitioner's). Casebooks made before
#: office books kept them, so that is the default; a mediator's casebook in a service with
#: an office book is made with it off.
KEEPS_REGISTERS = Setting[int](
    "keeps_registers", 1, "This casebook also keeps the training and complaints registers", 0, 1
)
register(KEEPS_REGISTERS)
