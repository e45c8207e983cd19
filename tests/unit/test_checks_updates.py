"""The remaining 单项否决 and update rules of 国办秘函〔2019〕19号, broken on purpose in the mini county:
首页不更新 (home_not_updated), 栏目不更新 (2) counted apart from (1) (long_stale_columns_total),
人事、规划计划类信息 within a year (personnel_planning), and list items without a visible date
(undated_items). The mini county's newest document is 东街社区's, 2025-06-03."""

from __future__ import annotations

import datetime

from checks_support import PROJECT_SITE, edit, found, load, run

from govsite import checks
from govsite.checks import updates
from govsite.checks.rules import RULES

HOME_ON = {"home_not_updated": "error"}


def test_the_home_page_must_change_within_two_weeks(mini):
    report = run(mini, "2025-06-17", HOME_ON)  # 14 days after the newest document
    assert found(report, "home_not_updated") == [] and report.ok
    report = run(mini, "2025-06-18", HOME_ON)
    assert found(report, "home_not_updated") == [
        ("error", None, None, None, None,
         "首页最近一次更新是 2025-06-03（东街社区2025年衔接资金项目公示），2025-06-04 以来（检查日期前 14 天）没有新发布的文件")]
    assert not report.ok  # 单项否决: an error by default
    assert next(f for f in report.findings if f.rule == "home_not_updated").cites == "国办秘函〔2019〕19号 单项否决指标（首页不更新：监测2周，首页无信息更新）"
    assert found(run(mini, "2025-06-18", {"home_not_updated": "warning"}), "home_not_updated")[0][0] == "warning"


def test_a_site_without_documents_has_not_updated_its_home_page(mini):
    for path in (mini / "content").rglob("*.md"):
        path.unlink()
    assert [m for *_, m in found(run(mini, "2025-06-18", HOME_ON), "home_not_updated")] == ["首页“最新公开”没有任何文件"]


def set_cycle(project, item, cycle):
    catalog = project / "catalog/fupin.yml"
    text = catalog.read_text(encoding="utf-8")
    start = text.index(f"  - 编号: {item}\n")
    end = text.find("\n  - 编号:", start + 1)
    end = len(text) if end < 0 else end
    block = text[start:end]
    lines = [line for line in block.split("\n") if not line.startswith("    更新周期:")]
    catalog.write_text(text[:start] + "\n".join(lines) + f"\n    更新周期: {cycle}" + text[end:], encoding="utf-8")


def test_other_stale_columns_are_counted_apart_from_the_first_kind(mini):
    set_cycle(mini, "fupin-03", "每月")  # 东街社区's column (2025-06-03) goes stale on 2025-07-04
    options = {"stale_column_limit": 1, "long_stale_column_limit": 1}
    report = run(mini, "2025-07-04", options)
    assert [(f.org.id, f.column) for f in report.findings if f.rule == "stale_column"] == [("dongjie", "fupin-03")]
    assert found(report, "stale_columns_total") == []  # 每月 is not 动态要闻/通知公告/政策文件
    assert found(report, "long_stale_columns_total") == [
        ("error", None, None, None, None,
         "全站应更新但长期未更新的栏目 1 个（1 个单位；每月 1 个），达到 1 个，检查时即判定网站不合格")]
    assert found(run(mini, "2025-07-04", {"stale_column_limit": 1}), "long_stale_columns_total") == []  # default 10
    # the 半年 policy columns go stale on 2025-09-12: they count for stale_columns_total, not for this rule
    report = run(mini, "2025-09-12", options)
    assert [m for *_, m in found(report, "stale_columns_total")] == [
        "全站动态要闻、通知公告、政策文件类（更新周期两周、半年）未按期更新的栏目 2 个（1 个单位），达到 1 个，检查时即判定网站不合格"]
    assert "每月 1 个" in found(report, "long_stale_columns_total")[0][-1]


