"""Search (views.search, search.indexer) without building: the 字 field, the bundle plan, and the
indexer's failures (too few pages; a failed build kills a running Pagefind). Builds: build/test_search_build.py."""

from __future__ import annotations

import datetime
import signal
import time
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from govsite import urls
from govsite.search import indexer
from govsite.views import search
from govsite.views.search import Bundle


def test_han_terms_are_distinct_characters_without_markup():
    assert search.han_terms("<p>脱贫攻坚</p>", "攻坚 2025", None) == " ".join(sorted("脱贫攻坚"))


def test_too_few_indexed_pages_fail_the_build(tmp_path):
    (tmp_path / "index.html").write_text("<html lang='zh-CN'><body><p>无正文标记</p></body></html>", encoding="utf-8")
    with pytest.raises(PluginError, match="搜索索引只收录了"):
        indexer.index_site(str(tmp_path), expected_pages=5)


def _dest(uri: str) -> str:
    return urls.Urls(True).dest(uri)


def test_small_sites_have_one_bundle_large_ones_bundles_newest_first(example_model):
    site = example_model
    columns = [urls.column(c) for c in site.columns.values()]
    [one] = search.plan(site, 5000, dest=_dest, column_pages=columns)
    assert one.name == "" and one.kind == "" and len(one.pages) == len(site.documents) + len(site.columns)
    assert set(one.pages) == {_dest(d.src_uri) for d in site.documents} | {_dest(uri) for uri in columns}
    bundles = search.plan(site, 1000, dest=_dest, column_pages=columns)
    assert all(isinstance(b, Bundle) for b in bundles)
    assert [(b.name, b.kind) for b in bundles] == [("d2026", "文件"), ("d2019", "文件"), ("c1", "栏目"), ("c2", "栏目"),
                                                   ("c3", "栏目")]  # 2019–2025 packed: fewer than 1,000 documents
    assert all(len(b.pages) <= 1000 for b in bundles)
    pages = [page for b in bundles for page in b.pages]
    assert sorted(pages) == sorted(one.pages)  # every indexed page in exactly one bundle
    newest = max(site.documents, key=lambda d: (d.published, d.src_uri))
    assert bundles[0].pages[0] == _dest(newest.src_uri) and bundles[0].newest == newest.published.isoformat()
    assert bundles[0].describe() == {"path": "d2026", "kind": "文件", "newest": bundles[0].newest,
                                     "oldest": bundles[0].oldest}


def _docs(counts: dict[str, int]):
    """Fake documents: {"2024-03": 5} → five documents published in March 2024."""
    return [SimpleNamespace(published=datetime.date(int(month[:4]), int(month[5:]), 1 + n % 28), src_uri=f"{month}/{n}.md")
            for month, count in counts.items() for n in range(count)]


def test_document_bundles_are_periods_that_new_documents_do_not_move():
    counts = {"2021-04": 15, "2022-02": 30, "2022-08": 30, "2023-05": 70, "2023-11": 10, "2024-01": 40, "2024-07": 30}
    bundles = search._periods(_docs(counts), 100)
    assert [(name, len(docs)) for name, docs in bundles] == [
        ("d2024q3", 30), ("d2024q1", 40),  # the newest year: periods of at most 100 // 2 documents
        ("d2023", 80),  # a year of at most 100
        ("d2021", 75)]  # older years packed up to 100, oldest first (2021 and 2022)
    assert all(d.published >= e.published for _, docs in bundles for d, e in zip(docs, docs[1:]))  # newest first
    more = search._periods(_docs(counts | {"2024-07": 40}), 100)  # new documents go to the newest year
    assert [name for name, _ in more] == ["d2024q3", "d2024q1", "d2023", "d2021"]
    assert more[2:] == bundles[2:]
    begun = search._periods(_docs(counts | {"2024-04": 40, "2024-07": 5}), 100)  # a quarter just begun joins the one before
    assert [(name, len(docs)) for name, docs in begun][:3] == [("d2024q2", 45), ("d2024q1", 40), ("d2023", 80)]


TEXT = "为巩固拓展脱贫攻坚成果同乡村振兴有效衔接，制定本办法。各乡镇人民政府要加强资金管理，" * 20


def test_a_failed_build_kills_the_running_pagefind_and_leaves_no_scratch_folder(tmp_path):
    site = tmp_path / "site"
    pages = []
    for n in range(500):  # a bundle Pagefind needs seconds for
        page = f"p{n:04d}/index.html"
        (site / page).parent.mkdir(parents=True)
        (site / page).write_text(f"<html lang='zh-CN'><body><main data-pagefind-body><h1>第{n}号文件</h1>"
                                 f"<p>{TEXT}{n}</p></main></body></html>", encoding="utf-8")
        pages.append(page)
    running = indexer.Indexer(str(site), [Bundle("d1", "文件", tuple(pages))])
    for page in pages:
        running.page_rendered(page)
    running.page_rendered("other/index.html")  # the next page: the completed bundle is submitted
    deadline = time.monotonic() + 30
    while not running.processes and time.monotonic() < deadline:
        time.sleep(0.01)
    [process] = list(running.processes)
    assert process.poll() is None, "Pagefind finished before the abort: give it more pages"
    assert (tmp_path / "site.indexing" / "d1").is_dir()  # the bundle's pages linked for Pagefind
    running.abort()
    assert process.returncode == -signal.SIGKILL  # killed, not left to finish
    assert all(future.done() for future in running.futures)
    assert not (tmp_path / "site.indexing").exists()
    assert not (site / "pagefind" / "d1" / "pagefind-entry.json").exists()


def test_a_new_county_without_documents_has_column_bundles_only():
    """make new-county: thousands of empty columns and no document yet (a crash, before)."""
    assert search._periods([], 100) == []
    columns = [f"departments/d{n}/fupin-01/index.md" for n in range(250)]
    bundles = search.plan(SimpleNamespace(documents=[]), 100, dest=_dest, column_pages=columns)
    assert [(b.name, len(b.pages)) for b in bundles] == [("c1", 100), ("c2", 100), ("c3", 50)]
