"""make new-county (govsite.tools.new_county) without building: the county's mkdocs.yml from the settings
declaration, the staged county checked as the build checks it, the example moved aside, and refusals
that change nothing. tests/build/test_new_county.py builds the result and merges a product upgrade."""

from __future__ import annotations

import shutil

import pytest
import yaml
from conftest import FIXTURES
from sheets_support import book, orgs_sheet, standard_sheet, variant_sheet

from govsite.parse import settings
from govsite.parse.errors import ErrorCollector
from govsite.tools import new_county


def test_the_settings_file_is_declared_settings():
    text = new_county.settings_file(county="河清县", site_name="河清县人民政府", site_url="https://www.heqing.gov.cn/",
                                    identity={"主办单位": "河清县人民政府办公室"}, links={"依申请公开": "/ysqgk/"})
    config = yaml.safe_load(text)
    assert config["INHERIT"] == "govsite.yml" and config["site_name"] == "河清县人民政府"
    errors = ErrorCollector()
    loaded = settings.load(config["extra"], errors)
    assert not errors, errors.report()
    assert loaded.identity.sponsor == "河清县人民政府办公室" and loaded.links == {"依申请公开": "/ysqgk/"}
    assert set(loaded.checks) == set(new_county.START_CHECKS)
    assert "# 网站标识码:" in text  # every identity item the county has not given, as a comment to fill in


@pytest.fixture
def clone(tmp_path):
    project = tmp_path / "clone"
    shutil.copytree(FIXTURES / "mini", project)
    (project / "govsite.yml").write_text("# product\n", encoding="utf-8")
    return project


def test_a_county_replaces_the_example_which_moves_aside(tmp_path, clone):
    example = {p.relative_to(clone): p.read_bytes() for p in clone.rglob("*") if p.is_file() and p.name != "govsite.yml"}
    catalog = book(tmp_path / "目录.xlsx", {"扶贫": standard_sheet(), "社会救助": variant_sheet()})
    orgs = book(tmp_path / "单位.xlsx", {"单位": orgs_sheet()})
    scratch = new_county.make(clone, county="河清县", site_name="河清县人民政府", site_url="https://www.heqing.gov.cn/",
                              identity={}, links={}, catalog_file=catalog, orgs_file=orgs)
    new_county.install(clone, scratch)
    moved = clone / new_county.EXAMPLE_DIR
    assert {p.relative_to(moved): p.read_bytes() for p in moved.rglob("*") if p.is_file()} == example
    assert sorted(p.name for p in (clone / "catalog").iterdir()) == sorted(
        ["fupin.yml", "shehuijiuzhu.yml"] + [p.name for p in (moved / "catalog").glob("_*.yml")])
    assert len(list((clone / "content").rglob("_org.yml"))) == 7
    assert not list(clone.glob(".new-county-*"))


def test_bad_settings_change_nothing(tmp_path, clone):
    before = sorted(p.relative_to(clone) for p in clone.rglob("*"))
    with pytest.raises(new_county.Failed) as failed:
        new_county.make(clone, county="河清县", site_name="河清县人民政府", site_url="www.heqing.gov.cn",
                        identity={"找错链接": "javascript:alert(1)"}, links={}, code="11410000MB0A00018K")
    assert "site_url" in str(failed.value) and "找错链接" in str(failed.value)
    assert sorted(p.relative_to(clone) for p in clone.rglob("*")) == before


def test_a_refused_county_does_not_speak_of_a_site_it_did_not_build(clone):
    """make new-county builds nothing: its report says the project's files are unchanged, not "site/"."""
    with pytest.raises(new_county.Failed) as failed:
        new_county.make(clone, county="河清县", site_name="河清县人民政府", site_url="not a url",
                        identity={}, links={}, code="123")
    report = str(failed.value)
    assert report.startswith("未做任何修改") and "site_url" in report and "机构代码" in report
    assert "site/" not in report and report.endswith("均未改动。")


