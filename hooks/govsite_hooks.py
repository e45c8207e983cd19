"""MkDocs hooks of the county disclosure site: the only file ``mkdocs.yml`` lists.

Each handler says *when* something happens; ``govsite.build`` says *what*. The build's state is
made by ``build.plan`` on every build (``mkdocs serve`` rebuilds included) and held, with what outlives a
build, on one ``build.Run``: the module's only state.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from govsite import build

run = build.Run()  # the hooks' only state: made anew in on_startup, one per MkDocs command (build.Run)

# A reused page (or one the other process writes) renders to nothing (render.pages.REUSE_TEMPLATE); MkDocs would say so once per page.
logging.getLogger("mkdocs.commands.build").addFilter(
    lambda record: not (run.skips_pages and str(record.msg).startswith("Page skipped:")))
# An OS error writing a page ends the build in one Chinese line naming the path (build.failed); MkDocs's
# English line about the same error ("Error building page '…': [Errno 28] …") would only precede it.
logging.getLogger("mkdocs.commands.build").addFilter(
    lambda record: not (str(record.msg).startswith("Error building page") and "[Errno " in str(record.msg)))


def on_startup(*, command: str, dirty: bool) -> None:
    """The run's state, with the environment's switches read once (build.Switches)."""
    global run
    run = build.Run(command)


@event_priority(100)  # first: every later step (pages, search index) must write into the staging folder
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Settings (errors stop the build here), and the staging folder (mkdocs serve: in the folder it serves)."""
    return build.configure(config, run)


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Load, validate and check everything (content errors stop the build, and under mkdocs serve are shown
    in the browser instead: render.preview; the checks' findings never do); every page's view and page."""
    return build.plan_or_show_errors(files, config, run)


def on_env(env, *, config: MkDocsConfig, files: Files):
    return build.env(run.current, env, config, files) if run.current else env


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    return build.context(run.current, context, page, nav)


@event_priority(-100)  # last: the page as written is the page indexed
def on_post_page(output_: str, *, page: Page, config: MkDocsConfig) -> str:
    return build.post_page(run.current, output_, page)


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    """The theme's static pages (404.html): the same valid toggles as every page."""
    return build.post_template(output_content, template_name)


@event_priority(-100)  # last: other plugins' output must be in the site before it is indexed and swapped in
def on_post_build(*, config: MkDocsConfig) -> None:
    if run.current is not None:
        build.finish(run.current, run.output)
    else:  # mkdocs serve showed editors' errors instead: nothing of this build is kept
        run.output.abort()


def on_serve(server, *, config: MkDocsConfig, builder):
    """mkdocs serve: the served folder is the one the builds swap into; more folders watched."""
    return build.serve(server, config, run)


def on_shutdown() -> None:
    build.shutdown(run)


@event_priority(-100)  # last: an OS error ends the build here in one Chinese line (build.failed raises it)
def on_build_error(*, error: Exception) -> None:
    build.failed(run.current, run.output, error)
