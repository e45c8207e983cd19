"""Every content or catalog mistake is refused when the county is loaded (``model.site.load``, the
build's first step) with a Chinese message naming the file, the field and how to fix it; all mistakes
are reported together. That a failed build then leaves site/ untouched without a traceback is
build/test_failed_build.py."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES
from mkdocs.exceptions import PluginError

from govsite.model import site as model

POLICY = "content/departments/nongye/zhengce.md"
INTERPRETATION = "content/departments/nongye/jiedu.md"
OLD = "content/departments/nongye/old.md"
CATALOG = "catalog/fupin.yml"


@pytest.fixture
def county(tmp_path) -> Path:
    """A copy of the mini county's content/ and catalog/ (all the loader reads)."""
    root = tmp_path / "county"
    for folder in ("content", "catalog"):
        shutil.copytree(FIXTURES / "mini" / folder, root / folder)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(root: Path) -> tuple[str, list[str]]:
    """Load; return the whole message and each numbered error of it (with its 修改办法 line)."""
    with pytest.raises(PluginError) as raised:
        model.load(root, root / "content", root / "catalog")
    message = str(raised.value)
    assert message.startswith("网站未生成：发现 ") and message.rstrip().endswith("原有网站（site/）保持不变。"), message
    entries = re.split(r"\n  \d+\. ", message.split("\n", 1)[1].rsplit("\n", 1)[0].removeprefix("  1. "))
    return message, entries


def assert_refused(root: Path, file: str, field: str | None, *expected: str) -> str:
    """One error names ``file`` (and ``field``), says how to fix it and contains ``expected``."""
    message, entries = refused(root)
    wanted = [file] + ([f"字段“{field}”"] if field else [])
    matching = [e for e in entries if all(w in e.split("：", 1)[0] for w in wanted)]
    assert matching, f"no error names {wanted}:\n{message}"
    [entry] = matching
    assert "\n    修改办法：" in entry and entry.split("修改办法：", 1)[1].strip(), entry
    for text in expected:
        assert text in entry, f"{text!r} missing from:\n{entry}"
    assert "Traceback" not in message
    return entry


def test_the_fixture_loads(county):
    site = model.load(county, county / "content", county / "catalog")
    assert len(site.documents) == 5


def test_malformed_yaml(county):
    edit(county / POLICY, "栏目: fupin-01", "栏目: [fupin-01")
    assert_refused(county, POLICY, None, "YAML 格式错误")


def test_fullwidth_colon(county):
    edit(county / POLICY, "栏目: fupin-01", "栏目：fupin-01")
    assert_refused(county, POLICY, None, "中文冒号")


def test_malformed_catalog_yaml(county):
    edit(county / CATALOG, "领域: 扶贫", "领域: [扶贫")
    assert_refused(county, CATALOG, None, "YAML 格式错误")


def test_unknown_catalog_item(county):
    edit(county / POLICY, "栏目: fupin-01", "栏目: fupin-99")
    assert_refused(county, POLICY, "栏目", "fupin-99", "标准目录")


def test_item_not_published_by_this_organisation(county):
    edit(county / POLICY, "栏目: fupin-01", "栏目: fupin-03")  # a township/village item
    assert_refused(county, POLICY, "栏目", "不由本单位公开")


def test_unknown_organisation(county):
    edit(county / POLICY, "栏目: fupin-01", "栏目: fupin-01\n发布机构: nobody")
    assert_refused(county, POLICY, "发布机构", "nobody")


def test_missing_required_field(county):
    edit(county / POLICY, "主题分类: 民政、扶贫、救灾\\扶贫\n", "")
    assert_refused(county, POLICY, "主题分类", "缺少必填字段", "请填写“主题分类”")


def test_a_document_without_publication_date_is_refused(county):
    """发布日期 is required (every list item shows its date), so no check needs to look for undated documents."""
    edit(county / POLICY, "发布日期: 2025-03-10\n", "")
    assert_refused(county, POLICY, "发布日期", "缺少必填字段", "请填写“发布日期”")


def test_invalid_date(county):
    edit(county / POLICY, "成文日期: 2025-03-03", "成文日期: 2025-02-30")
    entry = assert_refused(county, POLICY, "成文日期", "不是存在的日期")
    assert entry.startswith(f"{POLICY} 第4行，")


def test_published_before_written(county):
    edit(county / POLICY, "发布日期: 2025-03-10", "发布日期: 2025-03-01")
    assert_refused(county, POLICY, "发布日期", "早于成文日期")


def test_duplicate_index_number(county):
    edit(county / OLD, "索引号: 11522799MB10000299/2019-00001", "索引号: 11522799MB10000299/2025-00001")
    assert_refused(county, POLICY, "索引号", "11522799MB10000299/2025-00001", "重复", OLD)  # old.md is read first


def test_malformed_index_number(county):
    edit(county / POLICY, "索引号: 11522799MB10000299/2025-00001", "索引号: 2025-1")
    assert_refused(county, POLICY, "索引号", "11522799MB10000299/年份-5位流水号")


def test_duplicate_catalog_item_id(county):
    edit(county / CATALOG, "编号: fupin-04", "编号: fupin-03")
    assert_refused(county, CATALOG, "编号", "重复")


def test_duplicate_organisation_id(county):
    twin = county / "content/departments/chengguan"
    twin.mkdir()
    (twin / "_org.yml").write_text("名称: 重名局\n类型: 部门\n机构代码: 11522799MB10000967\n", encoding="utf-8")
    # folders are read shallowest first: the township's own folder is the second 'chengguan'
    assert_refused(county, "content/townships/chengguan/_org.yml", None, "单位编号“chengguan”",
                   "content/departments/chengguan/_org.yml 重复")


def test_missing_attachment(county):
    (county / "content/departments/nongye/files/fenpei.csv").unlink()
    assert_refused(county, POLICY, "附件[1].文件", "files/fenpei.csv")


def test_unknown_validity(county):
    edit(county / POLICY, "索引号:", "有效性: 作废\n索引号:")
    assert_refused(county, POLICY, "有效性", "有效、失效、废止")


def test_unknown_interpreted_policy(county):
    edit(county / INTERPRETATION, "解读对象: 11522799MB10000299/2025-00001", "解读对象: 11522799MB10000299/2025-00077")
    assert_refused(county, INTERPRETATION, "解读对象", "11522799MB10000299/2025-00077")


def test_file_saved_in_gbk(county):
    policy = county / POLICY
    policy.write_bytes(policy.read_text(encoding="utf-8").encode("gbk"))
    assert_refused(county, POLICY, None, "不是 UTF-8 编码")


def test_all_errors_reported_together(county):
    edit(county / POLICY, "成文日期: 2025-03-03", "成文日期: 2025-13-03")
    edit(county / INTERPRETATION, "栏目: fupin-02", "栏目: nothing")
    edit(county / CATALOG, "    公开对象: 特定群体", "    公开对象: 村民")
    message, entries = refused(county)
    assert "发现 3 处内容错误" in message and len(entries) == 3
    assert {re.split(r"[ ，：]", e, 1)[0] for e in entries} == {CATALOG, POLICY, INTERPRETATION}
    assert all("修改办法：" in e for e in entries)


def test_byte_order_mark_is_accepted(county):
    policy = county / POLICY
    policy.write_bytes(b"\xef\xbb\xbf" + policy.read_bytes())
    site = model.load(county, county / "content", county / "catalog")
    assert "11522799MB10000299/2025-00001" in {d.index_number for d in site.documents}
