"""Set Qt's enum-valued properties by key name, for the windows that start Parley.

Naming any member of PySide6's ``Qt`` namespace (``Qt.AlignmentFlag.AlignTop``, say) makes
PySide build every enum of that namespace at once: 94 enums, 15–25 ms, about a sixth of the
time to the first window. The create and unlock windows are what the mediator waits for,
so their widgets set such values through Qt's property system by key name instead, as Qt
Designer's ``.ui`` files do, and no Python enum is built. Windows shown later use ``Qt``
as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QObject


def set_keys(widget: QObject, **keys: str) -> None:
    """Set each property to the enum key (or ``A|B`` flag keys) given by name.

    Qt refuses a key it does not know, and a property the widget does not have would only
    become a dynamic property that does nothing; both raise here, so a typo fails the
    first test that opens the window instead of silently showing rich text.
    """
    for name, key in keys.items():
        if not widget.setProperty(name, key):
            raise ValueError(f"{type(widget).__name__} has no {name} value {key!r}")
