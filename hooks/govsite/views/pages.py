"""One typed view model per page type. A template receives its page's view as ``gov``: titles and
texts as plain strings (the templates escape them), URLs ready (site-relative: the templates make
them page-relative with Material's ``url`` filter), breadcrumbs, the search record, and what the
page shows (``depends``: the keys an incremental build compares).

``generate`` makes the view of every generated page (the pages ``urls.generated`` names); a
document's view is made by ``document``.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from typing import ClassVar

from .. import urls
from ..model import annual
from ..model.annual import AnnualReport
from ..model.catalog import Domain, Item
from ..model.columns import Column
from ..model.documents import Document, Validity
from ..model.orgs import Organisation, Vocabulary, current
from ..model.site import Site
from ..parse import kinds, schema
from ..parse.settings import Settings
from . import search
from .search import Record


# A document's fields by their declared Chinese key (索引号, 发文字号, 成文日期 …): what the pages call them
# (templates: ``meta.labels.index_number``; ``gov.labels.number`` on the 政策文件 and search pages).
LABEL = schema.labels(Document)


@dataclass(frozen=True)
class Link:
    title: str
    url: str  # site-relative (or absolute for another site)


@dataclass(frozen=True)
class Entry:
    """A dated list item (检查指标: every list item shows its date)."""

    title: str
    url: str
    published: datetime.date
    validity: Validity
    org: str  # the 发布机构's name


@dataclass(kw_only=True)
class View:
    """What every page has."""

    template: ClassVar[str] = "main.html"
    src_uri: str
    title: str
    crumbs: list[Link] = field(default_factory=list)  # ancestors, home first
    robots: str | None = None
    feed: Link | None = None  # the page's Atom feed (views.feeds): <link rel="alternate feed"> and a visible 订阅 link

    @property
    def label(self) -> str:
        """The page's short name (its breadcrumb and menu entry)."""
        return self.title

    def depends(self) -> tuple | None:
        """What the page shows, for incremental builds; None: every document (the page lists across them)."""
        return None

    def indexed(self) -> tuple | None:
        """What the page gives the search index, when it is indexed; None when it is not."""
        return None


@dataclass(kw_only=True)
class Frame:
    """What every page's frame (header, footer) shows: ``gov_site`` in templates."""

    name: str
    identity: object  # parse.settings.Identity
    links: list[Link]  # 依申请公开, 互动交流, 在线办事 …
    sitemap: str
    search: str
    open_data: str | None = None  # 开放数据 (views.opendata)
    home: str = "./"
    banner: str | None = None  # the header band's emblem or banner image (extra.gov.banner), site-relative
    primary: list[NavLink] = field(default_factory=list)  # the header's primary navigation (wide screens)
    words: Vocabulary = field(default_factory=Vocabulary)  # the county's own words (区政府部门, 本区 …): ``gov_site.words``


@dataclass(frozen=True)
class NavLink:
    """An entry of the primary navigation; ``section`` is the site-relative URL prefix of the pages it
    leads into ("" for the home page: that page only), None for another site."""

    title: str
    url: str
    section: str | None


def _nav_link(title: str, target: str) -> NavLink:
    if target.startswith(("https://", "http://", "//")):
        return NavLink(title, target, None)
    path = target.lstrip("/")
    path = "" if path in ("", ".", "./", "index.html") else path
    return NavLink(title, path or "./", path)


def primary_nav(site: Site | None, settings: Settings, u: urls.Urls) -> list[NavLink]:
    """``extra.gov.primary_nav`` as given, else the site's own sections: 首页, 政府信息公开, 政策文件, the townships
    in the county's words (乡镇（街道）, 街道 …, when they have a group page), then the entries of
    ``extra.gov.links`` (依申请公开 …)."""
    if settings.primary_nav:
        return [_nav_link(t, target) for t, target in settings.primary_nav.items()]
    entries = [("首页", ""), ("政府信息公开", u.url(urls.XXGK_INDEX)), ("政策文件", u.url(urls.POLICIES_INDEX))]
    if site is not None and site.tree.townships and (group := site.tree.townships[0].folder.rpartition("/")[0]):
        entries.append((site.tree.words.townships, u.url(urls.group(group))))
    return [_nav_link(t, target) for t, target in entries + list((settings.links or {}).items())]


def frame(site_name: str, settings: Settings, u: urls.Urls, site: Site | None = None) -> Frame:
    return Frame(name=site_name, identity=settings.identity,
                 links=[Link(t, href) for t, href in (settings.links or {}).items()],
                 sitemap=u.url(urls.SITEMAP), search=u.url(urls.SEARCH), open_data=u.url(urls.OPEN_DATA),
                 home=u.url(urls.HOME), banner=settings.banner, primary=primary_nav(site, settings, u),
                 words=site.tree.words if site is not None else Vocabulary())


def _entries(documents: list[Document], u: urls.Urls) -> list[Entry]:
    return [Entry(d.title, u.url(urls.document(d)), d.published, d.validity, d.org.name) for d in documents]


@dataclass(frozen=True)
class Element:
    label: str
    text: str


def elements(item: Item, words: Vocabulary | None = None) -> list[Element]:
    """The national elements of a catalog item (国办发〔2019〕54号), from the declaration; its 公开层级 in the
    county's words (``tier_names``)."""
    def value(f):
        raw = getattr(item, f.attr)
        return tuple(tier_names(item.domain, words).get(t, t) for t in raw) if f.key == TIERS_KEY else raw

    return [Element(f.key, f.element.text(value(f))) for f in schema.elements(Item)]


TIERS_KEY = "公开层级"


def tier_names(domain: Domain | None, words: Vocabulary | None) -> dict[str, str]:
    """What the county calls each 公开层级: its catalog's own names (区级, 镇街级: ``Domain.tier_names``, as the
    import read them from its spreadsheet), else its level's and its townships' words (区级, 街道级 …)."""
    return {**(words or Vocabulary()).tiers, **((domain.tier_names or {}) if domain is not None else {})}


ELEMENT_LABELS = tuple(f.key for f in schema.elements(Item))


# --- pages -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatedLink:
    title: str
    url: str
    latest: datetime.date | None  # the newest 发布日期 of what it leads to


