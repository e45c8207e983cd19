"""Markdown source as editors write it: the front matter block and the links of a body.

The front-matter delimiters are MkDocs' own (``mkdocs/utils/meta.py``); links are found the way
Python-Markdown reads them (inline, reference definitions, raw HTML ``href``/``src``), code excluded.
"""

from __future__ import annotations

import re

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
