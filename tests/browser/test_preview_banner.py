"""The preview's error banner as an editor sees it (render/preview.py): on the site's pages above the page
(assets/javascripts/govsite-preview.js), in the form editor fixed at the foot of the form (admin/govsite.js),
both from the same report: its headline, one item per error with its line breaks, the same colours."""

from __future__ import annotations

import datetime
import json

import pytest

from conftest import FIXTURES, ROOT
from govsite.model import site as model
from govsite.parse.errors import ContentError
from govsite.parse.settings import CmsOptions
from govsite.render import admin, preview
from tests.browser.conftest import serve

ERRORS = [ContentError("content/townships/a/2026/x.md", "没有栏目“fdzdgk-99”", "改用单位页面上列出的栏目编号。", field="栏目"),
          ContentError("content/county/2026/y.md", "征集截止 2026-01-01 不晚于征集开始 2026-01-02", "核对两个日期。",
                       field="意见征集.征集截止")]
# Decap CMS as far as admin/govsite.js touches it before Decap starts (the banner needs none of it)
CMS_STUB = ("window.CMS = {registerEventListener: function () {}, registerLocale: function () {},"
            " getLocale: function () { return {}; }, registerEditorComponent: function () {}};")
LOOK = """(box) => { const s = getComputedStyle(box); return {
  position: s.position, background: s.backgroundColor, color: s.color, size: s.fontSize, line: s.lineHeight,
  padding: s.padding, top: s.borderTopWidth + ' ' + s.borderTopColor, bottom: s.borderBottomWidth + ' ' + s.borderBottomColor,
  role: box.getAttribute('role'), head: box.querySelector('strong').textContent,
  items: Array.from(box.querySelectorAll('li')).map(li => [li.textContent, getComputedStyle(li).whiteSpace]),
  first: box === document.body.firstElementChild, last: box === document.body.lastElementChild,
  fixedBottom: s.bottom, zIndex: s.zIndex, maxHeight: s.maxHeight, overflow: s.overflowY, margin: s.margin}; }"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("banner")
    (root / preview.ERRORS_FILE).write_text(preview.errors_json(ERRORS), encoding="utf-8")
    (root / preview.SCRIPT).parent.mkdir(parents=True)
    (root / preview.SCRIPT).write_text(preview.script(), encoding="utf-8")
    (root / "index.html").write_text('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>'
                                     f'<main>页面</main><script src="{preview.SCRIPT}"></script></body></html>',
                                     encoding="utf-8")
    mini = FIXTURES / "mini"
    site = model.load(mini, mini / "content", mini / "catalog")
    generated, _ = admin.files(site, CmsOptions(), ROOT, content="content", today=datetime.date(2026, 6, 1))
    (root / "admin").mkdir()
    (root / "admin" / admin.OWN_SCRIPT).write_text(generated[f"admin/{admin.OWN_SCRIPT}"], encoding="utf-8")
    (root / "admin" / "index.html").write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body><div id="form">表单</div>'
        f'<script>{CMS_STUB}</script><script src="{admin.OWN_SCRIPT}"></script></body></html>', encoding="utf-8")
    server = serve(root)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def _look(browser, url: str) -> dict:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(url)
    box = page.locator(".govsite-preview-errors")
    box.wait_for()
    look = box.evaluate(LOOK)
    assert box.count() == 1 and problems == []
    context.close()
    return look


def test_the_sites_pages_show_the_errors_above_the_page(browser, served):
    look = _look(browser, served)
    report = json.loads(preview.errors_json(ERRORS))
    assert look["head"] == report["headline"] and look["role"] == "alert"
    assert look["items"] == [[e.format(), "pre-wrap"] for e in ERRORS]
    assert (look["position"], look["first"], look["margin"], look["zIndex"]) == ("relative", True, "0px", "10")
    assert (look["background"], look["color"], look["size"], look["line"], look["padding"]) == (
        "rgb(255, 240, 240)", "rgb(26, 26, 26)", "15px", "24px", "15px 22.5px")
    assert look["bottom"] == "3px rgb(204, 0, 0)" and look["top"].startswith("0px")


def test_the_form_editor_shows_the_same_errors_at_the_foot_of_the_form(browser, served):
    look = _look(browser, served + "admin/")
    report = json.loads(preview.errors_json(ERRORS))
    assert look["head"] == report["headline"] and look["role"] == "alert"
    assert look["items"] == [[e.format(), "pre-wrap"] for e in ERRORS]
    assert (look["position"], look["last"], look["fixedBottom"], look["zIndex"], look["maxHeight"], look["overflow"]) == (
        "fixed", True, "0px", "99999", "320px", "auto")
    assert (look["background"], look["color"], look["size"], look["line"], look["padding"]) == (
        "rgb(255, 240, 240)", "rgb(26, 26, 26)", "15px", "24px", "15px 22.5px")
    assert look["top"] == "3px rgb(204, 0, 0)" and look["bottom"].startswith("0px")
