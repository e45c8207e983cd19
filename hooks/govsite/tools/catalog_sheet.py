"""``make import-catalog FILE=…`` and ``make export-catalog``: the standard catalog (标准目录) as the
spreadsheet counties publish, one sheet per domain (领域), and back.

The shape (domain-notes §1.2): a title row, the two-row merged header (序号 | 公开事项: 一级事项 二级事项 |
公开内容（要素） | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 | 公开对象: 全社会 特定群体 | 公开方式: 主动 依申请 |
公开层级: 县级 乡级), √ in the tick columns, channels as ``■政府网站 □政府公报 …``, vertically merged
一级事项 cells and note rows under the table. The real variants are accepted (特定群众, 依申请公开, 乡、村级,
镇级/村级, 区级, 一级目录…, extra columns 三级事项, 网站所属栏目, 备注, 五公开).

Which columns exist, and what each cell becomes, comes from the declaration of ``Item`` and ``Domain``
(``model/catalog.py``): every declared key is a header (so a field declared there is imported and
exported with no change here); an element (公开要素) whose choices are few is a group of tick columns,
one with many choices a checkbox cell. This module only knows the spreadsheet spellings (aliases) and
the common wordings of 公开时限.

Import never guesses silently: every cell it cannot map and every value it had to assume is in the
report (sheet, row, column). Errors (unreadable file, unknown header, ambiguous tick, duplicate item,
a row the catalog loader refuses) name file, sheet, row and column, and nothing is written: the files
are written to a scratch folder, loaded as the build loads them, and only then renamed into place.
"""

from __future__ import annotations

import datetime
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import yaml
from mkdocs.exceptions import PluginError
from openpyxl.styles import Alignment, Border, Font, Side
from pypinyin import lazy_pinyin

from ..checks import published
from ..model import catalog as catalog_model
from ..model import site as site_model
from ..model.catalog import Catalog, Domain, Item
from ..parse import arguments, kinds, schema, spreadsheet
from ..parse.errors import ErrorCollector
from ..parse.spreadsheet import Sheet, SheetErrors, column_letter
from . import catalog_revision
from .project import Refused, read_settings

SEQ = "序号"
LEVEL_GROUP = "公开事项"  # the merged header over 一级事项, 二级事项, 三级事项
LEVELS = ("一级事项", "二级事项", "三级事项")
PLACEHOLDER = "待补充"  # an empty required text cell: written so the row loads, reported for review
DEFAULT_SOURCE = "mulu"
TICKS, UNTICKS = kinds.CELL_YES, kinds.CELL_NO  # a tick column's marks
TICK_LIMIT = 4  # an element with at most this many choices is printed as tick columns, else checkboxes
LEGEND = "注：公开渠道和载体中“■”表示选用，“□”表示未选用；公开对象、方式、层级栏以“√”标记。"
DOMAIN_ID = "领域编号"

# Spreadsheet spellings → declared keys (header variants seen in published catalogs, domain-notes §1.2).
HEADER_ALIASES = {
    "公开内容（要素）": "公开内容", "公开内容(要素)": "公开内容", "公开要素": "公开内容", "内容": "公开内容",
    "一级目录": "一级事项", "二级目录": "二级事项", "三级目录": "三级事项", "一级": "一级事项", "二级": "二级事项",
    "三级": "三级事项", "事项编号": "编号", "备注": "注", "公开渠道": "公开渠道和载体", "公开渠道和载体": "公开渠道和载体",
    "公开载体": "公开渠道和载体", "公开渠道及载体": "公开渠道和载体", "公开主体（责任单位）": "公开主体", "责任主体": "公开主体",
    "公开事项名称": LEVEL_GROUP, "事项名称": LEVEL_GROUP,
}
# Headers of columns real catalogs print that the catalog does not hold: their cells are reported.
UNMAPPED_HEADERS = ("公开时长", "公开范围", "公开", "公开形式", "公开期限", "四级事项", "四级目录")
# Tick sub-column (or cell) spellings → the declared choices they stand for.
OPTION_ALIASES = {
    "公开对象": {"特定群众": ("特定群体",), "特定对象": ("特定群体",)},
    "公开方式": {"主动公开": ("主动",), "依申请公开": ("依申请",)},
    "公开层级": {"区级": ("县级",), "市级": ("县级",), "县（市、区）级": ("县级",), "镇级": ("乡级",), "乡镇级": ("乡级",),
                 "街道级": ("乡级",), "镇街级": ("乡级",), "镇街乡": ("乡级",), "乡镇（街道）级": ("乡级",),
                 "乡（镇、街道）级": ("乡级",), "乡、村级": ("乡级", "村级"), "乡村级": ("乡级", "村级"),
                 "镇、村级": ("乡级", "村级"), "村": ("村级",), "村（居）级": ("村级",), "村（社区）级": ("村级",),
                 "村居级": ("村级",), "村（居）": ("村级",)},
}
CHANNEL_ALIASES = {"社区/企事业单位/村公示栏": "社区/企事业单位/村公示栏（电子屏）", "两微一端（政务微博、微信、客户端）": "两微一端",
                   "12345热线": "12345政务服务热线"}
# A checkbox cell's spellings of its choices, by key.
BOX_ALIASES = {"公开渠道和载体": {spelling: (choice,) for spelling, choice in CHANNEL_ALIASES.items()}}
EXPORT_LABELS = {"公开内容": "公开内容（要素）", "注": "备注"}  # the spelling counties print


_norm = kinds.spelling  # header and option spellings compared without spaces and with full-width brackets


# --- the declaration, read once ------------------------------------------------------------------------

