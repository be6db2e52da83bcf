"""Trust in use: backups and their reminder, the audit trail, retention review and erasure,
keychain unlock, locking on screen lock or sleep, and a careful clipboard.

``ui.trust.install.install_trust`` wires them into the main window. This package module
imports nothing, so the unlock dialog can load ``ui.trust.keychain_setting`` at start-up
without the rest.
"""
