"""MkDocs hooks of the county disclosure site: the only file ``mkdocs.yml`` lists.

Each handler says *when* something happens; the ``govsite`` package says *what*.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from govsite import checks, identity, incremental, model, nav, pages, search
from govsite.documents import FRONT_MATTER, Document
from govsite.output import AtomicOutput


class _State:
    """Per-build state; hooks stay loaded across `mkdocs serve` rebuilds, so on_config resets it."""

    command: str | None = None
    site: model.Site | None = None
    generated: dict[str, pages.GeneratedPage] = {}
    documents: dict[str, Document] = {}
    deferred: dict[str, str] = {}  # document Markdown, converted when its page is rendered
    reuse: incremental.Reuse | None = None  # pages and search bundles taken over from the last build
    reused: set[str] = set()  # their dest URIs
    files: Files | None = None
    shards: list = []
    bundle_of: dict[str, str] = {}  # document page → its search bundle (the 批次 filter)
    indexer: search.Indexer | None = None
    output = AtomicOutput()
    phases: dict[str, float] = {}  # seconds per build step, logged at the end (tests/bench reads them)

    def phase(self, name: str) -> None:
        now = time.monotonic()
        self.phases[name] = now - self.phases.pop("_last", now)
        self.phases["_last"] = now


state = _State()
log = logging.getLogger("mkdocs.plugins.govsite")
# A reused page renders to nothing (incremental.TEMPLATE); MkDocs would say so once per page.
logging.getLogger("mkdocs.commands.build").addFilter(
    lambda record: not (state.reused and str(record.msg).startswith("Page skipped:")))

_HEADING = re.compile(r"^(#{1,5})(?=[ \t])", re.M)


def on_startup(*, command: str, dirty: bool) -> None:
    state.command = command


@event_priority(100)  # first: every later step (pages, search index) must write into the staging folder
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Build into a staging folder (swapped into site/ by on_post_build) unless serving."""
    if state.indexer is not None:  # a serve rebuild that failed half-way
        state.indexer.abort()
    state.site, state.generated, state.documents, state.files, state.indexer = None, {}, {}, None, None
    state.deferred, state.reuse, state.reused = {}, None, set()
    state.phases = {"_last": time.monotonic()}
    if state.command in (None, "build", "gh-deploy"):
        config.site_dir = state.output.begin(config.site_dir)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Load catalog, organisations and documents (all errors at once), run the regulatory checks
    (errors stop the build, warnings are logged); add the generated pages, drop revoked documents;
    plan the search bundles, what the last build can lend (incremental), and the rendering order."""
    root = Path(config.config_file_path).parent
    gov = config.extra.get("gov", {})
    catalog_dir = root / gov.get("catalog_dir", "catalog")
    state.phase("files")
    site = model.load(root, Path(config.docs_dir), catalog_dir)
    state.phase("load")
    report = checks.for_build(site, root=root, content_dir=Path(config.docs_dir), catalog_dir=catalog_dir,
                              options=gov.get("checks"))
    state.phase("checks")
    state.site = site
    state.generated = pages.generate(site) | {checks.PAGE_URI: report.page()}
    state.documents = {d.src_uri: d for d in site.documents}
    for uri in state.generated:
        existing = files.get_file_from_path(uri)
        if existing is not None:
            files.remove(existing)  # generated pages win over stray files at the same path
        files.append(File.generated(config, uri, content=""))
    for uri in site.withdrawn_files:  # 撤销: off the site, hence out of search too
        if (withdrawn := files.get_file_from_path(uri)) is not None:
            files.remove(withdrawn)
    files.append(File.generated(config, checks.JSON_URI, content=report.to_json()))
    config.nav = nav.build(site, gov.get("links", {}))
    state.shards = search.plan(site, search.shard_pages_option(gov), dest=lambda uri: files.src_uris[uri].dest_uri)
    state.generated[pages.SEARCH].context["shards"] = [s.describe() for s in state.shards if s.name]
    state.bundle_of = {page: s.name for s in state.shards if s.kind == "文件" for page in s.pages}
    if state.output.staging is not None:  # mkdocs build: take over what the last build left unchanged
        state.reuse = _plan_reuse(site, root, config, catalog_dir, files)
        state.reused = state.reuse.pages
    state.indexer = search.Indexer(config.site_dir, state.shards, reuse=state.reuse)
    state.files = _in_shard_order(files, state.shards)
    state.phase("pages")
    return state.files


def _plan_reuse(site, root: Path, config: MkDocsConfig, catalog_dir: Path, files: Files) -> incremental.Reuse:
    content_dir = Path(config.docs_dir)
    folders = [Path(__file__).parent, catalog_dir] + ([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])
    site_wide = incremental.site_key(root, Path(config.config_file_path), folders,
                                     [content_dir / org.folder / "_org.yml" for org in site.tree.orgs.values()])
    dest = lambda uri: files.src_uris[uri].dest_uri  # noqa: E731  (a dict lookup: 70k pages at L)
    keys, indexed = incremental.page_keys(site, state.generated, state.bundle_of, dest, site_wide,
                                          always={checks.PAGE_URI})
    reuse = incremental.Reuse(state.output.target, site_wide)
    reuse.plan(keys, incremental.bundle_keys(state.shards, indexed))
    if reuse.pages:
        log.info("Incremental build: %d of %d pages and %d of %d search bundles unchanged since the last build",
                 len(reuse.pages), len(keys), len(reuse.bundles), len(state.shards))
    return reuse


def _in_shard_order(files: Files, shards: list) -> Files:
    """MkDocs renders pages in the order of ``files``: a search bundle's pages together, so Pagefind
    indexes each bundle while MkDocs renders the next. Document and column bundles alternate: column
    pages render fast and keep Pagefind busy while documents (slower to render) are written."""
    documents = [s for s in shards if s.kind != "栏目"]
    columns = [s for s in shards if s.kind == "栏目"]
    order = [s for pair in itertools.zip_longest(documents, columns) for s in pair if s is not None]
    first = {page: n for n, shard in enumerate(order) for page in shard.pages}
    rest = len(order)
    return Files(sorted(files, key=lambda f: first.get(f.dest_uri, rest)))  # sorted() is stable


def on_page_read_source(*, page: Page, config: MkDocsConfig) -> str | None:
    """Documents' front matter was parsed and validated already: hand MkDocs the body only, so the
    YAML is not parsed a second time (tens of thousands of documents in a large county)."""
    if page.file.src_uri not in state.documents:
        return None
    if page.file.dest_uri in state.reused:
        return ""
    text = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
    return FRONT_MATTER.sub("", text, count=1)


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Titles and templates for generated pages and documents; document headings start at h2.

    Only pages with Markdown of their own go through MkDocs's Markdown pass (a new Markdown instance
    per page, ~0.15 ms even for an empty body): generated pages have none, a page taken over from
    the last build needs none, and a document's is converted as its page renders (on_page_context),
    so pages are written, and search bundles indexed on the other core, from the start of the build.
    """
    uri = page.file.src_uri
    if page.file.dest_uri in state.reused:
        page.meta["template"] = incremental.TEMPLATE
    elif uri in state.generated:
        generated = state.generated[uri]
        page.meta["title"], page.meta["template"] = generated.title, generated.template
    elif uri in state.documents:
        page.meta["title"] = state.documents[uri].title
        page.meta["template"] = "document.html"
        state.deferred[uri] = _HEADING.sub(r"#\1", markdown)  # the page's only h1 is the document title
    else:
        return markdown
    page.render = functools.partial(_without_markdown, page)
    return ""


