"""The annual report's data file (model.annual): loaded by its declaration, table 二 from the content, every
cross-check (勾稽关系) and every bad input refused with a Chinese message naming the file, the row and the numbers;
the checks (missing, late, future, figures unlike the content, reports without data file); the report's
structure against domain-notes §5."""

from __future__ import annotations

import datetime
import re

import pytest
from checks_support import edit, found, load, run
from mkdocs.exceptions import PluginError

from govsite import urls
from govsite.model import annual
from govsite.views import pages

FILE = "content/departments/nongye/年报/2025.yml"
LAST = "content/departments/nongye/年报/2024.yml"

# A complete, arithmetically consistent data file (a department, 2025).
DATA = """\
发布日期: 2026-01-20
一、总体情况: |
  本局全年主动公开政府信息。

  依申请公开按期答复。
二、主动公开政府信息情况:
  行政事业性收费: {本年收费金额（单位：万元）: 1.5}
三、收到和处理政府信息公开申请情况:
  一、本年新收政府信息公开申请数量: [9, 1, 0, 0, 0, 0, 10]
  二、上年结转政府信息公开申请数量: [1, 0, 0, 0, 0, 0, 1]
  三、本年度办理结果:
    （一）予以公开: [5, 1, 0, 0, 0, 0, 6]
    （二）部分公开: [2, 0, 0, 0, 0, 0, 2]
    （三）不予公开:
      1.属于国家秘密: [0, 0, 0, 0, 0, 0, 0]
      2.其他法律行政法规禁止公开: [0, 0, 0, 0, 0, 0, 0]
      3.危及“三安全一稳定”: [0, 0, 0, 0, 0, 0, 0]
      4.保护第三方合法权益: [0, 0, 0, 0, 0, 0, 0]
      5.属于三类内部事务信息: [0, 0, 0, 0, 0, 0, 0]
      6.属于四类过程性信息: [0, 0, 0, 0, 0, 0, 0]
      7.属于行政执法案卷: [1, 0, 0, 0, 0, 0, 1]
      8.属于行政查询事项: [0, 0, 0, 0, 0, 0, 0]
    （四）无法提供:
      1.本机关不掌握相关政府信息: [1, 0, 0, 0, 0, 0, 1]
      2.没有现成信息需要另行制作: [0, 0, 0, 0, 0, 0, 0]
      3.补正后申请内容仍不明确: [0, 0, 0, 0, 0, 0, 0]
    （五）不予处理:
      1.信访举报投诉类申请: [0, 0, 0, 0, 0, 0, 0]
      2.重复申请: [0, 0, 0, 0, 0, 0, 0]
      3.要求提供公开出版物: [0, 0, 0, 0, 0, 0, 0]
      4.无正当理由大量反复申请: [0, 0, 0, 0, 0, 0, 0]
      5.要求行政机关确认或重新出具已获取信息: [0, 0, 0, 0, 0, 0, 0]
    （六）其他处理:
      1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请: [0, 0, 0, 0, 0, 0, 0]
      2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请: [0, 0, 0, 0, 0, 0, 0]
      3.其他: [0, 0, 0, 0, 0, 0, 0]
    （七）总计: [9, 1, 0, 0, 0, 0, 10]
  四、结转下年度继续办理: [1, 0, 0, 0, 0, 0, 1]
四、政府信息公开行政复议、行政诉讼情况:
  行政复议: [1, 0, 0, 0, 1]
  行政诉讼（未经复议直接起诉）: [0, 0, 0, 1, 1]
  行政诉讼（复议后起诉）: [0, 0, 0, 0, 0]
五、存在的主要问题及改进情况: 解读形式单一。
六、其他需要报告的事项: 无。
"""

T3 = "三、收到和处理政府信息公开申请情况"
RESULTS = f"{T3}.三、本年度办理结果"


