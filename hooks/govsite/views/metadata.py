"""网页元数据: the ``<meta name="…" content="…">`` every page carries for the monitoring systems'
crawlers, as government portals print them (国办发〔2017〕47号 附件《政府网站网页设计规范》):

- every page: SiteName, SiteDomain (the host of ``site_url``), SiteIDCode (网站标识码);
- column and list pages: ColumnName, ColumnDescription, ColumnKeywords, ColumnType;
- document pages: the column's ColumnName and ColumnType, then ArticleTitle, PubDate (``yyyy-MM-dd HH:mm``:
  the content has dates only, so 00:00), ContentSource and Author (the 发布机构), Keywords (主题词, else the
  主题分类 and the column), Description (摘要, else the body's first sentence: known once the body is
  converted, ``render.pages.DocumentPage.convert``), Url (absolute).

``page(view, site)`` gives a page's (name, content) pairs in that order; ``main.html`` prints them in
one loop (escaped). Empty values are left out. ``expected(view)`` names what a page type must carry.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from .. import urls
from ..model.catalog import Item
from ..parse import schema
from ..parse import site_url as site_url_module
from ..parse.settings import Settings
from .opendata import OpenDataView
from .pages import (AggregateView, CatalogDomainView, CatalogIndexView, ColumnView, ConsultationListView, DocumentView, Element,
                    FdzdgkView, HomeView, OrganisationView, OrgGroupView, PolicyListView, SearchView, SitemapView, View,
                    XxgkView)

SITE = ("SiteName", "SiteDomain", "SiteIDCode")
COLUMN = ("ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType")
ARTICLE = ("ArticleTitle", "PubDate", "ContentSource", "Keywords", "Author", "Description", "Url")
DESCRIPTION_LIMIT = 120  # characters of a Description (内容概述 ≤ 100字 in local specs; domain-notes §2.3)
KEYWORD_SEPARATOR = ","

# ColumnType of the pages that are not catalog columns (a column's type is its 一级事项, e.g. 政策文件).
PAGE_TYPES = {OrganisationView: "单位政务公开", OrgGroupView: "导航", XxgkView: "导航", FdzdgkView: "导航",
              SitemapView: "导航", CatalogIndexView: "标准目录", CatalogDomainView: "标准目录", SearchView: "搜索",
              OpenDataView: "开放数据", PolicyListView: "政策文件", ConsultationListView: "意见征集"}
OTHER_TYPE = "页面"
_CONTENT_KEY = next(f.key for f in schema.fields(Item) if f.attr == "content")  # 公开内容


@dataclass(frozen=True)
class SiteMeta:
    """What every page's metadata says about the site."""

    name: str  # SiteName: the site's name (mkdocs.yml site_name)
    domain: str | None  # SiteDomain: the host of site_url
    code: str | None  # SiteIDCode: 网站标识码
    base: str | None  # site_url (ends with /): absolute URLs
    urls: urls.Urls

    def absolute(self, src_uri: str) -> str | None:
        if not self.base:
            return None
        url = self.urls.url(src_uri)  # site-relative: "./" (home), "a/b/", "a/feed.xml"
        return self.base if url == "./" else urljoin(self.base, url) if url.startswith(("/", ".")) else self.base + url


def site_meta(site_name: str, settings: Settings, site_url: str | None, u: urls.Urls) -> SiteMeta:
    return SiteMeta(site_name, site_url_module.domain(site_url), settings.identity.site_code, site_url or None, u)


def expected(view: View | None) -> tuple[str, ...]:
    """The names a page of this type carries (when the site has every setting)."""
    if view is None or isinstance(view, HomeView):
        return SITE
    if isinstance(view, DocumentView):
        return SITE + ("ColumnName", "ColumnType") + ARTICLE
    return SITE + COLUMN


def page(view: View | None, site: SiteMeta) -> list[tuple[str, str]]:
    """The page's metadata, in order; ``view`` None for a page without one (404)."""
    pairs = [("SiteName", site.name), ("SiteDomain", site.domain), ("SiteIDCode", site.code)]
    if isinstance(view, DocumentView):
        pairs += _article(view, site)
    elif view is not None and not isinstance(view, HomeView):
        pairs += _column(view)
    return [(name, _clean(value)) for name, value in pairs if value and _clean(value)]