@dataclass(frozen=True)
class DomainEntry:
    """A catalog domain on the home page: its catalog page, how many documents, the newest one."""

    title: str
    url: str
    count: int
    newest: Entry


HOME_SECTION = 6  # entries per home-page section
HOME_DOMAINS = 8
NOTICE_WORDS = ("通知", "公告", "通告", "公示")


@dataclass(kw_only=True)
class HomeView(View):
    template: ClassVar[str] = "home.html"
    heading: str
    entries: list[Link]
    latest: list[Entry]
    townships: list[Link]
    departments: list[Link]
    # The portal's sections (rules in ``home_sections``), each dated and with a link to its full list.
    policies: list[Entry] = field(default_factory=list)  # 最新政策文件
    policy_list: Link | None = None
    interpretations: list[Entry] = field(default_factory=list)  # 政策解读
    notices: list[Entry] = field(default_factory=list)  # 通知公告
    township_news: list[DatedLink] = field(default_factory=list)  # each township with its newest date
    domains: list[DomainEntry] = field(default_factory=list)  # 重点领域: the most recently updated domains
    consultations: OpenConsultations | None = None  # 意见征集: the open ones, and the full list


@dataclass(kw_only=True)
class XxgkView(View):
    template: ClassVar[str] = "xxgk.html"
    entries: list[Link]
    consultations: OpenConsultations | None = None  # 意见征集: the open ones, and the full list


@dataclass(kw_only=True)
class AggregateView(View):
    """A standard sub-column gathering one item's documents from every organisation (e.g. 年报)."""

    template: ClassVar[str] = "aggregate.html"
    name: str
    path: str
    elements: list[Element]
    documents: list[Entry]
    reports: list[ReportYear] = field(default_factory=list)  # the 年报 sub-column: every organisation's, by year


@dataclass(kw_only=True)
class FdzdgkView(View):
    template: ClassVar[str] = "fdzdgk.html"
    county: Link | None
    departments: list[Link]
    townships: list[Link]


@dataclass(kw_only=True)
class CatalogIndexView(View):
    template: ClassVar[str] = "catalog-index.html"
    domains: list[tuple[Link, int]]  # (domain, number of items)
    revisions: Link | None = None  # 目录调整记录 (views.revisions), once the catalog was revised


@dataclass(frozen=True)
class CatalogRow:
    id: str
    path: str
    elements: list[Element]
    has_columns: bool
    columns: list[Link]  # the columns of organisations other than villages
    villages: int  # the number of village columns (listed on the townships' pages)


@dataclass(kw_only=True)
class CatalogDomainView(View):
    template: ClassVar[str] = "catalog-domain.html"
    hide: ClassVar[tuple[str, ...]] = ("navigation", "toc")  # the table takes the page's width
    name: str
    guideline: str | None
    labels: tuple[str, ...]  # the element columns' headers
    rows: list[CatalogRow]

    @property
    def label(self) -> str:
        return self.name


@dataclass(kw_only=True)
class OrgGroupView(View):
    template: ClassVar[str] = "org-group.html"
    orgs: list[tuple[Link, int]]  # (organisation, number of villages)


@dataclass(frozen=True)
class ColumnEntry:
    title: str
    url: str
    count: int
    latest: datetime.date | None


@dataclass(frozen=True)
class ColumnGroup:
    id: str  # the domain id (anchor)
    name: str
    columns: list[ColumnEntry]


@dataclass(frozen=True)
class ScopedSearch:
    """An organisation page's search form, pre-filtered to it (or to its township)."""

    action: str
    label: str  # 本单位, 本乡镇 …
    filter: str  # the filter's name
    value: str


@dataclass(kw_only=True)
class OrganisationView(View):
    template: ClassVar[str] = "organisation.html"
    name: str
    kind: str
    parent: str | None
    count: int
    search: ScopedSearch
    info: list[tuple[str, str]]
    villages: list[Link]
    is_village: bool
    groups: list[ColumnGroup]
    shows: tuple[str, ...] = ()

    def depends(self):
        return ("org", *self.shows)


@dataclass(frozen=True)
class Pagination:
    current: int
    total: int
    pages: list[tuple[int, str]]  # (number, url)
    count: int  # documents in the column


@dataclass(kw_only=True)
class ColumnView(View):
    template: ClassVar[str] = "column.html"
    name: str
    path: str
    org: str
    domain: str
    item_id: str
    elements: list[Element]
    documents: list[Entry]
    pagination: Pagination
    record: Record | None  # the first page is indexed (the column's description)
    shows: tuple[str, ...] = ()
    latest: datetime.date | None = None
    reports: list[ReportYear] = field(default_factory=list)  # a 年报 column's annual reports (first page), by year

    def depends(self):
        return ("column", self.pagination.current, *self.shows)

    def indexed(self):
        return (self.latest,) if self.record is not None else None  # the sort key is all it adds


@dataclass(frozen=True)
class AttachmentEntry:
    name: str
    url: str
    extension: str


@dataclass(frozen=True)
class Meta:
    """The standard metadata block (gov.cn format)."""

    labels: ClassVar[dict[str, str]] = LABEL
    index_number: str
    topic: str
    org: str
    written: datetime.date
    title: str
    number: str | None
    published: datetime.date
    validity: Validity
    in_force: datetime.date | None = None  # 施行日期
    expires: datetime.date | None = None  # 失效日期
    reposted_by: str | None = None  # 转载: the county organisation that reposts it (``org`` is the original's)
    source_index_number: str | None = None  # 转载: the original authority's 索引号
    source_url: str | None = None  # 转载: the original's address


CONSULTATION_SCRIPT = "assets/javascripts/consultation.js"


@dataclass(frozen=True)
class Cited:
    """One 起草说明 or 决策依据: a text, or a link when it is the 索引号 of a document on the site."""

    text: str
    url: str | None = None


@dataclass(frozen=True)
class Way:
    """One way to comment (邮箱, 信函地址, 电话, 网址) and its link, if it has one."""

    label: str
    text: str
    href: str | None = None


