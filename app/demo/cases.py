"""The six fictional cases of the demo casebook, as a ``parley.cases/1`` document.

Every person, hospital and NHS number here is invented. Dates are set relative to the day
the demo is made, so that some meetings are always in the past and some next week.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.demo.compact import Dates, Record, issues, note, notes, shared, terms
from app.exchange.importer import FORMAT


def demo_document(today: date) -> dict[str, Any]:
    """The demo cases as a ``parley.cases/1`` document, dated around ``today``."""
    d = Dates(today)
    cases = (_ventilation, _second_opinion, _transfer, _pain_relief, _feeding_tube, _school)
    return {"format": FORMAT, "cases": [make(d) for make in cases]}


def _ventilation(d: Dates) -> Record:
    return {
        **d.case(11, "Continuing ventilation on PICU", "formal", "in_mediation", -30),
        "referred_by": "Dr Amelia Okafor, consultant, PICU",
        "hospital": "Kingsmere Children's Hospital",
        "team": "Paediatric Intensive Care Unit",
        "summary": (
            "Oliver is four. He has been ventilated on PICU for seven weeks after a cardiac "
            "arrest at home and a severe brain injury. The team believe continued ventilation "
            "is no longer in his best interests and have raised comfort-focused care. His "
            "parents want ventilation to continue while they see whether he responds.\n"
            "Both sides want to avoid court. Trust with the night team has been strained."
        ),
        "patient": d.patient("Oliver Pritchard", 4, 140, 104_117, "KCH 204518"),
        "parties": [
            d.party("sian", "Siân Pritchard", "parent", "family", -27, "In person")
            | {"contact": "07700 900141, sian.pritchard@example.org"},
            d.party("gareth", "Gareth Pritchard", "parent", "family", -27, "In person"),
            d.party("nowak", "Dr Łukasz Nowak", "consultant", "clinical", -26, "By email"),
            d.party("hartley", "Zoë Hartley", "nurse", "clinical", -26, "In person"),
            d.party("raman", "Priya Raman", "advocate", "other", -25, "By telephone"),
        ],
        "meetings": [
            d.meeting("m1", "pre_mediation", -27, "10:00", 60, "Family room", "sian gareth"),
            d.meeting("m2", "separate", -20, "14:00", 90, "Quiet room", "sian gareth raman"),
            d.meeting("m3", "separate", -19, "12:30", 60, "PICU seminar room", "nowak hartley"),
            d.meeting("m4", "support", -12, "16:00", 45, "PICU seminar room", "hartley"),
            d.meeting("m5", "joint", 5, "10:00", 120, "Board room", "sian gareth nowak hartley"),
            d.meeting("m6", "debrief", 5, "12:30", 30, "Board room"),
        ],
        "notes": [
            note(
                "m2/sian",
                "Siân described Oliver turning towards her voice when she sings to him at "
                "bedtime. She would like the team to hear this from her before the joint "
                "meeting.",
                **shared("nowak hartley", d.day(-20), "Asked at the end of the meeting"),
            ),
            note(
                "m3/nowak",
                "The team would consider a time-limited trial with agreed review points if "
                "that would help the family. Dr Nowak is happy for the parents to hear this.",
                **shared("sian gareth", d.day(-19), "Verbally, confirmed by email"),
            ),
            note(
                "m4/hartley",
                "Sister Hartley said some night staff feel criticised by comments in the "
                "bedside diary. She agreed I could tell Siân, then withdrew that the next "
                "morning: she would rather raise it herself.",
                **shared("sian", d.day(-12), "In person", consent_withdrawn_on=d.day(-11)),
            ),
            *notes(
                "m2/gareth: Gareth spoke about his brother, who died in hospital when Gareth "
                "was fifteen. He is frightened of Oliver 'being switched off like a machine'. "
                "He asked that this stays with me for now.",
                "m4/mediator: Both sides speak about Oliver with great care; the gap is about "
                "time and certainty more than values. For the joint meeting: what a trial "
                "would look like, how the family are kept informed, and the diary.",
            ),
        ],
        "issues": issues(
            "position/sian: Ventilation should continue until Oliver has had more time.",
            "position/nowak: Continued ventilation is no longer in Oliver's best interests.",
            "underlying/gareth: Fear that stopping means giving up on Oliver.",
            "underlying/hartley: Nursing staff feel their care is being questioned.",
            "key: How long a further period would last, and what each review looks for.",
            "realistic: A time-limited trial with review points and one named contact.",
        ),
        "terms": terms(
            "proposed: Ventilation continues for up to 14 more days, with joint reviews on "
            "day 7 and day 14.",
            "proposed: Dr Nowak is the family's named consultant, with a weekly update meeting.",
            "proposed: The family may ask a paediatric neurologist of their choice to review "
            "Oliver's imaging.",
        ),
    }


def _second_opinion(d: Dates) -> Record:
    return {
        **d.case(4, "Second opinion and home oxygen plan", "early", "agreed", -60),
        "referred_by": "Patient Advice and Liaison Service",
        "hospital": "St Aldhelm's Hospital for Children",
        "team": "Respiratory medicine",
        "summary": (
            "Amara is two and has a rare inherited lung condition. Her parents asked for a "
            "second opinion from a specialist centre before agreeing to a new oxygen plan and "
            "a discharge date. Agreement was reached at the second joint meeting."
        ),
        "patient": d.patient("Amara Okonkwo-Reid", 2, 75, 208_331, "SAH 771203"),
        "parties": [
            # Nobody says party_to_agreement: everyone with consent to mediate signs.
            d.party("chidi", "Chidi Okonkwo", "parent", "family", -57, "In person"),
            d.party("hannah", "Hannah Reid", "parent", "family", -57, "In person"),
            d.party("eleanor", "Dr Eleanor Fairbairn", "consultant", "clinical", -56, "By email"),
            d.party("nia", "Nia Roberts", "nurse", "clinical", -56, "In person"),
            d.party("ward", "Martin Ward", "other", "other", None) | {"contact": "PALS officer"},
        ],
        "meetings": [
            d.meeting("m1", "pre_mediation", -57, "11:00", 45, "Parents' room", "chidi hannah"),
            d.meeting("m2", "separate", -50, "09:30", 60, "Respiratory offices", "eleanor nia"),
            d.meeting("m3", "joint", -42, "14:00", 90, "Room 3", "chidi hannah eleanor nia"),
            d.meeting("m4", "joint", -35, "14:00", 90, "Room 3", "chidi hannah eleanor nia"),
        ],
        "notes": [
            note(
                "m1/hannah",
                "Hannah's biggest worry is going home and not knowing who to call at night.",
                **shared("eleanor nia", d.day(-57), "In person"),
            ),
            *notes(
                "m3/mediator: Everyone agrees a second opinion is reasonable; the question is "
                "whether discharge waits for it."
            ),
        ],
        "issues": issues(
            "position/chidi: Amara should not go home until a specialist centre has seen her.",
            "key: Whether discharge needs to wait for the second opinion.",
        ),
        "terms": terms(
            "agreed: St Aldhelm's will refer Amara to the children's lung disease service at "
            "Brackenfield Children's Hospital for a second opinion within 4 weeks.",
            "agreed: Oxygen saturation target ≥ 92% & review if < 88% for more than 10 minutes "
            "while awake.",
            "withdrawn: Discharge waits until the second opinion has been received.",
            "agreed: Home oxygen will be set up before discharge, after a trial night on the ward.",
            "agreed: The respiratory nurse specialist will visit at home within 7 days of "
            "discharge, then every 2 weeks for 3 months.",
            "agreed: Mr Okonkwo and Ms Reid may telephone Ward 7 directly, day or night, for "
            "the first month at home.",
            "agreed: The family and the team will meet when the second opinion arrives, to "
            "review the plan together.",
        ),
        "agreed_on": d.day(-35),
    }


def _transfer(d: Dates) -> Record:
    return {
        **d.case(9, "Transfer to a specialist centre", "eleventh_hour", "in_mediation", -10),
        "referred_by": "Trust legal services, at the judge's suggestion",
        "hospital": "Hartwell University Hospital",
        "team": "Paediatric neurology",
        "summary": (
            "Mateo is nine and has a progressive neurological condition. His parents want him "
            "moved to a centre that has offered to assess him for an experimental treatment. "
            "The team do not think he is well enough to travel and have applied to the court; "
            "the judge encouraged mediation before the next hearing."
        ),
        # Everyone said they wish to mediate, and the judge adjourned the hearing for it.
        "court": d.court("High Court, Family Division", "P00417", next_hearing=12)
        | {
            "parties_wish_to_mediate_on": d.day(-6),
            "court_agreed_on": d.day(-5),
            "court_agreed_by": "adjournment",
        },
        "patient": d.patient("Mateo Nuñez", 9, 201, 315_902, "HUH 0093318"),
        "parties": [
            d.party("ana", "Ana Nuñez", "parent", "family", -8, "In person"),
            d.party("javier", "Javier Nuñez", "parent", "family", -8, "In person"),
            d.party("osei", "Daniel Osei", "legal_representative", "family", -8, "By email"),
            d.party("rebecca", "Dr Rebecca Whitfield", "consultant", "clinical", -7, "By email"),
            d.party("marsh", "Helen Marsh", "legal_representative", "clinical", -7, "By email"),
            d.party("lloyd", "Bethan Lloyd", "guardian", "other", -6, "By telephone"),
        ],
        "meetings": [
            d.meeting("m1", "pre_mediation", -8, "15:00", 60, "Video call", "ana javier osei"),
            d.meeting("m2", "separate", -4, "10:00", 90, "Ward 12", "ana javier osei"),
            d.meeting("m3", "separate", -4, "13:00", 60, "Neurology offices", "rebecca marsh"),
            d.meeting("m4", "joint", 3, "10:00", 180, "Conference suite", "ana javier rebecca"),
        ],
        "notes": [
            note(
                "m2/javier",
                "The family would accept a video assessment by the specialist centre as a "
                "first step, if it happened soon.",
                **shared("rebecca marsh lloyd", d.day(-4), "In person, Mr Osei present"),
            ),
            *notes(
                "m3/rebecca: Dr Whitfield fears for Mateo's breathing on a long journey but "
                "would welcome the centre's view. Her doubts about the treatment stay "
                "confidential for now."
            ),
        ],
        "issues": issues(
            "position/ana: Mateo should be transferred as soon as possible.",
            "underlying/javier: The family feel that time is running out.",
            "key: Whether the assessment can begin without travel.",
        ),
        "terms": terms(
            "proposed: Hartwell will share Mateo's records with the centre within 3 days.",
            "withdrawn: The hearing will be adjourned by consent.",
        ),
    }


def _pain_relief(d: Dates) -> Record:
    return {
        **d.case(7, "Pain relief at the end of life", "formal", "not_agreed", -48),
        "referred_by": "Dr Samuel Adeyemi, paediatric palliative care",
        "hospital": "Ashcombe Royal Infirmary",
        "team": "Paediatric palliative care",
        "summary": (
            "Harriet is fifteen, with relapsed bone cancer, and is cared for at the children's "
            "hospice. The team advise more pain relief through a syringe driver; her father "
            "fears more morphine will shorten her life. Harriet wants a say. No agreement was "
            "reached, and both sides asked to keep the door open."
        ),
        "patient": d.patient("Harriet Ellis", 15, 30, 420_016, "ARI 55120"),
        "parties": [
            d.party("harriet", "Harriet Ellis", "patient", "family", -45, "In her own words"),
            d.party("david", "David Ellis", "parent", "family", -45, "In person"),
            d.party("samuel", "Dr Samuel Adeyemi", "consultant", "clinical", -44, "By email"),
            d.party("grace", "Grace Quinn", "other_clinician", "clinical", -44, "In person"),
        ],
        "meetings": [
            d.meeting("m1", "separate", -40, "11:00", 60, "Hospice garden room", "harriet david"),
            d.meeting("m2", "joint", -33, "11:00", 90, "Hospice", "harriet david samuel grace"),
            d.meeting("m3", "support", -31, "09:00", 30, "By telephone", "david"),
        ],
        "notes": [
            note(
                "m1/harriet",
                "Harriet wants to be awake for her friends' visits and is more afraid of pain "
                "than of sleeping. She wants her dad and the doctors to hear that from her.",
                **shared("samuel grace", d.day(-40), "In person, and on her notepad"),
            ),
            *notes("m3/david: David is exhausted and feels he is being asked to lose her."),
        ],
        "issues": issues(
            "position/david: No increase in morphine beyond the current dose.",
            "underlying/harriet: Being comfortable, and awake enough to see friends.",
            "key: How to balance comfort and alertness day by day.",
        ),
        "terms": terms(
            "withdrawn: The syringe driver dose stays as it is for one week.",
            "proposed: An ethics committee review, with Harriet and her father invited.",
            "proposed: A second palliative care opinion from another children's hospice.",
        ),
    }


def _feeding_tube(d: Dates) -> Record:
    return {
        **d.case(13, "Gastrostomy feeding tube", "early", "awaiting_consent", -6),
        "referred_by": "Ward 3 manager",
        "hospital": "Avonford General Hospital",
        "team": "Paediatric gastroenterology",
        "summary": (
            "Kacper is three and is fed through a tube in his nose. The team recommend a "
            "gastrostomy. His mother is afraid of the operation and wants to keep trying oral "
            "feeding. His father has not yet said whether he will take part."
        ),
        "patient": d.patient("Kacper Zieliński", 3, 12, 530_447, "AGH 311872"),
        "parties": [
            d.party("marta", "Marta Zielińska", "parent", "family", -4, "With an interpreter"),
            d.party("piotr", "Piotr Zieliński", "parent", "family", None),
            d.party("owen", "Dr Owen Hughes", "consultant", "clinical", -5, "By email"),
        ],
        "meetings": [
            d.meeting("m1", "pre_mediation", -4, "13:30", 60, "Ward 3 quiet room", "marta"),
            d.meeting("m2", "pre_mediation", 6, "17:30", 45, "Video call", "piotr"),
        ],
        "notes": notes(
            "m1/marta: Interpreter present throughout. Marta is frightened of the anaesthetic; "
            "her sister's child had a bad reaction."
        ),
        "issues": issues("position/owen: A gastrostomy is the safest way to feed Kacper."),
        "disclosures": [
            {
                "on": d.day(-3),
                "ground": "risk_of_harm",
                "to": "Named nurse for safeguarding children, Avonford General Hospital",
                "what": "That Kacper's mother said she was thinking of taking him home without "
                "the team's knowledge and stopping his tube feeds.",
                "decided_by": "The mediator, after speaking with the service's supervisor",
                "reason": "A significant risk of harm to Kacper, who depends on his feeds. Mrs "
                "Zielińska was told before the disclosure was made, and why; she agreed to "
                "meet the safeguarding nurse with the mediator present.",
            }
        ],
    }


def _school(d: Dates) -> Record:
    return {
        **d.case(15, "School attendance with a tracheostomy", "early", "contacting", -2),
        "referred_by": "Community children's nursing team",
        "hospital": "Wrexley Community Health Services",
        "team": "Community children's nursing",
        "summary": (
            "Ffion is seven and has a tracheostomy. Her parents want her back at her local "
            "primary school; the school is worried about suctioning and emergencies."
        ),
        "patient": d.patient("Ffion Davies", 7, 88, 640_220, ""),
        "parties": [
            d.party("rhian", "Rhian Davies", "parent", "family", -1, "By telephone"),
            d.party("mei", "Mei Chen", "nurse", "clinical", None),
            d.party("carys", "Carys Bowen", "other", "other", None)
            | {"contact": "Headteacher of Ffion's primary school"},
        ],
        "meetings": [
            d.meeting("m1", "pre_mediation", 4, "15:45", 45, "Family home", "rhian"),
            d.meeting("m2", "pre_mediation", 7, "12:15", 30, "School office", "carys"),
        ],
    }
