"""The report: Chinese text grouped by organisation with a summary line, JSON, the settings of
extra.gov.checks (validated, with Chinese errors) and the check date."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from checks_support import POLICY, PROJECT_SITE, edit, load, run
from mkdocs.exceptions import PluginError

from govsite import checks, urls
from govsite.checks.rules import RULES, Options
from govsite.parse import schema
from govsite.parse.errors import ErrorCollector


def test_text_report_grouped_by_organisation_with_a_summary(mini):
    edit(mini / POLICY, "发布日期: 2025-03-10", "发布日期: 2025-04-10")  # 20 working days: due 2025-03-31
    report = run(mini, "2025-06-02", {"empty_column_limit": 4})
    text = report.text()
    lines = text.splitlines()
    assert lines[0] == "政务公开检查报告（检查日期 2025-06-02）"
    assert lines[1] == "检查范围：4 个单位，8 个栏目（其中空白栏目 4 个），5 篇文件，已撤销文件 0 篇。"
    headings = [line for line in lines if line.startswith("【")]
    # the whole site first, then the county, departments, townships followed by their villages
    assert headings == ["【全站】  错误 1 条", "【小县人民政府】 county  警告 1 条",
                        "【小县农业农村局】 departments/nongye  警告 2 条", "【城关镇人民政府】 townships/chengguan  警告 1 条",
                        "【东街社区居民委员会】 townships/chengguan/dongjie  错误 1 条"]
    assert (f"  [警告] 超过公开时限（timeliness） {POLICY} 字段“发布日期”：发布日期 2025-04-10 超过公开时限：成文日期 "
            "2025-03-03 起 20 个工作日内，应在 2025-03-31 前发布，晚了 10 天") in lines
    assert "      依据：《中华人民共和国政府信息公开条例》第二十六条；标准目录 fupin-01 公开时限“信息形成(变更)20个工作日内”" in lines
    assert f"  [错误] 日期晚于检查日期（future_date） {PROJECT_SITE} 字段“发布日期”：发布日期 2025-06-03 晚于检查日期 2025-06-02" in lines
    assert lines[-1] == ("检查结果（2025-06-02）：错误 2 条，警告 4 条（空白栏目 3、空白栏目总数 1、超过公开时限 1、"
                         "日期晚于检查日期 1），未通过（有设为 error 的规则被违反）。")
    warnings_only = report.text("warning")
    assert "[错误]" not in warnings_only and "[警告]" in warnings_only


def test_json_report(mini):
    report = run(mini, "2025-06-30")
    data = json.loads(report.to_json())
    assert data["as_of"] == "2025-06-30" and data["ok"] is True
    assert data["summary"] | {"text": ""} == {"errors": 0, "warnings": 3, "by_rule": {"empty_columns": 3},
                                             "organisations": 4, "columns": 8, "empty_columns": 4, "documents": 5,
                                             "revoked": 0, "text": "",
                                             # for a platform's monitoring (govsite.platform.report)
                                             "stale_first_kind": 0, "stale_other_kind": 0, "home_latest": "2025-06-03",
                                             "annual_report": {"column": True, "year": None, "latest": None,
                                                               "overdue": False}}
    assert [r["id"] for r in data["rules"]] == [r.id for r in RULES]
    first = data["findings"][0]
    assert first == {"rule": "empty_columns", "severity": "warning",
                     "organisation": {"id": "county", "name": "小县人民政府"}, "column": None,
                     "columns": ["xxgk-nianbao"], "file": None, "field": None,
                     "message": "本单位 2 个栏目中有空白栏目 1 个：政府信息公开年报（xxgk-nianbao）",
                     "regulation": "国办秘函〔2019〕19号（栏目不更新：空白栏目）"}


def test_every_rule_and_option_is_declared_once_with_a_description():
    options = schema.fields(Options)  # extra.gov.checks, declared as a record
    keys = [option.key for option in options]
    assert len(keys) == len(set(keys))
    assert keys[:len(RULES)] == [rule.id for rule in RULES]  # one severity option per rule
    assert all(option.doc for option in options) and all(rule.regulation and rule.doc for rule in RULES)
    assert {rule.default for rule in RULES} <= {"error", "warning"}
    assert {m.__name__.rsplit(".", 1)[1]: m.RULES for m in checks.CHECKS}.keys() >= {"columns", "timeliness"}
    assert sorted(r for m in checks.CHECKS for r in m.RULES) == sorted(r.id for r in RULES)


def test_option_mistakes_are_chinese_errors_naming_the_key(mini):
    with pytest.raises(PluginError) as raised:
        run(mini, "2025-06-30", {"empty_column": "error", "timeliness": "fatal", "empty_column_limit": 0,
                                 "stale_column_limit": "五"})
    text = str(raised.value)
    assert "mkdocs.yml，字段“extra.gov.checks.empty_column”：不认识的字段" in text and "是否应为“empty_columns”" in text
    assert "字段“extra.gov.checks.timeliness”：“fatal”不是允许的值" in text and "error、warning、off" in text
    assert "字段“extra.gov.checks.stale_column_limit”：应为整数" in text
    with pytest.raises(PluginError, match="字段“extra.gov.checks.empty_column_limit”：应为正整数"):
        run(mini, "2025-06-30", {"empty_column_limit": 0})


def test_the_check_date_argument_environment_config_today(mini, monkeypatch):
    """The check date is the caller's (make check's --as-of, else GOV_AS_OF, read where the run starts),
    else the options' as_of, else today; nothing in the checks reads the environment."""
    site = load(mini)
    paths = dict(root=mini, content_dir=mini / "content", catalog_dir=mini / "catalog")
    monkeypatch.setenv("GOV_AS_OF", "2025-07-01")  # not read by the checks: the caller hands it in
    assert checks.run(site, **paths).as_of == datetime.date.today()
    assert checks.run(site, **paths, options={"as_of": datetime.date(2025, 5, 1)}).as_of == datetime.date(2025, 5, 1)
    assert checks.run(site, **paths, options={"as_of": "2025-05-01"}).as_of == datetime.date(2025, 5, 1)
    assert checks.run(site, **paths, options={"as_of": "2025-05-01"}, as_of=datetime.date(2025, 8, 1)).as_of == datetime.date(2025, 8, 1)
    assert checks.check_date({"as_of": "2025-05-01"}) == datetime.date(2025, 5, 1)
    assert checks.check_date({"as_of": "2025-05-01"}, datetime.date(2025, 7, 1)) == datetime.date(2025, 7, 1)
    assert checks.check_date(None) == datetime.date.today()
    errors = ErrorCollector()
    assert checks.environment_date(" 2025-07-01 ", errors) == datetime.date(2025, 7, 1) and not errors
    assert checks.environment_date("", errors) is None and not errors
    checks.environment_date("2025-7-32", errors)
    with pytest.raises(PluginError, match="环境变量 GOV_AS_OF：“2025-7-32”不是存在的日期"):
        errors.raise_if_any()


