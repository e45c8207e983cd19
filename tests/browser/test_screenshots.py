"""Screenshots of the main page types at 1280 and 390 CSS px, as a county will see its site (README).

Written into docs/images/ when GOVSITE_SCREENSHOTS=1 (`GOVSITE_SCREENSHOTS=1 .venv/bin/python -m pytest
tests/browser/test_screenshots.py`), into a temporary folder otherwise (the pages still have to render).
"""

from __future__ import annotations

import os
from pathlib import Path

from .pages import page_types

DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
WIDTHS = {1280: 800, 390: 844}  # viewport width → height (a laptop, a phone)
MAIN = {"home": "home", "policies": "policies", "catalog": "catalog", "county column": "column",
        "document with 解读": "document", "township": "township"}


def test_screenshots_of_the_main_page_types(browser, base_url, example_model, tmp_path):
    folder = DOCS_IMAGES if os.environ.get("GOVSITE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    types = page_types(example_model)
    written = []
    for width, height in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                      device_scale_factor=1)
        page = context.new_page()
        for kind, name in MAIN.items():
            page.goto(base_url + types[kind])
            page.wait_for_load_state("networkidle")
            path = folder / f"{name}-{width}.png"
            page.screenshot(path=str(path), animations="disabled", caret="hide")
            written.append(path)
        context.close()
    assert all(p.stat().st_size > 5000 for p in written), written


def test_readme_shows_the_screenshots():
    readme = (DOCS_IMAGES.parents[1] / "README.md").read_text(encoding="utf-8")
    for name in MAIN.values():
        for width in WIDTHS:
            assert f"docs/images/{name}-{width}.png" in readme
            assert (DOCS_IMAGES / f"{name}-{width}.png").exists()
