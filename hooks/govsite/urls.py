"""Every URL of the site, once: the sections' paths, the source URI of every generated page, and
MkDocs' mapping from source URIs to output paths and URLs (``mkdocs/structure/files.py``).

Views hold site-relative URLs made here; templates make them page-relative with Material's ``url``
filter and never join strings.
"""

from __future__ import annotations

import functools
import math
import posixpath
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Iterator
from urllib.parse import quote

from .model import catalog as catalog_model
from .model.catalog import Domain, Item, Revision, RevisedItem
from .model.columns import Column
from .model import reserved
from .model.documents import Attachment, Document
from .model.orgs import Organisation
from .model.site import Site
from .parse.errors import ErrorCollector

# The names of the product's own folders and files are declared in ``model.reserved`` (the model refuses an
# organisation or item id that would take one); the URLs below are made from them.
HOME = "index.md"
SEARCH = f"{reserved.SEARCH}/index.md"
SITEMAP = f"{reserved.SITEMAP_PAGE}/index.md"  # 网站地图 (sitemap.xml is the machine one)
XXGK = reserved.XXGK  # the 政府信息公开 section
XXGK_INDEX = f"{XXGK}/index.md"
FDZDGK = f"{XXGK}/{reserved.FDZDGK}/index.md"  # 法定主动公开内容
CONSULTATIONS = f"{XXGK}/{reserved.CONSULTATIONS}/index.md"  # 意见征集: every consultation of the county
CONSULTATIONS_FEED = f"{XXGK}/{reserved.CONSULTATIONS}/{reserved.FEED}"  # their Atom feed
CATALOG = reserved.CATALOG
CATALOG_INDEX = f"{CATALOG}/index.md"
REVISIONS = f"{CATALOG}/{catalog_model.REVISIONS_PAGE}/index.md"  # 目录调整记录 (views.revisions), when there is one
CHECKS = f"{reserved.MAINTAINERS}/checks/index.md"  # the maintainers' check report: by URL only
CHECKS_JSON = f"{reserved.MAINTAINERS}/checks/report.json"
SEARCH_BUNDLES = reserved.SEARCH_BUNDLES  # the search index folder (one subfolder per bundle)
# Machine-readable files (views.feeds, views.opendata, views.sitemap; written by render.machine).
FEED_NAME = reserved.FEED  # Atom: the whole site's, and one in each organisation's and column's folder
FEED = FEED_NAME
OPEN_DATA_FOLDER = reserved.OPEN_DATA
OPEN_DATA = f"{OPEN_DATA_FOLDER}/index.md"  # 开放数据 (the page explaining the files beside it)
DATA_JSON = reserved.DATA_JSON  # DCAT-US catalog of the datasets
SITEMAP_XML = reserved.SITEMAP_XML
ROBOTS = reserved.ROBOTS
ADMIN = reserved.ADMIN  # the form editor (views.cms, render.admin)
PRIVATE = (f"{reserved.MAINTAINERS}/", f"{ADMIN}/")  # folders of pages for the site's maintainers: not in sitemap.xml
SEARCH_SCRIPT = f"{reserved.ASSETS}/javascripts/search.js"
PAGE_SIZE = 20  # documents per column page
POLICIES = reserved.POLICIES  # 政策文件: the documents with a 发文字号, one list per year (the newest year at zcwj/)
POLICIES_INDEX = f"{POLICIES}/index.md"
POLICY_PAGE_SIZE = 200  # rows per 政策文件 page: a year of a large county is split, every page stays small


def org(org: Organisation) -> str:
    return f"{org.folder}/index.md"


def column_folder(org: Organisation, item_id: str) -> str:
    return f"{org.folder}/{item_id}"


def column(column: Column, number: int = 1) -> str:
    folder = column_folder(column.org, column.item.id)
    return f"{folder}/index.md" if number == 1 else f"{folder}/{number}.md"


def column_pages(column_: Column) -> list[str]:
    """The column's list pages: 20 documents each, at least one."""
    total = max(1, math.ceil(len(column_.documents) / PAGE_SIZE))
    return [column(column_, n) for n in range(1, total + 1)]


def org_feed(org: Organisation) -> str:
    return f"{org.folder}/{FEED_NAME}"


def column_feed(column_: Column) -> str:
    return f"{column_folder(column_.org, column_.item.id)}/{FEED_NAME}"


def open_data_file(dataset: str, extension: str) -> str:
    return f"{OPEN_DATA_FOLDER}/{dataset}.{extension}"


def document(doc: Document) -> str:
    return doc.src_uri


def attachment(attachment_: Attachment) -> str:
    return attachment_.src_uri


def xxgk_item(item: Item) -> str:
    return f"{XXGK}/{item.id}/index.md"


def catalog_domain(domain: Domain) -> str:
    return f"{CATALOG}/{domain.id}/index.md"


def group(folder: str) -> str:
    """The list page of a folder of organisations (e.g. departments/, townships/)."""
    return f"{folder}/index.md"