@pytest.fixture
def county(mini):
    """The mini county with the department's 2025 report; fupin-01 (its 规范性文件) counts in table 二."""
    (mini / FILE).parent.mkdir()
    (mini / FILE).write_text(DATA, encoding="utf-8")
    edit(mini / "catalog/fupin.yml", "    二级事项: 规范性文件\n", "    二级事项: 规范性文件\n    年报统计: 行政规范性文件\n")
    return mini


def refused(root, *expected: str, file: str = FILE, field: str | None = None) -> str:
    """Loading fails; one error names ``file`` (and ``field``), says how to fix it and holds ``expected``."""
    with pytest.raises(PluginError) as raised:
        load(root)
    message = str(raised.value)
    assert "Traceback" not in message and message.rstrip().endswith("原有网站（site/）保持不变。")
    entries = re.split(r"\n  \d+\. ", "\n" + message.split("\n", 1)[1])
    wanted = [file] + ([f"字段“{field}”"] if field else [])
    matching = [e for e in entries if all(w in e.split("\n", 1)[0] for w in wanted)
                and all(t in e for t in expected)]
    assert matching, f"no error names {wanted} with {expected}:\n{message}"
    assert "修改办法：" in matching[0]
    return matching[0]


def test_a_data_file_makes_a_report_in_the_organisations_annual_column(county):
    site = load(county)
    [report] = site.annual
    assert (report.org.id, report.year, report.published, report.file) == ("nongye", 2025, datetime.date(2026, 1, 20), FILE)
    assert report.column.item.role == "年报" and report.column.reports == [report]
    assert report.column.latest == datetime.date(2026, 1, 20) and not report.column.is_empty
    assert FILE.removeprefix("content/") in site.withdrawn_files  # the data file itself is never published
    assert urls.annual_report(report) == "departments/nongye/xxgk-nianbao/2025/index.md"
    assert urls.annual_report(report) in set(urls.generated(site))


def test_table_two_comes_from_the_content(county):
    [report] = load(county).annual
    table = {row: {key: figure.text for key, figure in cells.items()} for row, cells in report.table2().items()}
    # zhengce.md (fupin-01, 成文 2025-03-03) made this year; old.md is 失效 without a 失效日期: not in force
    assert table["行政规范性文件"] == {"本年制发件数": "1", "本年废止件数": "0", "现行有效件数": "1"}
    assert table["规章"] == {"本年制发件数": "/", "本年废止件数": "/", "现行有效件数": "/"}  # no 规章 column
    assert table["行政许可"] == {"本年处理决定数量": "0"}
    assert table["行政事业性收费"] == {"本年收费金额（单位：万元）": "1.5"}
    assert report.counted["行政规范性文件"].undated == ("content/departments/nongye/old.md",)


def test_an_expiry_date_counts_as_repealed_in_its_year(county):
    edit(county / "content/departments/nongye/old.md", "有效性: 失效", "有效性: 失效\n失效日期: 2025-06-30")
    [report] = load(county).annual
    assert {k: f.text for k, f in report.table2()["行政规范性文件"].items()} == {
        "本年制发件数": "1", "本年废止件数": "1", "现行有效件数": "1"}
    assert report.counted["行政规范性文件"].undated == ()


def test_a_given_figure_wins_and_a_difference_is_a_warning(county):
    edit(county / FILE, "  行政事业性收费:", "  行政规范性文件: {本年制发件数: 3}\n  行政事业性收费:")
    [report] = load(county).annual
    cells = report.table2()["行政规范性文件"]
    assert (cells["本年制发件数"].text, cells["现行有效件数"].text) == ("3", "1")  # the rest still from the content
    figures = found(run(county, "2026-03-01"), "annual_figures")
    assert ("warning", "nongye", None, FILE, "二、主动公开政府信息情况.行政规范性文件.本年制发件数",
            "表二“行政规范性文件”的本年制发件数填写为 3，按网站内容统计为 1（2025年成文的相应栏目文件）：报告显示填写的 3"
            "（填写的数字优先）；如应以网站统计为准，删去该项（本年制发件数: 3），否则核对网站上的文件") in figures
    assert any("没有填写失效日期" in f[-1] and "old.md" in f[-1] for f in figures)


