"""search-core.js (the search page's planning, bundle reading and ranking) in Chromium, against an
in-memory fake Pagefind; and search.js (the page) on a routed page with the same fake behind it.

Nothing is built: the scripts are served from overrides/ with ``page.route``. Every core test runs
twice: with the default record names and with every name renamed, so no name is hard-coded.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "overrides" / "assets" / "javascripts"
ORIGIN = "http://core.test"
PAGE = int(re.search(r"^const PAGE = (\d+);", (SCRIPTS / "search.js").read_text(encoding="utf-8"), re.M)[1])  # results per page

# The data-record contract (the shape the build renders into the search form).
DEFAULT = {
    "filters": {"kind": "类型", "bundle": "批次", "org": "机构", "township": "乡镇", "domain": "领域", "column": "栏目",
                "year": "年份", "topic": "主题分类", "validity": "有效性"},
    "meta": {"title": "title", "published": "发布日期", "index_number": "索引号", "number": "发文字号", "validity": "有效性",
             "org": "机构", "chars": "字", "pinyin": "拼"},
    "sort": "date",
    "kinds": {"document": "文件", "column": "栏目"},
    "t2s": "search/t2s.json",
    "readings": "search/pinyin.json",
    "pinyin_query": 11,
    "pinyin_letters": 16,
    "pinyin_span": 6,
    "weights": {"title": 5, "发文字号": 5},
    "void": ["失效", "废止"],
}
RENAMED = {
    "filters": {key: f"f_{key}" for key in DEFAULT["filters"]},
    "meta": {key: f"m_{key}" for key in DEFAULT["meta"]},
    "sort": "when",
    "kinds": {"document": "doc", "column": "col"},
    "t2s": "search/t2s.json",
    "readings": "search/pinyin.json",
    "pinyin_query": 11,
    "pinyin_letters": 16,
    "pinyin_span": 6,
    "weights": {"m_title": 5, "m_number": 5},
    "void": ["作废"],  # the badge follows the build's values (model.documents.Validity), not the script's
}

# An in-memory Pagefind. Words are separated by spaces in a record's title and content (what jieba
# would index); a query matches a record when each of its space-separated terms is one of its
# words, or a single Han character of its text (the hidden 字 meta field). It knows only the
# bundles merged so far and logs every search.
FAKE = r"""
const HAN = /\p{Script=Han}/u;
export class FakePagefind {
  constructor(records, names, table, readings) {
    Object.assign(this, { records, names, merged: [], searches: [], tables: 0, readingTables: 0 });
    if (table) this.table = async () => { this.tables += 1; return table; };
    if (readings) this.readings = async () => { this.readingTables += 1; return readings; };
    if (readings) this.suggester = () => { this.suggesters = (this.suggesters || 0) + 1; return import("/search-suggest.js"); };
  }
  alone(path) { return this.merged.length === 1 && this.merged[0] === path; } // as search.js's engine: only this bundle
  read(id) { (this.reads ??= new Set()).add(id); } // a fragment downloaded (Pagefind keeps each one it loaded)
  async using(bundles) {
    for (const b of bundles) if (!this.merged.includes(b.path)) this.merged.push(b.path);
  }
  instance(basePath) { // the Pagefind instance API, for search.js
    const bundle = (path) => path.split("/pagefind/")[1].replace(/\/$/, "");
    this.using([{ path: bundle(basePath) }]);
    return {
      options: async () => {}, init: async () => {},
      mergeIndex: async (path) => this.using([{ path: bundle(path) }]),
      search: (query, options) => this.search(query, options), filters: () => this.filters(),
    };
  }
  async filters() { // Pagefind's filters(): {filter: {value: pages}} over the merged bundles
    this.filterReads = (this.filterReads || 0) + 1;
    const out = {};
    for (const r of this.records) {
      if (!this.merged.includes(r.bundle)) continue;
      for (const [k, v] of Object.entries(this.filtersOf(r))) (out[k] ??= {})[v] = (out[k][v] || 0) + 1;
    }
    return out;
  }
  words(r) { return [r.title, r.content, r.number].join(" ").split(/\s+/).filter(Boolean); }
  filtersOf(r) {
    const n = this.names, f = { [n.filters.kind]: n.kinds[r.kind] };
    if (r.kind === "document" && r.bundle) f[n.filters.bundle] = r.bundle;
    if (r.org) f[n.filters.org] = r.org;
    return f;
  }
  async search(query, options = {}) {
    const filters = options.filters || {}, sort = options.sort || null;
    this.searches.push({ query, filters, sort });
    const terms = query ? query.split(/\s+/).filter(Boolean) : [];
    const keys = new Map(); // "term bundle" -> the word a latin term matches in that bundle
    const key = (t, bundle) => {
      // Pagefind's find_word_extensions, one bundle at a time: a term that no word of the bundle begins
      // with matches the bundle's longest word that begins the term instead (jueding for juedingxinxi)
      if (!keys.has(t + " " + bundle)) {
        const latin = this.records.filter((r) => r.bundle === bundle)
          .flatMap((r) => [...this.words(r), ...(r.pinyin || "").split(" ")]).filter((w) => /^[a-z]+$/.test(w));
        keys.set(t + " " + bundle, latin.some((w) => w.startsWith(t)) ? t
          : latin.filter((w) => t.startsWith(w)).sort((a, b) => b.length - a.length)[0] || null);
      }
      return keys.get(t + " " + bundle);
    };
    const scored = [];
    for (const r of this.records) {
      if (!this.merged.includes(r.bundle)) continue;
      const own = this.filtersOf(r);
      if (Object.entries(filters).some(([k, v]) => own[k] !== v)) continue;
      const words = this.words(r), text = words.join("");
      const spelt = (r.pinyin || "").split(" ").filter(Boolean); // the 拼 field: a latin term begins a word of it
      const score = terms.map((t) => words.filter((w) => w === t).length || (t.length === 1 && HAN.test(t) && text.includes(t) ? 1 : 0)
        || (/^[a-z]+$/.test(t) && spelt.some((p) => (key(t, r.bundle) === t ? p.startsWith(t) : p === key(t, r.bundle))) ? 1 : 0));
      if (score.some((s) => !s)) continue;
      scored.push({ r, score: score.reduce((a, b) => a + b, 0) });
    }
    if (sort) {
      const [[key, direction]] = Object.entries(sort);
      if (key !== this.names.sort) throw new Error("unknown sort key " + key);
      const sign = direction === "asc" ? 1 : -1;
      scored.sort((a, b) => sign * a.r.date.localeCompare(b.r.date));
    } else scored.sort((a, b) => b.score - a.score);
    const m = this.names.meta;
    return { results: scored.map(({ r, score }) => ({ id: r.id, score, data: async () => (this.read(r.id), {
      url: `/${r.id}/`, content: this.words(r).join(""), excerpt: `<mark>${r.id}</mark>`,
      meta: { [m.title]: r.title.replace(/\s+/g, ""), [m.org]: r.org, [m.validity]: r.validity || "有效",
              [m.chars]: [...new Set(this.words(r).join(""))].filter((c) => HAN.test(c)).join(""),
              ...(r.kind === "document" ? { [m.published]: r.date } : {}), ...(r.number ? { [m.number]: r.number } : {}),
              ...(r.pinyin ? { [m.pinyin]: r.pinyin } : {}) },
    }) })) };
  }
}
"""

DRIVE = """async (arg) => {
  const core = await import("/search-core.js");
  const { FakePagefind } = await import("/fake.js");
  const fake = new FakePagefind(arg.records, arg.names || core.RECORD, arg.table, arg.readings);
  const search = new core.Search({ engine: fake, bundles: arg.bundles, query: arg.query, filters: arg.filters,
                                   order: arg.order, ...(arg.names ? { record: arg.names } : {}) });
  const out = [];
  for (const [n, wanted] of arg.fills.entries()) {
    await search.fill(wanted);
    if (arg.count && !n) await search.count(); // as search.js does after the first fill
    out.push({ ids: search.results.map((r) => r.id), merged: [...fake.merged], searches: fake.searches.slice(),
               status: core.statusText(search), complete: search.complete, tables: fake.tables,
               suggestion: search.suggestion, readingTables: fake.readingTables, total: search.total,
               suggesters: fake.suggesters || 0,
               reads: [...(fake.reads || [])] });
  }
  return out;
}"""


def handler(files: dict[str, tuple[str, str]], headers: dict[str, str] | None = None):
    def handle(route):
        path = urlparse(route.request.url).path
        if path not in files:
            return route.fulfill(status=404, body="not found")
        body, kind = files[path]
        route.fulfill(status=200, body=body, content_type=kind, headers=headers or {})
    return handle


@pytest.fixture
def core(page):
    files = {"/": ("<!doctype html><title>core</title>", "text/html; charset=utf-8"),
             "/search-core.js": ((SCRIPTS / "search-core.js").read_text(encoding="utf-8"), "text/javascript"),
             "/search-suggest.js": ((SCRIPTS / "search-suggest.js").read_text(encoding="utf-8"), "text/javascript"),
             "/fake.js": (FAKE, "text/javascript")}
    page.route(ORIGIN + "/**", handler(files))
    page.goto(ORIGIN + "/")
    return page


@pytest.fixture(params=["default", "renamed"])
def names(request):
    return DEFAULT if request.param == "default" else RENAMED


# -- the data: documents in three bundles (newest first), column descriptions in two ---------------------------

EDU, OFFICE = "县教育局", "县政府办公室"


def doc(id, bundle, day, title="工作 的 通知 notice", content="本 机关 发布 notice", **more):
    return {"id": id, "bundle": bundle, "kind": "document", "date": day, "title": title, "content": content,
            "number": "", "org": OFFICE, **more}


def column(id, bundle, title="通知 公告 notice", content="本 栏目 发布 各类 notice notice notice notice", org=OFFICE):
    # newer than every document and a better match than any: still after the documents
    return {"id": id, "bundle": bundle, "kind": "column", "date": "2026-12-31", "title": title, "content": content,
            "number": "", "org": org}


def county() -> list[dict]:
    """46 documents: d2026 24, d2025 12, d2019 10 (stored out of date order); every other one is 县教育局's
    (12, 6, 5); 4 of d2019 say "notice" three times. Columns: c1 3, c2 2. Queries on it are not Chinese
    (no literal re-ranking: Pagefind's order stands); the Chinese ones have their own records below."""
    records = []
    for bundle, start, step, n, mix in (("d2026", date(2026, 1, 5), 7, 24, 7), ("d2025", date(2025, 1, 10), 30, 12, 5),
                                        ("d2019", date(2019, 3, 1), 200, 10, 3)):
        for i in ((k * mix) % n for k in range(n)):
            day = (start + timedelta(days=step * i)).isoformat()
            extra = " notice notice" if bundle == "d2019" and i % 3 == 0 else ""
            records.append(doc(f"{bundle}-{i:02}", bundle, day, content="本 机关 发布 notice" + extra,
                               org=EDU if i % 2 == 0 else OFFICE))
    records += [column(f"c1-{i}", "c1", org=EDU if i % 2 == 0 else OFFICE) for i in range(3)]
    records += [column(f"c2-{i}", "c2", org=EDU if i % 2 == 0 else OFFICE) for i in range(2)]
    return records


def bundles_of(records: list[dict], names: dict) -> list[dict]:
    out = []
    for path in dict.fromkeys(r["bundle"] for r in records):
        days = [r["date"] for r in records if r["bundle"] == path]
        if path.startswith("c"):
            out.append({"path": path, "kind": names["kinds"]["column"], "newest": "", "oldest": ""})
        else:
            out.append({"path": path, "kind": names["kinds"]["document"], "newest": max(days), "oldest": min(days)})
    return out


def ids(records, *, bundles=None, kind="document", org=None, newest=True):
    chosen = [r for r in records if r["kind"] == kind and (bundles is None or r["bundle"] in bundles)
              and (org is None or r["org"] == org)]
    return [r["id"] for r in sorted(chosen, key=lambda r: r["date"], reverse=newest)]


def drive(page, names, records, fills, *, bundles=None, query=None, filters=None, order="date-desc", table=None,
          readings=None, count=False):
    arg = {"names": None if names is DEFAULT else names, "records": records,
           "bundles": bundles_of(records, names) if bundles is None else bundles,
           "query": query, "filters": filters or {}, "order": order, "fills": fills, "table": table,
           "readings": readings, "count": count}
    return page.evaluate(DRIVE, arg)


def filters(names, **values):
    return {names["filters"][key]: names["kinds"].get(value, value) if key == "kind" else value
            for key, value in values.items()}


# -- planning and reading bundles ----------------------------------------------------------------------------------

def test_date_desc_reads_only_the_newest_bundle_when_it_fills_the_page(core, names):
    records = county()
    [first] = drive(core, names, records, [20], query="notice")
    assert first["merged"] == ["d2026"]
    assert first["ids"] == ids(records, bundles={"d2026"})  # all 24, newest first
    # one document bundle alone in the instance: no filter (each would cost its filter file)
    assert first["searches"] == [{"query": "notice", "filters": {}, "sort": {names["sort"]: "desc"}}]
    assert first["status"] == "找到 24 条结果（已搜索2026年1月5日以来发布的文件，“显示更多结果”继续向前搜索）"


def test_the_count_covers_every_bundle_without_reading_a_result(core, names):
    records = county()
    first, second = drive(core, names, records, [10, 20], filters=filters(names, org=EDU), count=True)
    assert first["ids"] == ids(records, bundles={"d2026"}, org=EDU)  # the page shows the newest bundle, as before
    # two bundles counted beyond the one read (COUNT_BUNDLES): the column bundles are left, so "at least"
    assert first["total"] == 12 + 6 + 5 and first["merged"] == ["d2026", "d2025", "d2019"]
    assert len(first["searches"]) == 1  # a filter is counted from the filter files, not by a search without words
    assert first["status"] == "找到 23 条以上结果，已列出2026年1月5日以来发布的 12 条（“显示更多结果”继续向前搜索）"
    assert second["status"] == "找到 23 条文件（“显示更多结果”继续搜索栏目说明）"
    [whole] = drive(core, names, [r for r in records if r["kind"] == "document"], [10], filters=filters(names, org=EDU),
                    count=True)
    assert whole["total"] == 12 + 6 + 5 and whole["status"].startswith("找到 23 条结果，已列出")  # all counted: exact
    [oldest] = drive(core, names, records, [5], filters=filters(names, org=EDU), order="date-asc", count=True)
    assert oldest["status"] == "找到 23 条以上结果，已列出2024年2月3日以前发布的 5 条（“显示更多结果”继续向后搜索）"
    [two] = drive(core, names, records, [10], filters=filters(names, org=EDU, kind="document"), count=True)
    assert two["total"] is None and two["merged"] == ["d2026"]  # two filters: not counted, nothing more read
    assert two["status"] == "找到 12 条结果（已搜索2026年1月5日以来发布的文件，“显示更多结果”继续向前搜索）"
    [chinese] = drive(core, names, [doc("a", "d2026", "2026-03-01", title="低保 标准"),
                                    doc("b", "d2019", "2020-03-01", title="低保 名单"),
                                    doc("c", "d2019", "2020-02-01", title="养老 名单")], [1], query="低保", count=True)
    assert chinese["ids"] == ["a"] and chinese["total"] == 2  # d2019: its word search counts b, not c
    assert chinese["searches"][-1] == {"query": "低保", "filters": filters(names, kind="document", bundle="d2019"),
                                       "sort": None}  # the ids only: no result's data is read


def test_the_count_stops_at_its_limit(core, names):
    many = [doc(f"n{i:03}", "d2026" if i < 30 else "d2025" if i < 110 else "d2019",
                (date(2026, 12, 1) - timedelta(days=i)).isoformat()) for i in range(130)]
    [result] = drive(core, names, many, [10], query="通知", count=True)
    assert result["total"] == 110 and result["merged"] == ["d2026", "d2025"]  # 30 + 80: d2019 not read
    assert result["status"] == "找到 100 条以上文件，已列出2026年11月2日以来发布的 30 条（“显示更多结果”继续向前搜索）"
    spread = [doc(f"s{i:03}", f"d{2026 - i // 20}", (date(2026, 12, 1) - timedelta(days=i)).isoformat()) for i in range(100)]
    [bounded] = drive(core, names, spread, [10], query="通知", count=True)  # 5 bundles of 20: 1 read, 2 counted
    assert bounded["total"] == 60 and bounded["merged"] == ["d2026", "d2025", "d2024"]
    assert bounded["status"].startswith("找到 60 条以上文件，已列出")
    columns = many + [column(f"c{i}", "c1", title="工作 通知") for i in range(3)]
    [few] = drive(core, names, columns[:40] + columns[-3:], [10], query="通知", count=True)
    assert few["total"] == 40 and "c1" not in few["merged"]  # the column descriptions are not counted
    assert few["status"] == "找到 40 条文件，已列出2026年11月2日以来发布的 30 条（“显示更多结果”继续向前搜索）"


def test_a_pinyin_query_is_not_counted(core, names):
    [result] = drive(core, names, typed_county(), [1], query="fxkh", count=True)
    assert result["total"] is None and "已搜索" in result["status"]


def test_filling_the_first_page_reads_back_bundle_by_bundle_in_date_order(core, names):
    records = county()
    [first] = drive(core, names, records, [20], filters=filters(names, org=EDU))
    assert first["merged"] == ["d2026", "d2025", "d2019"]  # 12 + 6 < 20, + 5: the columns are not read
    assert [s["filters"].get(names["filters"]["bundle"]) for s in first["searches"]] == [None, "d2025", "d2019"]  # d2026 alone
    assert first["ids"] == ids(records, org=EDU)  # 23, in exact date order across the bundles
    assert len(first["ids"]) == 23
    assert first["status"] == "找到 23 条文件（“显示更多结果”继续搜索栏目说明）"


def test_show_more_continues_where_it_stopped(core, names):
    records = county()
    first, second, third = drive(core, names, records, [20, 44, 64], query="notice")
    assert first["ids"] == ids(records, bundles={"d2026"}) and first["merged"] == ["d2026"]
    assert second["merged"] == ["d2026", "d2025", "d2019"]
    assert second["ids"] == ids(records)  # the 24 shown, then d2025 and d2019 in date order: 46
    assert len(second["searches"]) == 3  # each bundle searched once
    assert second["status"] == "找到 46 条文件（“显示更多结果”继续搜索栏目说明）"
    assert third["merged"] == ["d2026", "d2025", "d2019", "c1", "c2"]
    assert third["ids"] == ids(records) + ids(records, kind="column")
    assert third["searches"][3:] == [{"query": "notice", "filters": filters(names, kind="column"),
                                      "sort": {names["sort"]: "desc"}}]  # the column bundles together
    assert third["complete"] and third["status"] == "找到 51 条结果"


def test_show_more_after_a_first_page_that_stopped_mid_way(core, names):
    records = county()
    first, second = drive(core, names, records, [5, 30], query="notice")
    assert first["merged"] == ["d2026"] and len(first["ids"]) == 24
    assert second["merged"] == ["d2026", "d2025"]  # 24 + 12 >= 30
    assert second["ids"] == ids(records, bundles={"d2026", "d2025"})
    assert second["status"] == "找到 36 条结果（已搜索2025年1月10日以来发布的文件，“显示更多结果”继续向前搜索）"


def test_column_descriptions_come_after_all_documents(core, names):
    records = county()
    for order in ("date-desc", "relevance"):
        [result] = drive(core, names, records, [1000], query="notice", order=order)
        columns = set(ids(records, kind="column"))
        assert len(result["ids"]) == 51 and set(result["ids"][-5:]) == columns, order
        assert result["complete"]


def test_relevance_reads_every_document_bundle_at_once(core, names):
    records = county()
    first, second = drive(core, names, records, [20, 100], query="notice", order="relevance")
    assert first["merged"] == ["d2026", "d2025", "d2019"]
    assert first["searches"] == [{"query": "notice", "filters": filters(names, kind="document"), "sort": None}]
    boosted = [r["id"] for r in records if r["kind"] == "document" and "notice notice" in r["content"]]
    plain = [r["id"] for r in records if r["kind"] == "document" and "notice notice" not in r["content"]]
    assert first["ids"] == boosted + plain  # Pagefind's ranking, not date order (4 d2019 documents first)
    assert first["status"] == "找到 46 条文件（“显示更多结果”继续搜索栏目说明）"
    assert second["merged"][3:] == ["c1", "c2"]
    assert second["ids"] == boosted + plain + [r["id"] for r in records if r["kind"] == "column"]


def test_date_asc_reads_oldest_first(core, names):
    records = county()
    [first] = drive(core, names, records, [20], query="notice", order="date-asc")
    assert first["merged"] == ["d2019", "d2025"]  # 10 + 12 >= 20
    assert first["ids"] == ids(records, bundles={"d2019", "d2025"}, newest=False)
    assert {s["sort"][names["sort"]] for s in first["searches"]} == {"asc"}
    assert first["status"] == "找到 22 条结果（已搜索2025年12月6日以前发布的文件，“显示更多结果”继续向后搜索）"


@pytest.mark.parametrize("declared", [[], [{"path": "", "kind": "", "newest": "", "oldest": ""}]], ids=["none", "whole"])
def test_a_single_bundle_site(core, names, declared):
    records = [dict(r, bundle="") for r in county()]
    [result] = drive(core, names, records, [20], bundles=declared, query="notice")
    assert result["merged"] == [""]
    assert [s["filters"] for s in result["searches"]] == [filters(names, kind="document"), filters(names, kind="column")]
    assert result["ids"] == ids(records) + ids(records, kind="column")
    assert result["complete"] and result["status"] == "找到 51 条结果"


def test_filters_pass_through_with_the_bundle_filter_per_bundle(core, names):
    records = county()
    [result] = drive(core, names, records, [1000], filters=filters(names, org=EDU))
    # a document bundle needs no kind filter; the first, alone in the instance, no bundle filter either
    assert [s["filters"] for s in result["searches"]] == [
        filters(names, org=EDU), filters(names, org=EDU, bundle="d2025"),
        filters(names, org=EDU, bundle="d2019"), filters(names, org=EDU, kind="column")]
    assert all(s["query"] is None for s in result["searches"])
    assert result["ids"] == ids(records, org=EDU) + ids(records, kind="column", org=EDU)


@pytest.mark.parametrize("kind,merged", [("document", ["d2026", "d2025", "d2019"]), ("column", ["c1", "c2"])])
def test_a_kind_filter_reads_only_that_kinds_bundles(core, names, kind, merged):
    records = county()
    [result] = drive(core, names, records, [1000], query="notice", filters=filters(names, kind=kind))
    assert result["merged"] == merged
    assert result["ids"] == ids(records, kind=kind)
    assert result["complete"]


def test_nothing_found_reads_everything_and_says_so(core, names):
    [result] = drive(core, names, county(), [20], query="nothing")
    assert result["ids"] == [] and result["complete"] and len(result["merged"]) == 5
    assert result["status"] == "没有找到结果，请换个关键词或减少筛选条件。"


# -- literal re-ranking of Chinese queries -------------------------------------------------------------------------

def test_chinese_literal_match_kept_title_match_first_character_match_dropped(core, names):
    records = [
        doc("a", "d2026", "2026-03-01", title="养老 服务 通知", content="调整 低保 标准"),
        doc("b", "d2026", "2026-02-01", title="低保 标准 公示", content="名单 如下"),  # title: first
        doc("c", "d2026", "2026-04-01", title="救助 通知", content="低 收入 家庭 保 障"),  # only 低 and 保: dropped
        doc("d", "d2026", "2026-01-10", title="名单 公示", content="低保户 名单"),  # 低保户 is one word: found by 字
        doc("e", "d2026", "2026-05-01", title="工作 通知", content="无关 内容"),
        doc("f", "d2025", "2025-05-01", title="城乡 提标", content="低保 提标"),
        column("k", "c1", title="社会 救助", content="低保 救助 栏目"),
    ]
    [result] = drive(core, names, records, [20], query="低保")
    assert result["ids"] == ["b", "a", "d", "f", "k"]
    [oldest] = drive(core, names, records, [20], query="低保", order="date-asc")
    assert oldest["ids"] == ["f", "b", "d", "a", "k"]  # d2025 first; in d2026 the title match, then by date
    [relevance] = drive(core, names, records, [20], query="低保", order="relevance")
    assert relevance["ids"] == ["a", "b", "f", "d", "k"]  # no pinning, nothing by date; c still dropped


def test_a_document_number_comes_first_even_when_older(core, names):
    number = "黔府办发〔2020〕8号"
    records = [
        doc("g", "d2019", "2020-03-01", title="关于 印发 政务 公开 规范 的 通知", content="各 单位", number=number),
        doc("h", "d2019", "2023-01-01", content=f"根据 {number} 要求"),
        doc("i", "d2019", "2024-01-01", content=f"按照 {number} 执行"),
        doc("j", "d2019", "2024-06-01", content="黔 府 办 发 2020 8 号"),  # the characters, not the number
    ]
    [result] = drive(core, names, records, [20], query=number)
    assert result["ids"] == ["g", "i", "h"]


def test_a_chinese_query_reads_back_until_a_literal_match(core, names):
    records = [
        doc("x", "d2026", "2026-02-01", content="公共 服务 租赁 合同"),  # both words, not the phrase: kept, after
        doc("y", "d2019", "2020-02-01", content="公共租赁 住房 管理"),  # the phrase inside a longer word
        column("k", "c1", title="住房 保障", content="公共 租赁 住房"),
    ]
    [result] = drive(core, names, records, [1], query="公共租赁")  # one word here: x does not have it
    assert result["merged"] == ["d2026", "d2019"]  # not the columns: a literal match is there
    assert result["ids"] == ["y"]
    assert result["status"] == "找到 1 条文件（“显示更多结果”继续搜索栏目说明）"
    [apart] = drive(core, names, records, [1], query="公共 租赁")  # words apart: each is looked for
    assert apart["merged"] == ["d2026"] and apart["ids"] == ["x"]


def test_words_apart_find_a_title_that_has_both(core, names):
    records = [
        doc("w", "d2026", "2026-03-01", title="村务 监督委员会 工作 职责", content="名单"),  # 督委 inside a word
        doc("v", "d2026", "2026-04-01", title="监督 通知", content="工作 安排"),  # 工作, but no 督委
    ]
    for order in ("date-desc", "relevance"):
        [result] = drive(core, names, records, [10], query="督委 工作", order=order)
        assert result["ids"][:1] == ["w"], (order, result["ids"])


# -- the contract --------------------------------------------------------------------------------------------------

def test_default_record_names_and_partial_contracts(core):
    got = core.evaluate("""async () => {
        const core = await import("/search-core.js");
        return [core.RECORD, core.contract(null), core.contract({ sort: "when", kinds: { column: "col" } })];
    }""")
    assert got[0] == DEFAULT and got[1] == DEFAULT
    assert got[2] == {**DEFAULT, "sort": "when", "kinds": {"document": "文件", "column": "col"}}


def test_the_scripts_defaults_are_the_builds_record(core):
    from govsite.views import search

    defaults = core.evaluate("async () => (await import('/search-core.js')).RECORD")
    assert defaults == json.loads(json.dumps(search.contract(), ensure_ascii=False))  # no data-record: the same names
    assert DEFAULT == defaults


def test_plan_orders_bundles(core):
    bundles = [{"path": p, "kind": k} for p, k in (("d3", "文件"), ("d2", "文件"), ("d1", "文件"), ("c1", "栏目"))]
    got = core.evaluate("""async (bundles) => {
        const core = await import("/search-core.js");
        const paths = (steps) => steps.map((s) => [s.bundles.map((b) => b.path), s.kinds]);
        return ["date-desc", "date-asc", "relevance"].map((order) => paths(core.plan(bundles, { order })))
          .concat([paths(core.plan(bundles, { kinds: ["栏目"] })), paths(core.plan([], {}))]);
    }""", bundles)
    assert got == [
        [[["d3"], ["文件"]], [["d2"], ["文件"]], [["d1"], ["文件"]], [["c1"], ["栏目"]]],
        [[["d1"], ["文件"]], [["d2"], ["文件"]], [["d3"], ["文件"]], [["c1"], ["栏目"]]],
        [[["d3", "d2", "d1"], ["文件"]], [["c1"], ["栏目"]]],
        [[["c1"], ["栏目"]]],
        [[[""], ["文件", "栏目"]]],
    ]


def test_the_core_touches_no_page():
    source = (SCRIPTS / "search-core.js").read_text(encoding="utf-8")
    code = "\n".join(line.split("//")[0] for line in source.splitlines())
    for word in ("document.", "window", "location", "eval(", "Function(", "import("):
        assert word not in code, word


# -- search.js: the page on the same fake ---------------------------------------------------------------------------

SITE = "http://site.test"
CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'"


def search_page(names: dict, records: list[dict], *, attribute: str, record: bool) -> str:
    bundles = json.dumps(bundles_of(records, names), ensure_ascii=False)
    contract = f" data-record='{json.dumps(names, ensure_ascii=False)}'" if record else ""
    options = "".join(f"<option>{o}</option>" for o in (EDU, OFFICE))
    org = names["filters"]["org"]
    return f"""<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>搜索</title>
<form id="gov-search-page" method="get" action="./" data-base="/" {attribute}='{bundles}'{contract}>
  <input id="search-q" type="search" name="q"><button type="submit">搜索</button>
  <select name="{org}" data-filter="{org}"><option value="">全部</option>{options}</select>
  <select id="search-sort" name="排序"><option value="date-desc">新→旧</option><option value="date-asc">旧→新</option>
    <option value="relevance">相关度</option></select>
</form>
<p id="search-status" role="status" aria-live="polite"></p><ol id="search-results"></ol>
<p><button id="search-more" type="button" hidden>显示更多结果</button></p>
<script type="module" src="/assets/javascripts/search.js"></script>"""


@pytest.fixture
def site(page):
    def open_(names, records, query, *, attribute="data-bundles", record=True):
        module = (f"import {{ FakePagefind }} from '/fake.js';\n"
                  f"export const fake = globalThis.fake = new FakePagefind({json.dumps(records, ensure_ascii=False)}, "
                  f"{json.dumps(names, ensure_ascii=False)});\n"
                  "export const createInstance = ({ basePath }) => fake.instance(basePath);\n")
        files = {"/search/": (search_page(names, records, attribute=attribute, record=record), "text/html; charset=utf-8"),
                 "/assets/javascripts/search.js": ((SCRIPTS / "search.js").read_text(encoding="utf-8"), "text/javascript"),
                 "/assets/javascripts/search-core.js": ((SCRIPTS / "search-core.js").read_text(encoding="utf-8"),
                                                        "text/javascript"),
                 "/fake.js": (FAKE, "text/javascript")}
        files.update({f"/pagefind/{b['path']}/pagefind.js": (module, "text/javascript") for b in bundles_of(records, names)})
        page.route(SITE + "/**", handler(files, {"Content-Security-Policy": CSP}))
        page.goto(f"{SITE}/search/?{query}")
        page.wait_for_function("() => /找到|没有找到/.test(document.getElementById('search-status').textContent)")
        return page
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield open_
    assert errors == []  # no CSP violation, no script error


def listed(page) -> list[str]:
    return page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.getAttribute('href').slice(1, -1))")