def test_the_guides_document_every_rule_with_its_default():
    from conftest import ROOT

    admin = (ROOT / "docs" / "admin-guide.md").read_text(encoding="utf-8")  # the 政务公开办 sets the rules
    for rule in RULES:
        assert f"| `{rule.id}` | {rule.default} |" in admin, rule.id
    documented = re.findall(r"^\| `(\w+)` \| (?:error|warning) \|", admin, re.M)
    assert sorted(documented) == sorted(r.id for r in RULES)  # no removed rule (e.g. undated) left in the table
    editors = (ROOT / "docs" / "editors-guide.md").read_text(encoding="utf-8")  # the 信息员 fill the fields in
    for field in ("| 批准日期 |", "| 撤销 |", "撤销日期:", "下架日期:"):
        assert field in editors


def test_build_log_keeps_the_head_of_a_long_warning_list(example_model, caplog):
    from conftest import ROOT

    report = checks.for_build(example_model, root=ROOT, content_dir=ROOT / "content", catalog_dir=ROOT / "catalog",
                              options={"as_of": "2026-11-26", "empty_columns_total": "warning",
                                       "stale_columns_total": "warning", "long_stale_columns_total": "warning"})
    assert len(report.text("warning").splitlines()) > checks.BUILD_LOG_LINES + 10
    [record] = [r for r in caplog.records if "政务公开检查" in r.getMessage()]
    lines = record.getMessage().splitlines()
    assert len(lines) == checks.BUILD_LOG_LINES + 3 and "其余" in lines[-2] and lines[-1] == report.summary()