def test_regulations_only_where_the_organisation_can_make_them(county):
    edit(county / FILE, "  行政事业性收费:", "  规章: {本年制发件数: 0}\n  行政事业性收费:")
    refused(county, "不能制定规章", "“/”", field="二、主动公开政府信息情况.规章")
    edit(county / "catalog/fupin.yml", "    年报统计: 行政规范性文件\n", "    年报统计: 规章\n")
    [report] = load(county).annual  # with a column of a 规章 item, the figures count
    assert report.table2()["规章"]["本年制发件数"].text == "0"


# --- 勾稽关系: each cross-check broken on purpose ------------------------------------------------------


def test_a_row_whose_cells_do_not_add_up_to_its_total(county):
    edit(county / FILE, "（一）予以公开: [5, 1, 0, 0, 0, 0, 6]", "（一）予以公开: [5, 1, 0, 0, 0, 0, 7]")
    entry = refused(county, "“（一）予以公开”一行", "5 + 1 + 0 + 0 + 0 + 0 = 6，与总计 7 不符",
                    field=f"{RESULTS}.（一）予以公开")
    assert f"{FILE} 第12行" in entry


def test_the_results_total_is_the_sum_of_the_results(county):
    edit(county / FILE, "7.属于行政执法案卷: [1, 0, 0, 0, 0, 0, 1]", "7.属于行政执法案卷: [2, 0, 0, 0, 0, 0, 2]")
    refused(county, "“（七）总计”的自然人一栏为 9，而（一）至（六）各项之和为 10", field=f"{RESULTS}.（七）总计")


def test_received_and_carried_over_equal_handled_and_carried_forward(county):
    # 国办公开办函〔2021〕30号: 第一项加第二项之和，等于第三项加第四项之和
    edit(county / FILE, "四、结转下年度继续办理: [1, 0, 0, 0, 0, 0, 1]", "四、结转下年度继续办理: [2, 0, 0, 0, 0, 0, 2]")
    entry = refused(county, "第一项加第二项之和应等于第三项加第四项之和", "自然人一栏 本年新收 9 + 上年结转 1 = 10",
                    "办理结果总计 9 + 结转下年度 2 = 11", field=f"{T3}.四、结转下年度继续办理")
    assert "总计一栏" in refused(county, "总计一栏", field=f"{T3}.四、结转下年度继续办理") and entry


def test_a_review_total_that_is_not_its_row(county):
    edit(county / FILE, "行政复议: [1, 0, 0, 0, 1]", "行政复议: [1, 0, 0, 0, 2]")
    refused(county, "结果维持、结果纠正、其他结果、尚未审结之和 1 + 0 + 0 + 0 = 1，与总计 2 不符",
            field="四、政府信息公开行政复议、行政诉讼情况.行政复议")


def test_carried_over_is_last_years_carried_forward(county):
    last = DATA.replace("[1, 0, 0, 0, 0, 0, 1]\n四、", "[1, 0, 0, 0, 0, 0, 1]\n四、").replace(
        "二、上年结转政府信息公开申请数量: [1, 0, 0, 0, 0, 0, 1]", "二、上年结转政府信息公开申请数量: [0, 0, 0, 0, 0, 0, 0]").replace(
        "（一）予以公开: [5, 1, 0, 0, 0, 0, 6]", "（一）予以公开: [4, 1, 0, 0, 0, 0, 5]").replace(
        "（七）总计: [9, 1, 0, 0, 0, 0, 10]", "（七）总计: [8, 1, 0, 0, 0, 0, 9]").replace("发布日期: 2026-01-20", "发布日期: 2025-01-20")
    (county / LAST).write_text(last, encoding="utf-8")
    assert len(load(county).annual) == 2  # 2024's 结转下年度 [1 …] is 2025's 上年结转
    (county / LAST).write_text(last.replace("四、结转下年度继续办理: [1, 0, 0, 0, 0, 0, 1]",
                                            "四、结转下年度继续办理: [0, 0, 0, 0, 0, 0, 0]").replace(
        "（一）予以公开: [4, 1, 0, 0, 0, 0, 5]", "（一）予以公开: [5, 1, 0, 0, 0, 0, 6]").replace(
        "（七）总计: [8, 1, 0, 0, 0, 0, 9]", "（七）总计: [9, 1, 0, 0, 0, 0, 10]"), encoding="utf-8")
    refused(county, "2025年“二、上年结转政府信息公开申请数量”（自然人 1", f"与 {LAST} 中2024年“四、结转下年度继续办理”（自然人 0",
            field=f"{T3}.二、上年结转政府信息公开申请数量")


