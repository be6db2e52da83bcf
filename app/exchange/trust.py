"""Contact cards between books: write this book's card, and trust another book's once its
fingerprint has been compared with its owner (docs/ARCHITECTURE.md, "Sealed exchange between
books").

Trusting needs the fingerprint as the owner read it out: a card whose fingerprint does not
match is refused, and nothing is trusted. The audit trail records each card exported and
each card trusted, with its fingerprint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.books.book import Book
from app.errors import ExportFailed, ParleyError
from app.identity.cards import CARD_NAME, MAX_CARD_BYTES, Card, CardRefused, make_card, read_card
from app.identity.contacts import ConfirmedHow, Contact
from app.identity.keys import normalise_fingerprint
from app.storage.atomic import replacing


class FingerprintMismatch(ParleyError):
    """The fingerprint given is not the card's: nothing was trusted."""


@dataclass(frozen=True)
class ExportedCard:
    path: Path
    card: Card


def export_card(book: Book, out: Path, *, name: str | None = None) -> ExportedCard:
    """Write this book's contact card to ``out``; ``name`` (if given) is kept for next time."""
    out = Path(out)
    if not out.parent.is_dir():
        raise ExportFailed(f"The folder {out.parent} does not exist; choose another place.")
    if out.is_dir():
        raise ExportFailed(f"{out} is a folder; give a file name for the card.")
    if out.exists() and not _is_card(out):
        raise ExportFailed(f"{out} exists and is not a contact card; Parley will not overwrite it.")
    chosen = (name if name is not None else book.card_name()).strip()
    if not chosen:
        raise CardRefused(
            "Give the name to print on the card (for example --name 'Alex Morgan'): it is how "
            "other books will know this one."
        )
    data = make_card(chosen, book.role, book.identity.get())
    card = read_card(data)
    try:
        with (
            replacing(out, data, mode=0o644),  # a card holds no secret: it is for sharing
            book.audit.recording("card exported", detail=f"fingerprint {card.fingerprint}"),
        ):
            if name is not None:
                book.settings.set(CARD_NAME, chosen)
    except OSError as exc:
        raise ExportFailed(
            f"The card could not be written to {out} ({exc.strerror or exc}); nothing was left "
            "behind."
        ) from exc
    return ExportedCard(out, card)


def trust_card(
    book: Book, card: Card, *, fingerprint: str, how: ConfirmedHow, by: str, at: datetime
) -> Contact:
    """Trust ``card`` if ``fingerprint`` (as its owner read it out) is the card's own."""
    if normalise_fingerprint(fingerprint) != card.fingerprint:
        raise FingerprintMismatch(
            f"The fingerprint you were given does not match this card ({card.shown_fingerprint}). "
            "Nothing was trusted: ask the card's owner to read theirs out again, and make sure "
            "the card came from them."
        )
    if card.fingerprint == book.identity.fingerprint:
        raise CardRefused("This is this book's own card; there is no need to trust it.")
    who = by.strip() or book.card_name()
    if not who:
        raise CardRefused("Say who compared the fingerprint (for example --by 'Jo Patel').")
    with book.transaction():
        contact = book.contacts.add(card, confirmed_by=who, how=how, at=at)
        book.audit.record(
            "card trusted",
            detail=f"{card.role.value} {card.fingerprint} confirmed by {who}, {how.label}",
        )
    return contact


def _is_card(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            read_card(handle.read(MAX_CARD_BYTES + 1))
    except (OSError, CardRefused):
        return False
    return True
