"""``--self-test``: prove on this machine that a casebook can be made and exported from.

Uses a throwaway casebook of fictional cases in a temporary folder, removed afterwards.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TextIO

from app.books import keyfile


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
    print(f"self-test: casebook, export ({exported.size:,} bytes) and verify passed", file=out)
    return 0
