"""What ``mkdocs serve`` watches, told by the kernel (inotify) instead of found by polling.

MkDocs polls every watched file twice a second: a save waits 0.25 s on average before the rebuild
starts, and at 10,000 documents each poll stats every file. On a system with a native observer
(inotify on Linux), folders are watched natively and only a watched single file (mkdocs.yml) is still
polled: an editor that saves by renaming a new file over the old one would end a native watch of that
file. Only changes count (created, deleted, modified, moved): the build's own reads of the content
open and close every file, and those events would start a rebuild again at once.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from watchdog.events import FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.plugins.govsite")
CHANGES = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent]
WATCHES_FILE = Path("/proc/sys/fs/inotify/max_user_watches")


class ChangesObserver:
    """Folders on the native observer (changes only), single files on the polling one. Has what
    MkDocs's ``LiveReloadServer`` calls on its observer: schedule, unschedule, start, stop, join."""

    def __init__(self, polling: PollingObserver) -> None:
        self.native = Observer()
        self.polling = polling
        self._on: dict[object, object] = {}  # watch → the observer it is on

    def schedule(self, event_handler, path, *, recursive: bool = False, **_):
        if os.path.isdir(path):
            watch = self.native.schedule(event_handler, str(path), recursive=recursive, event_filter=CHANGES)
            self._on[watch] = self.native
        else:
            watch = self.polling.schedule(event_handler, str(path), recursive=recursive)
            self._on[watch] = self.polling
        return watch

    def unschedule(self, watch) -> None:
        self._on.pop(watch, self.polling).unschedule(watch)

    def start(self) -> None:
        self.native.start()
        self.polling.start()

    def stop(self) -> None:
        for observer in (self.native, self.polling):
            if observer.is_alive():
                observer.stop()

    def join(self, timeout: float | None = None) -> None:
        for observer in (self.native, self.polling):
            if observer.is_alive():
                observer.join(timeout)

    def is_alive(self) -> bool:
        return self.native.is_alive() or self.polling.is_alive()


def native(server) -> bool:
    """Move ``server``'s watches (those MkDocs made before ``on_serve``) to a ``ChangesObserver``; later
    ``server.watch`` calls land there too. False, and nothing changed, where there is no native observer,
    the server is not the one this was written against, or the folders would use up the system's watches."""
    polling = getattr(server, "observer", None)
    refs = getattr(server, "_watch_refs", None)
    if (not isinstance(polling, PollingObserver) or polling.is_alive() or not isinstance(refs, dict)
            or Observer is PollingObserver or not hasattr(polling, "_handlers")):
        return False
    if not _room([path for path in refs if os.path.isdir(path)]):
        return False
    changes = ChangesObserver(polling)
    for path, watch in list(refs.items()):
        if not os.path.isdir(path):
            changes._on[watch] = polling
            continue
        handlers = list(polling._handlers.get(watch, ()))
        polling.unschedule(watch)
        for handler in handlers:
            refs[path] = changes.schedule(handler, path, recursive=watch.is_recursive)
    server.observer = changes
    log.debug("Watching folders with %s", type(changes.native).__name__)
    return True


def _room(folders: list[str]) -> bool:
    """Fewer folders than half the watches a user may have (inotify: one watch per folder)."""
    try:
        limit = int(WATCHES_FILE.read_text())
    except (OSError, ValueError):
        return True
    count = 0
    for folder in folders:
        for _ in os.walk(folder):
            count += 1
            if count > limit // 2:
                return False
    return True
