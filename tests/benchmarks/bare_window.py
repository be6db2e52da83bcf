"""Baseline for start-up and memory: a bare PySide6 window, started, painted, then exit.

It waits for the window to be exposed and lets the first paint through, exactly as
``main.py --smoke-test`` does, so both sides pay for fonts and the first paint.
"""

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv)
window = QLabel("Parley")
window.resize(500, 200)
window.show()


def check() -> None:
    handle = window.windowHandle()
    if handle is not None and handle.isExposed():
        app.processEvents()  # the first paint, as in the smoke test
        print(f"painted {time.monotonic():.6f}", flush=True)
        app.exit(0)
    else:
        QTimer.singleShot(1, check)


QTimer.singleShot(0, check)
app.exec()
if "--rss" in sys.argv:
    from peak_memory import peak_kib

    print(peak_kib())