def test_new_county_leaves_the_products_code_owner_files_alone(tmp_path, clone, monkeypatch, capsys):
    """Issue 24: make new-county rewrote .github/.gitlab/.gitea CODEOWNERS, product files, so the next pull of the
    product could conflict. It writes only the county's own files and says how to make the county's owners."""
    from govsite.tools import codeowners

    shipped = {}
    for path in codeowners.FORGES.values():
        (clone / path).parent.mkdir(parents=True, exist_ok=True)
        (clone / path).write_text(f"# the product's {path}\n* @product\n", encoding="utf-8")
        shipped[path] = (clone / path).read_bytes()
    monkeypatch.chdir(clone)
    catalog = book(tmp_path / "目录.xlsx", {"扶贫": standard_sheet(), "社会救助": variant_sheet()})
    orgs = book(tmp_path / "单位.xlsx", {"单位": orgs_sheet()})
    assert new_county.main(["--name", "河清县", "--site-url", "https://www.heqing.gov.cn/", "--catalog", str(catalog),
                            "--orgs", str(orgs)]) == 0, capsys.readouterr().err
    assert {path: (clone / path).read_bytes() for path in codeowners.FORGES.values()} == shipped
    out = capsys.readouterr().out
    assert "make codeowners" in out


@pytest.mark.parametrize("name, kind", [("某某县", "县政府"), ("某某区", "区政府"), ("某某市", "市政府"), ("某某旗", "旗政府"),
                                        ("某某自治县", "自治县政府"), ("某某自治旗", "自治旗政府"), ("某某特区", "特区政府"),
                                        ("某某林区", "林区政府")])
def test_the_county_governments_kind_comes_from_the_end_of_its_name(tmp_path, clone, monkeypatch, capsys, name, kind):
    """A 区, a 县级市 or a 旗 made without an organisations spreadsheet is not written down as a 县政府: its
    _org.yml says its own 类型 (and 简称), and what make new-county tells it says 本区, 本市 …"""
    monkeypatch.chdir(clone)
    assert new_county.main(["--name", name, "--code", "11410000MB0A00018K"]) == 0, capsys.readouterr().err
    org = yaml.safe_load((clone / "content/county/_org.yml").read_text(encoding="utf-8"))
    assert org["类型"] == kind and org["简称"] == kind and org["名称"] == f"{name}人民政府"
    level = kind.removesuffix("政府")
    out = capsys.readouterr().out
    assert f"生成本{level}的 CODEOWNERS" in out and f"改为本{level}网址" in out


@pytest.mark.parametrize("name", ["某某", "某某镇", "某某县人民政府"])
def test_a_name_that_says_no_county_level_is_refused_naming_the_endings(clone, monkeypatch, capsys, name):
    monkeypatch.chdir(clone)
    before = {p.relative_to(clone): p.read_bytes() for p in clone.rglob("*") if p.is_file()}
    assert new_county.main(["--name", name, "--code", "11410000MB0A00018K"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"未做任何修改：NAME“{name}”的结尾不是县、区、市、旗、自治县、自治旗、特区、林区之一") and "ORGS=" in err
    assert {p.relative_to(clone): p.read_bytes() for p in clone.rglob("*") if p.is_file()} == before


def test_without_a_code_the_refusal_names_the_countys_own_government(clone):
    with pytest.raises(new_county.Failed, match="须给出旗人民政府的统一社会信用代码"):
        new_county.make(clone, county="某某旗", site_name="某某旗人民政府", site_url="https://www.example.gov.cn/",
                        identity={}, links={})


def test_in_a_terminal_the_questions_say_the_countys_own_government(clone, monkeypatch, capsys):
    """Asked in a terminal: the name as a 县, 区, 市 or 旗 may give it, then its own government's code."""
    asked = []
    answers = {"名称": "某某旗", "统一社会信用代码": "11410000MB0A00018K"}

    def answer(prompt: str) -> str:
        asked.append(prompt)
        return next((v for k, v in answers.items() if k in prompt), "")

    monkeypatch.chdir(clone)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", answer)
    assert new_county.main([]) == 0, capsys.readouterr().err
    assert asked[0].startswith("县（区、市、旗）的名称（如 某某县、某某区、某某市、某某旗）")
    assert any(p.startswith("单位表格（.xlsx/.csv；留空则只建本级人民政府）") for p in asked)
    assert any(p.startswith("旗人民政府的统一社会信用代码") for p in asked)
    assert not [p for p in asked if "本县" in p]  # (主办单位 is asked with settings.py's own example)
    assert yaml.safe_load((clone / "content/county/_org.yml").read_text(encoding="utf-8"))["类型"] == "旗政府"
