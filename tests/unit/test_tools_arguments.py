"""The tools' command lines (what the Makefile runs): the nastiest values arrive exactly as typed and are
written through the YAML writer (read back, they are the same text; nothing ran); a mistake in an argument
is one Chinese line naming the argument and the fix, with nothing written. tests/build/test_make_arguments.py
runs the same through the real make targets."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from arguments_support import breaking_line, hostile

from govsite.checks import __main__ as checks_main
from govsite.model import annual
from govsite.parse import markdown, schema, yamlfile
from govsite.parse.errors import ErrorCollector
from govsite.tools import annual_report, catalog_sheet, codeowners, import_orgs, new, new_county

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "mini"
ENGLISH = re.compile(r"usage|error:|argument|Traceback", re.I)


@pytest.fixture
def county(tmp_path) -> Path:
    project = tmp_path / "county"
    shutil.copytree(FIXTURE, project)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


@pytest.fixture
def clone(tmp_path) -> Path:
    """A fresh clone for make new-county (the example is the mini county)."""
    project = tmp_path / "clone"
    shutil.copytree(FIXTURE, project)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "govsite.yml").write_text("# product\n", encoding="utf-8")
    return project


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def one_chinese_line(capsys, call) -> str:
    """``call`` refuses its command line: one Chinese line on the standard error, exit status 2."""
    with pytest.raises(SystemExit) as exited:
        call()
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and not ENGLISH.search(err), err
    return err


class _InProcess:
    """make new's pinyin, without its child process."""

    def __call__(self, title: str) -> list[str]:
        return new.pinyin(title)

    def close(self) -> None:
        pass


def make_new(county: Path, monkeypatch, *args: str) -> int:
    monkeypatch.setattr(new, "Pinyin", _InProcess)
    return new.main(["-f", str(county / "mkdocs.yml"), "--org=nongye", "--item=fupin-01", *args], interactive=False)


def front(path: Path) -> dict:
    meta, offset = markdown.split_front_matter(path.read_text(encoding="utf-8"))
    return yamlfile.load(meta, path.name, ErrorCollector(), line_offset=offset)


# --- make new ------------------------------------------------------------------------------------------------

def test_make_new_writes_every_hostile_title_exactly(county, tmp_path, monkeypatch):
    marker = tmp_path / "MARKER"
    titles = [*hostile(marker).values(), breaking_line(marker)]
    for title in titles:
        before = files(county)
        assert make_new(county, monkeypatch, f"--title={title}", "--date=2025-06-03") == 0, title
        [written] = set(files(county)) - set(before)
        meta = front(county / written)
        assert meta["标题"] == " ".join(title.split()), title  # a line break is a space in a title
        assert set(meta) == {f.key for f in schema.fields(new.Document) if f.required}, title
    assert not marker.exists()


def test_a_title_taken_for_an_option_is_answered_in_chinese(county, monkeypatch, capsys):
    before = files(county)
    err = one_chinese_line(capsys, lambda: make_new(county, monkeypatch, "--title", "-x"))
    assert "TITLE（--title）缺少值" in err and "--title=值" in err
    assert files(county) == before


@pytest.mark.parametrize("date, problem", [
    ("2025-02-30", "“2025-02-30”不是存在的日期"), ("明天", "“明天”不是日期格式 YYYY-MM-DD"),
    ("0999-01-01", "“0999-01-01”的年份不是四位数的年份"),  # its 索引号 would be …/999-00001, its folder 999/
    ("2025-06-03; touch x", "不是日期格式"),
])
def test_a_nonsense_date_is_refused_before_anything_is_written(county, monkeypatch, capsys, date, problem):
    before = files(county)
    err = one_chinese_line(capsys, lambda: make_new(county, monkeypatch, "--title=通知", f"--date={date}"))
    assert err.startswith("make new：DATE（--date）：") and problem in err and "DATE=2025-06-30" in err
    assert files(county) == before


# --- make annual-report --------------------------------------------------------------------------------------

@pytest.mark.parametrize("year", ["0999", "999", "25", "二〇二五", "２０２５", "2025; touch x", "$(shell x)", ""])
def test_a_nonsense_year_is_refused_before_anything_is_written(county, capsys, year):
    before = files(county)
    err = one_chinese_line(capsys, lambda: annual_report.main(["-f", str(county / "mkdocs.yml"), "--org=nongye",
                                                               f"--year={year}"]))
    assert err.startswith(f"make annual-report：YEAR（--year）：“{year}”不是年份") and "YEAR=2025" in err
    assert files(county) == before


