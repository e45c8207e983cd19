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


def test_large_sites_are_indexed_in_shards(mini):
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  gov:\n", "  gov:\n    search: {shard_pages: 1}\n", 1),
                      encoding="utf-8")
    result = build(mini)
    assert result.returncode == 0, result.output
    bundles = sorted(p.name for p in (result.site / "pagefind").iterdir())
    assert bundles == ["s1", "s2", "s3"]  # county, departments/nongye, townships/chengguan
    counts = {b: json.loads((result.site / "pagefind" / b / "pagefind-entry.json").read_text(encoding="utf-8"))
              ["languages"]["zh-cn"]["page_count"] for b in bundles}
    assert sum(counts.values()) == 13 and counts["s3"] == 4  # none twice, none left out; a township with its villages stays whole
    html = (result.site / "search/index.html").read_text(encoding="utf-8")
    assert 'data-shards="s1,s2,s3"' in html


def test_small_sites_have_one_bundle(example_model):
    [shard] = search.plan(example_model)
    assert shard.name == "" and shard.glob == "**/*.html"
    shards = search.plan(example_model, shard_pages=1000)
    assert len(shards) > 1 and shards[0].glob.startswith("{county,departments/")
    globbed = ",".join(s.glob for s in shards)
    for org in example_model.tree.orgs.values():  # every organisation in exactly one shard
        top = (org.parent or org).folder
        assert globbed.count(top + ",") + globbed.count(top + "}") + globbed.count(top + "/**") == 1, top
