"""Atomic output: the site is built into a temporary sibling of ``site_dir`` and swapped in only
when the whole build (pages, search index, checks) succeeded, so a failed build never leaves a
half-written site where the last good one was.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ..parse.errors import os_problem

DISK_FULL_BYTES = 1 << 20  # free space under which a disk counts as full (a tool that failed there ran out of it)


def disk_full(path) -> OSError | None:
    """ENOSPC for ``path`` when its disk has (almost) no free space left, else None: for failures of tools
    that do not say why (Pagefind leaves an empty index file and exits 0 when the disk fills)."""
    try:
        free = shutil.disk_usage(path).free
    except OSError:
        return None
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path)) if free < DISK_FULL_BYTES else None


TRASH = ".govsite-trash-"  # leftovers being deleted in the background (renamed out of the site's names)


class AtomicOutput:
    """The staging folder a build writes into, swapped in by ``commit`` (the old site then goes, unless
    the speed room keeps it to build the next site in: ``speed.spare``), or removed by ``abort``."""

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
                # Out of the way at once (a rename), deleted in the background: a large site's old copy
                # takes longer to delete than an incremental build takes to run.
                trash = path.with_name(f"{TRASH}{os.getpid()}-{path.name}")
                try:
                    os.replace(path, trash)
                except OSError:
                    shutil.rmtree(path, ignore_errors=True)
            except PermissionError:
                pass  # another user's live build
        for trash in self.target.parent.glob(f"{TRASH}*"):
            _delete_later(trash)

    def commit(self, keep: Callable[[Path], None] | None = None) -> Path | None:
        """Swap the finished build into place (two renames). The old site is handed to ``keep`` (the speed
        room may move it away: ``speed.spare``); what is left of it is deleted by a background process: a
        large county's takes longer to delete than an incremental build takes to run, and a deletion cut
        short is finished by the next build (``_remove_leftovers``)."""
        if not self.staging:
            return None
        old = self.target.with_name(f".{self.target.name}.old-{os.getpid()}")
        for n in range(1, 1000):  # mkdocs serve: one process, many builds; the last one's may still be deleted
            if not old.exists():
                break
            old = self.target.with_name(f".{self.target.name}.{n}.old-{os.getpid()}")
        if self.target.exists():
            os.replace(self.target, old)
        try:
            os.replace(self.staging, self.target)
        except OSError:  # the last site goes back: site/ is never left missing
            if old.exists() and not self.target.exists():
                os.replace(old, self.target)
            raise
        self.staging = None
        if old.exists():
            if keep is not None:
                keep(old)
            if old.exists():
                _delete_later(old)
        return self.target

    def failure(self, error: OSError) -> str:
        """The one line a build that met an OS error (disk full, no permission, read-only disk, I/O error)
        ends with (``build.failed``), naming the path; the last site is untouched until ``commit`` (call
        this before ``abort``)."""
        line = "网站未生成：" + os_problem(error, self.staging)
        if self.staging is not None and self.target is not None and self.target.exists():
            line += f"原有网站（{self.target.name}/）保持不变。"
        return line

    def abort(self) -> None:
        if self.staging:
            discard(self.staging)
            self.staging = None


def discard(path: Path) -> None:
    """Out of the way at once (a rename out of the site's names), deleted in the background."""
    if not path.exists():
        return
    trash = path.with_name(f"{TRASH}{os.getpid()}-{time.monotonic_ns()}-{path.name}")
    try:
        os.replace(path, trash)
    except OSError:
        shutil.rmtree(path, ignore_errors=True)
        return
    _delete_later(trash)


def _delete_later(path: Path) -> None:
    """Delete ``path`` in a background process that outlives the build (a deletion cut short is
    finished by a later build's ``_remove_leftovers``)."""
    try:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)", str(path)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    except OSError:
        shutil.rmtree(path, ignore_errors=True)


SERVE_ENV = "GOVSITE_SERVE_DIR"  # where `mkdocs serve` keeps its site; empty: MkDocs's own temporary folder
SERVE_RAM = Path("/dev/shm")
SERVE_RAM_FREE = 4 << 30  # bytes free on it, at least


def serve_folder(default: str, chosen: str | None = None) -> str:
    """The folder ``mkdocs serve`` builds into and serves (the same for every rebuild of this process):
    ``$GOVSITE_SERVE_DIR/site-<pid>`` when set, else a folder in memory (/dev/shm) when it has room, else
    MkDocs's temporary folder. An incremental rebuild makes the site's few thousand folders again and links
    its files into them; on the project's 2-core machine a folder took ~0.5 ms to make under /tmp, 10 µs in
    memory, so at the example county the folders alone cost ~1.5 s of each rebuild. ``chosen``: the value of
    $GOVSITE_SERVE_DIR, read where the run starts (None: not set)."""
    if chosen is not None:
        return str(Path(chosen) / f"site-{os.getpid()}") if chosen else default
    try:
        usable = SERVE_RAM.is_dir() and os.access(SERVE_RAM, os.W_OK)
        if usable:
            _remove_dead_serve_folders()
            usable = shutil.disk_usage(SERVE_RAM).free >= SERVE_RAM_FREE
    except OSError:
        usable = False
    return str(SERVE_RAM / f"govsite-serve-{os.getpid()}" / "site") if usable else default


def _remove_dead_serve_folders() -> None:
    """Folders of servers that were killed (SIGTERM, SIGKILL: no on_shutdown) would hold memory."""
    for path in SERVE_RAM.glob("govsite-serve-*"):
        pid = path.name.rpartition("-")[2]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except PermissionError:
            pass


def remove_serve_folder(target: Path | None, default: str | None) -> None:
    """At the end of ``mkdocs serve``: the folder ``serve_folder`` chose, with its keys and leftovers."""
    if target is None or default is None or str(target) == default:
        return
    for path in [target, *target.parent.glob(f".{target.name}.*")]:
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    if target.parent.name.startswith("govsite-serve-"):
        shutil.rmtree(target.parent, ignore_errors=True)


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
