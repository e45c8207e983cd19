"""One declaration per schema: a record is a dataclass whose fields carry their Chinese key, kind,
description and default (``field(...)``); cross-field rules are declared beside them (``Rule``).
``record()`` turns an editor's mapping into a record by that declaration, and every Chinese error
message (unknown key, missing key, wrong kind, broken rule) is derived from it, in the manner of
MkDocs' ``config/defaults.py``.

To add a field to the catalog, organisations or front matter, declare it on the record's dataclass
(``model/catalog.py``, ``model/orgs.py``, ``model/documents.py``); a catalog field declared with
``element=Show(...)`` appears on the column and catalog pages too.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import functools
import re
from dataclasses import dataclass
from typing import Any, Callable

from . import text as characters
from .errors import ErrorCollector
from .yamlfile import LineDict

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# A year as the product writes it in a folder, a file name (年报/2025.yml) and a 索引号 (…/2025-00001):
# four digits, so 1000–9999 (str() of an earlier year has fewer digits, and 0999 is no way to write one).
YEAR_DIGITS = r"[1-9][0-9]{3}"  # ASCII digits (re's \d would take any script's)
MDDAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")
KINDS = ("text", "texts", "date", "bool", "int", "slug", "enum", "enums", "mdday", "mapping", "list", "pairs", "raw",
         "count", "counts", "amount")


@dataclass(frozen=True)
class Show:
    """How a field is shown as a catalog element (公开要素) on column and catalog pages."""

    join: str = "、"  # between the values of a list
    suffix: str = ""  # after the value, e.g. 主动 → 主动公开

    def text(self, value) -> str:
        if value is None or value == "" or value == ():
            return ""
        if isinstance(value, (tuple, list)):
            value = self.join.join(str(v) for v in value)
        return f"{value}{self.suffix}"


@dataclass(frozen=True)
class Field:
    key: str  # the Chinese key editors write
    kind: str  # one of KINDS
    doc: str  # what it is (shown in error messages)
    required: bool = False
    choices: tuple[str, ...] = ()
    of: type | None = None  # the record type of a mapping, or of each element of a list
    default: Any = None
    element: Show | None = None  # shown as a catalog element (公开要素)
    max_length: int = 0  # text kinds: longest accepted value (0: the general limit)
    attr: str = ""  # the attribute name: the dataclass field's name
    columns: tuple[str, ...] = ()  # counts: the table columns its values fill, in order (e.g. 自然人 … 总计)


@dataclass(frozen=True)
class Rule:
    """A cross-field rule of a record: ``test(record)`` returns the problem (Chinese) or None."""

    field: str  # the key the message names, e.g. 发布日期 or 天数 (of a nested record: 时限规则.天数)
    test: Callable[[Any], str | None]
    fix: str


TEXT_LIMIT = 20_000  # characters in one value: a title, a name, one catalog element


def field(key: str, kind: str, doc: str, *, required: bool = False, choices: tuple[str, ...] = (),
          of: type | None = None, default: Any = None, element: Show | None = None, max_length: int = 0,
          columns: tuple[str, ...] = ()):
    """A dataclass field declared with its Chinese key (use in ``@dataclass(kw_only=True)`` records)."""
    assert kind in KINDS, kind
    assert (kind == "counts") == bool(columns), key
    declared = Field(key, kind, doc, required, choices, of, default, element, max_length, columns=columns)
    return dataclasses.field(default=default, metadata={"schema": declared})


@functools.cache
@functools.cache  # a record type's declaration does not change while the program runs
def fields(cls: type) -> tuple[Field, ...]:
    """The declared fields of a record type, in declaration order."""
    out = []
    for f in dataclasses.fields(cls):
        declared = f.metadata.get("schema")
        if declared is not None:
            out.append(dataclasses.replace(declared, attr=f.name))
    return tuple(out)


@functools.cache
def elements(cls: type) -> tuple[Field, ...]:
    """The fields shown as catalog elements (公开要素), in declaration order."""
    return tuple(f for f in fields(cls) if f.element is not None)


@functools.cache
def keys(cls: type) -> tuple[str, ...]:
    return tuple(f.key for f in fields(cls))


_KIND_HINT = {
    "text": "一段文字",
    "texts": "一段文字或文字列表",
    "date": "日期，格式 YYYY-MM-DD（如 2024-03-05）",
    "bool": "true 或 false",
    "int": "整数",
    "slug": "编号（小写英文字母、数字和连字符，如 fupin-01）",
    "mdday": "月-日，如 \"01-31\"",
    "mapping": "若干“字段: 值”",
    "list": "列表（每项以“- ”开头）",
    "pairs": "若干“名称: 值”",
    "raw": "若干“字段: 值”",
    "count": "非负整数（0、1、2……）",
    "amount": "非负数（可有小数，如 1.25）",
    "counts": "方括号中按表头顺序的非负整数，如 [0, 0, 0]",
}


def record(cls: type, data, errors: ErrorCollector, file: str, *, item: str = "", prefix: str = "",
           extra: dict | None = None):
    """``data`` (an editor's mapping) as a ``cls`` record, or None when it is unusable.

    Unknown keys, missing required keys, values of the wrong kind and broken rules (``cls.RULES``)
    are all reported; optional missing keys get their declared default. ``extra`` gives the
    attributes that are not declared fields (e.g. the file a record comes from).
    """
    values = validate(data, cls, errors, file, item=item, prefix=prefix)
    if values is None:
        return None
    made = cls(**values, **(extra or {}))
    ok = True
    for rule in getattr(cls, "RULES", ()):
        problem = rule.test(made)
        if problem:
            errors.add(file, problem, rule.fix, field=prefix + rule.field, line=_rule_line(data, rule.field), item=item)
            ok = False
    return made if ok else None


def _rule_line(data, key: str) -> int | None:
    """The line of a rule's key; of a nested record's key (撤销.撤销日期), that key's own line."""
    head, _, rest = key.partition(".")
    nested = data.get(head) if isinstance(data, dict) else None
    if rest and isinstance(nested, LineDict) and rest in nested.lines:
        return nested.line_of(rest)
    return data.line_of(head) if isinstance(data, LineDict) else None


def validate(data, cls: type, errors: ErrorCollector, file: str, *, item: str = "",
             prefix: str = "") -> dict | None:
    """Check ``data`` against the declaration of ``cls``; return ``{attr: value}`` or None."""
    declared = fields(cls)
    if not isinstance(data, dict):
        errors.add(file, f"{'' if prefix else '内容'}应为若干“字段: 值”，实际是{_describe(data)}",
                   "按编辑指南中的格式填写。", field=prefix.rstrip("."), item=item)
        return None
    line_of = data.line_of if isinstance(data, LineDict) else (lambda key: None)
    known = {f.key: f for f in declared}
    result: dict = {}
    ok = True
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.3)
            fix = f"是否应为“{close[0]}”？" if close else ""
            fix += "可用字段：" + "、".join(known) + "。"
            errors.add(file, "不认识的字段", fix, field=prefix + characters.visible(str(key)), line=line_of(key), item=item)
            ok = False
    for f in declared:
        name = prefix + f.key
        if f.key not in data or data[f.key] is None or data[f.key] == "" or data[f.key] == [] or data[f.key] == {}:
            if f.required:
                errors.add(file, "缺少必填字段", f"请填写“{f.key}”：{f.doc}。", field=name,
                           line=line_of(f.key) if f.key in data else (getattr(data, "line", None) or None),
                           item=item)
                ok = False
            result[f.attr] = f.default
            continue
        value, problem = _convert(f, data[f.key], errors, file, item, name)
        if problem:
            fix = f"缩短到 {f.max_length or TEXT_LIMIT} 个字符以内。" if problem.startswith("太长") \
                else characters.FIX if characters.PROBLEM in problem else _fix_for(f)
            errors.add(file, problem, fix, field=name, line=line_of(f.key), item=item)
            ok = False
        elif value is None:  # nested errors already reported
            ok = False
        result[f.attr] = value
    return result if ok else None


