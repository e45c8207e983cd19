"""Field kinds (字段类型), one class each, and the declaration of a field (``field(...)``).

A record's field is declared with its Chinese key, its kind and what it is (``field("发文字号",
Text(max_length=200), "发文字号")``). The kind is an object that owns everything the product does with a
value of that kind, as each option class of MkDocs' ``config/config_options.py`` owns its validation:

- ``parse``: the value an editor wrote in YAML, checked, with the Chinese problem when it is wrong (``fix``:
  what to write instead; ``parse.schema`` adds the file, the field and the line);
- ``to_yaml``: the value as the tools write it back into an editor's file;
- ``to_data``: the value in the open data (JSON types; the CSV joins lists);
- ``to_cell``/``from_cell``: the value in one spreadsheet cell (``make export-catalog``/``import-catalog``,
  ``make import-orgs``), ``CellProblem`` when a cell cannot be read;
- ``widget``: the field in the form editor (a Decap CMS widget);
- ``example``/``explain``: what ``make new`` writes in a new document's commented-out lines.

Consumers ask the kind; none compares kind names. A new kind is one class here; a new value of a closed
vocabulary is one member of its enum (``Choice(UpdateCycle)``), whose members the values parse to.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import functools
import re
from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Mapping

from . import text as characters
from .errors import ErrorCollector

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SLUG_LIMIT = 100  # characters of an id (编号): it is a URL segment
DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
MDDAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")
TEXT_LIMIT = 20_000  # characters in one value: a title, a name, one catalog element
LONG_TEXT = 1000  # form editor: a text that may be longer than this is a text area
DATE_FORMAT = "YYYY-MM-DD"  # form editor: how the date picker writes a date (as editors do)

# Spreadsheet cells: how a county marks yes and no (also a tick column's tick), and a checkbox list.
CELL_YES = frozenset("√✓✔■●☑") | {"是", "有", "Y", "y", "√√"}
CELL_NO = frozenset("□☐○×✗") | {"否", "无", "N", "n", "-", "—", "／", "/"}
CHECKED, UNCHECKED = "■", "□"
CHECKBOX = re.compile(r"([■□☑☐√✓✔●○])\s*([^■□☑☐√✓✔●○]+)")
_BOX_TICKS = "■☑√✓✔●"  # the checkbox marks that mean chosen
_WORDS = re.compile(r"[、，,；;\s]+")  # between the words of a cell (负责领域: fupin、jiaoyu)
_BOX_WORDS = re.compile(r"[、，,；;\n]+|\s+")  # between the choices of a checkbox cell written without boxes


def spelling(text: str) -> str:
    """A cell's text as it is compared with a choice: without spaces, with full-width brackets."""
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


class CellProblem(Exception):
    """A spreadsheet cell a kind cannot read: the problem and its fix (Chinese); the caller names the cell."""

    def __init__(self, problem: str, fix: str):
        super().__init__(problem)
        self.problem, self.fix = problem, fix


@dataclass(frozen=True)
class Where:
    """Where a value is read, for the errors of a nested record: ``read`` is ``schema.record``."""

    errors: ErrorCollector
    file: str
    item: str
    name: str  # the field's full key, e.g. 撤销 (its fields: 撤销.撤销日期)
    read: Callable[..., Any]


