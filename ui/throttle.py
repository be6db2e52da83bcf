"""A growing wait after repeated wrong passphrases: it slows a person guessing at the keyboard.

Kept apart from the unlock dialog so the application can hold one across locks without
loading the dialog itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def default_delay(failures: int) -> float:
    """Seconds to wait after ``failures`` wrong tries in a row: 0, 0, 1, 2, 4 … 30.

    Argon2id is the real defence against guessing; this only slows a person at the keyboard
    without punishing a couple of typos.
    """
    if failures < 3:
        return 0.0
    return float(min(30, 2 ** (failures - 3)))


class RetryThrottle:
    """Counts wrong tries and says how long to wait before the next one.

    Kept by the application, not the dialog, so locking and unlocking again does not reset
    it. ``delay_for`` and ``clock`` are injectable so tests never wait for real seconds.
    """

    def __init__(
        self,
        delay_for: Callable[[int], float] = default_delay,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._delay_for = delay_for
        self._clock = clock
        self.failures = 0
        self._ready_at = 0.0

    def record_failure(self) -> None:
        self.failures += 1
        self._ready_at = self._clock() + self._delay_for(self.failures)

    def reset(self) -> None:
        self.failures = 0
        self._ready_at = 0.0

    def seconds_left(self) -> float:
        return max(0.0, self._ready_at - self._clock())
