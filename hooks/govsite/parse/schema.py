"""One declaration per schema: a record is a dataclass whose fields carry their Chinese key, kind,
description and default (``field(...)``, with a kind of ``parse.kinds``); cross-field rules are declared
beside them (``Rule``). ``record()`` turns an editor's mapping into a record by that declaration, and every
Chinese error message (unknown key, missing key, wrong kind, broken rule) is derived from it, in the manner
of MkDocs' ``config/defaults.py``.

To add a field to the catalog, organisations or front matter, declare it on the record's dataclass
(``model/catalog.py``, ``model/orgs.py``, ``model/documents.py``); a catalog field declared with
``element=Show(...)`` appears on the column and catalog pages too.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from typing import Any, Callable

from . import text as characters
from .errors import ErrorCollector
# The declaration lives with the kinds (parse.kinds); schema is where records read by it import it from.
from .kinds import SLUG, TEXT_LIMIT, Field, Show, Where, field, fields, labels, parse_date  # noqa: F401
from .kinds import _describe
from .yamlfile import LineDict

# A year as the product writes it in a folder, a file name (年报/2025.yml) and a 索引号 (…/2025-00001):
# four digits, so 1000–9999 (str() of an earlier year has fewer digits, and 0999 is no way to write one).
YEAR_DIGITS = r"[1-9][0-9]{3}"  # ASCII digits (re's \d would take any script's)


@dataclass(frozen=True)
class Rule:
    """A cross-field rule of a record: ``test(record)`` returns the problem (Chinese) or None."""

    field: str  # the key the message names, e.g. 发布日期 or 天数 (of a nested record: 时限规则.天数)
    test: Callable[[Any], str | None]
    fix: str


@functools.cache
def elements(cls: type) -> tuple[Field, ...]:
    """The fields shown as catalog elements (公开要素), in declaration order."""
    return tuple(f for f in fields(cls) if f.element is not None)


@functools.cache
def keys(cls: type) -> tuple[str, ...]:
    return tuple(f.key for f in fields(cls))


def record(cls: type, data, errors: ErrorCollector, file: str, *, item: str = "", prefix: str = "",
           extra: dict | None = None, values: dict | None = None):
    """``data`` (an editor's mapping) as a ``cls`` record, or None when it is unusable.

    Unknown keys, missing required keys, values of the wrong kind and broken rules (``cls.RULES``)
    are all reported; optional missing keys get their declared default. ``extra`` gives the
    attributes that are not declared fields (e.g. the file a record comes from). ``values``: what
    ``validate`` gave for this ``data`` already (a cache of it), else it is called here.
    """
    if values is None:
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
        where = Where(errors, file, item, name, record) if f.kind.record is not None else None  # for nested errors
        value, problem = f.kind.parse(data[f.key], where)
        if problem:
            fix = f"缩短到 {f.kind.limit} 个字符以内。" if problem.startswith("太长") \
                else characters.FIX if characters.PROBLEM in problem else f.kind.fix()
            errors.add(file, problem, fix, field=name, line=line_of(f.key), item=item)
            ok = False
        elif value is None:  # nested errors already reported
            ok = False
        result[f.attr] = value
    return result if ok else None


def parse_year(value: str) -> int | None:
    """A year written as ``YEAR_DIGITS`` (``make annual-report YEAR=…``, a 年报 file's name), else None."""
    return int(value) if re.fullmatch(YEAR_DIGITS, value.strip()) else None