# --- the kinds -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """What every kind can do; a kind that has no form somewhere (a spreadsheet cell of a list of records)
    says so by raising ``TypeError`` there."""

    name: ClassVar[str] = ""  # the kind in words: the 类型 column of the settings table (docs/admin-guide.md)
    hint: ClassVar[str] = ""  # a value of the kind, for the fix of a wrong one: 应填写{hint}。
    choices: ClassVar[tuple[str, ...]] = ()  # closed vocabularies: the values allowed
    record: ClassVar[type | None] = None  # nested kinds: the record type of the value (or of each element)

    @property
    def limit(self) -> int:
        """The longest text a value may hold (the fix of a value that is too long)."""
        return TEXT_LIMIT

    def parse(self, value, where: Where | None) -> tuple[Any, str | None]:
        """(the value as the program holds it, None) or (None, the problem in Chinese); ``where`` is given to
        the kinds of nested records."""
        raise NotImplementedError

    def fix(self) -> str:
        """The fix of a wrong value (not of one too long, nor of invisible characters: ``schema`` says those)."""
        return f"应填写{self.hint}。"

    def normal(self, value):
        """A declared default as parsed values are (a vocabulary's member)."""
        return value

    def to_yaml(self, value):
        return value

    def to_data(self, value):
        return value

    def to_cell(self, value) -> str:
        return str(value)

    def from_cell(self, text: str, key: str, aliases: Mapping[str, tuple[str, ...]] | None = None,
                  note: Callable[[str, str], None] | None = None):
        """The YAML value a cell's text stands for (``aliases``: spreadsheet spellings of choices; ``note``:
        reports a part of the cell left out, for review)."""
        return text

    def widget(self, f: Field, out: dict, sub: Callable[..., dict]) -> dict:
        """``out`` (name, label, required, hint) as the Decap widget of ``f``; ``sub(field, nested=…)`` makes
        the widget of a nested field."""
        return out | {"widget": "text"}

    def example(self, f: Field) -> str:
        """A value shown in ``make new``'s commented-out line ({org}, {year}, {today} are filled in)."""
        return "…"

    def explain(self) -> str:
        """Added to the field's description in ``make new``'s comment."""
        return ""

    def stand_in(self, text: str):
        """A value that lets a row load when a required cell is empty (reported for review)."""
        return text


@dataclass(frozen=True)
class Text(Kind):
    max_length: int = 0  # the longest accepted value (0: the general limit)

    name: ClassVar[str] = "文字"
    hint: ClassVar[str] = "一段文字"

    @property
    def limit(self) -> int:
        return self.max_length or TEXT_LIMIT

    def parse(self, value, where):
        return _text(value, self.limit)

    def widget(self, f, out, sub):
        long = self.max_length == 0 or self.max_length > LONG_TEXT
        return out | {"widget": "text" if long else "string"}


@dataclass(frozen=True)
class Texts(Text):
    """A text or a list of texts (公开依据, 解读): held as a tuple."""

    name: ClassVar[str] = "文字或文字列表"
    hint: ClassVar[str] = "一段文字或文字列表"

    def parse(self, value, where):
        out = []
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, (dict, list)) or v is None:
                return None, "应为一段文字或文字列表"
            text, problem = _text(v, self.limit)
            if problem:
                return None, problem
            out.append(text)
        return tuple(out), None

    def to_yaml(self, value):
        return value[0] if isinstance(value, (list, tuple)) and len(value) == 1 else value  # one reads better

    def to_data(self, value):
        return list(value)

    def to_cell(self, value) -> str:
        return ("\n\n" if any("\n" in v for v in value) else "\n").join(value)

    def from_cell(self, text, key, aliases=None, note=None):
        """One text per line; texts that hold line breaks are separated by a blank line."""
        parts = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
        return [part.strip() for part in parts if part.strip()]

    def widget(self, f, out, sub):
        return out | {"widget": "list", "hint": f"{out['hint']}；多个用英文逗号分隔"}


@dataclass(frozen=True)
class Words(Texts):
    """A list of names without spaces (负责领域, 编辑): in a cell, separated by 、，, ; or spaces."""

    def to_cell(self, value) -> str:
        return "、".join(value)

    def from_cell(self, text, key, aliases=None, note=None):
        return [word for word in _WORDS.split(text) if word]


@dataclass(frozen=True)
class Slug(Kind):
    """An id (编号): lowercase ASCII letters, digits and hyphens, used in URLs."""

    name: ClassVar[str] = "编号"
    hint: ClassVar[str] = "编号（小写英文字母、数字和连字符，如 fupin-01）"

    def parse(self, value, where):
        if not isinstance(value, str) or len(value) > SLUG_LIMIT or not SLUG.match(value):
            return None, f"“{_short(value)}”不是有效编号"
        return value, None

    def from_cell(self, text, key, aliases=None, note=None):
        if not SLUG.match(text):
            raise CellProblem(f"“{text[:40]}”不是有效编号", "编号只能用小写英文字母、数字和连字符，如 fupin-01。")
        return text