@dataclass(frozen=True)
class ConsultationBlock:
    """A consultation's 意见征集 block: its period and state on the check date (the no-script text; the
    script recomputes it in the reader's browser from the dates), how to comment, its feedback."""

    start: datetime.date
    end: datetime.date
    days: int
    state: str  # 未开始, 征集中 or 已截止 on the check date
    status: str  # the badge's text, e.g. 征集中（还剩 5 天）
    ways: tuple[Way, ...]
    explanation: tuple[Cited, ...]
    basis: tuple[Cited, ...]
    shortened: str | None
    feedback: Entry | None
    script: str
    decisions: tuple[Entry, ...] = ()  # the final decisions made from it (their 来源征集 name it)


@dataclass(frozen=True)
class FeedbackBlock:
    """A 意见采纳情况's link to its consultation, and its numbers."""

    consultation: Entry
    received: int | None
    adopted: int | None


def consultation_status(state: str, days_left: int) -> str:
    """The badge's text (consultation.js writes the same words)."""
    if state != "征集中":
        return state
    return "征集中（今天截止）" if days_left == 0 else f"征集中（还剩 {days_left} 天）"


def _consultation(doc: Document, u: urls.Urls) -> ConsultationBlock | None:
    c = doc.consultation
    if c is None:
        return None
    state = c.state_on(doc.as_of) if doc.as_of else None
    ways = tuple(w for w in (
        Way("邮箱", c.email, f"mailto:{c.email}") if c.email else None,
        Way("信函地址", c.address) if c.address else None,
        Way("电话", c.phone, "tel:" + re.sub(r"[^0-9+]", "", c.phone)) if c.phone else None,
        Way("网址", c.url, c.url) if c.url else None) if w)

    def cited(texts):
        return tuple(Cited(doc.cited[t].title, u.url(urls.document(doc.cited[t]))) if t in doc.cited else Cited(t)
                     for t in texts)

    return ConsultationBlock(
        start=c.start, end=c.end, days=c.days, state=str(state or ""),
        status=consultation_status(str(state), c.days_left(doc.as_of)) if state else "",
        ways=ways, explanation=cited(c.explanation), basis=cited(c.basis), shortened=c.shortened,
        feedback=_entries([doc.feedback], u)[0] if doc.feedback else None, script=u.url(CONSULTATION_SCRIPT),
        decisions=tuple(_entries(doc.decisions, u)))


@dataclass(kw_only=True)
class DocumentView(View):
    template: ClassVar[str] = "document.html"
    meta: Meta
    validity: Validity
    policies: list[Entry]
    interpretations: list[Entry]
    attachments: list[AttachmentEntry]
    column: Link
    org: Link
    record: Record
    texts: tuple[str, ...]  # what the 字 field is made of, with the body (render adds it)
    shows: tuple[str, ...] = ()
    keywords: str | None = None  # 主题词
    column_type: str = ""  # the column's 一级事项 (ColumnType metadata)
    description: str = ""  # 摘要 or the body's first sentence: render adds it (views.metadata)
    consultation: ConsultationBlock | None = None  # 意见征集
    feedback: FeedbackBlock | None = None  # 意见采纳情况: the consultation it answers
    decided_from: Entry | None = None  # a final decision: the consultation it comes from (来源征集)

    def depends(self):
        return self.shows

    def indexed(self):
        return self.shows


@dataclass(kw_only=True)
class SearchView(View):
    template: ClassVar[str] = "search.html"
    labels: ClassVar[dict[str, str]] = LABEL  # the declared keys of a document's fields
    filters: dict[str, list[str]]
    filter_labels: dict[str, str]  # a filter's label where it is not its key (the county's own words)
    bundles: list[dict]
    record: dict
    catalog: str
    fdzdgk: str
    placeholder: str = "输入标题、发文字号或索引号"  # an example query from the content (search_placeholder)


@dataclass(frozen=True)
class SitemapEntry:
    link: Link
    columns: list[Link]
    children: list[SitemapEntry]


@dataclass(kw_only=True)
class SitemapView(View):
    template: ClassVar[str] = "sitemap.html"
    sections: list[Link]  # 首页, 政策文件, 搜索
    xxgk: Link
    fdzdgk: Link
    catalog: Link
    domains: list[Link]
    county: SitemapEntry | None
    departments: list[SitemapEntry]
    townships: list[SitemapEntry]


# --- 意见征集: the county-wide list, and the open ones on the home and 政府信息公开 pages ---------------------
# Open first (closing soonest first), then those not open yet, then the closed ones (latest 征集截止 first);
# the state on the check date is the no-script text, consultation.js recomputes each badge on the reader's day.

CONSULTATION_ORDER = {"征集中": 0, "未开始": 1, "已截止": 2}
CONSULTATION_LIMIT = 6  # open consultations shown on the home and 政府信息公开 pages (the list has them all)


@dataclass(frozen=True)
class ConsultationRow:
    """One consultation in a list: the draft, who runs it, its period and state, its feedback and decisions."""

    title: str
    url: str
    org: str  # the 发布机构
    published: datetime.date
    start: datetime.date
    end: datetime.date
    state: str  # on the check date
    status: str  # the badge's text (``consultation_status``)
    feedback: Entry | None
    decisions: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class OpenConsultations:
    """The open consultations a page shows (up to ``CONSULTATION_LIMIT``), the link to all of them, and the
    badge script."""

    rows: list[ConsultationRow]
    more: Link
    script: str


@dataclass(kw_only=True)
class ConsultationListView(View):
    """意见征集: every consultation on the site (``consultation_rows`` order), with its feed."""

    template: ClassVar[str] = "consultations.html"
    hide: ClassVar[tuple[str, ...]] = ("navigation", "toc")  # the table takes the page's width
    rows: list[ConsultationRow]
    open_count: int  # open on the check date
    script: str
    latest: datetime.date | None = None  # the newest 发布日期 among them


def consultation_rows(site: Site, u: urls.Urls) -> list[ConsultationRow]:
    """Every consultation on the site (revoked ones are not), in the list's order."""
    rows = []
    for doc in site.latest:
        c = doc.consultation
        if c is None:
            continue
        state = str(doc.consultation_state or "")
        status = consultation_status(state, c.days_left(doc.as_of)) if doc.as_of else ""
        rows.append(ConsultationRow(doc.title, u.url(urls.document(doc)), doc.publisher, doc.published, c.start,
                                    c.end, state, status, _entries([doc.feedback], u)[0] if doc.feedback else None,
                                    tuple(_entries(doc.decisions, u))))

    def key(row: ConsultationRow):
        rank = CONSULTATION_ORDER.get(row.state, 2)
        day = {0: row.end.toordinal(), 1: row.start.toordinal()}.get(rank, -row.end.toordinal())
        return (rank, day, row.url)

    return sorted(rows, key=key)


