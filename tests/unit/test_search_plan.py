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


# -- as citizens type: pinyin and traditional characters (issue 25) ------------------------------------------------

def test_pinyin_terms_give_full_pinyin_and_initials_from_every_character():
    terms = search.pinyin_terms("龙泉镇2026年防汛抗旱应急预案").split()
    assert "fangxunkanghan" in terms and "kanghanyingjiyu" in terms  # a query may start at any character
    assert "fxkhyj" in terms and "khyjya" in terms  # initials
    assert any(t.startswith("fangxunkanghan") for t in terms) and any(t.startswith("fxkh") for t in terms)
    assert all(t.isascii() and t.islower() for t in terms)


def test_pinyin_terms_read_polyphonic_characters_in_their_word_and_write_u_umlaut_as_v():
    terms = search.pinyin_terms("重庆银行", "法律援助", "绿色").split()
    assert "chongqingyinhang" in terms and "yinhang" in terms  # not zhongqing, yinxing
    assert "falvyuanzhu" in terms and "flyz" in terms and "lvse" in terms


def test_pinyin_terms_are_short_enough_for_pagefind_and_long_enough_for_a_query():
    terms = search.pinyin_terms("示例县人民政府办公室关于印发示例县突发公共事件总体应急预案的通知").split()
    assert max(len(t) for t in terms) <= search.PINYIN_LETTERS
    # every term that does not end the title is at least as long as what the page looks up
    assert "shilixianrenmin" in terms and len("shilixianrenmin") >= search.PINYIN_QUERY


def test_documents_and_columns_carry_their_pinyin(example_model):
    doc = next(d for d in example_model.documents if "防汛抗旱" in d.title)
    record = search.document_record(doc, None)
    [pinyin] = [value for kind, name, value in record.entries if name == search.META["pinyin"]]
    assert "fangxunkanghan" in pinyin.split() and "fxkhyj" in pinyin.split()
    assert search.contract()["meta"]["pinyin"] == "拼" and search.contract()["pinyin_query"] == search.PINYIN_QUERY


def test_the_traditional_table_comes_from_opencc_and_maps_to_simplified():
    import json

    from govsite.search import t2s

    pairs = t2s.pairs()
    assert pairs["統"] == "统" and pairs["報"] == "报" and pairs["義"] == "义" and pairs["務"] == "务"
    assert "统" not in pairs and all(k != v for k, v in pairs.items())
    text = json.loads(t2s.table())["t2s"]
    chars = list(text)
    assert len(chars) == 2 * len(pairs) and dict(zip(chars[::2], chars[1::2])) == pairs
    assert t2s.PATH == search.T2S


def test_the_pinyin_table_reads_gb2312_usual_reading_first():
    import json

    from govsite.search import readings

    chars = readings.characters()
    assert len(chars) == 6763 and chars[0] == "啊"  # GB 2312 levels 1 and 2
    table = json.loads(readings.table())["py"]
    usual = {c: s for s, text in table.items() for c in text.split("|")[0]}
    assert usual["户"] == usual["护"] == "hu" and usual["棚"] == "peng" and usual["质"] == "zhi"
    assert usual["行"] == "xing" and "行" in table["hang"].split("|")[1]  # polyphonic: after the bar
    assert usual["绿"] == "lv" and usual["女"] == "nv"  # ü as v, as the 拼 field writes it
    assert set(usual) == set(chars)  # every character has one usual reading
    assert readings.PATH == search.READINGS and search.contract()["readings"] == search.READINGS


def test_the_record_names_the_validities_a_result_is_badged_with():
    from govsite.model.documents import Validity

    void = search.contract()["void"]
    assert void == [str(v) for v in Validity if v.void] == ["失效", "废止"]
    assert str(Validity.VALID) not in void  # a document in force carries no badge
