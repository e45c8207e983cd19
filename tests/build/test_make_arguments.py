"""The Makefile hands what is typed after a target to its tool as data (issue 21): run as subprocesses in a copy
of the project, the real make targets get the nastiest values (backticks, $(shell …), quotes that would close a
shell string, $(…) make would expand, line breaks, a leading -) and write them exactly, or refuse them in one
Chinese line naming the variable; no command in a value ever runs (no marker file appears).
tests/unit/test_tools_arguments.py runs the tools' own command lines in process."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from arguments_support import breaking_line, hostile
from conftest import EXAMPLE, FIXTURES, ROOT

from govsite.parse import markdown, yamlfile
from govsite.parse.errors import ErrorCollector

PRODUCT = ("Makefile", "govsite.yml", "requirements.txt", "requirements-dev.txt", "requirements-bench.txt",
           "package.json", "package-lock.json")
# Every variable the Makefile reads from what is typed: none may come from the tester's own environment.
TYPED = ("FILE", "OUT", "NAME", "SITE_URL", "CATALOG", "ORGS", "CODE", "IDENTITY", "LINKS", "ORG", "ITEM", "TITLE",
         "DATE", "YEAR", "AS_OF", "JSON", "FORGE", "DRY_RUN", "FORCE", "SIZE", "PROFILE", "BENCH_ARGS",
         "PREVIEW_SIZE", "EDITS", "CMS_PORT", "GOV_AS_OF")
ENGLISH = re.compile(r"usage|error:|argument|Traceback", re.I)


@pytest.fixture
def project(tmp_path) -> Path:
    """The mini county with the product's Makefile, hooks and settings, and the installed virtual environment."""
    folder = tmp_path / "county"
    shutil.copytree(FIXTURES / "mini", folder)
    shutil.copy(EXAMPLE / "mkdocs.yml", folder / "mkdocs.yml")
    for name in PRODUCT:
        shutil.copy(ROOT / name, folder / name)
        os.utime(folder / name, (0, 0))  # older than .venv/.installed: make setup installs nothing
    for name in ("hooks", "overrides"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / ".venv").symlink_to(Path(sys.executable).resolve().parent.parent if not (ROOT / ".venv").exists()
                                  else (ROOT / ".venv").resolve())
    return folder


# What an outer make (`make test`, as CI runs the tests) passes to the makes these tests run: without them the
# inner make is the one typed in a terminal (it would print "make[1]: ***" and could inherit flags).
OUTER_MAKE = ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES", "MAKE_TERMOUT", "MAKE_TERMERR")


def terminal_env() -> dict:
    return {k: v for k, v in os.environ.items() if k not in TYPED and k not in OUTER_MAKE}


def make(project: Path, target: str, env: dict | None = None, **typed: str) -> subprocess.CompletedProcess:
    """``make -s target VAR=value …`` as typed in a terminal (NPM=: the form editor's packages are not needed)."""
    clean = terminal_env()
    clean.update(PYTHONDONTWRITEBYTECODE="1", NO_MKDOCS_2_WARNING="1", **(env or {}))
    return subprocess.run(["make", "-s", target, "NPM=", *(f"{k}={v}" for k, v in typed.items())], cwd=project,
                          env=clean, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)


def tool_line(result: subprocess.CompletedProcess) -> str:
    """The tool's refusal: one Chinese line (beside make's own "*** [target] Error" line)."""
    assert result.returncode != 0, result.stdout
    lines = [line for line in result.stderr.splitlines() if not line.startswith("make: ***")]
    assert len(lines) == 1 and not ENGLISH.search(lines[0]), result.stderr
    return lines[0]


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and ".venv" not in p.parts and "__pycache__" not in p.parts}


def title_of(path: Path) -> str:
    meta, offset = markdown.split_front_matter(path.read_text(encoding="utf-8"))
    return yamlfile.load(meta, path.name, ErrorCollector(), line_offset=offset)["标题"]


def test_make_new_writes_every_hostile_title_exactly(project, tmp_path):
    marker = tmp_path / "MARKER"
    for title in [*hostile(marker).values(), breaking_line(marker)]:
        before = files(project)
        result = make(project, "new", ORG="nongye", ITEM="fupin-01", TITLE=title, DATE="2025-06-03")
        assert result.returncode == 0, (title, result.stderr)
        [written] = set(files(project)) - set(before)
        assert title_of(project / written) == " ".join(title.split()), title  # a line break is a space in a title
        assert not marker.exists(), title
    before = files(project)
    result = make(project, "new", env={"TITLE": f"$(shell touch {marker})"}, ORG="nongye", ITEM="fupin-01")
    [written] = set(files(project)) - set(before)  # TITLE from the environment: data as well
    assert title_of(project / written) == f"$(shell touch {marker})" and not marker.exists()