def test_the_page_reads_the_record_contract_and_shows_more(site):
    records = county()
    edu = [r for r in records if r["org"] == EDU and r["kind"] == "document"]
    edu[0]["validity"] = "作废"  # void in RENAMED's contract
    edu[1]["validity"] = "失效"  # void by default, not in this contract: no badge
    page = site(RENAMED, records, "f_org=" + EDU)
    assert page.locator("select[name=f_org]").input_value() == EDU
    expected = ids(records, org=EDU)
    assert listed(page) == expected[:PAGE]
    newest_bundle = len(ids(records, org=EDU, bundles={"d2026"}))
    assert newest_bundle >= PAGE  # the newest bundle has a page of results; the others are only counted
    # the first query reads what the page shows, and says how far it searched; counting is on request
    assert page.evaluate("fake.merged") == ["d2026"] and not page.evaluate("fake.filterReads")
    assert page.locator("#search-status").inner_text() == f"找到 {newest_bundle} 条结果（已搜索2026年1月5日以来发布的文件，“显示更多结果”继续向前搜索）"
    page.click("#search-count")
    page.wait_for_function("() => document.getElementById('search-count').hidden")
    assert page.evaluate("fake.merged") == ["d2026", "d2025", "d2019"]  # two more counted (COUNT_BUNDLES)
    assert page.evaluate("fake.searches.length") == 1 and page.evaluate("fake.filterReads") == 1
    assert page.locator("#search-status").inner_text() == f"找到 23 条以上结果，已列出2026年1月5日以来发布的 {newest_bundle} 条（“显示更多结果”继续向前搜索）"
    assert page.evaluate("document.activeElement.id") == "search-status"
    first = page.locator("#search-results li").first
    newest = next(r for r in records if r["id"] == expected[0])
    assert first.locator("time").get_attribute("datetime") == newest["date"]
    assert f"机构 {EDU}" in first.inner_text()
    page.click("#search-more")
    page.wait_for_function(f"() => document.querySelectorAll('#search-results li').length >= {2 * PAGE}")
    assert listed(page) == expected[:2 * PAGE]
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"/{expected[PAGE]}/"
    assert page.locator("#search-status").inner_text() == "找到 23 条文件（“显示更多结果”继续搜索栏目说明）"
    page.click("#search-more")
    page.wait_for_function("() => document.getElementById('search-more').hidden")
    assert listed(page) == expected + ids(records, kind="column", org=EDU)
    assert page.locator("#search-status").inner_text() == "找到 26 条结果"
    badges = page.eval_on_selector_all("#search-results li:has(.gov-badge) a", "els => els.map(e => e.getAttribute('href'))")
    assert badges == [f"/{edu[0]['id']}/"]
    assert page.locator("#search-results li", has=page.locator(f"a[href='/{edu[0]['id']}/']")).locator(".gov-badge").inner_text() == "作废"
    assert page.evaluate("fake.merged") == ["d2026", "d2025", "d2019", "c1", "c2"]


