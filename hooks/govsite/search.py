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


SHARD_PAGES = 8000  # default extra.gov.search.shard_pages: above this, one bundle per township


@dataclass(frozen=True)
class Shard:
    name: str  # folder under pagefind/
    glob: str  # the HTML files it indexes, relative to the site


def plan(site, shard_pages: int = SHARD_PAGES) -> list[Shard]:
    """One bundle for a small site; for a large one, a bundle per township (with its villages) and one
    for everything else. Pagefind holds a whole index in memory (~4.5 GB for 30k pages, tech-notes §3.4),
    shards are indexed two at a time (both cores), and the search page merges them (mergeIndex).
    A 乡镇 or 机构 filter then reads one shard, so its date order stays exact."""
    indexed = len(site.documents) + len(site.columns)
    if indexed <= shard_pages or not site.tree.townships:
        return [Shard("", "**/*.html")]
    shards = [Shard(f"t-{t.id}", f"{t.folder}/**/*.html") for t in site.tree.townships]
    # everything else: the top folders of the county government and departments (not the townships')
    township_tops = {t.folder.split("/")[0] for t in site.tree.townships}
    rest = sorted({o.folder.split("/")[0] for o in site.tree.orgs.values()
                   if not (o.is_township or o.is_village)} - township_tops)
    pattern = rest[0] if len(rest) == 1 else "{" + ",".join(rest) + "}"
    return [Shard("main", f"{pattern}/**/*.html")] + shards


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
