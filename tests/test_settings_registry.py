"""The one registry of settings: every key once, every default acceptable to its own rule."""

from __future__ import annotations

from app.books.casebook import Casebook
from app.settings import registry


def test_every_setting_is_registered_once_with_a_valid_default(casebook: Casebook) -> None:
    settings = registry()
    assert {"organisation_name", "mediator_name", "idle_lock_minutes", "calendar_region"} <= set(
        settings
    )
    for key, setting in settings.items():
        assert setting.key == key
        assert setting.parse(str(setting.default)) == setting.default
        # An unset setting reads as its default from a real casebook.
        assert casebook.settings.get(setting) == setting.default