def test_the_count_is_offered_only_when_it_would_say_more(site):
    records = county()
    page = site(DEFAULT, records, "机构=" + EDU)
    assert page.locator("#search-count").is_visible() and page.evaluate("fake.merged") == ["d2026"]
    assert page.locator("#search-count").inner_text() == "统计全部结果"
    page.click("#search-more")  # the rest of the documents, then the columns: the list itself says how many
    page.click("#search-more")
    page.wait_for_function("() => document.getElementById('search-more').hidden")
    assert page.locator("#search-status").inner_text().startswith("找到 ") and not page.locator("#search-count").is_visible()
    page = site(DEFAULT, typed_county(), "q=fxkh")  # pinyin: not countable without a fragment per page
    assert not page.locator("#search-count").is_visible()


@pytest.mark.parametrize("attribute", ["data-bundles", "data-shards"])
def test_the_page_without_data_record_uses_the_default_names(site, attribute):
    records = county()
    page = site(DEFAULT, records, "q=notice", attribute=attribute, record=False)
    assert listed(page) == ids(records, bundles={"d2026"})[:PAGE]
    assert page.evaluate("fake.merged") == ["d2026"]
    assert page.evaluate("fake.searches[0].filters") == {}  # the newest bundle alone: nothing to filter
    assert "继续向前搜索" in page.locator("#search-status").inner_text()
    page.select_option("#search-sort", "date-asc")
    page.wait_for_function("() => /排序=date-asc/.test(decodeURIComponent(location.search)) && /找到/.test(document.getElementById('search-status').textContent)")
    assert listed(page) == ids(records, bundles={"d2019", "d2025"}, newest=False)[:PAGE]


