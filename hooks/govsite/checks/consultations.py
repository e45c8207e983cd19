"""意见征集 (重大决策预公开): a comment period no shorter than the rule unless a reason is given, the
意见采纳情况 published once the period is over, and published before the final decision
(《重大行政决策程序暂行条例》第十五条; a final decision out before its consultation's feedback is the
``consultation_feedback`` rule's too: the same duty).

The minimum period is the 草案类型's: a 重大行政决策 in days (一般不少于30日), a 行政规范性文件 in working days
(法治政府建设指标: 一般不少于7个工作日), counted by the county's calendar (``workdays``).

A consultation's end before its start, a period already over when it is published, a broken 反馈对象 or
来源征集 and a second feedback are load errors (model/documents.py): they are facts of the files, whatever
the check date."""

from __future__ import annotations

import datetime

from ..model.documents import Consultation, Document, DraftKind
from .context import Context
from .rules import Finding

RULES = ("consultation_period", "consultation_feedback")


def check(ctx: Context):
    settings = ctx.settings
    for doc in ctx.site.documents:
        consultation = doc.consultation
        if consultation is None:
            if doc.decided_from is not None and doc.decided_from.feedback is None:
                yield _decision_without_feedback(doc)
            continue
        short = _too_short(consultation, doc, ctx)
        if short and not consultation.shortened:
            yield Finding("consultation_period",
                          f"意见征集期限 {consultation.start} 至 {consultation.end} {short}，"
                          "且没有说明缩短理由；请延长征集截止日期，或在“缩短理由”中说明（如情况紧急）",
                          org=doc.org, column=doc.item.id, file=doc.file, field="意见征集.征集截止")
        due = consultation.end + datetime.timedelta(days=settings.consultation_feedback_days)
        if doc.feedback is None and ctx.as_of > due:
            yield Finding("consultation_feedback",
                          f"意见征集已于 {consultation.end} 截止，超过 {settings.consultation_feedback_days} 日（{due} 前）"
                          f"仍未发布意见采纳情况；发布时在其“反馈对象”中填写本文件索引号 {doc.index_number}",
                          org=doc.org, column=doc.item.id, file=doc.file, field="意见征集")


def _too_short(consultation: Consultation, doc: Document, ctx: Context) -> str | None:
    """What is short about the period (None: long enough)."""
    if consultation.draft_kind is DraftKind.NORMATIVE:
        minimum = ctx.settings.consultation_min_workdays
        # Both ends count, as in days: the working days of (start - 1, end].
        count = ctx.calendar.workdays_between(consultation.start - datetime.timedelta(days=1), consultation.end,
                                              purpose=f"核对 {doc.file} 的意见征集期限")
        return f"共 {count} 个工作日，少于行政规范性文件的 {minimum} 个工作日" if count < minimum else None
    minimum = ctx.settings.consultation_min_days
    return f"共 {consultation.days} 日，少于 {minimum} 日" if consultation.days < minimum else None


def _decision_without_feedback(doc: Document) -> Finding:
    consultation = doc.decided_from
    """The decision is out, the public's comments and what became of them are not (one rule with the late
    feedback: the same duty, met too late)."""
    return Finding("consultation_feedback",
                   f"本文件是意见征集 {consultation.index_number}（{consultation.file}）的最终决定，"
                   "该意见征集却还没有发布意见采纳情况；请发布意见采纳情况（在其“反馈对象”中填写"
                   f"{consultation.index_number}），说明收到的意见、采纳情况及理由",
                   org=doc.org, column=doc.item.id, file=doc.file, field="来源征集")
