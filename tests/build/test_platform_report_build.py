"""The platform's report job on real builds (issue 27): three small counties built for real (one with every
document three years old, so its columns are stale, built with an older product) and one failed site, then
``python -m govsite.platform.job``: the report names all four with their findings, the change since the last
report, the same bytes for the same inputs, and a Chinese error for a bad --previous."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT
from platform_support import AS_OF, COUNTIES, FAILED, VERSION, make_platform


def job(out: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"))
    return subprocess.run([sys.executable, "-m", "govsite.platform.job", "--out", str(out), *args],
                          capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def platform(tmp_path_factory) -> Path:
    return make_platform(tmp_path_factory.mktemp("platform"))


def _files(public: Path) -> dict[str, bytes]:
    return {p.relative_to(public).as_posix(): p.read_bytes() for p in sorted(public.rglob("*")) if p.is_file()}


def test_the_report_names_every_site_and_its_findings(platform):
    proc = job(platform)
    assert proc.returncode == 0, proc.stderr
    assert "4 个网站，生成失败或无结果 1 个" in proc.stdout and "信息资源库：15 篇文件" in proc.stdout
    data = json.loads((platform / "public" / "jianguan" / "report.json").read_text(encoding="utf-8"))
    sites = {s["id"]: s for s in data["sites"]}
    assert set(sites) == set(COUNTIES) | {FAILED[0]}
    assert data["as_of"] == AS_OF and data["product_version"] == VERSION
    stale = sites["bingshi"]
    assert stale["vetoes"] == ["home"] and stale["stale_columns"] >= 1 and stale["behind"]
    assert stale["home_latest"].startswith("2022-")
    for fresh in ("jiaxian", "yiqu"):
        assert sites[fresh]["vetoes"] == [] and sites[fresh]["stale_columns"] == 0 and not sites[fresh]["behind"]
        assert sites[fresh]["empty_columns"] == stale["empty_columns"] > 0
    failed = sites[FAILED[0]]
    assert failed["status"] == "failed" and failed["error"] == FAILED[2] and failed["verdict"] == "无检查结果"
    sheet = openpyxl.load_workbook(platform / "public" / "jianguan" / "zicha.xlsx").active
    names = [row[1] for row in sheet.iter_rows(min_row=5, max_row=8, values_only=True)]
    assert sorted(names) == sorted([c[0] for c in COUNTIES.values()] + [FAILED[1]])
    page = (platform / "public" / "jianguan" / "index.html").read_text(encoding="utf-8")
    assert all(c[0] in page for c in COUNTIES.values()) and FAILED[2] in page
    assert (platform / "public" / "search" / "pagefind" / "pagefind-entry.json").is_file()
    assert not (platform / ".search-records").exists()  # the record pages are not left behind


def test_same_inputs_same_bytes_and_the_change_since_the_last_report(platform, tmp_path):
    assert job(platform).returncode == 0
    first = _files(platform / "public")
    assert job(platform).returncode == 0
    assert _files(platform / "public") == first
    previous = tmp_path / "report.json"
    shutil.copy(platform / "public" / "jianguan" / "report.json", previous)
    # the stale county publishes a document today: its 首页不更新 is gone
    checks = platform / "sites" / "bingshi" / "checks.json"
    data = json.loads(checks.read_text(encoding="utf-8"))
    data["findings"] = [f for f in data["findings"] if f["rule"] != "home_not_updated"]
    data["summary"]["home_latest"] = AS_OF
    checks.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    proc = job(platform, "--previous", str(previous))
    assert proc.returncode == 0, proc.stderr
    report = json.loads((platform / "public" / "jianguan" / "report.json").read_text(encoding="utf-8"))
    changes = {c["id"]: c for c in report["changes"]}
    assert changes["bingshi"]["resolved_vetoes"] == ["首页不更新"]
    assert changes["bingshi"]["resolved"] == ["首页不更新：全站"]
    assert changes["jiaxian"]["new"] == changes["jiaxian"]["resolved"] == []
    assert changes[FAILED[0]]["note"] == "本次没有生成（见生成状态），没有新的检查结果可以比较"
    page = (platform / "public" / "jianguan" / "index.html").read_text(encoding="utf-8")
    assert "已消除单项否决：首页不更新" in page


def test_a_bad_previous_report_is_a_chinese_error_and_changes_nothing(platform, tmp_path):
    assert job(platform).returncode == 0
    before = _files(platform / "public")
    wrong = tmp_path / "other.json"
    wrong.write_text("[]", encoding="utf-8")
    proc = job(platform, "--previous", str(wrong))
    assert proc.returncode == 2
    assert proc.stderr.startswith("平台报告未生成：--previous ") and "Traceback" not in proc.stderr
    assert _files(platform / "public") == before
