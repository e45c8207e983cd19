"""Pagefind (extended binary: it segments Chinese, tech-notes §3.1) run on each search bundle as soon
as MkDocs has written its pages, so indexing overlaps rendering (both cores); the build fails if any
bundle fails. Which bundles there are is planned in ``views.search``.
"""

from __future__ import annotations

import concurrent.futures
import json
import logging
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from pagefind_bin_extended import get_executable

from ..render.output import Linker
from ..urls import SEARCH_BUNDLES
from ..views.search import Bundle

log = logging.getLogger("mkdocs.plugins.govsite.search")


class Indexer:
    """Runs Pagefind on each bundle once all its pages are written: one single-threaded process while
    MkDocs renders (a core each), two once it is done. Measured at L: a multi-threaded Pagefind, or two
    of them, beside MkDocs spent ~60 CPU-seconds more on contention for the same work.

    Each bundle's pages are hard-linked into a scratch folder (same relative paths, so the same
    URLs) and Pagefind's CLI indexes that folder into ``site_dir/pagefind/<bundle>``. The CLI, not
    the Python API: the API's service was seen to stop the binary before its files were complete
    (an empty pagefind-entry.json about once in 25 builds under load).
    """

    def __init__(self, site_dir: str, bundles: list[Bundle], *, scratch: Path | None = None, workers: int = 2,
                 reuse=None):
        self.site = Path(site_dir)
        self.reuse = reuse  # incremental.Reuse: bundles whose pages did not change are linked, not indexed
        self.scratch = scratch or self.site.with_name(self.site.name + ".indexing")
        self.bundles = bundles
        self.waiting = {bundle.name: set(bundle.pages) for bundle in bundles}
        self.bundle_of = {page: bundle for bundle in bundles for page in bundle.pages}
        self.ready: list[Bundle] = []  # all pages rendered; the last one is written after on_post_page
        self.submitted: set[str] = set()
        self.workers = max(1, min(workers, os.cpu_count() or 1))
        self.pool = concurrent.futures.ThreadPoolExecutor(self.workers, thread_name_prefix="pagefind")
        self.slots = threading.Semaphore(1)  # while MkDocs renders
        self.futures: list[concurrent.futures.Future] = []
        self.processes: set[subprocess.Popen] = set()
        self.stopped = False
        self.start = time.monotonic()
        shutil.rmtree(self.site / SEARCH_BUNDLES, ignore_errors=True)  # Pagefind appends; never keep stale fragments
        shutil.rmtree(self.scratch, ignore_errors=True)

    def page_rendered(self, dest_uri: str) -> None:
        """Call from on_post_page: MkDocs writes the page right after, so a bundle completed by this
        page is submitted at the next call (or by ``finish``)."""
        self._submit_ready()
        bundle = self.bundle_of.get(dest_uri)
        if bundle is not None:
            waiting = self.waiting[bundle.name]
            waiting.discard(dest_uri)
            if not waiting:
                self.ready.append(bundle)

    def _submit_ready(self) -> None:
        for bundle in self.ready:
            self.submitted.add(bundle.name)
            self.futures.append(self.pool.submit(self._index, bundle))
        self.ready.clear()

    def finish(self, *, expected_pages: int) -> dict:
        """Index what is left (all of it for a one-bundle site), wait, check; returns
        {"pages", "seconds", "after_render_s", "bytes", "bundles"}."""
        rendered = time.monotonic()
        self._submit_ready()
        for bundle in self.bundles:  # pages not rendered in this build (mkdocs serve --dirty) are indexed as they are
            if bundle.name not in self.submitted:
                self.ready.append(bundle)
        self._submit_ready()
        for _ in range(self.workers - 1):
            self.slots.release()
        try:
            pages = sum(future.result() for future in self.futures)
        except Exception as exc:  # a site without search is not a good build
            self.abort()
            raise PluginError(f"搜索索引生成失败（Pagefind）：{exc}") from exc
        finally:
            self.pool.shutdown(wait=True)
            shutil.rmtree(self.scratch, ignore_errors=True)
        if pages < expected_pages:
            raise PluginError(f"搜索索引只收录了 {pages} 个页面，应至少 {expected_pages} 个（data-pagefind-body 缺失？）")
        out = self.site / SEARCH_BUNDLES
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        now = time.monotonic()
        stats = {"pages": pages, "seconds": now - self.start, "after_render_s": now - rendered, "bytes": size,
                 "bundles": len(self.bundles)}
        log.info("Search index: %d pages in %d bundle(s), %.1f s after the last page, %.1f MB",
                 pages, len(self.bundles), stats["after_render_s"], size / 1e6)
        return stats

    def abort(self) -> None:
        """Stop: the build failed. Running Pagefind processes are killed, queued bundles dropped."""
        self.stopped = True
        for future in self.futures:
            future.cancel()
        for process in list(self.processes):
            process.kill()
        self.pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def _index(self, bundle: Bundle) -> int:
        output = self.site / SEARCH_BUNDLES / bundle.name if bundle.name else self.site / SEARCH_BUNDLES
        if self.reuse is not None and bundle.name in self.reuse.bundles and self.reuse.link_bundle(bundle.name, output):
            return _page_count(output)
        with self.slots:
            return self._run_pagefind(bundle, output)

    def _run_pagefind(self, bundle: Bundle, output: Path) -> int:
        if self.stopped:
            return 0
        start = time.monotonic()
        folder = self.scratch / (bundle.name or "all")
        linker, site, into = Linker(), str(self.site), str(folder)
        for page in bundle.pages:  # a page missing (not rendered by mkdocs serve --dirty) is indexed without it
            linker.link(os.path.join(site, page), os.path.join(into, page), missing_ok=True)
        process = subprocess.Popen([str(get_executable()), "--site", str(folder), "--output-path", str(output),
                                    "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   env=dict(os.environ, RAYON_NUM_THREADS="1"))
        self.processes.add(process)
        try:
            text, _ = process.communicate()
        finally:
            self.processes.discard(process)
            shutil.rmtree(folder, ignore_errors=True)
        if process.returncode != 0:
            raise RuntimeError(f"{bundle.name or SEARCH_BUNDLES}: {text.strip()[-2000:]}")
        log.debug("Indexed %s: %d pages in %.1f s", bundle.name or SEARCH_BUNDLES, len(bundle.pages), time.monotonic() - start)
        return _page_count(output)


def _page_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def index_site(site_dir: str, *, expected_pages: int, bundles: list[Bundle] | None = None) -> dict:
    """Index a finished site in one go (tests and tools; the build uses an ``Indexer`` as it renders)."""
    if bundles is None:
        root = Path(site_dir)
        bundles = [Bundle("", "", tuple(p.relative_to(root).as_posix() for p in sorted(root.rglob("*.html"))))]
    indexer = Indexer(site_dir, bundles)
    return indexer.finish(expected_pages=expected_pages)
