"""The build as one function of its inputs: ``make(inputs, as_of) -> Output``.

It loads and validates everything (all editors' errors at once: ``ContentErrors``), makes the model for
the check date (a document's validity on that day is settled as it is loaded), runs the regulatory checks
(their findings are reported, never stopping the build), and makes every page's view, the search bundles,
the machine-readable files (feeds, open data, sitemap, the checks' JSON, the annual reports' tables) and
the navigation. Nothing here knows MkDocs' ``Files`` or pages, the staging folder or the speed room
(``speed``): ``build`` maps the ``Output`` onto MkDocs (its files, pages and events), and the caches the
speed room hands in (``cache``, ``feeds``, ``memo``) change how fast a value is made, never the value.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from . import checks, urls
from .model import site as model
from .model.documents import Document
from .model.site import Site
from .parse import settings as settings_module
from .parse.errors import ErrorCollector
from .parse.frontmatter_cache import FrontMatterCache
from .parse.settings import Settings
from .checks import published
from .render import admin, annual, machine
from .search import readings as search_readings
from .search import t2s as search_t2s
from .views import metadata, nav, opendata, redirects, revisions
from .views import pages as views
from .views import search as search_views
from .views.search import Bundle

log = logging.getLogger("mkdocs.plugins.govsite")


@dataclass(frozen=True)
class Inputs:
    """What a build is made from, besides the files under ``root`` it reads."""

    root: Path  # the project folder (mkdocs.yml)
    content_dir: Path  # content/ (MkDocs' docs_dir)
    settings: Settings  # extra.gov, validated (parse.settings)
    site_name: str  # as written in mkdocs.yml (not escaped for Material)
    site_url: str | None
    use_directory_urls: bool
    pages: tuple[str, ...]  # MkDocs' Markdown pages of content/ (source URIs), in its order
    files: frozenset[str]  # every file of content/ MkDocs publishes (source URIs)

    @property
    def catalog_dir(self) -> Path:
        return self.root / self.settings.catalog_dir


@dataclass(frozen=True)
class Output:
    """Everything the site shows, made once and then only read."""

    site: Site  # the model, for the check date
    report: checks.Report  # the checks' findings (never stopping the build)
    urls: urls.Urls
    views: Mapping[str, views.View]  # every generated page's view by source URI, documents included
    documents: Mapping[str, Document]  # the documents by source URI (their pages convert their bodies)
    bundles: tuple[Bundle, ...]  # the search bundles
    meta: metadata.SiteMeta  # the site's identity for the page metadata and feeds
    files: Mapping[str, str | bytes]  # generated files by URI: feeds, open data, sitemap, checks' JSON, tables
    withdrawn: frozenset[str]  # files of content/ that must not be published (撤销, 年报 data files)
    nav: list  # the navigation, as mkdocs.yml's nav would write it
    admin: tuple[Mapping[str, str], Mapping[str, Path]] | None  # the form editor: generated files, bundle files

    @property
    def generated(self) -> tuple[str, ...]:
        """Source URIs of the pages made from a view alone (no Markdown of their own)."""
        return tuple(uri for uri in self.views if uri not in self.documents)


def make(inputs: Inputs, as_of: datetime.date, *, cache: FrontMatterCache | None = None, feeds=None,
         memo=None) -> Output:
    """The site for ``inputs`` on the check date ``as_of``. Editors' errors raise ``ContentErrors`` (all of
    them); the checks' findings are in the report. ``cache`` (front matter as the last build parsed it),
    ``feeds`` (files already written: ``atom(feed)`` and ``file(uri, value, make)``, see
    ``render.machine.files``) and ``memo`` (each document's checked front matter, view and open-data row as
    made for the same inputs: ``get(kind, inputs, make, keep)``, see ``views.pages.DocumentInputs``) only save time: without them
    (None), the same ``Output``."""
    settings, root, content_dir = inputs.settings, inputs.root, inputs.content_dir
    u = urls.Urls(inputs.use_directory_urls)
    errors = ErrorCollector()
    site = model.load(root, content_dir, inputs.catalog_dir, errors, cache=cache, as_of=as_of, memo=memo)
    urls.check(site, u, errors)
    machine.clashes(site, root, errors)
    settings_module.check_banner(settings, lambda path: path in inputs.files, errors)
    errors.raise_if_any()
    report = checks.for_build(site, root=root, content_dir=content_dir, catalog_dir=inputs.catalog_dir,
                              options=settings.checks, as_of=as_of)
    links = settings.links or {}
    columns = [urls.column(c) for c in site.columns.values()]
    bundles = search_views.plan(site, settings.search.pages, dest=u.dest, column_pages=columns)
    bundle_of = {page: b.name for b in bundles if b.kind == search_views.KINDS["document"] for page in b.pages}
    page_views = views.generate(site, u, site_name=inputs.site_name, links=links,
                                bundles=[b.describe() for b in bundles if b.name])
    page_views[urls.CHECKS] = report.page(u)
    meta = metadata.site_meta(inputs.site_name, settings, inputs.site_url, u)
    county = settings.county or inputs.site_name
    keyed: dict[str, str] = {}  # each document's inputs (``memo``'s keys), worked out once

    def inputs_of(doc: Document) -> str:
        if (made := keyed.get(doc.src_uri)) is None:
            made = keyed[doc.src_uri] = document_inputs(doc)
        return made

    if memo is not None:
        document_inputs = views.DocumentInputs(u, meta.base)
        datasets = opendata.datasets(site, meta.absolute, county,
                                     lambda doc, row: memo.get("opendata", inputs_of(doc), row))
    else:
        datasets = opendata.datasets(site, meta.absolute, county)
    page_views[urls.OPEN_DATA] = opendata.page(datasets, u, [views.Link("首页", u.url(urls.HOME))])
    if (record := revisions.page(site, u)) is not None:  # 目录调整记录
        page_views[urls.REVISIONS] = record
    documents = {}
    crumbs: dict[str, str] = {}  # each column's crumbs as text, for its documents' keys
    for doc in site.documents:
        column_view, bundle = page_views[urls.column(doc.column)], bundle_of.get(u.dest(doc.src_uri))
        if memo is None:
            page_views[doc.src_uri] = views.document(doc, u, column_view, bundle)
        else:
            if (trail := crumbs.get(column_view.src_uri)) is None:
                trail = crumbs[column_view.src_uri] = repr(column_view.crumbs)
            page_views[doc.src_uri] = memo.get("document", (inputs_of(doc), trail, bundle),
                                               lambda: views.document(doc, u, column_view, bundle))
        documents[doc.src_uri] = doc
    withdrawn = frozenset(site.withdrawn_files)
    files: dict[str, str | bytes] = {urls.CHECKS_JSON: report.to_json()}
    files.update(annual.files(page_views))  # 年报: each report's tables as CSV and XLSX
    files.update(redirects.files(site, u, inputs.site_url))  # 跳转页 of moved pages (曾用网址名, 曾用编号), their nginx map
    files.update(redirects.notice_files(site, u))  # 撤销说明页: the old URLs of withdrawn columns (目录调整记录)
    # The search page's 繁→简 table and its pinyin of each character (您是不是要找): the same on every build
    # of the same code and packages (~0.8 s to make again; ``feeds.file`` may give the bytes last written).
    made = machine.maker(feeds)
    files[search_t2s.PATH] = made(search_t2s.PATH, (), lambda _: search_t2s.table().encode("utf-8"))
    files[search_readings.PATH] = made(search_readings.PATH, (), lambda _: search_readings.table().encode("utf-8"))
    ordinary = [uri for uri in inputs.pages if uri not in page_views and uri not in withdrawn]
    files.update(machine.files(site, page_views, ordinary, meta, datasets, site_name=inputs.site_name,
                               publisher=settings.identity.sponsor or inputs.site_name,
                               contact=settings.identity.contact, county=county, feeds=feeds))
    listed = published.read(root)  # no published URL ever breaks (published-urls.txt, when the county keeps one)
    if listed is not None:
        answered = [u.dest(uri) for uri in (*page_views, *ordinary, *(inputs.files - withdrawn), *files,
                                            *(d.src_uri for d in site.revoked))]  # 撤销: taken down by a decision
        late = ErrorCollector()
        published.check(listed, answered, late)
        late.raise_if_any()
    # The form editor's year (the next 索引号 it offers) is the check date's, not the clock's.
    made_admin = admin.files(site, settings.cms, root, content=content_dir.relative_to(root).as_posix()
                             if root in content_dir.parents else content_dir.name, today=report.as_of,
                             site_url=inputs.site_url)
    return Output(site, report, u, page_views, documents, tuple(bundles), meta, files, withdrawn,
                  nav.build(site, links), made_admin)
