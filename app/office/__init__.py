"""The office book's own records: referrals, the archive of agreed-terms documents received
from mediators, and anonymous outcome records. It has no place for anything confidential."""
