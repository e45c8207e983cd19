"""Annual reports (政府信息公开工作年度报告): what the loader cannot know without the check date, and what the
content says against the data file. Missing reports are ``columns.staleness``'s (the 年报 column of an
organisation), late ones ``timeliness``'s (条例 第四十九条: 部门 1月31日, 本级政府 3月31日).

- ``annual_report``: a report of a year that has not ended at the check date, published after it, or
  published before its year ended;
- ``annual_figures``: a figure of table 二 in the data file that differs from the content's count, and the
  documents counted as repealed that have no 失效日期;
- ``annual_data``: a report written by hand in a 年报 column (a document) for a year without its data file.
"""

from __future__ import annotations

import re

from ..model import annual
from .context import Context
from .rules import Finding

RULES = ("annual_report", "annual_figures", "annual_data")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?")


def check(ctx: Context):
    reports = ctx.site.annual
    for report in reports:
        if report.year >= ctx.as_of.year:
            yield Finding("annual_report", f"{report.year}年度尚未结束（检查日期 {ctx.as_of}），不能有该年度的年度报告",
                          org=report.org, file=report.file,
                          regulation="《中华人民共和国政府信息公开条例》第四十九条（公布上一年度的年度报告）")
        if report.published is not None and report.published > ctx.as_of:
            yield Finding("annual_report", f"发布日期 {report.published} 晚于检查日期 {ctx.as_of}", org=report.org,
                          file=report.file, field="发布日期")
        elif report.published is not None and report.published.year <= report.year < ctx.as_of.year:
            yield Finding("annual_report", f"发布日期 {report.published} 在{report.year}年度结束之前：年度报告在次年发布",
                          org=report.org, file=report.file, field="发布日期")
        yield from _figures(report)
    known = {(r.org.id, r.year) for r in reports}
    for column in ctx.site.columns.values():
        if column.item.role != annual.ROLE:
            continue
        for doc in column.documents:
            year = report_year(doc.title, doc.published.year)
            if (column.org.id, year) not in known:
                yield Finding("annual_data", f"{year}年度报告是手工编写的文件，没有数据文件 content/"
                              f"{annual.data_file(column.org, year)}：报告未按统一格式生成，勾稽关系未经核对"
                              f"（用 make annual-report ORG={column.org.id} YEAR={year} 生成数据文件后，可删去这个文件）",
                              org=column.org, column=column.item.id, file=doc.file)


def report_year(title: str, published_year: int) -> int:
    """The year a hand-written report reports on: the year its title names, else the year before publication."""
    match = _YEAR.search(title)
    return int(match[1]) if match else published_year - 1


def _figures(report: annual.AnnualReport):
    for row, cells in report.table2().items():
        for key, figure in cells.items():
            if figure.given is not None and figure.counted is not None and figure.given != figure.counted:
                # Which wins, said in the finding: the typed figure (填写的数字优先), and how to let the count win.
                yield Finding("annual_figures", f"表二“{row}”的{key}填写为 {figure.given}，按网站内容统计为 "
                              f"{figure.counted}（{report.year}年成文的相应栏目文件）：报告显示填写的 {figure.given}"
                              f"（填写的数字优先）；如应以网站统计为准，删去该项（{key}: {figure.given}），"
                              "否则核对网站上的文件",
                              org=report.org, file=report.file, field=f"二、主动公开政府信息情况.{row}.{key}")
        counted = report.counted.get(row)
        if counted is not None and counted.undated:
            yield Finding("annual_figures", f"表二“{row}”统计的文件中有 {len(counted.undated)} 件已废止或失效但没有填写失效日期，"
                          f"无法判断废止年份，未计入现行有效件数：{'、'.join(counted.undated[:5])}"
                          + ("等" if len(counted.undated) > 5 else "") + "。请在这些文件中填写“失效日期”",
                          org=report.org, file=report.file, field=f"二、主动公开政府信息情况.{row}")
