"""``--self-test``: prove on this machine that a casebook can be made and exported from, and
that a sealed file can be made and opened with the post-quantum hybrid (ML-KEM-768 with
X25519): a platform whose ``cryptography`` lacks ML-KEM fails here, at build time, rather
than in front of a mediator.

Uses a throwaway casebook of fictional cases in a temporary folder, removed afterwards.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.books import keyfile

if TYPE_CHECKING:
    from app.books.casebook import Casebook


def run_self_test(out: TextIO) -> int:
    """0 when a casebook opens, holds the demo cases and exports a PDF; 1 otherwise."""
    from app.books.verify import verify_casebook
    from app.demo import create_demo_casebook
    from app.documents.export import export_agreement

    # The floor cost is enough for a throwaway of fictional data, and keeps this quick.
    floor = keyfile.Argon2Params(keyfile.MIN_MEMORY_KIB, keyfile.MIN_ITERATIONS, 2, b"\0" * 16)
    with tempfile.TemporaryDirectory(prefix="parley-self-test-") as scratch:
        created = create_demo_casebook(Path(scratch) / "casebook", kdf=floor)
        with created.casebook as casebook:
            agreed = [r.reference for r in casebook.cases.list_rows() if r.status == "agreed"]
            if not agreed:
                print("self-test: the demo has no agreed case to export", file=out)
                return 1
            exported = export_agreement(casebook, agreed[0], Path(scratch) / "agreement.pdf")
            if not exported.path.read_bytes().startswith(b"%PDF-"):
                print("self-test: the export is not a PDF", file=out)
                return 1
            report = verify_casebook(casebook)
            if not report.ok:
                print(f"self-test: verify failed: {report.problems}", file=out)
                return 1
            problem = sealed_round_trip(casebook, agreed[0])
            if problem:
                print(f"self-test: {problem}", file=out)
                return 1
    print(
        f"self-test: casebook, export ({exported.size:,} bytes), verify and a post-quantum "
        "sealed file passed",
        file=out,
    )
    return 0


def sealed_round_trip(casebook: Casebook, reference: str) -> str:
    """Seal a case's agreement from ``casebook`` to a throwaway book and open it again;
    the problem in words, or "" when the round trip holds."""
    from app.documents.export import agreed_terms_for
    from app.exchange.payloads import agreement_entry
    from app.exchange.sealed import (
        Kind,
        new_document,
        open_envelope,
        read_envelope,
        read_signed,
        seal,
    )
    from app.identity.keys import new_identity

    sender, recipient = casebook.identity.get(), new_identity()
    payload = {"agreement": agreement_entry(agreed_terms_for(casebook, reference))}
    document = new_document(
        Kind.AGREEMENT,
        sender.public.fingerprint,
        recipient.public.fingerprint,
        payload,
        datetime.now(),
    )
    data = seal(document, sender, recipient.public)
    envelope = read_envelope(data, "the self-test's sealed file")
    opened, signer = read_signed(
        open_envelope(envelope, recipient, "the self-test's sealed file"),
        recipient.public.fingerprint,
        "the self-test's sealed file",
    )
    if opened != document or signer != sender.public:
        return "a sealed file did not open to what was sealed"
    if new_identity().open(envelope.sealed, envelope.header) is not None:
        return "a sealed file opened for a book it was not sealed to"
    return ""
