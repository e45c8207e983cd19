"""Timeliness (公开时限): each document is published within its catalog item's 时限规则.

- 工作日: 发布日期 no later than the N-th Chinese working day after the start (start day excluded);
  条例 第二十六条 is the general 20 working days; catalogs set others (行政许可/处罚 7, 社会救助 10).
- 自然日: N calendar days (预决算: 20 days after approval).
- 每年: by the yearly deadline in the publication year (年报: 1月31日; the county's own 3月31日); an annual
  report made from its data file (model.annual) by the deadline of the year after the one it reports on.
- 实时, 长期: nothing to measure.

The start is 成文日期, or the end of the period it reports on (起算 月末, 季度末, 半年末, 年末: the last such
end on or before 成文日期, for "每季度结束后10日内"), or 批准日期 where the item's limit counts from approval (the document must then
say when it was approved). Limits counted from the policy's publication (起算: 政策发布日期) belong to
政策解读 and are checked in ``interpretation``.
"""

from __future__ import annotations

import datetime

from ..model.documents import Document
from .columns import annual_deadline
from .context import Context
from .rules import Finding

RULES = ("timeliness",)
GENERAL_LIMIT = 20  # 条例 第二十六条: 20 working days from formation


def check(ctx: Context):
    for doc in ctx.site.documents:
        finding = _check_one(doc, ctx)
        if finding:
            yield finding
    for report in ctx.site.annual:  # 条例 第四十九条: the year's report by the deadline of the next year
        if report.column is None or report.published is None or report.published > ctx.as_of:
            continue
        month, day = annual_deadline(report.column.item, report.org) or (1, 31)
        due = datetime.date(report.year + 1, month, day)
        if report.published > due:
            yield Finding("timeliness", f"{report.year}年度报告的发布日期 {report.published} 晚于 {due}"
                          f"（应在 {report.year + 1}年{month}月{day}日前发布），晚了 {(report.published - due).days} 天",
                          org=report.org, column=report.column.item.id, file=report.file, field="发布日期",
                          regulation="《中华人民共和国政府信息公开条例》第四十九条")


def _check_one(doc: Document, ctx: Context) -> Finding | None:
    item, rule = doc.item, doc.item.time_rule
    regulation = _regulation(doc)
    if rule.kind in ("实时", "长期") or rule.start == "政策发布日期":
        return None
    if doc.published > ctx.as_of:
        return None  # a date after the check date is the future_date rule's finding (and no calendar may know it)
    if rule.kind == "每年":
        month, day = annual_deadline(item, doc.org)
        due = datetime.date(doc.published.year, month, day)
        if doc.published <= due:
            return None
        return Finding("timeliness", f"发布日期 {doc.published} 超过公开时限：应在每年 {month}月{day}日前发布（{item.time_limit}）",
                       org=doc.org, column=item.id, file=doc.file, field="发布日期", regulation=regulation)
    if rule.start == "批准日期":
        if doc.approved is None:
            return Finding("timeliness", f"事项 {item.id} 的公开时限从批准日期起算（{item.time_limit}），"
                           "文件没有填写“批准日期”，无法核对是否按时公开",
                           org=doc.org, column=item.id, file=doc.file, field="批准日期", regulation=regulation)
        start, start_name = doc.approved, "批准日期"
    elif rule.period_end(doc.written):  # 每季度结束后10日内: from the end of the period reported on
        start, start_name = rule.period_end(doc.written), f"成文日期 {doc.written} 前最近的{rule.start}"
    else:
        start, start_name = doc.written, "成文日期"
    if rule.kind == "工作日":
        due = ctx.calendar.due_if_late(start, rule.days, doc.published, purpose=f"核对 {doc.file} 的公开时限")
        unit = "个工作日"
    else:  # 自然日
        due = start + datetime.timedelta(days=rule.days)
        due = due if doc.published > due else None
        unit = "日（自然日）"
    if due is None:
        return None
    return Finding("timeliness",
                   f"发布日期 {doc.published} 超过公开时限：{start_name} {start} 起 {rule.days} {unit}内，"
                   f"应在 {due} 前发布，晚了 {(doc.published - due).days} 天",
                   org=doc.org, column=item.id, file=doc.file, field="发布日期", regulation=regulation)


def _regulation(doc: Document) -> str:
    item, rule = doc.item, doc.item.time_rule
    catalog = f"标准目录 {item.id} 公开时限“{item.time_limit}”"
    if rule.kind == "工作日" and rule.days == GENERAL_LIMIT and rule.start == "成文日期":
        return f"《中华人民共和国政府信息公开条例》第二十六条；{catalog}"
    if rule.kind == "每年" and item.role == "年报":
        return f"《中华人民共和国政府信息公开条例》第四十九条；{catalog}"
    return catalog
