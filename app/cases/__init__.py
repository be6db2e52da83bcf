"""Cases: the mediator's records (case, patient, parties, meetings, notes, issues, terms,
disclosures), the rules a record must meet, their stores, the search index, and the
agreed-terms value object that is all a case ever lets out."""
