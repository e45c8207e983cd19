"""The annual report prints on A4 (overrides/assets/stylesheets/gov.css, @media print): Chromium's PDF of the
page has A4 pages; at the width of an A4 page's text (186 mm) every table fits without scrolling, the
header, navigation and download links are not printed, and table 三's header row repeats on each page."""

from __future__ import annotations

import re

import pytest

from .pages import page_types

A4_POINTS = (595, 842)  # 210 × 297 mm
TEXT_WIDTH = 703  # CSS px: 210 mm − 2 × 12 mm margins


@pytest.fixture(scope="module")
def report(example_model):
    return page_types(example_model)["annual report"]


def test_the_report_prints_on_a4_with_every_table_whole(browser, base_url, report):
    context = browser.new_context(viewport={"width": TEXT_WIDTH, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.goto(base_url + report)
    page.emulate_media(media="print")
    layout = page.evaluate("""() => ({
        tables: [...document.querySelectorAll('.gov-annual__table')].map(t => {
            const wrap = t.closest('.gov-table-wrap');
            return {id: t.id, scrolls: wrap.scrollWidth > wrap.clientWidth + 1, right: t.getBoundingClientRect().right}; }),
        hidden: ['.md-header', '.gov-annual__downloads'].map(s => getComputedStyle(document.querySelector(s)).display),
        header: getComputedStyle(document.querySelector('#table-3 thead')).display})""")
    assert [t["id"] for t in layout["tables"]] == ["table-2", "table-3", "table-4"]
    assert all(not t["scrolls"] and t["right"] <= TEXT_WIDTH for t in layout["tables"]), layout
    assert layout["hidden"] == ["none", "none"] and layout["header"] == "table-header-group"
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    context.close()
    boxes = {tuple(round(float(v)) for v in box.split()[2:]) for box in
             re.findall(rb"/MediaBox\s*\[\s*([\d.\s]+)\]", pdf) for box in [box.decode()]}
    assert boxes == {A4_POINTS}, boxes
