"""Empty and stale columns, per organisation and in total (国办秘函〔2019〕19号)."""

from __future__ import annotations

import re

import pytest
from checks_support import PROJECT_SITE, found, run

# The mini county has 8 columns; 4 are empty (the 年报 of three organisations, 城关镇's 项目公示).
EMPTY = [
    ("warning", "county", None, None, None, "本单位 2 个栏目中有空白栏目 1 个：政府信息公开年报（xxgk-nianbao）"),
    ("warning", "nongye", None, None, None, "本单位 3 个栏目中有空白栏目 1 个：政府信息公开年报（xxgk-nianbao）"),
    ("warning", "chengguan", None, None, None,
     "本单位 2 个栏目中有空白栏目 2 个：政府信息公开年报（xxgk-nianbao）、扶贫项目公告公示（fupin-03）"),
]


def test_empty_columns_are_reported_per_organisation(mini):
    report = run(mini, "2025-06-30")
    assert found(report, "empty_columns") == EMPTY
    chengguan = next(f for f in report.findings if f.rule == "empty_columns" and f.org.id == "chengguan")
    assert chengguan.columns == ("xxgk-nianbao", "fupin-03")
    assert chengguan.cites == "国办秘函〔2019〕19号（栏目不更新：空白栏目）"
    assert found(report, "empty_columns_total") == []  # 4 < 5


def test_empty_columns_in_total_reach_the_limit(mini):
    (mini / PROJECT_SITE).unlink()  # 东街社区's 项目公示 becomes the fifth empty column
    report = run(mini, "2025-06-30")
    assert found(report, "empty_columns_total") == [
        ("error", None, None, None, None, "全站共有空白栏目 5 个（4 个单位），达到 5 个，检查时即判定网站不合格")]
    assert not report.ok
    report = run(mini, "2025-06-30", {"empty_column_limit": 6})
    assert found(report, "empty_columns_total") == [] and report.ok
    report = run(mini, "2025-06-30", {"empty_columns_total": "warning"})
    assert [f.severity for f in report.findings if f.rule == "empty_columns_total"] == ["warning"] and report.ok


def test_a_rule_set_to_off_reports_nothing(mini):
    report = run(mini, "2025-06-30", {"empty_columns": "off"})
    assert found(report, "empty_columns") == []


def test_policy_columns_go_stale_after_six_months(mini):
    assert found(run(mini, "2025-09-10"), "stale_column") == []
    report = run(mini, "2025-09-12")  # 2025-03-11 is the 解读 column's latest; 半年 before is 2025-03-12
    assert found(report, "stale_column") == [
        ("warning", "nongye", "fupin-01", None, None,
         "栏目“规范性文件”（更新周期半年）最近一次发布是 2025-03-10，2025-03-12 以来没有新文件"),
        ("warning", "nongye", "fupin-02", None, None,
         "栏目“政策解读”（更新周期半年）最近一次发布是 2025-03-11，2025-03-12 以来没有新文件"),
    ]
    assert {f.cites for f in report.findings if f.rule == "stale_column"} == {
        "国办秘函〔2019〕19号（通知公告、政策文件类栏目6个月内更新）"}


def set_cycle(project, cycle):
    """Give fupin-03 (乡级, 村级: 东街社区 has one document, 2025-06-03) an update cycle."""
    catalog = project / "catalog/fupin.yml"
    text = re.sub(r"\n    更新周期: \S+", "", catalog.read_text(encoding="utf-8"))
    catalog.write_text(text.replace("    公开层级: [乡级, 村级]\n", f"    公开层级: [乡级, 村级]\n    更新周期: {cycle}\n"),
                       encoding="utf-8")


def fupin_03(report):
    return [f for f in report.findings if f.column == "fupin-03"]


def test_monthly_village_columns(mini):
    set_cycle(mini, "每月")  # 村民委员会组织法 第三十条: 财务收支 monthly
    assert fupin_03(run(mini, "2025-07-03")) == []  # 2025-06-03 is within the month
    [stale] = fupin_03(run(mini, "2025-07-04"))
    assert (stale.rule, stale.org.id) == ("stale_column", "dongjie")
    assert stale.message == "栏目“扶贫项目公告公示”（更新周期每月）最近一次发布是 2025-06-03，2025-06-04 以来没有新文件"
    assert stale.cites == "《中华人民共和国村民委员会组织法》第三十条（财务收支情况每月公布）"


@pytest.mark.parametrize("cycle, fresh, late, cites", [
    ("两周", "2025-06-17", "2025-06-18", "国办秘函〔2019〕19号（动态、要闻类栏目2周内更新）"),
    ("每季度", "2025-09-03", "2025-09-04", "《中华人民共和国村民委员会组织法》第三十条（一般事项至少每季度公布一次）"),
    ("一年", "2026-06-03", "2026-06-04", "国办秘函〔2019〕19号（人事、规划计划类信息1年内更新）"),
    ("每年", "2026-06-03", "2026-06-04", "国办秘函〔2019〕19号（人事、规划计划类信息1年内更新）"),  # no yearly deadline
])
def test_update_cycles(mini, cycle, fresh, late, cites):
    set_cycle(mini, cycle)
    assert fupin_03(run(mini, fresh)) == []
    assert [(f.rule, f.cites) for f in fupin_03(run(mini, late))] == [("stale_column", cites)]


def test_long_term_columns_never_go_stale(mini):
    set_cycle(mini, "长期")
    assert fupin_03(run(mini, "2030-01-01")) == []


def annual_report(project, folder, published, number):
    (project / f"content/{folder}/nianbao-{published}.md").write_text(
        f"---\n标题: 年度报告\n栏目: xxgk-nianbao\n成文日期: {published}\n发布日期: {published}\n"
        f"主题分类: 综合政务\\政务公开\n索引号: {number}/{published[:4]}-00099\n---\n\n报告。\n", encoding="utf-8")


def test_annual_reports_by_january_for_departments_and_march_for_the_county(mini):
    annual_report(mini, "departments/nongye", "2025-01-20", "11522799MB10000299")
    annual_report(mini, "county", "2025-03-20", "11522799MB1000010C")
    report = run(mini, "2026-02-10")
    stale = [f for f in report.findings if f.rule == "stale_column" and f.column == "xxgk-nianbao"]
    # the department's report for 2025 was due by 2026-01-31; the county's is due by 2026-03-31
    assert [(f.org.id, f.message) for f in stale] == [
        ("nongye", "尚未发布2025年度政府信息公开工作年度报告：应在 2026 年 1月31日前发布（最近一次发布是 2025-01-20）")]
    assert stale[0].cites == "《中华人民共和国政府信息公开条例》第四十九条"
    report = run(mini, "2026-04-01")
    stale = [f for f in report.findings if f.rule == "stale_column" and f.column == "xxgk-nianbao"]
    assert [f.org.id for f in stale] == ["county", "nongye"]
    assert "应在 2026 年 3月31日前发布" in stale[0].message


def test_stale_columns_in_total_reach_the_limit(mini):
    report = run(mini, "2026-01-01", {"stale_column_limit": 3})
    assert len(found(report, "stale_column")) == 3
    assert found(report, "stale_columns_total") == [
        ("error", None, None, None, None, "全站动态要闻、通知公告、政策文件类（更新周期两周、半年）未按期更新的栏目 3 个（2 个单位），达到 3 个，"
         "检查时即判定网站不合格")]
    assert found(run(mini, "2026-01-01"), "stale_columns_total") == []  # default limit 5
