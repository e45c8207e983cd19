"""意见征集 (重大决策预公开): a comment period no shorter than the rule unless a reason is given, and the
意见采纳情况 published once the period is over (《重大行政决策程序暂行条例》第十五条).

A consultation's end before its start, a broken 反馈对象 and a second feedback are load errors
(model/documents.py): they are facts of the files, whatever the check date."""

from __future__ import annotations

import datetime

from .context import Context
from .rules import Finding

RULES = ("consultation_period", "consultation_feedback")


def check(ctx: Context):
    settings = ctx.settings
    for doc in ctx.site.documents:
        consultation = doc.consultation
        if consultation is None:
            continue
        minimum = settings.consultation_min_days
        if consultation.days < minimum and not consultation.shortened:
            yield Finding("consultation_period",
                          f"意见征集期限 {consultation.start} 至 {consultation.end} 共 {consultation.days} 日，少于 {minimum} 日，"
                          "且没有说明缩短理由；请延长征集截止日期，或在“缩短理由”中说明（如情况紧急）",
                          org=doc.org, column=doc.item.id, file=doc.file, field="意见征集.征集截止")
        due = consultation.end + datetime.timedelta(days=settings.consultation_feedback_days)
        if doc.feedback is None and ctx.as_of > due:
            yield Finding("consultation_feedback",
                          f"意见征集已于 {consultation.end} 截止，超过 {settings.consultation_feedback_days} 日（{due} 前）"
                          f"仍未发布意见采纳情况；发布时在其“反馈对象”中填写本文件索引号 {doc.index_number}",
                          org=doc.org, column=doc.item.id, file=doc.file, field="意见征集")