def _article(view: DocumentView, site: SiteMeta) -> list[tuple[str, str | None]]:
    meta = view.meta
    column = view.crumbs[-1].title if view.crumbs else ""
    keywords = view.keywords or _keywords(*meta.topic.split("\\"), column)
    return [("ColumnName", column), ("ColumnType", view.column_type), ("ArticleTitle", meta.title),
            ("PubDate", f"{meta.published.isoformat()} 00:00"), ("ContentSource", meta.org), ("Keywords", keywords),
            ("Author", meta.org), ("Description", view.description or meta.title),
            ("Url", site.absolute(view.src_uri))]


def _column(view: View) -> list[tuple[str, str | None]]:
    if isinstance(view, (ColumnView, AggregateView)):
        levels = view.path.split(" › ")
        org = view.org if isinstance(view, ColumnView) else ""
        domain = view.domain if isinstance(view, ColumnView) else ""
        content = _element(view.elements, _CONTENT_KEY)
        return [("ColumnName", view.name), ("ColumnDescription", f"{org}{view.name}：{content}" if content else view.title),
                ("ColumnKeywords", _keywords(domain, *levels, org)), ("ColumnType", levels[0])]
    kind = next((t for cls, t in PAGE_TYPES.items() if isinstance(view, cls)), OTHER_TYPE)
    return [("ColumnName", view.label), ("ColumnDescription", _describe(view)),
            ("ColumnKeywords", _keywords(*_keywords_of(view))), ("ColumnType", kind)]


def _describe(view: View) -> str:
    """A list page's description: its title and what it lists."""
    if isinstance(view, OrganisationView):
        kind = f"{view.kind}" + (f"（属{view.parent}）" if view.parent else "")
        return f"{view.name}（{kind}）政务公开：机构信息、{sum(len(g.columns) for g in view.groups)} 个公开栏目、已公开信息 {view.count} 条"
    if isinstance(view, CatalogDomainView):
        return f"{view.title}：{len(view.rows)} 个事项" + (f"，依据{view.guideline}" if view.guideline else "")
    if isinstance(view, OpenDataView):
        return view.lede
    titles = [link.title for link in _links(view)]
    return f"{view.title}：{'、'.join(titles)}" if titles else view.title


def _links(view: View) -> list:
    if isinstance(view, XxgkView):
        return view.entries
    if isinstance(view, FdzdgkView):
        return ([view.county] if view.county else []) + view.departments + view.townships
    if isinstance(view, (CatalogIndexView, OrgGroupView)):
        return [link for link, _ in (view.domains if isinstance(view, CatalogIndexView) else view.orgs)]
    if isinstance(view, SitemapView):
        return view.sections + [view.xxgk, view.fdzdgk, view.catalog]
    return []


def _keywords_of(view: View) -> list[str]:
    if isinstance(view, OrganisationView):
        return [view.name, view.kind, view.parent or "", *(g.name for g in view.groups)]
    if isinstance(view, CatalogDomainView):
        return [view.name, "标准目录", "政务公开"]
    return [view.label, "政务公开", *(c.title for c in view.crumbs[1:])]


def _element(elements: list[Element], label: str) -> str:
    return next((e.text for e in elements if e.label == label), "")


def _keywords(*words: str) -> str:
    return KEYWORD_SEPARATOR.join(dict.fromkeys(w.strip() for w in words if w and w.strip()))


_SPACE = re.compile(r"\s+")


def _clean(value: str) -> str:
    """One line, bounded: a metadata value is an attribute."""
    text = _SPACE.sub(" ", str(value)).strip()
    return text if len(text) <= 2 * DESCRIPTION_LIMIT else text[:2 * DESCRIPTION_LIMIT] + "…"


# --- the Description of a document ----------------------------------------------------------------

_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"[。！？!?；]")


def description(summary: str | None, body_html: str) -> str:
    """摘要 when the document has one, else the first sentence of its body: of its first paragraph that
    holds a sentence (so a 通知's 发文字号 line and 主送机关 line are skipped); "" for an empty body."""
    if summary and summary.strip():
        return _clip(_SPACE.sub(" ", summary).strip())
    texts = [t for t in (_text(m[1]) for m in _PARAGRAPH.finditer(body_html)) if t] or [_text(body_html)]
    first = next((t for t in texts if _SENTENCE_END.search(t)), texts[0])
    end = _SENTENCE_END.search(first)
    return _clip(first[:end.end()] if end else first)


def _text(fragment: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def _clip(text: str) -> str:
    return text if len(text) <= DESCRIPTION_LIMIT else text[:DESCRIPTION_LIMIT - 1] + "…"
