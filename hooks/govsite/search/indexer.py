"""Pagefind (extended binary: it segments Chinese, tech-notes §3.1) run on each search bundle as soon
as MkDocs has written its pages, so indexing overlaps rendering (both cores); the build fails if any
bundle fails. Which bundles there are is planned in ``views.search``; each bundle's filter files are put in
one order once Pagefind has written them (``canonical``).
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

from ..render.output import Linker, disk_full
from ..urls import SEARCH_BUNDLES
from ..views.search import Bundle
from . import canonical

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
                 reuse=None, defer: bool = False, background=None):
        """``reuse``, ``defer`` and ``background`` are the speed room's (``speed``): the last site's bundles
        to link instead of indexing (``speed.reuse.Reuse``), and under mkdocs serve the bundles to index
        after the site is served, held meanwhile by ``background`` (``speed.background.Background``)."""
        self.site = Path(site_dir)
        self.background = background
        # mkdocs serve: a bundle the last site has is served as it was until its new index is ready
        # (``finish`` does not wait for Pagefind; ``placed`` moves each new bundle in after the swap)
        self.defer = defer and reuse is not None and background is not None
        self.deferred: dict[str, concurrent.futures.Future] = {}
        self.final: Path | None = None  # where the site is once swapped in (``placed``)
        self.made: list[tuple[str, Path]] = []  # bundles Pagefind finished before the swap
        self.lock = threading.Lock()
        self.waiter: threading.Thread | None = None
        self.on_placed = None  # called once every deferred bundle is in place
        self.reuse = reuse  # speed.reuse.Reuse: bundles whose pages did not change are linked, not indexed
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
        if reuse is None or not reuse.recycles:  # else the staging folder holds only the bundles it keeps (Reuse.clear)
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
        if self.deferred:
            return self._finish_later(rendered)
        try:
            pages = sum(future.result() for future in self.futures)
        except Exception as exc:  # a site without search is not a good build
            full = disk_full(self.site)  # (before abort frees anything)
            self.abort()
            if full is not None:  # the build ends in one line saying so (build.failed)
                raise full from exc
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
        if self.waiter is not None and self.waiter is not threading.current_thread():
            self.waiter.join()
        self.pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.scratch, ignore_errors=True)
        if self.background is not None:
            self.background.forget(self)

    # mkdocs serve: indexing after the site is served -------------------------------------------------------

    def _deferrable(self, bundle: Bundle) -> bool:
        """To index, and in the last site: its old index is served meanwhile."""
        return (self.defer and bundle.name not in self.reuse.bundles
                and (self._output(bundle.name, self.reuse.site) / "pagefind-entry.json").is_file())

    def _finish_later(self, rendered: float) -> dict:
        for future in self.futures:
            if future not in self.deferred.values():
                future.result()  # the bundles linked from the last site
        for name in self.deferred:  # the last site's index of these bundles, until the new one is placed
            self.reuse.link_bundle(name, self._output(name))
        self.background.indexers.append(self)
        log.info("Search index: %d bundle(s) indexed in the background; search shows the last build's index of "
                 "them until then", len(self.deferred))
        return {"pages": None, "seconds": time.monotonic() - self.start, "after_render_s": time.monotonic() - rendered,
                "bytes": None, "bundles": len(self.bundles), "deferred": sorted(self.deferred)}

    def placed(self, site: Path) -> None:
        """The site is in place at ``site``: each new bundle moves in as soon as Pagefind has made it."""
        with self.lock:
            self.final = site
            waiting, self.made = self.made, []
        for name, made in waiting:
            self._move(name, made)
        self.waiter = threading.Thread(target=self._complete, name="pagefind-later", daemon=True)
        self.waiter.start()

    def wait(self) -> None:
        if self.waiter is not None:
            self.waiter.join()
        else:
            self._complete()

    def _complete(self) -> None:
        """Until every deferred bundle is in place (or failed: logged; the next build indexes it again)."""
        try:
            for future in self.deferred.values():
                try:
                    future.result()
                except Exception as exc:
                    if not self.stopped:  # not stopped on purpose (a newer build)
                        log.error("搜索索引生成失败（Pagefind）：%s；下次保存时重新生成", exc)
                    self.stopped = True
            if not self.stopped and self.final is not None:
                log.info("Search index updated: %s", ", ".join(n or SEARCH_BUNDLES for n in self.deferred))
                if self.on_placed is not None:
                    self.on_placed()
        finally:
            self.pool.shutdown(wait=True)
            shutil.rmtree(self.scratch, ignore_errors=True)
            if self.background is not None:
                self.background.forget(self)

    def _output(self, name: str, site: Path | None = None) -> Path:
        site = site or self.site
        return site / SEARCH_BUNDLES / name if name else site / SEARCH_BUNDLES

    def _place(self, name: str, made: Path) -> None:
        with self.lock:
            if self.final is None:  # not swapped in yet: placed() moves it
                self.made.append((name, made))
                return
        self._move(name, made)

    def _move(self, name: str, made: Path) -> None:
        if self.stopped:
            return
        into = self._output(name, self.final)
        old = into.with_name(into.name + ".old-index")
        shutil.rmtree(old, ignore_errors=True)
        if into.exists():
            os.replace(into, old)
        os.replace(made, into)  # a moment without the bundle, never a bundle half old and half new
        shutil.rmtree(old, ignore_errors=True)

    def _submit_ready(self) -> None:
        for bundle in self.ready:
            self.submitted.add(bundle.name)
            if self._deferrable(bundle):
                folder = self._link_pages(bundle)  # now: after the swap, the pages are elsewhere
                self.deferred[bundle.name] = future = self.pool.submit(self._index_later, bundle, folder)
            else:
                future = self.pool.submit(self._index, bundle)
            self.futures.append(future)
        self.ready.clear()

    def _index(self, bundle: Bundle) -> int:
        output = self._output(bundle.name)
        if self.reuse is not None and bundle.name in self.reuse.kept_bundles:
            return _page_count(output)  # in place: the staging folder is the spare (speed.spare)
        if self.reuse is not None and bundle.name in self.reuse.bundles and self.reuse.link_bundle(bundle.name, output):
            return _page_count(output)
        with self.slots:
            return self._run_pagefind(bundle, output, self._link_pages(bundle))

    def _index_later(self, bundle: Bundle, folder: Path) -> int:
        made = self.scratch / "made" / (bundle.name or "all")
        with self.slots:
            count = self._run_pagefind(bundle, made, folder)
        self._place(bundle.name, made)
        return count

    def _link_pages(self, bundle: Bundle) -> Path:
        folder = self.scratch / (bundle.name or "all")
        linker, site, into = Linker(), str(self.site), str(folder)
        for page in bundle.pages:  # a page missing (not rendered by mkdocs serve --dirty) is indexed without it
            linker.link(os.path.join(site, page), os.path.join(into, page), missing_ok=True)
        return folder

    def _run_pagefind(self, bundle: Bundle, output: Path, folder: Path) -> int:
        if self.stopped:
            return 0
        start = time.monotonic()
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
        _canonicalise(output, bundle)
        log.debug("Indexed %s: %d pages in %.1f s", bundle.name or SEARCH_BUNDLES, len(bundle.pages), time.monotonic() - start)
        return _page_count(output)


def _canonicalise(output: Path, bundle: Bundle) -> None:
    """Pagefind's filter files in sorted order (``canonical``): the same pages, the same bundle on every run.
    A format this Pagefind's files are not in leaves the bundle as written (its search is right, its bytes
    may differ from one build to the next)."""
    try:
        canonical.canonicalise(output)
    except canonical.Unexpected as exc:
        log.warning("Search index %s left in Pagefind's own order (%s): its filter files may differ from one "
                    "build to the next", bundle.name or SEARCH_BUNDLES, exc)


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
