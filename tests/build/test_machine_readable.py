"""What machines read, in the built example county (issue 14): every HTML page carries the 网页元数据 of
its type; the feeds are Atom (read with feedparser) and linked from their pages; the open data agrees
with the site (a CSV row per document page, every catalog item a row); sitemap.xml lists every public
page and nothing private, with lastmod from the content; robots.txt points at it; a lapsed document
shows as 失效. Then the mistakes a build refuses: site_url missing or not http(s), a content file at a
generated file's path. The functions themselves: unit/test_machine_views.py."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from conftest import build

from govsite import urls
from govsite.views import metadata, pages

BASE = "https://www.example.gov.cn/"
U = urls.Urls(True)
NAMES = set(metadata.SITE + metadata.COLUMN + metadata.ARTICLE)
LAPSED = "content/county/2019/shanxi-2019-zhengwu-gongkai-yaodian.md"  # 失效日期 2020-01-01, 有效性 有效


class Head(HTMLParser):
    """The page metadata (in order), the feed links and the visible links of a page."""

    def __init__(self):
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.feeds: list[str] = []
        self.links: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name") in NAMES:
            self.meta.append((a["name"], a.get("content") or ""))
        elif tag == "link" and "alternate" in (a.get("rel") or "").split() and a.get("type") == "application/atom+xml":
            self.feeds.append(a["href"])
        elif tag == "a" and a.get("href"):
            self.links.append((a["href"], a.get("type")))


def parse(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def url_of(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return BASE + (rel[:-len("index.html")] if rel.endswith("index.html") else rel)


@pytest.fixture(scope="module")
def expected(example_site, example_model) -> dict[str, tuple]:
    """dest → the metadata names of its page type, from the views of the example county."""
    views = pages.generate(example_model, U, site_name="x", links={}, bundles=[])
    for doc in example_model.documents:
        views[doc.src_uri] = pages.document(doc, U, views[urls.column(doc.column)], None)
    out = {U.dest(uri): metadata.expected(view) for uri, view in views.items()}
    out[U.dest(urls.CHECKS)] = metadata.SITE + metadata.COLUMN
    out[U.dest(urls.OPEN_DATA)] = metadata.SITE + metadata.COLUMN
    out["404.html"] = metadata.SITE
    return out


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("admin/"))


def test_every_html_page_carries_the_metadata_of_its_type(example_site, expected):
    pages_ = html_pages(example_site)
    assert len(pages_) > 2500
    for page in pages_:
        rel = page.relative_to(example_site).as_posix()
        meta = parse(page).meta
        assert [n for n, _ in meta] == list(expected[rel]), rel
        values = dict(meta)
        assert all(values.values()), rel
        assert values["SiteName"] == "示例县人民政府" and values["SiteDomain"] == "www.example.gov.cn"
        assert values["SiteIDCode"] == "5227220001"
        if "ArticleTitle" in values:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2} 00:00", values["PubDate"]), rel
            assert values["Url"] == url_of(example_site, page)
            assert values["ContentSource"] == values["Author"]


def test_document_descriptions_come_from_the_body(example_site, example_model):
    doc = next(d for d in example_model.documents if d.file.endswith("guobanfa-2019-14.md"))
    meta = dict(parse(example_site / U.dest(doc.src_uri)).meta)
    assert meta["Keywords"] == "政务公开 工作要点 谁起草谁解读"  # 主题词
    # the body's first sentence: its 发文字号 line and 主送机关 line are skipped
    assert meta["Description"].endswith("。") and "国办发〔2019〕14号" != meta["Description"]
    assert not meta["Description"].endswith("：")


def test_feeds_are_atom_and_linked_from_their_pages(example_site, example_model):
    feeds = sorted(example_site.rglob("feed.xml"))
    assert len(feeds) == 2 + len(example_model.tree.orgs) + len(example_model.columns)  # + 意见征集's
    pages_ = set(p.relative_to(example_site).as_posix() for p in example_site.rglob("index.html"))
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.version == "atom10" and not parsed.bozo, path
        assert len(parsed.entries) <= 50
        for entry in parsed.entries:
            assert urlsplit(entry.link).path.lstrip("/") + "index.html" in pages_, entry.link
            assert "索引号：" in entry.summary and entry.author and entry.published
    whole = feedparser.parse((example_site / "feed.xml").read_bytes())
    latest = example_model.latest[:50]
    assert [e.title for e in whole.entries] == [d.title for d in latest]
    for page, feed in (("index.html", "feed.xml"), ("departments/nongye/index.html", "departments/nongye/feed.xml"),
                       ("departments/nongye/fupin-01/index.html", "departments/nongye/fupin-01/feed.xml"),
                       ("townships/chengguan/index.html", "townships/chengguan/feed.xml"),
                       ("xxgk/yjzj/index.html", "xxgk/yjzj/feed.xml")):
        head = parse(example_site / page)
        # Material's script fetches sitemap.xml beside every link[rel=alternate] (exactly): the rel is "alternate feed"
        assert '<link rel="alternate"' not in (example_site / page).read_text(encoding="utf-8")
        [alternate] = head.feeds
        target = urljoin(BASE + page, alternate)
        assert target == BASE + feed
        assert (alternate, "application/atom+xml") in head.links  # the visible 订阅 link


def read_csv(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), path  # UTF-8 with BOM
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_open_data_agrees_with_the_site(example_site, example_model):
    document_pages = [p for p in html_pages(example_site) if "ArticleTitle" in dict(parse(p).meta)]
    rows = read_csv(example_site / "opendata/documents.csv")
    assert len(rows) == len(document_pages) == len(example_model.documents)
    assert {r["网址"] for r in rows} == {url_of(example_site, p) for p in document_pages}
    assert json.loads((example_site / "opendata/documents.json").read_text(encoding="utf-8")) == [
        {k: (v or None) for k, v in r.items()} for r in rows]
    catalog = read_csv(example_site / "opendata/catalog.csv")
    items = [i for d in example_model.catalog.domains for i in d.items]
    assert [r["编号"] for r in catalog] == [i.id for i in items]
    for row, item in zip(catalog, items):
        assert (row["公开内容"], row["公开时限"], row["更新周期"]) == (item.content, item.time_limit, item.update_cycle)
    data = json.loads((example_site / "data.json").read_text(encoding="utf-8"))
    downloads = [d["downloadURL"] for ds in data["dataset"] for d in ds["distribution"]]
    assert len(downloads) == 4 and all((example_site / urlsplit(u).path.lstrip("/")).is_file() for u in downloads)
    page = example_site / "opendata/index.html"
    assert "开放数据" in page.read_text(encoding="utf-8")
    assert ("../../opendata/", None) in parse(example_site / "xxgk/fdzdgk/index.html").links  # the footer link


def test_a_lapsed_document_shows_as_void_everywhere(example_site, example_model):
    [doc] = [d for d in example_model.documents if d.file == LAPSED]
    assert doc.stated_validity == "有效"
    page = (example_site / U.dest(doc.src_uri)).read_text(encoding="utf-8")
    assert "本文件已失效" in page and "2020年01月01日" in page  # the notice, the 失效日期 row
    assert 'data-pagefind-filter="有效性">失效<' in page  # the search filter
    [row] = [r for r in read_csv(example_site / "opendata/documents.csv") if r["索引号"] == doc.index_number]
    assert (row["有效性"], row["失效日期"]) == ("失效", "2020-01-01")
    column = (example_site / U.dest(urls.column(doc.column))).read_text(encoding="utf-8")
    assert re.search(re.escape(doc.title) + r"</a>\s*<span class=\"gov-badge gov-badge--void\">失效</span>", column)
    feed = feedparser.parse((example_site / urls.column_feed(doc.column)).read_bytes())
    [entry] = [e for e in feed.entries if e.title == doc.title]
    assert "有效性：失效" in entry.summary
    report = json.loads((example_site / urls.CHECKS_JSON).read_text(encoding="utf-8"))
    assert [f["file"] for f in report["findings"] if f["rule"] == "lapsed"] == [LAPSED]


def test_sitemap_lists_every_public_page_and_nothing_private(example_site, example_model):
    tree = ET.parse(example_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
              for u in tree.findall("s:url", ns)}
    public = {url_of(example_site, p) for p in html_pages(example_site)
              if p.name != "404.html" and not p.relative_to(example_site).as_posix().startswith("maintainers/")}
    assert set(listed) == public
    assert not any("/maintainers/" in u or "/admin/" in u or u.endswith("404.html") for u in listed)
    for doc in example_model.documents:
        assert listed[BASE + U.url(doc.src_uri)] == doc.published.isoformat()
    assert listed[BASE] == example_model.latest[0].published.isoformat()
    assert listed[BASE + "catalog/"] is None  # no dated content, no lastmod: never the build time
    assert (example_site / "sitemap.xml.gz").is_file()
    assert (example_site / "robots.txt").read_text(encoding="utf-8") == (
        f"User-agent: *\nDisallow: /maintainers/\nDisallow: /admin/\nSitemap: {BASE}sitemap.xml\n")


# --- what a build refuses --------------------------------------------------------------------------------


def set_site_url(project: Path, line: str | None) -> None:
    config = project / "mkdocs.yml"
    text = re.sub(r"^site_url:.*\n", "" if line is None else line + "\n", config.read_text(encoding="utf-8"),
                  flags=re.M)
    config.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("line, problem", [
    (None, "缺少网站地址"),
    ("site_url: ftp://www.example.gov.cn/", "“ftp://www.example.gov.cn/”不是以 http:// 或 https:// 开头的完整网址"),
])
def test_a_build_needs_an_absolute_http_site_url(mini, line, problem):
    set_site_url(mini, line)
    result = build(mini)
    assert result.returncode != 0 and not result.site.exists()
    assert f"mkdocs.yml，字段“site_url”：{problem}" in result.output and "修改办法" in result.output
    assert "Traceback" not in result.output


def test_a_content_file_named_like_a_feed_is_refused(mini):
    (mini / "content/departments/nongye/feed.xml").write_text("<feed/>", encoding="utf-8")
    result = build(mini)
    assert result.returncode != 0 and not result.site.exists()
    assert "content/departments/nongye/feed.xml：文件名与系统生成的文件 departments/nongye/feed.xml 相同" in result.output
    assert "Traceback" not in result.output