@dataclass(frozen=True)
class Int(Kind):
    name: ClassVar[str] = "整数"
    hint: ClassVar[str] = "整数"

    def parse(self, value, where):
        if isinstance(value, bool) or not isinstance(value, int):
            return None, f"应为整数，实际是“{_short(value)}”"
        return value, None

    def from_cell(self, text, key, aliases=None, note=None):
        return int(text) if text.lstrip("-").isdigit() else text  # other text: the loader says what is wrong

    def widget(self, f, out, sub):
        return out | {"widget": "number", "value_type": "int"}


@dataclass(frozen=True)
class Count(Int):
    """A number of things (年报): 0, 1, 2 …"""

    name: ClassVar[str] = "非负整数"
    hint: ClassVar[str] = "非负整数（0、1、2……）"

    def parse(self, value, where):
        if not _is_count(value):
            return None, f"应为非负整数，实际是“{_short(value)}”"
        return value, None


@dataclass(frozen=True)
class Amount(Kind):
    """An amount (年报 收费金额, 万元): a non-negative number, decimals allowed."""

    name: ClassVar[str] = "非负数"
    hint: ClassVar[str] = "非负数（可有小数，如 1.25）"

    def parse(self, value, where):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value < 0 \
                or value == float("inf"):
            return None, f"应为非负数，实际是“{_short(value)}”"
        return value, None


@dataclass(frozen=True)
class Counts(Kind):
    """One table row (年报): a count per column, in the columns' order (e.g. 自然人 … 总计)."""

    columns: tuple[str, ...] = ()

    name: ClassVar[str] = "一行非负整数"
    hint: ClassVar[str] = "方括号中按表头顺序的非负整数，如 [0, 0, 0]"

    def __post_init__(self):
        assert self.columns, "a row of counts names its columns"

    def parse(self, value, where):
        if not isinstance(value, list) or len(value) != len(self.columns):
            got = f"{len(value)} 个数" if isinstance(value, list) else _describe(value)
            return None, f"应为 {len(self.columns)} 个数（{'、'.join(self.columns)}），实际是{got}"
        for label, cell in zip(self.columns, value):
            if not _is_count(cell):
                return None, f"“{label}”一栏应为非负整数，实际是“{_short(cell)}”"
        return tuple(value), None

    def fix(self) -> str:
        return (f"按表头顺序填写 {len(self.columns)} 个非负整数（{'、'.join(self.columns)}），"
                f"如 [{', '.join('0' * len(self.columns))}]。")

    def to_data(self, value):
        return list(value)


@dataclass(frozen=True)
class Bool(Kind):
    name: ClassVar[str] = "true 或 false"
    hint: ClassVar[str] = "true 或 false"

    def parse(self, value, where):
        if not isinstance(value, bool):
            return None, f"应为 true 或 false，实际是“{_short(value)}”"
        return value, None

    def to_cell(self, value) -> str:
        return "是" if value else "否"

    def from_cell(self, text, key, aliases=None, note=None):
        if text in CELL_YES or text.lower() == "true":
            return True
        if text in CELL_NO or text.lower() == "false":
            return False
        raise CellProblem(f"“{text[:20]}”不是“是”或“否”", "填写 是 或 否。")

    def widget(self, f, out, sub):
        return out | {"widget": "boolean"}