# -- as citizens type (issue 25): pinyin, mixed, traditional; the per-character search only when needed ------------

def typed_county() -> list[dict]:
    return [
        doc("flood", "d2026", "2026-04-24", title="龙泉镇 防汛 抗旱 应急 预案", content="防汛 工作",
            pinyin="fangxunkanghan xunkanghanying kanghanyingjiyu fxkhyj khyjya longquanzhen lqzfxk"),
        doc("fire", "d2026", "2026-03-01", title="防汛 物资 清单", content="防汛 物资",
            pinyin="fangxunwuzi wuziqingdan fxwzqd wzqd"),
        doc("law", "d2025", "2025-05-01", title="法律 援助 指南", content="申请 条件",
            pinyin="falvyuanzhuzhinan lvyuanzhuzhinan flyzzn lyzzn"),
        doc("stats", "d2019", "2019-04-20", title="统计公报", content="统计公报 全县 经济"),
        column("k", "c1", title="应急 管理", content="防汛 栏目"),
    ]


@pytest.mark.parametrize("query,found", [("fangxun kanghan", "flood"), ("fangxunkanghan", "flood"), ("FXKH", "flood"),
                                         ("kanghanying", "flood"), ("falü yuanzhu", "law"), ("falv yuanzhu", "law"),
                                         ("flyz", "law"), ("防汛kh", "flood"), ("防汛 kh", "flood")])
