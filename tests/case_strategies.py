"""Hypothesis strategies for whole cases in the interchange format (``parley.cases/1``).

``cases_document(secret)`` draws cases with every kind of record. Each confidential field
(summary, notes, issues, proposed and withdrawn terms, meetings' places, consent details,
disclosures) is filled by ``secret(label)``, so a test can plant a sentinel there and look
for it later; everything else is drawn as ordinary text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

Secret = Callable[[str], str]
Doc = dict[str, Any]

# Letters people's names and words really use, Welsh and Polish included; no control
# characters (the stores refuse them, rightly).
_ALPHABET = st.characters(
    codec="utf-8", categories=("L", "N", "Zs", "P"), exclude_characters="\u2028\u2029\x85"
)
words = st.text(_ALPHABET, min_size=1, max_size=24).map(str.strip).filter(bool)
NHS_NUMBERS = ("", "9434765919", "4010232137", "9999999999")
DAY0 = date(2026, 1, 5)
MEETING_KINDS = ("pre_mediation", "separate", "joint", "support", "debrief")


def plain(label: str) -> str:
    """No sentinel: ordinary words."""
    return f"{label.lower()} text"


@st.composite
def case_entry(draw: st.DrawFn, n: int, secret: Secret) -> Doc:
    referred = DAY0 + timedelta(days=draw(st.integers(0, 300)))
    stage = draw(st.sampled_from(["early", "formal", "eleventh_hour"]))
    parties = [
        {
            "id": f"p{i}",
            "name": draw(words),
            "role": draw(st.sampled_from(["parent", "consultant", "nurse", "advocate", "other"])),
            "side": draw(st.sampled_from(["family", "clinical", "other"])),
            "contact": draw(st.sampled_from(["", "07700 900123"])),
            "consented_on": (referred + timedelta(days=1)).isoformat(),
            "consent_how": secret("CONSENTHOW"),
            "party_to_agreement": draw(st.booleans()),
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    ids = [p["id"] for p in parties]
    meetings = [
        {
            "id": f"m{i}",
            "kind": draw(
                st.sampled_from(["pre_mediation", "separate", "joint", "support", "debrief"])
            ),
            "starts_at": f"{(referred + timedelta(days=2 + i)).isoformat()}T1{i}:00",
            "minutes": draw(st.sampled_from([30, 60, 90])),
            "place": secret("PLACE"),
            "attendees": draw(st.lists(st.sampled_from(ids), unique=True)) if ids else [],
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    notes = []
    for i in range(draw(st.integers(0, 4))):
        shared = draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
        note: Doc = {
            "source": draw(st.sampled_from(["mediator", *ids])),
            "text": secret("NOTE"),
            "written_at": f"{(referred + timedelta(days=3)).isoformat()}T0{i}:30",
        }
        if meetings and draw(st.booleans()):
            note["meeting"] = draw(st.sampled_from([m["id"] for m in meetings]))
        if shared:
            note |= {"may_share_with": shared, "consent_on": note["written_at"][:10],
                     "consent_how": secret("SHARECONSENT")}  # fmt: skip
        notes.append(note)
    statuses = draw(st.lists(st.sampled_from(["proposed", "agreed", "withdrawn"]), max_size=5))
    terms = [
        {"text": f"Agreed term {i}: {draw(words)}" if s == "agreed" else secret(s.upper()),
         "status": s}
        for i, s in enumerate(statuses)
    ]  # fmt: skip
    entry: Doc = {
        "reference": f"MM-2026-{n:03d}",
        "title": draw(words),
        "stage": stage,
        "status": draw(st.sampled_from(["referred", "in_mediation", "agreed", "closed"])),
        "referred_on": referred.isoformat(),
        "referred_by": draw(words),
        "hospital": draw(words),
        "team": draw(words),
        "summary": secret("SUMMARY"),
        "patient": {
            "name": draw(words),
            "date_of_birth": (referred - timedelta(days=draw(st.integers(1, 6000)))).isoformat(),
            "nhs_number": draw(st.sampled_from(NHS_NUMBERS)),
            "hospital_number": draw(st.sampled_from(["", "H-77", "RX9 0012"])),
        },
        "parties": parties,
        "meetings": meetings,
        "notes": notes,
        "issues": [
            {
                "kind": draw(st.sampled_from(["position", "underlying", "key", "realistic"])),
                "text": secret("ISSUE"),
            }
            for _ in range(draw(st.integers(0, 2)))
        ],
        "terms": terms,
        "disclosures": [
            {
                "on": (referred + timedelta(days=4)).isoformat(),
                "ground": draw(st.sampled_from(["risk_of_harm", "unlawful", "court_order"])),
                "to": secret("DISCLOSEDTO"),
                "what": secret("DISCLOSED"),
                "decided_by": secret("DECIDEDBY"),
                "reason": secret("REASON"),
            }
            for _ in range(draw(st.integers(0, 2)))
        ],
    }
    if any(t["status"] == "agreed" for t in terms):
        entry["agreed_on"] = (referred + timedelta(days=20)).isoformat()
    if stage == "eleventh_hour":
        entry["court"] = {"name": draw(words), "reference": "FD26P00123",
                          "next_hearing": (referred + timedelta(days=30)).isoformat()}  # fmt: skip
        if draw(st.booleans()):  # the parties' wish and the court's agreement, recorded
            entry["court"] |= {
                "parties_wish_to_mediate_on": (referred + timedelta(days=3)).isoformat(),
                "court_agreed_on": (referred + timedelta(days=5)).isoformat(),
                "court_agreed_by": draw(st.sampled_from(["order", "adjournment", "directions"])),
            }
    return entry


@st.composite
def cases_document(draw: st.DrawFn, secret: Secret = plain, max_cases: int = 3) -> Doc:
    count = draw(st.integers(1, max_cases))
    return {
        "format": "parley.cases/1",
        "cases": [draw(case_entry(n + 1, secret)) for n in range(count)],
    }
