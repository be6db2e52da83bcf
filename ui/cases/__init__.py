"""The Cases page: the searchable list of cases, and the New case dialog."""
