"""What machines read (issue 14), in-process on the mini county: the page metadata of every page type
(views.metadata), the Atom feeds (views.feeds, render.machine with feedgen, read back with feedparser),
the open data (views.opendata: rows from the declarations, CSV with a BOM, data.json), sitemap.xml and
robots.txt (views.sitemap), site_url, name clashes, and the validity dates (施行日期, 失效日期)."""

from __future__ import annotations

import csv
import datetime
import gzip
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from checks_support import OLD, POLICY, edit, run
from conftest import FIXTURES
from mkdocs.exceptions import PluginError

from govsite import urls
from govsite.model import site as model
from govsite.model.catalog import Item
from govsite.parse import kinds, schema
from govsite.parse import site_url
from govsite.parse.errors import ErrorCollector
from govsite.parse.settings import Settings
from govsite.render import machine
from govsite.views import feeds, metadata, opendata, pages
from govsite.views import sitemap as sitemap_views

BASE = "https://www.example.gov.cn/"
U = urls.Urls(True)


@pytest.fixture
def county(tmp_path) -> Path:
    root = tmp_path / "county"
    for folder in ("content", "catalog"):
        shutil.copytree(FIXTURES / "mini" / folder, root / folder)
    return root


def load(root: Path) -> model.Site:
    return model.load(root, root / "content", root / "catalog")


def all_views(site: model.Site) -> dict:
    views = pages.generate(site, U, site_name="小县人民政府", links={}, bundles=[])
    for doc in site.documents:
        views[doc.src_uri] = pages.document(doc, U, views[urls.column(doc.column)], None)
    return views


META = metadata.SiteMeta("小县人民政府", "www.example.gov.cn", "5227990001", BASE, U)


# --- 网页元数据 -----------------------------------------------------------------------------------------


def test_every_page_type_carries_its_metadata_in_order():
    site = load(FIXTURES / "mini")
    views = all_views(site)
    views[urls.OPEN_DATA] = opendata.page(opendata.datasets(site, META.absolute, "小县"), U, [])
    for uri, view in views.items():
        names = [name for name, _ in metadata.page(view, META)]
        assert names == list(metadata.expected(view)), uri
    assert [n for n, _ in metadata.page(None, META)] == list(metadata.SITE)  # 404: no view


def test_document_metadata():
    site = load(FIXTURES / "mini")
    doc = next(d for d in site.documents if d.file.endswith("zhengce.md"))
    view = all_views(site)[doc.src_uri]
    view.description = metadata.description(doc.summary, "<p>为巩固拓展脱贫攻坚成果，防止规模性返贫，制定本办法。第二句。</p>")
    assert dict(metadata.page(view, META)) == {
        "SiteName": "小县人民政府", "SiteDomain": "www.example.gov.cn", "SiteIDCode": "5227990001",
        "ColumnName": "规范性文件", "ColumnType": "政策文件",
        "ArticleTitle": "小县巩固拓展脱贫攻坚成果实施办法", "PubDate": "2025-03-10 00:00",
        "ContentSource": "小县农业农村局", "Keywords": "民政、扶贫、救灾,扶贫,规范性文件",  # no 主题词: 主题分类, column
        "Author": "小县农业农村局", "Description": "为巩固拓展脱贫攻坚成果，防止规模性返贫，制定本办法。",
        "Url": "https://www.example.gov.cn/departments/nongye/zhengce/"}


def test_column_metadata():
    site = load(FIXTURES / "mini")
    view = all_views(site)[urls.column(site.columns[("nongye", "fupin-01")])]
    assert dict(metadata.page(view, META)) | {"SiteName": ""} == {
        "SiteName": "", "SiteDomain": "www.example.gov.cn", "SiteIDCode": "5227990001",
        "ColumnName": "规范性文件", "ColumnDescription": "小县农业农村局规范性文件：本级涉及扶贫领域的规范性文件",
        "ColumnKeywords": "扶贫,政策文件,规范性文件,小县农业农村局", "ColumnType": "政策文件"}


