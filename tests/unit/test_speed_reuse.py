"""Incremental keys (speed.reuse) without building: an edited document changes the keys of the
pages that show it, and only those; a search bundle's key changes when what its pages give the index
changes. That a rebuild then equals a full build: build/test_incremental.py."""

from __future__ import annotations

import dataclasses
import re
import shutil

import pytest
from conftest import FIXTURES

from govsite import urls
from govsite.model import site as model
from govsite.speed import reuse
from govsite.views import pages
from govsite.views import search as search_views

POLICY = "content/departments/nongye/zhengce.md"
U = urls.Urls(True)


def keys_of(root, *, bundle_pages=2000):
    """{dest: key} of every page and {bundle: key}, made as build.plan makes them."""
    site = model.load(root, root / "content", root / "catalog")
    columns = [urls.column(c) for c in site.columns.values()]
    bundles = search_views.plan(site, bundle_pages, dest=U.dest, column_pages=columns)
    bundle_of = {page: b.name for b in bundles if b.kind == search_views.KINDS["document"] for page in b.pages}
    views = pages.generate(site, U, site_name="小县", links={}, bundles=[b.describe() for b in bundles if b.name])
    for doc in site.documents:
        views[doc.src_uri] = pages.document(doc, U, views[urls.column(doc.column)], bundle_of.get(U.dest(doc.src_uri)))
    views[urls.CHECKS] = None  # always rendered: never asked for its key
    page_keys, indexed = reuse.page_keys(views, site.documents, U.dest, "site-wide", always={urls.CHECKS})
    return page_keys, reuse.bundle_keys(bundles, indexed)


@pytest.fixture
def county(tmp_path):
    root = tmp_path / "county"
    for folder in ("content", "catalog"):
        shutil.copytree(FIXTURES / "mini" / folder, root / folder)
    return root


def retitle(root):
    policy = root / POLICY
    policy.write_text(re.sub(r"^标题: (.*)$", r"标题: \1（修订）", policy.read_text(encoding="utf-8"), count=1, flags=re.M),
                      encoding="utf-8")


def test_the_same_sources_give_the_same_keys(county):
    assert keys_of(county) == keys_of(county)
    page_keys, _ = keys_of(county)
    assert U.dest(urls.CHECKS) not in page_keys  # the checks page depends on the day
    assert len(set(page_keys.values())) > 10


def test_an_edited_document_changes_the_pages_that_show_it_and_no_other(county):
    before, bundles_before = keys_of(county)
    retitle(county)
    after, bundles_after = keys_of(county)
    assert before.keys() == after.keys()
    changed = {page for page in before if before[page] != after[page]}
    showing = {"departments/nongye/zhengce/index.html",  # the document
               "departments/nongye/jiedu/index.html",  # its 解读 shows its title
               "departments/nongye/fupin-01/index.html",  # its column
               "departments/nongye/index.html"}  # its organisation's page
    listing = {U.dest(urls.HOME)}  # lists the newest documents
    assert showing | listing <= changed
    assert U.dest(urls.SEARCH) not in changed  # the search page does not show the title: its view is the same
    unchanged = {"departments/nongye/old/index.html", "townships/chengguan/dongjie/xiangmu/index.html",
                 "county/zhinan/index.html", "county/index.html", "townships/chengguan/index.html",
                 "townships/chengguan/dongjie/fupin-03/index.html", "departments/nongye/fupin-02/index.html"}
    assert not unchanged & changed
    assert bundles_before.keys() == {""} and bundles_before != bundles_after  # the one bundle holds the policy


def test_a_field_added_to_a_view_is_in_the_key_without_touching_the_key_code(county):
    """Keys by content: a view class given a new field (no depends(), no shows) re-renders its pages
    when the field's value changes."""
    site = model.load(county, county / "content", county / "catalog")
    views = pages.generate(site, U, site_name="小县", links={}, bundles=[])
    doc = site.documents[0]
    view = pages.document(doc, U, views[urls.column(doc.column)], None)
    wider = dataclasses.make_dataclass("WiderView", [("added", str, dataclasses.field(default=""))],
                                       bases=(type(view),), kw_only=True)
    made = {name: getattr(view, name) for name in (f.name for f in dataclasses.fields(view))}
    keys = [reuse.page_keys({doc.src_uri: wider(**made, added=value)}, site.documents, U.dest, "site",
                                  always=set())[0] for value in ("一", "一", "二")]
    assert keys[0] == keys[1] != keys[2]


def test_only_the_bundle_of_an_edited_document_is_indexed_again(county):
    _, before = keys_of(county, bundle_pages=2)
    retitle(county)
    _, after = keys_of(county, bundle_pages=2)
    assert before.keys() == after.keys() == {"d2025m06", "d2025m03", "d2019", "c1", "c2", "c3", "c4"}
    assert {name for name in before if before[name] != after[name]} == {"d2025m03"}  # zhengce and jiedu
