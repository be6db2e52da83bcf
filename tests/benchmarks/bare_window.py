"""Baseline for start-up and memory: a bare PySide6 window, started and painted, then exit."""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv)
window = QLabel("Parley")
window.resize(500, 200)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
if "--rss" in sys.argv:
    from peak_memory import peak_kib

    print(peak_kib())
