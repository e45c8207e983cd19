"""政策解读: policies of items that need one have a 解读 within 3 working days (国办发〔2016〕19号), and
every 解读 links back to a policy on the site."""

from __future__ import annotations

from checks_support import INTERPRETATION, OLD, POLICY, edit, found, run

LINK = "解读对象: 11522799MB10000299/2025-00001\n"


def test_linked_interpretation_in_time_passes(mini):
    # the 2019 policy without 解读 is 失效: a missing 解读 is history, not a task
    assert found(run(mini, "2025-06-30"), "interpretation") == []


def test_policy_without_interpretation_and_interpretation_without_policy(mini):
    edit(mini / INTERPRETATION, LINK, "")
    assert found(run(mini, "2025-06-30"), "interpretation") == [
        ("warning", "nongye", "fupin-02", INTERPRETATION, "解读对象",
         "本文件在解读栏目“政策解读”（fupin-02）中，但没有关联被解读的政策；请在“解读对象”中填写政策的索引号"),
        ("warning", "nongye", "fupin-01", POLICY, "解读",
         "事项 fupin-01（规范性文件）要求解读，本文件没有关联的解读材料；发布解读后在其“解读对象”中填写本文件索引号 "
         "11522799MB10000299/2025-00001"),
    ]


def test_a_valid_old_policy_needs_one_too(mini):
    edit(mini / OLD, "有效性: 失效\n", "")
    [(severity, org, column, file, field, message)] = found(run(mini, "2025-06-30"), "interpretation")
    assert (file, field) == (OLD, "解读") and "11522799MB10000299/2019-00001" in message


def test_interpretation_later_than_three_working_days(mini):
    edit(mini / INTERPRETATION, "发布日期: 2025-03-11", "发布日期: 2025-03-13")  # Mon 3/10 + 3 = Thu 3/13
    assert found(run(mini, "2025-06-30"), "interpretation") == []
    edit(mini / INTERPRETATION, "发布日期: 2025-03-13", "发布日期: 2025-03-14")
    report = run(mini, "2025-06-30")
    assert found(report, "interpretation") == [
        ("warning", "nongye", "fupin-02", INTERPRETATION, "发布日期",
         f"解读发布日期 2025-03-14 晚于时限：政策 11522799MB10000299/2025-00001（{POLICY}）2025-03-10 发布，"
         "解读应在 3 个工作日内、即 2025-03-13 前发布")]
    assert report.findings[-1].cites == "国办发〔2016〕19号（政策解读：文件公布后3个工作日内）"


def test_the_interpretation_items_own_limit_wins(mini):
    edit(mini / "catalog/fupin.yml", "{类型: 工作日, 天数: 3, 起算: 政策发布日期}", "{类型: 工作日, 天数: 5, 起算: 政策发布日期}")
    edit(mini / INTERPRETATION, "发布日期: 2025-03-11", "发布日期: 2025-03-17")  # 5th working day after 3/10
    assert found(run(mini, "2025-06-30"), "interpretation") == []


def test_interpretation_of_a_revoked_policy(mini):
    edit(mini / POLICY, "附件:", "撤销:\n  撤销日期: 2025-04-01\n  下架日期: 2025-04-02\n附件:")
    findings = found(run(mini, "2025-06-30"), "interpretation")
    assert ("warning", "nongye", "fupin-02", INTERPRETATION, "解读对象",
            f"解读对象 11522799MB10000299/2025-00001（{POLICY}）已撤销：请同时撤销本解读，或删去该索引号") in findings
    assert len(findings) == 2  # and it no longer links to a policy on the site
