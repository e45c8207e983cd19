"""The speed room: everything that makes a build faster, and nothing a site shows.

What is in it:

- ``reuse``: a page (or search bundle) whose key, a digest of its final view, its body and the site-wide
  inputs, is the last build's is hard-linked from the last site instead of rendered (or indexed); the files
  MkDocs copies as they are likewise (``Reuse.take_static``).
- ``spare``: the site before the last one is the folder the next build is made in; the files it would
  write the same stay in place (the swap itself, ``render.output.AtomicOutput``, is not speed: it is how a
  failed build leaves the last site as it was).
- ``parallel``: a ``mkdocs build`` forks once at the first page and renders on both cores.
- ``frontmatter``: front matter and catalog files as the last build parsed them, by file identity.
- ``feeds``: Atom feeds already written, by their view: under mkdocs serve kept in the process, in a build
  read back from the last site when their key (view and code) is the one it saved.
- ``memo``: each document's view (with its search record and pinyin terms) and open-data row, by an input key
  (``views.pages.DocumentInputs``): under mkdocs serve kept in the process, in a build read back from beside
  the site; the digest of a kept view's content is kept with it (the view part of its page key).
- ``background`` (mkdocs serve): changed search bundles indexed after the site is served.
- and, held here: Jinja's compiled templates (``render.templates.CompiledTemplates``) and the parts of
  Material's frame shared between pages (``render.templates`` ``Once``, ``SharedNav``).

The interface: ``Speed``, one per run (``build.Run`` makes it from ``build.Switches``), holds what
outlives a build; ``Speed.begin`` gives each build its ``Shortcuts``, which ``build`` asks at each MkDocs
event: ``make`` (``pipeline.make`` with its caches), ``plan`` (the pages taken over; static files linked;
the spare cleared), ``indexer``, ``share`` (the pages the second process renders), ``take_reused``
(on_env), ``fork`` (the first page), ``written`` (on_post_page), ``join`` and ``commit`` (on_post_build),
``abort``. ``Speed(enabled=False)`` (``GOVSITE_NO_SPEED=1``) does everything the slow, obvious way: every
file read and parsed, every page rendered in one process with Material's whole frame, every feed written,
every search bundle indexed before the swap, the replaced site deleted; it leaves no keys behind, so a later
fast build takes nothing over from a site it did not key.

The rule: switching it off gives the same site, byte for byte (``tests/build/test_speed_off.py``). The
pipeline (``pipeline.make``) and the layers below it never import this package (the caches reach them as
plain arguments, ``cache`` and ``feeds``, that only save time); ``build`` asks it, and the tools above the
build may use its caches (``tests/unit/test_layers.py``).
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from .. import pipeline, urls
from ..parse.errors import ErrorCollector
from ..parse.settings import Settings
from ..render import templates
from ..render.output import AtomicOutput
from ..render.pages import REUSE_TEMPLATE, DocumentPage, ViewPage
from ..search.indexer import Indexer
from ..views import pages as views
from ..views.search import Bundle
from . import parallel, reuse, spare
from .background import Background
from .feeds import Remembered, Written, code_key
from .feeds import KEYS as FEED_KEYS
from .frontmatter import FrontMatterStore
from .memo import ViewMemo
from . import memo as memos

log = logging.getLogger("mkdocs.plugins.govsite")

OFF = "GOVSITE_NO_SPEED"  # set (to anything) to build the slow, obvious way (read where the run starts: build.Switches)
VERIFY_VIEWS = "GOVSITE_VERIFY_VIEWS"  # set (tests): every kept view is made fresh too and compared (speed.memo)
FRONT_MATTER = ".front-matter.pickle"  # beside the site: .site.front-matter.pickle (speed.frontmatter)
PACKAGE = Path(__file__).parent.parent  # hooks/govsite: its code is in every page's key


class Speed:
    """What the speed room keeps for a run (one MkDocs command): under mkdocs serve, from one build to the
    next. ``enabled=False``: nothing kept, nothing taken over, one process, the whole frame on every page."""

    def __init__(self, *, enabled: bool = True, command: str | None = None, one_process: bool = False,
                 render_each: bool = False, verify_views: bool = False) -> None:
        self.enabled = enabled
        self.verify_views = verify_views
        self.command = command
        self.one_process = one_process or not enabled  # GOVSITE_ONE_PROCESS
        self.render_each = render_each or not enabled  # GOVSITE_RENDER_EACH (render.templates)
        self.feeds = Remembered() if enabled and command == "serve" else None
        self.compiled = templates.CompiledTemplates() if enabled else None
        self.front_matter: dict = {}  # the front-matter cache this process last wrote (speed.frontmatter)
        self.background = Background()  # mkdocs serve: Pagefind still indexing a served site
        self.views: dict | None = {} if enabled and command == "serve" else None  # mkdocs serve: speed.memo's entries
        self._code: str | None = None

    @property
    def code(self) -> str:
        """``feeds.code_key`` of the product, hashed once per run (its sources do not change under a run)."""
        if self._code is None:
            self._code = code_key(PACKAGE)
        return self._code

    def begin(self, output: AtomicOutput) -> Shortcuts:
        """A build starts (on_files), writing into ``output``'s staging folder."""
        return Shortcuts(self, output)

    def stop(self) -> None:
        """A new build starts, or mkdocs serve ends: bundles still indexed for the last build are given up."""
        self.background.stop()


