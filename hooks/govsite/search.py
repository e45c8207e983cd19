"""Static Chinese search with Pagefind (extended binary: it segments Chinese, tech-notes §3.1).

Templates mark what is indexed (``data-pagefind-body`` on document bodies and column
descriptions only: no nav, footer or pagination) and carry the filters, metadata and sort
key. ``plan`` decides which bundles there are; an ``Indexer`` runs Pagefind on each bundle as
soon as MkDocs has written its pages, so indexing overlaps rendering (both cores); the build
fails if any bundle fails.
"""

from __future__ import annotations

import concurrent.futures
import json
import logging
import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from mkdocs.exceptions import PluginError

from .output import Linker

log = logging.getLogger("mkdocs.plugins.govsite.search")

BUNDLE = "pagefind"

SHARD_PAGES = 2000  # default extra.gov.search.shard_pages: the largest bundle


def shard_pages_option(gov: dict) -> int:
    """``extra.gov.search.shard_pages`` of mkdocs.yml: a positive whole number."""
    value = (gov.get("search") or {}).get("shard_pages", SHARD_PAGES)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PluginError(f"mkdocs.yml 中 extra.gov.search.shard_pages 的值“{value}”不对：应为正整数（每个搜索分包最多的页面数），"
                          f"如 {SHARD_PAGES}；不写则为 {SHARD_PAGES}。")
    return value


@dataclass(frozen=True)
class Shard:
    name: str  # folder under pagefind/ ("" for a site indexed as one bundle)
    kind: str  # 文件 (documents), 栏目 (column descriptions) or "" (both)
    pages: tuple[str, ...]  # output paths (dest URIs) of the pages it indexes
    newest: str = ""  # 文件 shards: the publication dates they cover (ISO)
    oldest: str = ""

    def describe(self) -> dict:
        """What the search page needs to know of the bundle (its data-shards attribute)."""
        return {"path": self.name, "kind": self.kind, "newest": self.newest, "oldest": self.oldest}


def plan(site, shard_pages: int = SHARD_PAGES, *, dest: Callable[[str], str]) -> list[Shard]:
    """One bundle for a small site. A large one is cut in bundles: documents by publication period,
    newest first, then column descriptions (c1, c2, …, at most ``shard_pages`` each).

    Pagefind holds a whole index in memory (~4.5 GB for 30k pages, tech-notes §3.4), and every
    bundle a query reads costs its metadata and index chunks: with bundles in date order, the
    search page (newest first by default) reads the newest and goes further back only when asked
    to. Each document carries its bundle as the ``批次`` filter: the page merges bundles into one
    Pagefind instance as it reads them and asks for one bundle's results at a time, in date order.
    ``dest`` maps a source URI to its output path.
    """
    documents = sorted(site.documents, key=lambda d: (d.published, d.src_uri), reverse=True)
    columns = sorted(dest(c.page_uri) for c in site.columns.values())
    if len(documents) + len(columns) <= shard_pages:
        return [Shard("", "", tuple(dest(d.src_uri) for d in documents) + tuple(columns))]
    shards = [Shard(name, "文件", tuple(dest(d.src_uri) for d in docs), newest=docs[0].published.isoformat(),
                    oldest=docs[-1].published.isoformat()) for name, docs in _periods(documents, shard_pages)]
    for n, start in enumerate(range(0, len(columns), shard_pages), 1):
        shards.append(Shard(f"c{n}", "栏目", tuple(columns[start:start + shard_pages])))
    return shards


