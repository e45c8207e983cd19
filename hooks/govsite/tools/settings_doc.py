"""``make settings-doc``: the table of every ``extra.gov`` key in the 政务公开办's guide (``docs/admin-guide.md``), rewritten from the declaration
(``parse/settings.py``, ``settings.reference_table``) between its two markers. ``tests/unit/test_settings_doc.py``
fails when the guide's table is not the declaration's, so a new key is documented when it is declared."""

from __future__ import annotations

import sys
from pathlib import Path

from ..parse import settings

BEGIN = "<!-- extra.gov: generated from hooks/govsite/parse/settings.py by make settings-doc; do not edit -->"
END = "<!-- /extra.gov -->"
GUIDE = "docs/admin-guide.md"  # the 政务公开办's guide holds the settings table


def section() -> str:
    return f"{BEGIN}\n{settings.reference_table()}\n{END}"


def rewrite(text: str) -> str:
    """``text`` (the guide) with its settings table replaced by the declaration's."""
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[:start] + section() + text[end:]


def main(argv: list[str] | None = None) -> int:
    guide = Path(argv[0] if argv else GUIDE)
    text = guide.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"{guide} 中没有设置表的标记（{BEGIN} … {END}）。", file=sys.stderr)
        return 1
    new = rewrite(text)
    if new != text:
        guide.write_text(new, encoding="utf-8")
        print(f"已更新 {guide} 中的 extra.gov 设置表。")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
