"""Issue 11: pages built from hostile content run no script and request nothing off the site.

Every kind of field carries a payload: a document's 标题, 发文字号 and 附件名称, an organisation's 名称
and 简称, a catalog item's levels and elements, the site name, identity items and link titles. The
site builds (the values are escaped), and Chromium, loading each page type, sees no dialog, no
payload execution and no request to another origin. Hostile bodies are refused at build time
(tests/build/test_hostile_body.py); what the sanitizer keeps is inert here too.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import serve
from tests.conftest import EXAMPLE as ROOT
from tests.conftest import build, make_project

SCRIPT = '<script>window.__pwned=(window.__pwned||0)+1;alert("x")</script>'
IMG = '"><img src=x onerror="window.__pwned=1;alert(1)">'
SVG = "'><svg onload=alert(2)>"
ANNUAL_TEXTS = ("一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("hostile"))
    doc = project / "content/departments/nongye/zhengce.md"
    _replace(doc, "标题: 小县巩固拓展脱贫攻坚成果实施办法", f"标题: {q('实施办法' + SCRIPT + IMG + ' < & 小于')}")
    _replace(doc, "发文字号: 小农发〔2025〕3号", f"发文字号: {q('小农发' + IMG)}")
    _replace(doc, "名称: 附件1：资金分配表", f"名称: {q('附件' + IMG + SVG)}")
    org = project / "content/departments/nongye/_org.yml"
    text = org.read_text(encoding="utf-8")
    name = text.split("名称: ")[1].splitlines()[0]
    text = "\n".join(line for line in text.splitlines() if not line.startswith("简称:")) + "\n"
    org.write_text(text.replace(f"名称: {name}", f"名称: {q(name + SCRIPT)}\n简称: {q('农' + SVG)}", 1), encoding="utf-8")
    catalog = project / "catalog/fupin.yml"
    ctext = catalog.read_text(encoding="utf-8")
    content_line = next(line for line in ctext.splitlines() if line.strip().startswith("公开内容:"))
    _replace(catalog, content_line, content_line.split("公开内容:")[0] + f"公开内容: {q('内容' + IMG)}")
    level = next(line for line in ctext.splitlines() if line.strip().startswith("一级事项:"))
    _replace(catalog, level, level.split("一级事项:")[0] + f"一级事项: {q('事项' + SCRIPT)}")
    config = project / "mkdocs.yml"
    ytext = config.read_text(encoding="utf-8")
    site_name = ytext.split("site_name: ")[1].splitlines()[0]
    _replace(config, f"site_name: {site_name}", f"site_name: {q(site_name + SCRIPT)}")
    sponsor = ytext.split("主办单位: ")[1].splitlines()[0]
    _replace(config, f"主办单位: {sponsor}", f"主办单位: {q(sponsor + IMG)}")
    links_title = ytext.split("    links:")[1].splitlines()[1].split(":")[0].strip()
    _replace(config, f"      {links_title}:", f"      {q(links_title + SVG)}:")
    banner = ytext.split("    banner: ")[1].splitlines()[0]  # header image (a query: the file exists), nav
    nav = {"首页" + SCRIPT: "./", "政策" + IMG: "zcwj/" + IMG, "外站" + SVG: "https://www.example.gov.cn/" + IMG}
    _replace(config, f"    banner: {banner}", f"    banner: {q('assets/images/banner.svg?' + IMG)}\n    primary_nav:\n"
             + "".join(f"      {q(t)}: {q(u)}\n" for t, u in nav.items()).rstrip("\n"))
    report = project / "content/departments/nongye/年报/2025.yml"  # an annual report's text sections 一、五、六
    report.parent.mkdir()
    data = (ROOT / "content/county/年报/2025.yml").read_text(encoding="utf-8")
    for section in ANNUAL_TEXTS:
        data = data.replace(f"{section}: |\n", f"{section}: |\n  {SCRIPT}{IMG}{SVG}\n\n", 1)
    report.write_text(data, encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output[-3000:]
    assert "Traceback" not in result.output
    return result.site


PAGES = ["", "search/", "wzdt/", "xxgk/", "catalog/", "catalog/fupin/", "departments/", "departments/nongye/",
         "departments/nongye/fupin-01/", "departments/nongye/zhengce/", "maintainers/checks/", "no-such-page/",
         "zcwj/", "zcwj/2025/", "opendata/", "admin/", "departments/nongye/xxgk-nianbao/2025/"]


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    server = serve(hostile_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("path", PAGES)
def test_hostile_fields_stay_text(browser, hostile_url, path):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    dialogs, foreign = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    origin = urlsplit(hostile_url).netloc
    page.on("request", lambda request: foreign.append(request.url)
            if urlsplit(request.url).scheme in ("http", "https") and urlsplit(request.url).netloc != origin else None)
    page.goto(hostile_url + path, wait_until="load")
    page.wait_for_timeout(300)
    pwned = page.evaluate("window.__pwned || 0")
    injected = page.evaluate("document.querySelectorAll('img[src=\"x\"], img[onerror], svg[onload]').length")
    inline = page.evaluate("[...document.querySelectorAll('script:not([src])')].map(s => s.textContent)"
                           ".filter(t => t.includes('__pwned')).length")
    context.close()
    assert dialogs == [] and pwned == 0, (path, dialogs)
    assert foreign == [], (path, foreign)
    assert inline == 0, path
    assert injected == 0, path


def test_the_payload_is_shown_as_text(browser, hostile_url):
    page = browser.new_page()
    page.goto(hostile_url + "departments/nongye/zhengce/")
    title = page.inner_text("h1")
    assert "<script>window.__pwned" in title and "< & 小于" in title
    assert "<img src=x" in page.inner_text("table.gov-meta")
    page.close()


def test_machine_readable_files_escape_the_payloads(hostile_site):
    """Feeds and the sitemap are XML: a payload is text there, never markup."""
    import xml.etree.ElementTree as ET

    files = [hostile_site / "feed.xml", hostile_site / "sitemap.xml", *hostile_site.glob("departments/**/feed.xml")]
    assert len(files) > 3
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "<script>" not in text and "<img " not in text and "<svg " not in text, path
        ET.fromstring(text.encode("utf-8"))  # well-formed whatever the payload
    feed = (hostile_site / "departments/nongye/feed.xml").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned" in feed


def test_no_page_carries_a_payload_as_markup(hostile_site):
    """Every page, also those the browser tests do not load: the payloads are text (escaped) everywhere, in
    the header band's image, the primary navigation and an annual report's text sections too."""
    pages = list(hostile_site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in html and "<img src=x" not in html and "<svg onload" not in html, path
        assert 'href="javascript:' not in html and "src=\"javascript:" not in html, path
    report = (hostile_site / "departments/nongye/xxgk-nianbao/2025/index.html").read_text(encoding="utf-8")
    assert report.count("&lt;script&gt;window.__pwned") >= len(ANNUAL_TEXTS)
    home = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/images/banner.svg?&#34;&gt;&lt;img src=x' in home
    assert "首页&lt;script&gt;window.__pwned" in home and 'href="zcwj/&#34;&gt;&lt;img src=x' in home