def open_consultations(rows: list[ConsultationRow], u: urls.Urls) -> OpenConsultations:
    return OpenConsultations([r for r in rows if r.state == "征集中"][:CONSULTATION_LIMIT],
                             Link("全部意见征集", u.url(urls.CONSULTATIONS)), u.url(CONSULTATION_SCRIPT))


def consultation_list(rows: list[ConsultationRow], u: urls.Urls, crumbs: list[Link]) -> ConsultationListView:
    return ConsultationListView(src_uri=urls.CONSULTATIONS, title="意见征集", crumbs=crumbs, rows=rows,
                                open_count=sum(r.state == "征集中" for r in rows), script=u.url(CONSULTATION_SCRIPT),
                                latest=max((r.published for r in rows), default=None),
                                feed=Link("订阅意见征集", u.url(urls.CONSULTATIONS_FEED)))


# --- making them ----------------------------------------------------------------------------------


def _group_title(members: list[Organisation], words: Vocabulary) -> str:
    if all(o.is_department for o in members):
        return words.departments
    if all(o.is_township for o in members):
        return words.townships
    return "机构"


def generate(site: Site, u: urls.Urls, *, site_name: str, links: dict[str, str], bundles: list[dict]) -> dict[str, View]:
    """Every generated page's view, keyed by its source URI (the pages ``urls.generated`` names,
    the checks page excepted: the checks make it)."""
    L = lambda title, uri: Link(title, u.url(uri))  # noqa: E731
    home, xxgk, catalog = L("首页", urls.HOME), L("政府信息公开", urls.XXGK_INDEX), L("标准目录", urls.CATALOG_INDEX)
    fdzdgk = L("法定主动公开内容", urls.FDZDGK)
    tree = site.tree
    org_links = lambda orgs: [L(o.name, urls.org(o)) for o in current(orgs)]  # noqa: E731 (撤并 ones: not listed)
    external = [Link(title, href) for title, href in links.items()]
    views: list[View] = []
    consultations = consultation_rows(site, u)
    open_now = open_consultations(consultations, u)

    views.append(HomeView(src_uri=urls.HOME, title="首页", heading=site_name, latest=_entries(site.latest[:10], u),
                          feed=L("订阅本站最新公开", urls.FEED),
                          entries=[L("政府信息公开", urls.XXGK_INDEX), L("政策文件", urls.POLICIES_INDEX), fdzdgk,
                                   L("标准目录", urls.CATALOG_INDEX), *external],
                          townships=org_links(tree.townships), departments=org_links(tree.departments),
                          consultations=open_now, **home_sections(site, u)))
    views.append(SearchView(src_uri=urls.SEARCH, title="搜索", crumbs=[home], filters=search.filter_options(site),
                            filter_labels=search.filter_labels(site), bundles=bundles, record=search.contract(), catalog=u.url(urls.CATALOG_INDEX),
                            fdzdgk=u.url(urls.FDZDGK), placeholder=search_placeholder(site)))
    views.append(_sitemap(site, u, home, xxgk, fdzdgk))

    # 政府信息公开 and its standard sub-columns (国办公开办函〔2019〕61号): 指南, 制度, 法定主动公开内容, 年报.
    standard = urls.standard_items(site)
    items = [L(i.name, urls.xxgk_item(i)) for i in standard]
    views.append(XxgkView(src_uri=urls.XXGK_INDEX, title="政府信息公开", crumbs=[home],
                          entries=items[:(at := urls.fdzdgk_position(standard))] + [fdzdgk] + items[at:]
                          + [L("政务公开事项标准目录", urls.CATALOG_INDEX), L("政策文件", urls.POLICIES_INDEX),
                             L("意见征集", urls.CONSULTATIONS)]
                          + external, consultations=open_now))
    views.append(consultation_list(consultations, u, [home, xxgk]))
    for item in standard:
        documents = [d for d in site.latest if d.item is item]
        views.append(AggregateView(src_uri=urls.xxgk_item(item), title=item.name, crumbs=[home, xxgk],
                                   name=item.name, path=item.path, elements=elements(item, tree.words),
                                   documents=_entries(documents, u),
                                   reports=reports_by_year(site, u) if item.role == annual.ROLE else []))
    views.append(FdzdgkView(src_uri=urls.FDZDGK, title="法定主动公开内容", crumbs=[home, xxgk],
                            county=L(tree.county.name, urls.org(tree.county)) if tree.county else None,
                            departments=org_links(tree.departments), townships=org_links(tree.townships)))

    # The catalog as accessible tables, one per domain.
    views.append(CatalogIndexView(src_uri=urls.CATALOG_INDEX, title="政务公开事项标准目录", crumbs=[home, xxgk],
                                  domains=[(L(d.name, urls.catalog_domain(d)), len(d.items)) for d in site.catalog.domains],
                                  revisions=L("目录调整记录", urls.REVISIONS) if site.catalog.revisions else None))
    for domain in site.catalog.domains:
        views.append(_catalog_domain(site, domain, u, [home, xxgk, catalog]))
    views += policy_pages(site, u, [home, xxgk]).values()  # 政策文件

    # Organisation pages and their columns.
    for folder, members in urls.groups(site).items():
        views.append(OrgGroupView(src_uri=urls.group(folder), title=_group_title(members, tree.words), crumbs=[home, xxgk],
                                  orgs=[(L(o.name, urls.org(o)), len(o.children)) for o in current(members)]))
    shown: dict[str, list[Element]] = {}  # each item's elements, made once for its many columns
    for org in tree.orgs.values():
        crumbs = [home, xxgk]
        if org.parent:
            crumbs.append(L(org.parent.name, urls.org(org.parent)))
        else:
            group = org.folder.rpartition("/")[0]
            if group:
                crumbs.append(L(_group_title([org], tree.words), urls.group(group)))
        if org.is_current:  # a 撤并 organisation's page is a static notice (views.redirects); its columns stay
            views.append(_organisation(site, org, u, crumbs))
        for column in site.columns_of(org.id):
            views += _column_pages(column, u, crumbs + [L(org.name, urls.org(org))], site, shown)
    by_uri = {v.src_uri: v for v in views}
    for report in urls.published_reports(site):  # 年报: each in its organisation's 年报 column
        by_uri[urls.annual_report(report)] = annual_page(report, site, u, by_uri[urls.column(report.column)])
    return by_uri


