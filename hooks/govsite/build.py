"""One build, step by step: what the MkDocs events of ``govsite_hooks.py`` call.

``plan`` (on_files) asks the pipeline (``pipeline.make``: everything loaded, validated and checked, every
page's view, the machine-readable files, the navigation) and maps its ``Output`` onto MkDocs' files and
pages; it returns the build's state, a ``Build``, made anew on every ``mkdocs serve`` rebuild. The other
functions are the later events. At each step the speed room (``speed.Shortcuts``) is asked what it can
save (pages taken over from the last build, the second process, caches); switched off
(``GOVSITE_NO_SPEED=1``), the same site is built the slow, obvious way.
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

from . import checks, pipeline, speed, urls
from .model.site import Site
from .parse import settings as settings_module
from .parse.errors import ContentErrors, ErrorCollector
from .parse.settings import Settings
from .parse import site_url
from .render import admin, csp, minify, preview, templates, toggles, watch
from .render.output import SERVE_ENV, AtomicOutput, remove_serve_folder, serve_folder
from .render.pages import DocumentPage, ViewPage
from .search.indexer import Indexer
from .speed import parallel
from .views import identity, metadata, nav
from .views import pages as views
from .views import search as search_views
from .views.search import Bundle

log = logging.getLogger("mkdocs.plugins.govsite")


@dataclass(frozen=True)
class Switches:
    """The environment variables the product reads, read once where a run starts (``Run``) and handed
    down: nothing below this module reads ``os.environ``."""

    as_of: str | None = None  # GOV_AS_OF: the check date (make site AS_OF=…)
    serve_dir: str | None = None  # GOVSITE_SERVE_DIR: where mkdocs serve keeps its site (render.output.serve_folder)
    render_each: bool = False  # GOVSITE_RENDER_EACH: every page renders Material's frame itself (render.templates)
    one_process: bool = False  # GOVSITE_ONE_PROCESS: render in one process (speed.parallel)
    no_speed: bool = False  # GOVSITE_NO_SPEED: the speed room off, the slow obvious way (speed.Speed)
    verify_views: bool = False  # GOVSITE_VERIFY_VIEWS (tests): every cached view made fresh and compared (speed.memo)

    @classmethod
    def read(cls, environ: Mapping[str, str]) -> Switches:
        return cls(environ.get(checks.AS_OF_ENV), environ.get(SERVE_ENV), bool(environ.get(templates.RENDER_EACH)),
                   bool(environ.get(parallel.ONE_PROCESS)), bool(environ.get(speed.OFF)),
                   bool(environ.get(speed.VERIFY_VIEWS)))


class Run:
    """The state of one MkDocs command (a build, or mkdocs serve and its rebuilds): made in on_startup, the
    only state the hooks module holds (as Material's plugins keep theirs on the plugin instance). What
    one build makes is its ``Build`` (``current``), made anew by ``plan``; what outlives a build here is
    the staging folder between its events and the speed room (``speed.Speed``: under mkdocs serve, the
    caches a rebuild reuses)."""

    def __init__(self, command: str | None = None, environ: Mapping[str, str] | None = None) -> None:
        self.command = command  # "build", "serve", "gh-deploy"; None: a build without on_startup (tests)
        self.switches = Switches.read(os.environ if environ is None else environ)
        self.output = AtomicOutput()  # the staging folder outlives a build only to be swapped in or removed
        self.settings: Settings | None = None
        self.as_of: datetime.date | None = None  # GOV_AS_OF as a date (on_config)
        self.current: Build | None = None
        self.started = 0.0
        self.served: MkDocsConfig | None = None  # mkdocs serve's last configuration (on_shutdown removes its folder)
        switches = self.switches
        self.speed = speed.Speed(enabled=not switches.no_speed, command=command, one_process=switches.one_process,
                                 render_each=switches.render_each,
                                 verify_views=switches.verify_views)  # speed only, never what a page shows

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
    run.speed.stop()  # mkdocs serve: bundles the last build still indexes are indexed by this one
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
    for path in [catalog_dir, config.theme.custom_dir, *speed.reuse.inherited(Path(config.config_file_path))]:
        if path and Path(path).exists():
            server.watch(str(path))
    return server


def shutdown(run: Run) -> None:
    """on_shutdown: the serve folder goes (MkDocs removes only its own temporary folder)."""
    run.speed.stop()
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
    speed: speed.Shortcuts  # what the speed room does for this build (reuse, the second process, caches)
    indexer: Indexer | None
    files: Files
    meta: metadata.SiteMeta | None = None  # the site's identity for the page metadata and feeds
    jinja: object = None  # the theme's Jinja environment (on_env)
    render_errors: ErrorCollector = field(default_factory=ErrorCollector)
    command: str | None = None  # mkdocs' command: "serve" shows editors' errors instead of stopping
    phases: dict[str, float] = field(default_factory=dict)
    report: checks.Report | None = None  # the checks' findings: summed up as the build ends, never stopping it
    run: Run | None = None  # the process's state (caches kept between mkdocs serve's builds, switches)
    released: bool = False  # the generated files' text let go once MkDocs wrote them (``release_written``)

    @property
    def skips_pages(self) -> bool:
        """Some pages render to nothing here (reused, or written by the other process)."""
        return self.speed.skips_pages

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
    """on_files: the pipeline's ``Output`` (``pipeline.make``) mapped onto MkDocs' files and pages, with what
    the speed room (``speed``) plans around it: pages taken over from the last build, the second process."""
    settings, output, command = run.settings, run.output, run.command
    phases = {"_last": run.started}
    root = Path(config.config_file_path).parent
    inputs = pipeline.Inputs(root, Path(config.docs_dir), settings, config.extra["gov_site_name"], config.site_url,
                             config.use_directory_urls, tuple(f.src_uri for f in files.documentation_pages()),
                             frozenset(f.src_uri for f in files))
    shortcuts = run.speed.begin(output)
    made = shortcuts.make(inputs, checks.check_date(settings.checks, run.as_of))
    site, u, bundles, documents = made.site, made.urls, list(made.bundles), made.documents
    if (warning := site.catalog.missing_role()) is not None:  # 政府信息公开's sub-columns would go missing unsaid
        log.warning(warning)
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
    _serve_smaller(files, config)
    if command == "serve":
        files.append(File.generated(config, preview.SCRIPT, content=preview.script()))
    config.nav = made.nav
    reused = shortcuts.plan(made, files, config, settings)
    nav_titles = nav.titles(config.nav)
    for uri, view in made.views.items():
        file = files.get_file_from_path(uri)
        if uri in documents:
            DocumentPage(documents[uri], view, file, config, reused=file.dest_uri in reused)
        else:
            ViewPage(view, file, config, reused=file.dest_uri in reused, nav_title=nav_titles.get(uri))
    indexer = shortcuts.indexer(config.site_dir, bundles)
    ordered = _in_bundle_order(files, bundles)
    shortcuts.share(ordered, {u.dest(uri) for uri in documents}, reused)
    build = Build(config, settings, site, u, dict(made.views), bundles, shortcuts, indexer, ordered, meta=made.meta,
                  phases=phases, report=made.report, command=command, run=run)
    build.phase("plan")
    return build


def _serve_smaller(files: Files, config: MkDocsConfig) -> None:
    """The theme's scripts and stylesheets as the site serves them (render.minify): its own (custom_dir) as
    generated files without comments and indentation, and each beside its level-9 .gz (gzip_static).
    All generated: the speed room keys them by content."""
    own = Path(config.theme.custom_dir).resolve() if config.theme.custom_dir else None
    for file in list(files):
        if not file.abs_src_path or not (minify.wanted(file.src_uri) or minify.precompressed(file.src_uri)):
            continue
        source = Path(file.abs_src_path)
        content = source.read_bytes()
        if own is not None and minify.wanted(file.src_uri) and source.resolve().is_relative_to(own):
            try:
                content = minify.minified(file.src_uri, content.decode("utf-8")).encode("utf-8")
                files.remove(file)
                files.append(File.generated(config, file.src_uri, content=content))
            except ValueError:  # a script it cannot read (an unterminated literal): served as written
                pass
        if minify.precompressed(file.src_uri):
            files.append(File.generated(config, file.src_uri + ".gz", content=minify.gzipped(content)))


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
                        compiled=build.run.speed.compiled if build.run else None,
                        render_each=build.run is not None and build.run.speed.render_each)
    every = build.speed.take_reused(files, config.site_dir, build.indexer)
    if every is not None:  # MkDocs renders only the pages not taken over; a body may link to any page
        build.files = every
    return env_


def context(build: Build, context_: dict, page, nav) -> dict:
    """on_page_context: the page's view as ``gov``; a document's body is converted now. At the first
    page, the generated files' text is let go (``release_written``) and the second process starts
    (speed.parallel)."""
    if not build.released:
        build.released = True
        release_written(build.files)
    build.speed.fork(build, page, nav)
    if not isinstance(page, ViewPage) or page.elsewhere:
        return context_
    if isinstance(page, DocumentPage):
        page.convert(build.config, build.files, build.render_errors)
        context_["body"] = Markup(page.content)  # sanitized (render.sanitize)
    context_["gov"] = page.shown
    return context_


def release_written(files: Files) -> int:
    """The files generated with their text (feeds, open data, the sitemap, the checks' JSON) are written
    by the first page (MkDocs' ``copy_static_files`` runs before its page loop): each now reads, if
    anything asks, what was written, and its text is let go: not held through the page loop, nor carried
    into the second process forked at the first page (35 M characters at 10,000 documents, counted in both
    processes). Returns how many."""
    released = 0
    for file in files:
        if file.is_documentation_page() or file.inclusion.is_excluded() or getattr(file, "_content", None) is None:
            continue
        file.abs_src_path, file._content = file.abs_dest_path, None  # File.content_bytes reads abs_src_path
        released += 1
    return released


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
    if isinstance(page, DocumentPage):
        page.let_go()  # written (MkDocs writes ``output``, not the page's parts)
    if build.indexer is not None:
        for uri in build.speed.written():
            build.indexer.page_rendered(uri)
        if not elsewhere:
            build.indexer.page_rendered(page.file.dest_uri)
    return output


def _join(build: Build, output: AtomicOutput) -> None:
    """The other process's pages, warnings and errors (speed.parallel); its failure fails the build."""
    failure = build.speed.join(build.indexer, build.render_errors)
    if failure:
        abort(build, output)
        raise PluginError(failure)


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
    parallel.give_back()  # the pages' parts let go while Pagefind, still indexing, needs memory
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
    target = build.speed.commit(later)  # the swap; what the next build takes over is kept
    if target is not None:
        build.config.site_dir = str(target)  # gh-deploy reads it after the build
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
    if build is not None:
        build.speed.abort()
    if build is not None and build.indexer is not None:
        build.indexer.abort()
        build.indexer = None
    target = output.target if output.staging else None
    output.abort()
    if build is not None and target is not None:
        build.config.site_dir = str(target)
