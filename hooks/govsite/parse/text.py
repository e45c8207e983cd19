"""Characters no text an editor writes may carry, found and named once for every reader, and made
harmless once for every writer.

The rule (issue 21): a control character in a value an editor wrote is **refused at its source**, with a
Chinese message naming the file, the field (or line) and the character, never normalised silently: front
matter, ``_org.yml``, catalog files and ``_topics.yml`` (``schema._text`` for values, YAML escapes such as
\\e included; ``yamlfile`` for characters in the file itself), document bodies (``markdown.refused_in_body``),
``extra.gov``, ``site_name`` and ``site_description`` (``settings``), spreadsheets (``spreadsheet``) and
``make new`` (through ``schema``). That includes U+000B and U+000C, which Word puts in copied text for a
manual line or page break: they are invisible, so the message says where the character is (its position
and the text before it) and that it comes from Word. Refusing rather than rewriting keeps one rule for
every source and every character, and the published text is always what the file says. (White space at
either end of a value is trimmed as it always was, and Python counts U+000B–U+000D and U+001C–U+001F as
white space: a Word line break at the very end of a title goes the way a trailing space goes.)

What is refused (``control_characters``): C0 controls U+0000–U+001F except those a field allows (tab, line
feed, carriage return by default: YAML and spreadsheets carry them, every output format accepts them),
DEL U+007F, C1 controls U+0080–U+009F, lone surrogates U+D800–U+DFFF (no UTF-8 file can hold one), and the
noncharacters U+FFFE and U+FFFF.

Every writer is safe on its own all the same (``xml_safe``): XML 1.0, openpyxl's cells and UTF-8 refuse
some of these characters, and a writer must not crash a build when a value reached it some other way.
"""

from __future__ import annotations

import re

ALLOWED = "\t\n\r"  # the controls a text field may carry (line breaks of a long value, a tab)

_C0 = ("NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB，制表符", "LF，换行符",
       "VT，垂直制表符，从 Word 复制的文字中的手动换行", "FF，换页符，从 Word 复制的文字中的分页符",
       "CR，回车符", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC",
       "FS", "GS", "RS", "US")
_C1 = ("PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA", "HTS", "HTJ", "VTS", "PLD", "PLU", "RI", "SS2", "SS3",
       "DCS", "PU1", "PU2", "STS", "CCH", "MW", "SPA", "EPA", "SOS", "SGCI", "SCI", "CSI", "ST", "OSC", "PM", "APC")

_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# What a writer replaces: the same characters less those text may carry. XML 1.0 itself refuses only the C0
# ones, U+FFFE/FFFF and surrogates (UTF-8 cannot hold these), openpyxl the C0 ones; DEL and C1 are
# replaced too, so every file of the site holds the same text.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"  # what a writer puts in place of a character it cannot write: visibly not text

SHOWN_BEFORE = 8  # characters of text before a refused one that a message quotes, so it can be found
MAX_LISTED = 3  # refused characters a message names one by one; the rest are counted

PROBLEM = "含有看不见的字符"  # every message of ``problem`` says so (a caller may pick its fix by it)
FIX = ("删去这个看不见的字符：把光标放在引号中的文字之后按 Delete（或删去整个值后重新输入）；"
       "从 Word 等处复制的文字请先“粘贴为纯文本”，需要换行或空格处直接输入空格。")


def control_characters(value: str, allow: str = ALLOWED) -> list[tuple[int, int]]:
    """(index, code point) of every character ``value`` may not carry, in order (index from 0)."""
    return [(match.start(), ord(match.group())) for match in _REFUSED.finditer(value) if match.group() not in allow]


def name(codepoint: int) -> str:
    """The character in Chinese, e.g. 控制字符 U+001B（ESC）."""
    label = f"U+{codepoint:04X}"
    if codepoint < 0x20:
        return f"控制字符 {label}（{_C0[codepoint]}）"
    if codepoint == 0x7F:
        return f"控制字符 {label}（DEL）"
    if 0x80 <= codepoint <= 0x9F:
        return f"控制字符 {label}（{_C1[codepoint - 0x80]}）"
    if 0xD800 <= codepoint <= 0xDFFF:
        return f"无效字符 {label}（不成对的代理项，不是文字）"
    return f"非字符 {label}（不是文字）"


def problem(value: str, allow: str = ALLOWED) -> str | None:
    """The Chinese problem of a value holding refused characters, or None, e.g.
    含有看不见的字符：第3个字符（“关于”之后）是控制字符 U+001B（ESC）."""
    found = control_characters(value, allow)
    if not found:
        return None
    parts = [f"第{index + 1}个字符{_after(value, index)}是{name(codepoint)}" for index, codepoint in found[:MAX_LISTED]]
    more = f"；另有 {len(found) - MAX_LISTED} 个" if len(found) > MAX_LISTED else ""
    return f"{PROBLEM}：" + "；".join(parts) + more


def _after(value: str, index: int) -> str:
    before = visible(value[max(0, index - SHOWN_BEFORE):index]).strip()
    return f"（“{before}”之后）" if before else "（在最前面）"


def visible(value: str) -> str:
    """``value`` as a message may print it: refused characters (and tabs, line breaks) as ⟨U+001B⟩, so
    an error message never sends a terminal an escape sequence."""
    return _REFUSED.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", value)


def xml_safe(value: str) -> str:
    """``value`` with every character ``control_characters`` finds replaced by U+FFFD (tab and line breaks
    stay): then XML 1.0 (Atom, sitemap.xml, XLSX cells), openpyxl and UTF-8 take it, and any writer may
    take any text without crashing (defence in depth: the readers refuse these characters)."""
    return _UNWRITABLE.sub(REPLACEMENT, value) if _UNWRITABLE.search(value) else value


def xml_safe_data(value):
    """``xml_safe`` through JSON-like data (dicts, lists, tuples; keys too); other values unchanged. A
    container with nothing to replace is returned itself (no copy; YAML anchors of shared lists stay)."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        safe = {xml_safe_data(k): xml_safe_data(v) for k, v in value.items()}
        same = all(a is b for pair in zip(value.items(), safe.items()) for a, b in zip(*pair))
        return value if same else safe
    if isinstance(value, (list, tuple)):
        items = [xml_safe_data(v) for v in value]
        return value if all(a is b for a, b in zip(value, items)) else type(value)(items)
    return value