def test_missing_settings_leave_their_metadata_out():
    site = load(FIXTURES / "mini")
    meta = metadata.site_meta("小县人民政府", Settings(), None, U)  # no 网站标识码, no site_url (serve)
    home = all_views(site)[urls.HOME]
    assert metadata.page(home, meta) == [("SiteName", "小县人民政府")]


def test_values_are_one_bounded_line():
    site = load(FIXTURES / "mini")
    view = all_views(site)[urls.column(site.columns[("nongye", "fupin-01")])]
    view.name = "规范\n性文件" + "长" * 1000
    value = dict(metadata.page(view, META))["ColumnName"]
    assert "\n" not in value and len(value) <= 2 * metadata.DESCRIPTION_LIMIT + 1


@pytest.mark.parametrize("summary, body, expected", [
    ("  本办法的摘要。 ", "<p>正文。</p>", "本办法的摘要。"),
    (None, "<p>小农发〔2025〕3号</p><p>各乡（镇）人民政府：</p><p>现将《办法》印发给你们，请认真执行。另。</p>",
     "现将《办法》印发给你们，请认真执行。"),  # 发文字号 and 主送机关 lines are not sentences
    (None, "<h2>一、总体要求</h2><p>坚持&lt;问题&gt;导向！其后。</p>", "坚持<问题>导向！"),
    (None, "<p>没有句号的一段</p>", "没有句号的一段"),
    (None, "", ""),
    (None, "<p>" + "字" * 300 + "。</p>", "字" * (metadata.DESCRIPTION_LIMIT - 1) + "…"),
])
def test_description_is_the_summary_or_the_first_sentence(summary, body, expected):
    assert metadata.description(summary, body) == expected


# --- feeds ---------------------------------------------------------------------------------------------


def test_feeds_parse_as_atom_with_the_documents_newest_first():
    site = load(FIXTURES / "mini")
    made = {f.uri: f for f in feeds.plan(site, META.absolute, site_name="小县人民政府", author="小县人民政府办公室")}
    assert set(made) == set(feeds.files(site))
    assert len(made) == 2 + len(site.tree.orgs) + len(site.columns)  # the site's, the consultations' (意见征集)
    whole = feedparser.parse(machine.atom(made[urls.FEED]))
    assert whole.version == "atom10" and not whole.bozo
    assert [e.title for e in whole.entries] == [d.title for d in site.latest]
    assert whole.feed.updated.startswith(site.latest[0].published.isoformat())
    first, doc = whole.entries[0], site.latest[0]
    assert first.link == BASE + U.url(doc.src_uri)
    assert first.id == f"tag:www.example.gov.cn,{doc.published}:{doc.index_number}"
    assert first.published.startswith(f"{doc.published}T00:00:00+08:00")
    assert first.author == doc.org.name
    assert f"索引号：{doc.index_number}" in first.summary and f"发布机构：{doc.org.name}" in first.summary
    nongye = feedparser.parse(machine.atom(made["departments/nongye/feed.xml"]))
    assert {e.author for e in nongye.entries} == {"小县农业农村局"} and nongye.feed.author == "小县农业农村局"
    empty = feedparser.parse(machine.atom(made["townships/chengguan/fupin-03/feed.xml"]))
    assert empty.version == "atom10" and empty.entries == []  # an empty column: a valid feed to subscribe to


def test_feeds_keep_the_latest_fifty():
    site = load(FIXTURES / "mini")
    site.documents.extend(site.documents * 30)
    site.__dict__.pop("latest", None)
    [whole] = [f for f in feeds.plan(site, META.absolute, site_name="小县", author="小县") if f.uri == urls.FEED]
    assert len(whole.entries) == feeds.LIMIT == 50


def test_revoked_and_lapsed_documents_in_feeds(county):
    edit(county / POLICY, "索引号:", "撤销:\n  撤销日期: 2025-03-12\n  下架日期: 2025-03-13\n索引号:")
    edit(county / OLD, "有效性: 失效", "有效性: 有效\n失效日期: 2020-01-01")
    site = model.load(county, county / "content", county / "catalog", as_of=datetime.date(2025, 6, 30))  # the check date
    [whole] = [f for f in feeds.plan(site, META.absolute, site_name="小县", author="小县") if f.uri == urls.FEED]
    titles = [e.title for e in whole.entries]
    assert "小县巩固拓展脱贫攻坚成果实施办法" not in titles  # revoked: off the site, out of the feeds
    old = next(e for e in whole.entries if e.index_number.endswith("2019-00001"))
    assert old.validity == "失效" and "有效性：失效" in old.summary


