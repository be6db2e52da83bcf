"""Schema step 3: the training-course and complaints registers."""

V3 = ""