def is_notice(doc: Document) -> bool:
    """通知公告 on the home page: a document that is neither a 政策文件 nor a 解读 and whose title or catalog
    item (its path: 一级 › 二级 …) names a 通知, 公告, 通告 or 公示."""
    return (not urls.is_policy(doc) and not doc.is_interpretation
            and any(w in doc.title or w in doc.item.path for w in NOTICE_WORDS))


def home_sections(site: Site, u: urls.Urls) -> dict:
    """The home page's sections, newest first, ``HOME_SECTION`` entries each: 最新政策文件 (``urls.is_policy``:
    a 发文字号 and not a 解读), 政策解读 (documents that interpret another), 通知公告 (``is_notice``); every
    township with the newest date of it and its villages; the ``HOME_DOMAINS`` domains updated last (not
    the 政府信息公开 domains of the standard sub-columns), each with its newest document."""
    policies, interpretations, notices = [], [], []
    for doc in site.latest:
        if urls.is_policy(doc):
            policies.append(doc)
        elif doc.is_interpretation:
            interpretations.append(doc)
        elif is_notice(doc):
            notices.append(doc)
    newest_of: dict[str, Document] = {}
    domain_count: dict[str, int] = {}
    standard = {i.domain.id for i in urls.standard_items(site)}
    for doc in site.latest:
        domain = doc.item.domain.id
        newest_of.setdefault(domain, doc)
        domain_count[domain] = domain_count.get(domain, 0) + 1
    township_news = []
    for township in current(site.tree.townships):
        dates = [c.latest for o in (township, *township.children) for c in site.columns_of(o.id) if c.latest]
        township_news.append(DatedLink(township.name, u.url(urls.org(township)), max(dates, default=None)))
    domains = [d for d in site.catalog.domains if d.id in newest_of and d.id not in standard]
    domains.sort(key=lambda d: newest_of[d.id].sort_key(), reverse=True)
    return dict(policies=_entries(policies[:HOME_SECTION], u), policy_list=Link("政策文件", u.url(urls.POLICIES_INDEX)),
                interpretations=_entries(interpretations[:HOME_SECTION], u), notices=_entries(notices[:HOME_SECTION], u),
                township_news=township_news,
                domains=[DomainEntry(d.name, u.url(urls.catalog_domain(d)), domain_count[d.id],
                                     _entries([newest_of[d.id]], u)[0]) for d in domains[:HOME_DOMAINS]])


def search_placeholder(site: Site) -> str:
    """The search box's example query, from the county's own content: the column and 发文字号 of its newest
    document that has one (never a fixed example that would name another county's documents)."""
    doc = next((d for d in site.latest if d.number), None)
    if doc is None:
        return SearchView.placeholder
    return f"如：{doc.item.name}、{doc.number}"


def _sitemap(site: Site, u: urls.Urls, home: Link, xxgk: Link, fdzdgk: Link) -> SitemapView:
    def entry(org: Organisation) -> SitemapEntry:
        return SitemapEntry(Link(org.name, u.url(urls.org(org))),
                            [Link(c.item.name, u.url(urls.column(c))) for c in site.columns_of(org.id)],
                            [entry(v) for v in current(org.children)])

    tree = site.tree
    return SitemapView(src_uri=urls.SITEMAP, title="网站地图", crumbs=[home],
                       sections=[home, Link("政策文件", u.url(urls.POLICIES_INDEX)), Link("搜索", u.url(urls.SEARCH))],
                       xxgk=xxgk, fdzdgk=fdzdgk,
                       catalog=Link("政务公开事项标准目录", u.url(urls.CATALOG_INDEX)),
                       domains=[Link(d.name, u.url(urls.catalog_domain(d))) for d in site.catalog.domains],
                       county=entry(tree.county) if tree.county else None,
                       departments=[entry(o) for o in current(tree.departments)],
                       townships=[entry(o) for o in current(tree.townships)])


def _catalog_domain(site: Site, domain: Domain, u: urls.Urls, crumbs: list[Link]) -> CatalogDomainView:
    rows = []
    for item in domain.items:
        columns = site.columns_by_item.get(item.id, [])
        rows.append(CatalogRow(item.id, item.path, elements(item, site.tree.words), item.has_columns,
                               [Link(c.org.label, u.url(urls.column(c))) for c in columns if not c.org.is_village],
                               sum(1 for c in columns if c.org.is_village)))
    return CatalogDomainView(src_uri=urls.catalog_domain(domain), title=f"{domain.name}领域基层政务公开标准目录",
                             crumbs=crumbs, name=domain.name, guideline=domain.guideline, labels=ELEMENT_LABELS,
                             rows=rows)


def _organisation(site: Site, org: Organisation, u: urls.Urls, crumbs: list[Link]) -> OrganisationView:
    columns = site.columns_of(org.id)
    groups: list[ColumnGroup] = []
    for column in columns:
        entry = ColumnEntry(column.item.name, u.url(urls.column(column)), len(column.documents) + len(column.reports),
                            column.latest)
        if groups and groups[-1].id == column.item.domain.id:
            groups[-1].columns.append(entry)
        else:
            groups.append(ColumnGroup(column.item.domain.id, column.item.domain.name, [entry]))
    if org.is_township or org.is_village:  # its township's, as the township is called (本镇, 本街道, 本苏木 …)
        scope = ScopedSearch(u.url(urls.SEARCH), "本" + org.township.kind.removeprefix("民族"), search.FILTERS["township"],
                             org.township.name)
    else:
        scope = ScopedSearch(u.url(urls.SEARCH), "本单位", search.FILTERS["org"], org.name)
    shows = tuple(d.digest for o in (org, *org.children) for c in site.columns_of(o.id) for d in c.documents + c.reports)
    return OrganisationView(src_uri=urls.org(org), title=org.name, crumbs=crumbs, name=org.name, kind=org.kind,
                            parent=org.parent.name if org.parent else None,
                            count=sum(len(c.documents) for c in columns), search=scope, info=org.info,
                            villages=[Link(v.name, u.url(urls.org(v))) for v in current(org.children)],
                            is_village=org.is_village, groups=groups, shows=shows,
                            feed=Link(f"订阅{org.name}最新公开", u.url(urls.org_feed(org))))