def test_the_tool_and_the_build_share_the_rule_of_a_year():
    for text in ("0999", "999", "1000", "2025", "9999", "10000", "２０２５", "٢٠٢٥"):
        year = schema.parse_year(text)
        assert (annual.FILE_NAME.match(f"{text}.yml") is not None) == (year is not None), text
        if year is not None:  # the file the tool writes is the file the build reads back as that year
            assert annual.FILE_NAME.match(f"{year}.yml")[1] == text


# --- make import-catalog, import-orgs, export-catalog, new-county: files ------------------------------------

@pytest.mark.parametrize("tool, argv, variable", [
    (catalog_sheet.main, ["import", "{folder}"], "FILE"),
    (import_orgs.main, ["{folder}"], "FILE"),
    (catalog_sheet.main, ["export", "--out={folder}"], "OUT（--out）"),
    (checks_main.main, ["--json={folder}"], "JSON（--json）"),
])
@pytest.mark.parametrize("name", ["单位.csv", "目录.xlsx", "folder"])
def test_a_folder_given_as_a_file_is_one_chinese_line(county, monkeypatch, capsys, tool, argv, variable, name):
    folder = county / name
    folder.mkdir()
    monkeypatch.chdir(county)
    before = files(county)
    err = one_chinese_line(capsys, lambda: tool([a.format(folder=name) for a in argv]))
    assert f"{variable}：“{name}”是文件夹，不是文件" in err
    assert files(county) == before


def test_a_hostile_file_name_is_a_file_name(county, monkeypatch):
    marker = Path("MARKER")  # in the current folder: a file name holds no /
    monkeypatch.chdir(county)
    content = files(county / "content")
    for what, value in hostile(marker).items():
        out = county / f"{value}.xlsx"
        assert catalog_sheet.main(["export", f"--out={out.name}"]) == 0, what
        assert out.is_file(), what
        assert import_orgs.main(["--", f"{value}.csv"]) == 1, what  # a file that is not there: refused
    assert not (county / marker).exists() and files(county / "content") == content


# --- make new-county ----------------------------------------------------------------------------------------

def county_code() -> str:
    return yaml.safe_load((FIXTURE / "content/county/_org.yml").read_text(encoding="utf-8"))["机构代码"]