def test_pinyin_initials_and_mixed_queries_find_their_document(core, names, query, found):
    for order in ("date-desc", "relevance"):
        [result] = drive(core, names, typed_county(), [20], query=query, order=order)
        assert result["ids"][:1] == [found], (order, result["ids"])
        assert "fire" not in result["ids"]  # 防汛 without kh, or another pinyin: not a match


@pytest.mark.parametrize("query", ["防汛kh", "防汛 kh", "防汛kanghan", "防汛khyj"])
def test_a_mixed_query_spells_its_chinese_part_before_the_latin_one(core, names, query):
    # 防汛 in the text and a 拼 term beginning kh, but not after 防汛: not what 防汛kh asks for
    drill = doc("drill", "d2026", "2026-05-01", title="防汛 演练 与 抗洪 总结", content="防汛 演练",
                pinyin="fangxunyanlian yanlianyukang kanghongzongjie fxylyk khzj")
    readings = {"py": {"fang": "防|", "xun": "汛|"}}
    for order in ("date-desc", "relevance"):
        [result] = drive(core, names, [drill, *typed_county()], [20], query=query, order=order, readings=readings)
        assert result["ids"][:1] == ["flood"] and "drill" not in result["ids"], (order, result["ids"])
        assert result["readingTables"] == 1


