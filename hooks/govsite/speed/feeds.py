"""Atom feeds already written in this process (``mkdocs serve``), by their whole view: an edit changes a
handful of the thousands of feeds (one per column), and feedgen took ~0.1 ms per entry to write each again."""

from __future__ import annotations

from ..render import machine
from ..views.feeds import Feed


class Remembered:
    """Feeds by their whole view (``repr`` of the frozen ``Feed``): the same view, the same bytes
    (``render.machine.atom``). Kept on the speed room of the run under mkdocs serve; a build (one per
    process) has none."""

    def __init__(self) -> None:
        self.made: dict[str, bytes] = {}
        self.used: set[str] = set()

    def atom(self, feed: Feed) -> bytes:
        key = repr(feed)
        self.used.add(key)
        if (made := self.made.get(key)) is None:
            made = self.made[key] = machine.atom(feed)
        return made

    def forget_unused(self) -> None:
        """After a build: only its feeds are kept for the next."""
        self.made = {key: self.made[key] for key in self.used if key in self.made}
        self.used = set()
