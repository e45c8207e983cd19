"""公开时限: 发布日期 within the catalog item's limit, in Chinese working days (条例 第二十六条), calendar
days from approval (预决算), or by a yearly deadline (年报, 条例 第四十九条)."""

from __future__ import annotations

import pytest
from checks_support import OLD, POLICY, edit, found, load, run
from mkdocs.exceptions import PluginError

RULE_20 = "    时限规则: {类型: 工作日, 天数: 20}\n"  # fupin-01's, the first in fupin.yml


def test_documents_within_their_limit_pass(mini):
    assert found(run(mini, "2025-06-30"), "timeliness") == []


def test_twenty_working_days_across_the_spring_festival(mini):
    edit(mini / POLICY, "成文日期: 2025-03-03", "成文日期: 2025-01-20")
    edit(mini / POLICY, "发布日期: 2025-03-10", "发布日期: 2025-02-21")
    assert found(run(mini, "2025-06-30"), "timeliness") == []  # the 20th working day (春节 1/28–2/4 off)
    edit(mini / POLICY, "发布日期: 2025-02-21", "发布日期: 2025-02-24")
    report = run(mini, "2025-06-30")
    assert found(report, "timeliness") == [
        ("warning", "nongye", "fupin-01", POLICY, "发布日期",
         "发布日期 2025-02-24 超过公开时限：成文日期 2025-01-20 起 20 个工作日内，应在 2025-02-21 前发布，晚了 3 天")]
    [finding] = [f for f in report.findings if f.rule == "timeliness"]
    assert finding.cites == ("《中华人民共和国政府信息公开条例》第二十六条；"
                             "标准目录 fupin-01 公开时限“信息形成(变更)20个工作日内”")
    assert report.ok  # a warning by default: a late date cannot be fixed, only explained


def test_calendar_days_from_approval(mini):
    (mini / OLD).unlink()  # the policy is then the only document of fupin-01
    edit(mini / "catalog/fupin.yml", RULE_20, "    时限规则: {类型: 自然日, 天数: 20, 起算: 批准日期}\n")
    assert found(run(mini, "2025-06-30"), "timeliness") == [
        ("warning", "nongye", "fupin-01", POLICY, "批准日期",
         "事项 fupin-01 的公开时限从批准日期起算（信息形成(变更)20个工作日内），文件没有填写“批准日期”，无法核对是否按时公开")]
    edit(mini / POLICY, "成文日期: 2025-03-03", "成文日期: 2025-03-03\n批准日期: 2025-02-18")
    assert found(run(mini, "2025-06-30"), "timeliness") == []  # due 2025-03-10, published that day
    edit(mini / POLICY, "批准日期: 2025-02-18", "批准日期: 2025-02-10")
    assert found(run(mini, "2025-06-30"), "timeliness") == [
        ("warning", "nongye", "fupin-01", POLICY, "发布日期",
         "发布日期 2025-03-10 超过公开时限：批准日期 2025-02-10 起 20 日（自然日）内，应在 2025-03-02 前发布，晚了 8 天")]


def test_working_days_from_approval(mini):
    (mini / OLD).unlink()
    edit(mini / "catalog/fupin.yml", RULE_20, "    时限规则: {类型: 工作日, 天数: 3, 起算: 批准日期}\n")
    edit(mini / POLICY, "成文日期: 2025-03-03", "成文日期: 2025-03-03\n批准日期: 2025-03-05")
    assert found(run(mini, "2025-06-30"), "timeliness") == []  # Thu, Fri, Mon
    edit(mini / POLICY, "批准日期: 2025-03-05", "批准日期: 2025-03-04")
    [late] = found(run(mini, "2025-06-30"), "timeliness")
    assert late[5] == "发布日期 2025-03-10 超过公开时限：批准日期 2025-03-04 起 3 个工作日内，应在 2025-03-07 前发布，晚了 3 天"


def test_approval_after_publication_is_a_content_error(mini):
    edit(mini / POLICY, "成文日期: 2025-03-03", "成文日期: 2025-03-03\n批准日期: 2025-03-11")
    with pytest.raises(PluginError) as raised:
        load(mini)
    assert f"{POLICY} 第5行，字段“批准日期”：批准日期 2025-03-11 晚于发布日期 2025-03-10" in str(raised.value)
    edit(mini / POLICY, "批准日期: 2025-03-11", "批准日期: 2025-03")
    with pytest.raises(PluginError, match="字段“批准日期”：“2025-03”不是日期格式"):
        load(mini)


