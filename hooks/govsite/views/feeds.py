"""Atom feeds of the latest disclosures: the whole site's (``feed.xml``), one per organisation
(``<folder>/feed.xml``), one per column (``<folder>/<item>/feed.xml``) and the consultations' (意见征集,
``urls.CONSULTATIONS_FEED``, beside their list), each the newest ``LIMIT`` documents, newest first. Revoked documents are not on the site (``Site.documents``), so not in any
feed; a document past its 失效日期 says 失效 (``Document.validity``).

An entry carries the title, the page's URL, the 发布日期 (published and updated, 00:00 China time:
the content has dates only), the 发布机构 (author), the 主题分类 and the 有效性 (categories), and a
summary: the 索引号, 发文字号 and 有效性, then the 摘要 when there is one. Its id is a tag URI holding the
索引号, which never changes (政府信息公开目录系统实施指引). A feed's ``updated`` is its newest entry's date
(an empty feed: the site's newest), never the build time: the same content gives the same feed. A
consultation's entry in the consultations' feed says its period (征集时间) too: what a subscriber needs to
comment in time.
``render.machine`` writes them with feedgen.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import urls
from ..model.documents import Document
from ..model.site import Site
from ..parse import schema

LABEL = schema.labels(Document)  # a document's fields by their declared Chinese key (索引号, 发文字号 …)
LIMIT = 50  # entries per feed
EPOCH = datetime.date(2000, 1, 1)  # an empty site's feeds


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    url: str  # absolute
    published: datetime.date
    org: str  # the 发布机构
    index_number: str
    number: str | None
    topic: str
    validity: str
    summary: str


@dataclass(frozen=True)
class Feed:
    uri: str  # the file, relative to the site
    id: str
    title: str
    subtitle: str
    page: str  # the page it follows (absolute)
    self_url: str  # absolute
    updated: datetime.date
    author: str
    entries: list[FeedEntry]


def entry(doc: Document, absolute, host: str, *, period: bool = False) -> FeedEntry:
    """``period``: say the consultation's 征集时间 (the consultations' feed)."""
    facts = [f"{LABEL['index_number']}：{doc.index_number}", f"{LABEL['org_id']}：{doc.publisher}"]
    if period and doc.consultation:
        facts += [f"征集时间：{doc.consultation.start.isoformat()} 至 {doc.consultation.end.isoformat()}"]
    facts += [f"{LABEL['number']}：{doc.number}"] if doc.number else []
    facts += [f"{LABEL['published']}：{doc.published.isoformat()}", f"{LABEL['stated_validity']}：{doc.validity}"]
    summary = "；".join(facts) + "。" + (f"\n{doc.summary.strip()}" if doc.summary and doc.summary.strip() else "")
    return FeedEntry(id=f"tag:{host},{doc.published.isoformat()}:{doc.index_number}", title=doc.title,
                     url=absolute(urls.document(doc)), published=doc.published, org=doc.publisher,
                     index_number=doc.index_number, number=doc.number, topic=doc.topic, validity=doc.validity,
                     summary=summary)


def plan(site: Site, absolute, *, site_name: str, author: str) -> list[Feed]:
    """Every feed. ``absolute(src_uri)`` gives a page's or file's absolute URL (from site_url); ``author``
    is the whole site's (主办单位), an organisation's and its columns' feeds are by the organisation."""
    host = urlsplit(absolute(urls.HOME)).hostname or "localhost"
    made: dict[int, FeedEntry] = {}

    def entries(documents: list[Document]) -> list[FeedEntry]:
        out = []
        for doc in documents[:LIMIT]:
            if id(doc) not in made:
                made[id(doc)] = entry(doc, absolute, host)
            out.append(made[id(doc)])
        return out

    fallback = site.latest[0].published if site.latest else EPOCH

    def feed(uri: str, page_uri: str, title: str, subtitle: str, documents: list[Document], by: str,
             items: list[FeedEntry] | None = None) -> Feed:
        items = entries(documents) if items is None else items
        return Feed(uri=uri, id=absolute(uri), title=title, subtitle=subtitle, page=absolute(page_uri),
                    self_url=absolute(uri), updated=items[0].published if items else fallback, author=by,
                    entries=items)

    feeds = [feed(urls.FEED, urls.HOME, f"{site_name} 最新公开", f"{site_name}全站最新主动公开的政府信息", site.latest,
                  author)]
    by_org: dict[str, list[Document]] = {}
    for doc in site.latest:
        by_org.setdefault(doc.org.id, []).append(doc)
    for org in site.tree.orgs.values():
        feeds.append(feed(urls.org_feed(org), urls.org(org), f"{org.name} 最新公开",
                          f"{org.name}最新主动公开的政府信息（{site_name}）", by_org.get(org.id, []), org.name))
        for column in site.columns_of(org.id):  # its documents are newest first already
            feeds.append(feed(urls.column_feed(column), urls.column(column), f"{column.item.name} - {org.name}",
                              f"{org.name}“{column.item.name}”栏目（{column.item.path}）最新公开的政府信息",
                              column.documents, org.name))
    consultations = [d for d in site.latest if d.consultation][:LIMIT]
    feeds.append(feed(urls.CONSULTATIONS_FEED, urls.CONSULTATIONS, f"{site_name} 意见征集",
                      f"{site_name}公开征求意见的决策草案和征求意见稿", consultations, author,
                      [entry(d, absolute, host, period=True) for d in consultations]))
    return feeds


def files(site: Site) -> list[str]:
    """The URIs of every feed (for the clash check, before anything is made)."""
    return [urls.FEED] + [uri for org in site.tree.orgs.values()
                          for uri in (urls.org_feed(org), *(urls.column_feed(c) for c in site.columns_of(org.id)))
                          ] + [urls.CONSULTATIONS_FEED]
