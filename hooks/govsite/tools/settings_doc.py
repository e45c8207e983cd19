"""``make settings-doc``: the README's table of every ``extra.gov`` key, rewritten from the declaration
(``parse/settings.py``, ``settings.reference_table``) between its two markers. ``tests/unit/test_settings_doc.py``
fails when the README's table is not the declaration's, so a new key is documented when it is declared."""

from __future__ import annotations

import sys
from pathlib import Path

from ..parse import settings

BEGIN = "<!-- extra.gov: generated from hooks/govsite/parse/settings.py by make settings-doc; do not edit -->"
END = "<!-- /extra.gov -->"


def section() -> str:
    return f"{BEGIN}\n{settings.reference_table()}\n{END}"


def rewrite(text: str) -> str:
    """``text`` (the README) with its settings table replaced by the declaration's."""
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[:start] + section() + text[end:]


def main(argv: list[str] | None = None) -> int:
    readme = Path(argv[0] if argv else "README.md")
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"{readme} 中没有设置表的标记（{BEGIN} … {END}）。", file=sys.stderr)
        return 1
    new = rewrite(text)
    if new != text:
        readme.write_text(new, encoding="utf-8")
        print(f"已更新 {readme} 中的 extra.gov 设置表。")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
