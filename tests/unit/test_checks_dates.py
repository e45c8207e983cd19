"""Dates: none lies after the check date (伪造发稿日期 is a 单项否决 item of 国办秘函〔2019〕19号); every
listed document has its date because the loader requires 发布日期."""

from __future__ import annotations

import pytest
from checks_support import OLD, POLICY, PROJECT_SITE, edit, found, load, run
from mkdocs.exceptions import PluginError

from govsite.checks import dates, rules


def test_dates_after_the_check_date_are_errors(mini):
    assert found(run(mini, "2025-06-03"), "future_date") == []
    report = run(mini, "2025-06-02")
    assert found(report, "future_date") == [
        ("error", "dongjie", "fupin-03", PROJECT_SITE, "发布日期", "发布日期 2025-06-03 晚于检查日期 2025-06-02")]
    assert not report.ok
    assert report.findings[-1].cites == "国办秘函〔2019〕19号 单项否决指标（弄虚作假，如伪造发稿日期）"


def test_approval_and_revocation_dates_are_checked_too(mini):
    edit(mini / POLICY, "成文日期: 2025-03-03", "成文日期: 2025-03-03\n批准日期: 2025-03-05")
    edit(mini / OLD, "有效性: 失效", "有效性: 失效\n撤销:\n  撤销日期: 2025-07-01\n  下架日期: 2025-07-02")
    assert [(f[3], f[4]) for f in found(run(mini, "2025-03-04"), "future_date")] == [
        ("content/departments/nongye/jiedu.md", "发布日期"), (POLICY, "发布日期"), (POLICY, "批准日期"),
        (PROJECT_SITE, "发布日期"), (OLD, "撤销.撤销日期"), (OLD, "撤销.下架日期")]


def test_undated_documents_never_reach_the_checks(mini):
    """There is no ``undated`` rule: 发布日期 is a required field, so a document without it is refused
    when the county loads (unit/test_bad_input.py), and every loaded document has a date to list."""
    assert "undated" not in rules.RULES_BY_ID and "undated" not in dates.RULES
    edit(mini / POLICY, "发布日期: 2025-03-10\n", "")
    with pytest.raises(PluginError, match=f"{POLICY}.*字段“发布日期”：缺少必填字段"):
        load(mini)
