"""Control characters in what an editor writes are refused at the source (``parse.text`` says the rule), by
the record layer (``parse.schema``) when a YAML escape made them and by the YAML reader (``parse.yamlfile``)
when they are in the file itself: a Chinese message names the file, the field and the character, and the
fix. One test per source (front matter, ``_org.yml``, catalog file, ``extra.gov`` settings) per class of
character."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES
from mkdocs.exceptions import PluginError

from govsite.model import site as model
from govsite.parse import schema, settings, text
from govsite.parse.errors import ErrorCollector

POLICY = "content/departments/nongye/zhengce.md"
ORG = "content/departments/nongye/_org.yml"
CATALOG = "catalog/fupin.yml"
TOPICS = "catalog/_topics.yml"

# (YAML double-quoted escape, code point, the name the message gives): one of each class.
ESCAPED = [
    ("\\e", 0x1B, "ESC"),
    ("\\x01", 0x01, "SOH"),
    ("\\0", 0x00, "NUL"),
    ("\\v", 0x0B, "VT"),  # Word's manual line break
    ("\\f", 0x0C, "FF"),
    ("\\x7f", 0x7F, "DEL"),
    ("\\x9b", 0x9B, "CSI"),  # C1
    ("\\uFFFE", 0xFFFE, "非字符"),
    ("\\uFFFF", 0xFFFF, "非字符"),
]
# Typed or pasted into the file itself (the YAML reader's territory): one of each class it can hold.
RAW = [(chr(c), c, n) for c, n in [(0x1B, "ESC"), (0x01, "SOH"), (0x00, "NUL"), (0x0B, "VT"), (0x0C, "FF"),
                                   (0x7F, "DEL"), (0x9B, "CSI"), (0x85, "NEL"), (0xFFFE, "非字符")]]


@pytest.fixture
def county(tmp_path) -> Path:
    root = tmp_path / "county"
    for folder in ("content", "catalog"):
        shutil.copytree(FIXTURES / "mini" / folder, root / folder)
    return root


def edit(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content, f"{old!r} not in {path}"
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


def refusal(root: Path, file: str, field: str, codepoint: int, name: str, *, line: int | None = None) -> str:
    """Loading fails; one error names ``file``, ``field`` (and ``line``), the character, and the fix."""
    with pytest.raises(PluginError) as raised:
        model.load(root, root / "content", root / "catalog")
    message = str(raised.value)
    assert message.startswith("网站未生成") and "Traceback" not in message
    assert chr(codepoint) not in message  # never echoed to the terminal (an ESC would be a terminal escape)
    entries = re.split(r"\n  \d+\. ", message)
    where = f"{file}{f' 第{line}行' if line else ''}"
    matching = [e for e in entries if e.startswith(where) and f"字段“{field}”" in e.split("：", 1)[0]]
    assert len(matching) == 1, f"no single error names {where} and {field}:\n{message}"
    [entry] = matching
    assert f"U+{codepoint:04X}" in entry and name in entry and "看不见的字符" in entry, entry
    assert "修改办法：删去这个看不见的字符" in entry, entry
    return entry


# --- front matter -----------------------------------------------------------------------------------


@pytest.mark.parametrize("escape, codepoint, name", ESCAPED, ids=[e[2] + hex(e[1]) for e in ESCAPED])
def test_front_matter_title_with_an_escaped_control_character(county, escape, codepoint, name):
    edit(county / POLICY, "标题: 小县巩固拓展脱贫攻坚成果实施办法", f'标题: "小县巩固{escape}拓展脱贫攻坚成果实施办法"')
    entry = refusal(county, POLICY, "标题", codepoint, name, line=2)
    assert "第5个字符（“小县巩固”之后）" in entry


@pytest.mark.parametrize("char, codepoint, name", RAW, ids=[r[2] + hex(r[1]) for r in RAW])
def test_front_matter_title_with_a_control_character_in_the_file(county, char, codepoint, name):
    edit(county / POLICY, "标题: 小县巩固拓展", f"标题: 小县巩固{char}拓展")
    entry = refusal(county, POLICY, "标题", codepoint, name, line=2)
    assert "第5个字符（“小县巩固”之后）" in entry


def test_every_text_field_of_the_front_matter_is_checked(county):
    edit(county / POLICY, "发文字号: 小农发〔2025〕3号", '发文字号: "小农发\\e〔2025〕3号"')
    edit(county / POLICY, "名称: 附件1：资金分配表", 'name: x\n    名称: "附件1\\v资金分配表"'.replace("name: x\n    ", ""))
    with pytest.raises(PluginError) as raised:
        model.load(county, county / "content", county / "catalog")
    message = str(raised.value)
    assert "字段“发文字号”：含有看不见的字符：第4个字符（“小农发”之后）是控制字符 U+001B（ESC）" in message
    assert "字段“附件[1].名称”：含有看不见的字符：第4个字符（“附件1”之后）是控制字符 U+000B（VT" in message


def test_a_control_character_on_a_continuation_line_names_its_field(county):
    edit(county / POLICY, "发文字号: 小农发〔2025〕3号", "发文字号: 小农发〔2025〕3号\n摘要: |\n  第一段。\n  第二段\x0b从 Word 复制。")
    entry = refusal(county, POLICY, "摘要", 0x0B, "Word", line=9)
    assert "该行含有看不见的字符：第4个字符（“第二段”之后）" in entry


def test_word_is_named_for_a_vertical_tab(county):
    edit(county / POLICY, "标题: 小县巩固拓展", "标题: 小县巩固\x0b拓展")
    assert "从 Word 复制的文字中的手动换行" in refusal(county, POLICY, "标题", 0x0B, "VT")


def test_tab_and_line_breaks_are_still_text(county):
    edit(county / POLICY, "标题: 小县巩固拓展脱贫攻坚成果实施办法", '标题: "小县巩固\\t拓展\\n脱贫攻坚成果实施办法"')
    site = model.load(county, county / "content", county / "catalog")
    assert "小县巩固\t拓展\n脱贫攻坚成果实施办法" in {d.title for d in site.documents}


# --- _org.yml ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("escape, codepoint, name", ESCAPED, ids=[e[2] + hex(e[1]) for e in ESCAPED])
def test_organisation_name_with_an_escaped_control_character(county, escape, codepoint, name):
    edit(county / ORG, "名称: 小县农业农村局", f'名称: "小县农业{escape}农村局"')
    entry = refusal(county, ORG, "名称", codepoint, name, line=1)
    assert "第5个字符（“小县农业”之后）" in entry


@pytest.mark.parametrize("char, codepoint, name", RAW, ids=[r[2] + hex(r[1]) for r in RAW])
def test_organisation_file_with_a_control_character_in_it(county, char, codepoint, name):
    edit(county / ORG, "职能: 负责全县农业农村工作。", f"职能: 负责全县{char}农业农村工作。")
    refusal(county, ORG, "职能", codepoint, name, line=5)


# --- catalog files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("escape, codepoint, name", ESCAPED, ids=[e[2] + hex(e[1]) for e in ESCAPED])
def test_catalog_item_with_an_escaped_control_character(county, escape, codepoint, name):
    edit(county / CATALOG, "公开内容: 本级涉及扶贫领域的规范性文件", f'公开内容: "本级涉及{escape}扶贫领域的规范性文件"')
    entry = refusal(county, CATALOG, "公开内容", codepoint, name)
    assert "事项 fupin-01" in entry


@pytest.mark.parametrize("char, codepoint, name", RAW, ids=[r[2] + hex(r[1]) for r in RAW])
def test_catalog_file_with_a_control_character_in_it(county, char, codepoint, name):
    edit(county / CATALOG, "领域: 扶贫", f"领域: 扶{char}贫")
    refusal(county, CATALOG, "领域", codepoint, name, line=1)


def test_topic_names_are_checked_too(county):
    topics = (county / TOPICS).read_text(encoding="utf-8")
    first = re.search(r"^([^\s:#]+):", topics, re.M)[1]
    edit(county / TOPICS, f"{first}:", f'"{first}\\e":')
    refusal(county, TOPICS, first + "⟨U+001B⟩", 0x1B, "ESC")


# --- extra.gov in mkdocs.yml (MkDocs's own YAML loader: escapes of every kind reach us, lone surrogates too) ---


def load_settings(gov: dict) -> list[str]:
    errors = ErrorCollector()
    settings.load({"gov": gov}, errors)
    return [e.format() for e in errors.errors]


@pytest.mark.parametrize("codepoint, name", [(c, n) for _, c, n in ESCAPED] + [(0xD800, "代理项"), (0xDFFF, "代理项")])
def test_settings_text_with_a_control_character(codepoint, name):
    [message] = load_settings({"identity": {"主办单位": f"示例{chr(codepoint)}办公室"}})
    assert message.startswith("mkdocs.yml，字段“extra.gov.identity.主办单位”：含有看不见的字符：第3个字符（“示例”之后）是")
    assert f"U+{codepoint:04X}" in message and name in message and chr(codepoint) not in message
    assert "修改办法：删去这个看不见的字符" in message


def test_settings_link_names_and_addresses_are_checked():
    [name] = load_settings({"links": {"依申请\x1b公开": "https://example.org/"}})
    assert "字段“extra.gov.links”：名称“依申请⟨U+001B⟩公开”含有看不见的字符" in name and "U+001B（ESC）" in name
    [address] = load_settings({"links": {"依申请公开": "https://example.org/\x0bx"}})
    assert "字段“extra.gov.links”：“依申请公开”的值含有看不见的字符" in address


def test_settings_county_name():
    [message] = load_settings({"county": "示例\x0b县"})
    assert "字段“extra.gov.county”" in message and "U+000B（VT" in message


# --- the record layer whatever the reader ---------------------------------------------------------


def test_a_lone_surrogate_is_refused_by_the_record_layer():
    """PyYAML's pure-Python loader (MkDocs's) turns "\\ud800" into a lone surrogate, which no UTF-8 file can
    hold: refused as a text value whatever read it."""
    from govsite.model.orgs import Organisation
    errors = ErrorCollector()
    made = schema.record(Organisation, {"名称": "小县\ud800局", "类型": "部门", "机构代码": "11522799MB1000002X"},
                         errors, ORG)
    [error] = errors.errors
    assert made is None and error.field == "名称" and "U+D800" in error.problem and "代理项" in error.problem


def test_values_shown_in_other_messages_never_carry_a_control_character():
    errors = ErrorCollector()
    from govsite.model.orgs import Organisation
    schema.record(Organisation, {"名称": "局", "类型": "部\x1b[31m门", "机构代码": "11522799MB1000002X", "x\x1by": 1},
                  errors, ORG)
    shown = "\n".join(e.format() for e in errors.errors)
    assert "\x1b" not in shown and "部⟨U+001B⟩[31m门" in shown and "x⟨U+001B⟩y" in shown



@pytest.mark.parametrize("key", ["site_name", "site_description"])
@pytest.mark.parametrize("codepoint", [0x1B, 0x0B, 0xD800])
def test_site_name_and_description(key, codepoint):
    """MkDocs's loader reads mkdocs.yml: its own text settings are checked by the same rule."""
    errors = ErrorCollector()
    settings.check_text({key: f"示例县{chr(codepoint)}人民政府", "site_url": "https://example.org/"}, errors)
    [message] = [e.format() for e in errors.errors]
    assert message.startswith(f"mkdocs.yml，字段“{key}”：含有看不见的字符：第4个字符（“示例县”之后）是")
    assert f"U+{codepoint:04X}" in message and chr(codepoint) not in message


