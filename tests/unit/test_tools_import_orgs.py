"""make import-orgs (govsite.tools.import_orgs): the organisation tree from a spreadsheet, 网址名 from
pinyin, and the refusals (unknown parent, wrong parent, slug clash, bad code) naming sheet, row and column,
with nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from sheets_support import book, orgs_sheet

from govsite.model import content as content_model
from govsite.model import orgs as orgs_model
from govsite.parse.errors import ErrorCollector
from govsite.tools import import_orgs


@pytest.fixture
def dirs(tmp_path) -> tuple[Path, Path]:
    content = tmp_path / "content"
    content.mkdir()
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    shutil.copy(ROOT / "catalog" / "_topics.yml", catalog)
    for domain in ("fupin", "shehuijiuzhu"):
        (catalog / f"{domain}.yml").write_text("领域: x\n", encoding="utf-8")  # only the ids count here
    return content, catalog


def tree(content: Path) -> orgs_model.OrgTree:
    errors = ErrorCollector()
    scanned = content_model.scan(content, content.parent, errors)
    loaded = orgs_model.load(scanned, content.parent, {"fupin", "shehuijiuzhu"}, errors)
    assert not errors, errors.report()
    return loaded


def test_the_tree_with_pinyin_folders(tmp_path, dirs):
    content, catalog = dirs
    result = import_orgs.parse(book(tmp_path / "orgs.xlsx", {"单位": orgs_sheet()}), content, catalog)
    assert not result.errors, result.errors.report()
    import_orgs.write(result, content)
    loaded = tree(content)
    assert sorted(o.folder for o in loaded.orgs.values()) == [
        "county", "departments/minzheng", "departments/xczx", "townships/chengguan",
        "townships/chengguan/chengguancun",  # 城关村 would clash with 城关镇: the suffix is kept
        "townships/chengguan/dongjie", "townships/hedong"]
    minzheng = loaded.orgs["minzheng"]
    assert (minzheng.name, minzheng.kind, minzheng.code, minzheng.domains, minzheng.short_name) == (
        "河清县民政局", "部门", "11410000MB0A00026E", ("shehuijiuzhu",), "县民政局")
    assert loaded.orgs["dongjie"].parent is loaded.orgs["chengguan"]
    assert loaded.county.id == "county"


def _report(tmp_path: Path, dirs, rows, merges=()) -> str:
    content, catalog = dirs
    result = import_orgs.parse(book(tmp_path / "orgs.xlsx", {"单位": (rows, list(merges))}), content, catalog)
    assert result.errors and not result.folders
    assert list(content.iterdir()) == []  # nothing written
    return result.errors.report()


def test_an_unknown_parent(tmp_path, dirs):
    rows, merges = orgs_sheet()
    rows[6][3] = "城西镇"
    assert "文件 orgs.xlsx，工作表“单位”，第7行，D列（上级）：上级单位“城西镇”不在表格中" in _report(tmp_path, dirs, rows, merges)


def test_a_village_under_a_department(tmp_path, dirs):
    rows, merges = orgs_sheet()
    rows[6][3] = "河清县民政局"
    assert "第7行，D列（上级）：上级“河清县民政局”是部门，社区只能属于乡镇（街道）" in _report(tmp_path, dirs, rows, merges)


def test_a_slug_clash(tmp_path, dirs):
    rows, merges = orgs_sheet()
    rows[5][5] = "xczx"  # 城关镇 given the 乡村振兴局's 网址名
    assert "第6行，F列（网址名）：网址名“xczx”与工作表“单位”第5行重复" in _report(tmp_path, dirs, rows, merges)


def test_a_generated_slug_clash(tmp_path, dirs):
    rows, merges = orgs_sheet()
    rows.append([8, "城关镇", "乡镇", None, "11410000MB0A00085H", None, None, None])
    rows.append([9, "城关镇", "街道", None, "11410000MB0A00093C", None, None, None])
    report = _report(tmp_path, dirs, rows, merges)
    assert "第11行，B列（名称）：由名称生成的网址名“chengguan”与工作表“单位”第6行重复" in report


def test_an_unknown_header_and_a_bad_code(tmp_path, dirs):
    rows, merges = orgs_sheet()
    rows[1][7] = "邮编"
    assert "第2行，H列：不认识的表头“邮编”" in _report(tmp_path, dirs, rows, merges)
    rows, merges = orgs_sheet()
    rows[3][4] = "12345"
    report = _report(tmp_path, dirs, rows, merges)
    assert "第4行，E列（机构代码）：“12345”不是有效的机构代码" in report


def test_an_unknown_domain(tmp_path, dirs):
    rows, merges = orgs_sheet()
    rows[3][6] = "jiaoyu"
    assert "第4行，G列（负责领域）：领域编号“jiaoyu”不存在" in _report(tmp_path, dirs, rows, merges)


def test_existing_folders_are_not_overwritten(tmp_path, dirs):
    content, catalog = dirs
    (content / "county").mkdir()
    (content / "county" / "_org.yml").write_text("名称: 已有\n", encoding="utf-8")
    result = import_orgs.parse(book(tmp_path / "orgs.xlsx", {"单位": orgs_sheet()}), content, catalog)
    assert "content/county/_org.yml 已存在" in result.errors.report() and not result.folders


def test_a_csv_list(tmp_path, dirs):
    content, catalog = dirs
    rows, _ = orgs_sheet()
    text = "\n".join(",".join("" if v is None else str(v) for v in row) for row in rows[1:])
    (tmp_path / "orgs.csv").write_text(text, encoding="utf-8-sig")
    result = import_orgs.parse(tmp_path / "orgs.csv", content, catalog)
    assert not result.errors, result.errors.report()
    assert len(result.folders) == 7 and "townships/chengguan/dongjie" in result.folders


def test_a_control_character_in_a_csv_is_refused_before_it_reaches_a_build(tmp_path, dirs):
    """Word's line break (U+000B) in a name was imported and then crashed the annual report's XLSX."""
    content, catalog = dirs
    rows, _ = orgs_sheet()
    rows[5][1] = "城关\v镇"
    text = "\n".join(",".join("" if v is None else str(v) for v in row) for row in rows[1:])
    (tmp_path / "orgs.csv").write_text(text, encoding="utf-8-sig")
    result = import_orgs.parse(tmp_path / "orgs.csv", content, catalog)
    report = result.errors.report()
    assert not result.folders and list(content.iterdir()) == []
    assert "文件 orgs.csv，工作表“orgs”，第5行，B列：含有看不见的字符：第3个字符（“城关”之后）是控制字符 U+000B" in report
    assert "\v" not in report


def test_a_large_organisation_list_is_refused_at_once(tmp_path, dirs):
    content, catalog = dirs
    lines = ["名称,类型,上级,统一社会信用代码", "河清县人民政府,县政府,,11410000MB0A00018K", "城关镇,乡镇,,11410000MB0A000424"]
    lines += [f"第{n}村,村,城关镇,54522799MF1C000596" for n in range(20_000)]
    (tmp_path / "orgs.csv").write_text("\n".join(lines), encoding="utf-8")
    result = import_orgs.parse(tmp_path / "orgs.csv", content, catalog)
    assert "第10001行：第10001行还有内容：表格（各工作表合计）超过上限 10000 行" in result.errors.report()
    assert not result.folders and list(content.iterdir()) == []


def test_a_merger_column_in_the_organisations_sheet(tmp_path, dirs):
    """撤并 (issue 24) as a cell, ``日期 职责划入…``: imported into the _org.yml as the loader reads it."""
    content, catalog = dirs
    rows, merges = orgs_sheet()
    rows[1].append("撤并")
    rows[4].append("2025-03-01 minzheng，hedong")  # 乡村振兴局: its duties to 民政局 and 河东街道
    result = import_orgs.parse(book(tmp_path / "orgs.xlsx", {"单位": (rows, merges)}), content, catalog)
    assert not result.errors, result.errors.report()
    import_orgs.write(result, content)
    loaded = tree(content)
    xczx = loaded.orgs["xczx"]
    assert not xczx.is_current and [o.id for o in loaded.successors(xczx)] == ["minzheng", "hedong"]


def _district_sheet():
    """The organisation list of a 区: its government, a department, a 街道 and a 社区 (no 乡镇, no 村)."""
    rows, merges = orgs_sheet("河清区")
    rows[2][2:8] = ["区政府", None, "11410000MB0A00018K", None, None, "区政府"]
    del rows[5:8]  # 城关镇, 东街社区, 城关村
    rows.append([8, "东街社区", "社区", "河东街道", "11410000MB0A00050Y", None, None, None])
    return rows, merges


def test_a_districts_refusals_speak_of_its_subdistricts_and_its_government(tmp_path, dirs):
    """The fixes name what the county has (街道, 区人民政府), not 乡镇 and 县人民政府."""
    rows, merges = _district_sheet()
    rows[6][3] = "河清区民政局"  # the 社区 under a department
    report = _report(tmp_path, dirs, rows, merges)
    assert "第7行，D列（上级）：上级“河清区民政局”是部门，社区只能属于街道\n    修改办法：在“上级”列填写所属街道。" in report
    rows, merges = _district_sheet()
    rows[3][3] = "河东街道"  # a department under a 街道
    report = _report(tmp_path, dirs, rows, merges)
    assert ("第4行，D列（上级）：上级“河东街道”是街道：只有社区写上级单位，即所属的街道\n"
            "    修改办法：部门的上级留空或写区人民政府。") in report
    assert "县" not in report.replace("河清区", "")


def test_without_a_county_government_the_fix_names_none(tmp_path, dirs):
    rows, merges = orgs_sheet()
    del rows[2]  # no 县政府 row: the spreadsheet does not say which level the county is
    rows[2][3] = "城关镇"  # a department under a 乡镇
    assert ("上级“城关镇”是乡镇：只有村（社区）写上级单位，即所属的乡镇（街道）\n    修改办法：部门的上级留空或写本级人民政府。"
            in _report(tmp_path, dirs, rows, merges))


def test_a_community_at_a_subdistrict_column_is_told_of_subdistricts(tmp_path):
    """A 社区 whose 网址名 is a column every 街道 has: the refusal says 街道 as the 区 does, not 乡镇（街道）."""
    from sheets_support import standard_sheet

    from govsite.tools import new_county

    clone = tmp_path / "clone"
    shutil.copytree(ROOT / "tests/fixtures/mini", clone)
    catalog = book(tmp_path / "目录.xlsx", {"扶贫": standard_sheet()})  # fupin-01 规范性文件: 县级 and 乡级
    rows, merges = _district_sheet()
    rows[6][5] = "fupin-01"  # the 社区
    rows[3][6] = None  # 负责领域 shehuijiuzhu is not in this catalog
    orgs = book(tmp_path / "单位.xlsx", {"单位": (rows, merges)})
    with pytest.raises(new_county.Failed) as failed:
        new_county.make(clone, county="河清区", site_name="河清区人民政府", site_url="https://www.heqing.gov.cn/",
                        identity={}, links={}, catalog_file=catalog, orgs_file=orgs)
    assert ("网址名“fupin-01”不能用：“fupin-01”是每个街道的栏目“规范性文件”的网址，社区的文件夹在街道的文件夹内，会占用它"
            in str(failed.value))
