"""parse/text.py: which characters text may not carry, how a message names them, and the writers' helper."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree

import pytest

from govsite.parse import text

REFUSED = {0x00: "NUL", 0x01: "SOH", 0x0B: "VT", 0x0C: "FF", 0x1B: "ESC", 0x1F: "US", 0x7F: "DEL", 0x85: "NEL",
           0x9B: "CSI", 0xD800: "代理项", 0xDFFF: "代理项", 0xFFFE: "非字符", 0xFFFF: "非字符"}


@pytest.mark.parametrize("codepoint", REFUSED)
def test_each_refused_character_is_found_and_named(codepoint):
    value = "关于印发" + chr(codepoint) + "的通知"
    assert text.control_characters(value) == [(4, codepoint)]
    problem = text.problem(value)
    assert f"第5个字符（“关于印发”之后）是" in problem
    assert f"U+{codepoint:04X}" in problem and REFUSED[codepoint] in problem
    assert chr(codepoint) not in problem  # the message itself never carries the character


def test_the_message_of_the_brief():
    assert "第3个字符（“关于”之后）是控制字符 U+001B（ESC）" in text.problem("关于\x1b的通知")


def test_vertical_tab_says_it_comes_from_word():
    assert "Word" in text.problem("甲\x0b乙")


@pytest.mark.parametrize("value", ["普通的标题", "第一行\n第二行", "甲\t乙", "行尾\r\n", "全角　空格", "表情😀", "\u2028", "\ufffd"])
def test_ordinary_text_passes(value):
    assert text.control_characters(value) == [] and text.problem(value) is None


def test_a_field_may_refuse_line_breaks_too():
    assert text.control_characters("甲\n乙", allow="") == [(1, 0x0A)]


def test_at_the_start_and_many():
    problem = text.problem("\x01" + "\x02" * 5)
    assert problem.startswith("含有看不见的字符：第1个字符（在最前面）是控制字符 U+0001（SOH）")
    assert "另有 3 个" in problem


def test_visible_never_prints_a_control_character():
    assert text.visible("a\x1b[2Jb\ud800") == "a⟨U+001B⟩[2Jb⟨U+D800⟩"


@pytest.mark.parametrize("codepoint", REFUSED)
def test_xml_safe_makes_any_text_xml_and_utf8(codepoint):
    value = "甲" + chr(codepoint) + "乙\t\n"
    safe = text.xml_safe(value)
    assert safe == "甲\ufffd乙\t\n"
    ElementTree.fromstring(f"<a>{safe}</a>".encode("utf-8"))


def test_xml_safe_keeps_text_as_it_is():
    value = "甲乙\t\n\r😀\u2028\ufffd"
    assert text.xml_safe(value) is value


def test_xml_safe_data_goes_through_json_like_data():
    data = {"标\x1b题": ["a\x0b", ("b\ud800", 1)], "n": None, "x": 2.5}
    safe = text.xml_safe_data(data)
    assert safe == {"标\ufffd题": ["a\ufffd", ("b\ufffd", 1)], "n": None, "x": 2.5}
    json.dumps(safe, ensure_ascii=False).encode("utf-8")


def test_xml_safe_data_copies_only_what_it_changes():
    shared = ["甲", "乙"]
    data = {"a": shared, "b": [shared, "c\x1b"]}
    safe = text.xml_safe_data(data)
    assert safe is not data and safe["a"] is shared and safe["b"][0] is shared and safe["b"][1] == "c\ufffd"
    clean = {"a": shared}
    assert text.xml_safe_data(clean) is clean
