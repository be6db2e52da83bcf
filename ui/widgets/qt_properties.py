"""Set Qt's enum-valued properties by key name, for the windows that start Parley.

Naming any member of PySide6's ``Qt`` namespace (``Qt.AlignmentFlag.AlignTop``, say) makes
PySide build every enum of that namespace at once: 94 enums, 15–25 ms, about a sixth of the
time to the first window. The create and unlock windows are what the mediator waits for,
so their widgets name such values by key, as Qt Designer's ``.ui`` files do, and Qt's own
meta-object tables turn the keys into numbers; no Python enum is built. Windows shown
later use ``Qt`` as usual.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QObject


def set_keys(widget: QObject, **keys: str) -> None:
    """Set each property to the enum key given by name, or ``A|B`` for a flags property.

    Every key is looked up in the property's own enum first: a misspelt key or property,
    or two keys for a property that takes one, raises here rather than reaching Qt, whose
    own parsing would quietly take the last of two keys (plain text could become rich).
    """
    meta = widget.metaObject()
    for name, key in keys.items():
        index = meta.indexOfProperty(name)
        if index < 0:
            raise ValueError(f"{type(widget).__name__} has no {name} property")
        prop = meta.property(index)
        parts = key.split("|")
        if not prop.isEnumType() or (len(parts) > 1 and not prop.isFlagType()):
            raise ValueError(f"{type(widget).__name__}.{name} does not take {key!r}")
        # Checked against the enum's keys here; Qt's own meta-object tables then turn the
        # text into the number. Neither QMetaEnum.keyToValue nor a number handed to
        # setProperty is used: each builds the QByteArray class (two enums) on the way to
        # the first window.
        enumerator = prop.enumerator()
        # PySide's stub says bytes; the binding returns str.
        known = cast("set[str]", {enumerator.key(i) for i in range(enumerator.keyCount())})
        for part in parts:
            if part not in known:
                raise ValueError(f"{type(widget).__name__} has no {name} value {part!r}")
        if not widget.setProperty(name, key):
            raise ValueError(f"{type(widget).__name__} refused {name} = {key!r}")