def test_a_traditional_query_is_searched_in_simplified_characters(core, names):
    table = {"t2s": "統统計计報报"}
    [result] = drive(core, names, typed_county(), [20], query="統計公報", table=table)
    assert result["ids"] == ["stats"] and result["tables"] == 1
    assert result["status"].startswith("已按简体“统计公报”搜索。找到 1 条")
    [plain] = drive(core, names, typed_county(), [1], query="防汛", table=table)
    assert plain["tables"] == 0 and plain["ids"][0] in ("flood", "fire")  # found as typed: the table is not read


def test_the_per_character_search_runs_only_when_the_words_do_not_fill_a_page(core, names):
    full = [doc(f"n{i:02}", "d2026", f"2026-01-{i + 1:02}", title="低保 标准 调整", content="低保") for i in range(12)]
    [result] = drive(core, names, full, [10], query="低保")
    assert len(result["ids"]) == 12 and all(s["query"] == "低保" for s in result["searches"])  # one bundle read
    few = full[:3] + [doc("w", "d2026", "2026-02-01", content="低保户 名单")]
    [result] = drive(core, names, few, [10], query="低保")
    assert "w" in result["ids"] and any(s["query"] == "低 保" for s in result["searches"])  # 低保户: found by 字


def test_the_first_page_reads_the_fragments_it_shows_and_the_best_few_for_the_title(core, names):
    # Pagefind ranks the 2 with the query in their title first, then 3 older ones that repeat it; 20 newer say it once
    older = [doc(f"old{i}", "d2026", f"2026-01-0{i + 1}", content="低保 低保 低保 名单") for i in range(3)]
    titled = [doc(f"t{i}", "d2026", f"2026-02-0{i + 1}", title="低保 标准", content="低保 低保 低保") for i in range(2)]
    newer = [doc(f"n{i:02}", "d2026", f"2026-03-{i + 1:02}", content="低保 名单") for i in range(20)]
    [result] = drive(core, names, older + titled + newer, [PAGE], query="低保")
    shown = result["ids"][:PAGE]
    assert shown == ["t0", "t1"] + [f"n{i:02}" for i in range(19, 19 - (PAGE - 2), -1)]  # titles first, then newest
    top = {"old0", "old1", "old2", "t0", "t1"}  # Pagefind's best five, checked for the title
    assert set(result["reads"]) <= set(shown) | top, sorted(set(result["reads"]) - set(shown) - top)
    assert all(s["query"] == "低保" for s in result["searches"])  # the words filled the page: no 字 search


