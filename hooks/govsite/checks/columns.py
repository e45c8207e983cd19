"""Empty (空白) and stale (不更新) columns, per organisation and in total (国办秘函〔2019〕19号 单项否决:
空白栏目 ≥ 5; 栏目不更新 ≥ 5 动态要闻/通知公告/政策文件 columns, and ≥ 10 other columns that should be
updated, counted separately).

A column's update class is its catalog item's 更新周期 (``model.catalog.UpdateCycle``: each value's window,
the rule it cites and the kind of 栏目不更新 it counts in; domain-notes §3.3): no value is named here.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime

from ..model.catalog import Item, UpdateCycle
from ..model.columns import Column
from ..model.orgs import Organisation
from .context import Context
from .rules import Finding

RULES = ("empty_columns", "empty_columns_total", "stale_column", "stale_columns_total", "long_stale_columns_total")

# 国办秘函〔2019〕19号 栏目不更新 counts two kinds of stale column separately: (1) 动态、要闻 (2 weeks) and
# 通知公告、政策文件 (6 months), ≥ 5; (2) the other columns that should be updated, ≥ 10 (UpdateCycle.first_kind).
FIRST_KIND = tuple(cycle for cycle in UpdateCycle if cycle.first_kind)
# The other kind's cycles, as the total names them: shortest window first.
OTHER_KIND = tuple(sorted((c for c in UpdateCycle if c.window and not c.first_kind),
                          key=lambda c: (c.window.months, c.window.days)))
# 条例 第四十九条: the county government's annual report is due by 3月31日 (departments: 1月31日).
COUNTY_ANNUAL_REPORT_DEADLINE = (3, 31)


def check(ctx: Context):
    empty: dict[str, list[Column]] = {}  # organisation id → its empty columns
    stale: list[Column] = []
    for column in ctx.site.columns.values():
        if not column.org.is_current:  # 撤并 (机构改革): its columns are an archive, updated by its successors
            continue
        if column.is_empty:
            empty.setdefault(column.org.id, []).append(column)
            continue
        problem = staleness(column, ctx.as_of)
        if problem:
            stale.append(column)
            message, regulation = problem
            yield Finding("stale_column", message, org=column.org, column=column.item.id, regulation=regulation)
    for org_id, columns in empty.items():
        org = ctx.site.tree.orgs[org_id]
        names = "、".join(f"{c.item.name}（{c.item.id}）" for c in columns)
        yield Finding("empty_columns",
                      f"本单位 {len(ctx.site.columns_of(org_id))} 个栏目中有空白栏目 {len(columns)} 个：{names}",
                      org=org, columns=tuple(c.item.id for c in columns))
    total = sum(len(columns) for columns in empty.values())
    if total >= ctx.settings.empty_column_limit:
        yield Finding("empty_columns_total",
                      f"全站共有空白栏目 {total} 个（{len(empty)} 个单位），达到 {ctx.settings.empty_column_limit} 个，"
                      "检查时即判定网站不合格")
    first = [c for c in stale if c.item.update_cycle in FIRST_KIND]
    if len(first) >= ctx.settings.stale_column_limit:
        yield Finding("stale_columns_total",
                      f"全站动态要闻、通知公告、政策文件类（更新周期{'、'.join(FIRST_KIND)}）未按期更新的栏目 {len(first)} 个"
                      f"（{len({c.org.id for c in first})} 个单位），"
                      f"达到 {ctx.settings.stale_column_limit} 个，检查时即判定网站不合格")
    other = [c for c in stale if c.item.update_cycle not in FIRST_KIND]
    if len(other) >= ctx.settings.long_stale_column_limit:
        cycles = "、".join(f"{cycle} {n} 个" for cycle in OTHER_KIND
                          if (n := sum(c.item.update_cycle == cycle for c in other)))
        yield Finding("long_stale_columns_total",
                      f"全站应更新但长期未更新的栏目 {len(other)} 个（{len({c.org.id for c in other})} 个单位；{cycles}），"
                      f"达到 {ctx.settings.long_stale_column_limit} 个，检查时即判定网站不合格")


def staleness(column: Column, as_of: datetime.date) -> tuple[str, str] | None:
    """(message, regulation) when the column has no document in its update window; None when fresh."""
    item, latest = column.item, column.latest
    cycle = item.update_cycle
    if cycle.window is None or latest is None:
        return None
    if cycle.by_deadline:
        deadline = annual_deadline(item, column.org)
        if deadline is not None:
            due = _due_year(as_of, deadline)
            month, day = deadline
            if item.role == "年报":  # 条例 第四十九条: the report of the year before, by the deadline
                if any(r.year == due - 1 for r in column.reports) or any(d.published.year == due for d in column.documents):
                    return None
                return (f"尚未发布{due - 1}年度政府信息公开工作年度报告：应在 {due} 年 {month}月{day}日前发布"
                        f"（最近一次发布是 {latest}）", "《中华人民共和国政府信息公开条例》第四十九条")
            if latest.year >= due:
                return None
            regulation = ("《中华人民共和国政府信息公开条例》第四十九条" if item.role == "年报"
                          else f"标准目录 {item.id} 公开时限“{item.time_limit}”")
            return (f"栏目“{item.name}”（{cycle}）应在 {due} 年 {month}月{day}日前发布，最近一次发布是 {latest}，"
                    f"{due} 年尚无新文件", regulation)
    since = _months_before(as_of, cycle.window.months) - datetime.timedelta(days=cycle.window.days)
    if latest >= since:  # (每年 without a yearly deadline: within its window, a year)
        return None
    return (f"栏目“{item.name}”（更新周期{cycle}）最近一次发布是 {latest}，{since} 以来没有新文件", cycle.regulation)


def annual_deadline(item: Item, org: Organisation) -> tuple[int, int] | None:
    """The yearly (month, day) deadline of a 每年 item for ``org``; None when the item has none."""
    rule = item.time_rule
    if not rule.kind.yearly:
        return None
    if item.role == "年报" and org.is_county:
        return max(rule.deadline, COUNTY_ANNUAL_REPORT_DEADLINE)  # 条例 第四十九条
    return rule.deadline


def _due_year(as_of: datetime.date, deadline: tuple[int, int]) -> int:
    """The year of the latest deadline that has passed on ``as_of``: its publication must be in that year."""
    month, day = deadline
    return as_of.year if (as_of.month, as_of.day) > (month, day) else as_of.year - 1


def _months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))