def groups(site: Site) -> dict[str, list[Organisation]]:
    """Folders that hold top-level organisation folders (e.g. departments/, townships/), with their members."""
    out: dict[str, list[Organisation]] = {}
    for o in site.tree.orgs.values():
        parent = PurePosixPath(o.folder).parent.as_posix()
        if o.parent is None and parent != ".":
            out.setdefault(parent, []).append(o)
    for members in out.values():
        members.sort(key=lambda o: (o.order, o.id))
    return out


_ROLE_ORDER = {"指南": 0, "制度": 1}  # then 法定主动公开内容 (FDZDGK), then the rest (年报, …) in catalog order


def standard_items(site: Site) -> list[Item]:
    """The 政府信息公开 section's standard sub-columns: the items of the domain whose 角色 is 政府信息公开
    (whatever its file name), 指南 and 制度 first (国办公开办函〔2019〕61号)."""
    items = [i for d in site.catalog.domains for i in d.items if i.standard]
    return sorted(items, key=lambda i: _ROLE_ORDER.get(i.role, 2))


def fdzdgk_position(items: list[Item]) -> int:
    """Where 法定主动公开内容 goes among the standard sub-columns: after 指南 and 制度."""
    return sum(i.role in _ROLE_ORDER for i in items)


def is_policy(doc: Document) -> bool:
    """政策文件 (the 政策文件 list, the home page's 最新政策文件): a document with a 发文字号 that is not
    itself a 解读 of another document."""
    return bool(doc.number) and not doc.is_interpretation


def policy_years(site: Site) -> dict[int, list[Document]]:
    """The 政策文件 by year of 发布日期, newest year first, each newest first."""
    out: dict[int, list[Document]] = {}
    for doc in site.latest:
        if is_policy(doc):
            out.setdefault(doc.published.year, []).append(doc)
    return out


def policy_page(year: int, number: int = 1, *, newest: bool = False) -> str:
    """A page of one year's 政策文件: the newest year at zcwj/, the others at zcwj/<year>/."""
    folder = POLICIES if newest else f"{POLICIES}/{year}"
    return f"{folder}/index.md" if number == 1 else f"{folder}/{number}.md"


def policy_pages(site: Site) -> list[str]:
    """Every page of the 政策文件 list (at least zcwj/ itself)."""
    years = policy_years(site)
    out = [policy_page(year, n, newest=i == 0) for i, (year, docs) in enumerate(years.items())
           for n in range(1, math.ceil(len(docs) / POLICY_PAGE_SIZE) + 1)]
    return out or [POLICIES_INDEX]




def published_reports(site: Site) -> list:
    """The annual reports on the site (model.annual.AnnualReport, drafts left out): county government,
    departments, townships, each organisation's years newest first."""
    reports = [r for r in site.annual if not r.is_draft and r.column is not None]
    rank = lambda org: 0 if org.is_county else 1 if org.is_department else 2  # noqa: E731
    return sorted(reports, key=lambda r: (rank(r.org), r.org.order, r.org.id, -r.year))


def annual_report(report) -> str:
    """An annual report's page, in its organisation's 年报 column: <column>/<year>/."""
    return f"{column_folder(report.org, report.column.item.id)}/{report.year}/index.md"


def annual_report_file(report, extension: str) -> str:
    """The report's tables as a file (csv, xlsx) beside its page."""
    return f"{column_folder(report.org, report.column.item.id)}/{report.year}/{report.org.id}-{report.year}-nianbao.{extension}"


def generated(site: Site) -> Iterator[str]:
    """The source URI of every generated page (views.pages makes one view for each)."""
    yield from (HOME, SEARCH, SITEMAP, XXGK_INDEX)
    yield from (xxgk_item(i) for i in standard_items(site))
    yield from (FDZDGK, CONSULTATIONS, CATALOG_INDEX)
    yield from policy_pages(site)
    yield from (catalog_domain(d) for d in site.catalog.domains)
    yield from (group(folder) for folder in groups(site))
    for o in site.tree.orgs.values():
        if o.is_current:  # a 撤并 organisation's page is a static notice (views.redirects); its columns stay
            yield org(o)
        for c in site.columns_of(o.id):
            yield from column_pages(c)
    yield from (annual_report(r) for r in published_reports(site))
    yield CHECKS


@dataclass(frozen=True)
class Urls:
    """Output paths and URLs as MkDocs makes them (``File.dest_uri``, ``File.url``)."""

    directory_urls: bool = True

    def dest(self, src_uri: str) -> str:
        return _dest(self.directory_urls, src_uri)

    def url(self, src_uri: str) -> str:
        return _url(self.directory_urls, src_uri)


# Memoised: a large county asks for the same few hundred thousand paths many times in every build (and
# every mkdocs serve rebuild): 1.1 million calls at 50,000 documents.
@functools.lru_cache(maxsize=1 << 19)
def _dest(directory_urls: bool, src_uri: str) -> str:
    if not src_uri.endswith(".md"):
        return src_uri
    parent, filename = posixpath.split(src_uri)
    name = filename[:-3]
    if name in ("index", "README"):
        return posixpath.join(parent, "index.html")
    if not directory_urls:
        return posixpath.join(parent, name + ".html")
    return posixpath.join(parent, name, "index.html")


