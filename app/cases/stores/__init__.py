"""One store per kind of case record: the only code that reads or writes its tables."""