def annual_report(project, folder, code, written, published):
    path = project / f"content/{folder}/nianbao.md"
    path.write_text(f"---\n标题: 2025年政府信息公开工作年度报告\n栏目: xxgk-nianbao\n成文日期: {written}\n"
                    f"发布日期: {published}\n主题分类: 综合政务\\政务公开\n索引号: {code}/{published[:4]}-00099\n---\n\n报告。\n",
                    encoding="utf-8")
    return path.relative_to(project).as_posix()


def test_annual_reports_by_their_yearly_deadline(mini):
    department = annual_report(mini, "departments/nongye", "11522799MB10000299", "2026-01-28", "2026-02-02")
    county = annual_report(mini, "county", "11522799MB1000010C", "2026-03-20", "2026-03-31")
    report = run(mini, "2026-06-30")
    assert found(report, "timeliness") == [
        ("warning", "nongye", "xxgk-nianbao", department, "发布日期",
         "发布日期 2026-02-02 超过公开时限：应在每年 1月31日前发布（每年1月31日前）")]
    [finding] = [f for f in report.findings if f.rule == "timeliness"]
    assert finding.cites.startswith("《中华人民共和国政府信息公开条例》第四十九条")
    assert county not in {f.file for f in report.findings if f.rule == "timeliness"}  # the county's: by 3月31日


def test_real_time_items_are_not_measured(mini):
    edit(mini / "catalog/fupin.yml", RULE_20, "    时限规则: {类型: 实时}\n")
    edit(mini / POLICY, "成文日期: 2025-03-03", "成文日期: 2024-03-03")
    assert found(run(mini, "2025-06-30"), "timeliness") == []


def test_a_quarterly_limit_counts_from_the_end_of_the_quarter(mini):
    """每季度结束后10日内 (issue 24): due 10 days after the last quarter's end on or before 成文日期 (a report
    on a quarter is written after it ends), not 10 days after 成文日期."""
    (mini / OLD).unlink()
    edit(mini / "catalog/fupin.yml", RULE_20, "    时限规则: {类型: 自然日, 天数: 10, 起算: 季度末}\n")
    edit(mini / POLICY, "成文日期: 2025-03-03", "成文日期: 2025-04-02")
    edit(mini / POLICY, "发布日期: 2025-03-10", "发布日期: 2025-04-10")
    assert found(run(mini, "2025-06-30"), "timeliness") == []  # 2025-03-31 + 10 days
    edit(mini / POLICY, "发布日期: 2025-04-10", "发布日期: 2025-04-11")  # within 10 days of 成文日期, yet late
    assert found(run(mini, "2025-06-30"), "timeliness") == [
        ("warning", "nongye", "fupin-01", POLICY, "发布日期",
         "发布日期 2025-04-11 超过公开时限：成文日期 2025-04-02 前最近的季度末 2025-03-31 起 10 日（自然日）内，"
         "应在 2025-04-10 前发布，晚了 1 天")]


@pytest.mark.parametrize("start, written, end", [
    ("季度末", "2025-04-02", "2025-03-31"), ("季度末", "2025-03-31", "2025-03-31"), ("季度末", "2025-03-30", "2024-12-31"),
    ("月末", "2025-03-01", "2025-02-28"), ("月末", "2024-03-01", "2024-02-29"), ("半年末", "2025-06-30", "2025-06-30"),
    ("半年末", "2025-06-29", "2024-12-31"), ("半年末", "2025-11-01", "2025-06-30"), ("年末", "2025-12-30", "2024-12-31"),
])
def test_the_period_end_a_limit_counts_from(start, written, end):
    import datetime

    from govsite.model.catalog import TimeRule

    rule = TimeRule(kind="自然日", days=10, start=start)
    assert rule.period_end(datetime.date.fromisoformat(written)) == datetime.date.fromisoformat(end)
    assert TimeRule.from_cell(rule.to_cell()) == {"类型": "自然日", "天数": 10, "起算": start}