ITEM_FIELDS = {f.key: f for f in schema.fields(Item)}
DOMAIN_FIELDS = {f.key: f for f in schema.fields(Domain) if not isinstance(f.kind, kinds.Raw) and f.key != "领域"}
SOURCE_FIELDS = schema.fields(catalog_model.Source)


def _ticked(f: schema.Field) -> bool:
    """An element whose few choices are printed as tick columns (公开对象, 公开方式, 公开层级); any other
    field is one cell, as its kind writes it (公开渠道和载体, 五公开: a cell of checkboxes)."""
    return bool(f.kind.choices) and f.element is not None and len(f.kind.choices) <= TICK_LIMIT


# --- 公开时限 → 时限规则 -----------------------------------------------------------------------------

_WORKDAYS = re.compile(r"(\d+)\s*个?\s*工作日")
_DAYS = re.compile(r"(\d+)\s*(?:日|天)(?:内|以内)")
_YEARLY = re.compile(r"每年\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|底)\s*(?:前|之前|以前)")
_NOTICE = re.compile(r"[，,；;]?\s*公示(?:期)?(?:不少于|不得少于)?\s*\d+\s*个?\s*(?:工作日|日|天)")
# 每季度结束后10日内: the period (its 起算) and the days after its end; any other mention of a period is for review
_PERIOD_END = re.compile(r"^(?:每|上)?(月|季度|半年|年度)度?(?:结束|终了|期满)之?后")
_PERIODS = {"月": "月末", "季度": "季度末", "半年": "半年末", "年度": "年末"}
_PERIOD_WORD = re.compile(r"每月|月度|每季|季度|每半年|半年度|每周|每旬")
_LAST_DAY = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


def time_rule(text: str) -> dict | None:
    """时限规则 of a 公开时限 wording in one of the common forms (domain-notes §1.2), else None (review).

    Only a wording with a single deadline is mapped: "信息形成或者变更之日起20个工作日内" (工作日 20),
    "…10个工作日内，公示7个工作日" (the 公示 period is not the deadline), "批准后20日内" (自然日 from 批准日期),
    "关联规范性文件公开3个工作日内" (from 政策发布日期), "每年1月31日前", "实时/及时/随时公开", "长期/永久公开",
    "每季度结束后10日内" (起算 季度末; 每月, 每半年, 年度 alike). Any other wording that names a period
    (每季度第一个月…, 每月更新…) is left for review: its days do not count from 成文日期.
    """
    plain = _NOTICE.sub("", text.strip())
    start = {}
    period = _PERIOD_END.match(plain)
    if period:
        start = {"起算": _PERIODS[period.group(1)]}
        plain = plain[period.end():]
    elif _PERIOD_WORD.search(plain) and not _YEARLY.search(plain):
        return None
    elif "批准" in plain or "批复" in plain:
        start = {"起算": "批准日期"}
    elif re.search(r"(?:关联|相关)\S*文件\S*(?:公开|发布|印发)|政策(?:公开|发布|印发)", plain):
        start = {"起算": "政策发布日期"}
    workdays = _WORKDAYS.findall(plain)
    days = _DAYS.findall(_WORKDAYS.sub("", plain))
    yearly = _YEARLY.findall(plain)
    if len(workdays) == 1 and not days and not yearly:
        return {"类型": "工作日", "天数": int(workdays[0]), **start}
    if len(days) == 1 and not workdays and not yearly:
        return {"类型": "自然日", "天数": int(days[0]), **start}
    if len(yearly) == 1 and not workdays and not days:
        month, day = int(yearly[0][0]), yearly[0][1]
        if 1 <= month <= 12:
            return {"类型": "每年", "截止": f"{month:02d}-{int(day) if day else _LAST_DAY[month]:02d}"}
    if not re.search(r"\d", plain):
        if re.fullmatch(r"(?:实时|及时|随时)(?:公开|公布|更新)?", plain):
            return {"类型": "实时"}
        if re.fullmatch(r"(?:长期|永久)(?:公开|有效)?", plain):
            return {"类型": "长期"}
    return None


# --- reading a sheet ---------------------------------------------------------------------------------

@dataclass
class Column:
    index: int  # 1-based
    header: str  # as printed
    key: str = ""  # the declared key it fills ('' for 序号 and unmapped columns)
    options: tuple[str, ...] = ()  # a tick column: the choices a tick stands for
    unmapped: bool = False


@dataclass
class Row:
    number: int  # the spreadsheet row
    values: dict = field(default_factory=dict)  # declared key → YAML value


@dataclass
class ImportedDomain:
    sheet: str
    id: str
    data: dict  # the domain file's mapping, declared keys
    rows: list[Row]
    named: bool = False  # the id was given (a 领域编号 note row), not made from the name
    columns: dict = field(default_factory=dict)  # declared key → its (first) column


def _header_key(text: str) -> str | None:
    """The declared key (or LEVEL_GROUP / 序号) a header stands for, or None when unknown."""
    name = _norm(text)
    if not name:
        return ""
    for candidate in (name, re.sub(r"（[^）]*）$", "", name)):
        if candidate in (SEQ, LEVEL_GROUP) or candidate in ITEM_FIELDS:
            return candidate
        if candidate in HEADER_ALIASES:
            return HEADER_ALIASES[candidate]
    return None


def _options(key: str, text: str) -> tuple[str, ...] | None:
    """The declared choices a tick sub-column of ``key`` stands for (县级 → (县级,); 乡、村级 → (乡级, 村级))."""
    f = ITEM_FIELDS[key]
    name = _norm(text)
    if name in f.kind.choices:
        return (name,)
    alias = OPTION_ALIASES.get(key, {}).get(name)
    if alias:
        return alias
    if key == "公开层级" and re.fullmatch(r".{1,6}(?:县|区|市|旗)级", name):  # 东阳市级, 荣昌区级
        return ("县级",)
    return None