def _text(value, limit: int) -> tuple[str | None, str | None]:
    """Every text an editor writes (kinds text, texts, pairs) passes here: control characters are refused
    (``parse.text``: the rule and why), whether written as such or as a YAML escape ("\\e", "\\v")."""
    if isinstance(value, (dict, list)):
        return None, f"应为一段文字，实际是{_describe(value)}"
    if isinstance(value, str) and len(value) > limit:  # before str(): never format a huge value
        return None, f"太长（{len(value)} 个字符，最多 {limit} 个）"
    value = str(value).strip()  # (a line break or other white space at either end is trimmed, as ever)
    problem = characters.problem(value)
    return (None, problem) if problem else (value, None)


def _convert(f: Field, value, errors, file, item, name):
    """Return (converted value, problem text or None)."""
    kind = f.kind
    limit = f.max_length or TEXT_LIMIT
    if kind == "text":
        return _text(value, limit)
    if kind == "texts":
        values = value if isinstance(value, list) else [value]
        out = []
        for v in values:
            if isinstance(v, (dict, list)) or v is None:
                return None, "应为一段文字或文字列表"
            text, problem = _text(v, limit)
            if problem:
                return None, problem
            out.append(text)
        return tuple(out), None
    if kind == "slug":
        if not isinstance(value, str) or len(value) > 100 or not SLUG.match(value):
            return None, f"“{_short(value)}”不是有效编号"
        return value, None
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return None, f"应为整数，实际是“{_short(value)}”"
        return value, None
    if kind == "count":
        if not _is_count(value):
            return None, f"应为非负整数，实际是“{_short(value)}”"
        return value, None
    if kind == "amount":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value < 0 \
                or value == float("inf"):
            return None, f"应为非负数，实际是“{_short(value)}”"
        return value, None
    if kind == "counts":  # one table row: a number per column
        if not isinstance(value, list) or len(value) != len(f.columns):
            got = f"{len(value)} 个数" if isinstance(value, list) else _describe(value)
            return None, f"应为 {len(f.columns)} 个数（{'、'.join(f.columns)}），实际是{got}"
        for label, cell in zip(f.columns, value):
            if not _is_count(cell):
                return None, f"“{label}”一栏应为非负整数，实际是“{_short(cell)}”"
        return tuple(value), None
    if kind == "bool":
        if not isinstance(value, bool):
            return None, f"应为 true 或 false，实际是“{_short(value)}”"
        return value, None
    if kind == "date":
        return parse_date(value)
    if kind == "mdday":
        match = MDDAY.match(str(value)) if isinstance(value, (str, int)) else None
        if not match:
            return None, f"“{_short(value)}”不是“月-日”格式"
        try:
            datetime.date(2024, int(match[1]), int(match[2]))
        except ValueError:
            return None, f"“{value}”不是存在的月日"
        return (int(match[1]), int(match[2])), None
    if kind == "enum":
        if isinstance(value, (dict, list)) or value not in f.choices:
            return None, f"“{_short(value)}”不是允许的值"
        return value, None
    if kind == "enums":
        values = value if isinstance(value, list) else [value]
        bad = [_short(v) for v in values if isinstance(v, (dict, list)) or v not in f.choices]
        if bad:
            return None, "“" + "”“".join(bad) + "”不是允许的值"
        return tuple(values), None
    if kind == "mapping":
        return record(f.of, value, errors, file, item=item, prefix=name + "."), None
    if kind == "raw":  # validated by its owner (e.g. extra.gov.checks by checks.rules, 事项 row by row)
        return value, None
    if kind == "pairs":  # free keys (e.g. link titles) → text values
        if not isinstance(value, dict):
            return None, f"应为若干“名称: 值”，实际是{_describe(value)}"
        out = {}
        for key, text in value.items():
            if problem := characters.problem(str(key)):  # the names are shown too (e.g. a link's title)
                return None, f"名称“{_short(key)}”{problem}"
            converted, problem = _text(text, limit)
            if problem or isinstance(text, (dict, list)) or text is None:
                return None, f"“{_short(key)}”的值{problem or '应为一段文字'}"
            out[str(key)] = converted
        return out, None
    if kind == "list":
        if not isinstance(value, list):
            return None, f"应为列表（每项以“- ”开头），实际是{_describe(value)}"
        out = []
        for position, element in enumerate(value, 1):
            made = record(f.of, element, errors, file, item=item, prefix=f"{name}[{position}].",
                          extra={"line": getattr(element, "line", None)} if _has_line(f.of) else None)
            if made is None:
                return None, None
            out.append(made)
        return tuple(out), None
    raise AssertionError(kind)


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _has_line(cls: type) -> bool:
    return any(f.name == "line" for f in dataclasses.fields(cls))


