"""Issue 11: every input that was accepted silently, raised a traceback or gave a misleading message
is refused with a Chinese message naming the file (and field), through the loaders (fast tier)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from govsite import checks, urls
from govsite.model import site as model
from govsite.parse import settings
from govsite.parse.errors import ErrorCollector

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "mini"
DOC = "content/departments/nongye/zhengce.md"


@pytest.fixture
def county(tmp_path) -> Path:
    root = tmp_path / "county"
    shutil.copytree(FIXTURE, root)
    return root


def errors_of(root: Path) -> str:
    with pytest.raises(PluginError) as raised:
        model.load(root, root / "content", root / "catalog")
    return str(raised.value)


def load_ok(root: Path):
    return model.load(root, root / "content", root / "catalog")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_fixture_itself_loads(county):
    assert len(load_ok(county).documents) >= 4


def test_a_front_matter_of_only_two_dashes_is_refused(county):
    (county / "content/departments/nongye/empty.md").write_text("---\n---\n正文\n", encoding="utf-8")
    message = errors_of(county)
    assert "content/departments/nongye/empty.md 第1行：“文件信息”是空的" in message
    assert "修改办法" in message


def test_two_organisations_with_one_code_are_refused(county):
    code = (county / "content/county/_org.yml").read_text(encoding="utf-8").split("机构代码: ")[1].split()[0]
    edit(county / "content/departments/nongye/_org.yml", "机构代码: 11522799MB10000299", f"机构代码: {code}")
    message = errors_of(county)
    assert "content/departments/nongye/_org.yml" in message and f"机构代码“{code}”与 content/county/_org.yml 重复" in message


def test_a_malformed_code_is_refused(county):
    edit(county / "content/departments/nongye/_org.yml", "机构代码: 11522799MB10000299", "机构代码: 农业局")
    message = errors_of(county)
    assert "content/departments/nongye/_org.yml" in message and "字段“机构代码”：“农业局”不是有效的机构代码" in message


def test_an_empty_org_file_is_refused(county):
    (county / "content/departments/nongye/_org.yml").write_text("", encoding="utf-8")
    assert "content/departments/nongye/_org.yml：机构信息文件是空的" in errors_of(county)


def test_documents_in_a_folder_without_org_file_are_named(county):
    (county / "content/departments/nongye/_org.yml").unlink()
    message = errors_of(county)
    assert "content/departments/nongye/zhengce.md：文件不在任何单位的文件夹内" in message


def test_an_ordinary_page_outside_organisations_is_still_allowed(county):
    (county / "content/about.md").write_text("# 关于本站\n\n说明。\n", encoding="utf-8")
    load_ok(county)


def _url_errors(root: Path) -> str:
    errors = ErrorCollector()
    site = model.load(root, root / "content", root / "catalog", errors)
    urls.check(site, urls.Urls(True), errors)
    return errors.report()


def test_two_documents_at_one_url_are_refused(county):
    folder = county / "content/departments/nongye/zhengce"
    folder.mkdir()
    text = (county / DOC).read_text(encoding="utf-8").replace("2025-00001", "2025-00009")
    text = text.replace("附件:\n  - 名称: 附件1：资金分配表\n    文件: files/fenpei.csv\n", "")
    (folder / "index.md").write_text(text, encoding="utf-8")
    message = _url_errors(county)
    [line] = [x for x in message.splitlines() if "网址 departments/nongye/zhengce/ 已被" in x]
    assert "content/departments/nongye/zhengce/index.md" in line and "content/departments/nongye/zhengce.md" in line


def test_a_document_at_a_generated_column_url_is_refused(county):
    text = (county / DOC).read_text(encoding="utf-8").replace("2025-00001", "2025-00009")
    (county / "content/departments/nongye/fupin-01.md").write_text(text, encoding="utf-8")
    message = _url_errors(county)
    assert "content/departments/nongye/fupin-01.md：网址 departments/nongye/fupin-01/ 已被系统生成的页面" in message


def test_interpretation_cycles_are_refused(county):
    jiedu = (county / "content/departments/nongye/jiedu.md").read_text(encoding="utf-8")
    own = jiedu.split("索引号: ")[1].split()[0]
    edit(county / DOC, "索引号: 11522799MB10000299/2025-00001", f"索引号: 11522799MB10000299/2025-00001\n解读对象: {own}")
    message = errors_of(county)
    assert "解读关系成环" in message


def test_interpreting_oneself_is_named_as_such(county):
    edit(county / DOC, "索引号: 11522799MB10000299/2025-00001",
         "索引号: 11522799MB10000299/2025-00001\n解读对象: 11522799MB10000299/2025-00001")
    message = errors_of(county)
    assert f"{DOC}" in message and "字段“解读对象”：解读对象不能是本文件自己的索引号" in message
    assert "找不到" not in message


def test_an_empty_catalog_file_is_named(county):
    (county / "catalog/fupin.yml").write_text("", encoding="utf-8")
    message = errors_of(county)
    assert "catalog/fupin.yml：标准目录文件是空的" in message
    assert "_org.yml" not in message.split("catalog/fupin.yml")[0]


def test_two_county_governments_name_the_second_file(county):
    edit(county / "content/departments/nongye/_org.yml", "类型: 部门", "类型: 县政府")
    message = errors_of(county)
    assert "content/departments/nongye/_org.yml，字段“类型”：本级人民政府只能有一个，content/county/_org.yml 已是县政府" in message


def test_a_missing_catalog_folder_is_one_error_naming_mkdocs_yml(county):
    with pytest.raises(PluginError) as raised:
        model.load(county, county / "content", county / "nonexistent")
    message = str(raised.value)
    assert "发现 1 处内容错误" in message and "mkdocs.yml，字段“extra.gov.catalog_dir”" in message


def test_a_future_date_is_a_future_date_not_a_missing_calendar(county):
    edit(county / DOC, "发布日期: 2025-03-10", "发布日期: 2099-03-10")
    site = load_ok(county)
    report = checks.run(site, root=county, content_dir=county / "content", catalog_dir=county / "catalog",
                        as_of=__import__("datetime").date(2026, 6, 30))
    future = [f for f in report.findings if f.rule == "future_date"]
    assert future and future[0].file == DOC and "2099-03-10 晚于检查日期" in future[0].message


def test_a_symlink_to_a_file_outside_content_is_refused(county, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("token", encoding="utf-8")
    os.symlink(secret, county / "content/departments/nongye/files/leak.txt")
    message = errors_of(county)
    assert "content/departments/nongye/files/leak.txt：符号链接指向 content/ 以外的位置，不能发布" in message


def test_a_symlink_to_a_folder_or_markdown_outside_content_is_refused(county, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "doc.md").write_text((county / DOC).read_text(encoding="utf-8"), encoding="utf-8")
    os.symlink(outside, county / "content/departments/nongye/linked")
    os.symlink(outside / "doc.md", county / "content/departments/nongye/linked.md")
    message = errors_of(county)
    assert "content/departments/nongye/linked：符号链接指向 content/ 以外的位置" in message
    assert "content/departments/nongye/linked.md：符号链接指向 content/ 以外的位置" in message


def test_a_symlink_inside_content_is_allowed(county):
    os.symlink("fenpei.csv", county / "content/departments/nongye/files/same.csv")
    assert "departments/nongye/files/same.csv" in load_ok(county).content.files


def test_a_yaml_alias_bomb_fails_fast(county):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for n in range(1, 9):
        lines.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}" if n > 1 else "*a"] * 9) + "]")
    bomb = "---\n" + "\n".join(lines) + "\n标题: x\n---\n"
    (county / "content/departments/nongye/bomb.md").write_text(bomb, encoding="utf-8")
    message = errors_of(county)
    assert "content/departments/nongye/bomb.md 第2行：不支持 YAML 别名" in message  # the anchor's line


def test_a_huge_value_is_refused_without_formatting_it(county):
    edit(county / DOC, "发布日期: 2025-03-10", "发布日期: " + "9" * 200_000)
    message = errors_of(county)
    assert f"{DOC} 第1行：YAML 中有无法读取的值" in message and len(message) < 2_000
    assert "找不到索引号" not in message  # no knock-on error for the documents that interpret it


@pytest.mark.parametrize("gov, field", [
    ("示例", "extra.gov"),
    ({"links": 5}, "extra.gov.links"),
    ({"identity": "主办单位"}, "extra.gov.identity"),
    ({"identity": {"主办": "x"}}, "extra.gov.identity.主办"),
    ({"links": {"互动交流": "javascript:alert(1)"}}, "extra.gov.links"),
    ({"identity": {"网站标识图片": "https://cdn.example.com/a.png"}}, "extra.gov.identity.网站标识图片"),
    ({"search": {"bundle_pages": 0}}, "extra.gov.search.bundle_pages"),
    ({"colour": "red"}, "extra.gov.colour"),
])
def test_bad_settings_name_the_key(gov, field):
    errors = ErrorCollector()
    settings.load({"gov": gov}, errors)
    assert errors, gov
    assert f"mkdocs.yml，字段“{field}”" in errors.report()