def _find_header(sheet: Sheet) -> int | None:
    """The first row holding at least three known headers."""
    for number, row in enumerate(sheet.rows[:30], 1):
        known = {k for k in (_header_key(c) for c in row if c) if k and k != SEQ}
        if len(known) >= 3:
            return number
    return None


def _columns(sheet: Sheet, top: int, file: str, errors: SheetErrors) -> tuple[list[Column], int]:
    """The columns of the header at row ``top`` and the first row after the header."""
    second = top + 1
    width = sheet.width
    below = [sheet.cell(second, c) for c in range(1, width + 1)]
    above = [sheet.cell(top, c) for c in range(1, width + 1)]
    # A second header row: some cell of it is a level or a tick option under a group, or repeats the
    # cell above (a vertical merge).
    two_rows = any(
        (_header_key(b) in LEVELS) or (_header_key(a) in ITEM_FIELDS and _ticked(ITEM_FIELDS[_header_key(a)])
                                       and _options(_header_key(a), b)) or (b and b == a and _header_key(a))
        for a, b in zip(above, below))
    columns: list[Column] = []
    group = ""  # the group header a CSV's empty continuation cells belong to
    for c in range(1, width + 1):
        head, sub = above[c - 1], below[c - 1] if two_rows else ""
        if not head and sub and group:
            head = group  # CSV: "公开对象,," over "全社会,特定群体"
        key = _header_key(head)
        where = dict(sheet=sheet.name, row=top, column=c)
        if key == "" and not sub:
            continue
        if key is None:
            if _norm(head) in UNMAPPED_HEADERS or _norm(re.sub(r"（[^）]*）$", "", _norm(head))) in UNMAPPED_HEADERS:
                columns.append(Column(c, head, unmapped=True))
                continue
            errors.add(file, f"不认识的表头“{head[:40]}”",
                       "表头应为标准目录的要素：" + "、".join(k for k in ITEM_FIELDS) + "（或其常见写法）；"
                       "不需要导入的列请删去。", **where)
            continue
        group = key if (key == LEVEL_GROUP or (key in ITEM_FIELDS and _ticked(ITEM_FIELDS[key]))) else ""
        if key == LEVEL_GROUP:
            sub_key = _header_key(sub) if sub and sub != head else LEVELS[0]
            if sub_key not in LEVELS:
                errors.add(file, f"“{head}”下不认识的表头“{sub[:40]}”", "应为一级事项、二级事项、三级事项。",
                           **dict(where, row=second))
                continue
            columns.append(Column(c, sub or head, sub_key))
            continue
        f = ITEM_FIELDS.get(key)
        if f is not None and _ticked(f) and sub and sub != head:
            options = _options(key, sub)
            if options is None:
                errors.add(file, f"“{head}”下不认识的表头“{sub[:40]}”", "可用：" + "、".join(f.kind.choices) + "。",
                           **dict(where, row=second))
                continue
            columns.append(Column(c, f"{head}·{sub}", key, options))
            continue
        if sub and sub != head and _header_key(sub) != key:
            errors.add(file, f"“{head}”下不认识的表头“{sub[:40]}”", "删去这个单元格，或改为标准目录要素的表头。",
                       **dict(where, row=second))
            continue
        columns.append(Column(c, head, key if key != SEQ else ""))
    return columns, second + 1 if two_rows else top + 1


def _is_note(values: list[str], after_blank: bool) -> bool:
    """A note row: one value across the row (merged, or in the first cell), under the table."""
    distinct = {v for v in values if v}
    if len(distinct) != 1:
        return False
    text = next(iter(distinct))
    return after_blank or bool(re.match(r"(注|说明|备注|填表|" + "|".join([DOMAIN_ID, *DOMAIN_FIELDS]) + ")", text))


def _domain_name(sheet: Sheet, top: int) -> str:
    """The domain's name: the sheet's name, or the title row's when the sheet has a generic name."""
    name = sheet.name.strip()
    if re.fullmatch(r"(?i)(sheet|工作表|表)\s*\d*|[\x00-\x7f]+", name):
        title = next((v for r in sheet.rows[:top - 1] for v in r if v), "")
        name = title or name
    return re.sub(r"(领域)?(基层)?(政务公开)?(事项)?(标准)?目录$", "", name).strip() or name


def slug(text: str) -> str:
    """An id from a Chinese name: its pinyin, lowercase letters and digits (教育局 → jiaoyuju)."""
    words = lazy_pinyin(text)
    out = re.sub(r"[^a-z0-9]+", "-", "".join(w.lower() for w in words)).strip("-")
    return out[:40].strip("-") or "x"