# --- bad input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "field", "expected"), [
    ("2.重复申请: [0", "2.重复的申请: [0", f"{RESULTS}.（五）不予处理.2.重复的申请", ("不认识的字段", "是否应为“2.重复申请”")),
    ("1.属于国家秘密: [0, 0", "1.属于国家秘密: [-1, 0", f"{RESULTS}.（三）不予公开.1.属于国家秘密",
     ("“自然人”一栏应为非负整数，实际是“-1”",)),
    ("（二）部分公开: [2, 0, 0, 0, 0, 0, 2]", "（二）部分公开: [1.5, 0, 0, 0, 0, 0, 2]", f"{RESULTS}.（二）部分公开",
     ("“自然人”一栏应为非负整数，实际是“1.5”",)),
    ("行政复议: [1, 0, 0, 0, 1]", "行政复议: [1, 0, 0, 1]", "四、政府信息公开行政复议、行政诉讼情况.行政复议",
     ("应为 5 个数（结果维持、结果纠正、其他结果、尚未审结、总计），实际是4 个数",)),
    ("本年收费金额（单位：万元）: 1.5", "本年收费金额（单位：万元）: -0.5",
     "二、主动公开政府信息情况.行政事业性收费.本年收费金额（单位：万元）", ("应为非负数，实际是“-0.5”",)),
    ("  行政事业性收费:", "  行政许可: {本年处理决定数量: 2.5}\n  行政事业性收费:",
     "二、主动公开政府信息情况.行政许可.本年处理决定数量", ("应为非负整数，实际是“2.5”",)),
    ("    （七）总计: [9, 1, 0, 0, 0, 0, 10]\n", "", f"{RESULTS}.（七）总计", ("缺少必填字段",)),
    ("发布日期: 2026-01-20", "发布日期: 2026-02-30", "发布日期", ("不是存在的日期",)),
    ("六、其他需要报告的事项: 无。", "六、其他需要报告的事项:", "一、总体情况", ("六、其他需要报告的事项未填写",)),
])
def test_bad_input_is_refused_with_file_row_and_numbers(county, old, new, field, expected):
    edit(county / FILE, old, new)
    refused(county, *expected, field=field)


def test_a_data_file_outside_any_organisation(county):
    stray = county / "content/departments/nobody/年报/2025.yml"
    stray.parent.mkdir(parents=True)
    stray.write_text(DATA, encoding="utf-8")
    refused(county, "不是任何单位的文件夹", "不知道是哪个单位的年报", file="content/departments/nobody/年报/2025.yml")


def test_a_data_file_not_named_by_its_year(county):
    (county / FILE).rename(county / "content/departments/nongye/年报/2025年.yml")
    refused(county, "名字应为年份", file="content/departments/nongye/年报/2025年.yml")


def test_an_organisation_without_an_annual_report_column(county):
    village = county / "content/townships/chengguan/dongjie/年报/2025.yml"
    village.parent.mkdir()
    village.write_text(DATA, encoding="utf-8")
    refused(county, "没有政府信息公开年报栏目", file="content/townships/chengguan/dongjie/年报/2025.yml")


