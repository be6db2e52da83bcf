"""Three years of closed cases for the demo, each with its outcome, so that the statistics
and their charts have something to show.

The cases are brief (a reference, a title, a hospital, a meeting or a few) and their
confidential notes long since destroyed, as a mediator's older cases would be. A seeded
random choice makes the same history every time for the same day.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from app.books.casebook import Casebook
from app.books.outcomes import record_outcome
from app.cases.outcomes import (
    HEARING_IN_VIEW,
    Cause,
    CourtInvolvement,
    OutcomeAnswers,
    ReferralSource,
    Result,
    WithdrawnBy,
)
from app.cases.records import Case, Meeting, MeetingKind, Patient, Stage, Status
from app.demo.compact import nhs_number

CASES_PER_YEAR = 24
YEARS = 3

_TITLES = (
    "Continuing ventilation",
    "Treatment limitation on PICU",
    "Second opinion",
    "Discharge home",
    "Tracheostomy and long-term ventilation",
    "Chemotherapy after relapse",
    "Place of care",
    "Feeding at the end of life",
    "Transfer to another centre",
    "Resuscitation decisions",
)
_HOSPITALS = (
    ("Kingsmere Children's Hospital", "Paediatric Intensive Care Unit"),
    ("St Aldhelm's Hospital for Children", "Respiratory medicine"),
    ("Hartwell University Hospital", "Paediatric neurology"),
    ("Ashcombe Royal Infirmary", "Paediatric palliative care"),
    ("Avonford General Hospital", "Neonatal unit"),
)
_FIRST_NAMES = (
    "Alfie",
    "Bethan",
    "Cerys",
    "Dev",
    "Efe",
    "Freya",
    "Idris",
    "Kai",
    "Leila",
    "Maja",
    "Noor",
    "Olek",
    "Rhys",
    "Saoirse",
    "Tobi",
    "Zainab",
)
_SURNAMES = (
    "Ahmed",
    "Byrne",
    "Davies",
    "Ferreira",
    "Jones",
    "Kowalska",
    "Lewis",
    "Morgan",
    "Ncube",
    "O'Brien",
    "Patel",
    "Rees",
    "Szabo",
    "Thomas",
    "Walsh",
    "Yilmaz",
)
# Roughly how often each result, source and court involvement came up.
_RESULTS = (
    (Result.AGREED_IN_FULL,) * 5
    + (Result.AGREED_IN_PART,) * 3
    + (Result.NOT_AGREED, Result.NOT_AGREED, Result.WITHDRAWN, Result.REFERRED_ELSEWHERE)
)
_SOURCES = (
    (ReferralSource.CLINICAL_TEAM,) * 5
    + (ReferralSource.FAMILY,) * 2
    + (ReferralSource.HOSPITAL_LEGAL_TEAM, ReferralSource.ETHICS_COMMITTEE, ReferralSource.OTHER)
)
_COURT = (CourtInvolvement.NONE,) * 6 + (
    CourtInvolvement.THREATENED,
    CourtInvolvement.THREATENED,
    CourtInvolvement.PROCEEDINGS_ISSUED,
    CourtInvolvement.HEARING_LISTED,
    CourtInvolvement.DECIDED_BY_COURT,
)


def add_history(casebook: Casebook, today: date) -> int:
    """Add the closed cases of the last three years, each with its outcome; returns how many."""
    chance = random.Random(today.toordinal())
    made = 0
    for year_back in range(YEARS, 0, -1):
        for n in range(CASES_PER_YEAR):
            referred = today - timedelta(days=365 * year_back - n * 15 - chance.randint(0, 10))
            made += _closed_case(casebook, chance, referred, today, f"H{year_back}{n:02d}")
    return made


def _closed_case(
    casebook: Casebook, chance: random.Random, referred: date, today: date, number: str
) -> int:
    title = chance.choice(_TITLES)
    hospital, team = chance.choice(_HOSPITALS)
    stage = chance.choice(
        (Stage.EARLY, Stage.EARLY, Stage.FORMAL, Stage.FORMAL, Stage.ELEVENTH_HOUR)
    )
    reference = f"MM-{referred.year}-{number}"
    born = referred - timedelta(days=chance.randint(30, 16 * 365))
    name = f"{chance.choice(_FIRST_NAMES)} {chance.choice(_SURNAMES)}"
    patient = Patient(name, born, nhs_number(700_000 + int(number[1:])), "")
    case = casebook.cases.add(
        Case(
            None,
            reference,
            title,
            stage=stage,
            hospital=hospital,
            team=team,
            referred_on=referred,
            patient=patient,
        )
    )
    assert case.id is not None
    day = referred + timedelta(days=chance.choice((0, 1, 1, 2, 2, 3, 4, 6)))
    kinds = [
        MeetingKind.PRE_MEDIATION,
        MeetingKind.SEPARATE,
        MeetingKind.SEPARATE,
        MeetingKind.JOINT,
    ]
    kinds += chance.sample(
        [MeetingKind.SUPPORT, MeetingKind.DEBRIEF, MeetingKind.JOINT], chance.randint(0, 3)
    )
    for kind in kinds:
        if day >= today - timedelta(days=2):
            break  # a closed case's meetings are all behind it
        when = datetime.combine(day, time(10, 0))
        casebook.meetings.add(Meeting(None, case.id, kind, when, chance.choice((45, 60, 90))))
        day += timedelta(days=chance.randint(2, 9))
    closed = min(day + timedelta(days=chance.randint(3, 40)), today - timedelta(days=1))
    if stage is Stage.EARLY and chance.random() < 0.3:  # some became formal along the way
        case = casebook.cases.update(replace(case, stage=Stage.FORMAL))
    case_id = case.id
    assert case_id is not None
    casebook.cases.update(replace(case, status=Status.CLOSED))
    casebook.cases.date_closure(case_id, closed)
    record_outcome(casebook, case_id, _answers(chance, stage), today=closed)
    return 1


def _answers(chance: random.Random, stage: Stage) -> OutcomeAnswers:
    result = chance.choice(_RESULTS)
    court = (
        chance.choice(_COURT)
        if stage is not Stage.ELEVENTH_HOUR
        else chance.choice((CourtInvolvement.PROCEEDINGS_ISSUED, CourtInvolvement.HEARING_LISTED))
    )
    avoided = court in HEARING_IN_VIEW and result in (Result.AGREED_IN_FULL, Result.AGREED_IN_PART)
    return OutcomeAnswers(
        result=result,
        withdrawn_by=chance.choice(list(WithdrawnBy)) if result is Result.WITHDRAWN else None,
        court=court,
        hearing_avoided=avoided,
        referral_source=chance.choice(_SOURCES),
        causes=frozenset(chance.sample(list(Cause)[:-1], chance.randint(1, 3))),
        mediator_minutes=chance.randint(6, 40) * 30,
    )