def _column_pages(column: Column, u: urls.Urls, crumbs: list[Link], site: Site | None = None,
                  shown: dict[str, list[Element]] | None = None) -> list[ColumnView]:
    uris = urls.column_pages(column)
    pages = [(n, u.url(uri)) for n, uri in enumerate(uris, 1)]
    item, org = column.item, column.org
    # A 年报 column lists its annual reports; the county government's lists every organisation's, by year.
    reports = ((reports_by_year(site, u) if org.is_county and site is not None else
                [ReportYear(r.year, [report_entry(r, u)]) for r in column.reports]) if item.role == annual.ROLE else [])
    made_elements = shown.get(item.id) if shown is not None else None
    if made_elements is None:
        made_elements = elements(item, site.tree.words if site is not None else None)
        if shown is not None:
            shown[item.id] = made_elements
    out = []
    for number, uri in enumerate(uris, 1):
        chunk = column.documents[(number - 1) * urls.PAGE_SIZE: number * urls.PAGE_SIZE]
        out.append(ColumnView(
            src_uri=uri, title=f"{item.name} - {org.name}" + (f"（第{number}页）" if number > 1 else ""),
            crumbs=crumbs, name=item.name, path=item.path, org=org.name, domain=item.domain.name, item_id=item.id,
            elements=list(made_elements), documents=_entries(chunk, u),
            pagination=Pagination(number, len(uris), pages, len(column.documents)),
            record=search.column_record(column) if number == 1 else None,
            shows=tuple(d.digest for d in column.documents + (_all_reports(site) if reports else [])),
            latest=column.latest, reports=reports if number == 1 else [],
            feed=Link("订阅本栏目", u.url(urls.column_feed(column)))))
    return out


_PLAIN = (str, int, float, bool, datetime.date, type(None))


class DocumentInputs:
    """Everything ``document`` reads, and a document's open-data row (``opendata.DOCUMENT_COLUMNS``), as plain
    values: the input key of what the speed room keeps of a document from one build to the next
    (``speed.memo``; the pipeline hands it ``inputs(doc)``, with the column page's crumbs and the search bundle
    for the view).

    Why it is complete: a document's declared fields (title, dates, 有效性, 附件, 转载, 意见征集 …) are its file's
    text, given by ``digest`` (``text_digest``, with whether it has lapsed on the check date, which with the
    stated 有效性 is its ``validity``); the rest of ``Document`` is what loading resolves, given here field by
    field (``_RESOLVED`` names them: a field added to ``Document`` fails ``tests/unit/test_view_memo.py``
    until it is named there): its place (``src_uri``, ``file``, ``body_line``, ``may_link``), its
    organisation, catalog item and column (every plain field of each, and of the township and domain above
    them), the documents it links (each one's place, digest and organisation: the lists show their title,
    dates, 有效性 and organisation), the check date when it is a consultation (its state and days left) and the
    URL settings (the pipeline adds the column page's crumbs and the search bundle for the view). One per
    build: the organisations' and items' fields are written once each."""

    _RESOLVED = ("src_uri", "file", "org", "item", "column", "policies", "interpretations", "feedback", "consulted",
                 "decisions", "decided_from", "cited", "text_digest", "as_of", "may_link", "body_line")

    def __init__(self, u: urls.Urls, base: str | None = None) -> None:
        self.settings = (u.directory_urls, base)  # base: site_url (the open-data row's absolute URLs)
        self._plain: dict[int, str] = {}

    def plain(self, value) -> str | None:
        """A model object's plain fields, as text (organisation, item, domain: written once per build)."""
        if value is None:
            return None
        made = self._plain.get(id(value))
        if made is None:
            made = self._plain[id(value)] = repr((type(value).__name__, tuple(
                (k, v) for k, v in vars(value).items()
                if isinstance(v, _PLAIN) or (isinstance(v, tuple) and all(isinstance(x, _PLAIN) for x in v)))))
        return made

    def _linked(self, doc: Document | None) -> tuple | None:
        return None if doc is None else (doc.src_uri, doc.digest, self.plain(doc.org))

    def __call__(self, doc: Document) -> str:
        """A digest of the inputs (their ``repr``: plain values all)."""
        org, item = doc.org, doc.item
        return hashlib.blake2b(repr((self.settings, doc.src_uri, doc.file, doc.digest, doc.body_line, doc.may_link,
                doc.as_of if doc.consultation else None,
                self.plain(org), self.plain(org.township), self.plain(item), self.plain(item.domain),
                urls.column(doc.column),
                tuple(self._linked(d) for d in doc.policies), tuple(self._linked(d) for d in doc.interpretations),
                self._linked(doc.feedback), self._linked(doc.consulted), self._linked(doc.decided_from),
                tuple(self._linked(d) for d in doc.decisions),
                tuple((k, self._linked(d)) for k, d in doc.cited.items()))).encode("utf-8"), digest_size=16).hexdigest()


