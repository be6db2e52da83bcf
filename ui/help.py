"""Help: the user guide inside the app (F1), offline, and the About box.

The guide is a bundled HTML file found through ``app.resources`` (so it is there in the
installed app too); the browser that shows it follows no link and loads nothing from outside.
"""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app.about import shipped_parts
from app.resources import resource_path

GUIDE = ("help", "guide.html")
#: The part of the guide about an open case's pages (each section names its own).
CASE_TOPIC = "case"


def guide_html() -> str:
    return resource_path(*GUIDE).read_text(encoding="utf-8")


class GuideWindow(QDialog):
    """The user guide, in a window of its own beside the work (not modal)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Parley — User guide")
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)  # nothing is fetched, not even by a click
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName("User guide")
        self.browser.setHtml(guide_html())
        # The contents' links lead to the guide's own headings; nothing else is followed.
        self.browser.anchorClicked.connect(self._go_to)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 90, self.fontMetrics().height() * 40)
        self.browser.setFocus()  # arrows and Page Down read on at once

    def _go_to(self, link: QUrl) -> None:
        if not link.scheme() and not link.path() and link.fragment():
            self.go_to(link.fragment())

    def go_to(self, anchor: str) -> None:
        """Bring the heading named ``anchor`` to the top of the window."""
        self.browser.scrollToAnchor(anchor)


def about_text() -> str:
    """Parley's version, what it runs on, and the licences of what it ships (HTML)."""
    from app import __version__

    rows = "".join(
        f"<tr><td>{part.name}</td><td>{part.version}</td><td>{part.licence}</td></tr>"
        for part in shipped_parts()
    )
    return (
        f"<h2>Parley {__version__}</h2>"
        "<p>An offline casebook for medical mediators. It never uses the network.</p>"
        f"<p>Python {platform.python_version()}, Qt {qVersion()}, PySide6 {pyside_version}.</p>"
        "<p>Parley is built on these libraries and fonts, each under its own licence:</p>"
        f"<table cellspacing='6'><tr><th align='left'>Part</th><th align='left'>Version</th>"
        f"<th align='left'>Licence</th></tr>{rows}</table>"
    )


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Parley")
        self.text = QTextBrowser(self)
        self.text.setOpenLinks(False)
        self.text.setAccessibleName("About Parley")
        self.text.setHtml(about_text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 80, self.fontMetrics().height() * 26)


def show_guide(window: QWidget, topic: str = "") -> GuideWindow:
    """Show the guide beside ``window``: the one already open, or a new one; at the heading
    named ``topic`` if one is given (the part about the page in view)."""
    guide = window.findChild(GuideWindow)
    if guide is None:
        guide = GuideWindow(window)
        guide.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    guide.show()
    if topic:
        guide.go_to(topic)
    guide.raise_()
    guide.activateWindow()
    return guide


def show_about(window: QWidget) -> AboutDialog:
    dialog = AboutDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
