"""Atomic output: the site is built into a temporary sibling of ``site_dir`` and swapped in only
when the whole build (pages, search index, checks) succeeded, so a failed build never leaves a
half-written site where the last good one was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


class AtomicOutput:
    def __init__(self) -> None:
        self.target: Path | None = None
        self.staging: Path | None = None

    def begin(self, site_dir: str) -> str:
        """Return the staging folder to build into instead of ``site_dir``."""
        self.target = Path(site_dir)
        self._remove_leftovers()
        self.staging = self.target.with_name(f".{self.target.name}.building-{os.getpid()}")
        shutil.rmtree(self.staging, ignore_errors=True)
        return str(self.staging)

    def _remove_leftovers(self) -> None:
        """Staging folders of builds that were killed (their process is gone) would fill the disk."""
        for path in self.target.parent.glob(f".{self.target.name}.*-*"):
            kind, _, pid = path.name.rpartition("-")
            pid = pid.removesuffix(".indexing")  # the search indexer's scratch folder (search.Indexer)
            if not kind.endswith((".building", ".old")) or not pid.isdigit():
                continue
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                shutil.rmtree(path, ignore_errors=True)
            except PermissionError:
                pass  # another user's live build

    def commit(self) -> Path | None:
        """Swap the finished build into place (two renames). The old site is deleted by a background
        process: a large county's takes longer to delete than an incremental build takes to run, and a
        deletion cut short is finished by the next build (``_remove_leftovers``)."""
        if not self.staging:
            return None
        old = self.target.with_name(f".{self.target.name}.old-{os.getpid()}")
        if self.target.exists():
            os.replace(self.target, old)
        os.replace(self.staging, self.target)
        self.staging = None
        if old.exists():
            try:
                subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)", str(old)],
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 start_new_session=True)
            except OSError:
                shutil.rmtree(old, ignore_errors=True)
        return self.target

    def abort(self) -> None:
        if self.staging:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None


class Linker:
    """Hard-links files into a new tree (a copy where the file system has no hard links), making each
    folder once: tens of thousands of pages at L (a mkdir per file cost ~5 s)."""

    def __init__(self) -> None:
        self._folders: set[str] = set()

    def link(self, source: str, target: str, *, missing_ok: bool = False) -> None:
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        try:
            os.link(source, target)
        except FileExistsError:
            pass
        except FileNotFoundError:
            if not missing_ok:
                raise
        except OSError:  # a file system without hard links
            shutil.copyfile(source, target)