def document(doc: Document, u: urls.Urls, column_view: View, bundle: str | None) -> DocumentView:
    """A document's view; ``column_view`` is its column's first page (whose crumbs it continues)."""
    column = Link(doc.item.name, u.url(urls.column(doc.column)))
    related = tuple(d.digest for d in doc.policies + doc.interpretations
                    + [d for d in (doc.feedback, doc.consulted, doc.decided_from) if d]
                    + doc.decisions + list(doc.cited.values()))
    return DocumentView(
        src_uri=urls.document(doc), title=doc.title, crumbs=column_view.crumbs + [column],
        meta=Meta(doc.index_number, doc.topic, doc.publisher, doc.written, doc.title, doc.number, doc.published,
                  doc.validity, doc.in_force, doc.expires, reposted_by=doc.org.name if doc.repost else None,
                  source_index_number=doc.repost.index_number if doc.repost else None,
                  source_url=doc.repost.url if doc.repost else None),
        validity=doc.validity, policies=_entries(doc.policies, u), interpretations=_entries(doc.interpretations, u),
        attachments=[AttachmentEntry(a.name, u.url(urls.attachment(a)), a.extension) for a in doc.attachments],
        column=column, org=Link(doc.org.name, u.url(urls.org(doc.org))),
        record=search.document_record(doc, bundle),
        texts=(doc.title, doc.number, doc.publisher, doc.org.name, doc.topic, *(a.name for a in doc.attachments)),
        shows=(doc.digest, *related, bundle or ""), keywords=doc.keywords, column_type=doc.item.level1,
        consultation=_consultation(doc, u),
        feedback=FeedbackBlock(_entries([doc.consulted], u)[0], doc.received, doc.adopted) if doc.consulted else None,
        decided_from=_entries([doc.decided_from], u)[0] if doc.decided_from else None)


# --- the 政策文件 list -------------------------------------------------------------------------------
# The 政策文件 list (as gov.cn's 政策文件库): every document with a 发文字号 that is not a 解读
# (``urls.is_policy``), in a table newest first — 标题, 发文字号, 成文日期, 发布日期, 有效性 — one list per
# year of 发布日期 (the newest year at ``zcwj/``), a year of more than ``urls.POLICY_PAGE_SIZE`` split
# into pages, so no page grows with the county (50,000 documents: pages of 200 rows).
#
# Filtering is static-site friendly: the rows are in the HTML (all shown without script); the filter
# form (发布机构, 主题分类, 有效性, from the rows of the page) is shown by ``assets/javascripts/policies.js``,
# which hides the rows that do not match; the year is chosen by its link (no script needed).

POLICY_SCRIPT = "assets/javascripts/policies.js"
POLICY_FILTERS = (("org", LABEL["org_id"]), ("topic", LABEL["topic"]),  # (data attribute, label)
                  ("validity", LABEL["stated_validity"]))


@dataclass(frozen=True)
class PolicyRow:
    title: str
    url: str
    number: str
    written: datetime.date
    published: datetime.date
    validity: Validity
    org: str
    topic: str  # the first level of 主题分类 (as the search filter)


@dataclass(frozen=True)
class YearLink:
    year: int
    url: str
    count: int


@dataclass(frozen=True)
class Filter:
    key: str  # the rows' data-… attribute
    label: str
    options: list[str]


@dataclass(kw_only=True)
class PolicyListView(View):
    template: ClassVar[str] = "policies.html"
    labels: ClassVar[dict[str, str]] = LABEL  # the declared keys of a document's fields
    hide: ClassVar[tuple[str, ...]] = ("navigation", "toc")  # the table takes the page's width
    year: int | None
    years: list[YearLink]
    rows: list[PolicyRow]
    filters: list[Filter]
    pagination: Pagination
    script: str
    latest: datetime.date | None = None

    @property
    def label(self) -> str:
        return "政策文件"