def test_a_county_name_with_a_line_break_is_refused(clone, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(clone)
    before = files(clone)
    name = breaking_line(tmp_path / "MARKER")
    assert new_county.main([f"--name={name}", f"--code={county_code()}"]) == 1
    err = capsys.readouterr().err
    assert "NAME 含有控制字符 U+000A（换行）：只能是一行文字" in err and "未做任何修改" in err
    assert files(clone) == before


@pytest.mark.parametrize("argv, variable", [
    (["--site-url=https://www.x.gov.cn/\x1b]8;;"], "SITE_URL"),
    (["--identities=主办单位=某某\x1b办公室"], "IDENTITY 的“主办单位”"),
    (["--link=依申请公开=https://x.gov.cn/\r\nhooks: [x]"], "LINKS 的“依申请公开”"),
    (["--code=11522799MB1000001X\n"], "CODE"),
])
def test_every_value_of_new_county_is_one_line(clone, monkeypatch, capsys, argv, variable):
    monkeypatch.chdir(clone)
    before = files(clone)
    assert new_county.main(["--name=某某县", f"--code={county_code()}", *argv]) == 1
    assert f"{variable} 含有控制字符" in capsys.readouterr().err
    assert files(clone) == before


def test_new_county_writes_hostile_values_exactly(clone, monkeypatch, capsys):
    marker = Path("MARKER")  # short: the name is an organisation's 名称 too (at most 100 characters)
    values = hostile(marker)
    # ends as a county's name does (its government's 类型 comes from the ending)
    name = values["make-shell"] + values["backticks"] + values["single-quotes"] + "县"
    identity = {"主办单位": values["double-quotes"].replace(" ", ""), "联系方式": values["dollars"]}
    monkeypatch.chdir(clone)
    code = new_county.main([f"--name={name}", f"--code={county_code()}", "--site-url=https://www.x.gov.cn/",
                            "--identities=" + " ".join(f"{k}={v}" for k, v in identity.items()),
                            "--link=在线办事=https://www.x.gov.cn/?q=$(shell+touch+x)&a='`b`'"])
    assert code == 0, capsys.readouterr()
    config = yaml.safe_load((clone / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == f"{name}人民政府" and config["extra"]["gov"]["county"] == name
    assert config["extra"]["gov"]["identity"] == identity
    assert config["extra"]["gov"]["links"] == {"在线办事": "https://www.x.gov.cn/?q=$(shell+touch+x)&a='`b`'"}
    assert set(config) == {"INHERIT", "site_name", "site_description", "site_url", "docs_dir", "site_dir",
                           "use_directory_urls", "extra"}
    assert not (clone / marker).exists()


@pytest.mark.parametrize("value", [breaking_line(Path("MARKER")), "a\r\nhooks: [x]", "x\u2028hooks: [y]", "a\n#b",
                                   "tail\n", "'\"\\ `$(x)`"])
def test_the_settings_file_carries_each_value_as_one_yaml_scalar(value):
    """The writer on its own (main refuses these values first): whatever a value holds, it is read back as it was
    given and adds no key."""
    text = new_county.settings_file(county=value, site_name=value, site_url=value, identity={"主办单位": value},
                                    links={value: value, "依申请公开": value})
    config = yaml.safe_load(text)
    gov = config["extra"]["gov"]
    assert config["site_name"] == config["site_url"] == gov["county"] == gov["identity"]["主办单位"] == value
    assert gov["links"] == {"依申请公开": value, value: value}
    assert set(config) == {"INHERIT", "site_name", "site_description", "site_url", "docs_dir", "site_dir",
                           "use_directory_urls", "extra"}


@pytest.mark.parametrize("option", ["--catalog", "--orgs"])
def test_a_folder_as_a_spreadsheet_of_new_county(clone, monkeypatch, capsys, option):
    (clone / "表格.xlsx").mkdir()
    monkeypatch.chdir(clone)
    before = files(clone)
    err = one_chinese_line(capsys, lambda: new_county.main(["--name=某某县", f"{option}=表格.xlsx"]))
    assert f"{option.upper()[2:]}（{option}）：“表格.xlsx”是文件夹" in err
    assert files(clone) == before


# --- make codeowners, make check ----------------------------------------------------------------------------

def test_an_unknown_forge_names_the_forges(county, capsys):
    err = one_chinese_line(capsys, lambda: codeowners.main(["-f", str(county / "mkdocs.yml"), "--forge=$(shell x)"]))
    assert "make codeowners：FORGE（--forge）不能是“$(shell x)”，可选：gitea、github、gitlab。" in err


@pytest.mark.parametrize("as_of", ["2026-13-01", "$(shell touch x)", "2026-06-30; touch x", ""])
def test_a_nonsense_check_date_is_one_chinese_line(county, monkeypatch, capsys, as_of):
    monkeypatch.chdir(county)
    err = one_chinese_line(capsys, lambda: checks_main.main([f"--as-of={as_of}"]))
    assert err.startswith(f"make check：AS_OF（--as-of）：“{as_of}”") and "AS_OF=2026-06-30" in err


# --- the Makefile -------------------------------------------------------------------------------------------

def test_the_makefile_hands_every_typed_variable_over_as_data():
    """Each variable typed after a target is in TYPED (made a simple variable holding exactly what was typed, and
    exported); a recipe reads it as "$$VAR" and uses $(VAR) only as the condition of $(if …), never as text."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ").splitlines()
    text = "\n".join(line for line in lines if not line.startswith("#"))
    typed = set(re.search(r"^TYPED := (.*)$", text, re.M)[1].split())
    assert {"FILE", "OUT", "NAME", "SITE_URL", "CATALOG", "ORGS", "CODE", "IDENTITY", "LINKS", "ORG", "ITEM", "TITLE",
            "DATE", "YEAR", "AS_OF", "JSON", "FORGE", "DRY_RUN", "FORCE", "SIZE", "CMS_PORT", "BENCH_ARGS"} <= typed
    read = set(re.findall(r"\$\$\{?([A-Z_]+)", text)) - {"PWD"}
    assert read <= typed, read - typed
    for name in typed:
        for match in re.finditer(rf"\$\({name}\)", text):
            assert text[match.start() - 5:match.start()] == "$(if ", (name, text[match.start() - 40:match.end() + 20])
        assert not re.search(rf"\$\((?:or|and|foreach|subst|patsubst)\b[^)\n]*\$\({name}\)", text), name
