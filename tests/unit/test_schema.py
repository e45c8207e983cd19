"""The schema machinery (parse.schema): a record is a dataclass whose fields carry their Chinese key;
``record()`` builds it from an editor's mapping and derives every Chinese error from the declaration."""

from __future__ import annotations

import dataclasses
import datetime

from govsite.parse import schema, yamlfile
from govsite.parse.errors import ErrorCollector
from govsite.parse.kinds import Choice, Date, Int, Record, Text
from govsite.parse.schema import Rule, Show


@dataclasses.dataclass(frozen=True, kw_only=True)
class Period:
    start: datetime.date = schema.field("开始", Date(), "开始日期", required=True)
    end: datetime.date = schema.field("结束", Date(), "结束日期", required=True)

    RULES = (Rule("结束", lambda p: f"结束 {p.end} 早于开始 {p.start}" if p.end < p.start else None, "核对两个日期。"),)


@dataclasses.dataclass(kw_only=True)
class Notice:
    title: str = schema.field("标题", Text(max_length=20), "标题", required=True)
    count: int = schema.field("份数", Int(), "份数", default=1)
    kind: str = schema.field("类型", Choice(("通知", "公告")), "类型", default="通知", element=Show(suffix="类"))
    period: Period | None = schema.field("期间", Record(Period), "公示期间")

    RULES = (Rule("期间.结束", lambda n: None if not n.period or (n.period.end - n.period.start).days <= 30
                  else "公示期超过30天", "缩短公示期。"),)
    file: str = ""  # not declared: given through ``extra``


def make(text: str):
    errors = ErrorCollector()
    data = yamlfile.load(text, "x.md", errors, line_offset=1)
    return schema.record(Notice, data, errors, "x.md", extra={"file": "x.md"}), errors


def test_a_record_gets_its_values_defaults_and_extra_attributes():
    notice, errors = make("标题: 停水通知\n期间: {开始: 2025-03-01, 结束: 2025-03-05}\n")
    assert not errors
    assert notice == Notice(title="停水通知", count=1, kind="通知",
                            period=Period(start=datetime.date(2025, 3, 1), end=datetime.date(2025, 3, 5)), file="x.md")
    assert [f.key for f in schema.fields(Notice)] == ["标题", "份数", "类型", "期间"]
    assert [(f.key, f.element.text("公告")) for f in schema.elements(Notice)] == [("类型", "公告类")]


def test_errors_name_the_key_its_line_and_the_fix():
    _, errors = make("标题: 停水通知停水通知停水通知停水通知停水通知停水通知\n份数: 两份\n类型: 通告\n页数: 3\n")
    assert [(e.field, e.line) for e in errors.errors] == [("页数", 5), ("标题", 2), ("份数", 3), ("类型", 4)]
    unknown, long, count, kind = errors.errors
    assert unknown.problem == "不认识的字段" and "可用字段：标题、份数、类型、期间。" in unknown.fix
    assert long.problem.startswith("太长（24 个字符，最多 20 个）")
    assert count.problem == "应为整数，实际是“两份”" and count.fix == "应填写整数。"
    assert kind.problem == "“通告”不是允许的值" and kind.fix == "可选值：通知、公告。"
    _, errors = make("份数: 2\n")
    [missing] = errors.errors
    assert (missing.field, missing.problem, missing.fix) == ("标题", "缺少必填字段", "请填写“标题”：标题。")


def test_nested_records_and_their_rules_name_the_nested_key_and_its_own_line():
    _, errors = make("标题: 公示\n期间:\n  开始: 2025-03-10\n  结束: 2025-03-01\n")
    [error] = errors.errors
    assert (error.field, error.line, error.problem) == ("期间.结束", 5, "结束 2025-03-01 早于开始 2025-03-10")
    _, errors = make("标题: 公示\n期间:\n  开始: 2025-03-01\n  结束: 2025-05-01\n")
    [error] = errors.errors  # the outer record's rule on a nested key: the line of that key, not of 期间
    assert (error.field, error.line, error.problem) == ("期间.结束", 5, "公示期超过30天")
    _, errors = make("标题: 公示\n期间:\n  开始: 2025-02-30\n")
    assert [(e.field, e.problem) for e in errors.errors] == [("期间.开始", "“2025-02-30”不是存在的日期"),
                                                             ("期间.结束", "缺少必填字段")]


def test_dates_are_text_in_editor_files_and_date_objects_in_mkdocs_yml():
    assert schema.parse_date("2025-3-5") == (datetime.date(2025, 3, 5), None)
    assert schema.parse_date(datetime.date(2025, 3, 5)) == (datetime.date(2025, 3, 5), None)  # MkDocs' YAML loader
    assert schema.parse_date("2025-02-29") == (None, "“2025-02-29”不是存在的日期")
    assert schema.parse_date([2025]) == (None, "“列表”不是日期格式 YYYY-MM-DD")
    assert schema.parse_date(datetime.datetime(2025, 3, 5, 8, 0))[0] is None  # a time is not a date