def read_sheet(sheet: Sheet, file: str, order: int, errors: SheetErrors) -> ImportedDomain | None:
    top = _find_header(sheet)
    if top is None:
        if any(v for r in sheet.rows for v in r):
            errors.note(file, "没有找到标准目录的表头（序号、公开事项、公开内容……），整个工作表未导入",
                        "如果这是一个领域的目录，检查表头的写法。", sheet=sheet.name)
        return None
    columns, first = _columns(sheet, top, file, errors)
    if not any(c.key == "一级事项" for c in columns):
        errors.add(file, "表头中没有“一级事项”（或“公开事项”）列", "在表头中写明“公开事项”及其“一级事项”“二级事项”。",
                   sheet=sheet.name, row=top)
        return None
    name = _domain_name(sheet, top)
    title = next((v for r in sheet.rows[:top - 1] for v in r if v), "")
    data: dict = {"领域": name}
    sources: list[dict] = []
    rows: list[Row] = []
    seen: dict[str, Row] = {}  # a row's values but 编号 → the row
    after_blank = False
    level1 = ""
    for number in range(first, len(sheet.rows) + 1):
        values = sheet.rows[number - 1]
        if not any(values):
            after_blank = bool(rows)
            continue
        if _is_note(values, after_blank):
            _read_note(next(v for v in values if v), data, sources, file, sheet.name, number, errors)
            after_blank = True
            continue
        if after_blank:  # a table row under the notes: the table continues (a blank row inside it)
            after_blank = False
        if len({v for v in values if v}) == 1:  # a group title across the table (一、政策文件), or a lone cell
            errors.note(file, f"整行只有一个值“{next(v for v in values if v)[:40]}”（分组标题？），未导入",
                        "如果这是一个事项，补全它的各列。", sheet=sheet.name, row=number)
            continue
        row = _read_row(sheet, number, columns, file, errors)
        if row is None:
            continue
        if not row.values.get("一级事项"):
            if level1:  # an unmerged continuation (CSV): the 一级事项 of the row above
                row.values["一级事项"] = level1
            else:
                errors.note(file, f"一级事项为空，已填写“{PLACEHOLDER}”", "填写一级事项。", sheet=sheet.name, row=number,
                            column=next(c.index for c in columns if c.key == "一级事项"), header="一级事项")
                row.values["一级事项"] = PLACEHOLDER
        level1 = row.values["一级事项"]
        # The same row twice (every cell but 编号): a copy left in. The same item at another level (乡级 and
        # 县级 rows with their own 公开主体) is not a duplicate. Keyed, not compared pairwise: a long sheet
        # stays linear.
        key = repr(sorted((k, v) for k, v in row.values.items() if k != "编号"))
        if key in seen:
            errors.add(file, f"事项重复：与第{seen[key].number}行完全相同", "删去重复的一行，或改正其中一行。",
                       sheet=sheet.name, row=number)
            continue
        seen[key] = row
        rows.append(row)
    if not rows:
        errors.note(file, "工作表中没有事项行，未导入", "", sheet=sheet.name)
        return None
    given = data.pop(DOMAIN_ID, None)
    domain_id = given or slug(name)
    data.setdefault("排序", order)
    if names := _tier_names(columns):
        data[catalog_model.TIER_NAMES] = names
    data["来源"] = sources or [{"编号": DEFAULT_SOURCE, "名称": title or f"{name}领域基层政务公开标准目录"}]
    first_columns: dict[str, int] = {}
    for col in columns:
        if col.key:
            first_columns.setdefault(col.key, col.index)
    return ImportedDomain(sheet.name, domain_id, data, rows, named=bool(given), columns=first_columns)


def _tier_names(columns: list[Column]) -> dict[str, str]:
    """The sheet's own names of the 公开层级 (区级, 镇街级 …): a tick column standing for one level whose header
    is not the product's name. The site shows the level by it (``Domain.tier_names``)."""
    names: dict[str, str] = {}
    for col in columns:
        if col.key != "公开层级" or len(col.options) != 1:
            continue
        label = _norm(col.header.rpartition("·")[2])
        if label and label != col.options[0]:
            names.setdefault(col.options[0], label)
    return names


def _read_note(text: str, data: dict, sources: list, file: str, sheet: str, row: int, errors: SheetErrors) -> None:
    """A note row: 领域编号：…, 排序：…, 标准指引：…, 角色：…, 来源：编号｜名称｜网址｜说明 (as export writes them)."""
    match = re.match(r"^([^:：]{1,10})[:：](.*)$", text, re.S)
    key, value = (match[1].strip(), match[2].strip()) if match else ("", "")
    if key == DOMAIN_ID and schema.SLUG.match(value):
        data[DOMAIN_ID] = value
    elif key == "来源" and value:
        parts = [p.strip() for p in value.split("｜")]
        sources.append({f.key: p for f, p in zip(SOURCE_FIELDS, parts) if p})
    elif key in DOMAIN_FIELDS and value:
        try:
            data[key] = DOMAIN_FIELDS[key].kind.from_cell(value, key)
        except kinds.CellProblem:
            data[key] = value  # the loader says what is wrong with it, naming the sheet and row
    elif text != LEGEND:
        errors.note(file, f"说明行未导入：“{text[:60]}”", "需要保留的说明请写入相应事项的“备注”。", sheet=sheet, row=row)


def _read_row(sheet: Sheet, number: int, columns: list[Column], file: str, errors: SheetErrors) -> Row | None:
    row = Row(number)
    ticks: dict[str, list[tuple[str, Column]]] = {}
    for col in columns:
        text = sheet.cell(number, col.index)
        where = dict(sheet=sheet.name, row=number, column=col.index, header=col.header)
        if col.unmapped:
            if text:
                errors.note(file, f"“{col.header}”列不在标准目录中，未导入：“{text[:40]}”", "需要保留请写入“备注”。", **where)
            continue
        if not col.key or not text:
            if col.options:
                ticks.setdefault(col.key, [])
            continue
        f = ITEM_FIELDS[col.key]
        if col.options:  # a tick column
            mark = text.strip()
            if mark in TICKS:
                ticks.setdefault(col.key, []).extend((o, col) for o in col.options)
            elif mark in UNTICKS:
                ticks.setdefault(col.key, [])
            else:
                errors.add(file, f"无法识别的勾选标记“{mark[:20]}”", "勾选写 √（或 ✓ ■ ●），不选留空。", **where)
            continue
        value = _cell_value(f, text, file, where, errors)
        if value is not None:
            row.values[f.key] = value
    for key, chosen in ticks.items():
        f = ITEM_FIELDS[key]
        options = list(dict.fromkeys(o for o, _ in chosen))
        if not isinstance(f.kind, kinds.Choices) and len(options) > 1:
            first = chosen[0][1]
            errors.add(file, f"“{key}”勾选了多项（{'、'.join(options)}），只能选一项", f"{key}只保留一个 √。",
                       sheet=sheet.name, row=number, column=first.index, header=key)
        elif options:
            row.values[key] = [c for c in f.kind.choices if c in options] if isinstance(f.kind, kinds.Choices) \
                else options[0]
    _fill_required(row, columns, sheet, file, errors)
    return row


