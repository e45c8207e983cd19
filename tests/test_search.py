"""Search indexing: the build writes a Pagefind (extended) bundle with filters; the index fails loudly."""

import json

import pytest
from conftest import build
from mkdocs.exceptions import PluginError

from govsite import search


def test_han_terms_are_distinct_characters_without_markup():
    assert search.han_terms("<p>脱贫攻坚</p>", "攻坚 2025", None) == " ".join(sorted("脱贫攻坚"))


def test_build_writes_an_extended_chinese_index_with_filters(mini):
    result = build(mini)
    assert result.returncode == 0, result.output
    entry = json.loads((result.site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    [language] = entry["languages"]
    assert language == "zh-cn"
    # documents (5) + first pages of columns (8); no nav, home, catalog or search pages
    assert entry["languages"][language]["page_count"] == 13
    filters = {p.name for p in (result.site / "pagefind/filter").iterdir()}
    assert filters
    html = (result.site / "departments/nongye/zhengce/index.html").read_text(encoding="utf-8")
    for marker in ('data-pagefind-filter="乡镇"', 'data-pagefind-filter="年份">2025<',
                   'data-pagefind-meta="索引号"', 'data-pagefind-sort="date">2025-03-10<'):
        assert marker in html or marker.replace('"乡镇"', '"机构"') in html
    assert "Search index: 13 pages" in result.output


def test_too_few_indexed_pages_fail_the_build(tmp_path):
    (tmp_path / "index.html").write_text("<html lang='zh-CN'><body><p>无正文标记</p></body></html>", encoding="utf-8")
    with pytest.raises(PluginError, match="搜索索引只收录了"):
        search.index_site(str(tmp_path), expected_pages=5)


def test_large_sites_are_indexed_in_shards_newest_documents_first(mini):
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  gov:\n", "  gov:\n    search: {shard_pages: 2}\n", 1),
                      encoding="utf-8")
    result = build(mini)
    assert result.returncode == 0, result.output
    bundles = sorted(p.name for p in (result.site / "pagefind").iterdir())
    # 5 documents: the newest year (2025) by month, older years packed up to 2 documents; 8 column descriptions
    assert bundles == ["c1", "c2", "c3", "c4", "d2019", "d2025m03", "d2025m06"]
    counts = {b: json.loads((result.site / "pagefind" / b / "pagefind-entry.json").read_text(encoding="utf-8"))
              ["languages"]["zh-cn"]["page_count"] for b in bundles}
    assert sum(counts.values()) == 13 and counts["d2019"] == 2  # none twice, none left out (2019 + 2024)
    html = (result.site / "search/index.html").read_text(encoding="utf-8")
    described = json.loads(html.split("data-shards='", 1)[1].split("'", 1)[0])
    assert [(d["path"], d["kind"]) for d in described] == [("d2025m06", "文件"), ("d2025m03", "文件"), ("d2019", "文件"),
                                                          ("c1", "栏目"), ("c2", "栏目"), ("c3", "栏目"), ("c4", "栏目")]
    dates = [(d["newest"], d["oldest"]) for d in described[:3]]
    assert all(newest >= oldest for newest, oldest in dates)
    assert dates == [("2025-06-03", "2025-06-03"), ("2025-03-11", "2025-03-10"), ("2024-01-08", "2019-05-08")]
    assert [p.name for p in mini.glob(".site.*")] == [".site.keys.json"]  # no scratch folder left; the keys of this build


def test_a_bad_shard_size_is_named_in_chinese(mini):
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  gov:\n", "  gov:\n    search: {shard_pages: 两千}\n", 1),
                      encoding="utf-8")
    result = build(mini)
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "extra.gov.search.shard_pages 的值“两千”不对：应为正整数" in result.output


def test_small_sites_have_one_bundle(example_model):
    def dest(uri):
        return uri[:-3] + ".html"

    [shard] = search.plan(example_model, shard_pages=5000, dest=dest)
    assert shard.name == "" and len(shard.pages) == len(example_model.documents) + len(example_model.columns)
    shards = search.plan(example_model, shard_pages=1000, dest=dest)
    assert [(s.name, s.kind) for s in shards] == [("d2026", "文件"), ("d2019", "文件"), ("c1", "栏目"), ("c2", "栏目"),
                                                  ("c3", "栏目")]  # 2019–2025 packed: fewer than 1,000 documents
    pages = [page for s in shards for page in s.pages]
    assert sorted(pages) == sorted(shard.pages)  # every indexed page in exactly one shard
    newest = max(example_model.documents, key=lambda d: (d.published, d.src_uri))
    assert shards[0].pages[0] == dest(newest.src_uri) and shards[0].newest == newest.published.isoformat()


def test_a_failed_build_stops_the_indexer_and_leaves_no_scratch_folder(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a/index.html").write_text("<html lang='zh-CN'><body><main data-pagefind-body>脱贫攻坚</main></body></html>",
                                       encoding="utf-8")
    indexer = search.Indexer(str(site), [search.Shard("d1", "文件", ("a/index.html",))])
    indexer.page_rendered("a/index.html")
    indexer.abort()
    assert not indexer.futures or all(f.done() for f in indexer.futures)
    assert not (tmp_path / "site.indexing").exists()


def _docs(counts: dict[str, int]):
    """Fake documents: {"2024-03": 5} → five documents published in March 2024."""
    import datetime
    from types import SimpleNamespace

    return [SimpleNamespace(published=datetime.date(int(month[:4]), int(month[5:]), 1 + n % 28), src_uri=f"{month}/{n}.md")
            for month, count in counts.items() for n in range(count)]


def test_document_bundles_are_periods_that_new_documents_do_not_move():
    counts = {"2021-04": 15, "2022-02": 30, "2022-08": 30, "2023-05": 70, "2023-11": 10, "2024-01": 20, "2024-07": 15}
    bundles = search._periods(_docs(counts), 100)
    assert [(name, len(docs)) for name, docs in bundles] == [
        ("d2024q3", 15), ("d2024q1", 20),  # the newest year: periods of at most 100 // 4 documents
        ("d2023", 80),  # a year of at most 100
        ("d2021", 75)]  # older years packed up to 100, oldest first (2021 and 2022)
    assert all(d.published >= e.published for _, docs in bundles for d, e in zip(docs, docs[1:]))  # newest first
    more = search._periods(_docs(counts | {"2024-07": 20}), 100)  # new documents go to the newest year
    assert [name for name, _ in more] == ["d2024q3", "d2024q1", "d2023", "d2021"]
    assert more[2:] == bundles[2:]
    begun = search._periods(_docs(counts | {"2024-04": 20, "2024-07": 5}), 100)  # a quarter just begun joins the one before
    assert [(name, len(docs)) for name, docs in begun][:3] == [("d2024q2", 25), ("d2024q1", 20), ("d2023", 80)]