# -- 您是不是要找 (issue 25): a homophone or near-homophone slip ---------------------------------------------------

READINGS = {"py": {"peng": "棚朋", "hu": "户护|核", "qu": "区曲", "gai": "改该", "zao": "造早", "sheng": "生声",
                   "tai": "态太", "huan": "环换", "jing": "境静", "zhi": "质", "zi": "资", "liang": "量|良",
                   "cheng": "城成", "nan": "南", "lan": "蓝", "pian": "片", "jue": "决", "ding": "定", "xin": "信薪新",
                   "xi": "息"}}


def slips_county() -> list[dict]:
    return [
        doc("shack", "d2026", "2026-04-24", title="城南 片区 棚户区 改造 公告", content="房屋 征收",
            pinyin="chengnanpianqupenghuqugaizao nanpianqupenghuqugaiz pianqupenghuqugaizao qupenghuqugaizao "
                   "penghuqugaizaogonggao huqugaizaogonggao cnpqph"),
        doc("eco", "d2025", "2025-05-01", title="生态 环境 质量 公报", content="空气 质量",
            pinyin="shengtaihuanjingzhiliang taihuanjingzhiliang huanjingzhiliang jingzhilianggongbao stlj"),
        doc("other", "d2026", "2026-03-01", title="蓝 片区 规划", content="规划", pinyin="lanpianqu lpq"),
    ]


