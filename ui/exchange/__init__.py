"""Sealed files in the window, for every kind of book: the dialog that seals one to a trusted
contact, and taking one in (File, Receive; or dropped on the window)."""
