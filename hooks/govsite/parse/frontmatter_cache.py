"""What the loaders (``model.catalog``, ``model.documents``) ask of a cache of parsed files: ``get`` what the
last build parsed of an unchanged file, ``put`` what this one parsed. The speed room keeps one between
builds (``speed.frontmatter.FrontMatterStore``); without it (None), every file is read and parsed."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol


class FrontMatterCache(Protocol):
    def get(self, path: Path) -> tuple[tuple | None, tuple | None]:
        """(the file's identity now, the value the last build parsed or None)."""

    def put(self, path: Path, identity: tuple | None, value: tuple) -> None:
        """What this build parsed of the file ``identity`` (from ``get``) names."""
