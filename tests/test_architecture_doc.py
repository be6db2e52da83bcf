"""docs/ARCHITECTURE.md is the design the code refers to: every section the code names
exists, every file the document names exists, and nothing points outside the repository."""

from __future__ import annotations

import re

from conftest import ROOT

DOC = ROOT / "docs" / "ARCHITECTURE.md"
CODE = [
    ROOT / "main.py",
    *(p for d in ("app", "ui", "tests", "installer") for p in (ROOT / d).rglob("*.py")),
]
OUTSIDE = "DESIGN" + ".md"  # spelt in two, so that this file does not name it


def headings() -> set[str]:
    return {m.group(1).strip() for m in re.finditer(r"^#{2,3} (.+)$", DOC.read_text(), re.M)}


def test_every_section_the_code_names_exists() -> None:
    known = headings()
    named: dict[str, str] = {}
    for path in CODE:
        # A reference may be wrapped across lines of a comment or docstring.
        text = " ".join(path.read_text(encoding="utf-8").replace("#", " ").split())
        for match in re.finditer(r'docs/ARCHITECTURE\.md, "([^"]+)"', text):
            named[match.group(1)] = str(path.relative_to(ROOT))
    assert named, "the code refers to no section"
    missing = {section: where for section, where in named.items() if section not in known}
    assert missing == {}


def test_nothing_refers_to_a_design_document_outside_the_repository() -> None:
    outside = [str(p.relative_to(ROOT)) for p in CODE if OUTSIDE in p.read_text("utf-8")]
    assert outside == []


def test_every_file_the_document_names_exists() -> None:
    named = set(re.findall(r"`((?:app|ui|tests|docs)/[\w./]*)`", DOC.read_text()))
    assert len(named) > 40
    assert sorted(p for p in named if not (ROOT / p).exists()) == []