def parse_date(value) -> tuple[datetime.date | None, str | None]:
    if type(value) is datetime.date:  # mkdocs.yml is read by MkDocs' YAML loader, which makes dates
        return value, None
    if not isinstance(value, (str, int)) or len(str(value)) > 40:
        return None, f"“{_short(value)}”不是日期格式 YYYY-MM-DD"
    match = DATE.match(str(value).strip())
    if not match:
        return None, f"“{value}”不是日期格式 YYYY-MM-DD"
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3])), None
    except ValueError:
        return None, f"“{value}”不是存在的日期"


def parse_year(value: str) -> int | None:
    """A year written as ``YEAR_DIGITS`` (``make annual-report YEAR=…``, a 年报 file's name), else None."""
    return int(value) if re.fullmatch(YEAR_DIGITS, value.strip()) else None


def _fix_for(f: Field) -> str:
    if f.kind == "counts":
        return f"按表头顺序填写 {len(f.columns)} 个非负整数（{'、'.join(f.columns)}），如 [{', '.join('0' * len(f.columns))}]。"
    if f.choices:
        return "可选值：" + "、".join(f.choices) + "。"
    return f"应填写{_KIND_HINT[f.kind]}。"


def _short(value) -> str:
    """A value as shown in a message: never a huge one."""
    if isinstance(value, (dict, list)):
        return _describe(value)
    text = value if isinstance(value, str) else repr(value) if not isinstance(value, (int, float)) else str(value)
    return characters.visible(text if len(text) <= 60 else text[:60] + "…")


def _describe(value) -> str:
    if isinstance(value, dict):
        return "若干字段"
    if isinstance(value, list):
        return "列表"
    if value is None:
        return "空"
    return f"“{_short(value)}”"
