"""Golden HTML: one page of every page type of the example county, normalised, equals its file in
tests/build/golden/. A change to a view, a template or the content shows up here as a diff to review.

Normalised: the page's <title>, then its main region (from ``<div id="gov-main"`` — the 404 page has
none: from ``<article`` — to ``</article>``), without the Content-Security-Policy meta tag (its hashes
change with any inline script) and without the check date; whitespace collapsed, one tag per line.
Pages carry no build date (only sitemap.xml does).

After an intended change, rewrite the files and review their diff:
``GOVSITE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/build/test_golden.py``.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest
from conftest import EXAMPLE_AS_OF

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("GOVSITE_UPDATE_GOLDEN") == "1"

PAGES = {  # page type → output path in the example county
    "home": "index.html",
    "xxgk": "xxgk/index.html",  # 政府信息公开
    "aggregate": "xxgk/xxgk-zhinan/index.html",  # a standard sub-column gathering every organisation's documents
    "fdzdgk": "xxgk/fdzdgk/index.html",  # 法定主动公开内容
    "catalog-index": "catalog/index.html",
    "catalog-domain": "catalog/yiwu-jiaoyu/index.html",
    "org-group": "departments/index.html",
    "organisation": "departments/nongye/index.html",
    "column": "departments/nongye/fupin-01/index.html",
    "document": "departments/nongye/2025/gengdi-dili-baohu-butie-fangan/index.html",  # with its 解读
    "policies": "zcwj/index.html",  # 政策文件 (the newest year)
    "consultations": "xxgk/yjzj/index.html",  # 意见征集: every consultation, open first
    "search": "search/index.html",
    "sitemap": "wzdt/index.html",
    "checks": "maintainers/checks/index.html",
    "404": "404.html",
}

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')
TITLE = re.compile(r"<title>.*?</title>", re.S)


def normalise(html: str) -> str:
    html = CSP_META.sub("", html)
    title = TITLE.search(html)
    start = html.find('<div id="gov-main"')
    if start < 0:
        start = html.index("<article")
    end = html.index("</article>", start) + len("</article>")
    text = (title[0] if title else "") + html[start:end]
    text = text.replace(EXAMPLE_AS_OF, "{检查日期}")  # the checks page's date (no document carries it)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r">\s*<", ">\n<", text) + "\n"


def test_normalise_keeps_the_main_region_only():
    page = ('<html><head><meta http-equiv="Content-Security-Policy" content="x"><title>标题 - 县</title></head>'
            f'<body><nav>导航</nav><article><div id="gov-main" tabindex="-1"></div>\n  <p>检查日期 {EXAMPLE_AS_OF}</p>'
            '   <p>正文</p></article><footer>页脚</footer></body></html>')
    assert normalise(page) == ('<title>标题 - 县</title>\n<div id="gov-main" tabindex="-1">\n</div>\n'
                               '<p>检查日期 {检查日期}</p>\n<p>正文</p>\n</article>\n')
    assert normalise("<title>404</title><article class='x'>\n<h1>无</h1>\n</article>") == \
        "<title>404</title>\n<article class='x'>\n<h1>无</h1>\n</article>\n"


@pytest.mark.parametrize("kind", PAGES)
def test_page_matches_its_golden_file(example_site, kind):
    page = example_site / PAGES[kind]
    assert page.is_file(), f"{PAGES[kind]} is not in the example build: choose another {kind} page"
    actual = normalise(page.read_text(encoding="utf-8"))
    golden = GOLDEN / f"{kind}.html"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no {golden.name}: run with GOVSITE_UPDATE_GOLDEN=1 to create it"
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"golden/{kind}.html", PAGES[kind], n=1))
        pytest.fail(f"{PAGES[kind]} differs from golden/{kind}.html (GOVSITE_UPDATE_GOLDEN=1 rewrites it "
                    f"after an intended change):\n{diff[:6000]}")