def test_a_draft_is_checked_but_not_published(county):
    edit(county / FILE, "发布日期: 2026-01-20\n", "")
    edit(county / FILE, "六、其他需要报告的事项: 无。", "六、其他需要报告的事项:")
    site = load(county)
    [report] = site.annual
    assert report.is_draft and report.column.reports == [] and urls.published_reports(site) == []
    edit(county / FILE, "行政复议: [1, 0, 0, 0, 1]", "行政复议: [1, 0, 0, 0, 3]")
    refused(county, "与总计 3 不符", field="四、政府信息公开行政复议、行政诉讼情况.行政复议")


# --- the checks: year, dates, deadlines, hand-written reports ------------------------------------------------


def test_a_year_that_has_not_ended_and_a_date_after_the_check_date(county):
    assert found(run(county, "2026-03-01"), "annual_report") == []
    (county / FILE).rename(county / "content/departments/nongye/年报/2026.yml")
    report = run(county, "2026-03-01")
    assert [f[-1] for f in found(report, "annual_report")] == [
        "2026年度尚未结束（检查日期 2026-03-01），不能有该年度的年度报告"]
    assert not report.ok  # an error by default: the build stops
    assert [f[-1] for f in found(run(county, "2026-01-10"), "annual_report")][1] == "发布日期 2026-01-20 晚于检查日期 2026-01-10"
    (county / "content/departments/nongye/年报/2026.yml").rename(county / FILE)
    edit(county / FILE, "发布日期: 2026-01-20", "发布日期: 2025-12-30")
    assert [f[-1] for f in found(run(county, "2026-03-01"), "annual_report")] == [
        "发布日期 2025-12-30 在2025年度结束之前：年度报告在次年发布"]


def test_a_late_report_and_a_missing_one(county):
    assert [f for f in found(run(county, "2026-03-01"), "timeliness") if f[3] == FILE] == []
    edit(county / FILE, "发布日期: 2026-01-20", "发布日期: 2026-02-05")
    [late] = [f for f in found(run(county, "2026-03-01"), "timeliness") if f[3] == FILE]
    assert late[1:3] == ("nongye", "xxgk-nianbao") and "晚于 2026-01-31" in late[-1] and "晚了 5 天" in late[-1]
    stale = [f for f in found(run(county, "2027-02-10"), "stale_column") if f[2] == "xxgk-nianbao"]
    assert ("nongye", "尚未发布2026年度政府信息公开工作年度报告：应在 2027 年 1月31日前发布（最近一次发布是 2026-02-05）") in \
        [(f[1], f[-1]) for f in stale]


def test_a_hand_written_report_without_its_data_file(county):
    path = county / "content/departments/nongye/nianbao-2023.md"
    path.write_text("---\n标题: 2023年政府信息公开工作年度报告\n栏目: xxgk-nianbao\n成文日期: 2024-01-10\n发布日期: 2024-01-12\n"
                    "主题分类: 综合政务\\政务公开\n索引号: 11522799MB10000299/2024-00099\n---\n\n报告。\n", encoding="utf-8")
    [finding] = found(run(county, "2026-03-01"), "annual_data")
    assert finding[3] == "content/departments/nongye/nianbao-2023.md"
    assert "2023年度报告是手工编写的文件，没有数据文件 content/departments/nongye/年报/2023.yml" in finding[-1]
    assert "make annual-report ORG=nongye YEAR=2023" in finding[-1]


# --- the page: its structure is the national format's (domain-notes §5) ------------------------------------

SECTIONS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
TABLE2 = ["规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"]
TABLE2_HEADINGS = ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
TABLE3 = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果", "（一）予以公开",
          "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开", "1.属于国家秘密", "2.其他法律行政法规禁止公开",
          "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷",
          "8.属于行政查询事项", "（四）无法提供", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
          "（五）不予处理", "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
          "5.要求行政机关确认或重新出具已获取信息", "（六）其他处理",
          "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
          "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他", "（七）总计", "四、结转下年度继续办理"]