def test_long_term_columns_are_never_long_stale(mini):
    set_cycle(mini, "fupin-03", "长期")
    report = run(mini, "2030-01-01", {"long_stale_column_limit": 1})
    assert found(report, "long_stale_columns_total") == []


def rename(project, old, new):
    edit(project / "catalog/fupin.yml", f"二级事项: {old}", f"二级事项: {new}")


def test_planning_information_within_a_year(mini):
    rename(mini, "扶贫项目公告公示", "扶贫项目年度计划")  # 城关镇 and 东街社区; 东街社区 published on 2025-06-03
    assert found(run(mini, "2026-06-03"), "personnel_planning") == []
    [finding] = [f for f in run(mini, "2026-06-04").findings if f.rule == "personnel_planning"]
    assert finding.severity == "warning" and finding.org is None and finding.columns == ("fupin-03",)
    assert finding.message == ("规划计划类信息（2 个栏目：扶贫项目年度计划）最近一次发布是 2025-06-03，"
                               "2025-06-04 以来（检查日期前 1 年内）没有更新")
    assert finding.cites == "国办秘函〔2019〕19号（监测时间点前1年内，人事、规划计划类信息是否更新）"


def test_personnel_information_never_published(mini):
    rename(mini, "规范性文件", "人事任免")  # 农业农村局's fupin-01: give it a 人事 name, then empty it
    for name in ("zhengce.md", "old.md"):
        (mini / "content/departments/nongye" / name).unlink()
    (mini / "content/departments/nongye/jiedu.md").unlink()  # it interprets the policy removed above
    messages = [m for *_, m in found(run(mini, "2025-06-30"), "personnel_planning")]
    assert messages == ["人事类信息（1 个栏目：人事任免）从未发布，2024-06-30 以来（检查日期前 1 年内）没有更新"]


def test_classes_by_item_names(example_model):
    classes = {}
    for column in example_model.columns.values():
        classes.setdefault(updates.class_of(column), set()).add(column.item.name)
    assert "职位、名额、报考条件及录用结果" in classes["人事"]  # 公务员招考
    assert {"中长期规划", "年度建设计划"} <= classes["规划计划"]
    assert "规范性文件" in classes[None]


def test_undated_items_of_ordinary_pages(mini):
    (mini / "content/about.md").write_text(
        "---\ntitle: 通知公告\n---\n\n# 通知公告\n\n- [关于开展春季植树的通知](notice-1.md)\n"
        "- [关于防汛的通知](notice-2.md) 2025-05-06\n- [年度计划](plan.md)（2025年3月5日）\n- 没有链接的一项\n"
        "1. [编号列表中的通知](notice-3.md)\n\n```\n- [代码中的链接](x.md)\n```\n", encoding="utf-8")
    [finding] = [f for f in run(mini, "2025-06-30").findings if f.rule == "undated_items"]
    assert (finding.severity, finding.file, finding.org) == ("warning", "content/about.md", None)
    assert finding.message.startswith("页面中有 2 条链接列表项没有注明日期（第 7、11 行）")
    assert "未注明信息发布时间的视为不更新" in finding.message


def test_documents_are_dated_and_organisation_pages_are_not_read(mini):
    assert found(run(mini, "2025-06-30"), "undated_items") == []  # every document has its 发布日期
    site = load(mini)
    [doc] = [d for d in site.documents if d.file == PROJECT_SITE]
    doc.published = None  # content made another way than the schema: the guard reports it
    only = {r.id: "off" for r in RULES if r.id != "undated_items"}
    report = checks.run(site, root=mini, content_dir=mini / "content", catalog_dir=mini / "catalog", options=only,
                        as_of=datetime.date(2025, 6, 30))
    assert [(f.file, f.field) for f in report.findings] == [(PROJECT_SITE, "发布日期")]


def test_undated_lines():
    text = "---\n标题: x\n---\n\n* [a](a.md)\n  + [b](b.md) 2024/3/5\n10) [c](c.md)\n- [d](d.md) 2024.03.05\n"
    assert updates.undated_lines(text) == [5, 7]
