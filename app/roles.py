"""Whose book it is: a mediator's casebook or the office's book.

See docs/ARCHITECTURE.md, "Books and roles".

The role is kept inside the encrypted book, fixed when it is made, and printed on its contact
card. It decides which schema the book has, which sections the window shows, and which
sealed files the book may send and receive.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    MEDIATOR = "mediator"
    OFFICE = "office"

    @property
    def book_name(self) -> str:
        """What the book is called in a sentence: "a mediator's casebook"."""
        return _BOOK_NAMES[self]


_BOOK_NAMES = {
    Role.MEDIATOR: "a mediator's casebook",
    Role.OFFICE: "the office's book",
}
