"""The storage engine every book stands on: the SQLCipher connection, the migration runner,
atomic file writes, the audit trail and the conversions between Python and stored values.

Nothing here knows about cases or registers; the domains build their stores on it."""
