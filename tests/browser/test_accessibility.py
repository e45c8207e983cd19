"""Accessibility in real Chromium: axe-core (pinned, from axe-playwright-python) on every page type in
normal mode, in 长辈模式 and at 320 CSS px; keyboard use; same-origin requests only; 长辈模式 size."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import axe_playwright_python
import pytest

from govsite import urls

from .pages import page_types

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MODES = {"normal": (1280, 900, False), "elder": (1280, 900, True), "320px": (320, 640, False)}


def axe_violations(page) -> list[str]:
    # Evaluated, not added as an inline <script>: the pages' Content-Security-Policy (rightly) refuses those.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['nodes'][0]['failureSummary']}"
            for v in result["violations"]]


@pytest.fixture(scope="module")
def types(example_model):
    return page_types(example_model)


@pytest.mark.parametrize("mode", MODES)
def test_axe_reports_no_violations(browser, base_url, types, mode):
    width, height, elder = MODES[mode]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    if elder:
        page.goto(base_url)
        page.evaluate("localStorage.setItem('gov-elder', '1')")
    failures = {}
    for name, path in types.items():
        page.goto(base_url + path)
        if name == "search with results":
            page.wait_for_selector("#search-results li")
        if elder:
            assert page.evaluate("document.documentElement.classList.contains('gov-elder')"), name
        violations = axe_violations(page)
        if violations:
            failures[name] = violations
        if mode == "320px":  # WCAG 1.4.10 reflow: no horizontal scrolling of the page
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, name
    context.close()
    assert not failures


def test_every_request_goes_to_the_site_itself(browser, base_url, types):
    context = browser.new_context()
    page = context.new_page()
    origins = set()
    page.on("request", lambda request: origins.add(urlparse(request.url).netloc))
    for name, path in types.items():
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    context.close()
    assert origins == {urlparse(base_url).netloc}


def test_keyboard_reaches_main_content_search_and_toggle(page, base_url, types):
    page.goto(base_url + types["document with 解读"])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "跳到正文"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "gov-main"
    page.goto(base_url + types["home"])
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
        if seen[-1] == "gov-elder-toggle":
            break
    assert "gov-search-q" in seen and seen[-1] == "gov-elder-toggle", seen
    toggle = page.locator("#gov-elder-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-pressed") == "false"


def test_elder_mode_is_large_and_persists(page, base_url, types):
    page.goto(base_url + types["department"])
    normal = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    page.click("#gov-elder-toggle")
    sizes = page.evaluate("[...document.querySelectorAll('article p, article dd, article li')].map(e => parseFloat(getComputedStyle(e).fontSize))")
    size = min(sizes)
    line = page.evaluate("(e => parseFloat(getComputedStyle(e).lineHeight) / parseFloat(getComputedStyle(e).fontSize))(document.querySelector('.md-typeset'))")
    assert size >= 20 and size > normal and line >= 1.5
    box = page.locator("#gov-elder-toggle").bounding_box()
    assert box["width"] >= 60 and box["height"] >= 60
    page.goto(base_url + types["document with 解读"])
    assert page.evaluate("document.documentElement.classList.contains('gov-elder')")
    assert page.locator("#gov-elder-toggle").get_attribute("aria-pressed") == "true"
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.gov-body p')).fontSize)")
    assert size >= 20


def test_elder_class_is_set_before_first_paint(browser, base_url, types):
    """No flash of the wrong mode: the class is on <html> before any stylesheet or body is parsed."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url)
    page.evaluate("localStorage.setItem('gov-elder', '1')")
    page.add_init_script("""
        new MutationObserver((_, obs) => {
          if (document.body) { window.__elderAtBody = document.documentElement.classList.contains('gov-elder'); obs.disconnect(); }
        }).observe(document, {childList: true, subtree: true});
    """)
    page.goto(base_url + types["township"])
    assert page.evaluate("window.__elderAtBody") is True
    context.close()


def test_page_titles_and_language(page, base_url, types, example_model):
    column = next(c for c in example_model.columns.values() if c.documents)
    from conftest import url_path
    page.goto(base_url + url_path(urls.column(column)))
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    title = page.title()
    assert column.item.name in title and column.org.name in title
    assert page.locator("nav[aria-label='当前位置'] [aria-current='page']").count() == 1


def test_footer_identity_items(page, base_url):
    page.goto(base_url)
    footer = page.locator("footer.gov-footer")
    text = footer.inner_text()
    for label in ("主办单位", "联系方式", "网站标识码"):
        assert label in text
    assert footer.locator("a[href^='https://beian.miit.gov.cn']").count() == 1
    assert footer.locator("a[href^='https://beian.mps.gov.cn']").count() == 1
    assert footer.get_by_text("我为政府网站找错").count() == 1
    assert footer.locator("img[alt='党政机关网站标识']").count() == 1
    with page.expect_navigation():
        footer.get_by_text("网站地图").click()
    assert page.locator("h1").inner_text() == "网站地图"