def _periods(documents: list, shard_pages: int) -> list[tuple[str, list]]:
    """Document bundles, newest first, that stay the same when documents are added (an incremental
    build re-renders only what changed, and a document's page names its bundle):

    - each year is one period, or its quarters, or its months: the coarsest whose periods hold at
      most ``shard_pages`` documents (a quarter of that in the newest year, which every first query
      reads; its last period joins the one before while it holds less than half that);
    - older periods are packed together, oldest first, up to ``shard_pages``: new documents, which
      go to the newest year, do not move them.
    """
    by_year: dict[int, list] = {}
    for doc in documents:
        by_year.setdefault(doc.published.year, []).append(doc)
    newest = max(by_year)
    units: list[tuple[str, list, bool]] = []  # oldest first
    for year in sorted(by_year):
        limit = max(1, shard_pages // 4) if year == newest else shard_pages
        for period in (lambda d: f"{year}", lambda d: f"{year}q{(d.published.month + 2) // 3}",
                       lambda d: f"{year}m{d.published.month:02d}"):
            periods: dict[str, list] = {}
            for doc in by_year[year]:
                periods.setdefault(period(doc), []).append(doc)
            if max(len(docs) for docs in periods.values()) <= limit:
                break  # else finer; months are the finest, whatever their size
        labels = sorted(periods)
        if year == newest and len(labels) > 1 and len(periods[labels[-1]]) < limit // 2:
            periods[labels[-2]] += periods.pop(labels[-1])  # a period just begun rides with the one before
            labels.pop()
        units += [(label, periods[label], year == newest) for label in labels]
    bundles: list[tuple[str, list, bool]] = []
    for label, docs, recent in units:
        if bundles and not recent and not bundles[-1][2] and len(bundles[-1][1]) + len(docs) <= shard_pages:
            bundles[-1][1].extend(docs)
        else:
            bundles.append((f"d{label}", list(docs), recent))
    return [(name, sorted(docs, key=lambda d: (d.published, d.src_uri), reverse=True))
            for name, docs, _ in reversed(bundles)]


class Indexer:
    """Runs Pagefind on each shard once all its pages are written: one single-threaded process while
    MkDocs renders (a core each), two once it is done. Measured at L: a multi-threaded Pagefind, or two
    of them, beside MkDocs spent ~60 CPU-seconds more on contention for the same work.

    Each shard's pages are hard-linked into a scratch folder (same relative paths, so the same
    URLs) and Pagefind's CLI indexes that folder into ``site_dir/pagefind/<shard>``. The CLI, not
    the Python API: the API's service was seen to stop the binary before its files were complete
    (an empty pagefind-entry.json about once in 25 builds under load).
    """

    def __init__(self, site_dir: str, shards: list[Shard], *, scratch: Path | None = None, workers: int = 2,
                 reuse=None):
        self.site = Path(site_dir)
        self.reuse = reuse  # incremental.Reuse: bundles whose pages did not change are linked, not indexed
        self.scratch = scratch or self.site.with_name(self.site.name + ".indexing")
        self.shards = shards
        self.waiting = {shard.name: set(shard.pages) for shard in shards}
        self.shard_of = {page: shard for shard in shards for page in shard.pages}
        self.ready: list[Shard] = []  # all pages rendered; the last one is written after on_post_page
        self.submitted: set[str] = set()
        self.workers = max(1, min(workers, os.cpu_count() or 1))
        self.pool = concurrent.futures.ThreadPoolExecutor(self.workers, thread_name_prefix="pagefind")
        self.slots = threading.Semaphore(1)  # while MkDocs renders
        self.futures: list[concurrent.futures.Future] = []
        self.processes: set[subprocess.Popen] = set()
        self.stopped = False
        self.start = time.monotonic()
        shutil.rmtree(self.site / BUNDLE, ignore_errors=True)  # Pagefind appends; never keep stale fragments
        shutil.rmtree(self.scratch, ignore_errors=True)

    def page_rendered(self, dest_uri: str) -> None:
        """Call from on_post_page: MkDocs writes the page right after, so a shard completed by this
        page is submitted at the next call (or by ``finish``)."""
        self._submit_ready()
        shard = self.shard_of.get(dest_uri)
        if shard is not None:
            waiting = self.waiting[shard.name]
            waiting.discard(dest_uri)
            if not waiting:
                self.ready.append(shard)

    def _submit_ready(self) -> None:
        for shard in self.ready:
            self.submitted.add(shard.name)
            self.futures.append(self.pool.submit(self._index, shard))
        self.ready.clear()

    def finish(self, *, expected_pages: int) -> dict:
        """Index what is left (all of it for a one-bundle site), wait, check; returns
        {"pages", "seconds", "after_render_s", "bytes", "shards"}."""
        rendered = time.monotonic()
        self._submit_ready()
        for shard in self.shards:  # pages not rendered in this build (mkdocs serve --dirty) are indexed as they are
            if shard.name not in self.submitted:
                self.ready.append(shard)
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
        out = self.site / BUNDLE
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        now = time.monotonic()
        stats = {"pages": pages, "seconds": now - self.start, "after_render_s": now - rendered, "bytes": size,
                 "shards": len(self.shards)}
        log.info("Search index: %d pages in %d bundle(s), %.1f s after the last page, %.1f MB",
                 pages, len(self.shards), stats["after_render_s"], size / 1e6)
        return stats

    def abort(self) -> None:
        """Stop: the build failed. Running Pagefind processes are killed, queued shards dropped."""
        self.stopped = True
        for future in self.futures:
            future.cancel()
        for process in list(self.processes):
            process.kill()
        self.pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def _index(self, shard: Shard) -> int:
        output = self.site / BUNDLE / shard.name if shard.name else self.site / BUNDLE
        if self.reuse is not None and shard.name in self.reuse.bundles and self.reuse.link_bundle(shard.name, output):
            return _page_count(output)
        with self.slots:
            return self._run_pagefind(shard, output)

    def _run_pagefind(self, shard: Shard, output: Path) -> int:
        if self.stopped:
            return 0
        start = time.monotonic()
        folder = self.scratch / (shard.name or "all")
        linker, site, into = Linker(), str(self.site), str(folder)
        for page in shard.pages:  # a page missing (not rendered by mkdocs serve --dirty) is indexed without it
            linker.link(os.path.join(site, page), os.path.join(into, page), missing_ok=True)
        from pagefind_bin_extended import get_executable

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
            raise RuntimeError(f"{shard.name or BUNDLE}: {text.strip()[-2000:]}")
        log.debug("Indexed %s: %d pages in %.1f s", shard.name or BUNDLE, len(shard.pages), time.monotonic() - start)
        return _page_count(output)


def _page_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def index_site(site_dir: str, *, expected_pages: int, shards: list[Shard] | None = None) -> dict:
    """Index a finished site in one go (tests and tools; the build uses an ``Indexer`` as it renders)."""
    if shards is None:
        root = Path(site_dir)
        shards = [Shard("", "", tuple(p.relative_to(root).as_posix() for p in sorted(root.rglob("*.html"))))]
    indexer = Indexer(site_dir, shards)
    return indexer.finish(expected_pages=expected_pages)


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TAG = re.compile(r"<[^>]+>")


def han_terms(*texts: str | None) -> str:
    """Every distinct Han character of ``texts``, space-separated, for a hidden ``字`` metadata field.

    Pagefind segments Chinese with jieba when indexing but with the browser's Intl.Segmenter when
    searching, so 脱贫 indexed inside 脱贫攻坚 is not found (Pagefind#1237). With each character
    indexed on its own, the search page can always find candidates and keeps those whose text
    really contains the query (see search.js).
    """
    chars = set()
    for text in texts:
        if text:
            chars.update(_HAN.findall(_TAG.sub(" ", text)))
    return " ".join(sorted(chars))