class Shortcuts:
    """What the speed room does for one build."""

    def __init__(self, speed: Speed, output: AtomicOutput) -> None:
        self.speed = speed
        self.output = output
        self.on = speed.enabled and output.staging is not None  # (no staging folder: a test's bare build)
        self.parsed = FrontMatterStore(output.target.with_name(f".{output.target.name}{FRONT_MATTER}"),
                                       speed.front_matter) if self.on else None
        self.reuse: reuse.Reuse | None = None
        self.worker: parallel.Worker | None = None
        self.last: dict | None = None  # the last build's keys (reuse.read_keys), read once
        self.old_feeds: Written | None = None  # a build's feeds taken from the last site
        self.memo: ViewMemo | None = None  # the documents' views and open-data rows (speed.memo)

    @property
    def skips_pages(self) -> bool:
        """Some pages render to nothing here (reused, or written by the other process)."""
        return bool(self.reuse and self.reuse.pages) or self.worker is not None

    def make(self, inputs: pipeline.Inputs, as_of: datetime.date) -> pipeline.Output:
        """``pipeline.make``, with front matter as the last build parsed it and the feeds already written."""
        feeds = self.speed.feeds
        if feeds is None and self.on and self.output.target is not None:  # a build: feeds from the last site
            self.last = reuse.read_keys(self.output.target)
            feeds = self.old_feeds = Written(self.output.target, self.last.get(FEED_KEYS) or {}, self.speed.code)
        if self.on:
            if self.speed.views is not None:  # mkdocs serve: the entries of the last build, in the process
                entries = self.speed.views
            else:
                entries = memos.read(memos.memo_file(self.output.target), self.speed.code)
            self.memo = ViewMemo(self.speed.code, entries, verify=self.speed.verify_views)
        made = pipeline.make(inputs, as_of, cache=self.parsed, feeds=feeds, memo=self.memo)
        if self.memo is not None and self.memo.hits:
            log.info("Documents' views and open-data rows: %d of %d as the last build made them, not made again "
                     "(front matter checked: %d of %d)",
                     self.memo.hits["document"] + self.memo.hits["opendata"],
                     sum(self.memo.hits[k] + self.memo.made[k] for k in ("document", "opendata")),
                     self.memo.hits["front matter"], self.memo.hits["front matter"] + self.memo.made["front matter"])
        if self.speed.feeds is not None:
            self.speed.feeds.forget_unused()
        if self.old_feeds is not None and self.old_feeds.taken:
            log.info("Feeds, open data and search tables: %d of %d files as the last build wrote them, not made again",
                     self.old_feeds.taken, len(self.old_feeds.keys))
        if self.parsed is not None and self.parsed.hits:
            log.info("Front matter of %d files unchanged since the last build: not parsed again", self.parsed.hits)
        return made

    def plan(self, made: pipeline.Output, files: Files, config: MkDocsConfig, settings: Settings) -> set[str]:
        """The pages (dest URIs) taken over from the last build. Files MkDocs copies that are what the last
        build wrote are linked from it; the staging folder is the spare, holding only what this build keeps."""
        if not self.on:
            return set()
        recycled = spare.recycle(self.output)  # the site before the last one, to build in
        self.reuse = taken = _plan_reuse(made, config, settings, self.output.target, recycled, self.last, self.memo)
        if self.old_feeds is not None:
            taken.keys[FEED_KEYS] = self.old_feeds.keys
        log.debug("Incremental build: %d files linked, not copied", taken.take_static(files, config.site_dir))
        if recycled is not None:
            if taken.recycles:
                log.info("Incremental build: %d files of the site before the last one kept in place",
                         taken.clear(Path(config.site_dir)))
            else:
                spare.fresh(self.output)
        return taken.pages

    def indexer(self, site_dir: str, bundles: list[Bundle]) -> Indexer:
        """The search indexer: bundles of unchanged pages linked from the last site; under mkdocs serve, a
        changed bundle indexed after the site is served (its old index meanwhile)."""
        serve = self.on and self.speed.command == "serve"
        return Indexer(site_dir, bundles, reuse=self.reuse, defer=serve,
                       background=self.speed.background if serve else None)

    def share(self, ordered: Files, documents: set[str], reused: set[str]) -> None:
        """Both cores render (``parallel``) in a build; not under mkdocs serve (it runs threads of its own)."""
        if not self.on or self.speed.command == "serve":
            return
        pages = parallel.share([f.dest_uri for f in ordered.documentation_pages()], documents=documents,
                               reused=reused, one_process=self.speed.one_process)
        self.worker = parallel.Worker(pages) if pages else None

    def take_reused(self, files: Files, site_dir: str, indexer: Indexer | None) -> Files | None:
        """on_env: a page the last build wrote as this one would is linked from the last site here, at once,
        and taken out of ``files`` (MkDocs's own list, after its Markdown pass: an ordinary page's links have
        been resolved against every page), so MkDocs's page loop sees only the pages rendered anew: at 50,000
        documents, a one-document edit leaves ~70,000 pages MkDocs would otherwise take through its loop one
        by one. Returns every file (a document's body, converted later, may link to any page); None when
        nothing is taken over."""
        if self.reuse is None or not self.reuse.pages:
            return None
        every = Files(list(files))
        for file in every.documentation_pages():
            if isinstance(file.page, ViewPage) and file.page.reused:
                files.remove(file)
                self.reuse.link_page(file.dest_uri, site_dir)
                if indexer is not None:
                    indexer.page_rendered(file.dest_uri)
        log.info("MkDocs renders %d of %d pages; the others are linked from the last build",
                 len(files.documentation_pages()), len(every.documentation_pages()))
        return every

    def fork(self, build, first, nav) -> None:
        """At the first page: the child renders the worker's pages with MkDocs' page routine; the parent
        skips them. ``build``: the build's state (``build.Build``: config, files, jinja, render_errors,
        indexer)."""
        if self.worker is None or self.worker.started:
            return
        config, worker = build.config, self.worker
        routine = parallel.build_page_routine(config)
        doc_files = build.files.documentation_pages()
        pages = [f.page for f in doc_files if f.dest_uri in worker.pages]

        def before_child() -> ErrorCollector:
            first.active = False  # the parent's current page is not the child's
            self.worker, build.indexer = None, None
            for file in doc_files:  # the parent's pages: their bodies are not the child's to hold
                if file.dest_uri not in worker.pages and isinstance(file.page, DocumentPage):
                    file.page.let_go()
            parallel.give_back()
            return build.render_errors

        def after_pages(done: list) -> None:
            for page in done:
                page.validate_anchor_links(files=build.files, log_level=config.validation.links.anchors)

        worker.start(pages, lambda page: routine(page, config, doc_files, nav, build.jinja),
                     before_child=before_child, after_pages=after_pages)
        for page in pages:
            page.elsewhere = True
            page.meta["template"] = REUSE_TEMPLATE
            if isinstance(page, DocumentPage):
                page.let_go()  # the child's: its body is not the parent's to hold
        log.info("Rendering in two processes: %d of %d pages in the second", len(pages), len(doc_files))

    def written(self) -> list[str]:
        """Pages (dest URIs) the other process has written since the last call."""
        return self.worker.poll() if self.worker is not None else []

    def join(self, indexer: Indexer | None, errors: ErrorCollector) -> str:
        """on_post_build: the other process's pages (to the indexer), warnings (logged here, so --strict
        counts them) and editors' errors (into ``errors``). Returns its failure ('' if none); its OS error
        is raised as it is (build.failed ends the build in one line)."""
        if self.worker is None or not self.worker.started:
            return ""
        written, report = self.worker.finish()
        if indexer is not None:
            for uri in written:
                indexer.page_rendered(uri)
        for name, level, message in report.get("records", []):
            logging.getLogger(name).log(level, message)
        errors.errors.extend(report.get("errors", []))
        if isinstance(report.get("os_error"), OSError):  # e.g. the disk filled while it wrote
            raise report["os_error"]
        return report.get("failure") or ""

    def commit(self, later: Indexer | None) -> Path | None:
        """The site swapped in (``AtomicOutput.commit``); the site it replaces becomes the spare, the keys
        and the front matter of this build are kept for the next. ``later``: under mkdocs serve, the indexer
        still making bundles (their keys are saved once their index is in place). Speed off: the last
        build's keys go (they do not describe this site), and so does the spare."""
        taken, output = self.reuse, self.output
        if taken is not None:
            taken.prune(output.staging)
            taken.forget()
        elif output.target is not None and output.staging is not None:
            reuse.keys_file(output.target).unlink(missing_ok=True)
        target = output.target
        site = output.commit(keep=lambda old: spare.keep(target, old, taken.last if taken is not None else None))
        if taken is not None:
            taken.save(pending=sorted(later.deferred) if later else [])
        if later is not None:
            later.on_placed = taken.save if taken is not None else None  # the bundles' keys, once in place
            later.placed(site)
        if self.parsed is not None:
            self.parsed.save()
        if self.memo is not None:
            if self.speed.views is not None:
                self.speed.views = self.memo.new
            else:
                memos.save(memos.memo_file(target), self.memo)
        elif target is not None and output.staging is not None:
            memos.memo_file(target).unlink(missing_ok=True)  # speed off: nothing left for a later build
        return site

    def abort(self) -> None:
        if self.worker is not None:
            self.worker.abort()


