"""The Jinja environment of the theme: the project's own templates (``overrides/``) are compiled
with autoescape, so every value from front matter, ``_org.yml``, the catalog or settings is escaped
in text, attributes and JSON islands alike; Material's own templates are not (they print HTML they
made themselves), so the values the project hands them (page titles, nav titles) are escaped first.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from markupsafe import escape


def own_templates(custom_dir: str | None) -> frozenset[str]:
    """Template names (as Jinja loads them) of the files in the theme's custom_dir."""
    if not custom_dir:
        return frozenset()
    root = Path(custom_dir)
    return frozenset(p.relative_to(root).as_posix() for p in root.rglob("*.html"))


def configure(env, *, custom_dir: str | None, globals_: dict) -> None:
    names = own_templates(custom_dir)
    env.autoescape = lambda name: name in names
    env.filters["cn_date"] = cn_date
    env.globals.update(globals_)


def cn_date(day: datetime.date | None) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日" if day else ""


def for_material(text: str) -> str:
    """A value printed by Material's templates, which do not escape: escaped here."""
    return str(escape(text))
