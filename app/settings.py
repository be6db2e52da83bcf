"""The settings registry: every setting's key, type and default in one place.

Settings that could identify people or the organisation live inside the casebook (and so
are encrypted); window geometry and the like belong to Qt's QSettings in the interface.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar, overload

from app.errors import InvalidValue
from app.storage.database import Connection

T = TypeVar("T", str, int)

#: The settings' table, for a book made after the first release (an office book); a casebook
#: got the same table from schema step 1 (``app.cases.schema``), which is never edited.
TABLE = """
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"""


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

#: Any one setting, whatever the type of its value.
AnySetting = Setting[str] | Setting[int]

_REGISTRY: dict[str, AnySetting] = {}


def register(*settings: AnySetting) -> None:
    """Add a domain's settings to the registry, once each, when its module loads.

    The registry sits below the domains, so each domain adds its own settings here rather
    than this module importing them (which would make every domain a dependency of the
    floor they stand on).
    """
    for setting in settings:
        known = _REGISTRY.get(setting.key)
        if known is not None and known is not setting:
            raise ValueError(f"two settings share the key {setting.key!r}")
        _REGISTRY[setting.key] = setting


def registry() -> dict[str, AnySetting]:
    """Every setting kept in the book, by key: the one list of what can be set.

    Complete once the book's facade (``app.books.casebook``) has loaded, since it loads
    every domain.
    """
    return dict(_REGISTRY)


register(ORGANISATION, MEDIATOR, IDLE_LOCK_MINUTES, BACKUP_REMINDER_DAYS, RETENTION_REVIEW_YEARS)


class Settings:
    """Settings kept inside the encrypted casebook."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    @overload
    def get(self, setting: Setting[str]) -> str: ...
    @overload
    def get(self, setting: Setting[int]) -> int: ...
    def get(self, setting: AnySetting) -> str | int:
        """The stored value, or the default when unset or no longer acceptable."""
        row = self._conn.execute(
            "SELECT value FROM settings WHERE key = ?", (setting.key,)
        ).fetchone()
        if row is None:
            return setting.default
        try:
            return setting.parse(row[0])
        except InvalidValue:
            return setting.default

    def stored(self) -> dict[str, str]:
        """Every setting kept in the book, as stored, by key (for ``export-book``)."""
        rows = self._conn.execute("SELECT key, value FROM settings ORDER BY key")
        return {str(key): str(value) for key, value in rows}

    def set(self, setting: Setting[T], value: T) -> None:
        self.set_text(setting, str(value))

    def set_text(self, setting: AnySetting, text: str) -> None:
        """Store a value typed as text, once its setting's rule accepts it."""
        setting.parse(text)  # validates
        self._conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (setting.key, text),
        )
