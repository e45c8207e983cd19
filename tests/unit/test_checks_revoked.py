"""Revoked documents (撤销): off the site, its columns and search; reported when they came down later
than 3 working days after the revocation (国办发〔2018〕118号: 及时撤下); mistakes in the block are content errors."""

from __future__ import annotations

import pytest
from checks_support import INTERPRETATION, OLD, POLICY, edit, found, load, run
from mkdocs.exceptions import PluginError


def revoke(project, path, revoked, taken_down, extra=""):
    edit(project / path, "索引号:", f"撤销:\n  撤销日期: {revoked}\n  下架日期: {taken_down}\n{extra}索引号:")


def test_revoked_documents_leave_the_site_but_keep_their_index_number(mini):
    revoke(mini, OLD, "2025-06-09", "2025-06-10", "  原因: 依法撤销\n")
    site = load(mini)
    [revoked] = site.revoked
    assert revoked.file == OLD and revoked.revocation.reason == "依法撤销" and revoked.is_revoked
    assert OLD not in {d.file for d in site.documents}
    assert [d.file for d in site.columns[("nongye", "fupin-01")].documents] == [POLICY]
    assert site.withdrawn_files == {"departments/nongye/old.md"}
    # its 索引号 stays taken
    reuse = (mini / INTERPRETATION).read_text(encoding="utf-8").replace("/2025-00002", "/2019-00001")
    (mini / "content/departments/nongye/zz-new.md").write_text(reuse, encoding="utf-8")
    with pytest.raises(PluginError, match="zz-new.md，字段“索引号”：索引号“11522799MB10000299/2019-00001”与 "
                                          "content/departments/nongye/old.md 重复"):
        load(mini)


def test_attachments_used_only_by_revoked_documents_leave_too(mini):
    revoke(mini, POLICY, "2025-06-09", "2025-06-10")
    assert load(mini).withdrawn_files == {"departments/nongye/zhengce.md", "departments/nongye/files/fenpei.csv"}
    edit(mini / OLD, "索引号:", "附件:\n  - 名称: 分配表\n    文件: files/fenpei.csv\n索引号:")
    assert load(mini).withdrawn_files == {"departments/nongye/zhengce.md"}  # still used by a live document


def test_taken_down_within_three_working_days(mini):
    revoke(mini, OLD, "2025-06-09", "2025-06-12")  # Mon → Thu: 6/10, 6/11, 6/12
    report = run(mini, "2025-06-30")
    assert found(report, "revoked") == []
    assert report.revoked_lines() == [f"{OLD}（小县2019年扶贫资金管理办法）：撤销 2025-06-09，下架 2025-06-12，按时下架"]


def test_taken_down_too_late(mini):
    revoke(mini, OLD, "2025-09-30", "2025-10-11")  # 国庆 10/1–10/8 off: 10/9, 10/10, Saturday 10/11 (调休)
    assert found(run(mini, "2025-10-31"), "revoked") == []
    edit(mini / OLD, "下架日期: 2025-10-11", "下架日期: 2025-10-13")
    report = run(mini, "2025-10-31")
    assert found(report, "revoked") == [
        ("warning", "nongye", "fupin-01", OLD, "撤销.下架日期",
         "已撤销文件下架超时：撤销日期 2025-09-30，下架日期 2025-10-13，应在 3 个工作日内、即 2025-10-11 前下架")]
    assert report.findings[-1].cites == "国办发〔2018〕118号（行政执法决定被撤销的，及时从信息公示平台撤下；按 3 个工作日内检查）"
    assert report.revoked_lines()[0].endswith("超时（应在 2025-10-11 前，3 个工作日内）")


@pytest.mark.parametrize("block, expected", [
    ("撤销:\n  撤销日期: 2025-06-09\n", "字段“撤销.下架日期”：缺少必填字段"),
    ("撤销:\n  撤销日期: 2025-06-31\n  下架日期: 2025-07-01\n", "字段“撤销.撤销日期”：“2025-06-31”不是存在的日期"),
    ("撤销:\n  撤销日期: 2025-06-09\n  下架日期: 2025-06-10\n  撤销人: 张三\n", "字段“撤销.撤销人”：不认识的字段"),
    ("撤销: 是\n", "字段“撤销”：应为若干“字段: 值”，实际是“是”"),
    ("撤销:\n  撤销日期: 2019-05-01\n  下架日期: 2019-05-02\n",
     "第9行，字段“撤销.撤销日期”：撤销日期 2019-05-01 早于发布日期 2019-05-08"),
])
def test_mistakes_in_the_revocation_block_name_file_and_field(mini, block, expected):
    edit(mini / OLD, "索引号:", block + "索引号:")
    with pytest.raises(PluginError) as raised:
        load(mini)
    assert OLD in str(raised.value) and expected in str(raised.value), str(raised.value)
