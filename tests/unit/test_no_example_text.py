"""Product code names no county (issue 12): the example county (示例县) and its province live in content/,
catalog/, mkdocs.yml and the test fixtures only, so another county's site never shows them."""

from __future__ import annotations

import re

from conftest import FIXTURES, ROOT

from govsite.model import site as model
from govsite.views import pages

EXAMPLE = re.compile(r"示例县|黔|贵州|guizhou", re.IGNORECASE)


def test_hooks_and_overrides_name_neither_the_example_county_nor_its_province():
    found = []
    for folder in ("hooks", "overrides"):
        for path in sorted((ROOT / folder).rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:  # images and other binary files
                continue
            found += [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
                      for n, line in enumerate(text.splitlines(), 1) if EXAMPLE.search(line)]
    assert found == []


def test_the_search_placeholder_comes_from_the_content():
    root = FIXTURES / "mini"
    site = model.load(root, root / "content", root / "catalog")
    newest = next(d for d in site.latest if d.number)
    assert pages.search_placeholder(site) == f"如：{newest.item.name}、{newest.number}"