def policy_pages(site: Site, u: urls.Urls, crumbs: list[Link]) -> dict[str, PolicyListView]:
    """Every page of the 政策文件 list, keyed by its source URI (``urls.policy_pages``)."""
    years = urls.policy_years(site)
    year_links = [YearLink(year, u.url(urls.policy_page(year, newest=i == 0)), len(docs))
                  for i, (year, docs) in enumerate(years.items())]
    script = u.url(POLICY_SCRIPT)
    out: dict[str, PolicyListView] = {}
    if not years:
        out[urls.POLICIES_INDEX] = PolicyListView(
            src_uri=urls.POLICIES_INDEX, title="政策文件", crumbs=crumbs, year=None, years=[], rows=[], filters=[],
            pagination=Pagination(1, 1, [(1, u.url(urls.POLICIES_INDEX))], 0), script=script)
        return out
    for i, (year, docs) in enumerate(years.items()):
        newest = i == 0
        total = -(-len(docs) // urls.POLICY_PAGE_SIZE)
        numbers = [(n, u.url(urls.policy_page(year, n, newest=newest))) for n in range(1, total + 1)]
        for number in range(1, total + 1):
            chunk = docs[(number - 1) * urls.POLICY_PAGE_SIZE: number * urls.POLICY_PAGE_SIZE]
            rows = [PolicyRow(d.title, u.url(urls.document(d)), d.number or "", d.written, d.published, d.validity,
                              d.org.name, d.topic_class) for d in chunk]
            filters = [Filter(key, label, sorted({getattr(r, key) for r in rows})) for key, label in POLICY_FILTERS]
            uri = urls.policy_page(year, number, newest=newest)
            title = f"政策文件（{year}年" + (f"，第{number}页）" if number > 1 else "）")
            out[uri] = PolicyListView(src_uri=uri, title=title, crumbs=crumbs, year=year, years=year_links, rows=rows,
                                      filters=filters, pagination=Pagination(number, total, numbers, len(docs)),
                                      script=script, latest=chunk[0].published)
    return out


# --- the annual report (政府信息公开工作年度报告) ------------------------------------------------------
# The report page of one organisation and year (国办公开办函〔2021〕30号): the six fixed sections, tables 二、三、四
# as accessible tables whose rows and columns come from the data file's declaration (``model.annual``), and the
# tables as CSV and XLSX downloads (``render.annual`` writes them from ``tables``).
# Table 二's four parts: the article of 条例 第二十条 each reports on, its columns and rows.
ANNUAL_TABLE2 = (("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "行政规范性文件")),
          ("第二十条第（五）项", ("本年处理决定数量",), ("行政许可",)),
          ("第二十条第（六）项", ("本年处理决定数量",), ("行政处罚", "行政强制")),
          ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("行政事业性收费",)))
ANNUAL_TABLE3_NOTE = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"
ANNUAL_SOURCE_NOTE = ("表二中规章、行政规范性文件的件数和行政许可、行政处罚、行政强制的处理决定数量按本网站公开的文件统计"
               "（成文日期在本年度内），单位另有统计的以报送数据为准。")


@dataclass(frozen=True)
class AnnualPart:
    """One part of table 二: its header row and its rows (label, cells)."""

    heading: str
    columns: tuple[str, ...]
    rows: list[tuple[str, tuple[str, ...]]]


@dataclass(frozen=True)
class AnnualRow:
    """A row of table 三: its label, depth (0: 一…四, 1: （一）…（七）, 2: 1. 2. …), cells (none: a heading row)."""

    label: str
    level: int
    cells: tuple[int, ...]


@dataclass(frozen=True)
class AnnualTable:
    """A table as plain rows, for CSV and XLSX: a title, then rows of text or numbers."""

    title: str
    rows: list[list]


@dataclass(kw_only=True)
class AnnualReportView(View):
    template: ClassVar[str] = "annual-report.html"
    heading: str
    org: str
    year: int
    published: datetime.date
    sections: tuple[str, ...]
    overview: list[str]  # paragraphs
    table2: list[AnnualPart]
    table3: list[AnnualRow]
    applicants: tuple[str, ...]
    applicant_group: str
    table3_note: str
    table4: tuple[int, ...]  # 15 cells: 行政复议, 行政诉讼 未经复议直接起诉, 复议后起诉 × 5 columns
    review_columns: tuple[str, ...]
    problems: list[str]
    other: list[str]
    source_note: str
    downloads: list[Link]
    download_uris: tuple[str, str]  # the CSV's and the XLSX's source URIs (render.annual writes them)
    column: Link
    tables: list[AnnualTable]
    shows: tuple[str, ...] = ()
    participation: str = ""  # 公众参与 as the site counts it (model.annual.Participation), for 一、总体情况

    def depends(self):
        return ("annual", *self.shows)


def _paragraphs(text: str | None) -> list[str]:
    return [" ".join(p.split()) for p in (text or "").split("\n\n") if p.strip()]


def annual_table2(report: AnnualReport) -> list[AnnualPart]:
    figures = report.table2()
    parts = []
    for heading, columns, rows in ANNUAL_TABLE2:
        parts.append(AnnualPart(heading, columns, [(row, tuple(figures[row][c].text for c in columns)) for row in rows]))
    return parts


def annual_table3(report: AnnualReport) -> list[AnnualRow]:
    """Every row of table 三 in the format's order, from the declaration."""
    out: list[AnnualRow] = []

    def walk(record, level: int) -> None:
        for f in schema.fields(type(record)):
            value = getattr(record, f.attr)
            if isinstance(f.kind, kinds.Counts):
                out.append(AnnualRow(f.doc, level, value))
            else:
                out.append(AnnualRow(f.doc, level, ()))
                walk(value, level + 1)

    walk(report.data.applications, 0)
    return out


def annual_table4(report: AnnualReport) -> tuple[int, ...]:
    reviews = report.data.reviews
    return (*reviews.review, *reviews.direct, *reviews.after_review)


def annual_tables(parts: list[AnnualPart], rows: list[AnnualRow], cells: tuple[int, ...]) -> list[AnnualTable]:
    """The three tables as rows of cells (CSV, XLSX)."""
    two = []
    for part in parts:
        two.append([part.heading, *part.columns])
        two += [[label, *values] for label, values in part.rows]
    three = [["", *annual.APPLICANTS]] + [["　" * row.level + row.label, *row.cells] for row in rows]
    columns = annual.REVIEW_COLUMNS
    four = [["", *columns], ["行政复议", *cells[0:5]], ["行政诉讼（未经复议直接起诉）", *cells[5:10]],
            ["行政诉讼（复议后起诉）", *cells[10:15]]]
    return [AnnualTable(title, rows_) for title, rows_ in zip(annual.SECTIONS[1:4], (two, three, four))]


def annual_page(report: AnnualReport, site: Site, u: urls.Urls, column_view: View) -> AnnualReportView:
    """The report's page; ``column_view`` is its 年报 column's first page (whose crumbs it continues)."""
    column = Link(report.column.item.name, u.url(urls.column(report.column)))
    parts, rows, cells = annual_table2(report), annual_table3(report), annual_table4(report)
    counted = tuple(d.digest for c in site.columns_of(report.org.id) if c.item.annual_row for d in c.documents)
    return AnnualReportView(
        src_uri=urls.annual_report(report), title=report.title, crumbs=column_view.crumbs + [column],
        heading=report.title, org=report.org.name, year=report.year, published=report.published,
        sections=annual.SECTIONS, overview=_paragraphs(report.data.overview), table2=parts, table3=rows,
        applicants=annual.APPLICANTS, applicant_group=annual.APPLICANT_GROUP, table3_note=ANNUAL_TABLE3_NOTE,
        table4=cells, review_columns=annual.REVIEW_COLUMNS, problems=_paragraphs(report.data.problems),
        other=_paragraphs(report.data.other), source_note=ANNUAL_SOURCE_NOTE,
        downloads=[Link(f"下载表格（{label}）", u.url(urls.annual_report_file(report, ext)))
                   for ext, label in (("csv", "CSV"), ("xlsx", "Excel"))],
        download_uris=(urls.annual_report_file(report, "csv"), urls.annual_report_file(report, "xlsx")),
        column=column, tables=annual_tables(parts, rows, cells), shows=(report.digest, *counted),
        participation=report.participation.sentence)


def report_entry(report: AnnualReport, u: urls.Urls) -> Entry:
    """A report in a list (its column, the 年报 sub-column of 政府信息公开)."""
    return Entry(report.title, u.url(urls.annual_report(report)), report.published, Validity.VALID, report.org.name)


@dataclass(frozen=True)
class ReportYear:
    """One year's reports of every organisation (the county's 年报 column and the 政府信息公开 sub-column)."""

    year: int
    entries: list[Entry]


def reports_by_year(site: Site, u: urls.Urls) -> list[ReportYear]:
    """Every organisation's published report, by year (newest first), in the order of the site's organisations."""
    years: dict[int, list[Entry]] = {}
    for report in sorted(urls.published_reports(site), key=lambda r: -r.year):
        years.setdefault(report.year, []).append(report_entry(report, u))
    return [ReportYear(year, entries) for year, entries in years.items()]


def _all_reports(site: Site | None) -> list[AnnualReport]:
    return urls.published_reports(site) if site is not None else []
