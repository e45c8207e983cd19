"""Pages rendered on both cores: after the model, the views and MkDocs' navigation are made (at the
first page), the build forks once; the child renders a share of the pages with MkDocs' own page
routine, the parent the rest, each writing into the same staging folder.

The pages alternate between the two processes in rendering order (``share``); the child says on a
pipe which pages it has written, and the parent hands them to the search indexer as it does its
own, so a search bundle is indexed once both have written their part of it. Whatever the child
must report goes to the parent: editors' body errors (``ErrorCollector``), warnings (re-logged in
the parent, so ``--strict`` still counts them) and a failure (the build fails, the last site stays).

Used for ``mkdocs build`` only (``mkdocs serve`` runs threads of its own; a fork is not safe there),
and only when enough pages are to be rendered (a fork costs about a millisecond per 10 MB of heap).
"""

from __future__ import annotations

import base64
import ctypes
import gc
import importlib
import logging
import os
import pickle
import signal
import traceback
from collections.abc import Callable

log = logging.getLogger("mkdocs.plugins.govsite")

MIN_PAGES = 400  # below this a second process is not worth its start
ONE_PROCESS = "GOVSITE_ONE_PROCESS"  # set (to anything) to render in one process: comparisons, debugging
# (read where the run starts: build.Switches; GOVSITE_NO_SPEED implies it)
DOCUMENT_WEIGHT = 1.5  # a document page costs about this many column pages (Markdown body, sanitising)


def share(order: list[str], *, documents: set[str], reused: set[str], one_process: bool = False) -> set[str]:
    """The pages (dest URIs) the child renders: taken in rendering order, each page goes to the process
    with less work so far (a document counts DOCUMENT_WEIGHT), the first staying with the parent (the
    build forks while rendering it). Both processes so go through the search bundles in the same
    order and a bundle is complete about when it was in one process. Empty when too few pages are to
    be rendered, or ``one_process`` (GOVSITE_ONE_PROCESS, read where the run starts)."""
    to_render = [page for page in order if page not in reused]
    if len(to_render) < MIN_PAGES or (os.cpu_count() or 1) < 2 or one_process:
        return set()
    parent = child = 0.0
    mine: set[str] = set()
    for number, page in enumerate(to_render):
        cost = DOCUMENT_WEIGHT if page in documents else 1.0
        if number and child < parent:
            child += cost
            mine.add(page)
        else:
            parent += cost
    return mine


class _Capture(logging.Filter):
    """In the child: warnings and errors are kept for the parent instead of printed."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[str, int, str]] = []
        self.last = None

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        if record is not self.last:  # one record passes every handler of the logger
            self.last = record
            self.records.append((record.name, record.levelno, record.getMessage()))
        return False


class Worker:
    """The child process and its pipe, seen from the parent."""

    def __init__(self, pages: set[str]) -> None:
        self.pages = pages  # dest URIs
        self.pid = 0
        self.fd = -1
        self.buffer = b""
        self.report: dict | None = None

    @property
    def started(self) -> bool:
        return self.pid != 0

    def start(self, pages: list, render: Callable[[object], None], *, before_child: Callable[[], None],
              after_pages: Callable[[list], None]) -> None:
        """Fork; the child calls ``before_child`` then ``render(page)`` for each of ``pages``, then
        ``after_pages(pages)``, reports and exits. Returns in the parent only."""
        read, write = os.pipe()
        gc.collect()
        give_back()  # what the build let go of is counted in neither process
        gc.freeze()  # the heap stays shared: the collector does not touch the objects made so far
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read)
            _child(write, pages, render, before_child, after_pages)
        gc.unfreeze()
        os.close(write)
        os.set_blocking(read, False)
        self.pid, self.fd = pid, read

    def poll(self) -> list[str]:
        """Pages the child has written since the last call (non-blocking)."""
        if self.fd < 0:
            return []
        try:
            while chunk := os.read(self.fd, 65536):
                self.buffer += chunk
        except BlockingIOError:
            pass
        return self._lines()

    def finish(self) -> tuple[list[str], dict]:
        """Wait for the child: the pages it wrote since the last poll and its report
        ({"errors", "records", "failure"})."""
        os.set_blocking(self.fd, True)
        while chunk := os.read(self.fd, 65536):
            self.buffer += chunk
        os.close(self.fd)
        self.fd = -1
        written = self._lines()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        report = self.report or {}
        if not report.get("failure") and os.waitstatus_to_exitcode(status) != 0:
            report["failure"] = f"页面生成的子进程异常退出（{os.waitstatus_to_exitcode(status)}）"
        return written, report

    def abort(self) -> None:
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = 0
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def _lines(self) -> list[str]:
        *lines, self.buffer = self.buffer.split(b"\n")
        written = []
        for line in lines:
            kind, _, value = line.partition(b" ")
            if kind == b"P":
                written.append(value.decode("utf-8"))
            elif kind == b"R":
                self.report = pickle.loads(base64.b64decode(value))
        return written


def give_back() -> bool:
    """Freed heap memory back to the system (glibc's ``malloc_trim``): the C library keeps the pages of
    freed objects (the planning's temporaries, the generated files' text) resident for reuse, and a forked
    child maps every one of them too, so the build's memory counts them in both processes. False where the
    C library has no malloc_trim (musl, macOS): nothing is given back there."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return False
    trim(0)
    return True


def build_page_routine(config) -> Callable:
    """MkDocs' (or ProperDocs') own routine that renders and writes one page."""
    tool = type(config).__module__.split(".")[0]
    return importlib.import_module(f"{tool}.commands.build")._build_page


def _child(write: int, pages: list, render, before_child, after_pages) -> None:
    status = 1
    report: dict = {"errors": [], "records": [], "failure": ""}
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        capture = _Capture()
        for logger in (logging.getLogger("mkdocs"), logging.getLogger()):
            for handler in logger.handlers:
                handler.addFilter(capture)
        report["records"] = capture.records
        errors = before_child()
        for page in pages:
            render(page)
            os.write(write, b"P " + page.file.dest_uri.encode("utf-8") + b"\n")
        after_pages(pages)
        report["errors"] = list(errors.errors)
        status = 0
    except BaseException as exc:  # everything goes to the parent; nothing is printed twice
        report["failure"] = str(exc) or traceback.format_exc(limit=5)
        if isinstance(exc, OSError):  # the parent ends the build in one Chinese line (build.failed)
            report["os_error"] = exc
    finally:
        try:
            data = base64.b64encode(pickle.dumps(report))
            view = memoryview(b"R " + data + b"\n")
            while view:
                view = view[os.write(write, view):]
            os.close(write)
        finally:
            os._exit(status)
