"""Commands between books: contact cards, the trusted contacts, and sealed files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.cli import EXIT_OK
from app.cli.options import BookCommand, Commands, FolderCommand
from app.cli.prompts import Secrets
from app.cli.session import opened, require_book

if TYPE_CHECKING:
    from app.books.kinds import AnyBook

#: How a fingerprint was compared, as typed on the command line.
HOW = {"phone": "phone", "in-person": "in_person", "video": "video"}


def add_to(commands: Commands) -> None:
    card = commands.add("card", "contact cards: export this book's, show one, trust one")
    actions = card.add_subparsers(dest="card_action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write this book's contact card")
    export.add_argument("--out", type=Path, required=True, metavar="F.parley-card")
    export.add_argument("--name", help="the name to print on the card (kept for next time)")
    export.add_argument("--keychain", action="store_true", help="unlock with the keychain")
    show = actions.add_parser("show", help="name, role and fingerprint of a card (no book)")
    show.add_argument("file", type=Path, metavar="F.parley-card")
    trust = actions.add_parser(
        "import", help="trust a card, once its fingerprint is confirmed with its owner"
    )
    trust.add_argument("file", type=Path, metavar="F.parley-card")
    trust.add_argument(
        "--fingerprint",
        required=True,
        metavar="FP",
        help="the fingerprint as its owner read it to you (spaces and case do not matter)",
    )
    trust.add_argument(
        "--how", required=True, choices=tuple(HOW), help="how you compared the fingerprint"
    )
    trust.add_argument("--by", default="", metavar="NAME", help="who compared it (default: you)")
    trust.add_argument("--keychain", action="store_true", help="unlock with the keychain")
    for sub in (export, show, trust):
        sub.add_argument("--vault", type=Path, metavar="DIR", default=argparse.SUPPRESS)
    commands.add("contacts", "the books this book trusts: name, role, fingerprint", keychain=True)
    send_ = commands.add("send", "seal one case's file to a trusted book", keychain=True)
    send_.add_argument(
        "kind",
        choices=("referral", "agreement", "outcome", "handover"),
        help="referral: office to mediator; agreement, outcome: mediator to office; "
        "handover: mediator to mediator",
    )
    send_.add_argument("reference", metavar="REF")
    send_.add_argument("--to", required=True, metavar="WHO", help="a contact's name or fingerprint")
    send_.add_argument("--out", type=Path, required=True, metavar="F.parley-sealed")
    send_.add_argument(
        "--close", action="store_true", help="handover: close the case here once it is sent"
    )
    take = commands.add("receive", "open a sealed file addressed to this book", keychain=True)
    take.add_argument("file", type=Path, metavar="F.parley-sealed")


def card(args: argparse.Namespace, folder: Path, secrets: Secrets, out: TextIO) -> int:
    from app.identity.cards import read_card_file

    if args.card_action == "show":
        shown = read_card_file(args.file)
        print(f"name: {shown.name}", file=out)
        print(f"role: {shown.role.value}", file=out)
        print(f"fingerprint: {shown.shown_fingerprint}", file=out)
        return EXIT_OK
    if args.card_action == "import":
        # The card is checked before any passphrase is asked for.
        read_card_file(args.file)
    require_book(folder)
    with opened(folder, secrets, out, args.keychain) as book:
        if args.card_action == "export":
            return _export(args, book, out)
        return _trust(args, book, out)


def _export(args: argparse.Namespace, book: AnyBook, out: TextIO) -> int:
    from app.exchange.trust import export_card

    made = export_card(book, args.out, name=args.name)
    print(f"Wrote {made.path}: the card of {made.card.name} ({made.card.role.value}).", file=out)
    print(f"fingerprint: {made.card.shown_fingerprint}", file=out)
    print("Give the card to the other book's owner, and read them this fingerprint.", file=out)
    return EXIT_OK


def _trust(args: argparse.Namespace, book: AnyBook, out: TextIO) -> int:
    from datetime import datetime

    from app.exchange.trust import trust_card
    from app.identity.cards import read_card_file
    from app.identity.contacts import ConfirmedHow

    card = read_card_file(args.file)
    contact = trust_card(
        book,
        card,
        fingerprint=args.fingerprint,
        how=ConfirmedHow(HOW[args.how]),
        by=args.by,
        at=datetime.now(),
    )
    print(
        f"Trusted {contact.name} ({contact.role.value}), fingerprint "
        f"{contact.shown_fingerprint}, confirmed by {contact.confirmed_by}.",
        file=out,
    )
    return EXIT_OK


def contacts(args: argparse.Namespace, book: AnyBook, out: TextIO) -> int:
    from app.formatting import format_datetime

    trusted = book.contacts.all()
    if not trusted:
        print("No trusted contacts yet: import a card with 'parley card import'.", file=out)
        return EXIT_OK
    for contact in trusted:
        print(f"{contact.name}  ({contact.role.value})", file=out)
        print(f"    fingerprint: {contact.shown_fingerprint}", file=out)
        print(
            f"    confirmed by {contact.confirmed_by}, {contact.confirmed_how.label}, "
            f"{format_datetime(contact.confirmed_at)}",
            file=out,
        )
    return EXIT_OK


def send(args: argparse.Namespace, book: AnyBook, out: TextIO) -> int:
    from app.exchange.sealed import Kind
    from app.exchange.sending import send as seal_and_send

    sent = seal_and_send(book, Kind(args.kind), args.reference, args.to, args.out, close=args.close)
    print(
        f"Sealed the {sent.kind.value} of {sent.reference} to {sent.to.name} "
        f"({sent.to.shown_fingerprint}) in {sent.path} ({sent.size:,} bytes, "
        f"sha256 {sent.sha256}).",
        file=out,
    )
    if sent.closed:
        print(f"{sent.reference} is now closed in this casebook.", file=out)
    print("Only that book can open it; send it by any means you already use.", file=out)
    return EXIT_OK


def receive(args: argparse.Namespace, book: AnyBook, out: TextIO) -> int:
    from app.exchange.receiving import receive as take_in

    taken = take_in(book, args.file)
    about = f" for {taken.reference}" if taken.reference else ""
    print(
        f"Received the {taken.kind.value}{about} from {taken.sender.name} "
        f"({taken.sender.shown_fingerprint}); sha256 {taken.sha256}.",
        file=out,
    )
    return EXIT_OK


ON_FOLDER: dict[str, FolderCommand] = {"card": card}
ON_BOOK: dict[str, BookCommand] = {"contacts": contacts, "send": send, "receive": receive}
