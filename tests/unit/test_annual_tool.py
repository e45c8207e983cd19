"""make annual-report (govsite.tools.annual_report): the data file has every row of the national format, table 二
pre-filled from the content and 上年结转 from last year's file; it loads (as a draft) as written; the refusals
write nothing, and an existing file is never overwritten."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from govsite.model import site as model
from govsite.tools import annual_report
from govsite.tools.project import Refused

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "mini"
DAY = datetime.date(2026, 1, 5)
FILE = "content/departments/nongye/年报/2025.yml"


@pytest.fixture
def county(tmp_path) -> Path:
    project = tmp_path / "county"
    shutil.copytree(FIXTURE, project)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    catalog = project / "catalog/fupin.yml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(
        "    二级事项: 规范性文件\n", "    二级事项: 规范性文件\n    年报统计: 行政规范性文件\n", 1), encoding="utf-8")
    return project


def write(county: Path, org="nongye", year=2025) -> Path:
    return annual_report.write(county / "mkdocs.yml", org, year, today=DAY)


def test_the_data_file_is_written_prefilled_and_loads_as_a_draft(county):
    path = write(county)
    assert path == county / FILE
    text = path.read_text(encoding="utf-8")
    assert "  行政规范性文件: {本年制发件数: 1, 现行有效件数: 1}    # 未列出的项为 0" in text  # zhengce.md, 2025
    assert "  # 规章：本单位没有规章栏目，不能制定规章" in text
    assert "      8.属于行政查询事项: [0, 0, 0, 0, 0, 0, 0]" in text and "  行政诉讼（复议后起诉）: [0, 0, 0, 0, 0]" in text
    site = model.load(county, county / "content", county / "catalog")
    [report] = site.annual
    assert report.is_draft and report.column.reports == []  # not published until 发布日期 is filled in


def test_carried_over_comes_from_last_years_file(county):
    last = write(county, year=2024)
    text = last.read_text(encoding="utf-8")
    text = text.replace("一、本年新收政府信息公开申请数量: [0, 0, 0, 0, 0, 0, 0]", "一、本年新收政府信息公开申请数量: [2, 0, 0, 0, 0, 0, 2]")
    text = text.replace("四、结转下年度继续办理: [0, 0, 0, 0, 0, 0, 0]", "四、结转下年度继续办理: [2, 0, 0, 0, 0, 0, 2]")
    last.write_text(text, encoding="utf-8")
    assert "二、上年结转政府信息公开申请数量: [2, 0, 0, 0, 0, 0, 2]" in write(county).read_text(encoding="utf-8")
    assert len(model.load(county, county / "content", county / "catalog").annual) == 2  # 结转 agrees


@pytest.mark.parametrize(("org", "year", "expected"), [
    ("nobody", 2025, "没有编号或名称为“nobody”的单位"),
    ("dongjie", 2025, "没有政府信息公开年报栏目"),
    ("nongye", 2026, "2026年度尚未结束"),
])
def test_refusals_write_nothing(county, org, year, expected):
    with pytest.raises(Refused, match=expected):
        write(county, org, year)
    assert not list((county / "content").rglob("年报"))


def test_an_existing_file_is_never_overwritten(county):
    path = write(county)
    path.write_text(path.read_text(encoding="utf-8") + "# 已填写\n", encoding="utf-8")
    with pytest.raises(Refused, match="已存在，不会覆盖"):
        write(county)
    assert path.read_text(encoding="utf-8").endswith("# 已填写\n")


def test_the_command_line(county, capsys, monkeypatch):
    monkeypatch.chdir(county)
    assert annual_report.main(["--org", "nongye"]) == 1
    assert "请指定单位和年度" in capsys.readouterr().err
    assert annual_report.main(["--org", "县农业农村局", "--year", "2024"]) == 0
    assert "已创建 content/departments/nongye/年报/2024.yml" in capsys.readouterr().out


def test_zeros_are_not_prefilled_so_the_sites_count_applies(county, capsys, monkeypatch):
    """Issue 24: run before the year's documents exist, the tool wrote zeros for table 二 that then beat the
    site's own counts. A row the content counts as nothing is left commented (the site counts it at every build);
    a year with nothing counted at all says so in the file and on the command line."""
    path = write(county, year=2024)  # no document of the mini county was written in 2024
    text = path.read_text(encoding="utf-8")
    assert "\n  行政规范性文件:" not in text and "\n  行政许可:" not in text  # no zero that would win
    assert "  # 行政规范性文件: {本年制发件数: 0, 本年废止件数: 0, 现行有效件数: 0}" in text
    assert annual_report.NOTHING_COUNTED.format(year=2024) in text
    # a 2024 document brought in afterwards is counted: no typed zero overrides it
    doc = county / "content/departments/nongye/zhengce.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("成文日期: 2025-03-03", "成文日期: 2024-03-03"), encoding="utf-8")
    site = model.load(county, county / "content", county / "catalog")
    [report] = [r for r in site.annual if r.year == 2024]
    assert report.table2()["行政规范性文件"]["本年制发件数"].text == "1"
    # 2025: the counted row is pre-filled, the rows counted as nothing are left to the site
    text = write(county).read_text(encoding="utf-8")
    assert "\n  行政规范性文件: {现行有效件数: 1}    # 未列出的项为 0" in text  # zhengce.md (2024) still in force
    monkeypatch.chdir(county)
    assert annual_report.main(["--org", "nongye", "--year", "2023"]) == 0
    assert "2023年成文" in capsys.readouterr().out


def test_an_unknown_org_is_answered_with_one_of_the_countys_own(county):
    """The hint names one of the county's organisations, not a 县民政局 a 区 does not have."""
    org = county / "content" / "county" / "_org.yml"
    org.write_text(org.read_text(encoding="utf-8").replace("类型: 县政府", "类型: 区政府"), encoding="utf-8")
    nongye = model.load(county, county / "content", county / "catalog").tree.orgs["nongye"]
    with pytest.raises(Refused) as refused:
        write(county, "nobody")
    assert f"如 ORG=nongye 或 ORG={nongye.label}。" in str(refused.value) and "县民政局" not in str(refused.value)
