"""The office's book in the window: its dashboard, Referrals and Agreements, and the Contacts
page every book has; and the sealed-file actions (send, hand over, receive)."""