REVIEW = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def test_a_generated_report_has_the_structure_of_the_national_format(example_model):
    report = next(r for r in urls.published_reports(example_model) if r.org.kind == "县政府")
    u = urls.Urls(True)
    views = pages.generate(example_model, u, site_name="县", links={}, bundles=[])
    view = views[urls.annual_report(report)]
    assert isinstance(view, pages.AnnualReportView) and list(view.sections) == SECTIONS
    assert [p.heading for p in view.table2] == TABLE2_HEADINGS
    assert [label for p in view.table2 for label, _ in p.rows] == TABLE2
    assert [c for p in view.table2[:1] for c in p.columns] == ["本年制发件数", "本年废止件数", "现行有效件数"]
    assert list(view.applicants) == APPLICANTS and view.applicant_group == "法人或其他组织"
    assert [row.label for row in view.table3] == TABLE3
    assert all(len(row.cells) == 7 for row in view.table3 if row.cells)
    assert list(view.review_columns) == REVIEW and len(view.table4) == 15
    assert view.table2[0].rows[0] == ("规章", ("/", "/", "/"))  # a county government cannot make 规章
    assert [t.title for t in view.tables] == SECTIONS[1:4]


def test_the_county_column_and_the_annual_sub_column_list_every_report_by_year(example_model):
    u = urls.Urls(True)
    views = pages.generate(example_model, u, site_name="县", links={}, bundles=[])
    county = example_model.tree.county
    column = next(c for c in example_model.columns_of(county.id) if c.item.role == "年报")
    listed = {e.org for y in views[urls.column(column)].reports for e in y.entries}
    assert listed == {r.org.name for r in urls.published_reports(example_model)} and len(listed) >= 6
    aggregate = views[urls.xxgk_item(column.item)]
    assert [y.year for y in aggregate.reports] == sorted({r.year for r in example_model.annual}, reverse=True)
    kinds = {r.org.kind for r in urls.published_reports(example_model)}
    assert {"县政府", "部门", "乡镇"} <= kinds


def test_the_downloads_hold_the_three_tables_and_do_not_change_between_builds(example_model):
    import csv
    import io

    from govsite.render import annual as downloads

    views = pages.generate(example_model, urls.Urls(True), site_name="县", links={}, bundles=[])
    view = next(v for v in views.values() if isinstance(v, pages.AnnualReportView))
    files = downloads.files({view.src_uri: view})
    assert set(files) == set(view.download_uris) and view.download_uris[0].endswith("-nianbao.csv")
    rows = list(csv.reader(io.StringIO(files[view.download_uris[0]].lstrip("\ufeff"))))
    titles = [rows[0][0]] + [rows[n + 1][0] for n, r in enumerate(rows) if not r]  # a blank row before each table
    assert titles == [view.heading, *SECTIONS[1:4]]
    assert downloads.xlsx_bytes(view) == files[view.download_uris[1]]  # no timestamps: the same bytes every build


def test_an_edited_data_file_renders_its_pages_again(county):
    from govsite.speed import reuse

    def keys():
        site = load(county)
        u = urls.Urls(True)
        views = pages.generate(site, u, site_name="县", links={}, bundles=[])
        return reuse.page_keys(views, site.documents + site.annual, u.dest, "site", always=set())[0]

    before = keys()
    edit(county / FILE, "六、其他需要报告的事项: 无。", "六、其他需要报告的事项: 本年度未收取信息处理费。")
    after = keys()
    changed = {page for page in before if before[page] != after[page]}
    folder = "departments/nongye"
    # keys by content: the pages whose view shows the report's data (a list that names the report only does not)
    assert {f"{folder}/xxgk-nianbao/2025/index.html", f"{folder}/xxgk-nianbao/index.html", f"{folder}/index.html",
            "county/xxgk-nianbao/index.html"} <= changed
    assert f"{folder}/fupin-01/index.html" not in changed  # a column without reports stays
