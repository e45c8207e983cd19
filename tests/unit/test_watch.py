"""mkdocs serve's watches move to the kernel's observer (govsite/render/watch.py): a change starts a
rebuild without waiting for a poll, and the build's own reads of the content start none."""

from __future__ import annotations

import threading
import time

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from govsite.render import watch

pytestmark = pytest.mark.skipif(Observer is PollingObserver, reason="no native observer on this system")


def _server(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("旧", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    built = threading.Event()
    server = LiveReloadServer(builder=built.set, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(content))
    server.watch(str(config))
    return server, content, config


def _wants_rebuild(server, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server._want_rebuild:
            return True
        time.sleep(0.01)
    return False


def test_folders_move_to_the_native_observer_and_files_stay_polled(tmp_path):
    server, content, config = _server(tmp_path)
    assert watch.native(server)
    observer = server.observer
    assert isinstance(observer, watch.ChangesObserver) and type(observer.native) is Observer
    assert observer._on[server._watch_refs[str(content)]] is observer.native
    assert observer._on[server._watch_refs[str(config)]] is observer.polling
    assert len(observer.polling._watches) == 1  # mkdocs.yml; the folder is polled no more
    server.watch(str(tmp_path / "content"))  # a second watch of a watched path is counted, not scheduled
    (tmp_path / "catalog").mkdir()
    server.watch(str(tmp_path / "catalog"))  # after on_serve (the product's catalog): native too
    assert observer._on[server._watch_refs[str(tmp_path / "catalog")]] is observer.native
    server.unwatch(str(tmp_path / "catalog"))
    assert str(tmp_path / "catalog") not in server._watch_refs


def test_a_change_starts_a_rebuild_at_once_and_reading_starts_none(tmp_path):
    server, content, _ = _server(tmp_path)
    assert watch.native(server)
    server.observer.start()
    try:
        time.sleep(0.2)
        (content / "a.md").read_text(encoding="utf-8")  # what a build does to every file
        assert not _wants_rebuild(server, 0.5)
        started = time.monotonic()
        (content / "a.md").write_text("新", encoding="utf-8")
        assert _wants_rebuild(server, 2)
        assert time.monotonic() - started < 0.3  # a poll of MkDocs's own observer comes every 0.5 s
        server._want_rebuild = False
        (content / "new").mkdir()
        (content / "new" / "b.md").write_text("新文件", encoding="utf-8")  # a new folder is watched too
        assert _wants_rebuild(server, 2)
    finally:
        server.observer.stop()
        server.observer.join()


def test_nothing_changes_when_the_folders_would_use_up_the_watches(tmp_path, monkeypatch):
    server, content, _ = _server(tmp_path)
    for n in range(6):
        (content / f"d{n}").mkdir()
    limit = tmp_path / "max_user_watches"
    limit.write_text("8\n")
    monkeypatch.setattr(watch, "WATCHES_FILE", limit)
    polling = server.observer
    assert not watch.native(server)
    assert server.observer is polling


def test_a_started_observer_is_left_alone(tmp_path):
    server, _, _ = _server(tmp_path)
    server.observer.start()
    try:
        assert not watch.native(server)
    finally:
        server.observer.stop()
        server.observer.join()
