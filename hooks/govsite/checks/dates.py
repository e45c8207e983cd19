"""Dates the inspectors read: no date lies after the check date (伪造发稿日期 is a 单项否决 item).
Every list item shows its date (国办秘函〔2019〕19号: 未注明信息发布时间的视为不更新): 发布日期 is a required
field of every document, so a document without one never loads.
"""

from __future__ import annotations

from .context import Context
from .rules import Finding

RULES = ("future_date",)


def check(ctx: Context):
    for doc in ctx.site.documents + ctx.site.revoked:
        dates = [("发布日期", doc.published), ("批准日期", doc.approved)]
        if doc.revocation:
            dates += [("撤销.撤销日期", doc.revocation.revoked), ("撤销.下架日期", doc.revocation.taken_down)]
        for name, day in dates:
            if day is not None and day > ctx.as_of:
                yield Finding("future_date", f"{name.rpartition('.')[2]} {day} 晚于检查日期 {ctx.as_of}",
                              org=doc.org, column=doc.item.id, file=doc.file, field=name)