@pytest.mark.parametrize("query,suggested", [("棚护区改造", "棚户区改造"),  # the same syllables (户 → 护)
                                             ("生态环境资量", "生态环境质量"),  # a near sound: zi for zhi
                                             ("蓝片区", None),  # nan/lan: a near sound, but the query is in a title
                                             ("棚朋", None)])  # two characters: too few to guess
def test_a_slip_is_offered_its_correction(core, names, query, suggested):
    for order in ("date-desc", "relevance"):
        [result] = drive(core, names, slips_county(), [10], query=query, order=order, readings=READINGS)
        assert result["suggestion"] == suggested, order
        assert result["readingTables"] == (1 if suggested else 0), order  # read only for a guess
        assert result["suggesters"] == (1 if suggested else 0), order  # the slip finder's module too


def test_a_query_found_literally_loads_no_pinyin_table(core, names):
    [result] = drive(core, names, slips_county(), [10], query="棚户区改造", readings=READINGS)
    assert result["ids"][0] == "shack" and result["suggestion"] is None and result["readingTables"] == 0
    assert result["suggesters"] == 0


def test_a_slip_is_offered_a_document_title_that_short_column_pages_outrank(core, names):
    # 决定薪息 for 决定信息 (jueding xinxi), as on the example county: the column bundle has no 拼 word beginning
    # with juedingxinxi, dingxinxi or xinxi, so Pagefind answers from it with its pages of jueding, ding and
    # xin (its longest words that begin them); those short pages rank before the document that reads so
    columns = [column(f"col{i}", "c1", title="处罚 决定 （ 新 ）", content="栏目 说明") | {
        "pinyin": "chufajueding fajueding jueding ding cfjd fjd jd xin"} for i in range(12)]
    fine = doc("fine", "d2019", "2024-06-01", title="行政 处罚 决定 信息 公开", content="处罚 决定",
               pinyin="xingzhengchufa zhengchufajue chufajuedingxin fajuedingxinxi juedingxinxigong "
                      "dingxinxigongkai xinxigongkai xigongkai gongkai kai xzcfjd zcfjdx cfjdxx fjdxxg jdxxgk dxxgk xxgk xgk gk")
    report = doc("report", "d2026", "2026-01-15", title="年度 报告", content="报告", pinyin="niandubaogao dubaogao baogao gao ndbg dbg bg")
    for order in ("date-desc", "relevance"):
        [result] = drive(core, names, columns + [fine, report], [10], query="决定薪息", order=order, readings=READINGS)
        assert result["suggestion"] == "决定信息", order
