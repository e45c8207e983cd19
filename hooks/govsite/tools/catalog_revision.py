"""A revised catalog (目录动态调整) imported into a county that has content: ``make import-catalog`` compares the
new catalog with the current one and with the documents under content/, and writes nothing until every
document whose 栏目 would disappear and every column whose URL would change is resolved.

The resolution is a sheet named ``目录调整`` in the same workbook (旧编号 | 新编号 | 说明), one row per old item:
- 新编号 an item of the new catalog: renumbered or merged (合并). The old id becomes the new item's 曾用编号, so
  its documents (whose 栏目 still says the old id) are the new item's, and its old column URLs redirect.
- 新编号 ``撤销``: the item is withdrawn. Its columns go; each old column URL keeps a notice page (目录调整记录).
  Its documents must first be given another 栏目 (the import lists them).
An item kept under the same 编号 keeps its URL; a 曾用编号 column of a domain sheet works as the mapping too.
Every revision is recorded in ``catalog/_revisions.yml`` (date, added, withdrawn, merged), shown on the site.

Errors name the file, the sheet and the row of the mapping: an unknown 编号, an old item that is still in the
new catalog, a cycle (A → B → A), and an old column that its new item has not at the same organisation (two
items of different 负责领域 merged into one: the documents of one organisation would have no column).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

import yaml

from .. import urls
from ..model.catalog import REVISIONS_FILE, WITHDRAWN, Catalog, Item
from ..model.site import Site
from ..parse import schema
from ..parse.kinds import spelling
from ..parse.spreadsheet import Sheet, SheetErrors

SHEET = "目录调整"  # the mapping sheet's name
OLD, NEW, NOTE = "旧编号", "新编号", "说明"
HEADER_ALIASES = {"原编号": OLD, "调整前编号": OLD, "旧事项编号": OLD, "调整后编号": NEW, "新事项编号": NEW, "备注": NOTE}
LISTED_LIMIT = 10  # documents or URLs named one by one under one item; the rest are counted
RECORD_HEADER = ("# 目录调整记录：由 make import-catalog 在每次目录调整时追加（日期、新增、撤销、合并），网站“目录调整记录”页据此生成，\n"
                 "# 撤销栏目的原网址据此保留说明页。请与目录文件一起提交，不要删去旧的记录。\n")


@dataclass(frozen=True)
class Mapping:
    """One row of the 目录调整 sheet."""

    old: str
    new: str  # a new item's id, or WITHDRAWN
    note: str
    sheet: str
    row: int
    columns: dict = field(default_factory=dict, compare=False)  # header → column number


def is_mapping_sheet(sheet: Sheet) -> bool:
    return spelling(sheet.name) == SHEET


def read_mapping(sheet: Sheet, file: str, errors: SheetErrors) -> list[Mapping]:
    """The rows of the 目录调整 sheet (a header row holding 旧编号 and 新编号, then one row per old item)."""
    top, columns = None, {}
    for number, row in enumerate(sheet.rows[:10], 1):
        names = {HEADER_ALIASES.get(spelling(v), spelling(v)): c for c, v in enumerate(row, 1) if v}
        if OLD in names and NEW in names:
            top, columns = number, {k: names[k] for k in (OLD, NEW, NOTE) if k in names}
            break
    if top is None:
        errors.add(file, f"“{SHEET}”工作表没有“{OLD}”“{NEW}”表头", f"第一行写“{OLD}”“{NEW}”“{NOTE}”，以下每行一个调整的事项；"
                   f"撤销的事项{NEW}写“{WITHDRAWN}”。", sheet=sheet.name)
        return []
    out: list[Mapping] = []
    seen: dict[str, int] = {}
    for number in range(top + 1, len(sheet.rows) + 1):
        cell = lambda key: sheet.cell(number, columns[key]).strip() if key in columns else ""  # noqa: E731
        old, new, note = cell(OLD), cell(NEW), cell(NOTE)
        if not old and not new:
            continue
        where = dict(sheet=sheet.name, row=number)
        bad = False
        for key, value in ((OLD, old), (NEW, new)):
            if key == NEW and value == WITHDRAWN:
                continue
            if not schema.SLUG.match(value):
                errors.add(file, f"{key}“{value[:40]}”不是有效编号" if value else f"{key}为空",
                           f"写事项编号（小写英文字母、数字和连字符，如 fupin-01）" + (f"；撤销的事项写“{WITHDRAWN}”。" if key == NEW else "。"),
                           column=columns[key], header=key, **where)
                bad = True
        if old in seen:
            errors.add(file, f"{OLD}“{old}”重复（第{seen[old]}行已写）", "每个旧编号只写一行：删去其中一行。",
                       column=columns[OLD], header=OLD, **where)
            bad = True
        if bad:
            continue
        seen[old] = number
        out.append(Mapping(old, new, note, sheet.name, number, columns))
    return out


@dataclass
class Plan:
    """What a revision does to the new catalog and what it records."""

    former: dict[str, list[str]] = field(default_factory=dict)  # new item id → old ids it takes over (曾用编号)
    added: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    withdrawn: list[tuple[Mapping, Item]] = field(default_factory=list)
    moved: list[tuple[Mapping, Item]] = field(default_factory=list)  # renumbered or merged

    @property
    def changed(self) -> bool:
        return bool(self.added or self.withdrawn or self.moved)


def plan(old: Catalog, new_items: dict[str, str], given_former: dict[str, list[str]], mapping: list[Mapping],
         file: str, errors: SheetErrors) -> Plan:
    """Check the mapping against the current catalog (``old``) and the new items (id → name; ``given_former``:
    the 曾用编号 the new sheets wrote), and say which old ids each new item takes over. Only the domains the
    import replaces are compared: ``new_items`` holds every item of the catalog as it will be."""
    out = Plan()
    by_old = {m.old: m for m in mapping}
    for m in mapping:  # a cycle: follow the mapping from each row until it leaves it
        path, current = [m.old], m.new
        while current in by_old and current not in path:
            path.append(current)
            current = by_old[current].new
        if current == m.old:
            rows = "、".join(f"第{by_old[x].row}行" for x in path)
            errors.add(file, f"目录调整形成循环：{' → '.join(path + [m.old])}（{rows}）",
                       "每个旧编号只指向新目录中的一个事项，不能互相指向：删去或改正其中一行。",
                       sheet=m.sheet, row=m.row, column=m.columns.get(NEW), header=NEW)
    if errors:
        return out
    withdrawn_before = {i.id for r in old.revisions for i in r.withdrawn}
    for m in mapping:
        where = dict(sheet=m.sheet, row=m.row)
        item = old.items.get(m.old)
        done = old.renamed.get(m.old)  # the same row imported again (the workbook kept its 目录调整 sheet)
        if item is None and ((done is not None and done.id == m.new) or (m.new == WITHDRAWN and m.old in withdrawn_before)):
            continue
        if item is None:
            errors.add(file, f"{OLD}“{m.old}”不是现有标准目录中的事项", "写 catalog/ 中现有事项的编号（网站“标准目录”页可查）。",
                       column=m.columns.get(OLD), header=OLD, **where)
            continue
        if m.old in new_items:
            errors.add(file, f"{OLD}“{m.old}”仍是新目录中的事项，不需要调整", "编号不变的事项网址不变：删去这一行。",
                       column=m.columns.get(OLD), header=OLD, **where)
            continue
        if m.new == WITHDRAWN:
            out.withdrawn.append((m, item))
            continue
        if m.new not in new_items:
            errors.add(file, f"{NEW}“{m.new}”不在新目录中", f"写新目录表格中某个事项的编号；事项不再保留时写“{WITHDRAWN}”。",
                       column=m.columns.get(NEW), header=NEW, **where)
            continue
        out.moved.append((m, item))
        # The old item's own former ids move with it: redirects made by earlier revisions keep answering.
        out.former.setdefault(m.new, []).extend(x for x in (m.old, *item.former_ids) if x not in new_items)
    for new_id in new_items:  # an item kept keeps the former ids it had, whatever the new sheet says
        kept = old.items.get(new_id)
        if kept is not None and kept.former_ids:
            out.former.setdefault(new_id, []).extend(x for x in kept.former_ids if x not in new_items)
    for new_id in given_former:  # a 曾用编号 column of the new sheet: an old item renumbered or merged
        for old_id in given_former[new_id]:
            if old_id in old.items and old_id not in new_items and old_id not in by_old:
                out.moved.append((Mapping(old_id, new_id, "", "", 0), old.items[old_id]))
    known = set(old.items) | set(old.renamed)
    targets = {m.new for m, _ in out.moved}  # a new id that took an old item over is listed under 合并
    out.added = [(i, n) for i, n in new_items.items() if i not in known and i not in targets]
    return out


def _listed(values: list[str]) -> str:
    shown = "、".join(values[:LISTED_LIMIT])
    return shown + (f" 等 {len(values)} 个" if len(values) > LISTED_LIMIT else "")


def compare(old_site: Site, new_site: Site, mapping: list[Mapping], p: Plan, file: str, errors: SheetErrors) -> None:
    """Every document whose 栏目 would disappear and every column URL that would answer no more, all together;
    the mapping rows that cannot be carried out (an old column its new item has not at the same organisation,
    a withdrawn item with documents) name their row."""
    u = urls.Urls()
    docs_of: dict[tuple[str, str], list[str]] = {}
    for doc in old_site.documents + old_site.revoked:
        if doc.column is not None:
            docs_of.setdefault((doc.column.org.id, doc.column.item.id), []).append(doc.file)
    rows = {m.old: m for m in mapping}
    for m, item in p.moved:  # every old column needs the new item's column at the same organisation
        where = dict(sheet=m.sheet, row=m.row, column=m.columns.get(NEW), header=NEW) if m.row else {}
        target = new_site.catalog.items.get(m.new)
        if target is None:
            continue
        have = {c.org.id for c in new_site.columns_by_item.get(target.id, [])}
        lost = [c for c in old_site.columns_by_item.get(item.id, []) if c.org.id not in have]
        if lost:
            owners = sorted({c.org.name for c in new_site.columns_by_item.get(target.id, [])})
            where_new = (f"的栏目只开在{_listed(owners)}（负责领域、公开主体或公开层级不同）" if owners
                         else "不在网上主动公开，没有栏目")
            docs = [d for c in lost for d in docs_of.get((c.org.id, item.id), [])]
            errors.add(file, f"“{item.name}”（{m.old}）并入“{target.name}”（{m.new}）后，{_listed([c.org.name for c in lost])}"
                       f"的栏目没有去处：“{target.name}”{where_new}" + (f"；这些单位的文件：{_listed(docs)}" if docs else ""),
                       "并入同一单位也有栏目的事项，或改新事项的“县级主体”“公开层级”，或分成两个事项。", **where)
    for m, item in p.withdrawn:
        docs = [d for c in old_site.columns_by_item.get(item.id, []) for d in docs_of.get((c.org.id, item.id), [])]
        if docs:
            errors.add(file, f"撤销的事项“{item.name}”（{m.old}）下还有 {len(docs)} 个文件：{_listed(docs)}",
                       f"先把这些文件的“栏目”改为其他事项，再导入；或把{NEW}写成接收这些文件的新事项（合并）。",
                       sheet=m.sheet, row=m.row, column=m.columns.get(NEW), header=NEW)
    if errors:
        return
    # What is still unresolved: each old item with columns or documents that the new catalog does not hold.
    handled = {item.id for _, item in p.moved + p.withdrawn}
    for item_id, item in old_site.catalog.items.items():
        if item_id in new_site.catalog.items or new_site.catalog.item(item_id) is not None or item_id in handled:
            continue
        columns = old_site.columns_by_item.get(item_id, [])
        docs = [d for c in columns for d in docs_of.get((c.org.id, item_id), [])]
        if not columns and not docs:
            continue
        parts = []
        if docs:
            parts.append(f"{len(docs)} 个文件的栏目将消失：{_listed(docs)}")
        if columns:
            parts.append(f"{len(columns)} 个栏目网址将失效：{_listed(['/' + u.url(urls.column(c)) for c in columns])}")
        errors.add(file, f"现有事项“{item.name}”（{item_id}，{item.domain.file}）不在新目录中：" + "；".join(parts),
                   f"在“{SHEET}”工作表加一行：{OLD} {item_id}，{NEW} 写接收它的新事项编号（改编号或合并，文件随之归入，旧网址跳转），"
                   f"或写“{WITHDRAWN}”（栏目撤销，旧网址保留说明页）。", sheet=rows[item_id].sheet if item_id in rows else "")
    if errors:
        return
    # Items kept whose column moved off an organisation (公开层级 or 县级主体 changed): the old URL would vanish.
    answered = ({u.dest(x) for x in urls.generated(new_site)} | {u.dest(r.old) for r in urls.redirects(new_site)}
                | {u.dest(n.old) for n in urls.notices(new_site)})
    for c in old_site.columns.values():
        if new_site.catalog.items.get(c.item.id) is not None and u.dest(urls.column(c)) not in answered:
            docs = docs_of.get((c.org.id, c.item.id), [])
            errors.add(file, f"{c.org.name}的栏目“{c.item.name}”（{c.item.id}）在新目录中不再开设，栏目网址 /{u.url(urls.column(c))} 将失效"
                       + (f"；其中的文件：{_listed(docs)}" if docs else ""),
                       f"保留该事项原来的“公开层级”和“县级主体”，或给它换一个编号并在“{SHEET}”工作表中把旧编号写成“{WITHDRAWN}”或并入其他事项。")


def summary(p: Plan) -> str:
    """The revision in a few lines, for the import's report (DRY_RUN=1 shows it before anything is written)."""
    lines = ["目录调整（记入 catalog/" + REVISIONS_FILE + "）："]
    if p.added:
        lines.append(f"  新增 {len(p.added)} 项：" + _listed([f"{n}（{i}）" for i, n in p.added]))
    if p.withdrawn:
        lines.append(f"  撤销 {len(p.withdrawn)} 项（原栏目网址保留说明页）：" + _listed([f"{item.name}（{item.id}）" for _, item in p.withdrawn]))
    if p.moved:
        lines.append(f"  合并或改编号 {len(p.moved)} 项（文件随之归入，原网址跳转）："
                     + _listed([f"{item.name}（{item.id} → {m.new}）" for m, item in p.moved]))
    return "\n".join(lines)