def _for_build(project, options):
    return checks.for_build(load(project), root=project, content_dir=project / "content",
                            catalog_dir=project / "catalog", options=options)


def test_the_builds_run_reports_errors_and_never_stops_the_build(mini, monkeypatch, caplog):
    """Findings at level error (单项否决: home page not updated, a date after the check date) depend on the
    check date: the build logs them, keeps going (the site is correct) and sums them up at its end."""
    monkeypatch.delenv(checks.AS_OF_ENV, raising=False)
    caplog.set_level("INFO", logger="mkdocs.plugins.govsite.checks")
    report = _for_build(mini, {"as_of": "2025-06-02", "home_not_updated": "error"})  # xiangmu.md: 2025-06-03
    assert [f.rule for f in report.errors] == ["future_date"] and not report.ok
    [errors, warnings] = [r.getMessage() for r in caplog.records]
    assert errors.startswith("政务公开检查：错误 1 条（设为 error 的规则被违反；完整报告见网站 maintainers/checks/，或运行 make check）")
    assert f"[错误] 日期晚于检查日期（future_date） {PROJECT_SITE} 字段“发布日期”" in errors
    assert "[警告]" not in errors and warnings.startswith("政务公开检查：警告 3 条")
    caplog.clear()
    checks.announce(report)
    [last] = caplog.records
    assert last.levelname == "WARNING" and last.getMessage().splitlines() == [
        "政务公开检查未通过：网站已生成，可以发布；下面的问题不阻止发布，但要尽快改正（make check 列出全部问题并以失败结束，"
        "CI 中的 check 作业显示为失败；报告见网站 maintainers/checks/）。", report.summary()]
    assert "未通过" in report.summary()
    # a fortnight after the newest document (2025-06-03) the home page is "not updated": an error too
    later = _for_build(mini, {"as_of": "2025-06-30", "home_not_updated": "error"})
    assert [f.rule for f in later.errors] == ["home_not_updated"]
    caplog.clear()
    checks.announce(_for_build(mini, {"as_of": "2025-06-10", "home_not_updated": "error"}))
    assert [(r.levelname, r.getMessage()) for r in caplog.records][-1] == (
        "INFO", "政务公开检查：检查结果（2025-06-10）：错误 0 条，警告 3 条（空白栏目 3），通过。")


def test_mistakes_in_the_options_still_stop_the_build(mini, monkeypatch):
    monkeypatch.delenv(checks.AS_OF_ENV, raising=False)
    with pytest.raises(PluginError, match="字段“extra.gov.checks.timeliness”：“fatal”不是允许的值"):
        _for_build(mini, {"timeliness": "fatal"})


def test_checks_that_cannot_finish_do_not_stop_the_build(mini, monkeypatch, caplog):
    """A working-day count in a year no calendar knows: make check stops (exit 2), the build goes on, its
    report says the checks did not finish (not passed), on the maintainers' page and in report.json."""
    monkeypatch.delenv(checks.AS_OF_ENV, raising=False)
    edit(mini / POLICY, "成文日期: 2025-03-03", "成文日期: 2031-12-24")
    edit(mini / POLICY, "发布日期: 2025-03-10", "发布日期: 2032-01-29")
    with pytest.raises(checks.CalendarError, match="没有 2031 年的节假日安排"):
        run(mini, "2032-02-01")
    report = _for_build(mini, {"as_of": "2032-02-01"})
    assert not report.ok and report.findings == [] and "没有 2031 年的节假日安排" in report.unfinished
    assert report.summary() == "检查结果（2032-02-01）：检查未完成（无法计算工作日，见报告），未通过。"
    assert "修改办法" in report.text()
    data = json.loads(report.to_json())
    assert data["ok"] is False and "没有 2031 年的节假日安排" in data["unfinished"]
    assert report.page(urls.Urls(True)).unfinished == report.unfinished
    assert any("政务公开检查未完成（网站照常生成）" in r.getMessage() for r in caplog.records)
