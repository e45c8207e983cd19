"""The example county's annual reports (政府信息公开工作年度报告) in a real build: a page per organisation and
year in its 年报 column, with the format's six sections and tables (rows in the order of domain-notes §5), its
tables as CSV and XLSX beside it, the county's 年报 column listing every report by year; the data files
themselves are not published; a broken cross-check stops the build and leaves site/ as it was."""

from __future__ import annotations

import csv
import io
import re

from conftest import build, make_project, url_path
from openpyxl import load_workbook

from govsite import urls

ROW_HEADERS = re.compile(r'<th scope="row"[^>]*>([^<]+)</th>')


def test_every_published_report_has_its_page_and_downloads(example_site, example_model):
    reports = urls.published_reports(example_model)
    assert len(reports) >= 6 and {"县政府", "部门", "乡镇"} <= {r.org.kind for r in reports}
    for report in reports:
        page = example_site / url_path(urls.annual_report(report)) / "index.html"
        html = page.read_text(encoding="utf-8")
        assert f"<h1>{report.title}</h1>" in html
        headings = re.findall(r'<h2 id="section-\d">([^<]+)</h2>', html)
        assert headings == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
        table3 = html[html.index('id="table-3"'):html.index('id="table-4"')]
        rows = ROW_HEADERS.findall(table3)
        assert len(rows) == 30 and rows[0] == "一、本年新收政府信息公开申请数量" and rows[-1] == "四、结转下年度继续办理"
        assert table3.count('<th scope="col"') == 6 + 1 - 1 + 1  # 自然人, 5 kinds, 总计 (法人或其他组织 is a colgroup)
        table4 = html[html.index('id="table-4"'):html.index("</table>", html.index('id="table-4"'))]
        assert len(re.findall(r"<td>\d+</td>", table4)) == 15
        assert "规章</th><td>/</td><td>/</td><td>/</td>" in html  # no county body makes 规章
        for uri in (urls.annual_report_file(report, "csv"), urls.annual_report_file(report, "xlsx")):
            assert (example_site / uri).is_file(), uri
        rows = list(csv.reader(io.StringIO((example_site / urls.annual_report_file(report, "csv"))
                                           .read_text(encoding="utf-8-sig"))))
        assert rows[0] == [report.title] and [r[0] for r in rows if r][1:4] == [
            "二、主动公开政府信息情况", "第二十条第（一）项", "规章"]
        book = load_workbook(example_site / urls.annual_report_file(report, "xlsx"))
        assert book.sheetnames == ["表二 主动公开", "表三 依申请公开", "表四 复议诉讼"]
        assert book["表三 依申请公开"].max_row == 2 + 1 + 30
    assert not [p for p in example_site.rglob("年报") if p.is_dir()]  # the data files are not published


def test_the_county_annual_column_lists_every_report_by_year(example_site, example_model):
    county = example_model.tree.county
    column = next(c for c in example_model.columns_of(county.id) if c.item.role == "年报")
    html = (example_site / url_path(urls.column(column)) / "index.html").read_text(encoding="utf-8")
    section = html[html.index('class="gov-annual-list"'):html.index("</section>", html.index('class="gov-annual-list"'))]
    assert '<h3 id="annual-2025">2025年度</h3>' in section
    for report in urls.published_reports(example_model):
        assert report.title in section


def test_a_broken_cross_check_stops_the_build(tmp_path):
    project = make_project(tmp_path)
    data = project / "content/departments/nongye/年报/2025.yml"
    data.parent.mkdir()
    data.write_text(DATA.replace("（七）总计: [1, 0, 0, 0, 0, 0, 1]", "（七）总计: [1, 0, 0, 0, 0, 0, 2]"), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.html").write_text("last good", encoding="utf-8")
    result = build(project, site=site)
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "content/departments/nongye/年报/2025.yml" in result.output and "与总计 2 不符" in result.output
    assert (site / "keep.html").read_text(encoding="utf-8") == "last good"


DATA = "发布日期: 2025-01-20\n一、总体情况: 概况。\n二、主动公开政府信息情况:\n  行政事业性收费: {本年收费金额（单位：万元）: 0}\n" \
    "三、收到和处理政府信息公开申请情况:\n  一、本年新收政府信息公开申请数量: [1, 0, 0, 0, 0, 0, 1]\n" \
    "  二、上年结转政府信息公开申请数量: [0, 0, 0, 0, 0, 0, 0]\n  三、本年度办理结果:\n    （一）予以公开: [1, 0, 0, 0, 0, 0, 1]\n" \
    "    （二）部分公开: [0, 0, 0, 0, 0, 0, 0]\n    （三）不予公开:\n" + "".join(
        f"      {k}: [0, 0, 0, 0, 0, 0, 0]\n" for k in ("1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
                                                   "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
                                                   "7.属于行政执法案卷", "8.属于行政查询事项")) + "    （四）无法提供:\n" + "".join(
        f"      {k}: [0, 0, 0, 0, 0, 0, 0]\n" for k in ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
                                                   "3.补正后申请内容仍不明确")) + "    （五）不予处理:\n" + "".join(
        f"      {k}: [0, 0, 0, 0, 0, 0, 0]\n" for k in ("1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
                                                   "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息")) + \
    "    （六）其他处理:\n" + "".join(
        f"      {k}: [0, 0, 0, 0, 0, 0, 0]\n" for k in (
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他")) + \
    "    （七）总计: [1, 0, 0, 0, 0, 0, 1]\n  四、结转下年度继续办理: [0, 0, 0, 0, 0, 0, 0]\n" \
    "四、政府信息公开行政复议、行政诉讼情况:\n  行政复议: [0, 0, 0, 0, 0]\n  行政诉讼（未经复议直接起诉）: [0, 0, 0, 0, 0]\n" \
    "  行政诉讼（复议后起诉）: [0, 0, 0, 0, 0]\n五、存在的主要问题及改进情况: 无。\n六、其他需要报告的事项: 无。\n"