@pytest.mark.parametrize("what", ["make-shell", "backticks", "double-quotes", "shell-substitution"])
def test_make_new_refuses_a_hostile_date_in_chinese(project, tmp_path, what):
    marker = tmp_path / "MARKER"
    before = files(project)
    result = make(project, "new", ORG="nongye", ITEM="fupin-01", TITLE="通知", DATE=f"2025-06-03{hostile(marker)[what]}")
    assert tool_line(result).startswith("make new：DATE（--date）：")
    assert files(project) == before and not marker.exists()


@pytest.mark.parametrize("year, problem", [("0999", "“0999”不是年份"), ("2025; touch {marker}", "不是年份"),
                                           ("$(shell touch {marker})", "不是年份"), ("`touch {marker}`", "不是年份")])
def test_make_annual_report_refuses_a_nonsense_year_before_writing(project, tmp_path, year, problem):
    marker = tmp_path / "MARKER"
    before = files(project)
    result = make(project, "annual-report", ORG="nongye", YEAR=year.format(marker=marker))
    line = tool_line(result)
    assert line.startswith("make annual-report：YEAR（--year）：") and problem.format(marker=marker) in line
    assert files(project) == before and not marker.exists()


@pytest.mark.parametrize("target", ["import-catalog", "import-orgs"])
def test_an_import_takes_a_hostile_file_name_as_a_name(project, target):
    before = files(project)
    for what, value in hostile(Path("MARKER")).items():  # a file name: the marker is in the project folder
        result = make(project, target, FILE=f"{value}.csv", DRY_RUN="$(shell touch MARKER)")
        assert result.returncode != 0, (what, result.stderr)
        assert f"文件 {value}.csv：文件不存在或无法打开" in result.stdout, (what, result.stdout)
    (project / "表格.csv").mkdir()
    assert "FILE：“表格.csv”是文件夹，不是文件" in tool_line(make(project, target, FILE="表格.csv"))
    assert not (project / "MARKER").exists()
    assert {k: v for k, v in files(project).items() if k != "表格.csv"} == before


def test_export_catalog_writes_exactly_the_file_named(project):
    out = "目录 `touch MARKER` $(shell touch MARKER) \"; touch MARKER; \" '$(…)'.xlsx"
    result = make(project, "export-catalog", OUT=out)
    assert result.returncode == 0, result.stderr
    assert (project / out).is_file() and not (project / "MARKER").exists()


def test_new_county_takes_every_value_as_data(project, tmp_path):
    marker = tmp_path / "MARKER"
    values = hostile(Path("M"))  # short: the county's name is its government's 名称 too (at most 100 characters)
    code = yaml.safe_load((project / "content/county/_org.yml").read_text(encoding="utf-8"))["机构代码"]
    before = files(project)
    refused = [dict(NAME=breaking_line(marker), CODE=code),
               dict(NAME="某某县", CODE=f"$(shell touch {marker})"),
               dict(NAME="某某县", CATALOG=f"`touch {marker}`.xlsx", CODE=code),
               dict(NAME="某某县", CODE=code, IDENTITY=f"主办单位=$(shell touch {marker})\x1b")]
    for typed in refused:
        result = make(project, "new-county", **typed)
        assert result.returncode != 0, typed
        assert files(project) == before and not marker.exists(), (typed, result.stderr)
    assert "NAME 含有控制字符 U+000A（换行）" in make(project, "new-county", **refused[0]).stderr

    # ends as a county's name does (its government's 类型 comes from the ending)
    name = values["make-shell"] + values["backticks"] + values["single-quotes"] + "县"
    identity = {"主办单位": values["double-quotes"].replace(" ", ""), "联系方式": values["dollars"]}
    result = make(project, "new-county", NAME=name, CODE=code, SITE_URL="https://www.x.gov.cn/",
                  IDENTITY=" ".join(f"{k}={v}" for k, v in identity.items()),
                  LINKS=f"在线办事=https://www.x.gov.cn/?q=$(shell+touch+{marker.name})")
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    gov = config["extra"]["gov"]
    assert config["site_name"] == f"{name}人民政府" and gov["county"] == name and gov["identity"] == identity
    assert gov["links"] == {"在线办事": f"https://www.x.gov.cn/?q=$(shell+touch+{marker.name})"}
    assert "hooks" not in config and not marker.exists() and not (project / "M").exists()


def test_new_county_runs_nothing_in_the_site_url(project, tmp_path):
    marker = tmp_path / "MARKER"
    code = yaml.safe_load((project / "content/county/_org.yml").read_text(encoding="utf-8"))["机构代码"]
    before = files(project)
    site_url = f'https://www.x.gov.cn/"; touch {marker}; "'
    result = make(project, "new-county", NAME="某某县", CODE=code, SITE_URL=site_url)
    assert not marker.exists(), result.stderr
    if result.returncode == 0:  # the value as it was typed (whether a quote is a valid site_url is settings' rule)
        assert yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"] == site_url
    else:
        assert files(project) == before