@functools.lru_cache(maxsize=1 << 19)
def _url(directory_urls: bool, src_uri: str) -> str:
    url = _dest(directory_urls, src_uri)
    dirname, filename = posixpath.split(url)
    if directory_urls and filename == "index.html":
        url = (dirname or ".") + "/"
    return quote(url)


@dataclass(frozen=True)
class Redirect:
    """A published URL that moved (机构改革: 曾用网址名 of an organisation; 目录调整: 曾用编号 of an item): its old
    page's source URI, the page it moved to, and the file that says so."""

    old: str
    new: str
    file: str
    field: str


def _moved(prefix_old: str, prefix_new: str, targets: dict[str, str], file: str, field: str) -> Iterator[Redirect]:
    """Every page under ``prefix_new`` (``targets``: a URI → the live page it is or leads to) at its place under
    ``prefix_old``."""
    for uri, target in targets.items():
        if uri.startswith(prefix_new + "/"):
            yield Redirect(prefix_old + uri[len(prefix_new):], target, file, field)


def redirects(site: Site) -> list[Redirect]:
    """Every old URL the county's files keep answering: a revised item's former ids (its columns at every
    organisation, their pages and annual reports) and an organisation's former folders (its page, its columns,
    its documents and its villages', at their old places, old item ids included)."""
    live = {uri: uri for uri in [*generated(site), *(d.src_uri for d in site.documents)]}
    out: list[Redirect] = []
    for item_id, item in site.catalog.renamed.items():
        for c in site.columns_by_item.get(item.id, []):
            out += _moved(column_folder(c.org, item_id), column_folder(c.org, item.id), live, item.domain.file, "曾用编号")
    targets = live | {r.old: r.new for r in out}
    for o in site.tree.orgs.values():
        for folder in o.former_folders:
            out += _moved(folder, o.folder, targets, o.file, "曾用网址名")
    return out


@dataclass(frozen=True)
class Notice:
    """The old URL of a column a catalog revision withdrew (撤销): its page says so and where the documents are
    (``views.redirects.notice_files``)."""

    old: str  # the old column page's source URI
    revision: Revision
    item: RevisedItem
    org: Organisation | None  # the organisation whose column it was, when it is still on the site


def notices(site: Site) -> list[Notice]:
    """Every withdrawn column's old page (目录调整记录: 撤销, 栏目), unless a later revision gave its URL a page again."""
    by_folder = {o.folder: o for o in site.tree.orgs.values()}
    out: dict[str, Notice] = {}
    for revision in site.catalog.revisions:
        for item in revision.withdrawn:
            for folder in item.folders:
                folder = folder.strip("/")
                for number in range(1, max(item.pages, 1) + 1):  # a list page as ``column`` names it
                    old = f"{folder}/index.md" if number == 1 else f"{folder}/{number}.md"
                    out[old] = Notice(old, revision, item, by_folder.get(posixpath.dirname(folder)))
    return list(out.values())


def check(site: Site, u: Urls, errors: ErrorCollector) -> None:
    """Two pages at one URL lose one of them: documents against documents and generated pages; a redirect
    (``redirects``) at a live page, or two redirects at one old URL, would lose one too."""
    _check_redirects(site, u, errors)
    owner: dict[str, str] = {u.dest(uri): "" for uri in generated(site)}
    for doc in site.documents + site.revoked:
        dest = u.dest(doc.src_uri)
        if dest in owner:
            what = owner[dest] or "系统生成的页面（栏目、单位页面等）"
            errors.add(doc.file, f"网址 {u.url(doc.src_uri)} 已被{what}使用，两个页面只能留下一个",
                       "给文件换一个名字（文件名即网址，如 2024-tongzhi.md），或移到别的文件夹。")
        else:
            owner[dest] = doc.file


def _check_redirects(site: Site, u: Urls, errors: ErrorCollector) -> None:
    live = {u.dest(uri) for uri in generated(site)} | {u.dest(d.src_uri) for d in site.documents + site.revoked}
    seen: dict[str, Redirect] = {}
    reported: set[tuple[str, str]] = set()
    for r in redirects(site):
        dest, key = u.dest(r.old), (r.file, r.field)
        if dest in live:
            if key not in reported:
                errors.add(r.file, f"旧网址 {u.url(r.old)} 仍是本站的页面，跳转页会把它盖住",
                           "“曾用网址名”只写已不再使用的文件夹，“曾用编号”只写已删去的事项编号；仍在使用的从中删去。",
                           field=r.field)
                reported.add(key)
        elif dest in seen and seen[dest].new != r.new:
            if key not in reported:
                errors.add(r.file, f"旧网址 {u.url(r.old)} 同时跳转到 {u.url(seen[dest].new)}（{seen[dest].file}）和 {u.url(r.new)}",
                           "一个旧网址只能跳转到一个页面：从其中一个文件的“" + r.field + "”中删去它。", field=r.field)
                reported.add(key)
        else:
            seen[dest] = r
