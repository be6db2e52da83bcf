"""Books and their keys: the encrypted folder, how it is unlocked, and what keeps it safe.

The vault creates and opens a book from its key file (``keyfile``), the passphrase policy
and the optional OS keychain; ``casebook`` is the facade that hands out every domain's
stores; ``schema`` lists every domain's migration steps in order. On them stand the book's
services: backup and restore, verify, and erasure.
"""
