"""Every content or catalog mistake stops the build with a Chinese message naming the file and the
field, without a traceback, and leaves the last good site/ untouched."""

from __future__ import annotations

import pytest
from conftest import build


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def good_site(mini):
    """A project whose site/ holds a good build; returns (project, snapshot of site/)."""
    result = build(mini)
    assert result.returncode == 0, result.output
    snapshot = {p.relative_to(result.site): p.read_bytes() for p in result.site.rglob("*") if p.is_file()}
    return mini, snapshot


def assert_fails_cleanly(project, snapshot, *expected):
    result = build(project)
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert "网站未生成" in result.output
    for text in expected:
        assert text in result.output, f"{text!r} missing from:\n{result.output}"
    now = {p.relative_to(result.site): p.read_bytes() for p in result.site.rglob("*") if p.is_file()}
    assert now == snapshot, "site/ changed after a failed build"
    leftovers = [p.name for p in project.iterdir() if p.name.startswith(".site.")]
    assert leftovers == [".site.keys.json"], leftovers  # no staging folder; the last good build's keys stay
    return result.output


POLICY = "content/departments/nongye/zhengce.md"
INTERPRETATION = "content/departments/nongye/jiedu.md"


def test_malformed_yaml(good_site):
    project, snapshot = good_site
    edit(project / POLICY, "栏目: fupin-01", "栏目: [fupin-01")
    assert_fails_cleanly(project, snapshot, POLICY, "YAML 格式错误", "修改办法")


def test_fullwidth_colon(good_site):
    project, snapshot = good_site
    edit(project / POLICY, "栏目: fupin-01", "栏目：fupin-01")
    assert_fails_cleanly(project, snapshot, POLICY, "中文冒号")


def test_malformed_catalog_yaml(good_site):
    project, snapshot = good_site
    edit(project / "catalog/fupin.yml", "领域: 扶贫", "领域: [扶贫")
    assert_fails_cleanly(project, snapshot, "catalog/fupin.yml", "YAML 格式错误")


def test_unknown_catalog_item(good_site):
    project, snapshot = good_site
    edit(project / POLICY, "栏目: fupin-01", "栏目: fupin-99")
    assert_fails_cleanly(project, snapshot, POLICY, "字段“栏目”", "fupin-99")


def test_item_not_published_by_this_organisation(good_site):
    project, snapshot = good_site
    edit(project / POLICY, "栏目: fupin-01", "栏目: fupin-03")  # a township/village item
    assert_fails_cleanly(project, snapshot, POLICY, "字段“栏目”", "不由本单位公开")


def test_unknown_organisation(good_site):
    project, snapshot = good_site
    edit(project / POLICY, "栏目: fupin-01", "栏目: fupin-01\n发布机构: nobody")
    assert_fails_cleanly(project, snapshot, POLICY, "字段“发布机构”", "nobody")


def test_missing_required_field(good_site):
    project, snapshot = good_site
    edit(project / POLICY, "主题分类: 民政、扶贫、救灾\\扶贫\n", "")
    assert_fails_cleanly(project, snapshot, POLICY, "字段“主题分类”", "缺少必填字段")


def test_invalid_date(good_site):
    project, snapshot = good_site
    edit(project / POLICY, "成文日期: 2025-03-03", "成文日期: 2025-02-30")
    assert_fails_cleanly(project, snapshot, POLICY, "字段“成文日期”", "不是存在的日期", "第4行")


def test_published_before_written(good_site):
    project, snapshot = good_site
    edit(project / POLICY, "发布日期: 2025-03-10", "发布日期: 2025-03-01")
    assert_fails_cleanly(project, snapshot, POLICY, "字段“发布日期”", "早于成文日期")


def test_duplicate_index_number(good_site):
    project, snapshot = good_site
    edit(project / INTERPRETATION, "索引号: 11522799MB1000002X/2025-00002", "索引号: 11522799MB1000002X/2025-00001")
    assert_fails_cleanly(project, snapshot, "字段“索引号”", "重复", POLICY)


def test_malformed_index_number(good_site):
    project, snapshot = good_site
    edit(project / POLICY, "索引号: 11522799MB1000002X/2025-00001", "索引号: 2025-1")
    assert_fails_cleanly(project, snapshot, POLICY, "字段“索引号”", "11522799MB1000002X/年份-5位流水号")


def test_duplicate_catalog_item_id(good_site):
    project, snapshot = good_site
    edit(project / "catalog/fupin.yml", "编号: fupin-04", "编号: fupin-03")
    assert_fails_cleanly(project, snapshot, "catalog/fupin.yml", "字段“编号”", "重复")


def test_duplicate_organisation_id(good_site):
    project, snapshot = good_site
    twin = project / "content/departments/chengguan"
    twin.mkdir()
    (twin / "_org.yml").write_text("名称: 重名局\n类型: 部门\n机构代码: 11522799MB1000009X\n", encoding="utf-8")
    assert_fails_cleanly(project, snapshot, "_org.yml", "单位编号“chengguan”", "重复")


def test_missing_attachment(good_site):
    project, snapshot = good_site
    (project / "content/departments/nongye/files/fenpei.csv").unlink()
    assert_fails_cleanly(project, snapshot, POLICY, "字段“附件[1].文件”", "files/fenpei.csv")


def test_unknown_validity(good_site):
    project, snapshot = good_site
    edit(project / POLICY, "索引号:", "有效性: 作废\n索引号:")
    assert_fails_cleanly(project, snapshot, POLICY, "字段“有效性”", "有效、失效、废止")


def test_unknown_interpreted_policy(good_site):
    project, snapshot = good_site
    edit(project / INTERPRETATION, "解读对象: 11522799MB1000002X/2025-00001", "解读对象: 11522799MB1000002X/2025-00077")
    assert_fails_cleanly(project, snapshot, INTERPRETATION, "字段“解读对象”")


def test_all_errors_reported_together(good_site):
    project, snapshot = good_site
    edit(project / POLICY, "成文日期: 2025-03-03", "成文日期: 2025-13-03")
    edit(project / INTERPRETATION, "栏目: fupin-02", "栏目: nothing")
    edit(project / "catalog/fupin.yml", "    公开对象: 特定群体", "    公开对象: 村民")
    output = assert_fails_cleanly(project, snapshot, POLICY, INTERPRETATION, "catalog/fupin.yml")
    assert "发现 3 处内容错误" in output


def test_first_build_failure_leaves_no_site(mini):
    edit(mini / POLICY, "栏目: fupin-01", "栏目: fupin-99")
    result = build(mini)
    assert result.returncode != 0 and not result.site.exists()


def test_a_killed_builds_staging_folder_is_removed_by_the_next_build(mini):
    dead = mini / ".site.building-999999999"  # no such process
    dead.mkdir()
    (dead / "index.html").write_text("half", encoding="utf-8")
    result = build(mini)
    assert result.returncode == 0, result.output
    assert not dead.exists()


def test_file_saved_in_gbk(good_site):
    project, snapshot = good_site
    policy = project / POLICY
    policy.write_bytes(policy.read_text(encoding="utf-8").encode("gbk"))
    assert_fails_cleanly(project, snapshot, POLICY, "不是 UTF-8 编码")


def test_byte_order_mark_is_accepted(mini):
    policy = mini / POLICY
    policy.write_bytes(b"\xef\xbb\xbf" + policy.read_bytes())
    result = build(mini)
    assert result.returncode == 0, result.output
    assert "11522799MB1000002X/2025-00001" in (result.site / "departments/nongye/zhengce/index.html").read_text(encoding="utf-8")
