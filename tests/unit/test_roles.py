"""Roles, not ids (issue 12): the 政府信息公开 sub-columns and the 年报 deadlines (条例 第四十九条: 部门每年
1月31日前, 本级政府每年3月31日前) come from the 角色 declared on the catalog domain and item, whatever the
file is called."""

from __future__ import annotations

from pathlib import Path

import pytest
from checks_support import run
from mkdocs.exceptions import PluginError

from govsite import urls
from govsite.checks.columns import annual_deadline
from govsite.model import site as model
from govsite.views import nav, pages


def load(root: Path):
    return model.load(root, root / "content", root / "catalog")


def renamed(project: Path) -> Path:
    """The mini county with its 政府信息公开 domain file named as another county may name it."""
    (project / "catalog/xxgk.yml").rename(project / "catalog/zfxxgk.yml")
    return project


def annual_report(project: Path, folder: str, published: str, code: str) -> None:
    (project / f"content/{folder}/nianbao-{published}.md").write_text(
        f"---\n标题: 年度报告\n栏目: xxgk-nianbao\n成文日期: {published}\n发布日期: {published}\n"
        f"主题分类: 综合政务\\政务公开\n索引号: {code}/{published[:4]}-00099\n---\n\n报告。\n", encoding="utf-8")


def test_a_renamed_domain_file_keeps_its_sub_columns(mini):
    site = load(renamed(mini))
    domain = site.catalog.items["xxgk-nianbao"].domain
    assert (domain.id, domain.role) == ("zfxxgk", "政府信息公开")
    assert [i.id for i in urls.standard_items(site)] == ["xxgk-zhinan", "xxgk-nianbao"]
    views = pages.generate(site, urls.Urls(True), site_name="县", links={}, bundles=[])
    assert [e.title for e in views[urls.XXGK_INDEX].entries][:4] == [
        "政府信息公开指南", "法定主动公开内容", "政府信息公开年报", "政务公开事项标准目录"]
    assert urls.xxgk_item(site.catalog.items["xxgk-nianbao"]) in views
    [xxgk] = [e["政府信息公开"] for e in nav.build(site, {}) if "政府信息公开" in e]
    assert xxgk[:4] == [urls.XXGK_INDEX, {"政府信息公开指南": urls.xxgk_item(site.catalog.items["xxgk-zhinan"])},
                        {"法定主动公开内容": urls.FDZDGK},
                        {"政府信息公开年报": urls.xxgk_item(site.catalog.items["xxgk-nianbao"])}]
    catalog_nav = xxgk[-1]["标准目录"]
    assert {"政府信息公开": urls.catalog_domain(domain)} not in catalog_nav  # the section itself is the domain


def test_the_sub_columns_follow_the_role_not_the_file_name(mini):
    path = mini / "catalog/xxgk.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("角色: 政府信息公开", "", 1), encoding="utf-8")
    site = load(mini)
    assert urls.standard_items(site) == []  # named xxgk.yml, but no 角色: an ordinary domain


def test_annual_report_deadlines_follow_the_item_role(mini):
    site = load(renamed(mini))
    item, county, nongye = site.catalog.items["xxgk-nianbao"], site.tree.orgs["county"], site.tree.orgs["nongye"]
    assert item.role == "年报"
    assert annual_deadline(item, nongye) == (1, 31)  # 部门: 条例 第四十九条
    assert annual_deadline(item, county) == (3, 31)  # 本级政府: 条例 第四十九条
    item.role = None
    assert annual_deadline(item, county) == (1, 31)  # without the role, the catalog's own deadline


def test_a_renamed_domain_file_keeps_the_annual_report_deadlines(mini):
    renamed(mini)
    annual_report(mini, "departments/nongye", "2025-01-20", "11522799MB10000299")
    annual_report(mini, "county", "2025-03-20", "11522799MB1000010C")
    stale = [f for f in run(mini, "2026-02-10").findings if f.rule == "stale_column" and f.column == "xxgk-nianbao"]
    assert [(f.org.id, f.cites) for f in stale] == [("nongye", "《中华人民共和国政府信息公开条例》第四十九条")]
    assert "应在 2026 年 1月31日前发布" in stale[0].message
    stale = [f for f in run(mini, "2026-04-01").findings if f.rule == "stale_column" and f.column == "xxgk-nianbao"]
    assert [f.org.id for f in stale] == ["county", "nongye"]
    assert "应在 2026 年 3月31日前发布" in stale[0].message


def test_an_unknown_role_is_an_editor_error(mini):
    path = mini / "catalog/xxgk.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("角色: 年报", "角色: 年度报告", 1), encoding="utf-8")
    with pytest.raises(PluginError, match="角色"):
        load(mini)



def test_a_catalog_without_the_xxgk_role_is_a_named_warning(mini):
    """Issue 24: a catalog written before roles existed lost its 指南 and 年报 sub-columns silently. Without a
    domain of 角色 政府信息公开 the build warns (build.py logs ``Catalog.missing_role``), naming file and fix."""
    assert load(mini).catalog.missing_role() is None
    path = mini / "catalog/xxgk.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("角色: 政府信息公开", "", 1), encoding="utf-8")
    warning = load(mini).catalog.missing_role()
    assert warning.startswith("catalog/xxgk.yml：标准目录中没有一个领域声明“角色: 政府信息公开”")
    assert "政府信息公开指南" in warning and "在 catalog/xxgk.yml 的“领域:”下一行加“角色: 政府信息公开”" in warning