# --- open data -----------------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_catalog_rows_follow_the_item_declaration():
    site = load(FIXTURES / "mini")
    [catalog, _] = opendata.datasets(site, META.absolute, "小县")
    declared = [f.key for f in schema.fields(Item) if not isinstance(f.kind, kinds.Raw)]
    assert catalog.fields == ["领域编号", "领域"] + declared
    rows = read_csv(machine.csv_bytes(catalog.fields, catalog.rows, catalog.joins))
    assert [r["编号"] for r in rows] == [i.id for d in site.catalog.domains for i in d.items]
    row = next(r for r in rows if r["编号"] == "fupin-01")
    assert row["领域编号"] == "fupin" and row["公开渠道和载体"] == "政府网站、政务服务中心"
    assert json.loads(row["时限规则"]) == {"类型": "工作日", "天数": 20, "起算": "成文日期"}
    assert row["需要解读"] == "是"
    as_json = json.loads(machine.json_bytes(catalog.rows))
    assert next(r for r in as_json if r["编号"] == "fupin-01")["公开渠道和载体"] == ["政府网站", "政务服务中心"]


def test_document_rows_carry_the_metadata_block_column_organisation_and_url():
    site = load(FIXTURES / "mini")
    [_, documents] = opendata.datasets(site, META.absolute, "小县")
    rows = read_csv(machine.csv_bytes(documents.fields, documents.rows))
    assert len(rows) == len(site.documents)
    row = next(r for r in rows if r["标题"] == "小县巩固拓展脱贫攻坚成果实施办法")
    assert [row.pop(k) for k in ("征集开始", "征集截止", "状态", "反馈")] == ["", "", "", ""]  # not a consultation
    assert row == {"索引号": "11522799MB10000299/2025-00001", "主题分类": "民政、扶贫、救灾\\扶贫", "发布机构": "小县农业农村局",
                   "成文日期": "2025-03-03", "标题": "小县巩固拓展脱贫攻坚成果实施办法", "发文字号": "小农发〔2025〕3号",
                   "发布日期": "2025-03-10", "有效性": "有效", "施行日期": "", "失效日期": "", "主题词": "",
                   "栏目编号": "fupin-01", "栏目": "规范性文件", "领域": "扶贫", "机构编号": "nongye",
                   "转载机构": "", "原索引号": "", "来源网址": "",
                   "网址": "https://www.example.gov.cn/departments/nongye/zhengce/"}


