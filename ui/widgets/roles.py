"""Every item-data role the interface defines, in one place.

Qt keeps an item's extra values under integer roles. Two modules each choosing
``UserRole + 1`` for a different thing would read each other's values without complaint,
so models and views take their roles from here only, and no two roles share a number.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

_USER = Qt.ItemDataRole.UserRole

#: What a column sorts by where the text shown would sort wrongly ("9 May" before "10 May"):
#: dates as ISO text, amounts as numbers, positions as integers.
SORT_ROLE = _USER + 1
#: The id of the stored record an item shows: a case, party, term, issue, disclosure,
#: course, booking, complaint or meeting.
ID_ROLE = _USER + 2
#: Which kind of issue a row (or the heading of its group) on the Issues tab holds.
KIND_ROLE = _USER + 3
#: Where a row of the Meetings and notes tab comes from: (EntryKind, record id).
ENTRY_ROLE = _USER + 4
#: The value a ticked choice in a list stands for: a cause of disagreement, the key of an
#: item of a subject access pack.
CHOICE_ROLE = _USER + 5