@dataclass(frozen=True)
class Date(Kind):
    name: ClassVar[str] = "日期"
    hint: ClassVar[str] = "日期，格式 YYYY-MM-DD（如 2024-03-05）"

    def parse(self, value, where):
        return parse_date(value)

    def to_data(self, value):
        return value.isoformat()

    def to_cell(self, value) -> str:
        return value.isoformat()

    def from_cell(self, text, key, aliases=None, note=None):
        day, problem = parse_date(text)
        if problem:
            raise CellProblem(problem, f"应填写{self.hint}。")
        return day.isoformat()

    def widget(self, f, out, sub):
        out = out | {"widget": "datetime", "format": DATE_FORMAT, "date_format": DATE_FORMAT, "time_format": False,
                "picker_utc": False}  # a date, not an instant: no "UTC" beside it (issue 22)
        return out | ({"default": "{{now}}"} if out["required"] else {})

    def explain(self) -> str:
        return f"，{DATE_FORMAT}"


@dataclass(frozen=True)
class MonthDay(Kind):
    """A day of every year (时限规则 截止), written "01-31": held as (month, day)."""

    name: ClassVar[str] = "月-日"
    hint: ClassVar[str] = "月-日，如 \"01-31\""

    def parse(self, value, where):
        match = MDDAY.match(str(value)) if isinstance(value, (str, int)) else None
        if not match:
            return None, f"“{_short(value)}”不是“月-日”格式"
        try:
            datetime.date(2024, int(match[1]), int(match[2]))  # a leap year: 02-29 exists
        except ValueError:
            return None, f"“{value}”不是存在的月日"
        return (int(match[1]), int(match[2])), None

    def to_data(self, value):
        return f"{value[0]:02d}-{value[1]:02d}"

    def to_cell(self, value) -> str:
        return self.to_data(value)


@dataclass(frozen=True)
class Choice(Kind):
    """One value of a closed vocabulary: a tuple of texts, or an enum whose members the values become
    (``Choice(UpdateCycle)``: the members carry what the vocabulary means)."""

    vocabulary: tuple[str, ...] | type[enum.Enum] = ()

    name: ClassVar[str] = "可选值"

    @functools.cached_property
    def choices(self) -> tuple[str, ...]:  # (of the instance, over the class's default)
        return tuple(str(v.value) if isinstance(v, enum.Enum) else v for v in self.vocabulary)

    def _member(self, value):
        return self.vocabulary(value) if isinstance(self.vocabulary, type) else value

    def parse(self, value, where):
        if isinstance(value, (dict, list)) or value not in self.choices:
            return None, f"“{_short(value)}”不是允许的值"
        return self._member(value), None

    def fix(self) -> str:
        return "可选值：" + "、".join(self.choices) + "。"

    def normal(self, value):
        return None if value is None else self._member(value)

    def to_data(self, value):
        return str(value)

    def named(self, text: str, key: str, aliases: Mapping[str, tuple[str, ...]] | None = None) -> tuple[str, ...]:
        """The choices a cell names: one choice, or a spreadsheet spelling (``aliases``) of one or more."""
        value = spelling(text)
        options = (value,) if value in self.choices else (aliases or {}).get(value)
        if not options:
            raise CellProblem(f"“{text[:40]}”不是“{key}”的可选值", self.fix())
        return options

    def from_cell(self, text, key, aliases=None, note=None):
        return self.named(text, key, aliases)[0]

    def widget(self, f, out, sub):
        return out | {"widget": "select", "options": list(self.choices)} | (
            {"default": str(f.default)} if f.default else {})

    def example(self, f):
        return str(f.default) if f.default else self.choices[0]

    def explain(self) -> str:
        return "：" + "、".join(self.choices)

    def stand_in(self, text: str):
        return self.choices[0]