def _cell_value(f: schema.Field, text: str, file: str, where: dict, errors: SheetErrors):
    """A cell's text as the YAML value of field ``f`` (as its kind reads a cell); None (and an error or a note)
    when it does not map."""
    try:
        if _ticked(f):  # a tick group printed in one column: the cell names the option, as a tick header would
            options = f.kind.named(text, f.key, OPTION_ALIASES.get(f.key))
            return list(options) if isinstance(f.kind, kinds.Choices) else options[0]
        return f.kind.from_cell(text, f.key, BOX_ALIASES.get(f.key),
                                lambda problem, fix: errors.note(file, problem, fix, **where))
    except kinds.CellProblem as problem:
        fix = problem.fix
        if f.key == "编号":  # an empty one is made from the domain's id (parse)
            fix = fix.removesuffix("。") + "；也可留空自动生成。"
        errors.add(file, problem.problem, fix, **where)
        return None


def _fill_required(row: Row, columns: list[Column], sheet: Sheet, file: str, errors: SheetErrors) -> None:
    """A required element left empty: a placeholder or the first choice, reported for review."""
    for f in ITEM_FIELDS.values():
        if not f.required or f.key in row.values or f.key in ("编号", "一级事项", "时限规则", "来源"):
            continue
        column = next((c for c in columns if c.key == f.key), None)
        where = dict(sheet=sheet.name, row=row.number, column=column.index if column else None,
                     header=f.key if column else "")
        value = f.kind.stand_in(PLACEHOLDER)
        shown = value if isinstance(value, str) else "、".join(value)
        problem = f"“{f.key}”为空" if column else f"表格没有“{f.key}”列"
        errors.note(file, f"{problem}，已填写“{shown}”，请核对", f"在表格中填写{f.key}后重新导入，或导入后修改 YAML。", **where)
        row.values[f.key] = value


# --- import ------------------------------------------------------------------------------------------

@dataclass
class Imported:
    files: dict[str, str]  # file name → YAML text
    errors: SheetErrors
    items: int
    domains: list[ImportedDomain] = field(default_factory=list)  # as read (the revision adds 曾用编号 and dumps again)
    mapping: list[catalog_revision.Mapping] = field(default_factory=list)  # the 目录调整 sheet
    revision: catalog_revision.Plan | None = None  # what the import changes in a catalog that had items


def parse(path: Path, catalog_dir: Path | None = None, label: str | None = None) -> Imported:
    """The catalog files a spreadsheet makes, validated as the build loads them (with the other files of
    ``catalog_dir``: _topics.yml, other domains); nothing is written here."""
    label = label or path.name
    errors = SheetErrors()
    sheets = spreadsheet.read(path, errors, label)
    mapping = [m for sheet in sheets if catalog_revision.is_mapping_sheet(sheet)
               for m in catalog_revision.read_mapping(sheet, label, errors)]
    sheets = [sheet for sheet in sheets if not catalog_revision.is_mapping_sheet(sheet)]
    domains = []
    for order, sheet in enumerate(sheets, 1):
        domain = read_sheet(sheet, label, order * 10, errors)
        if domain is not None:
            domains.append(domain)
    if not errors and not domains and sheets:
        errors.add(label, "没有可导入的工作表", "每个领域一个工作表，含标准目录的两行表头（序号、公开事项、公开内容……）。")
    existing = _existing_domains(catalog_dir)
    for domain in domains:  # a domain already in the catalog keeps its file (and id): import replaces it
        if not domain.named and domain.data["领域"] in existing:
            domain.id = existing[domain.data["领域"]]
    where: dict[str, tuple[str, int, dict]] = {}
    files: dict[str, str] = {}
    seen_domains: dict[str, str] = {}
    for domain in domains:
        if domain.id in seen_domains:
            errors.add(label, f"领域编号“{domain.id}”与工作表“{seen_domains[domain.id]}”重复",
                       f"在其中一个工作表的表格下加一行“{DOMAIN_ID}：另一个编号”（小写英文字母、数字和连字符）。",
                       sheet=domain.sheet)
            continue
        seen_domains[domain.id] = domain.sheet
        for position, row in enumerate(domain.rows, 1):
            given = row.values.get("编号")
            row.values["编号"] = given or f"{domain.id}-{position:02d}"
            item_id = row.values["编号"]
            if item_id in where:
                sheet, number, _ = where[item_id]
                errors.add(label, f"事项编号“{item_id}”重复（工作表“{sheet}”第{number}行已用）",
                           "每个事项的编号全目录唯一：改一个编号，或删去重复的一行。", sheet=domain.sheet,
                           row=row.number, column=domain.columns.get("编号"), header="编号")
                continue
            where[item_id] = (domain.sheet, row.number, domain.columns)
            if "时限规则" not in row.values:
                rule = time_rule(row.values.get("公开时限", ""))
                if rule is None:
                    rule = {"类型": "工作日", "天数": 20}  # 条例 第二十六条: 20 working days
                if rule is None or row.values.get("公开时限") != PLACEHOLDER and not time_rule(row.values["公开时限"]):
                    errors.note(label, f"公开时限“{row.values.get('公开时限', '')[:40]}”不是常见写法，时限规则暂按条例"
                                "第二十六条的20个工作日，请核对", "导入后在 YAML 中改“时限规则”，或在表格中加“时限规则”列。",
                                sheet=domain.sheet, row=row.number, header="公开时限")
                row.values["时限规则"] = rule
            row.values.setdefault("来源", domain.data["来源"][0].get("编号", DEFAULT_SOURCE))
        files[f"{domain.id}.yml"] = dump_domain(domain.data, [r.values for r in domain.rows])
    items = sum(len(d.rows) for d in domains)
    if errors:
        return Imported({}, errors, 0)
    _validate(files, catalog_dir, label, where, errors)
    return Imported({} if errors else files, errors, items, domains, mapping)


