"""Revoked documents (撤销): 国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核
制度的指导意见（国办发〔2018〕118号）: "行政执法决定被依法撤销、确认违法或者要求重新作出的，应当及时从信息
公示平台撤下原行政执法决定信息"; "及时" is measured as 3 working days, the limit provinces commonly set. A revoked document never
reaches the site (documents.load keeps it out of columns, pages and search); this check reports
whether it came down (下架日期) within 3 working days of the revocation (撤销日期).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..model.documents import Document
from .context import Context
from .rules import Finding

RULES = ("revoked",)
LIMIT = 3  # working days


@dataclass(frozen=True)
class Takedown:
    """How one revoked document came down, for the report's list of revoked documents."""

    doc: Document
    due: datetime.date | None  # the last day it should have come down, when it came down later

    @property
    def on_time(self) -> bool:
        return self.due is None


def takedowns(ctx: Context) -> list[Takedown]:
    return [Takedown(doc, ctx.calendar.due_if_late(doc.revocation.revoked, LIMIT, doc.revocation.taken_down,
                                                   purpose=f"核对 {doc.file} 的下架时限")
                     if doc.revocation.taken_down <= ctx.as_of else None)  # later dates: future_date's finding
            for doc in ctx.site.revoked]


def check(ctx: Context):
    for takedown in takedowns(ctx):
        if not takedown.on_time:
            revocation = takedown.doc.revocation
            yield Finding("revoked",
                          f"已撤销文件下架超时：撤销日期 {revocation.revoked}，下架日期 {revocation.taken_down}，"
                          f"应在 {LIMIT} 个工作日内、即 {takedown.due} 前下架",
                          org=takedown.doc.org, column=takedown.doc.item.id, file=takedown.doc.file,
                          field="撤销.下架日期")
