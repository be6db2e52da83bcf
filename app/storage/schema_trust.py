"""Schema step 2: what backups, retention and erasure need (issue "Trust")."""

V2 = ""
