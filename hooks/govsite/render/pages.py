"""The site's pages as MkDocs ``Page`` subclasses, set on ``file.page`` in ``on_files`` (the way
Material's blog sets its posts): a ``ViewPage`` has no Markdown of its own and its template renders
its view; a ``DocumentPage`` is a disclosed document whose body is converted when its page is
rendered (so pages are written, and search bundles indexed on the other core, from the start of the
build) and cleaned against the allow-list (``sanitize``): anything the allow-list would remove is an
editor error naming the file and line, so an editor never publishes less than they think.

A page taken over from the last build (incremental) renders to nothing; its HTML is linked.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..model.documents import Document
from ..parse import markdown
from ..parse.errors import ErrorCollector
from ..views.pages import DocumentView, View
from ..views import metadata
from ..views.search import han_terms
from . import sanitize
from .templates import for_material

REUSE_TEMPLATE = "govsite-reuse.html"  # an empty template: MkDocs writes nothing, the old page is linked


class ViewPage(Page):
    """A generated page: its view is the template's ``gov`` (``shown``)."""

    elsewhere = False  # rendered and written by the other process (speed.parallel)

    @property
    def shown(self) -> View:
        """The view the template renders: the view as made (a document's adds what its body gives)."""
        return self.view

    def __init__(self, view: View, file: File, config, *, reused: bool = False, nav_title: str | None = None) -> None:
        super().__init__(nav_title, file, config)  # the menu's label (escaped); the page's own title is the view's
        self.view = view
        self.reused = reused

    def _set_canonical_url(self, base: str | None) -> None:
        """MkDocs's, without urljoin and urlsplit per page (0.6 s of every build at 10,000 documents):
        a page's URL is a relative path, so the canonical URL is the site's plus the path."""
        url = self.url
        if not base or not url or url.startswith(("/", ".", "?", "#")) or ":" in url.split("/", 1)[0]:
            super()._set_canonical_url(base)
            return
        root, path = _site_root(base)
        self.canonical_url, self.abs_url = root + url, path + url

    def read_source(self, config) -> None:
        self.markdown = ""
        self.meta = {"title": for_material(self.view.title),
                     "template": REUSE_TEMPLATE if self.reused else self.view.template}
        if hide := getattr(self.view, "hide", ()):  # Material's front matter `hide` (wide tables: navigation, toc)
            self.meta["hide"] = list(hide)

    def render(self, config, files: Files) -> None:
        # No Markdown pass (a new Markdown instance per page costs ~0.15 ms even for an empty body).
        self.content, self.toc, self.present_anchor_ids = "", [], set()


class DocumentPage(ViewPage):
    """A disclosed document: the metadata block from its view, the body from its Markdown."""

    view: DocumentView
    in_nav = False  # documents are listed by their columns, never in the nav (partials/toc.html)

    def __init__(self, doc: Document, view: DocumentView, file: File, config, *, reused: bool = False) -> None:
        super().__init__(view, file, config, reused=reused)
        self.doc = doc
        self._body: str | None = None
        self._shown: DocumentView | None = None

    @property
    def shown(self) -> DocumentView:
        """The view completed by the body (``convert``): a new value, the view as made is never changed."""
        return self._shown or self.view

    def read_source(self, config) -> None:
        super().read_source(config)
        if not self.reused:
            text = Path(self.file.abs_src_path).read_text(encoding="utf-8-sig")
            self._body = markdown.shift_headings(markdown.body(text))

    def convert(self, config, files: Files, errors: ErrorCollector) -> None:
        """The body as HTML (sanitized), and the view it completes (``shown``: the page's 字 field and its
        Description); mistakes go to ``errors``."""
        if self._body is None:
            return
        self.markdown, self._body = self._body, None
        if (deep := _too_deep(self.markdown)) is not None:
            errors.add(self.doc.file, "正文的列表或引用嵌套层次过深，无法生成页面", "减少嵌套层次（列表一般不超过三层）。",
                       line=self.doc.body_line + deep)
            self.markdown = ""
        try:
            Page.render(self, config, files)
        except RecursionError:
            errors.add(self.doc.file, "正文的列表或引用嵌套层次过深，无法生成页面", "减少嵌套层次（列表一般不超过三层）。")
            self.content = ""
        scanned = sanitize.scan(self.content)
        for problem in scanned.problems:
            errors.add(self.doc.file, f"正文中有{problem.what}，网站不能发布",
                       "删去它：正文只能用标题、段落、列表、表格、图片、链接（http/https、站内、mailto）等；"
                       "不能有脚本、事件属性（如 onclick）、内嵌框架、表单和 style。",
                       line=sanitize.line_of(self.markdown, problem.snippet, self.doc.body_line))
        self.content = sanitize.clean(self.content, scanned)
        _escape_toc(self.toc)  # Material prints the table of contents' titles unescaped
        view = self.view
        self._shown = dataclasses.replace(
            view, record=dataclasses.replace(view.record, chars=han_terms(*view.texts, self.content)),
            description=metadata.description(self.doc.summary, self.content))  # the Description metadata

    def let_go(self) -> None:
        """The page is written (by this process or the other one): its body's Markdown, its HTML and the view
        the body completed are not needed again (MkDocs' anchor check after its page loop uses the anchors
        ``Page.render`` noted), so a build does not hold every body to its end (issue 23: peak memory)."""
        self._body = self.markdown = self.content = self._shown = None


@functools.lru_cache(maxsize=8)
def _site_root(base: str) -> tuple[str, str]:
    """site_url with its slash, and its path (``Page._set_canonical_url``)."""
    base = base if base.endswith("/") else base + "/"
    return base, urlsplit(base).path


MAX_INDENT = 100  # columns of leading space: 25 levels of list; Python-Markdown's time grows steeply with depth
MAX_QUOTES = 50


def _too_deep(markdown_: str) -> int | None:
    """The first line (0-based) nested beyond what Python-Markdown parses in bounded time, if any."""
    for number, line in enumerate(markdown_.splitlines()):
        stripped = line.lstrip(" \t>")
        lead = line[:len(line) - len(stripped)]
        if len(lead.expandtabs(4)) > MAX_INDENT or lead.count(">") > MAX_QUOTES:
            return number
    return None


def _escape_toc(items) -> None:
    for anchor in items:
        anchor.title = for_material(Markup(anchor.title).striptags())
        _escape_toc(anchor.children)
