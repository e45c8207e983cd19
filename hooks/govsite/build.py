"""One build, step by step: what the MkDocs events of ``govsite_hooks.py`` call.

``plan`` (on_files) loads and validates everything (all errors at once), runs the regulatory checks
(their findings are reported, never stopping the build: ``checks.for_build``),
makes every page's view, sets the pages on ``files``, the navigation, the search bundles, what the
last build can lend (incremental) and the rendering order; it returns the build's state, a
``Build``, made anew on every ``mkdocs serve`` rebuild. The other methods are the later events.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files

from . import checks, pipeline, urls
from .model.site import Site
from .parse import settings as settings_module
from .parse.errors import ContentErrors, ErrorCollector
from .parse.frontmatter_cache import FrontMatterCache
from .parse.settings import Settings
from .parse import site_url
from .render import admin, csp, incremental, machine, parallel, preview, templates, toggles, watch
from .render.output import SERVE_ENV, AtomicOutput, remove_serve_folder, serve_folder
from .render.pages import REUSE_TEMPLATE, DocumentPage, ViewPage
from .search import indexer as search_indexer
from .search.indexer import Indexer
from .views import identity, metadata, nav
from .views import pages as views
from .views import search as search_views
from .views.search import Bundle

log = logging.getLogger("mkdocs.plugins.govsite")
FRONT_MATTER = ".front-matter.pickle"  # beside the site: .site.front-matter.pickle (parse.frontmatter_cache)


@dataclass(frozen=True)
class Switches:
    """The environment variables the product reads, read once where a run starts (``Run``) and handed
    down: nothing below this module reads ``os.environ``."""

    as_of: str | None = None  # GOV_AS_OF: the check date (make site AS_OF=…)
    serve_dir: str | None = None  # GOVSITE_SERVE_DIR: where mkdocs serve keeps its site (render.output.serve_folder)
    render_each: bool = False  # GOVSITE_RENDER_EACH: every page renders Material's frame itself (render.templates)
    one_process: bool = False  # GOVSITE_ONE_PROCESS: render in one process (render.parallel)

    @classmethod
    def read(cls, environ: Mapping[str, str]) -> Switches:
        return cls(environ.get(checks.AS_OF_ENV), environ.get(SERVE_ENV), bool(environ.get(templates.RENDER_EACH)),
                   bool(environ.get(parallel.ONE_PROCESS)))


class Run:
    """The state of one MkDocs command (a build, or mkdocs serve and its rebuilds): made in on_startup, the
    only state the hooks module holds (as Material's plugins keep theirs on the plugin instance). What
    one build makes is its ``Build`` (``current``), made anew by ``plan``; what outlives a build here is
    the staging folder between its events and, under mkdocs serve, the caches a rebuild reuses."""

    def __init__(self, command: str | None = None, environ: Mapping[str, str] | None = None) -> None:
        self.command = command  # "build", "serve", "gh-deploy"; None: a build without on_startup (tests)
        self.switches = Switches.read(os.environ if environ is None else environ)
        self.output = AtomicOutput()  # the staging folder outlives a build only to be swapped in or removed
        self.settings: Settings | None = None
        self.as_of: datetime.date | None = None  # GOV_AS_OF as a date (on_config)
        self.current: Build | None = None
        self.started = 0.0
        self.served: MkDocsConfig | None = None  # mkdocs serve's last configuration (on_shutdown removes its folder)
        # Kept from one build of this process to the next (mkdocs serve): speed only, never what a page shows.
        self.feeds = machine.Remembered() if command == "serve" else None  # feeds written, by their view
        self.compiled = templates.CompiledTemplates()  # Jinja's compiled templates
        self.front_matter: dict = {}  # the front-matter cache this process last wrote (parse.frontmatter_cache)
        self.background = search_indexer.Background()  # mkdocs serve: Pagefind still indexing a served site

    @property
    def skips_pages(self) -> bool:
        return self.current is not None and self.current.skips_pages


def configure(config: MkDocsConfig, run: Run) -> MkDocsConfig:
    """on_config: the settings (errors stop here), Markdown and theme options the product relies on,
    and the staging folder a build writes into (swapped into site/ at the end; under mkdocs serve into the
    folder it serves, ``render.output.serve_folder``, so serve rebuilds are incremental too)."""
    output, command = run.output, run.command
    abort(run.current, output)  # a serve rebuild that failed half-way
    run.current, run.started = None, time.monotonic()
    run.background.stop()  # mkdocs serve: bundles the last build still indexes are indexed by this one
    errors = ErrorCollector()
    run.as_of = checks.environment_date(run.switches.as_of, errors)
    settings = settings_module.load(config.extra, errors)
    settings_module.check_text(config, errors)
    written = site_url.as_written(config.config_file_path)  # not as MkDocs has mended it
    site_url.check(written.get("site_url", config.site_url), command, errors)
    if config.repo_url:  # Material prints it unescaped in every page's header (partials/source.html)
        site_url.check_address(written.get("repo_url", config.repo_url), "repo_url", errors,
                               example="https://git.（本县域名）.gov.cn/单位/仓库", why="它是每个页面页头的链接")
    errors.raise_if_any()
    if (warning := identity.missing(settings.identity)) is not None:
        log.warning(warning)
    # Aligned table cells as align="…", not style="…": bodies may not carry style (render.sanitize).
    config.mdx_configs.setdefault("tables", {}).setdefault("use_align_attribute", True)
    if "tables" not in config.markdown_extensions:
        config.markdown_extensions.append("tables")
    # Material's templates print these unescaped; the project's templates use gov_site.name instead.
    config.extra["gov_site_name"] = config.site_name
    config.site_name = templates.for_material(config.site_name)
    if config.site_description:
        config.site_description = templates.for_material(config.site_description)
    if config.repo_name:
        config.repo_name = templates.for_material(config.repo_name)
    # Material's inline scope script then reads the same on every page: one hash in the CSP.
    config.extra["scope"] = "/"
    # sitemap.xml is the project's (render.machine: lastmod from the content), not the theme's template.
    config.theme.static_templates.discard(urls.SITEMAP_XML)
    if command in (None, "build", "gh-deploy"):
        config.site_dir = output.begin(config.site_dir)
    elif command == "serve":  # the served folder, swapped the same way: rebuilds are incremental too
        config.extra["gov_serve_default"] = config.site_dir
        config.site_dir = output.begin(serve_folder(config.site_dir, run.switches.serve_dir))
        config.extra_javascript.append(preview.SCRIPT)  # the preview's errors, above every page
    run.settings = settings
    run.served = config if command == "serve" else None
    return config


def serve(server, config: MkDocsConfig, run: Run):
    """on_serve: serve the folder the builds swap into (``render.output.serve_folder``), its 404 page, and
    rebuild when the catalog, the templates or the inherited settings (govsite.yml) change, not only
    content/ and mkdocs.yml (MkDocs' own watch); folders are watched by the kernel, not polled
    (``render.watch``). A change to hooks/ needs a restart."""
    target, settings = run.output.target, run.settings
    if target is None:
        return server
    server.root = str(target)
    watch.native(server)
    log.info("Serving the site built in %s", target)
    fallback = server.error_handler

    def error_page(code):
        page = target / f"{code}.html"
        return page.read_bytes() if page.is_file() else fallback(code)

    server.error_handler = error_page
    root = Path(config.config_file_path).parent
    catalog_dir = root / settings.catalog_dir if settings is not None else None
    for path in [catalog_dir, config.theme.custom_dir, *incremental.inherited(Path(config.config_file_path))]:
        if path and Path(path).exists():
            server.watch(str(path))
    return server


def shutdown(run: Run) -> None:
    """on_shutdown: the serve folder goes (MkDocs removes only its own temporary folder)."""
    run.background.stop()
    output, config = run.output, run.served
    if config is not None and output.target is not None:
        remove_serve_folder(output.target, config.extra.get("gov_serve_default"))


@dataclass
class Build:
    config: MkDocsConfig
    settings: Settings
    site: Site
    urls: urls.Urls
    views: dict[str, views.View]  # every page's view by source URI, documents included
    bundles: list[Bundle]
    reuse: incremental.Reuse | None
    indexer: Indexer | None
    files: Files
    worker: parallel.Worker | None = None  # the second process rendering a share of the pages
    parsed: FrontMatterCache | None = None  # front matter kept for the next build
    meta: metadata.SiteMeta | None = None  # the site's identity for the page metadata and feeds
    jinja: object = None  # the theme's Jinja environment (on_env)
    render_errors: ErrorCollector = field(default_factory=ErrorCollector)
    command: str | None = None  # mkdocs' command: "serve" shows editors' errors instead of stopping
    phases: dict[str, float] = field(default_factory=dict)
    report: checks.Report | None = None  # the checks' findings: summed up as the build ends, never stopping it
    run: Run | None = None  # the process's state (caches kept between mkdocs serve's builds, switches)

    @property
    def skips_pages(self) -> bool:
        """Some pages render to nothing here (reused, or written by the other process)."""
        return bool(self.reuse and self.reuse.pages) or self.worker is not None

    def phase(self, name: str) -> None:
        now = time.monotonic()
        self.phases[name] = now - self.phases.pop("_last", now)
        self.phases["_last"] = now


def plan_or_show_errors(files: Files, config: MkDocsConfig, run: Run) -> Files:
    """``plan``, made the run's current build; under mkdocs serve, editors' errors are shown in the browser
    instead of stopping the server (render.preview): no build, and nothing is rendered."""
    try:
        run.current = plan(files, config, run)
        return run.current.files
    except ContentErrors as errors:
        if run.command != "serve":
            raise
        refused(errors.errors, run.output)
        config.theme.static_templates.clear()  # nothing to render: the theme's 404 page needs the frame's view
        return Files([])


def plan(files: Files, config: MkDocsConfig, run: Run) -> Build:
    """on_files: the pipeline's ``Output`` (``pipeline.make``) mapped onto MkDocs' files and pages, and
    what the speed machinery plans around it (pages reused from the last build, the second process)."""
    settings, output, command = run.settings, run.output, run.command
    phases = {"_last": run.started}
    root = Path(config.config_file_path).parent
    content_dir = Path(config.docs_dir)
    catalog_dir = root / settings.catalog_dir
    inputs = pipeline.Inputs(root, content_dir, settings, config.extra["gov_site_name"], config.site_url,
                             config.use_directory_urls, tuple(f.src_uri for f in files.documentation_pages()),
                             frozenset(f.src_uri for f in files))
    # Front matter (and catalog files) as the last good build parsed them, for files unchanged since.
    parsed = FrontMatterCache(output.target.with_name(f".{output.target.name}{FRONT_MATTER}") if output.staging else None,
                              run.front_matter)
    made = pipeline.make(inputs, checks.check_date(settings.checks, run.as_of), cache=parsed, feeds=run.feeds)
    if parsed.hits:
        log.info("Front matter of %d files unchanged since the last build: not parsed again", parsed.hits)
    site, report, u, bundles, meta = made.site, made.report, made.urls, list(made.bundles), made.meta
    if (warning := site.catalog.missing_role()) is not None:  # 政府信息公开's sub-columns would go missing unsaid
        log.warning(warning)
    page_views, documents = dict(made.views), made.documents
    for uri in made.generated:
        if (existing := files.get_file_from_path(uri)) is not None:
            files.remove(existing)  # an ordinary page at a generated page's path (documents were refused above)
        files.append(File.generated(config, uri, content=""))
    for uri in made.withdrawn:  # 撤销: off the site, hence out of search too
        if (withdrawn := files.get_file_from_path(uri)) is not None:
            files.remove(withdrawn)
    for uri, content in made.files.items():
        if (existing := files.get_file_from_path(uri)) is not None:
            files.remove(existing)  # the theme's raw sitemap.xml template (content clashes were refused)
        files.append(File.generated(config, uri, content=content))
    _add_admin(files, config, made.admin)
    if command == "serve":
        files.append(File.generated(config, preview.SCRIPT, content=preview.script()))
    config.nav = made.nav
    reuse = _plan_reuse(site, root, config, catalog_dir, page_views, bundles, output, settings) if output.staging else None
    reused = reuse.pages if reuse else set()
    if reuse is not None:
        log.debug("Incremental build: %d files linked, not copied", reuse.take_static(files, config.site_dir))
    if output.recycled is not None:  # the staging folder is the site before the last one (render.output)
        if reuse is not None and reuse.recycles:
            log.info("Incremental build: %d files of the site before the last one kept in place",
                     reuse.clear(Path(config.site_dir)))
        else:
            output.fresh()
    nav_titles = nav.titles(config.nav)
    for uri, view in page_views.items():
        file = files.get_file_from_path(uri)
        if uri in documents:
            DocumentPage(documents[uri], view, file, config, reused=file.dest_uri in reused)
        else:
            ViewPage(view, file, config, reused=file.dest_uri in reused, nav_title=nav_titles.get(uri))
    # mkdocs serve: a changed bundle is indexed after the site is served (its old index meanwhile)
    indexer = Indexer(config.site_dir, bundles, reuse=reuse, defer=command == "serve", background=run.background)
    ordered = _in_bundle_order(files, bundles)
    # Both cores render (render.parallel) in a build; not under mkdocs serve (it runs threads of its own).
    share = parallel.share([f.dest_uri for f in ordered.documentation_pages()],
                           documents={u.dest(uri) for uri in documents},
                           reused=reused, one_process=run.switches.one_process) if output.staging and command != "serve" else set()
    build = Build(config, settings, site, u, page_views, bundles, reuse, indexer, ordered,
                  worker=parallel.Worker(share) if share else None, parsed=parsed, meta=meta, phases=phases,
                  report=report, command=command, run=run)
    build.phase("plan")
    return build


def _add_admin(files: Files, config: MkDocsConfig, made: tuple | None) -> None:
    """The form editor (admin/: render.admin), when its bundle is installed (npm ci)."""
    if made is None:
        log.info("Form editor (admin/) not built: %s missing (npm ci)", admin.BUNDLE / admin.SCRIPT)
        return
    generated, bundle = made
    for uri, text in generated.items():
        files.append(File.generated(config, uri, content=text))
    for uri, path in bundle.items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))


def _plan_reuse(site: Site, root: Path, config: MkDocsConfig, catalog_dir: Path, page_views: dict,
                bundles: list[Bundle], output: AtomicOutput, settings: Settings) -> incremental.Reuse:
    content_dir = Path(config.docs_dir)
    folders = [Path(__file__).parent, catalog_dir] + ([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])
    u = urls.Urls(config.use_directory_urls)
    site_wide = incremental.with_content(
        incremental.site_key(root, Path(config.config_file_path), folders,
                             [content_dir / org.folder / "_org.yml" for org in site.tree.orgs.values()]),
        views.frame(config.extra["gov_site_name"], settings, u, site), config.nav)  # on every page
    keys, indexed = incremental.page_keys(page_views, site.documents + site.annual, u.dest, site_wide,
                                          always={urls.CHECKS})  # annual reports: their data files' digests
    reuse = incremental.Reuse(output.target, site_wide)
    # the site before the last one, to build in (render.output)
    reuse.plan(keys, incremental.bundle_keys(bundles, indexed), spare=output.recycle())
    if reuse.pages:
        log.info("Incremental build: %d of %d pages and %d of %d search bundles unchanged since the last build",
                 len(reuse.pages), len(keys), len(reuse.bundles), len(bundles))
    return reuse


def _in_bundle_order(files: Files, bundles: list[Bundle]) -> Files:
    """MkDocs renders pages in the order of ``files``: a search bundle's pages together, so Pagefind
    indexes each bundle while MkDocs renders the next. Document and column bundles alternate: column
    pages render fast and keep Pagefind busy while documents (slower to render) are written."""
    documents = [b for b in bundles if b.kind != search_views.KINDS["column"]]
    columns = [b for b in bundles if b.kind == search_views.KINDS["column"]]
    order = [b for pair in itertools.zip_longest(documents, columns) for b in pair if b is not None]
    first = {page: n for n, bundle in enumerate(order) for page in bundle.pages}
    rest = len(order)
    return Files(sorted(files, key=lambda f: first.get(f.dest_uri, rest)))  # sorted() is stable


def env(build: Build, env_, config: MkDocsConfig, files: Files):
    """on_env: autoescape for the project's templates; the frame's view (header, footer); the pages taken
    over from the last build leave MkDocs's page loop."""
    build.phase("read")
    build.jinja = env_
    templates.configure(env_, custom_dir=config.theme.custom_dir,
                        globals_={"gov_site": views.frame(config.extra["gov_site_name"], build.settings, build.urls, build.site),
                                  "gov_metadata": functools.partial(metadata.page, site=build.meta)},
                        compiled=build.run.compiled if build.run else None,
                        render_each=build.run is not None and build.run.switches.render_each)
    _take_reused(build, files, config)
    return env_


def _take_reused(build: Build, files: Files, config: MkDocsConfig) -> None:
    """A page the last build wrote as this one would is linked from the last site here, at once, and taken
    out of ``files`` (MkDocs's own list, after its Markdown pass: an ordinary page's links have been resolved
    against every page), so MkDocs's page loop sees only the pages rendered anew: at 50,000 documents, a
    one-document edit leaves ~70,000 pages MkDocs would otherwise take through its loop one by one.
    ``build.files`` keeps every file: a document's body, converted later, may link to any page."""
    if build.reuse is None or not build.reuse.pages:
        return
    build.files = Files(list(files))
    for file in build.files.documentation_pages():
        if isinstance(file.page, ViewPage) and file.page.reused:
            files.remove(file)
            build.reuse.link_page(file.dest_uri, config.site_dir)
            if build.indexer is not None:
                build.indexer.page_rendered(file.dest_uri)
    log.info("MkDocs renders %d of %d pages; the others are linked from the last build",
             len(files.documentation_pages()), len(build.files.documentation_pages()))


def context(build: Build, context_: dict, page, nav) -> dict:
    """on_page_context: the page's view as ``gov``; a document's body is converted now. At the first
    page, the second process starts (render.parallel)."""
    if build.worker is not None and not build.worker.started:
        _fork(build, page, nav)
    if not isinstance(page, ViewPage) or page.elsewhere:
        return context_
    if isinstance(page, DocumentPage):
        page.convert(build.config, build.files, build.render_errors)
        context_["body"] = Markup(page.content)  # sanitized (render.sanitize)
    context_["gov"] = page.shown
    return context_


def _fork(build: Build, first, nav) -> None:
    """The child renders the worker's pages with MkDocs' page routine; the parent skips them."""
    config, worker = build.config, build.worker
    routine = parallel.build_page_routine(config)
    doc_files = build.files.documentation_pages()
    pages = [f.page for f in doc_files if f.dest_uri in worker.pages]

    def before_child() -> ErrorCollector:
        first.active = False  # the parent's current page is not the child's
        build.worker, build.indexer = None, None
        return build.render_errors

    def after_pages(done: list) -> None:
        for page in done:
            page.validate_anchor_links(files=build.files, log_level=config.validation.links.anchors)

    worker.start(pages, lambda page: routine(page, config, doc_files, nav, build.jinja),
                 before_child=before_child, after_pages=after_pages)
    for page in pages:
        page.elsewhere = True
        page.meta["template"] = REUSE_TEMPLATE
    log.info("Rendering in two processes: %d of %d pages in the second", len(pages), len(doc_files))


def post_page(build: Build, output: str, page) -> str:
    """on_post_page: the CSP on the page as written; the page goes to its search bundle."""
    elsewhere = isinstance(page, ViewPage) and page.elsewhere
    if elsewhere:
        pass  # written by the other process, which says so (Worker.poll)
    elif output:
        try:
            output = csp.secure(toggles.valid(output))
        except ValueError as exc:  # a developer's template, never an editor's content (bodies are sanitized)
            raise PluginError(f"{page.file.src_uri}: {exc}") from None
    if build.indexer is not None:
        if build.worker is not None:
            for uri in build.worker.poll():
                build.indexer.page_rendered(uri)
        if not elsewhere:
            build.indexer.page_rendered(page.file.dest_uri)
    return output


def _join(build: Build, output: AtomicOutput) -> None:
    """The other process's pages, warnings and errors; its failure fails the build."""
    if build.worker is None or not build.worker.started:
        return
    written, report = build.worker.finish()
    if build.indexer is not None:
        for uri in written:
            build.indexer.page_rendered(uri)
    for name, level, message in report.get("records", []):
        logging.getLogger(name).log(level, message)
    build.render_errors.errors.extend(report.get("errors", []))
    if isinstance(report.get("os_error"), OSError):  # e.g. the disk filled while it wrote: one line (failed)
        raise report["os_error"]
    if report.get("failure"):
        abort(build, output)
        raise PluginError(report["failure"])


def post_template(output: str, template_name: str) -> str:
    """on_post_template: a static page of the theme (404.html, which nginx also sends for its own errors)
    with Material's toggles made valid and the Content-Security-Policy, as every page."""
    if not template_name.endswith(".html"):
        return output
    try:
        return csp.secure(toggles.valid(output))
    except ValueError as exc:
        raise PluginError(f"{template_name}: {exc}") from None


def finish(build: Build, output: AtomicOutput) -> None:
    """on_post_build: editors' body errors fail the build; the search index is finished (a failed
    index fails the build); the site is swapped into site/ and config.site_dir points at it again."""
    _join(build, output)
    build.phase("templates")
    if build.render_errors:
        abort(build, output)
        if build.command == "serve":
            return refused(build.render_errors.errors, output)
        raise PluginError(build.render_errors.report())
    later = None  # mkdocs serve: the indexer still making bundles once the site is served
    if build.indexer is not None:
        if build.indexer.finish(expected_pages=len(build.site.documents)).get("deferred"):
            later = build.indexer
        build.indexer = None
        build.phase("search")
    if build.reuse is not None:
        build.reuse.prune(Path(build.config.site_dir))
        build.reuse.forget()
    target = output.commit(keys=build.reuse.last if build.reuse is not None else None)
    if target is not None:
        build.config.site_dir = str(target)  # gh-deploy reads it after the build
    if build.reuse is not None:
        build.reuse.save(pending=sorted(later.deferred) if later else [])
    if later is not None:
        later.on_placed = build.reuse.save  # the bundles' keys, once their index is in place
        later.placed(target)
    if build.parsed is not None:
        build.parsed.save()
    build.phases.pop("_last", None)
    log.info("Build steps (s): " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in build.phases.items()))
    if build.report is not None:
        checks.announce(build.report)  # last: what the maintainers read at the end of the log


def refused(errors: list, output: AtomicOutput) -> None:
    """mkdocs serve, editors' errors: nothing of this build is kept; the last good site stays served, with
    the errors beside it for the browser (render.preview), and in the terminal (the staging folder is the
    caller's to abort: MkDocs may still write the theme's static pages into it)."""
    had_site = output.target is not None and preview.has_site(output.target)
    if output.target is not None:
        preview.show(errors, output.target)
    log.error(ErrorCollector(list(errors)).report().replace(
        "原有网站（site/）保持不变。", "预览中仍是上次正确生成的网站。" if had_site else "改正后即可预览。"))


def failed(build: Build | None, output: AtomicOutput, error: BaseException) -> None:
    """on_build_error: the staging folder goes (``abort``). An OS error (disk full, no permission, a read-only
    disk, an I/O error: ``os_error``) ends the build in one Chinese line naming the path, not a traceback:
    raised as MkDocs's ``Abort``, which ``mkdocs build`` prints as it is and ``mkdocs serve`` logs (a
    ``PluginError`` raised here would be printed as "Error: …" or, under serve, with a traceback)."""
    cause = os_error(error)
    line = output.failure(cause) if cause is not None else None
    abort(build, output)
    if line is not None:
        raise Abort(line) from None


def os_error(error: BaseException | None) -> OSError | None:
    """The OS error behind ``error``, if any: itself, or what it was raised from (e.g. the search index's
    ``PluginError`` from the OSError of a link)."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OSError):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def abort(build: Build | None, output: AtomicOutput) -> None:
    if build is not None and build.worker is not None:
        build.worker.abort()
    if build is not None and build.indexer is not None:
        build.indexer.abort()
        build.indexer = None
    target = output.target if output.staging else None
    output.abort()
    if build is not None and target is not None:
        build.config.site_dir = str(target)
