"""Schema step 8: an eleventh-hour case's consent to mediate, by the parties and the court.

Before formal sessions of an eleventh-hour case (legal action begun), the mediator records
that every party wishes to mediate (the date) and that the court agrees (the date, and how:
an order, an adjournment or directions). Beside the court's other details on the case.
"""

V8 = """
ALTER TABLE cases ADD COLUMN parties_wish_on TEXT;
ALTER TABLE cases ADD COLUMN court_agreed_on TEXT;
ALTER TABLE cases ADD COLUMN court_agreed_by TEXT
    CHECK (court_agreed_by IS NULL OR court_agreed_by IN ('order', 'adjournment', 'directions'));
"""
