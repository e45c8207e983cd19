"""Parsed front matter (and catalog files) kept from one build to the next, by file identity: a file that has
the size, modification and change times and inode it had then is not read or parsed again (at
50,000 documents, reading and parsing every front matter was most of a one-document rebuild). Its
fields are still validated on every build (the catalog or the organisations may have changed).

The speed room's cache of what ``parse.frontmatter_cache.FrontMatterCache`` describes. It lives beside the
site (``.site.front-matter.pickle``), is written only by a build that succeeded, and is ignored whole when
the parsing code changed (its fingerprint) or it cannot be read.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from ..parse import markdown, text, yamlfile

FORMAT = 1
# The code whose output is cached: a change to it makes every entry stale.
_FINGERPRINT = hashlib.sha256(b"".join(Path(m.__file__).read_bytes() for m in (markdown, text, yamlfile))
                              + str(FORMAT).encode()).hexdigest()


def _identity(stat: os.stat_result) -> tuple:
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


class FrontMatterStore:
    """``get(path)``: (meta_text, offset, data) as the last build parsed them; ``put``: what this one parsed."""

    def __init__(self, file: Path | None, written: dict[str, tuple[tuple, dict]] | None = None) -> None:
        """``written``: under mkdocs serve, the entries this process last wrote, by the cache file's identity
        then (not read back); kept on the run's speed room (``speed.Speed``), filled by ``save``."""
        self.file = file
        self.written = written if written is not None else {}
        self.old: dict[str, tuple] = {}
        self.new: dict[str, tuple] = {}
        self.hits = 0
        if file is None or not file.is_file():
            return
        remembered = self.written.get(str(file))
        if remembered is not None and remembered[0] == _identity(file.stat()):
            self.old = remembered[1]
            return
        try:
            with open(file, "rb") as stream:
                stored = pickle.load(stream)
            if stored.get("fingerprint") == _FINGERPRINT:
                self.old = stored["entries"]
        except Exception:  # a damaged or foreign file: parse everything, write it anew
            self.old = {}

    def get(self, path: Path) -> tuple[tuple | None, tuple | None]:
        """(the file's identity now, the cached value or None). Pass the identity to ``put``: taken
        before the file is read, so a file changed meanwhile is parsed again next time."""
        try:
            identity = _identity(os.stat(path))
        except OSError:
            return None, None
        entry = self.old.get(str(path))
        if entry is None or entry[0] != identity:
            return identity, None
        self.new[str(path)] = entry
        self.hits += 1
        return identity, entry[1]

    def put(self, path: Path, identity: tuple | None, value: tuple) -> None:
        if identity is not None:
            self.new[str(path)] = (identity, value)

    def save(self) -> None:
        if self.file is None:
            return
        temporary = self.file.with_name(self.file.name + f".{os.getpid()}.tmp")
        try:
            with open(temporary, "wb") as stream:
                pickle.dump({"fingerprint": _FINGERPRINT, "entries": self.new}, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.file)
            self.written[str(self.file)] = (_identity(self.file.stat()), self.new)
        except OSError:
            temporary.unlink(missing_ok=True)
