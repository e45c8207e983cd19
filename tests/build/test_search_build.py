"""Search indexing in a real build: a Pagefind (extended) index with the record's filters, in one bundle
for a small county or in bundles (extra.gov.search.bundle_pages, or its old name shard_pages)."""

from __future__ import annotations

import gzip
import json

import pytest
from conftest import build

from govsite.views.search import FILTERS, META


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
    for marker in (f'data-pagefind-filter="{FILTERS["org"]}">小县农业农村局<',
                   f'data-pagefind-filter="{FILTERS["year"]}">2025<',
                   f'data-pagefind-meta="{META["index_number"]}">11522799MB10000299/2025-00001<',
                   'data-pagefind-sort="date">2025-03-10<'):
        assert marker in html, marker
    assert f'data-pagefind-filter="{FILTERS["township"]}"' not in html  # a department is in no township
    village = (result.site / "townships/chengguan/dongjie/xiangmu/index.html").read_text(encoding="utf-8")
    assert f'data-pagefind-filter="{FILTERS["township"]}">城关镇人民政府<' in village
    assert f'data-pagefind-filter="{FILTERS["org"]}">东街社区居民委员会<' in village
    assert "Search index: 13 pages" in result.output
    # the footer's 网站标识 image is not every fragment's automatic image (Pagefind's image, image_alt metadata)
    for fragment in (result.site / "pagefind/fragment").iterdir():
        meta = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))["meta"]
        assert meta.get("image", "") == "" and "image_alt" not in meta, (fragment.name, meta)


def _set_search(project, value: str) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  gov:\n", f"  gov:\n    search: {value}\n", 1),
                      encoding="utf-8")


@pytest.mark.parametrize("option", ["bundle_pages", "shard_pages"])  # shard_pages: the old name, still accepted
def test_large_sites_are_indexed_in_bundles_newest_documents_first(mini, option):
    _set_search(mini, f"{{{option}: 2}}")
    result = build(mini)
    assert result.returncode == 0, result.output
    bundles = sorted(p.name for p in (result.site / "pagefind").iterdir())
    # 5 documents: the newest year (2025) by month, older years packed up to 2 documents; 8 column descriptions
    assert bundles == ["c1", "c2", "c3", "c4", "d2019", "d2025m03", "d2025m06"]
    counts = {b: json.loads((result.site / "pagefind" / b / "pagefind-entry.json").read_text(encoding="utf-8"))
              ["languages"]["zh-cn"]["page_count"] for b in bundles}
    assert sum(counts.values()) == 13 and counts["d2019"] == 2  # none twice, none left out (2019 + 2024)
    html = (result.site / "search/index.html").read_text(encoding="utf-8")
    described = json.loads(html.split("data-bundles='", 1)[1].split("'", 1)[0])
    assert [(d["path"], d["kind"]) for d in described] == [("d2025m06", "文件"), ("d2025m03", "文件"), ("d2019", "文件"),
                                                          ("c1", "栏目"), ("c2", "栏目"), ("c3", "栏目"), ("c4", "栏目")]
    dates = [(d["newest"], d["oldest"]) for d in described[:3]]
    assert all(newest >= oldest for newest, oldest in dates)
    assert dates == [("2025-06-03", "2025-06-03"), ("2025-03-11", "2025-03-10"), ("2024-01-08", "2019-05-08")]
    document = (result.site / "departments/nongye/zhengce/index.html").read_text(encoding="utf-8")
    assert f'data-pagefind-filter="{FILTERS["bundle"]}">d2025m03<' in document  # each document names its bundle
    # no scratch folder left; the keys, parsed front matter and documents' memo of this build
    assert sorted(p.name for p in mini.glob(".site.*")) == [".site.front-matter.pickle", ".site.keys.json",
                                                            ".site.views.pickle"]


def test_a_small_site_has_no_bundle_list(mini):
    result = build(mini)
    assert result.returncode == 0, result.output
    html = (result.site / "search/index.html").read_text(encoding="utf-8")
    assert "data-bundles='[]'" in html and "data-shards" not in html