@dataclass(frozen=True)
class Choices(Choice):
    """Several values of a closed vocabulary (公开渠道和载体): held as a tuple; a spreadsheet cell holds them
    as checkboxes, ``■政府网站 □政府公报 …``, or as a list, ``政府网站、政务服务中心``."""

    def parse(self, value, where):
        values = value if isinstance(value, list) else [value]
        bad = [_short(v) for v in values if isinstance(v, (dict, list)) or v not in self.choices]
        if bad:
            return None, "“" + "”“".join(bad) + "”不是允许的值"
        return tuple(self._member(v) for v in values), None

    def normal(self, value):
        return tuple(self._member(v) for v in value) if value else value

    def to_data(self, value):
        return [str(v) for v in value]

    def to_cell(self, value) -> str:
        return " ".join(f"{CHECKED if c in value else UNCHECKED}{c}" for c in self.choices)

    def from_cell(self, text, key, aliases=None, note=None):
        """The ticked choices, in the vocabulary's order (None when none); a ticked name that is not a choice
        is left out and ``note``d."""
        marked = CHECKBOX.findall(text)
        if marked:
            names = [(spelling(name), mark in _BOX_TICKS) for mark, name in marked]
        else:
            names = [(spelling(n), True) for n in _BOX_WORDS.split(text) if n.strip()]
        chosen = []
        for name, ticked in names:
            value = name if name in self.choices else next(iter((aliases or {}).get(name, ())), None)
            if value is None:
                if ticked and note is not None:
                    note(f"“{key}”中的“{name[:30]}”不在可选值中，未导入",
                         "可选值：" + "、".join(self.choices) + "；其他渠道可选“其他”并写入备注。")
                continue
            if ticked and value not in chosen:
                chosen.append(value)
        return [c for c in self.choices if c in chosen] or None

    def widget(self, f, out, sub):
        return out | {"widget": "select", "multiple": True, "options": list(self.choices)}

    def stand_in(self, text: str):
        return [self.choices[0]]


@dataclass(frozen=True)
class Record(Kind):
    """A nested record (时限规则, 撤销): its own declared fields under the key. Its spreadsheet cell, when it
    has one, is the record type's own (``to_cell``/``from_cell`` of the type, e.g. ``TimeRule``)."""

    of: type = object

    name: ClassVar[str] = "若干字段"
    hint: ClassVar[str] = "若干“字段: 值”"

    @property
    def record(self) -> type:
        return self.of

    def parse(self, value, where):
        return where.read(self.of, value, where.errors, where.file, item=where.item, prefix=where.name + "."), None

    def indent(self, position: int) -> str:
        """How the line of the record's ``position``th field (from 0) starts under the key in YAML."""
        return "  "

    def to_data(self, value):
        return {g.key: v for g in fields(self.of) if (v := g.data(getattr(value, g.attr))) is not None}

    def to_cell(self, value) -> str:
        return value.to_cell()

    def from_cell(self, text, key, aliases=None, note=None):
        return self.of.from_cell(text)

    def widget(self, f, out, sub):  # optional as a whole: its fields are required only once it is filled in
        nested = [sub(g, nested=True) for g in fields(self.of)]
        if not f.required:  # Decap writes a nested field's default even when the object is left untouched: a
            # default would give every document an incomplete record (意见征集: {草案类型: …}) that the build refuses
            nested = [{k: v for k, v in n.items() if k != "default"} for n in nested]
        needed = "、".join(g.key for g in fields(self.of) if g.required)
        return out | {"widget": "object", "collapsed": True, "fields": nested,
                      "hint": f"{f.doc}" + (f"；填写时{needed}必填" if needed and not f.required else "")}


@dataclass(frozen=True)
class ListOf(Record):
    """A list of records (附件, 来源): each element a record of ``of``; one that has a ``line`` attribute
    gets the line it starts on."""

    name: ClassVar[str] = "列表"
    hint: ClassVar[str] = "列表（每项以“- ”开头）"

    def parse(self, value, where):
        if not isinstance(value, list):
            return None, f"应为列表（每项以“- ”开头），实际是{_describe(value)}"
        has_line = any(f.name == "line" for f in dataclasses.fields(self.of))
        out = []
        for position, element in enumerate(value, 1):
            made = where.read(self.of, element, where.errors, where.file, item=where.item,
                              prefix=f"{where.name}[{position}].",
                              extra={"line": getattr(element, "line", None)} if has_line else None)
            if made is None:
                return None, None  # its errors are reported
            out.append(made)
        return tuple(out), None

    def indent(self, position: int) -> str:
        return "  - " if position == 0 else "    "

    def to_data(self, value):
        return [{g.key: g.data(getattr(v, g.attr)) for g in fields(self.of)} for v in value]

    def to_cell(self, value) -> str:
        raise TypeError("a list of records has no spreadsheet cell")

    def from_cell(self, text, key, aliases=None, note=None):
        raise TypeError("a list of records has no spreadsheet cell")

    def widget(self, f, out, sub):
        return out | {"widget": "list", "collapsed": False, "label_singular": f.key,  # each item open: its file shows
                      "fields": [sub(g) for g in fields(self.of)]}


