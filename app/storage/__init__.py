"""Storage of the casebook in SQLCipher: connection, schema, and one store per record kind."""