def test_check_and_site_take_the_date_and_report_file_as_data(project, tmp_path):
    marker = tmp_path / "MARKER"
    for as_of in (f"$(shell touch {marker})", f"2026-06-30; touch {marker}", "2026-13-01"):
        shown = as_of[:20]  # a long value is shortened in the message
        assert tool_line(make(project, "check", AS_OF=as_of)).startswith(f"make check：AS_OF（--as-of）：“{shown}")
        site = make(project, "site", AS_OF=as_of)
        assert site.returncode != 0 and f"“{shown}" in site.stdout + site.stderr
        assert "Traceback" not in site.stderr and not (project / "site").exists()
    json = "报告 `touch MARKER` $(shell touch MARKER).json"
    result = make(project, "check", AS_OF="2026-06-30", JSON=json)
    assert result.returncode in (0, 1), result.stderr
    assert (project / json).is_file() and not (project / "MARKER").exists() and not marker.exists()


def test_codeowners_and_the_developer_targets_expand_nothing(project, tmp_path):
    marker = tmp_path / "MARKER"
    line = tool_line(make(project, "codeowners", FORGE=f"$(shell touch {marker})"))
    assert line.startswith(f"make codeowners：FORGE（--forge）不能是“$(shell touch {marker})”")
    shell = f"$(shell touch {marker})"
    for target in ("bench", "bench-preview", "cms"):  # -n: make expands every recipe and runs none of them
        result = subprocess.run(["make", "-n", target, "NPM=", f"SIZE={shell}", f"PROFILE={shell}", f"EDITS={shell}",
                                 f"PREVIEW_SIZE={shell}", f"CMS_PORT={shell}", f"CMS_UPSTREAM_PORT={shell}",
                                 f"BENCH_ARGS=--x {shell}"],
                                cwd=project, env=terminal_env(), capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert not marker.exists(), target


def stand_ins(project: Path, log: Path) -> str:
    """The form editor's services as stand-ins that record what each was started with (a fake virtual
    environment beside the real one: make cms VENV=…): the guard's serving run and decap-server wait, the
    preview (mkdocs serve) waits until the other two have started; the guard's --check is the real one."""
    fake = project / "fakevenv"
    (fake / "bin").mkdir(parents=True)
    (project / "node_modules/.bin").mkdir(parents=True)
    scripts = {
        fake / "bin/python": f'echo "python GOV_AS_OF=$GOV_AS_OF $*" >> "{log}"\n'
                             f'case "$*" in *--port*) exec sleep 60;; esac\nexec "{Path(sys.executable)}" "$@"\n',
        fake / "bin/mkdocs": f'echo "mkdocs GOV_AS_OF=$GOV_AS_OF $*" >> "{log}"\n'
                             f'for i in $(seq 100); do [ "$(wc -l < "{log}")" -ge 4 ] && exit 0; sleep 0.1; done\n',
        project / "node_modules/.bin/decap-server": f'echo "decap-server GOV_AS_OF=$GOV_AS_OF" >> "{log}"\nexec sleep 60\n',
    }
    for path, body in scripts.items():
        path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
        path.chmod(0o755)
    (fake / ".installed").touch()  # make setup installs nothing
    return fake.name


def test_make_cms_refuses_a_malformed_date_as_the_build_does(project, tmp_path):
    """make cms AS_OF=…: a date that is none stops it before the form editor, the guard or the preview starts,
    in the words `make site` uses for the same value."""
    marker = tmp_path / "MARKER"
    log = tmp_path / "started.log"
    venv = stand_ins(project, log)
    for as_of in ("2026-13-01", "2026-6-31", f"$(shell touch {marker})"):
        cms = make(project, "cms", VENV=venv, AS_OF=as_of)
        message = "\n".join(line for line in cms.stderr.splitlines() if not line.startswith("make: ***"))
        assert cms.returncode != 0 and message.startswith(f"环境变量 GOV_AS_OF：“{as_of[:20]}"), cms.stderr
        assert "修改办法：检查日期写成 YYYY-MM-DD" in message and not ENGLISH.search(message)
        started = log.read_text(encoding="utf-8").splitlines()
        assert len(started) == 1 and "--check" in started[0], started  # the check alone ran
        log.unlink()
        site = make(project, "site", AS_OF=as_of)
        assert site.returncode != 0 and message in site.stdout + site.stderr
    assert not marker.exists()


def test_make_cms_gives_the_date_to_the_guard_and_the_preview(project, tmp_path):
    """make cms AS_OF=2026-06-30: the guard (its checks before a save) and mkdocs serve (the preview's build) both
    judge dates as of that day, as make site does."""
    log = tmp_path / "started.log"
    result = make(project, "cms", VENV=stand_ins(project, log), AS_OF="2026-06-30")
    assert result.returncode == 0, result.stderr
    started = log.read_text(encoding="utf-8").splitlines()
    assert len(started) == 4 and all("GOV_AS_OF=2026-06-30 " in f"{line} " for line in started), started
    assert any("cms_guard --port=" in line for line in started) and any(line.startswith("mkdocs ") for line in started)
