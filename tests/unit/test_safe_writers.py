"""Every writer of the site's machine-readable files takes any text without failing and writes a file its
format's reader parses (defence in depth: the readers refuse these characters, test_control_characters.py):
the Atom feeds, the open data's CSV and JSON, data.json, sitemap.xml, robots.txt, the annual report's CSV
and XLSX, and the form editor's config.yml. The bad text is fed to each writer directly."""

from __future__ import annotations

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ElementTree
from types import SimpleNamespace

import feedparser
import openpyxl
import pytest
import yaml

from govsite import urls
from govsite.parse.text import REPLACEMENT, xml_safe
from govsite.render import annual, machine
from govsite.views import cms, sitemap
from govsite.views.feeds import Feed, FeedEntry
from govsite.views.metadata import SiteMeta
from govsite.views.pages import AnnualTable

# Every class of character a writer may meet: C0 (ESC, NUL, SOH, Word's VT and FF), DEL, C1, a lone
# surrogate, the noncharacters.
BAD = "\x1b\x00\x01\x0b\x0c\x7f\x85\x9b\ud800\udfff\ufffe\uffff"
TITLE = f"关于{BAD}的通知"
DAY = datetime.date(2026, 3, 5)


def feed() -> Feed:
    entry = FeedEntry(id=f"tag:example.org,2026-03-05:{BAD}", title=TITLE, url=f"https://example.org/a{BAD}/",
                      published=DAY, org=f"示例局{BAD}", index_number=f"X{BAD}", number=f"示发{BAD}",
                      topic=f"综合政务{BAD}", validity=f"有效{BAD}", summary=f"摘要{BAD}")
    return Feed(uri="feed.xml", id="https://example.org/feed.xml", title=TITLE, subtitle=TITLE,
                page="https://example.org/", self_url="https://example.org/feed.xml", updated=DAY,
                author=f"示例县{BAD}", entries=[entry])


def test_atom_feed_with_every_bad_character_parses():
    data = machine.atom(feed())
    root = ElementTree.fromstring(data)  # well-formed XML
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.bozo_exception
    [entry] = parsed.entries
    assert entry.title.startswith("关于") and entry.title.endswith("的通知") and REPLACEMENT in entry.title
    assert root.tag.endswith("feed")


def test_open_data_csv_with_every_bad_character_reads_back():
    rows = [{"标题": TITLE, "主题词": [f"甲{BAD}", "乙"], "附件": [{"名称": f"表{BAD}"}], "有效": True}]
    data = machine.csv_bytes(["标题", "主题词", "附件", "有效"], rows)
    [header, row] = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header == ["标题", "主题词", "附件", "有效"]
    assert row[0].startswith("关于") and row[0].endswith("的通知") and "\x1b" not in row[0] and "\x0b" not in row[0]
    assert json.loads(row[2])[0]["名称"].startswith("表")


def test_open_data_json_with_every_bad_character_parses():
    data = machine.json_bytes([{"标题": TITLE, f"键{BAD}": [f"甲{BAD}", 1, None]}])
    [row] = json.loads(data.decode("utf-8"))
    assert row["标题"].startswith("关于") and row["标题"].endswith("的通知")
    assert not set(BAD) & set(row["标题"])


def test_sitemap_and_robots_with_every_bad_character_parse():
    data = machine.sitemap_xml([sitemap.Url(f"https://example.org/a{BAD}/", DAY)])
    [url] = ElementTree.fromstring(data)
    assert url[0].text.startswith("https://example.org/a")
    meta = SiteMeta(name="县", domain="example.org", code=None, base=f"https://example.org/{BAD}/", urls=urls.Urls(True))
    assert machine.robots_txt(meta).decode("utf-8").startswith("User-agent: *")


def annual_view() -> SimpleNamespace:
    """What the annual report's writers read of its view: the heading and the tables (an organisation's
    name with Word's U+000B in the heading and a cell)."""
    rows = [["项目", "数量"], [f"示例{BAD}局", 3], [f"=1+1{BAD}", 0]]
    return SimpleNamespace(heading=f"示例\x0b局2025年政府信息公开工作年度报告{BAD}",
                           tables=[AnnualTable(f"表{BAD}", rows)] * 3)


def test_annual_report_xlsx_with_every_bad_character_opens():
    data = annual.xlsx_bytes(annual_view())
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[annual.SHEET_NAMES[0]]
    assert sheet["A1"].value.startswith("示例") and "\x0b" not in sheet["A1"].value
    assert sheet["A4"].value.startswith("示例") and sheet["B4"].value == 3
    assert sheet["A5"].data_type == "s"  # still text, never a formula


def test_annual_report_csv_with_every_bad_character_reads_back():
    rows = list(csv.reader(io.StringIO(annual.csv_text(annual_view()).lstrip("\ufeff"))))
    assert rows[0][0].startswith("示例") and not set(BAD) & set(rows[0][0])
    annual.csv_text(annual_view()).encode("utf-8")  # a lone surrogate would make this raise


@pytest.mark.parametrize("value", [TITLE, f"a{BAD}", "\x0b"])
def test_form_editor_config_with_every_bad_character_loads_back(value):
    text = cms.dump({"backend": {"name": "gitea", "repo": value}, "collections": [{"label": value}]})
    text.encode("utf-8")
    loaded = yaml.safe_load(text)
    assert loaded["backend"]["repo"] == xml_safe(value) and loaded["collections"][0]["label"] == xml_safe(value)