def _existing_domains(catalog_dir: Path | None) -> dict[str, str]:
    """领域 name → file id of the domain files already in ``catalog_dir``."""
    out: dict[str, str] = {}
    for path in sorted(catalog_dir.glob("*.yml")) if catalog_dir is not None and catalog_dir.is_dir() else []:
        if path.name.startswith("_"):
            continue
        match = re.search(r"^领域:\s*(.+?)\s*$", path.read_text(encoding="utf-8", errors="replace"), re.M)
        if match:
            out.setdefault(match[1].strip("'\""), path.stem)
    return out


def _validate(files: dict[str, str], catalog_dir: Path | None, label: str, where: dict, errors: SheetErrors) -> None:
    """Load the would-be catalog as the build does; its errors name the sheet and row of the item."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "catalog"
        if catalog_dir is not None and catalog_dir.is_dir():
            shutil.copytree(catalog_dir, folder)
        folder.mkdir(exist_ok=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        if not (folder / catalog_model.TOPICS_FILE).exists():
            (folder / catalog_model.TOPICS_FILE).write_text("综合政务: []\n", encoding="utf-8")
        collected = ErrorCollector()
        catalog_model.load(folder, Path(scratch), collected)
        for e in collected.errors:
            sheet, row, columns = where.get(e.item, ("", None, {}))
            column = columns.get(e.field.split(".")[0])
            errors.add(label, e.problem if column else f"{e.file}{'，字段“' + e.field + '”' if e.field else ''}：{e.problem}",
                       e.fix, sheet=sheet, row=row, column=column, header=e.field if column else "")


def write(imported: Imported, catalog_dir: Path) -> list[Path]:
    """Rename the imported files into ``catalog_dir`` (each file whole: written beside it, then renamed)."""
    catalog_dir.mkdir(parents=True, exist_ok=True)
    staged = []
    for name, text in imported.files.items():
        tmp = catalog_dir / f".{name}.importing"
        tmp.write_text(text, encoding="utf-8")
        staged.append((tmp, catalog_dir / name))
    for tmp, final in staged:
        tmp.replace(final)
    return [final for _, final in staged]


def _item_name(values: dict) -> str:
    return values.get("三级事项") or values.get("二级事项") or values.get("一级事项") or ""


def revise(imported: Imported, catalog_dir: Path, content_dir: Path, today: datetime.date, label: str,
           root: Path | None = None) -> None:
    """A revised catalog into a county that has one (``catalog_revision``): the 目录调整 mapping checked, the old
    ids written into the new items' 曾用编号, the revision recorded (``_revisions.yml``), and the catalog as it
    will be loaded with the county's documents; every document or column URL it would lose is an error (then
    ``imported.files`` is emptied: nothing is written)."""
    errors = imported.errors
    root = root or catalog_dir.parent  # the project folder (mkdocs.yml): file names in messages are relative to it
    old_catalog = catalog_model.load(catalog_dir, root, ErrorCollector()) if catalog_dir.is_dir() else None
    if old_catalog is None or not old_catalog.items:
        if imported.mapping:
            errors.add(label, f"现有标准目录为空，“{catalog_revision.SHEET}”工作表无从对照", "首次导入时删去这个工作表。")
            imported.files = {}
        return
    old_errors = ErrorCollector()
    try:
        old_site = site_model.load(root, content_dir, catalog_dir, old_errors) if content_dir.is_dir() else None
    except PluginError:  # a catalog that does not load at all: its errors are the old site's
        old_site = None
    if old_errors:
        errors.note(label, "现有网站内容有填写错误，未能逐个核对文件和栏目网址", "先用 make check 改正现有内容，再导入一次核对。")
        old_site = None
    replaced = {d.id for d in imported.domains}
    new_items = {i.id: i.name for d in old_catalog.domains if d.id not in replaced for i in d.items}
    rows = {}
    for d in imported.domains:
        for r in d.rows:
            new_items[r.values["编号"]] = _item_name(r.values)
            rows[r.values["编号"]] = (d, r)
    given = {i: list(r.values.get("曾用编号") or []) for i, (_, r) in rows.items() if r.values.get("曾用编号")}
    p = catalog_revision.plan(old_catalog, new_items, given, imported.mapping, label, errors)
    imported.revision = p
    for new_id, old_ids in p.former.items():
        if new_id not in rows and set(old_ids) <= set(getattr(old_catalog.items.get(new_id), "former_ids", ())):
            continue  # an item of a domain not imported, keeping the 曾用编号 its file has
        if new_id not in rows:
            m = next((m for m, _ in p.moved if m.new == new_id and m.row), None)
            errors.add(label, f"新编号“{new_id}”所在的领域不在本次导入的表格中，无法写入它的“曾用编号”",
                       "把该领域的工作表一起导入，或在该领域的 catalog 文件中给这个事项加上“曾用编号”后删去这一行。",
                       **(dict(sheet=m.sheet, row=m.row) if m else {}))
            continue
        values = rows[new_id][1].values
        values["曾用编号"] = list(dict.fromkeys([*(values.get("曾用编号") or []), *old_ids]))
    if errors:
        imported.files = {}
        return
    files = {f"{d.id}.yml": dump_domain(d.data, [r.values for r in d.rows]) for d in imported.domains}
    if p.changed:
        record = catalog_dir / catalog_model.REVISIONS_FILE
        files[catalog_model.REVISIONS_FILE] = catalog_revision.record(
            p, old_site, today, record.read_text(encoding="utf-8") if record.is_file() else None,
            published.read(root) or [])
    if old_site is not None:
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch) / "catalog"
            shutil.copytree(catalog_dir, folder)
            for name, text in files.items():
                (folder / name).write_text(text, encoding="utf-8")
            new_errors = ErrorCollector()
            try:
                new_site = site_model.load(root, content_dir, folder, new_errors)
            except PluginError:
                new_site = None
            if new_site is not None:
                catalog_revision.compare(old_site, new_site, imported.mapping, p, label, errors)
            if not errors:
                for e in new_errors.errors:  # anything else the revised catalog breaks, as the build would say it
                    errors.add(label, f"{e.file}{'，字段“' + e.field + '”' if e.field else ''}：{e.problem}", e.fix)
    imported.files = {} if errors else files


# --- YAML out ----------------------------------------------------------------------------------------

LINE_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")  # what YAML reads as the end of a line


def scalar(value) -> str:
    """``value`` in YAML flow style, on one line: a text with a line break is double-quoted with the break
    escaped (PyYAML would fold it over lines that, pasted after a key at another indentation, no longer parse)."""
    style = '"' if isinstance(value, str) and any(c in value for c in LINE_BREAKS) else None
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, default_style=style, width=10**9,
                          sort_keys=False).strip().removesuffix("...").strip()


def entry(key: str, value, indent: str = "") -> list[str]:
    """One YAML mapping entry (a multi-line text as a literal block), as the editors' files are written."""
    if isinstance(value, list) and ITEM_FIELDS.get(key):
        value = ITEM_FIELDS[key].kind.to_yaml(value)  # 公开依据: one text reads better than a list of one
    if isinstance(value, str) and "\n" in value:
        return [f"{indent}{key}: |-"] + [f"{indent}  {line}" if line else "" for line in value.split("\n")]
    return [f"{indent}{key}: {scalar(value)}"]


