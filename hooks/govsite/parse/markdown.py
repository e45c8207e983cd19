"""Markdown source as editors write it: the front matter block and the links of a body.

The front-matter delimiters are MkDocs' own (``mkdocs/utils/meta.py``); links are found the way
Python-Markdown reads them (inline, reference definitions, raw HTML ``href``/``src``), code excluded.
"""

from __future__ import annotations

import re

from . import text as characters

FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\r?\n(.*?\r?\n)?(?:\.{3}|-{3})[ \t]*(\r?\n|\Z)", re.S)
HEADING = re.compile(r"^(#{1,6})(?=[ \t])", re.M)
_FENCE_SPLIT = re.compile(r"(^(?:```|~~~).*?^(?:```|~~~)[ \t]*$)", re.M | re.S)

_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
_CODE = re.compile(r"`[^`\n]*`")
_INLINE = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.M)
_HTML = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']*)["']""", re.I)
_MAY_HTML_LINK = re.compile(r"href|src", re.I)


def split_front_matter(text: str) -> tuple[str | None, int]:
    """Return (front matter text, number of lines before it starts) or (None, 0)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, 0
    return match.group(1) or "", 1


def body(text: str) -> str:
    """The Markdown after the front matter."""
    match = FRONT_MATTER.match(text)
    return text[match.end():] if match else text


MAX_BODY_LINES_REPORTED = 10  # lines of one body named one by one when they hold refused characters


def refused_in_body(text: str) -> list[tuple[int, str]]:
    """(line of the file, Chinese problem) for each line of the body (after the front matter) holding a
    character editors' text may not (``parse.text``: the same rule as the front matter's). Such a character
    would reach the page as it is (Python-Markdown and the sanitizer keep it; HTML calls it a parse error),
    so it is refused; the front matter's own lines are the YAML reader's (``yamlfile``)."""
    match = FRONT_MATTER.match(text)
    start = match.end() if match else 0
    if not characters.control_characters(text[start:]):
        return []
    first = text.count("\n", 0, start) + 1
    found = [(first + number, characters.problem(line.lstrip(" ")))
             for number, line in enumerate(text[start:].split("\n")) if characters.control_characters(line)]
    if len(found) > MAX_BODY_LINES_REPORTED:
        extra = len(found) - MAX_BODY_LINES_REPORTED
        found = found[:MAX_BODY_LINES_REPORTED] + [(found[MAX_BODY_LINES_REPORTED][0], f"此行及以后另有 {extra} 行也{characters.PROBLEM}")]
    return [(line, f"正文该行{problem}") for line, problem in found]


def shift_headings(markdown: str) -> str:
    """A document's only h1 is its title: its body's headings nest under it, from h2, each at most one
    level below the heading it follows (editors often start at ## or jump from ## to ####; a skipped
    level is invalid HTML and confuses screen-reader heading navigation). Code blocks are left alone."""
    stack: list[tuple[int, int]] = []  # (level written, level rendered) of the enclosing headings

    def level(match: re.Match[str]) -> str:
        written = len(match.group(1))
        while stack and stack[-1][0] >= written:
            stack.pop()
        rendered = min(stack[-1][1] + 1 if stack else 2, 6)
        stack.append((written, rendered))
        return "#" * rendered

    parts = _FENCE_SPLIT.split(markdown)  # odd parts are fenced code
    return "".join(part if i % 2 else HEADING.sub(level, part) for i, part in enumerate(parts))


def may_link(markdown: str) -> bool:
    """False when no link pattern below can match (most documents): their files need not be read again."""
    return "](" in markdown or "]:" in markdown or ("=" in markdown and _MAY_HTML_LINK.search(markdown) is not None)


def links_in(markdown: str) -> list[str]:
    """Link targets of a Markdown body (inline, reference definitions, raw HTML), code excluded."""
    text = _CODE.sub("", _FENCE.sub("", markdown))
    found = [m[1] for m in _INLINE.finditer(text)] + _REFERENCE.findall(text) + _HTML.findall(text)
    return [t for t in found if t]
