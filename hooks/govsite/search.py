"""Static Chinese search with Pagefind (extended binary: it segments Chinese, tech-notes §3.1).

Templates mark what is indexed (``data-pagefind-body`` on document bodies and column
descriptions only: no nav, footer or pagination) and carry the filters, metadata and sort
key; this module runs the indexer over the finished site and fails the build if it fails.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import logging
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.govsite.search")

BUNDLE = "pagefind"


SHARD_PAGES = 3000  # default extra.gov.search.shard_pages: the largest bundle


@dataclass(frozen=True)
class Shard:
    name: str  # folder under pagefind/
    glob: str  # the HTML files it indexes, relative to the site


def plan(site, shard_pages: int = SHARD_PAGES) -> list[Shard]:
    """One bundle for a small site; for a large one, bundles of at most ``shard_pages`` indexed pages,
    each made of whole organisations (a township with its villages, a department, the county
    government). Pagefind holds a whole index in memory (~4.5 GB for 30k pages, tech-notes §3.4),
    shards are indexed two at a time (both cores), and the search page merges them (mergeIndex).
    A 乡镇 or 机构 filter then reads one shard, so its date order stays exact."""
    indexed = len(site.documents) + len(site.columns)
    if indexed <= shard_pages:
        return [Shard("", "**/*.html")]
    pages: dict[str, int] = {}
    for doc in site.documents:
        top = doc.org.parent or doc.org
        pages[top.folder] = pages.get(top.folder, 0) + 1
    for column in site.columns.values():
        top = column.org.parent or column.org
        pages[top.folder] = pages.get(top.folder, 0) + 1
    bins: list[list[str]] = [[]]
    size = 0
    for folder in sorted(pages):
        if bins[-1] and size + pages[folder] > shard_pages:
            bins.append([])
            size = 0
        bins[-1].append(folder)
        size += pages[folder]
    return [Shard(f"s{n}", (folders[0] if len(folders) == 1 else "{" + ",".join(folders) + "}") + "/**/*.html")
            for n, folders in enumerate(bins, 1)]


def index_site(site_dir: str, *, expected_pages: int, shards: list[Shard] | None = None) -> dict:
    """Index ``site_dir`` into ``site_dir/pagefind`` (or one bundle per shard below it).

    Runs the extended binary's CLI: the Python API's service was seen to stop the binary before its
    files were complete (an empty pagefind-entry.json about once in 25 builds under load), and the CLI
    is faster too (tests/bench). Returns {"pages": n, "seconds": t, "bytes": b, "shards": k}.
    """
    shards = shards or [Shard("", "**/*.html")]
    out = Path(site_dir) / BUNDLE
    shutil.rmtree(out, ignore_errors=True)  # Pagefind appends; never keep stale fragments
    start = time.monotonic()
    try:
        with concurrent.futures.ThreadPoolExecutor(min(len(shards), os.cpu_count() or 1)) as pool:
            pages = sum(pool.map(lambda shard: _index_shard(site_dir, shard), shards))
    except Exception as exc:  # a site without search is not a good build
        raise PluginError(f"搜索索引生成失败（Pagefind）：{exc}") from exc
    if pages < expected_pages:
        raise PluginError(f"搜索索引只收录了 {pages} 个页面，应至少 {expected_pages} 个（data-pagefind-body 缺失？）")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    stats = {"pages": pages, "seconds": time.monotonic() - start, "bytes": size, "shards": len(shards)}
    log.info("Search index: %d pages in %d bundle(s), %.1f s, %.1f MB", pages, len(shards), stats["seconds"], size / 1e6)
    return stats


def _index_shard(site_dir: str, shard: Shard) -> int:
    from pagefind_bin_extended import get_executable

    subdir = f"{BUNDLE}/{shard.name}" if shard.name else BUNDLE
    proc = subprocess.run([str(get_executable()), "--site", site_dir, "--glob", shard.glob,
                           "--output-subdir", subdir, "--quiet"], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError((proc.stderr or proc.stdout).strip()[-2000:])
    entry = json.loads((Path(site_dir) / subdir / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


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
