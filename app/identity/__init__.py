"""Who a book is and whom it trusts: its key pairs and fingerprint, contact cards, the
contacts it has confirmed, and the sealed files it has taken in."""
