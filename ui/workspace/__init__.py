"""The case workspace: one tab per part of a case (overview, parties, notes, agreement…)."""
