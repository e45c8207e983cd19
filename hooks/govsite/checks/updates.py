"""The remaining 单项否决 and update rules of 国办秘函〔2019〕19号 that are not about one column:

- 首页不更新: the home page's 最新公开 (the newest documents of the whole site) has a document published
  within 2 weeks of the check date;
- 人事、规划计划类信息: within the year before the check date, the site published at least one document in
  a 人事 column and one in a 规划计划 column (the monitors' "监测时间点前1年内，人事、规划计划类信息，是否
  更新", domain-notes §3.3). Which columns belong to a class is decided by the catalog item's names
  (``CLASSES``): the catalog has no class field, and its 更新周期 一年 also covers other yearly items;
- 未注明信息发布时间的视为不更新: every list item shows its date. Disclosed documents always have a
  发布日期 (a required field, printed by every list); ordinary pages (Markdown outside organisation
  folders, which editors may write by hand) are read for link-list items without a date.
"""

from __future__ import annotations

import datetime
import re

from ..model.columns import Column
from .columns import _months_before
from .context import Context
from .rules import Finding

RULES = ("home_not_updated", "personnel_planning", "undated_items")

HOME_WINDOW_DAYS = 14  # 监测2周
CLASS_WINDOW_MONTHS = 12  # 监测时间点前1年内
# class → words of the item's path (一级/二级/三级事项) that put a column in it
CLASSES = {
    "人事": ("人事", "任免", "公务员", "招录", "招聘"),
    "规划计划": ("规划", "计划"),
}

_LIST_ITEM = re.compile(r"^\s{0,12}(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_LINK = re.compile(r"\[[^\]]+\]\([^)]+\)")
_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.S)


def check(ctx: Context):
    if ctx.settings.enabled("home_not_updated"):
        yield from _home(ctx)
    if ctx.settings.enabled("personnel_planning"):
        yield from _classes(ctx)
    if ctx.settings.enabled("undated_items"):
        yield from _undated(ctx)


def _home(ctx: Context):
    since = ctx.as_of - datetime.timedelta(days=HOME_WINDOW_DAYS)
    latest = ctx.site.latest[0] if ctx.site.latest else None
    if latest is None:
        yield Finding("home_not_updated", "首页“最新公开”没有任何文件")
    elif latest.published < since:
        yield Finding("home_not_updated",
                      f"首页最近一次更新是 {latest.published}（{latest.title[:40]}），{since} 以来（检查日期前 "
                      f"{HOME_WINDOW_DAYS} 天）没有新发布的文件")


def class_of(column: Column) -> str | None:
    """The monitors' information class (人事 or 规划计划) of a column, by its item's names; None: neither."""
    path = column.item.path
    return next((name for name, words in CLASSES.items() if any(w in path for w in words)), None)


def _classes(ctx: Context):
    since = _months_before(ctx.as_of, CLASS_WINDOW_MONTHS)
    members: dict[str, list[Column]] = {}
    for column in ctx.site.columns.values():
        if (name := class_of(column)) is not None:
            members.setdefault(name, []).append(column)
    for name, columns in members.items():
        dates = [c.latest for c in columns if c.latest is not None]
        newest = max(dates) if dates else None
        if newest is not None and newest >= since:
            continue
        items = "、".join(dict.fromkeys(c.item.name for c in columns))
        last = f"最近一次发布是 {newest}" if newest else "从未发布"
        yield Finding("personnel_planning",
                      f"{name}类信息（{len(columns)} 个栏目：{_cut(items)}）{last}，{since} 以来（检查日期前 1 年内）没有更新",
                      columns=tuple(dict.fromkeys(c.item.id for c in columns)))


def _undated(ctx: Context):
    site = ctx.site
    for doc in site.documents:
        if doc.published is None:  # the schema requires it: a guard for content made another way
            yield Finding("undated_items", "文件没有发布日期，列表中无法显示发布时间", org=doc.org, file=doc.file,
                          field="发布日期")
    documents = {d.src_uri for d in site.documents + site.revoked}
    for src_uri in site.content.markdown() if site.content else ():
        if src_uri in documents or site.tree.owner_of(src_uri) is not None:
            continue  # a document (or refused as one when it loaded)
        if any(part.startswith((".", "_")) for part in src_uri.split("/")):
            continue
        try:
            text = (ctx.content_dir / src_uri).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        undated = undated_lines(text)
        if undated:
            file = _rel(ctx, src_uri)
            yield Finding("undated_items",
                          f"页面中有 {len(undated)} 条链接列表项没有注明日期（第 {'、'.join(map(str, undated[:5]))}"
                          f"{' 等' if len(undated) > 5 else ''} 行）：未注明信息发布时间的视为不更新；"
                          "在每一项后写上发布日期（如 2026-03-05），或把这些信息作为公开文件发布",
                          file=file)


def undated_lines(text: str) -> list[int]:
    """Line numbers (1-based) of Markdown list items that link somewhere and carry no date."""
    head = _FRONT_MATTER.match(text)
    offset = text[:head.end()].count("\n") if head else 0
    body = text[head.end():] if head else text
    out = []
    fenced = False
    for number, line in enumerate(body.splitlines(), offset + 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        match = None if fenced else _LIST_ITEM.match(line)
        if match and _LINK.search(match[1]) and not _DATE.search(match[1]):
            out.append(number)
    return out


def _rel(ctx: Context, src_uri: str) -> str:
    path = ctx.content_dir / src_uri
    try:
        return path.relative_to(ctx.root).as_posix()
    except ValueError:
        return path.as_posix()


def _cut(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "…"

