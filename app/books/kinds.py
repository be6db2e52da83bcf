"""Either kind of open book, and the one clear refusal when a command needs the other."""

from __future__ import annotations

from app.books.casebook import Casebook
from app.books.office_book import OfficeBook
from app.errors import ParleyError

#: An open book of either role.
AnyBook = Casebook | OfficeBook


class WrongKindOfBook(ParleyError):
    """A book of one role where the other was needed (an office book opened as a casebook)."""


def require_casebook(book: AnyBook, doing: str) -> Casebook:
    """``book`` if it is a mediator's casebook; else a refusal saying why ``doing`` needs one."""
    if isinstance(book, Casebook):
        return book
    raise WrongKindOfBook(
        f"This is the office's book, which holds no cases: {doing} needs a mediator's casebook."
    )


def require_office(book: AnyBook, doing: str) -> OfficeBook:
    """``book`` if it is the office's book; else a refusal saying why ``doing`` needs it."""
    if isinstance(book, OfficeBook):
        return book
    raise WrongKindOfBook(f"This is a mediator's casebook: {doing} needs the office's book.")