# --- Markdown bodies: the same rule; the file and line are named (a body has no fields) -------------------


@pytest.mark.parametrize("char, codepoint, name", RAW, ids=[r[2] + hex(r[1]) for r in RAW])
def test_a_control_character_in_a_body_is_refused_with_its_line(county, char, codepoint, name):
    edit(county / POLICY, "为巩固拓展脱贫攻坚成果", f"为巩固拓展{char}脱贫攻坚成果")
    with pytest.raises(PluginError) as raised:
        model.load(county, county / "content", county / "catalog")
    message = str(raised.value)
    assert chr(codepoint) not in message and "Traceback" not in message
    [entry] = [e for e in re.split(r"\n  \d+\. ", message) if e.startswith(f"{POLICY} 第14行：")]
    assert f"正文该行含有看不见的字符：第6个字符（“为巩固拓展”之后）是" in entry and f"U+{codepoint:04X}" in entry
    assert name in entry and "修改办法：删去这个看不见的字符" in entry


def test_a_body_with_tabs_and_windows_line_ends_is_text(county):
    policy = county / POLICY
    policy.write_bytes(policy.read_bytes().replace(b"\n", b"\r\n").replace("为巩固".encode(), "\t为巩固".encode()))
    assert len(model.load(county, county / "content", county / "catalog").documents) == 5


