"""Allocating 索引号 (``机构代码/年份-5位流水号``): the next free serial of an organisation and year.

A number once given is never given again (政府信息公开目录系统实施指引: 索引号 unique and stable), so
the next serial follows the highest one ever used, counting revoked documents and files that do not
load (``scan`` reads the raw front matter, not the validated model). Gaps are never filled: a gap may
be the number of a deleted file that is still cited somewhere.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..parse import markdown
from .content import ContentTree

LAST_SERIAL = 99999  # five digits
HEAD_CHARS = 8000  # a file without a readable front matter block: look this far for numbers
_NUMBER = re.compile(r"([0-9A-Za-z-]+)/(\d{4})-(\d{5})(?!\d)")


def format_number(code: str, year: int, serial: int) -> str:
    return f"{code}/{year}-{serial:05d}"


def numbers_in(text: str) -> list[tuple[str, int, int]]:
    """Every (机构代码, 年份, 流水号) written in ``text`` (its front matter, else its head): the
    document's own 索引号, and any it cites (解读对象), counted alike."""
    meta, _ = markdown.split_front_matter(text)
    head = meta if meta is not None else text[:HEAD_CHARS]
    return [(m[1], int(m[2]), int(m[3])) for m in _NUMBER.finditer(head)]


def scan(content: ContentTree) -> list[tuple[str, int, int]]:
    """Every number written in every Markdown file of content/, loadable or not."""
    found: list[tuple[str, int, int]] = []
    for uri in content.markdown():
        try:
            text = (content.root / uri).read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            continue
        if "/" in text:
            found += numbers_in(text)
    return found


def highest(numbers: Iterable[tuple[str, int, int]]) -> dict[tuple[str, int], int]:
    """The highest serial used per (机构代码, 年份)."""
    out: dict[tuple[str, int], int] = {}
    for code, year, serial in numbers:
        if serial > out.get((code, year), 0):
            out[(code, year)] = serial
    return out


def parse(number: str) -> tuple[str, int, int] | None:
    match = _NUMBER.fullmatch(number.strip())
    return (match[1], int(match[2]), int(match[3])) if match else None


def next_serial(used: dict[tuple[str, int], int], code: str, year: int) -> int | None:
    """The serial after the highest used, or None when the year is full."""
    serial = used.get((code, year), 0) + 1
    return serial if serial <= LAST_SERIAL else None