def test_data_json_is_a_dcat_us_catalog():
    site = load(FIXTURES / "mini")
    sets = opendata.datasets(site, META.absolute, "小县")
    data = opendata.dcat(sets, META.absolute, publisher="小县人民政府办公室", contact="xxgk@example.gov.cn", county="小县")
    assert data["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    for dataset in data["dataset"]:
        for key in ("title", "description", "keyword", "modified", "publisher", "contactPoint", "identifier",
                    "accessLevel", "distribution"):  # the required fields of DCAT-US v1.1
            assert dataset[key], key
        assert dataset["contactPoint"]["hasEmail"] == "mailto:xxgk@example.gov.cn"
        assert {d["mediaType"] for d in dataset["distribution"]} == {"text/csv", "application/json"}
        assert all(d["downloadURL"].startswith(BASE + "opendata/") for d in dataset["distribution"])
    phone = opendata.dcat(sets, META.absolute, publisher="x", contact="0851-1234567", county="小县")
    assert "hasEmail" not in phone["dataset"][0]["contactPoint"]  # no e-mail to give


# --- sitemap.xml, robots.txt ------------------------------------------------------------------------------


def test_sitemap_lists_public_pages_with_lastmod_from_the_content():
    site = load(FIXTURES / "mini")
    views = all_views(site)
    views[urls.CHECKS] = pages.View(src_uri=urls.CHECKS, title="检查", robots="noindex")
    views["admin/index.md"] = pages.View(src_uri="admin/index.md", title="管理")
    entries = sitemap_views.entries(views, ["about.md"], META.absolute)
    locs = {e.loc: e.lastmod for e in entries}
    assert BASE + "maintainers/checks/" not in locs and BASE + "admin/" not in locs
    assert locs[BASE + "about/"] is None
    assert locs[BASE] == site.latest[0].published  # home: the newest it shows
    column = site.columns[("nongye", "fupin-01")]
    assert locs[BASE + U.url(urls.column(column))] == column.latest
    doc = site.latest[-1]
    assert locs[BASE + U.url(doc.src_uri)] == doc.published
    assert locs[BASE + "catalog/"] is None  # shows no dated document: no lastmod (never the build time)
    xml = machine.sitemap_xml(entries)
    tree = ET.fromstring(xml)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert [u.findtext("s:loc", namespaces=ns) for u in tree.findall("s:url", ns)] == [e.loc for e in entries]


def test_robots_points_at_the_sitemap():
    assert machine.robots_txt(META).decode() == (
        "User-agent: *\nDisallow: /maintainers/\nDisallow: /admin/\nSitemap: https://www.example.gov.cn/sitemap.xml\n")
    deep = metadata.SiteMeta("x", "x.gov.cn", None, "https://x.gov.cn/zwgk/", U)
    assert "Disallow: /zwgk/maintainers/" in machine.robots_txt(deep).decode()


def test_the_files_of_a_build():
    site = load(FIXTURES / "mini")
    views = all_views(site)
    sets = opendata.datasets(site, META.absolute, "小县")
    made = machine.files(site, views, [], META, sets, site_name="小县人民政府", publisher="小县人民政府办公室",
                         contact=None, county="小县")
    assert set(made) == set(machine.names(site))
    assert gzip.decompress(made["sitemap.xml.gz"]) == made["sitemap.xml"]
    assert made == machine.files(site, views, [], META, sets, site_name="小县人民政府", publisher="小县人民政府办公室",
                                 contact=None, county="小县")  # the same content, the same bytes (no build time)


# --- bad input: site_url, clashes, validity dates ------------------------------------------------------


def report(check) -> str:
    errors = ErrorCollector()
    check(errors)
    return errors.report() if errors else ""


@pytest.mark.parametrize("value, command, expected", [
    (None, "build", "缺少网站地址"),
    ("", "gh-deploy", "缺少网站地址"),
    (None, None, "缺少网站地址"),
    ("ftp://www.example.gov.cn/", "build", "不是以 http:// 或 https:// 开头的完整网址"),
    ("file:///srv/site/", "build", "不是以 http:// 或 https:// 开头的完整网址"),
    ("https://www.example.gov.cn/?x=1", "build", "带有 ? 或 # 部分"),
])
def test_site_url_is_required_and_absolute(value, command, expected):
    text = report(lambda errors: site_url.check(value, command, errors))
    assert "mkdocs.yml" in text and "字段“site_url”" in text and expected in text and "修改办法" in text


@pytest.mark.parametrize("value, command", [(None, "serve"), ("https://www.example.gov.cn/", "build"),
                                            ("http://127.0.0.1:8000/", "serve")])
def test_site_url_accepted(value, command):
    assert report(lambda errors: site_url.check(value, command, errors)) == ""


@pytest.mark.parametrize("clash", ["feed.xml", "departments/nongye/feed.xml", "departments/nongye/fupin-01/feed.xml",
                                   "opendata/documents.csv", "data.json", "sitemap.xml", "robots.txt"])
def test_a_content_file_at_a_generated_files_path_is_refused(county, clash):
    path = county / "content" / clash
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", encoding="utf-8")
    site = load(county)
    text = report(lambda errors: machine.clashes(site, county, errors))
    assert f"content/{clash}" in text and "系统生成的文件" in text and "修改办法" in text


def test_an_organisation_at_the_open_data_address_is_refused(county):
    (county / "content/opendata").mkdir()
    (county / "content/opendata/_org.yml").write_text("名称: 小县数据局\n类型: 部门\n机构代码: 11522799MB10000967\n",
                                                       encoding="utf-8")
    text = refused(county)  # by the organisation loader (model.reserved), before any page is planned
    assert "content/opendata/_org.yml" in text and "开放数据" in text


def refused(root: Path) -> str:
    with pytest.raises(PluginError) as raised:
        load(root)
    return str(raised.value)


def test_expiry_before_entry_into_force_is_refused(county):
    edit(county / POLICY, "索引号:", "施行日期: 2025-04-01\n失效日期: 2025-03-31\n索引号:")
    message = refused(county)
    assert f"{POLICY} 第" in message and "字段“失效日期”" in message and "失效日期 2025-03-31 早于施行日期 2025-04-01" in message


def test_expiry_before_the_written_date_is_refused(county):
    edit(county / POLICY, "索引号:", "失效日期: 2025-03-01\n索引号:")
    message = refused(county)
    assert "字段“失效日期”" in message and "失效日期 2025-03-01 早于成文日期 2025-03-03" in message


def test_a_document_lapses_at_its_expiry_date_everywhere(county):
    edit(county / POLICY, "索引号:", "施行日期: 2025-03-10\n失效日期: 2025-07-01\n索引号:")
    digests = []
    for day, shown in (("2025-06-30", "有效"), ("2025-07-01", "失效")):
        report_ = run(county, day)  # the model made for the check date, and checked
        site = report_.site
        [doc] = [d for d in site.documents if d.file == POLICY]
        assert doc.validity == shown
        digests.append(doc.digest)
        lapsed = [f for f in report_.findings if f.rule == "lapsed"]
        assert [(f.file, f.field) for f in lapsed] == ([(POLICY, "失效日期")] if shown == "失效" else [])
        view = pages.document(doc, U, all_views(site)[urls.column(doc.column)], None)
        assert view.validity == view.meta.validity == shown and view.meta.expires == datetime.date(2025, 7, 1)
        row = next(r for r in opendata.document_rows(site, META.absolute) if r["索引号"] == doc.index_number)
        assert row["有效性"] == shown and row["失效日期"] == "2025-07-01"
        entry = pages._entries([doc], U)[0]
        assert entry.validity == shown
    assert digests[0] != digests[1]  # an incremental build renders its pages again
    assert doc.stated_validity == "有效"  # the front matter is not rewritten


def test_an_explicitly_void_document_is_not_reported_as_lapsed(county):
    edit(county / OLD, "有效性: 失效", "有效性: 废止\n失效日期: 2020-01-01")
    report_ = run(county, "2025-06-30")
    assert [f for f in report_.findings if f.rule == "lapsed"] == []
    [old] = [d for d in report_.site.documents if d.file == OLD]
    assert old.validity == "废止"


def test_spreadsheet_downloads_never_hold_a_formula():
    """Text from the content (an organisation's name in an annual report's heading, a document's title in
    opendata/) beginning with = + - @ is a formula to a spreadsheet (CSV injection): CSV cells get a leading
    ', XLSX cells stay text; numbers are unchanged."""
    from types import SimpleNamespace

    from openpyxl import load_workbook

    from govsite.render import annual, machine

    table = SimpleNamespace(title="二、主动公开政府信息情况", rows=[["=HYPERLINK(\"http://x\")", 3, "/"], ["@SUM(A1)", 0, "-1+2"]])
    view = SimpleNamespace(heading="=1+1县2025年政府信息公开工作年度报告", tables=[table, table, table])
    rows = list(csv.reader(io.StringIO(annual.csv_text(view).lstrip("\ufeff"))))
    assert rows[0] == ["'=1+1县2025年政府信息公开工作年度报告"]
    assert rows[3] == ["'=HYPERLINK(\"http://x\")", "3", "/"] and rows[4] == ["'@SUM(A1)", "0", "'-1+2"]
    book = load_workbook(io.BytesIO(annual.xlsx_bytes(view)))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"] and book.worksheets[0]["A1"].value.startswith("=1+1")
    data = machine.csv_bytes(["标题", "件数", "标签"], [{"标题": "+cmd|' /C calc'!A0", "件数": -1, "标签": ["-a", "b"]}])
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1] == ["'+cmd|' /C calc'!A0", "-1", "'-a；b"]