def _plan_reuse(made: pipeline.Output, config: MkDocsConfig, settings: Settings, target: Path,
                recycled: dict | None, last: dict | None = None, memo: ViewMemo | None = None) -> reuse.Reuse:
    """The keys of every page and bundle (``reuse.page_keys``), compared with the last build's."""
    site, page_views, bundles = made.site, made.views, list(made.bundles)
    root, content_dir = Path(config.config_file_path).parent, Path(config.docs_dir)
    folders = [PACKAGE, root / settings.catalog_dir] + ([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])
    u = urls.Urls(config.use_directory_urls)
    site_wide = reuse.with_content(
        reuse.site_key(root, Path(config.config_file_path), folders,
                       [content_dir / org.folder / "_org.yml" for org in site.tree.orgs.values()]),
        views.frame(config.extra["gov_site_name"], settings, u, site), config.nav)  # on every page
    keys, indexed = reuse.page_keys(dict(page_views), site.documents + site.annual, u.dest, site_wide,
                                    always={urls.CHECKS}, known=memo)  # annual reports: their data files' digests
    taken = reuse.Reuse(target, site_wide)
    taken.plan(keys, reuse.bundle_keys(bundles, indexed), spare=recycled, last=last)
    if taken.pages:
        log.info("Incremental build: %d of %d pages and %d of %d search bundles unchanged since the last build",
                 len(taken.pages), len(keys), len(taken.bundles), len(bundles))
    return taken
