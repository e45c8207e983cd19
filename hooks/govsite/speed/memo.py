"""What a build makes for each document (its page's view, search record and pinyin terms included; its
open-data row; its front matter's checked values), kept from one build to the next by an input key: a digest
of the ``repr`` of everything the maker reads (``views.pages.DocumentInputs``; for the front matter, the
file's text), plus the product's code (``feeds.code_key``). An unchanged document's view is not made again,
and the digest of its view's content (``reuse.content``, the view part of its page key) is not computed
again either.

The key is made of inputs, not of a list of dependencies kept by hand elsewhere; what could still be missed
is a value the maker reads that ``DocumentInputs`` does not give. ``verify=True`` (tests,
GOVSITE_VERIFY_VIEWS) makes every value fresh as well and fails loudly when it differs from the cached one:
a build test walks thirteen kinds of edit with it (tests/build/test_view_memo_build.py).

Where it lives: under mkdocs serve in the process (``speed.Speed.views``), from one build to the next; in a
build, beside the site (``.site.views.pickle``), written only after a successful swap, ignored whole when the
code key differs or it cannot be read. Only the entries a build used are kept for the next.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
from collections import Counter
import pickle
from pathlib import Path

from .reuse import content

FORMAT = 1


class StaleView(AssertionError):
    """``verify``: a cached value differs from the one made fresh (its key misses an input)."""


class ViewMemo:
    """``get(kind, inputs, make)``: ``make()``, or what it gave for equal ``inputs`` (their ``repr``) with the
    same code. ``digest(value)``/``learn(value, digest)``: the content digest of a value it gave (page keys)."""

    def __init__(self, code: str, entries: dict | None = None, *, verify: bool = False) -> None:
        self.code = code
        self.old: dict[str, list] = entries if entries is not None else {}
        self.new: dict[str, list] = {}
        self.by_id: dict[int, list] = {}  # id(value) → its entry, for values given in this build
        self.verify = verify
        self.made: Counter[str] = Counter()  # by kind
        self.hits: Counter[str] = Counter()

    def key(self, kind: str, inputs) -> str:
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{FORMAT}\0{self.code}\0{kind}\0".encode() + repr(inputs).encode("utf-8"))
        return h.hexdigest()

    def get(self, kind: str, inputs, make, keep=None):
        """``keep(value)`` false: the value made is not kept (e.g. a check that found errors: they are
        reported again on the next build)."""
        key = self.key(kind, inputs)
        entry = self.new.get(key) or self.old.get(key)
        if entry is None:
            self.made[kind] += 1
            entry = [make(), None]
            if keep is not None and not keep(entry[0]):
                return entry[0]
        else:
            self.hits[kind] += 1
            if self.verify:
                fresh = make()
                if _text(fresh) != _text(entry[0]):
                    raise StaleView(f"{kind}: the cached value differs from a fresh one for the same inputs:"
                                    f"\n  inputs: {inputs!r}\n  cached: {entry[0]!r}\n  fresh:  {fresh!r}")
        self.new[key] = entry
        self.by_id[id(entry[0])] = entry
        return entry[0]

    def digest(self, value) -> str | None:
        entry = self.by_id.get(id(value))
        return entry[1] if entry is not None and entry[0] is value else None

    def learn(self, value, digest: str) -> None:
        entry = self.by_id.get(id(value))
        if entry is not None and entry[0] is value:
            entry[1] = digest


def _text(value) -> str:
    return content(value)  # every field, deeply (a view's __eq__ may compare less)


@contextlib.contextmanager
def _no_collection():
    """Python's cycle collector paused while ~100,000 objects are read or written: it would walk them again and
    again as they are made (half the time of reading 10,000 views), and none of them is garbage yet."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def memo_file(site: Path) -> Path:
    return site.with_name(f".{site.name}.views.pickle")


def read(file: Path, code: str) -> dict:
    """The entries the last build saved ({} when there are none to trust)."""
    try:
        with open(file, "rb") as stream, _no_collection():
            stored = pickle.load(stream)
        if isinstance(stored, dict) and stored.get("format") == FORMAT and stored.get("code") == code:
            return stored["entries"]
    except Exception:  # missing, damaged or foreign: make everything, write it anew
        pass
    return {}


def save(file: Path, memo: ViewMemo) -> None:
    """After the swap: this build's entries, for the next (a failed write leaves none: the next makes all)."""
    temporary = file.with_name(file.name + f".{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as stream, _no_collection():
            pickle.dump({"format": FORMAT, "code": memo.code, "entries": memo.new}, stream,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, file)
    except OSError:
        temporary.unlink(missing_ok=True)
        file.unlink(missing_ok=True)
