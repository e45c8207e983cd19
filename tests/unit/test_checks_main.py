"""``python -m govsite.checks`` (make check): the report without building; exit 0 with warnings only,
1 when a rule set to error is broken, 2 when the content cannot be checked. Also the example county."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from checks_support import POLICY, edit
from conftest import ROOT, example_project


def check(project, *args):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"))
    env.pop("GOV_AS_OF", None)
    return subprocess.run([sys.executable, "-m", "govsite.checks", *args], cwd=project, env=env,
                          capture_output=True, text=True)


def test_warnings_only_exit_zero_and_write_json(mini, tmp_path):
    result = check(mini, "--as-of", "2025-06-30", "--json", str(tmp_path / "report.json"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("政务公开检查报告（检查日期 2025-06-30）\n")
    # 首页不更新: the newest document is 2025-06-03 (a warning in the repository's mkdocs.yml, as for the example)
    assert result.stdout.rstrip().endswith("检查结果（2025-06-30）：错误 0 条，警告 4 条（空白栏目 3、首页不更新 1），通过。")
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["summary"]["warnings"] == 4


def test_errors_exit_one(mini):
    result = check(mini, "--as-of", "2025-06-02")
    assert result.returncode == 1
    assert "[错误] 日期晚于检查日期（future_date）" in result.stdout and "未通过" in result.stdout


def test_content_errors_and_unknown_years_exit_two_without_traceback(mini):
    edit(mini / POLICY, "栏目: fupin-01", "栏目: fupin-99")
    result = check(mini, "--as-of", "2025-06-30")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "检查未完成" in result.stderr and "fupin-99" in result.stderr
    edit(mini / POLICY, "栏目: fupin-99", "栏目: fupin-01")
    edit(mini / POLICY, "成文日期: 2025-03-03", "成文日期: 2026-12-28")
    edit(mini / POLICY, "发布日期: 2025-03-10", "发布日期: 2027-01-05")
    result = check(mini, "--as-of", "2027-01-31")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "没有 2027 年的节假日安排" in result.stderr and "catalog/_holidays.yml" in result.stderr


def test_bad_arguments_are_explained(mini):
    result = check(mini, "--as-of", "2025-13-01")
    assert result.returncode == 2 and "“2025-13-01”不是存在的日期" in result.stderr
    result = check(mini.parent)
    assert result.returncode == 2 and "找不到配置文件 mkdocs.yml" in result.stderr


def test_the_example_county_passes_with_warnings_and_reports_its_empty_columns(example_model, tmp_path):
    result = check(example_project(tmp_path), "--json", str(tmp_path / "report.json"))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["ok"] and report["summary"]["errors"] == 0 and report["summary"]["warnings"] > 0
    assert {f["severity"] for f in report["findings"]} == {"warning"}
    empty = {(f["organisation"]["id"], c) for f in report["findings"] if f["rule"] == "empty_columns" for c in f["columns"]}
    expected = {(org, item) for (org, item), column in example_model.columns.items() if column.is_empty}
    assert expected and empty == expected
    assert [f["rule"] for f in report["findings"]].count("empty_columns_total") == 1
    assert "空白栏目（empty_columns）" in result.stdout and "【全站】" in result.stdout
