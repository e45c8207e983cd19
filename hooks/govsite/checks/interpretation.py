"""政策解读: a policy whose catalog item says 需要解读 has a linked 解读, published within 3 working
days of the policy (国办发〔2016〕19号; an interpretation item's own 时限规则 counted from 政策发布日期
wins, e.g. {类型: 工作日, 天数: 3, 起算: 政策发布日期}); and every 解读 links back to a policy on the site.
"""

from __future__ import annotations

from ..model.documents import Document
from .context import Context
from .rules import Finding

RULES = ("interpretation",)
LIMIT = 3  # 国办发〔2016〕19号: 解读 within 3 working days of the policy


def check(ctx: Context):
    revoked = {doc.index_number: doc for doc in ctx.site.revoked}
    for doc in ctx.site.documents:
        # 失效/废止 policies no longer guide anyone: a missing 解读 is history, not a task.
        if doc.item.needs_interpretation and not doc.validity_on(ctx.as_of).void and not doc.is_interpretation:
            if not doc.interpretations:
                yield Finding("interpretation",
                              f"事项 {doc.item.id}（{doc.item.name}）要求解读，本文件没有关联的解读材料；"
                              f"发布解读后在其“解读对象”中填写本文件索引号 {doc.index_number}",
                              org=doc.org, column=doc.item.id, file=doc.file, field="解读")
            else:
                late = _late(doc, ctx)
                if late:
                    yield late
        for number in doc.interprets_numbers:
            if number in revoked:
                yield Finding("interpretation",
                              f"解读对象 {number}（{revoked[number].file}）已撤销：请同时撤销本解读，或删去该索引号",
                              org=doc.org, column=doc.item.id, file=doc.file, field="解读对象")
        if doc.item.time_rule.start == "政策发布日期" and not doc.policies:
            yield Finding("interpretation",
                          f"本文件在解读栏目“{doc.item.name}”（{doc.item.id}）中，但没有关联被解读的政策；"
                          "请在“解读对象”中填写政策的索引号",
                          org=doc.org, column=doc.item.id, file=doc.file, field="解读对象")


def _late(policy: Document, ctx: Context) -> Finding | None:
    """The first 解读 must follow the policy within its limit (later supplementary 解读 are welcome)."""
    first = min(policy.interpretations, key=lambda d: (d.published, d.index_number))
    if first.published > ctx.as_of:
        return None  # reported by future_date
    rule = first.item.time_rule
    days = rule.days if rule.start == "政策发布日期" and rule.kind == "工作日" and rule.days else LIMIT
    due = ctx.calendar.due_if_late(policy.published, days, first.published, purpose=f"核对 {first.file} 的解读时限")
    if due is None:
        return None
    return Finding("interpretation",
                   f"解读发布日期 {first.published} 晚于时限：政策 {policy.index_number}（{policy.file}）"
                   f"{policy.published} 发布，解读应在 {days} 个工作日内、即 {due} 前发布",
                   org=first.org, column=first.item.id, file=first.file, field="发布日期")