def _without_markdown(page: Page, config: MkDocsConfig, files: Files) -> None:
    page.content, page.present_anchor_ids = "", set()


def on_env(env, *, config: MkDocsConfig, files: Files):
    state.phase("read")  # MkDocs has read every page (a document is converted as it is rendered)
    env.globals["gov_identity"] = identity.resolve(config.extra)
    env.filters["uri"] = _url_of
    env.filters["cn_date"] = lambda d: f"{d.year}年{d.month:02d}月{d.day:02d}日" if d else ""
    return env


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Hand the page's view model to its template as ``gov``, and its breadcrumbs as ``crumbs``."""
    uri = page.file.src_uri
    if page.file.dest_uri in state.reused:
        return context
    if uri in state.generated:
        generated = state.generated[uri]
        context["gov"] = generated.context
        context["crumbs"] = generated.crumbs
        if "column" in generated.context:
            item, org = generated.context["column"].item, generated.context["column"].org
            context["gov"] = generated.context | {
                "terms": search.han_terms(item.path, item.content, item.domain.name, org.name)}
    elif uri in state.documents:
        if (markdown := state.deferred.pop(uri, None)) is not None:
            page.markdown = markdown
            type(page).render(page, config, state.files)  # the method itself: on_page_markdown replaced it
        doc = state.documents[uri]
        context["gov"] = {"doc": doc, "terms": search.han_terms(
            doc.title, doc.number, doc.org.name, doc.topic, page.content,
            *(a.name for a in doc.attachments)), "bundle": state.bundle_of.get(page.file.dest_uri)}
        generated = state.generated[doc.column.page_uri]
        context["crumbs"] = generated.crumbs + [(f"{doc.item.name}", doc.column.page_uri)]
    return context


@event_priority(-100)  # last: the page as written is the page indexed
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    if page.file.dest_uri in state.reused:
        state.reuse.link_page(page.file.dest_uri, config.site_dir)
    if state.indexer is not None:
        state.indexer.page_rendered(page.file.dest_uri)
    return output


@event_priority(-100)  # last: other plugins' output must be in the site before it is indexed and swapped in
def on_post_build(*, config: MkDocsConfig) -> None:
    """Finish the search index (a failed index fails the build), then swap the site into site/."""
    state.phase("templates")
    if state.indexer is not None:
        state.indexer.finish(expected_pages=len(state.site.documents))
        state.indexer = None
        state.phase("search")
    if state.reuse is not None:
        state.reuse.forget()
    state.output.commit()
    if state.reuse is not None:
        state.reuse.save()
    state.phases.pop("_last", None)
    log.info("Build steps (s): " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in state.phases.items()))


def on_build_error(*, error: Exception) -> None:
    if state.indexer is not None:
        state.indexer.abort()
        state.indexer = None
    state.output.abort()


def _url_of(src_uri: str) -> str:
    """Site-relative URL of a source URI (pipe it through Material's ``url`` filter in templates)."""
    file = state.files.src_uris.get(src_uri) if state.files else None
    if file is None:
        raise KeyError(f"no page for {src_uri}")
    return file.url
