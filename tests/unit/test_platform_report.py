"""The platform report (govsite.platform.report) from crafted sites: each 单项否决 indicator from a checks JSON,
a failed or unreadable site as a row that says so, the change since the previous report, the page, the XLSX;
and the platform search's records (govsite.platform.search) without running Pagefind."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from checks_support import run

from govsite.platform import report, search

AS_OF = "2026-06-30"


def finding(rule: str, org: str | None = "county", column: str | None = None, file: str | None = None,
            field: str | None = None) -> dict:
    return {"rule": rule, "severity": "warning", "organisation": {"id": org, "name": org} if org else None,
            "column": column, "columns": [], "file": file, "field": field, "message": "…", "regulation": "…"}


def checks_json(findings: list[dict] = (), *, as_of: str = AS_OF, empty: int = 0, first: int | None = 0,
                other: int | None = 0, home: str | None = "2026-06-29", annual: dict | None = None,
                documents: int = 10) -> dict:
    summary = {"errors": 0, "warnings": len(findings), "by_rule": {}, "organisations": 3, "columns": 30,
               "empty_columns": empty, "documents": documents, "revoked": 0, "text": "…"}
    if first is not None:  # a product that reports the monitored numbers (checks.report.Report.monitored)
        summary |= {"stale_first_kind": first, "stale_other_kind": other, "home_latest": home,
                    "annual_report": annual or {"column": True, "year": 2025, "latest": "2026-03-20", "overdue": False}}
    return {"as_of": as_of, "ok": True, "unfinished": None, "summary": summary, "rules": [],
            "findings": list(findings), "revoked": []}


def add_site(out: Path, site_id: str, *, name: str | None = None, status: str = "ok", checks: dict | None = None,
             version: str = "1.4.0", error: str | None = None) -> Path:
    folder = out / "sites" / site_id
    folder.mkdir(parents=True, exist_ok=True)
    build = {"site": site_id, "name": name or f"{site_id}人民政府", "status": status, "error": error,
             "product_version": version, "commit": "a" * 40, "built": AS_OF, "seconds": 2.5}
    (folder / "build.json").write_text(json.dumps(build, ensure_ascii=False), encoding="utf-8")
    if checks is not None:
        (folder / "checks.json").write_text(json.dumps(checks, ensure_ascii=False), encoding="utf-8")
    return folder


def row_of(tmp_path: Path, checks: dict, **kwargs) -> report.SiteRow:
    add_site(tmp_path, "a", checks=checks, **kwargs)
    return report.aggregate(tmp_path).sites[0]


# ---------------------------------------------------------------- each indicator

def test_a_clean_site_touches_no_veto(tmp_path):
    row = row_of(tmp_path, checks_json())
    assert row.status == "ok" and row.vetoes == [] and row.verdict == "未触及单项否决"
    assert (row.empty_columns, row.stale_columns, row.overdue_documents) == (0, 0, 0)
    assert row.annual_status == "已发布（最新 2025 年度）" and row.annual_date == "2026-03-20"


def test_home_not_updated_from_its_finding(tmp_path):
    assert row_of(tmp_path, checks_json([finding("home_not_updated", None)])).vetoes == ["home"]


def test_home_not_updated_from_the_date_when_the_site_turned_the_rule_off(tmp_path):
    # 2026-06-16 is exactly 14 days before: still updated; 2026-06-15 is not
    assert row_of(tmp_path / "1", checks_json(home="2026-06-16")).vetoes == []
    assert row_of(tmp_path / "2", checks_json(home="2026-06-15")).vetoes == ["home"]


def test_stale_columns_of_the_first_kind_at_five(tmp_path):
    stale = [finding("stale_column", "county", f"c{n}") for n in range(5)]
    assert row_of(tmp_path / "1", checks_json(stale[:4], first=4)).vetoes == []
    row = row_of(tmp_path / "2", checks_json(stale, first=5))
    assert row.vetoes == ["stale"] and row.stale_columns == 5 and row.stale_first_kind == 5


def test_long_stale_columns_at_ten(tmp_path):
    assert row_of(tmp_path / "1", checks_json(other=9)).vetoes == []
    assert row_of(tmp_path / "2", checks_json(other=10)).vetoes == ["long_stale"]
    assert row_of(tmp_path / "3", checks_json([finding("long_stale_columns_total", None)], other=None, first=None)
                  ).vetoes == ["long_stale"]


def test_empty_columns_at_five(tmp_path):
    assert row_of(tmp_path / "1", checks_json(empty=4)).vetoes == []
    row = row_of(tmp_path / "2", checks_json(empty=5))
    assert row.vetoes == ["empty"] and row.empty_columns == 5


def test_a_future_date_is_the_fake_date_veto(tmp_path):
    row = row_of(tmp_path, checks_json([finding("future_date", file="content/a.md", field="发布日期")]))
    assert row.vetoes == ["fake_date"] and row.verdict == "不合格（单项否决）"


def test_overdue_documents_are_the_timeliness_findings(tmp_path):
    late = [finding("timeliness", file=f"content/{n}.md", field="发布日期") for n in range(3)]
    assert row_of(tmp_path, checks_json(late)).overdue_documents == 3


def test_an_overdue_annual_report(tmp_path):
    row = row_of(tmp_path, checks_json(annual={"column": True, "year": 2024, "latest": "2025-03-01", "overdue": True}))
    assert row.annual_status == "未按时发布（最新 2024 年度）" and row.annual_date == "2025-03-01"


def test_a_site_without_annual_report_column(tmp_path):
    assert row_of(tmp_path, checks_json(annual={"column": False, "year": None, "latest": None,
                                                "overdue": False})).annual_status == "无年报栏目"


def test_an_older_product_checks_json_still_gives_the_vetoes_from_its_findings(tmp_path):
    row = row_of(tmp_path, checks_json([finding("stale_columns_total", None), finding("empty_columns_total", None)],
                                       first=None, empty=3))
    assert row.vetoes == ["stale", "empty"]
    assert row.stale_first_kind is None and row.annual_status.startswith("未知")


def test_a_site_built_with_an_older_product_is_behind(tmp_path):
    add_site(tmp_path, "new", checks=checks_json(), version="1.10.0")
    add_site(tmp_path, "old", checks=checks_json(), version="1.9.2")
    made = report.aggregate(tmp_path)
    assert [(s.id, s.behind) for s in made.sites] == [("new", False), ("old", True)]
    assert made.version == "1.10.0"  # compared as numbers, not text
    assert [s.behind for s in report.aggregate(tmp_path, version="1.11").sites] == [True, True]
    record = json.loads((tmp_path / "sites" / "old" / "build.json").read_text(encoding="utf-8"))
    record |= {"pinned": True, "pin_reason": "等待<新版>模板验收"}  # platform.yml pins it, with its reason
    (tmp_path / "sites" / "old" / "build.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    made = report.aggregate(tmp_path)
    assert "（<strong class=\"bad\">落后</strong>于 1.10.0）（固定版本：等待&lt;新版&gt;模板验收）" in report.html(made)
    sheet = openpyxl.load_workbook(io.BytesIO(report.xlsx(made))).active
    assert sheet.cell(6, 16).value == "1.9.2（落后）（固定版本：等待<新版>模板验收）"


# ---------------------------------------------------------------- failed and unreadable sites

def test_a_failed_site_is_a_row_that_says_so(tmp_path):
    add_site(tmp_path, "good", checks=checks_json())
    add_site(tmp_path, "bad", status="failed", error="content/county/_org.yml：缺少字段“名称”\n构建日志<第二行>")
    made = report.aggregate(tmp_path)
    bad = next(s for s in made.sites if s.id == "bad")
    assert bad.status == "failed" and bad.error == "content/county/_org.yml：缺少字段“名称”\n构建日志<第二行>"
    assert bad.verdict == "无检查结果" and bad.vetoes == [] and made.failed == [bad]
    page = report.html(made)
    assert "生成失败：content/county/_org.yml：缺少字段“名称”<details><summary>详细信息</summary><pre>构建日志&lt;第二行&gt;</pre>" in page


def test_a_failed_site_shows_its_last_good_site_s_results_as_such(tmp_path):
    # the site job leaves the last good site (still online) and its checks.json when a build fails
    folder = add_site(tmp_path, "down", status="failed", error="缺少字段", checks=checks_json(empty=6))
    (folder / "site").mkdir()
    made = report.aggregate(tmp_path)
    row = made.sites[0]
    assert row.status == "failed" and row.last_good and row.vetoes == ["empty"]
    assert row.verdict == "不合格（单项否决）（上次生成的网站）"
    assert "生成失败：缺少字段" in report.html(made)
    again = report.aggregate(tmp_path, previous=made.to_dict()).changes[0]
    assert again.note == "本次没有生成（见生成状态），没有新的检查结果可以比较" and again.new == again.resolved == []


def test_missing_and_unreadable_files_are_rows_with_chinese_errors(tmp_path):
    (tmp_path / "sites" / "nobuild").mkdir(parents=True)
    add_site(tmp_path, "nochecks")
    (add_site(tmp_path, "broken") / "checks.json").write_text("{not json", encoding="utf-8")
    add_site(tmp_path, "oddstatus", status="done", checks=checks_json())
    add_site(tmp_path, "oddchecks", checks={"as_of": AS_OF})
    rows = {s.id: s for s in report.aggregate(tmp_path).sites}
    assert rows["nobuild"].status == "missing" and "缺少构建记录 build.json" in rows["nobuild"].error
    assert rows["nochecks"].error.startswith("网站已生成，但缺少检查结果 checks.json")
    assert "检查结果 checks.json 无法读取" in rows["broken"].error
    assert "status 应为 ok、failed、skipped 之一，实际是 'done'" in rows["oddstatus"].error
    assert "sites/oddchecks/checks.json 格式不对" in rows["oddchecks"].error and not rows["oddchecks"].checked


def test_no_sites_is_a_chinese_error(tmp_path):
    with pytest.raises(report.ReportError, match="找不到 .*sites.*先运行平台构建"):
        report.aggregate(tmp_path)
    (tmp_path / "sites").mkdir()
    with pytest.raises(report.ReportError, match="中没有任何网站"):
        report.aggregate(tmp_path)


# ---------------------------------------------------------------- change since the last build

def test_change_since_the_previous_report(tmp_path):
    before, after = tmp_path / "before", tmp_path / "after"
    add_site(before, "a", checks=checks_json([finding("timeliness", file="x.md"), finding("stale_column", "county", "c1")],
                                             empty=6))
    add_site(before, "gone", checks=checks_json())
    add_site(before, "down", checks=checks_json())
    add_site(after, "a", checks=checks_json([finding("stale_column", "county", "c1"), finding("future_date", file="y.md")]))
    add_site(after, "down", status="failed", error="生成失败")
    add_site(after, "new", checks=checks_json())
    previous = report.aggregate(before).to_dict()
    made = report.aggregate(after, previous=json.loads(json.dumps(previous)))
    changes = {c.id: c for c in made.changes}
    a = changes["a"]
    assert a.new == ["日期晚于检查日期：y.md"] and a.resolved == ["超过公开时限：x.md"]
    assert a.new_vetoes == ["弄虚作假（日期晚于检查日期）"] and a.resolved_vetoes == ["空白栏目"]
    assert changes["down"].note == "本次没有生成（见生成状态），没有新的检查结果可以比较"
    assert changes["new"].note.startswith("新加入平台的网站")
    assert changes["gone"].note.startswith("已不在平台上")
    page = report.html(made)
    assert "新增单项否决：<strong class=\"bad\">弄虚作假（日期晚于检查日期）</strong>" in page
    book = openpyxl.load_workbook(io.BytesIO(report.xlsx(made)))
    rows = list(book["变化情况"].iter_rows(values_only=True))
    assert ("a人民政府", "a", None, "已解决问题", "超过公开时限：x.md") in rows


def test_a_previous_file_that_is_not_a_report_is_refused(tmp_path):
    add_site(tmp_path, "a", checks=checks_json())
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"sites": "no"}', encoding="utf-8")
    with pytest.raises(report.ReportError, match=r"--previous .*wrong.json：不是本平台报告的 report.json"):
        report.write(tmp_path, previous=wrong)
    with pytest.raises(report.ReportError, match=r"--previous .*missing.json：缺少上次的报告"):
        report.write(tmp_path, previous=tmp_path / "missing.json")
    assert not (tmp_path / "public").exists()  # nothing written


# ---------------------------------------------------------------- the page, the JSON, the XLSX

def test_the_page_is_an_accessible_table_that_escapes_and_loads_nothing_from_another_host(tmp_path):
    add_site(tmp_path, "a", name="<script>alert(1)</script>县", checks=checks_json(empty=7))
    page = report.html(report.aggregate(tmp_path))
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;县" in page
    assert '<meta http-equiv="Content-Security-Policy"' in page and "<script" not in page
    assert re.findall(r'<th scope="row">', page) and '<caption id="sites-caption">' in page
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)


def test_the_files_are_the_same_bytes_for_the_same_inputs(tmp_path):
    add_site(tmp_path, "a", checks=checks_json([finding("future_date", file="a.md")], empty=5))
    add_site(tmp_path, "b", status="failed", error="出错")
    first = {p: p.read_bytes() for p in _written(report.write(tmp_path), tmp_path)}
    second = {p: p.read_bytes() for p in _written(report.write(tmp_path), tmp_path)}
    assert first == second and len(first) == 4


def _written(_, out: Path) -> list[Path]:
    return sorted(p for p in (out / "public").rglob("*") if p.is_file())


def test_the_xlsx_is_a_quarterly_self_inspection_table(tmp_path):
    add_site(tmp_path, "a", name="甲县人民政府", checks=checks_json([finding("home_not_updated", None)], empty=2))
    add_site(tmp_path, "b", name="乙区人民政府", status="failed", error="出错了")
    data = report.xlsx(report.aggregate(tmp_path))
    # dated by the check date, not by the clock that saved it (same inputs → same bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert b"2026-06-30T00:00:00Z</dcterms:modified>" in book.read("docProps/core.xml")
        assert {info.date_time for info in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "政府网站2026年第2季度自查情况汇总表"
    assert rows[2][4] == "单项否决指标" and rows[3][4:9] == ("首页不更新", "栏目不更新（动态要闻等）", "栏目不更新（长期）",
                                                        "空白栏目", "弄虚作假")
    assert "E3:I3" in {str(r) for r in sheet.merged_cells.ranges}
    assert rows[4][:10] == (1, "甲县人民政府", "a", AS_OF, "否决", "通过", "通过", "通过", "通过", "不合格（单项否决）")
    assert rows[5][1] == "乙区人民政府" and rows[5][4] == "—" and rows[5][-1] == "生成失败：出错了"
    assert rows[6][0].startswith("说明：单项否决指标按国办秘函〔2019〕19号判定")


def test_the_checks_json_gives_the_platform_its_numbers(mini):
    summary = run(mini, "2025-06-10").to_dict()["summary"]
    assert summary["home_latest"] == "2025-06-03"
    assert summary["stale_first_kind"] == 0 and summary["stale_other_kind"] == 0
    assert summary["annual_report"] == {"column": True, "year": None, "latest": None, "overdue": False}
    late = run(mini, "2026-06-10").to_dict()["summary"]  # a year on, the half-yearly 政策文件 columns are stale
    assert late["stale_first_kind"] >= 1


# ---------------------------------------------------------------- platform search records

def test_a_result_links_to_the_site_or_under_the_platform():
    url = "https://a.example.gov.cn/departments/x/2025/zhengce/"
    assert search.link(url, "https://a.example.gov.cn/", "a", None) == url
    assert search.link(url, "https://a.example.gov.cn/", "a", "/sites/") == "/sites/a/departments/x/2025/zhengce/"
    assert search.link(url, None, "a", "/sites/") == url  # the site's address unknown: its own address


def test_records_come_from_each_built_sites_documents_and_escape_everything(tmp_path):
    add_site(tmp_path, "a", name="甲县人民政府", checks=checks_json())
    add_site(tmp_path, "b", name="乙区人民政府", checks=checks_json())
    add_site(tmp_path, "c", status="failed", error="出错")
    site = tmp_path / "sites" / "a" / "site"
    (site / "opendata").mkdir(parents=True)
    (site / "data.json").write_text(json.dumps({"dataset": [{"landingPage": "https://a.gov.cn/opendata/"}]}), encoding="utf-8")
    doc = {"标题": "关于<b>防汛</b>抗旱的通知", "发文字号": "甲府发〔2025〕1号", "发布机构": "甲县人民政府",
           "发布日期": "2025-05-01", "主题分类": "城乡建设、环境保护\\水利", "索引号": "X/2025-00001",
           "网址": "https://a.gov.cn/county/2025/fangxun/"}
    (site / "opendata" / "documents.json").write_text(json.dumps([doc], ensure_ascii=False), encoding="utf-8")
    add_site(tmp_path, "d", status="failed", error="出错")
    last_good = tmp_path / "sites" / "d" / "site" / "opendata"  # a failed job leaves the last good site in place
    last_good.mkdir(parents=True)
    (last_good / "documents.json").write_text(json.dumps([doc | {"标题": "上次的文件"}], ensure_ascii=False), encoding="utf-8")
    rows = report.aggregate(tmp_path).sites
    found, notes = search.entries(tmp_path, rows, sites_url="/sites/")
    assert [(e.site, e.link, e.topic, e.year) for e in found] == [
        ("甲县人民政府", "/sites/a/county/2025/fangxun/", "城乡建设、环境保护", "2025"),
        ("d人民政府", "https://a.gov.cn/county/2025/fangxun/", "城乡建设、环境保护", "2025")]  # its address unknown
    assert notes == ["乙区人民政府（b）：没有可读的 sites/b/site/opendata/documents.json，其文件未加入检索",
                     "c人民政府（c）：网站没有生成，其文件未加入检索",
                     "d人民政府（d）：本次没有生成，检索中是上次生成的网站的文件"]
    page = search.record_page(found[0])
    assert "<b>" not in page and "&lt;b&gt;防汛&lt;/b&gt;" in page
    assert '<span data-pagefind-filter="网站">甲县人民政府</span>' in page
    assert '<span data-pagefind-filter="主题分类">城乡建设、环境保护</span>' in page
    assert '<span data-pagefind-meta="链接">/sites/a/county/2025/fangxun/</span>' in page
    assert " fangxun " in page  # the county search's pinyin terms
    assert search.options(found, rows) == {"网站": ["甲县人民政府", "d人民政府"], "年份": ["2025"],
                                           "主题分类": ["城乡建设、环境保护"]}


def test_a_skipped_site_is_in_place_and_says_which_build_it_carries_over(tmp_path):
    # the platform's report job records a site unchanged since its last build as skipped (platform/site.py skip)
    folder = add_site(tmp_path, "same", status="skipped", checks=checks_json(empty=6))
    (folder / "site" / "opendata").mkdir(parents=True)
    (folder / "site" / "opendata" / "documents.json").write_text(json.dumps(
        [{"标题": "上次的文件", "发布日期": "2026-06-01", "网址": "https://a.example.gov.cn/x/"}], ensure_ascii=False),
        encoding="utf-8")
    made = report.aggregate(tmp_path)
    row = made.sites[0]
    assert row.status == "skipped" and not row.failed and made.failed == [] and row.error is None
    assert row.vetoes == ["empty"] and row.verdict == "不合格（单项否决）"  # this run's report of the site in place
    assert row.status_text == f"未变更（沿用上次构建，{AS_OF}）"
    page = report.html(made)
    cell = page[page.index('id="site-same"'):]
    cell = cell[:cell.index("</tr>")]
    assert f"未变更（沿用上次构建，{AS_OF}）" in cell and "failed" not in page[page.index('id="site-same"') - 5:][:60]
    sheet = openpyxl.load_workbook(io.BytesIO(report.xlsx(made))).worksheets[0]
    assert f"未变更（沿用上次构建，{AS_OF}）" in [c.value for c in sheet[5]]
    found, notes = search.entries(tmp_path, made.sites)
    assert [e.title for e in found] == ["上次的文件"] and notes == []
