"""MkDocs hooks of the county disclosure site: the only file ``mkdocs.yml`` lists.

Each handler says *when* something happens; ``govsite.build`` says *what*. The build's state is
made by ``build.plan`` on every build (``mkdocs serve`` rebuilds included).
"""

from __future__ import annotations

import logging
import time

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from govsite import build
from govsite.parse.settings import Settings
from govsite.render.output import AtomicOutput

output = AtomicOutput()  # the staging folder outlives a build only to be swapped in or removed
command: str | None = None
settings: Settings | None = None
current: build.Build | None = None
started = 0.0

# A reused page renders to nothing (render.pages.REUSE_TEMPLATE); MkDocs would say so once per page.
logging.getLogger("mkdocs.commands.build").addFilter(
    lambda record: not (current and current.reuse and current.reuse.pages
                        and str(record.msg).startswith("Page skipped:")))


def on_startup(*, command: str, dirty: bool) -> None:
    globals()["command"] = command


@event_priority(100)  # first: every later step (pages, search index) must write into the staging folder
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Settings (errors stop the build here), and the staging folder unless serving."""
    global current, settings, started
    build.abort(current, output)  # a serve rebuild that failed half-way
    current, started = None, time.monotonic()
    settings = build.configure(config, output, command)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Load, validate and check everything (errors stop the build); every page's view and page."""
    global current
    current = build.plan(files, config, settings, output, started)
    return current.files


def on_env(env, *, config: MkDocsConfig, files: Files):
    return build.env(current, env, config)


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    return build.context(current, context, page)


@event_priority(-100)  # last: the page as written is the page indexed
def on_post_page(output_: str, *, page: Page, config: MkDocsConfig) -> str:
    return build.post_page(current, output_, page)


@event_priority(-100)  # last: other plugins' output must be in the site before it is indexed and swapped in
def on_post_build(*, config: MkDocsConfig) -> None:
    build.finish(current, output)


def on_build_error(*, error: Exception) -> None:
    build.abort(current, output)
