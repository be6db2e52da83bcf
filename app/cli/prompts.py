"""Asking for passphrases and confirmations at a terminal, or reading them from a pipe."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from app.errors import ParleyError


class Secrets:
    """Passphrases from the terminal (hidden), or one per line from a pipe."""

    def __init__(self, stdin: TextIO, ask: Callable[[str], str] | None = None) -> None:
        if ask is None:
            import getpass  # only the command line ever asks at a terminal

            ask = getpass.getpass
        self._stdin = stdin
        self._ask = ask
        self.interactive = stdin.isatty()

    def read(self, prompt: str) -> str:
        if self.interactive:
            return self._ask(prompt)
        line = self._stdin.readline()
        if not line:
            raise ParleyError(f"Expected a line on standard input for: {prompt.rstrip(': ')}.")
        return line.rstrip("\r\n")

    def confirm(self, prompt: str, out: TextIO) -> bool:
        """A yes from the person at the terminal (never asked on a pipe)."""
        print(prompt, end="", file=out, flush=True)
        return self._stdin.readline().strip().lower() in ("y", "yes")

    def read_new(self, prompt: str) -> str:
        """A new secret: typed twice at a terminal, once from a pipe."""
        first = self.read(prompt)
        if self.interactive and self.read("Type it again: ") != first:
            raise ParleyError("The two passphrases differ; nothing was changed.")
        return first