def dump_domain(data: dict, rows: list[dict]) -> str:
    """One domain file in the declared key order (the order of ``Domain`` and ``Item``)."""
    lines = ["# 由 make import-catalog 从标准目录表格导入；请核对后提交（可直接修改本文件，或改表格后重新导入）。",
             f"领域: {scalar(data['领域'])}"]
    for key in DOMAIN_FIELDS:
        if key == "来源" or key not in data:
            continue
        lines += entry(key, data[key], "")
    lines.append("来源:")
    for source in data["来源"]:
        entries = [e for f in SOURCE_FIELDS if f.key in source for e in entry(f.key, source[f.key], "    ")]
        lines += ["  - " + entries[0].lstrip()] + entries[1:]
    lines.append("事项:")
    for row in rows:
        entries = [e for key in ITEM_FIELDS if key in row for e in entry(key, row[key], "    ")]
        lines += ["  - " + entries[0].lstrip()] + entries[1:]
    return "\n".join(lines) + "\n"


# --- export ------------------------------------------------------------------------------------------

def _export_columns() -> list[tuple[str, str, tuple[str, ...]]]:
    """(group header, declared key, tick choices) in the printed order: 序号, 公开事项, the elements
    (公开要素) in declaration order, then every other declared field."""
    out = [("", SEQ, ())] + [(LEVEL_GROUP, k, ()) for k in LEVELS if k in ITEM_FIELDS]
    elements = [f for f in ITEM_FIELDS.values() if f.element is not None]
    rest = [f for f in ITEM_FIELDS.values() if f.element is None and f.key not in LEVELS]
    for f in elements + rest:
        if _ticked(f):
            out += [(f.key, f.key, (choice,)) for choice in f.kind.choices]
        else:
            out.append(("", f.key, ()))
    return out


def _export_value(item: Item, key: str, option: tuple[str, ...]) -> str:
    f = ITEM_FIELDS[key]
    value = getattr(item, f.attr)
    if option:
        chosen = value if isinstance(value, tuple) else (value,)
        return "√" if option[0] in chosen else ""
    if value is None or value == () or value == "":
        return ""
    declared = f.default if key != "网上公开" else any(c in catalog_model.WEB_CHANNELS for c in item.channels)
    if value == declared:  # an optional value left as the declaration has it: not printed
        return ""
    return f.kind.to_cell(value)