def test_a_body_full_of_control_characters_is_named_in_a_few_lines(county):
    edit(county / POLICY, "为巩固拓展脱贫攻坚成果", "为巩固" + "\x1b\n" * 500)
    message = str(pytest.raises(PluginError, model.load, county, county / "content", county / "catalog").value)
    assert message.count("正文该行含有看不见的字符") == 10 and "此行及以后另有 490 行也含有看不见的字符" in message


# --- make new: the title typed is checked by the same record layer before anything is written ----------


@pytest.mark.parametrize("codepoint", [0x1B, 0x00, 0x7F, 0x9B])  # (make new makes white space, U+000B too, one space)
def test_make_new_refuses_a_title_with_a_control_character_and_writes_nothing(county, codepoint):
    import datetime
    from conftest import ROOT
    from govsite.tools import new
    from govsite.tools.project import Project, Refused
    shutil.copy(ROOT / "mkdocs.yml", county / "mkdocs.yml")
    before = sorted(county.rglob("*"))
    with pytest.raises(Refused) as raised:
        new.create(Project.load(county / "mkdocs.yml"), "nongye", "fupin-01", f"关于做好{chr(codepoint)}扶贫资金公示的通知",
                   datetime.date(2025, 6, 3), new.pinyin)
    message = str(raised.value)
    assert "字段“标题”：含有看不见的字符：第5个字符（“关于做好”之后）是控制字符" in message
    assert f"U+{codepoint:04X}" in message and chr(codepoint) not in message
    assert sorted(county.rglob("*")) == before
