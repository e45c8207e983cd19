"""Every URL of the site, once (govsite.urls): output paths and URLs as MkDocs makes them, and the list of
generated pages, which is exactly the set of views views.pages makes (plus the checks page)."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from govsite import urls
from govsite.model import site as model
from govsite.views import pages


@pytest.mark.parametrize("src, directory, dest, url", [
    ("index.md", True, "index.html", "./"),
    ("xxgk/index.md", True, "xxgk/index.html", "xxgk/"),
    ("departments/nongye/zhengce.md", True, "departments/nongye/zhengce/index.html", "departments/nongye/zhengce/"),
    ("departments/nongye/fupin-01/2.md", True, "departments/nongye/fupin-01/2/index.html", "departments/nongye/fupin-01/2/"),
    ("departments/nongye/zhengce.md", False, "departments/nongye/zhengce.html", "departments/nongye/zhengce.html"),
    ("xxgk/index.md", False, "xxgk/index.html", "xxgk/index.html"),
    ("departments/nongye/files/fenpei.csv", True, "departments/nongye/files/fenpei.csv", "departments/nongye/files/fenpei.csv"),
    ("county/通知.md", True, "county/通知/index.html", "county/%E9%80%9A%E7%9F%A5/"),
])
def test_dest_and_url_are_mkdocs_own(src, directory, dest, url):
    u = urls.Urls(directory)
    assert (u.dest(src), u.url(src)) == (dest, url)


def test_dest_and_url_agree_with_mkdocs_files(tmp_path):
    from mkdocs.structure.files import File

    for directory in (True, False):
        u = urls.Urls(directory)
        for src in ("index.md", "a/index.md", "a/b.md", "a/b/3.md", "a/README.md", "a/files/c.pdf", "乡镇/说明.md"):
            file = File(src, src_dir=None, dest_dir=str(tmp_path), use_directory_urls=directory)
            assert (u.dest(src), u.url(src)) == (file.dest_uri, file.url), src


@pytest.mark.parametrize("where", ["mini", "example"])
def test_generated_pages_are_exactly_the_views_plus_the_checks_page(where, example_model):
    site = example_model if where == "example" else model.load(FIXTURES / "mini", FIXTURES / "mini/content",
                                                              FIXTURES / "mini/catalog")
    generated = list(urls.generated(site))
    assert len(generated) == len(set(generated))  # no page twice
    views = pages.generate(site, urls.Urls(True), site_name="县", links={}, bundles=[])
    assert set(generated) == set(views) | {urls.CHECKS}
    assert urls.CHECKS not in views  # the checks make that page
    assert all(view.src_uri == uri for uri, view in views.items())
    columns = {uri for c in site.columns.values() for uri in urls.column_pages(c)}
    assert columns <= set(generated) and {urls.org(o) for o in site.tree.orgs.values()} <= set(generated)
    assert not {d.src_uri for d in site.documents} & set(generated)  # documents are their own pages


def test_column_pages_hold_twenty_documents_each(example_model):
    column = max(example_model.columns.values(), key=lambda c: len(c.documents))
    uris = urls.column_pages(column)
    assert len(uris) == max(1, -(-len(column.documents) // urls.PAGE_SIZE))
    assert uris[0] == urls.column(column) == f"{column.org.folder}/{column.item.id}/index.md"
    assert uris[1:] == [f"{column.org.folder}/{column.item.id}/{n}.md" for n in range(2, len(uris) + 1)]
    empty = next(c for c in example_model.columns.values() if not c.documents)
    assert urls.column_pages(empty) == [urls.column(empty)]  # an empty column still has its page


@pytest.mark.parametrize("site_url", ["https://gov.example.cn/", "https://gov.example.cn", "https://gov.example.cn/xxgk/",
                                      "http://127.0.0.1:8000/", None, ""])
@pytest.mark.parametrize("src_uri", ["index.md", "departments/fagai/fdzdgk-01.md", "county/2024/tongzhi.md",
                                     "乡镇/城关镇.md", "a b/c.md"])
def test_a_pages_canonical_url_is_mkdocs_own(site_url, src_uri, tmp_path):
    """render.pages.ViewPage computes the canonical URL without urljoin; it must be MkDocs's."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    from govsite.render.pages import ViewPage
    from govsite.views.pages import View

    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "site_url": site_url, "docs_dir": str(tmp_path)})
    assert config.validate() == ([], [])
    def file():
        return File(src_uri, src_dir=str(tmp_path), dest_dir=str(tmp_path / "site"), use_directory_urls=True)

    ours = ViewPage(View(src_uri=src_uri, title="t"), file(), config)
    theirs = Page(None, file(), config)
    assert (ours.canonical_url, ours.abs_url) == (theirs.canonical_url, theirs.abs_url)