def export(catalog: Catalog, path: Path) -> int:
    """The catalog as one workbook, one sheet per domain in the shape counties publish; returns the rows."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    columns = _export_columns()
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    rows = 0
    used: set[str] = set()
    for domain in catalog.domains:
        ws = book.create_sheet(_sheet_name(domain.name, used))
        width = len(columns)
        ws.cell(1, 1, f"{domain.name}领域基层政务公开标准目录").font = Font(bold=True, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        c = 1
        while c <= width:  # the two-row header: groups merged across, single headers merged down
            group, key, option = columns[c - 1]
            span = 1
            while c + span <= width and group and columns[c + span - 1][0] == group:
                span += 1
            label = EXPORT_LABELS.get(key, key)
            if group:
                ws.cell(2, c, group)
                ws.merge_cells(start_row=2, start_column=c, end_row=2, end_column=c + span - 1)
                for offset in range(span):
                    g, k, o = columns[c + offset - 1]
                    names = (domain.tier_names or {}) if k == "公开层级" else {}
                    ws.cell(3, c + offset, names.get(o[0], o[0]) if o else k)
            else:
                ws.cell(2, c, label)
                ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
            c += span
        for r in (2, 3):
            for cc in range(1, width + 1):
                ws.cell(r, cc).font = Font(bold=True)
                ws.cell(r, cc).border = border
                ws.cell(r, cc).alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        r = 4
        groups: list[tuple[int, int]] = []  # rows sharing one 一级事项: merged, one 序号
        for item in domain.items:
            if groups and ws.cell(groups[-1][0], 2).value == item.level1:
                groups[-1] = (groups[-1][0], r)
            else:
                groups.append((r, r))
            for cc, (group, key, option) in enumerate(columns, 1):
                if key == SEQ:
                    value = len(groups)
                else:
                    value = _export_value(item, key, option)
                cell = ws.cell(r, cc, value if value != "" else None)
                cell.border = border
                cell.alignment = wrap
            r += 1
            rows += 1
        for start, end in groups:
            if end > start:
                for cc in (1, 2):
                    ws.merge_cells(start_row=start, start_column=cc, end_row=end, end_column=cc)
        r += 1
        notes = [LEGEND, f"{DOMAIN_ID}：{domain.id}"]
        for key, f in DOMAIN_FIELDS.items():
            value = getattr(domain, f.attr)
            if key == catalog_model.TIER_NAMES:  # the tick headers say them (区级, 镇街级)
                continue
            if key == "来源":
                notes += ["来源：" + "｜".join(str(getattr(s, g.attr) or "") for g in SOURCE_FIELDS).rstrip("｜")
                          for s in value]
            elif value is not None and value != f.default or key == "排序":
                notes.append(f"{key}：{value}")
        for text in notes:
            ws.cell(r, 1, text)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            r += 1
        for cc, (group, key, option) in enumerate(columns, 1):
            wide = key in ("公开内容", "公开依据", "公开渠道和载体")
            ws.column_dimensions[column_letter(cc)].width = 40 if wide else 6 if option or key == SEQ else 14
    for sheet in book.worksheets:  # openpyxl stores text beginning with = as a formula: catalog text stays text
        for line in sheet.iter_rows():
            for cell in line:
                if cell.data_type == "f":
                    cell.data_type = "s"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.exporting")
    book.save(tmp)
    tmp.replace(path)
    return rows


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "领域"
    out, n = base, 2
    while out in used:
        out = f"{base[:28]}{n}"
        n += 1
    used.add(out)
    return out


# --- command line ------------------------------------------------------------------------------------

def catalog_dir_of(config_file: Path) -> Path:
    if not config_file.exists():
        raise Refused(f"找不到配置文件 {config_file.name}：请在项目文件夹（含 mkdocs.yml）中运行。")
    config = read_settings(config_file)
    gov = ((config.get("extra") or {}).get("gov") or {})
    return config_file.resolve().parent / gov.get("catalog_dir", "catalog")


def content_dir_of(config_file: Path) -> Path:
    config = read_settings(config_file)
    return config_file.resolve().parent / config.get("docs_dir", "docs")


def import_file(path: Path, catalog_dir: Path, *, out=sys.stdout, dry_run: bool = False,
                content_dir: Path | None = None, today: datetime.date | None = None, root: Path | None = None) -> int:
    """Import ``path`` into ``catalog_dir``; with ``content_dir`` (the county's documents), as a revision of the
    catalog there (``revise``): nothing is written until every lost column is resolved."""
    imported = parse(path, catalog_dir)
    if not imported.errors and content_dir is not None:
        revise(imported, catalog_dir, content_dir, today or datetime.date.today(), path.name, root)
    if imported.errors:
        print(imported.errors.report(), file=out)
        if imported.errors.notes:
            print(imported.errors.review(), file=out)
        return 1
    if not dry_run:
        written = write(imported, catalog_dir)
        for p in written:
            print(f"已写入 {p.name}", file=out)
    if imported.revision is not None and imported.revision.changed:
        print(catalog_revision.summary(imported.revision), file=out)
    domains = sum(name != catalog_model.REVISIONS_FILE for name in imported.files)
    print(f"{'检查通过，将导入' if dry_run else '共导入'} {domains} 个领域、{imported.items} 个事项。", file=out)
    print(imported.errors.review(), file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = arguments.ArgumentParser(prog="make import-catalog / export-catalog",
                                      description="标准目录表格（.xlsx/.csv）与 catalog/*.yml 之间的导入和导出。")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="FILE", help="配置文件（默认 mkdocs.yml）")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", prog="make import-catalog", help="从表格导入")
    imp.add_argument("file", variable="FILE", type=arguments.file_path, help="标准目录表格（.xlsx 或 .csv）")
    imp.add_argument("--dry-run", variable="DRY_RUN", action="store_true", help="只检查和报告，不写入")
    exp = sub.add_parser("export", prog="make export-catalog", help="导出为一个 .xlsx")
    exp.add_argument("--out", variable="OUT", type=arguments.file_path, default=Path("catalog.xlsx"),
                     help="输出文件（默认 catalog.xlsx）")
    args = parser.parse_args(argv)
    try:
        catalog_dir = catalog_dir_of(Path(args.config_file))
    except Refused as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.command == "import":
        return import_file(args.file, catalog_dir, dry_run=args.dry_run, content_dir=content_dir_of(Path(args.config_file)),
                           root=Path(args.config_file).resolve().parent)
    errors = ErrorCollector()
    catalog = catalog_model.load(catalog_dir, catalog_dir.parent, errors)
    if errors:
        print(errors.report().replace("网站未生成", "未导出"), file=sys.stderr)
        return 1
    rows = export(catalog, args.out)
    print(f"已导出 {len(catalog.domains)} 个领域、{rows} 个事项到 {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