@dataclass(frozen=True)
class Pairs(Kind):
    """Free names with a text each (extra.gov.links: 名称: 网址)."""

    max_length: int = 0

    name: ClassVar[str] = "名称: 值"
    hint: ClassVar[str] = "若干“名称: 值”"

    @property
    def limit(self) -> int:
        return self.max_length or TEXT_LIMIT

    def parse(self, value, where):
        if not isinstance(value, dict):
            return None, f"应为若干“名称: 值”，实际是{_describe(value)}"
        out = {}
        for key, text in value.items():
            if problem := characters.problem(str(key)):  # the names are shown too (e.g. a link's title)
                return None, f"名称“{_short(key)}”{problem}"
            converted, problem = _text(text, self.limit)
            if problem or isinstance(text, (dict, list)) or text is None:
                return None, f"“{_short(key)}”的值{problem or '应为一段文字'}"
            out[str(key)] = converted
        return out, None


@dataclass(frozen=True)
class Raw(Kind):
    """Validated by its owner (extra.gov.checks by ``checks.rules``, a domain's 事项 row by row): no open data,
    no spreadsheet cell, no form of its own."""

    name: ClassVar[str] = "若干字段"
    hint: ClassVar[str] = "若干“字段: 值”"

    def parse(self, value, where):
        return value, None


# --- the declaration of a field --------------------------------------------------------------------------


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
    key: str  # the Chinese key editors write; also the field's label wherever it is shown
    kind: Kind
    doc: str  # what it is (shown in error messages)
    required: bool = False
    default: Any = None
    element: Show | None = None  # shown as a catalog element (公开要素)
    attr: str = ""  # the attribute name: the dataclass field's name
    given_example: str | None = None  # make new: the example value, when the kind's is not apt

    @property
    def example(self) -> str:
        return self.kind.example(self) if self.given_example is None else self.given_example

    def data(self, value):
        """The value in the open data: None when empty."""
        return None if value is None or value == () else self.kind.to_data(value)


def field(key: str, kind: Kind, doc: str, *, required: bool = False, default: Any = None,
          element: Show | None = None, example: str | None = None):
    """A dataclass field declared with its Chinese key (use in ``@dataclass(kw_only=True)`` records)."""
    assert isinstance(kind, Kind), f"{key}: a field's kind is a parse.kinds class ({kind!r})"
    default = kind.normal(default)
    declared = Field(key, kind, doc, required, default, element, given_example=example)
    return dataclasses.field(default=default, metadata={"schema": declared})


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
def labels(cls: type) -> Mapping[str, str]:
    """attribute → the field's Chinese key (发文字号 …): the label pages, feeds, search and the form show."""
    return {f.attr: f.key for f in fields(cls)}


# --- shared by the kinds ----------------------------------------------------------------------------------


def _text(value, limit: int) -> tuple[str | None, str | None]:
    """Every text an editor writes (kinds Text, Texts, Pairs) passes here: control characters are refused
    (``parse.text``: the rule and why), whether written as such or as a YAML escape ("\\e", "\\v")."""
    if isinstance(value, (dict, list)):
        return None, f"应为一段文字，实际是{_describe(value)}"
    if isinstance(value, str) and len(value) > limit:  # before str(): never format a huge value
        return None, f"太长（{len(value)} 个字符，最多 {limit} 个）"
    value = str(value).strip()  # (a line break or other white space at either end is trimmed, as ever)
    problem = characters.problem(value)
    return (None, problem) if problem else (value, None)


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


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
