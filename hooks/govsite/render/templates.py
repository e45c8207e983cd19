"""The Jinja environment of the theme: the project's own templates (``overrides/``) are compiled
with autoescape, so every value from front matter, ``_org.yml``, the catalog or settings is escaped
in text, attributes and JSON islands alike; Material's own templates are not (they print HTML they
made themselves), so the values the project hands them (page titles, nav titles) are escaped first.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from pathlib import Path

from jinja2 import BytecodeCache
from markupsafe import Markup, escape
from mkdocs.utils import normalize_url


def own_templates(custom_dir: str | None) -> frozenset[str]:
    """Template names (as Jinja loads them) of the files in the theme's custom_dir."""
    if not custom_dir:
        return frozenset()
    root = Path(custom_dir)
    return frozenset(p.relative_to(root).as_posix() for p in root.rglob("*.html"))


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept for the process: ``mkdocs serve`` makes a new environment for every rebuild,
    and compiling Material's and the project's templates again took ~0.5 s of each. Jinja recompiles a
    template whose source changed (the bucket's checksum). One per process, kept on the hooks' run
(``build.Run``), never in this module."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if (code := self.store.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


RENDER_EACH = "GOVSITE_RENDER_EACH"  # set: every page renders Material's frame itself (comparisons, debugging)


class Once:
    """Parts of Material's page frame that depend on nothing but the page's depth (``base_url``: the
    JSON config, the style and script tags), rendered once per depth and build (``gov_once`` in
    main.html) instead of once per page."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.parts: dict[tuple[str, str], str] = {}
        self.enabled = enabled

    def get(self, name: str, base_url: str):
        return self.parts.get((name, base_url)) if self.enabled else None

    def put(self, name: str, base_url: str, html: str) -> Markup:
        """``html`` is Material's block as it renders it (``super()``): markup, not text to escape, also
        when the page's root template is Material's own (404.html, not autoescaped)."""
        self.parts[(name, base_url)] = part = Markup(html)
        return part


_HREF = re.compile(r'href="([^"]*)"')


class SharedNav:
    """Material's side navigation (the primary sidebar of its ``site_nav`` block, main.html) on a page
    outside the navigation — documents and columns, nearly every page — is the same on all of them
    but for the links, which are relative to the page: rendered once (per ``hidden`` state), then its
    links are moved to each page with MkDocs' own ``url`` filter function. A page in the navigation
    (its entry is marked active) renders it itself."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.parts: dict[str, tuple[str, str]] = {}
        self.in_nav: set[int] = set()
        self.nav_id: int | None = None
        self.enabled = enabled

    def _key(self, page, nav, hidden: str) -> str | None:
        if not self.enabled or page is None or nav is None:
            return None
        if id(nav) != self.nav_id:
            self.nav_id, self.in_nav = id(nav), {id(p) for p in nav.pages}
        return None if id(page) in self.in_nav else hidden

    def get(self, page, nav, hidden: str):
        key = self._key(page, nav, hidden)
        if key is None or key not in self.parts:
            return None
        html, base = self.parts[key]
        return Markup(_HREF.sub(lambda m: f'href="{_moved(m[1], base, page)}"', html))

    def put(self, page, nav, hidden: str, html: str) -> Markup:
        if (key := self._key(page, nav, hidden)) is not None:
            self.parts[key] = (str(html), _directory(page.url))
        return Markup(html)


def _directory(url: str) -> str:
    return url if url.endswith("/") or not url else url.rpartition("/")[0] + "/"


def _moved(href: str, base: str, page) -> str:
    """``href`` as written on a page in folder ``base``, as the ``url`` filter writes it on ``page``."""
    if not href or href.startswith(("#", "/")) or ":" in href.split("/", 1)[0]:
        return href
    target = posixpath.normpath(posixpath.join(base, href))
    if href.endswith("/") and target != ".":
        target += "/"
    return normalize_url(target, page=page)


def configure(env, *, custom_dir: str | None, globals_: dict, compiled: CompiledTemplates | None = None,
              render_each: bool = False) -> None:
    """``compiled``: the process's compiled templates (mkdocs serve); ``render_each`` (GOVSITE_RENDER_EACH):
    every page renders Material's frame itself (comparisons, debugging)."""
    names = own_templates(custom_dir)
    env.autoescape = lambda name: name in names
    if compiled is not None:  # the key includes the name, hence the autoescape decision made from it
        env.bytecode_cache = compiled
    env.filters["cn_date"] = cn_date
    env.globals.update(globals_)
    env.globals["gov_once"] = Once(enabled=not render_each)  # anew for every build
    env.globals["gov_nav"] = SharedNav(enabled=not render_each)


def cn_date(day: datetime.date | None) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日" if day else ""


def for_material(text: str) -> str:
    """A value printed by Material's templates, which do not escape: escaped here."""
    return str(escape(text))
