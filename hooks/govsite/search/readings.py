"""How each common character reads, for the search page's "您是不是要找：…": a reader who types 棚护区改造
for 棚户区改造 (a homophone picked from the input method's list) finds nothing literally. The page then
spells the query in pinyin (penghuqugaizao), looks that up in the index's own ``拼`` field (the titles'
pinyin, ``views.search.pinyin_terms``) and offers the title's characters that read the same.

The table covers the 6,763 characters of GB 2312 (what a reader's input method offers first), read by
pypinyin (already a build dependency); toneless, ü written v as the ``拼`` field writes it. Each
syllable lists the characters whose usual reading it is, then ``|`` and those that can also read so
(polyphonic characters: 行 is xing, and hang after the bar). ~31 KB, ~22 KB gzip: loaded only when a
Chinese query of three or more characters found no literal match (search-core.js).
"""

from __future__ import annotations

import json

from pypinyin import Style, pinyin

from ..views.search import READINGS as PATH  # beside the search page (its data-record names it)

_GB2312_ROWS = range(0xB0, 0xF8)  # levels 1 and 2 of GB 2312: the Han characters
_GB2312_CELLS = range(0xA1, 0xFF)


def characters() -> list[str]:
    """The Han characters of GB 2312, in its order."""
    out = []
    for row in _GB2312_ROWS:
        for cell in _GB2312_CELLS:
            try:
                out.append(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:  # the empty cells at the end of row 0xD7
                continue
    return out


def readings() -> dict[str, tuple[str, str]]:
    """{syllable: (characters usually read so, characters also read so)}."""
    usual: dict[str, list[str]] = {}
    other: dict[str, list[str]] = {}
    for char in characters():
        syllables = [s.replace("ü", "v") for s in pinyin(char, style=Style.NORMAL, heteronym=True)[0]]
        syllables = [s for s in dict.fromkeys(syllables) if s.isascii() and s.isalpha()]
        for n, syllable in enumerate(syllables):
            (usual if n == 0 else other).setdefault(syllable, []).append(char)
    return {s: ("".join(usual.get(s, ())), "".join(other.get(s, ()))) for s in sorted(usual.keys() | other.keys())}


def table() -> str:
    """The file the search page reads: {"py": {"hu": "呼乎…|雇核…", …}}."""
    return json.dumps({"py": {s: f"{a}|{b}" if b else a for s, (a, b) in readings().items()}},
                      ensure_ascii=False, separators=(",", ":"))
