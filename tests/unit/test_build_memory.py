"""build: what a build stops holding once it is written (issue 23, peak memory). A generated file's text
(feeds, open data, the sitemap) is let go at the first page, after MkDocs wrote it and before the second
process is forked: the page loop and the child no longer carry it."""

from __future__ import annotations

from types import SimpleNamespace

from mkdocs.structure.files import File, Files

from govsite import build


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
