"""The tables that say who a book is and whom it trusts (issue "The office").

- ``book``: one row, the book's role, fixed when the book is made (a trigger refuses any
  change). Casebooks made before roles existed get ``mediator`` from the step that adds it.
- ``identity_keys``: one row, the book's own key pairs: the hybrid post-quantum key for
  sealed files (ML-KEM-768 with X25519) and the Ed25519 signing key. The private halves
  never leave the encrypted database. The row is written by ``app.identity.keys.ensure``
  right after the migration, because keys must be drawn at random, not written in a script.
- ``contacts``: the cards this book trusts, with who confirmed each fingerprint, when, how.
- ``received_files``: the id of every sealed file taken in, so none is taken in twice.
"""

from __future__ import annotations

from app.roles import Role

_ROLES = ", ".join(f"'{role.value}'" for role in Role)
CONFIRMED_HOW = ("phone", "in_person", "video")

_TABLES = f"""
CREATE TABLE book (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    role TEXT NOT NULL CHECK (role IN ({_ROLES}))
);
CREATE TRIGGER book_role_is_fixed BEFORE UPDATE ON book
BEGIN SELECT RAISE(ABORT, 'a book keeps the role it was made with'); END;
CREATE TRIGGER book_is_kept BEFORE DELETE ON book
BEGIN SELECT RAISE(ABORT, 'a book keeps the role it was made with'); END;

CREATE TABLE identity_keys (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    encryption_private BLOB NOT NULL,
    encryption_public  BLOB NOT NULL,
    signing_private    BLOB NOT NULL CHECK (length(signing_private) = 32),
    signing_public     BLOB NOT NULL CHECK (length(signing_public) = 32),
    made_at            TEXT NOT NULL
);
CREATE TRIGGER identity_keys_are_kept_u BEFORE UPDATE ON identity_keys
BEGIN SELECT RAISE(ABORT, 'a book keeps its keys'); END;
CREATE TRIGGER identity_keys_are_kept_d BEFORE DELETE ON identity_keys
BEGIN SELECT RAISE(ABORT, 'a book keeps its keys'); END;

CREATE TABLE contacts (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role              TEXT NOT NULL CHECK (role IN ({_ROLES})),
    encryption_public BLOB NOT NULL,
    signing_public    BLOB NOT NULL CHECK (length(signing_public) = 32),
    fingerprint       TEXT NOT NULL UNIQUE,
    confirmed_by      TEXT NOT NULL CHECK (length(trim(confirmed_by)) > 0),
    confirmed_at      TEXT NOT NULL,
    confirmed_how     TEXT NOT NULL CHECK (confirmed_how IN ({", ".join(map(repr, CONFIRMED_HOW))}))
);

CREATE TABLE received_files (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    sender      TEXT NOT NULL,
    received_at TEXT NOT NULL,
    sha256      TEXT NOT NULL
) WITHOUT ROWID;
"""


def tables(role: Role) -> str:
    """The identity tables of a book of ``role``, its role recorded."""
    return _TABLES + f"INSERT INTO book (id, role) VALUES (1, '{Role(role).value}');\n"


#: Casebook schema step 6: every casebook made so far is a mediator's.
V6 = tables(Role.MEDIATOR)
