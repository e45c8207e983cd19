"""Static Chinese search with Pagefind (extended binary: it segments Chinese, tech-notes §3.1).

Templates mark what is indexed (``data-pagefind-body`` on document bodies and column
descriptions only: no nav, footer or pagination) and carry the filters, metadata and sort
key; this module runs the indexer over the finished site and fails the build if it fails.
"""

from __future__ import annotations

import json
import re
import logging
import shutil
import subprocess
import time
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.govsite.search")

BUNDLE = "pagefind"


def index_site(site_dir: str, *, expected_pages: int) -> dict:
    """Index ``site_dir`` into ``site_dir/pagefind``; return {"pages": n, "seconds": t, "bytes": b}.

    Runs the extended binary's CLI: the Python API's service was seen to stop the binary before its
    files were complete (an empty pagefind-entry.json about once in 25 builds under load), and the CLI
    is faster too (tests/bench).
    """
    out = Path(site_dir) / BUNDLE
    shutil.rmtree(out, ignore_errors=True)  # Pagefind appends; never keep stale fragments
    start = time.monotonic()
    try:
        from pagefind_bin_extended import get_executable

        proc = subprocess.run([str(get_executable()), "--site", site_dir, "--output-subdir", BUNDLE, "--quiet"],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError((proc.stderr or proc.stdout).strip()[-2000:])
        entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
    except Exception as exc:  # a site without search is not a good build
        raise PluginError(f"搜索索引生成失败（Pagefind）：{exc}") from exc
    pages = sum(language["page_count"] for language in entry["languages"].values())
    if pages < expected_pages:
        raise PluginError(f"搜索索引只收录了 {pages} 个页面，应至少 {expected_pages} 个（data-pagefind-body 缺失？）")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    stats = {"pages": pages, "seconds": time.monotonic() - start, "bytes": size}
    log.info("Search index: %d pages, %.1f s, %.1f MB", pages, stats["seconds"], size / 1e6)
    return stats


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
