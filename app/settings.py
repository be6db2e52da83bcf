"""The settings registry: every setting's key, type and default in one place.

Settings that could identify people or the organisation live inside the casebook (and so
are encrypted); window geometry and the like belong to Qt's QSettings in the interface.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from app.errors import InvalidValue
from app.storage.database import Connection

T = TypeVar("T", str, int)


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T
    label: str
    minimum: int | None = None
    maximum: int | None = None

    def parse(self, text: str) -> T:
        if isinstance(self.default, int):
            try:
                number = int(text)
            except ValueError as exc:
                raise InvalidValue(self.key, "this must be a whole number") from exc
            if self.minimum is not None and number < self.minimum:
                raise InvalidValue(self.key, f"this must be at least {self.minimum}")
            if self.maximum is not None and number > self.maximum:
                raise InvalidValue(self.key, f"this must be at most {self.maximum}")
            return number
        return text


ORGANISATION = Setting[str]("organisation_name", "", "Organisation name (printed on agreements)")
MEDIATOR = Setting[str]("mediator_name", "", "Your name (for the audit trail and signatures)")
IDLE_LOCK_MINUTES = Setting[int]("idle_lock_minutes", 5, "Lock after idle minutes", 1, 240)
BACKUP_REMINDER_DAYS = Setting[int](
    "backup_reminder_days", 7, "Remind to back up after days", 1, 365
)

RETENTION_REVIEW_YEARS = Setting[int](
    "retention_review_years", 6, "Review closed cases after years", 1, 50
)

CORE_SETTINGS: tuple[Setting[str] | Setting[int], ...] = (
    ORGANISATION,
    MEDIATOR,
    IDLE_LOCK_MINUTES,
    BACKUP_REMINDER_DAYS,
    RETENTION_REVIEW_YEARS,
)


def registry() -> dict[str, Setting[str] | Setting[int]]:
    """Every setting kept in the casebook, by key: the one list of what can be set."""
    # The registers' and the trust settings build on Setting, so they are gathered here at
    # call time rather than imported at the top (which would be circular).
    from app.register_settings import REGISTER_SETTINGS

    every = (*CORE_SETTINGS, *REGISTER_SETTINGS)
    return {s.key: s for s in every}


class Settings:
    """Settings kept inside the encrypted casebook."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, setting: Setting[T]) -> T:
        row = self._conn.execute(
            "SELECT value FROM settings WHERE key = ?", (setting.key,)
        ).fetchone()
        if row is None:
            return setting.default
        try:
            return setting.parse(row[0])
        except InvalidValue:
            return setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        text = str(value)
        setting.parse(text)  # validates
        self._conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (setting.key, text),
        )
