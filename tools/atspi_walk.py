"""Print what a screen reader is told about Parley's windows, through AT-SPI.

Run by tools/atspi_check.sh inside a private session bus; it needs the system's
python3 with pyatspi (Debian: python3-pyatspi), not the project's virtual environment.
Usage: atspi_walk.py LABEL [WORD ...]: walks the application's accessible tree, prints
the controls that are showing, and reports every interactive control without a name and
every WORD (text that must be hidden, for example in safe view) that a reader would hear.
"""

import sys

import pyatspi

# The roles a user moves to and acts on; each must have a name.
INTERACTIVE = {
    "push button",
    "check box",
    "radio button",
    "combo box",
    "text",
    "entry",
    "password text",
    "spin button",
    "page tab",
    "menu item",
    "table",
    "tree table",
    "list",
    "slider",
    "toggle button",
    "tree",
    "link",
}


def parley() -> object | None:
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is not None and "parley" in (app.name or "").lower():
            return app
    return None


def walk(node, depth, out):  # type: ignore[no-untyped-def]
    try:
        role = node.getRoleName()
        name = node.name or ""
        states = node.getState()
        showing = states.contains(pyatspi.STATE_SHOWING)
        labelled = any(
            r.getRelationType() == pyatspi.RELATION_LABELLED_BY for r in node.getRelationSet()
        )
    except Exception:  # a widget deleted while the tree is read
        return
    out.append((depth, role, name, showing, labelled))
    # A table's or list's first rows say enough; thousands of cells say nothing more.
    count = node.childCount
    if role in ("table", "tree table", "list", "tree"):
        count = min(count, 12)
    for i in range(count):
        walk(node.getChildAtIndex(i), depth + 1, out)


def main() -> int:
    label, words = sys.argv[1], [w.lower() for w in sys.argv[2:]]
    app = parley()
    if app is None:
        print(f"{label}: Parley is not on the accessibility bus")
        return 2
    out: list[tuple[int, str, str, bool, bool]] = []
    walk(app, 0, out)
    shown = [row for row in out if row[3]]
    unnamed = [row for row in shown if row[1] in INTERACTIVE and not row[2].strip()]
    heard = [row for row in out if any(w in row[2].lower() for w in words)]
    print(
        f"{label}: {len(out)} accessible objects, {len(shown)} showing, "
        f"{len(unnamed)} interactive without a name, {len(heard)} naming hidden text"
    )
    for depth, role, name, _, labelled in shown:
        relation = "  (labelled by its label)" if labelled else ""
        print(f"    {'  ' * min(depth, 12)}[{role}] {name[:100]!r}{relation}")
    for _, role, *_ in unnamed:
        print(f"  UNNAMED {role}")
    for _, role, name, *_ in heard:
        print(f"  HEARD {role}: {name[:100]!r}")
    return 1 if unnamed or heard else 0


if __name__ == "__main__":
    sys.exit(main())