def record(p: Plan, old_site: Site | None, today: datetime.date, existing: str | None, listed: list[str] = ()) -> str:
    """The 目录调整记录 file with this revision appended (the file's earlier text kept as it is). A withdrawn
    item's 页数: its columns' most list pages, now or as published (``listed``: published-urls.txt), so that
    every old list page keeps its notice."""

    def folders(item: Item) -> list[str]:
        return [urls.column_folder(c.org, item.id) for c in old_site.columns_by_item.get(item.id, [])] if old_site else []

    def pages(item: Item) -> int:
        now = [len(urls.column_pages(c)) for c in old_site.columns_by_item.get(item.id, [])] if old_site else []
        seen = [int(m[1]) for url in listed for f in folders(item)
                if (m := re.fullmatch(re.escape(f"/{f}/") + r"(\d+)/(?:index\.html)?", url))]
        return max([1, *now, *seen])

    entry: dict = {"日期": today.isoformat()}
    if p.added:
        entry["新增"] = [{"编号": i, "名称": n} for i, n in p.added]
    if p.withdrawn:
        entry["撤销"] = [{"编号": item.id, "名称": item.name, **({"说明": m.note} if m.note else {}),
                        **({"栏目": folders(item)} if folders(item) else {}),
                        **({"页数": pages(item)} if pages(item) > 1 else {})} for m, item in p.withdrawn]
    if p.moved:
        entry["合并"] = [{"编号": item.id, "名称": item.name, "新编号": m.new, **({"说明": m.note} if m.note else {})}
                       for m, item in p.moved]
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**9)
    before = existing if existing and existing.strip() else RECORD_HEADER
    return before.rstrip("\n") + "\n" + text if re.search(r"^- ", before, re.M) else before + text


__all__ = ["SHEET", "Mapping", "Plan", "compare", "is_mapping_sheet", "plan", "read_mapping", "record", "REVISIONS_FILE"]
