"""Views (views.pages): the catalog elements (公开要素) come from the declaration of ``Item``, so a field
declared with ``element=Show(...)`` appears on column, aggregate and catalog pages with nothing else to
change; the views' URLs are the site's (urls)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from mkdocs.exceptions import PluginError

from govsite import urls
from govsite.model import site as model
from govsite.parse import schema
from govsite.views import pages

DECLARED = ["公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象", "公开方式", "公开层级"]


def load(root: Path):
    return model.load(root, root / "content", root / "catalog")


def test_elements_follow_the_declaration_order_and_its_show_options():
    site = load(FIXTURES / "mini")
    item = site.catalog.items["fupin-01"]
    assert [f.key for f in schema.elements(type(item))] == DECLARED
    assert [(e.label, e.text) for e in pages.elements(item)] == [
        ("公开内容", "本级涉及扶贫领域的规范性文件"), ("公开依据", "《中华人民共和国政府信息公开条例》"),
        ("公开时限", "信息形成(变更)20个工作日内"), ("公开主体", "县农业农村局"),
        ("公开渠道和载体", "政府网站、政务服务中心"),  # Show(): a list joined by 、
        ("公开对象", "全社会"), ("公开方式", "主动公开"),  # Show(suffix="公开")
        ("公开层级", "县级")]
    assert pages.ELEMENT_LABELS == tuple(DECLARED)


# A catalog field a county adds: declared once on Item, with element=Show(...).
NEW_FIELD = '    hotline: tuple[str, ...] = declare("咨询电话", Texts(), "咨询电话", default=(), element=Show(join="；"))\n'
ANCHOR = '    tiers: tuple[str, ...] = declare("公开层级"'

SCRIPT = """
import json, sys
from pathlib import Path
from govsite import urls
from govsite.model import site as model
from govsite.views import pages

root = Path(sys.argv[1])
site = model.load(root, root / "content", root / "catalog")
views = pages.generate(site, urls.Urls(True), site_name="小县", links={}, bundles=[])
items = site.catalog.items
domain = views[urls.catalog_domain(items["fupin-01"].domain)]
column = views[urls.column(site.columns[("nongye", "fupin-01")])]
aggregate = views[urls.xxgk_item(items["xxgk-nianbao"])]
pairs = lambda elements: [[e.label, e.text] for e in elements]
print(json.dumps({
    "value": list(items["fupin-01"].hotline), "type": type(items["fupin-01"]).__module__,
    "elements": pairs(pages.elements(items["fupin-01"])), "labels": list(domain.labels),
    "rows": {row.id: pairs(row.elements) for row in domain.rows}, "column": pairs(column.elements),
    "aggregate": pairs(aggregate.elements),
}, ensure_ascii=False))
"""


def _with_hotline(root: Path) -> None:
    catalog = root / "catalog/fupin.yml"
    text = catalog.read_text(encoding="utf-8")
    assert "    需要解读: true\n" in text
    catalog.write_text(text.replace("    需要解读: true\n", "    需要解读: true\n    咨询电话: [0851-1234567, 12345]\n", 1),
                       encoding="utf-8")


def test_an_undeclared_catalog_field_is_refused(tmp_path):
    root = tmp_path / "county"
    shutil.copytree(FIXTURES / "mini", root)
    _with_hotline(root)
    with pytest.raises(PluginError) as raised:
        load(root)
    assert "catalog/fupin.yml 第21行，事项 fupin-01，字段“咨询电话”：不认识的字段" in str(raised.value)


def test_a_field_declared_with_element_show_appears_on_every_page_that_shows_elements(tmp_path):
    """End to end, as a developer adds one: the declaration line added to Item in model/catalog.py
    (a copy of hooks/), the key written in a catalog file, read by schema.record, shown by the views."""
    hooks = tmp_path / "hooks"
    shutil.copytree(ROOT / "hooks", hooks, ignore=shutil.ignore_patterns("__pycache__"))
    source = hooks / "govsite/model/catalog.py"
    text = source.read_text(encoding="utf-8")
    assert text.count(ANCHOR) == 1
    line_end = text.index("\n", text.index(ANCHOR)) + 1
    source.write_text(text[:line_end] + NEW_FIELD + text[line_end:], encoding="utf-8")
    root = tmp_path / "county"
    shutil.copytree(FIXTURES / "mini", root)
    _with_hotline(root)
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(root)], capture_output=True, text=True,
                          env={"PYTHONPATH": str(hooks), "PATH": "/usr/bin:/bin"}, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["type"] == "govsite.model.catalog" and out["value"] == ["0851-1234567", "12345"]
    expected = [*DECLARED, "咨询电话"]  # after 公开层级, where it is declared
    assert [label for label, _ in out["elements"]] == expected
    assert out["elements"][-1] == ["咨询电话", "0851-1234567；12345"]  # its Show(join="；")
    assert out["labels"] == expected  # the catalog table's column headers
    assert all([label for label, _ in row] == expected for row in out["rows"].values())  # one cell per header
    assert out["rows"]["fupin-01"][-1] == ["咨询电话", "0851-1234567；12345"]
    assert out["rows"]["fupin-02"][-1] == ["咨询电话", ""]  # not filled in: an empty cell
    assert out["column"] == out["elements"]  # the column page's 公开要素
    assert [label for label, _ in out["aggregate"]] == expected  # and a 政府信息公开 sub-column's


def test_views_hold_the_site_urls(example_model):
    site = example_model
    u = urls.Urls(True)
    views = pages.generate(site, u, site_name="示例县人民政府", links={"依申请公开": "https://example.gov.cn/"}, bundles=[])
    org = site.tree.departments[0]
    view = views[urls.org(org)]
    assert isinstance(view, pages.OrganisationView) and view.title == org.name
    assert [c.url for g in view.groups for c in g.columns] == [u.url(urls.column(c)) for c in site.columns_of(org.id)]
    assert view.crumbs[0] == pages.Link("首页", "./")
    home = views[urls.HOME]
    assert pages.Link("依申请公开", "https://example.gov.cn/") in home.entries
    assert [e.url for e in home.latest] == [u.url(d.src_uri) for d in site.latest[:10]]
    column = next(c for c in site.columns.values() if c.documents)
    doc = pages.document(column.documents[0], u, views[urls.column(column)], None)
    assert doc.column.url == u.url(urls.column(column)) and doc.crumbs[-1] == doc.column
    assert doc.org.url == u.url(urls.org(column.org))
