"""build: what a build stops holding once it is written (issue 23, peak memory). A generated file's text
(feeds, open data, the sitemap) is let go at the first page, after MkDocs wrote it and before the second
process is forked: the page loop and the child no longer carry it. A document page lets go of its body's
Markdown and HTML once written, and each of the two processes of a build holds only the bodies it renders."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from mkdocs.config import load_config
from mkdocs.structure.files import File, Files

from govsite import build, speed, urls
from govsite.model import site as model
from govsite.parse.errors import ErrorCollector
from govsite.render.pages import DocumentPage
from govsite.speed import parallel
from govsite.views import pages

U = urls.Urls(True)
AS_OF = datetime.date(2025, 6, 30)


def _generated(site, uri, content):
    file = File(uri, None, str(site), use_directory_urls=True)  # as File.generated makes it, outside a plugin
    if isinstance(content, bytes):
        file.content_bytes = content
    else:
        file.content_string = content
    return file


def _written(tmp_path):
    site = tmp_path / "site"
    feed = _generated(site, "org/feed.xml", "<feed>公开</feed>")
    data = _generated(site, "opendata/documents.json", b'{"a": 1}')
    page = _generated(site, "org/index.md", "")  # a generated page: MkDocs' page loop reads it
    files = Files([feed, data, page])
    files.copy_static_files()  # what MkDocs does before its page loop
    return files, feed, data, page


def test_the_generated_files_text_is_let_go_once_written_and_reads_from_what_was_written(tmp_path):
    files, feed, data, page = _written(tmp_path)
    assert build.release_written(files) == 2
    assert feed._content is None and data._content is None
    assert feed.content_string == "<feed>公开</feed>" and data.content_bytes == b'{"a": 1}'  # the same text
    assert page._content == ""  # pages are MkDocs' to read


def test_the_first_page_lets_the_text_go_before_the_second_process_starts(tmp_path):
    files, feed, _, _ = _written(tmp_path)
    held = []
    fake = SimpleNamespace(released=False, files=files,
                           speed=SimpleNamespace(fork=lambda *_: held.append(feed._content)))
    build.context(fake, {}, page=object(), nav=None)
    build.context(fake, {}, page=object(), nav=None)
    assert held == [None, None] and fake.released  # already let go when the fork is asked for


def _documents(mini, tmp_path, n=2):
    """Document pages of the mini county, their sources read (as MkDocs reads every page before its loop)."""
    site = model.load(mini, mini / "content", mini / "catalog", as_of=AS_OF)
    views = pages.generate(site, U, site_name="小县人民政府", links={}, bundles=[])
    config = load_config(str(mini / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    made = []
    for doc in site.documents[:n]:
        file = File(doc.src_uri, str(mini / "content"), str(tmp_path / "site"), use_directory_urls=True)
        page = DocumentPage(doc, pages.document(doc, U, views[urls.column(doc.column)], None), file, config)
        page.read_source(config)
        made.append(page)
    return config, made


def test_a_written_document_page_lets_go_of_its_body(mini, tmp_path):
    config, [page, _] = _documents(mini, tmp_path)
    page.convert(config, Files([page.file]), ErrorCollector())
    assert page.markdown and page.content and page.shown is not page.view
    assert build.post_page(SimpleNamespace(indexer=None), "", page) == ""
    assert page.markdown is None and page.content is None and page.shown is page.view


def test_after_the_fork_each_process_holds_only_the_bodies_it_renders(mini, tmp_path):
    config, [first, other] = _documents(mini, tmp_path)
    files = Files([first.file, other.file])
    shortcuts = speed.Shortcuts(speed.Speed(), SimpleNamespace(staging=None, target=None))
    shortcuts.worker = parallel.Worker({other.file.dest_uri})
    state = SimpleNamespace(config=config, files=files, jinja=None, render_errors=ErrorCollector(), indexer=None)
    try:
        shortcuts.fork(state, first, nav=None)
        assert other.elsewhere and other._body is None  # the child's page: rendered there
        assert first._body is not None  # the parent's own
    finally:
        shortcuts.abort()
