"""Generated pages (File.generated, no temp files): home, 政府信息公开 and its standard
sub-columns (国办公开办函〔2019〕61号), the catalog tables, organisation pages and column pages.

Each generated page has an empty Markdown body; its template renders the view model that
``on_page_context`` hands it as ``gov``. Documents are real Markdown files and use
``document.html``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .columns import Column
from .model import Site
from .orgs import Organisation

PAGE_SIZE = 20  # documents per column page
XXGK = "xxgk"  # the 政府信息公开 section (domain id of 指南/制度/年报 in the catalog, too)
CATALOG = "catalog"
SEARCH = "search/index.md"
SITEMAP = "wzdt/index.md"  # 网站地图 (sitemap.xml is the machine one)


@dataclass
class GeneratedPage:
    src_uri: str
    title: str
    template: str
    context: dict = field(default_factory=dict)
    crumbs: list[tuple[str, str]] = field(default_factory=list)  # (title, src_uri) of ancestors


def generate(site: Site) -> dict[str, GeneratedPage]:
    """Every generated page, keyed by its source URI."""
    pages: list[GeneratedPage] = []
    org_columns = site.columns_by_org
    home = ("首页", "index.md")
    xxgk = ("政府信息公开", f"{XXGK}/index.md")
    catalog_index = ("标准目录", f"{CATALOG}/index.md")

    latest = sorted(site.documents, key=lambda d: d.sort_key(), reverse=True)[:10]
    pages.append(GeneratedPage("index.md", "首页", "home.html", {"latest": latest, "site": site}))
    pages.append(GeneratedPage(SEARCH, "搜索", "search.html", {"filters": _search_filters(site)}, [home]))
    pages.append(GeneratedPage(SITEMAP, "网站地图", "sitemap.html",
                               {"site": site, "org_columns": org_columns}, [home]))

    # 政府信息公开 and its standard sub-columns: 指南, 制度, 法定主动公开内容, 年报.
    standard = [i for d in site.catalog.domains if d.id == XXGK for i in d.items]
    pages.append(GeneratedPage(xxgk[1], "政府信息公开", "xxgk.html",
                               {"standard": standard, "site": site}, [home]))
    for item in standard:
        docs = sorted((doc for doc in site.documents if doc.item is item), key=lambda d: d.sort_key(), reverse=True)
        pages.append(GeneratedPage(f"{XXGK}/{item.id}/index.md", item.name, "aggregate.html",
                                   {"item": item, "documents": docs}, [home, xxgk]))
    pages.append(GeneratedPage(f"{XXGK}/fdzdgk/index.md", "法定主动公开内容", "fdzdgk.html",
                               {"site": site}, [home, xxgk]))

    # The catalog as accessible tables, one per domain.
    pages.append(GeneratedPage(catalog_index[1], "政务公开事项标准目录", "catalog-index.html",
                               {"site": site}, [home, xxgk]))
    item_columns: dict[str, list[Column]] = {}
    for column in site.columns.values():
        item_columns.setdefault(column.item.id, []).append(column)
    for domain in site.catalog.domains:
        rows = [(item, item_columns.get(item.id, [])) for item in domain.items]
        pages.append(GeneratedPage(f"{CATALOG}/{domain.id}/index.md", f"{domain.name}领域基层政务公开标准目录",
                                   "catalog-domain.html", {"domain": domain, "rows": rows},
                                   [home, xxgk, catalog_index]))

    # Organisation pages and their columns.
    for group_folder, members in _groups(site).items():
        title = _group_title(members)
        pages.append(GeneratedPage(f"{group_folder}/index.md", title, "org-group.html",
                                   {"orgs": members}, [home, xxgk]))
    for org in site.tree.orgs.values():
        crumbs = _org_crumbs(org, home, xxgk)
        columns = org_columns.get(org.id, [])
        pages.append(GeneratedPage(org.page_uri, org.name, "organisation.html",
                                   {"org": org, "groups": _group_by_domain(columns),
                                    "count": sum(len(c.documents) for c in columns)}, crumbs))
        for column in columns:
            pages += _column_pages(column, crumbs + [(org.name, org.page_uri)])
    return {p.src_uri: p for p in pages}


def _column_pages(column: Column, crumbs) -> list[GeneratedPage]:
    total = max(1, math.ceil(len(column.documents) / PAGE_SIZE))
    uris = [column.page_uri] + [f"{column.folder}/{n}.md" for n in range(2, total + 1)]
    out = []
    for number, uri in enumerate(uris, 1):
        chunk = column.documents[(number - 1) * PAGE_SIZE: number * PAGE_SIZE]
        title = f"{column.item.name} - {column.org.name}" + (f"（第{number}页）" if number > 1 else "")
        out.append(GeneratedPage(uri, title, "column.html", {
            "column": column, "documents": chunk,
            "pagination": {"current": number, "total": total, "pages": list(enumerate(uris, 1))},
        }, crumbs))
    return out


def _org_crumbs(org: Organisation, home, xxgk) -> list[tuple[str, str]]:
    crumbs = [home, xxgk]
    group = PurePosixPath(org.folder).parent.as_posix()
    if org.parent:
        crumbs.append((org.parent.name, org.parent.page_uri))
    elif group != ".":
        crumbs.append((_group_title([org]), f"{group}/index.md"))
    return crumbs


def _groups(site: Site) -> dict[str, list[Organisation]]:
    """Folders that hold top-level organisation folders (e.g. departments/, townships/) get a list page."""
    groups: dict[str, list[Organisation]] = {}
    for org in site.tree.orgs.values():
        parent = PurePosixPath(org.folder).parent.as_posix()
        if org.parent is None and parent != ".":
            groups.setdefault(parent, []).append(org)
    for members in groups.values():
        members.sort(key=lambda o: (o.order, o.id))
    return groups


def _group_title(members: list[Organisation]) -> str:
    kinds = {o.kind for o in members}
    if kinds <= {"部门"}:
        return "县政府部门"
    if kinds <= {"乡镇", "街道"}:
        return "乡镇（街道）"
    return "机构"


def _group_by_domain(columns: list[Column]):
    groups: list[tuple] = []
    for column in columns:
        if groups and groups[-1][0] is column.item.domain:
            groups[-1][1].append(column)
        else:
            groups.append((column.item.domain, [column]))
    return groups


def _search_filters(site: Site) -> dict[str, list[str]]:
    """The search page's filter options, rendered into the page (the same values the templates give
    Pagefind), so the page need not download every filter file of the index before the first search."""
    docs = site.documents
    orgs = [o for o in [site.tree.county, *site.tree.departments] if o] + [
        o for t in site.tree.townships for o in (t, *t.children)]
    used = {d.org.id for d in docs}
    return {
        "机构": [o.name for o in orgs if o.id in used],
        "乡镇": [t.name for t in site.tree.townships],
        "领域": [d.name for d in site.catalog.domains if any(doc.item.domain is d for doc in docs)],
        "年份": sorted({str(d.published.year) for d in docs}, reverse=True),
        "主题分类": sorted({d.topic.split("\\")[0] for d in docs}),
        "有效性": [v for v in ("有效", "失效", "废止") if any(d.validity == v for d in docs)],
        "类型": ["文件", "栏目"],
    }
