"""The names the product keeps for itself (govsite.model.reserved) are what a real build writes: every
entry at the top of the example county's site/ is a reserved name or one of the county's own folders of
organisations, every reserved top-level name is written, and everything in an organisation's folder is a
reserved name, a year folder, one of its columns or one of its villages."""

from __future__ import annotations

from conftest import ROOT

from govsite.model import reserved
from govsite.render import admin


def test_the_top_of_the_site_is_the_products_names_and_the_countys_folders(example_site, example_model):
    groups = {o.folder.split("/")[0] for o in example_model.tree.orgs.values()}  # county/, departments/, townships/
    top = {p.name for p in example_site.iterdir()}
    assert top - groups <= set(reserved.TOP_LEVEL)
    written = set(reserved.TOP_LEVEL) - (set() if admin.bundle(ROOT) else {reserved.ADMIN})  # admin/: after npm ci
    assert written <= top  # no stale name in the declaration


def test_an_organisations_folder_holds_reserved_names_its_columns_and_villages(example_site, example_model):
    for org in example_model.tree.orgs.values():
        children = {p.name for p in (example_site / org.folder).iterdir()}
        own = {c.item.id for c in example_model.columns_of(org.id)} | {v.folder.split("/")[-1] for v in org.children}
        assert {n for n in children - own if not reserved.YEAR.match(n)} <= set(reserved.ORG_CHILDREN), org.folder
        assert reserved.INDEX_PAGE in children and reserved.FEED in children
