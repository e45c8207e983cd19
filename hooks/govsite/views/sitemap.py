"""``sitemap.xml`` and ``robots.txt`` for search engines: every public page with its ``lastmod`` from the
content, never the build time: a document's own 发布日期; a list page's newest 发布日期 among the
documents it shows (home, columns page by page, organisation pages by their columns' latest, the
standard sub-columns); pages that show no dated document (catalog, navigation, search) have none, as
the protocol allows. Left out: the maintainers' and admin pages (``urls.PRIVATE``), any page a view
marks ``noindex``, and 404 (not a page of ``files``). ``render.machine`` writes them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .. import urls
from .pages import (AggregateView, AnnualReportView, ColumnView, ConsultationListView, DocumentView, HomeView,
                    OrganisationView, PolicyListView, View)


@dataclass(frozen=True)
class Url:
    loc: str  # absolute
    lastmod: datetime.date | None


def lastmod(view: View | None) -> datetime.date | None:
    """The newest 发布日期 the page shows; None when it shows none."""
    if isinstance(view, DocumentView):
        return view.meta.published
    if isinstance(view, AnnualReportView):
        return view.published
    if isinstance(view, (ColumnView, AggregateView)):
        return max((e.published for e in view.documents), default=None)
    if isinstance(view, (PolicyListView, ConsultationListView)):
        return view.latest
    if isinstance(view, HomeView):
        return max((e.published for e in view.latest), default=None)
    if isinstance(view, OrganisationView):
        return max((c.latest for g in view.groups for c in g.columns if c.latest), default=None)
    return None


def public(src_uri: str, view: View | None) -> bool:
    if src_uri.startswith(urls.PRIVATE) or src_uri == urls.CHECKS:
        return False
    return not (view is not None and view.robots and "noindex" in view.robots)


def entries(views: dict[str, View], ordinary: list[str], absolute) -> list[Url]:
    """Every public page: the views' pages (documents included), then ordinary Markdown pages."""
    out = [Url(absolute(uri), lastmod(view)) for uri, view in views.items() if public(uri, view)]
    out += [Url(absolute(uri), None) for uri in ordinary if public(uri, None)]
    return out


def disallowed(base_path: str) -> list[str]:
    """robots.txt: the private folders, under the site's path."""
    return [base_path + folder for folder in urls.PRIVATE]
