"""The same small county built for real as a 区 (街道, 社区) and as a 旗 (苏木, 嘎查): no page says 县 or 乡镇, and
the county's own words are where the product's were (issue 24)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import build

# (kind of the government, of the township, of the village; its name's level; its township's name)
COUNTIES = {
    "区": ("区政府", "街道", "社区", "城关街道办事处"),
    "旗": ("旗政府", "苏木", "嘎查", "城关苏木人民政府"),
}
# What the product used to write on every page of any county (issue 24).
COUNTY_TEXT = ("县政府部门", "本县", "县人民政府", "乡镇（街道）", "县级", "乡级")


def _rewrite(path: Path, pairs: list[tuple[str, str]]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def turn_into(project: Path, level: str) -> None:
    """The mini county as a 区 or a 旗: its own files in its own words (its settings, organisations, catalog
    wording and documents), its catalog's 公开层级 kept as the product's levels."""
    government, township, village, township_name = COUNTIES[level]
    names = [("示例县", f"示例{level}"), ("小县", f"小{level}"), ("黔", "某"), ("全县", f"全{level}"),
             ("县农业农村局", f"{level}农业农村局")]
    _rewrite(project / "mkdocs.yml", names)
    _rewrite(project / "content/county/_org.yml", names + [("类型: 县政府", f"类型: {government}"),
                                                          ("简称: 县政府", f"简称: {government}")])
    _rewrite(project / "content/townships/chengguan/_org.yml", [("类型: 乡镇", f"类型: {township}"),
                                                                ("城关镇人民政府", township_name)])
    _rewrite(project / "content/townships/chengguan/dongjie/_org.yml", [("类型: 社区", f"类型: {village}")])
    for path in [*(project / "content").rglob("*.md"), *(project / "content").rglob("_org.yml")]:
        _rewrite(path, names)
    for path in (project / "catalog").glob("[!_]*.yml"):
        _rewrite(path, names + [("县人民政府", f"{level}人民政府"), ("县级各部门", f"{level}级各部门"),
                                ("乡镇人民政府", township_name)])


# A name the product keeps whatever the county: the catalog's field 县级主体 (a column of its open data, as
# the catalog files and spreadsheets name it). The search filter's key 乡镇 (?乡镇=…) is only in markup; its
# label is the county's word.
FIELD_NAME = "县级主体"


def _visible(html: str, uri: str = "") -> str:
    """A page's text a citizen reads (its markup and scripts aside)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]*?>", " ", html)
    return text.replace(FIELD_NAME, " ")


@pytest.mark.parametrize("level", COUNTIES)
def test_a_county_that_is_not_a_county_is_not_called_one(mini, level):
    turn_into(mini, level)
    result = build(mini)
    assert result.returncode == 0, result.output
    pages = {p.relative_to(result.site).as_posix(): p.read_text(encoding="utf-8") for p in result.site.rglob("*.html")}
    assert len(pages) > 20
    found = {(uri, word) for uri, html in pages.items() for word in COUNTY_TEXT if word in _visible(html, uri)}
    assert found == set()
    stray = sorted({(uri, m.group(0)) for uri, html in pages.items() for m in re.finditer(r".{0,12}[县乡镇].{0,12}", _visible(html, uri))})
    assert stray == []
    # the county's own words where the product's were
    government, township, village, _ = COUNTIES[level]
    fdzdgk = _visible(pages["xxgk/fdzdgk/index.html"])
    assert f"{level}人民政府" in fdzdgk and f"{level}政府部门" in fdzdgk and f"本{level}各级行政机关" in fdzdgk
    assert f"本{level}编制了" in _visible(pages["catalog/index.html"])
    department = pages["departments/nongye/index.html"]
    assert f"{level}政府部门" in _visible(department)  # its breadcrumb and the navigation
    catalog = _visible(pages["catalog/fupin/index.html"])
    assert f"{level}级" in catalog and f"{township}级" in catalog  # the 公开层级 in the county's words
    assert f"{village}级" in catalog
    assert f"本{township}" in _visible(pages["townships/chengguan/index.html"])  # the township's search scope
