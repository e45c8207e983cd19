"""Static Chinese search (Pagefind extended) in real Chromium, on the example county."""

from __future__ import annotations

from urllib.parse import urlencode, urlparse

import pytest

from conftest import url_path

# (query, source file of the document that must be among the first 5 results)
QUERIES: list[tuple[str, str]] = []  # filled from the example content, see test_query_set_is_large_enough


def run_search(page, base_url, **params) -> list[str]:
    """Open the search page with ``params``; return the result paths in order."""
    page.goto(base_url + "search/?" + urlencode(params))
    page.wait_for_function("/找到|没有找到/.test(document.getElementById('search-status').textContent)")
    hrefs = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.getAttribute('href'))")
    return [urlparse(h).path.lstrip("/") for h in hrefs]


def all_results(page, base_url, **params) -> list[str]:
    results = run_search(page, base_url, **params)
    while page.locator("#search-more").is_visible():
        page.click("#search-more")
        page.wait_for_function(f"document.querySelectorAll('#search-results li').length > {len(results)}")
        results = [urlparse(h).path.lstrip("/") for h in
                   page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.getAttribute('href'))")]
    return results


def test_query_set_is_large_enough():
    assert len(QUERIES) >= 20


@pytest.mark.parametrize("query,source", QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_its_document_in_the_first_five(page, base_url, query, source):
    results = run_search(page, base_url, q=query, 排序="relevance")
    assert url_path(source) in results[:5], results[:5]


def test_township_filter_returns_only_that_township_and_its_villages(page, base_url, example_model):
    township = max(example_model.tree.townships, key=lambda t: sum(
        1 for d in example_model.documents if d.org is t or d.org.parent is t))
    own = {url_path(d.src_uri) for d in example_model.documents if d.org is township or d.org.parent is township}
    columns = {url_path(c.page_uri) for c in example_model.columns.values()
               if c.org is township or c.org.parent is township}
    results = all_results(page, base_url, 乡镇=township.name, 类型="文件")
    assert results and set(results) <= own
    assert set(results) == own  # every document of the township and its villages, nothing else
    results = all_results(page, base_url, 乡镇=township.name)
    assert set(results) <= own | columns


def test_year_filter_returns_only_that_year(page, base_url, example_model):
    year = 2025
    expected = {url_path(d.src_uri) for d in example_model.documents if d.published.year == year}
    results = all_results(page, base_url, 年份=str(year))
    assert results and set(results) == expected


def test_results_are_newest_first_with_dates_and_marks(page, base_url, example_model):
    void = next(d for d in example_model.documents if d.validity != "有效")
    word = void.title[:6]
    run_search(page, base_url, q=word)
    dates = page.eval_on_selector_all("#search-results li time", "els => els.map(e => e.getAttribute('datetime'))")
    assert dates and dates == sorted(dates, reverse=True)
    item = page.locator("#search-results li", has=page.locator(f"a[href$='{url_path(void.src_uri)}']"))
    assert void.validity in item.inner_text()
    status = page.locator("#search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"


def test_header_search_from_home_and_document_pages(page, base_url, example_model):
    doc = next(d for d in example_model.documents if d.number)
    for start in ("", url_path(doc.src_uri)):
        page.goto(base_url + start)
        page.fill("#gov-search-q", doc.number)
        page.keyboard.press("Enter")
        page.wait_for_function("/找到|没有找到/.test(document.getElementById('search-status').textContent)")
        assert page.locator(f"#search-results a[href$='{url_path(doc.src_uri)}']").count() == 1
        page.locator(f"#search-results a[href$='{url_path(doc.src_uri)}']").click()
        assert page.locator("h1").inner_text() == doc.title


def test_search_within_a_township_from_its_page(page, base_url, example_model):
    township = example_model.tree.townships[0]
    page.goto(base_url + url_path(township.page_uri))
    page.click("form.gov-scoped-search button")
    page.wait_for_function("/找到|没有找到|请输入/.test(document.getElementById('search-status').textContent)")
    assert page.locator("select[name='乡镇']").input_value() == township.name


def test_search_page_explains_the_way_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "search/")
    text = page.locator("article").inner_text()
    assert "JavaScript" in text and page.locator("article a[href$='catalog/']").count() >= 1
    context.close()
