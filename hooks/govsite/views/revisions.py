"""The 目录调整记录 page (catalog/tiaozheng/): every catalog revision ``make import-catalog`` recorded
(``catalog/_revisions.yml``), newest first: the date, the items added, withdrawn (撤销: their old columns keep a
notice page) and renumbered or merged (their documents and old URLs went to the new item)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import ClassVar

from .. import urls
from ..model.site import Site
from .pages import Link, View


@dataclass(frozen=True)
class RevisionRow:
    id: str
    name: str
    target: Link | None  # 合并: the item its documents went to (its catalog row); None when it is not in the catalog
    note: str


@dataclass(frozen=True)
class RevisionEntry:
    date: datetime.date
    added: list[RevisionRow]
    withdrawn: list[RevisionRow]
    moved: list[RevisionRow]


@dataclass(kw_only=True)
class RevisionsView(View):
    template: ClassVar[str] = "catalog-revisions.html"
    revisions: list[RevisionEntry]


def _row(site: Site, u: urls.Urls, item_id: str, name: str, note: str | None, target_id: str | None = None) -> RevisionRow:
    target = site.catalog.items.get(target_id) if target_id else None
    link = Link(f"{target.name}（{target.id}）", f"{u.url(urls.catalog_domain(target.domain))}#{target.id}") if target else None
    return RevisionRow(item_id, name, link, note or "")


def page(site: Site, u: urls.Urls) -> RevisionsView | None:
    """The page, or None when the catalog was never revised."""
    if not site.catalog.revisions:
        return None
    home, xxgk = Link("首页", u.url(urls.HOME)), Link("政府信息公开", u.url(urls.XXGK_INDEX))
    catalog = Link("标准目录", u.url(urls.CATALOG_INDEX))
    entries = [RevisionEntry(r.date,
                             [_row(site, u, i.id, i.name, i.note) for i in r.added],
                             [_row(site, u, i.id, i.name, i.note) for i in r.withdrawn],
                             [_row(site, u, i.id, i.name, i.note, i.new_id) for i in r.moved])
               for r in reversed(site.catalog.revisions)]
    return RevisionsView(src_uri=urls.REVISIONS, title="目录调整记录", crumbs=[home, xxgk, catalog], revisions=entries)
