"""The names the product itself gives to folders and files of the site: at its top (the search page, the
form editor, the feeds, the theme's assets …), inside every organisation's folder (its page, its feed,
its documents' year folders) and inside the 政府信息公开 section. ``urls`` builds every URL from them.

An organisation or a catalog item whose id took one of these names would take a page of the product's
or lose its own (an organisation folder ``admin/`` replaced the form editor; a village named like one of
its township's columns took that column's address; a village named ``2026`` received its township's
documents of 2026 from ``make new``). ``orgs``, ``catalog`` and ``columns`` refuse such ids, naming what
the name is used for. The declaration sits in the model, which refuses the ids; ``urls`` comes after it.
"""

from __future__ import annotations

import re

from ..parse.schema import SLUG

# The top of the site. A name here is refused as any organisation's id (ids are unique in the county and
# a department's folder may be moved to the top of content/) and as the first folder of any organisation's
# path (content/search/…/_org.yml would put the group page of its folder at the search page's address).
INDEX_PAGE = "index.html"  # a folder's own page: the home page at the top
NOT_FOUND = "404.html"  # Material's 404 page
SEARCH = "search"
SITEMAP_PAGE = "wzdt"  # 网站地图 (sitemap.xml is the machine one)
XXGK = "xxgk"  # the 政府信息公开 section
CATALOG = "catalog"  # 标准目录
POLICIES = "zcwj"  # 政策文件
MAINTAINERS = "maintainers"  # the maintainers' check report (by URL only)
ADMIN = "admin"  # the form editor (render.admin)
SEARCH_BUNDLES = "pagefind"  # the search index
ASSETS = "assets"  # Material's scripts and styles, ours (overrides/assets), the banner and badge images
OPEN_DATA = "opendata"  # 开放数据
FEED = "feed.xml"  # Atom: the whole site's, and one in each organisation's and column's folder
DATA_JSON = "data.json"  # DCAT-US catalog of the open data sets
SITEMAP_XML = "sitemap.xml"
SITEMAP_XML_GZ = f"{SITEMAP_XML}.gz"
ROBOTS = "robots.txt"
REDIRECT_MAP = "redirects.map"  # the redirect pages as an nginx map (views.redirects.files)

TOP_LEVEL: dict[str, str] = {  # name → what the site keeps there (shown in the refusal)
    INDEX_PAGE: "首页",
    NOT_FOUND: "“页面不存在”页面",
    SEARCH: "搜索页面",
    SITEMAP_PAGE: "网站地图页面",
    XXGK: "政府信息公开专栏",
    CATALOG: "标准目录页面",
    POLICIES: "政策文件页面",
    MAINTAINERS: "维护人员的检查报告",
    ADMIN: "表单编辑器",
    SEARCH_BUNDLES: "搜索索引",
    ASSETS: "样式、脚本和图片",
    OPEN_DATA: "开放数据页面",
    FEED: "全站订阅（Atom）",
    DATA_JSON: "开放数据目录",
    SITEMAP_XML: "供搜索引擎使用的网站地图",
    SITEMAP_XML_GZ: "供搜索引擎使用的网站地图",
    ROBOTS: "搜索引擎规则文件",
    REDIRECT_MAP: "已迁移网址的跳转表（nginx）",
}

# Inside every organisation's folder, beside its column folders (named by catalog item id) and, in a
# township's, its villages' folders. Refused as any organisation's id and as a catalog item's id.
ATTACHMENTS = "files"  # uploads beside a document (the form editor's; the editors' guide's)
ANNUAL_DATA = "年报"  # the annual reports' data files: 年报/<year>.yml (model.annual)
ORG_CHILDREN: dict[str, str] = {
    INDEX_PAGE: "单位页面",
    FEED: "单位订阅（Atom）",
    ATTACHMENTS: "附件文件夹",
    ANNUAL_DATA: "年报数据文件夹",
}
# Documents go into a folder per year (make new, the form editor): <organisation folder>/<year>/.
YEAR = re.compile(r"^[0-9]{4}$")

# Inside the 政府信息公开 section, beside its standard sub-columns (named by catalog item id).
FDZDGK = "fdzdgk"  # 法定主动公开内容
CONSULTATIONS = "yjzj"  # 意见征集: the county-wide list of consultations and its feed
XXGK_CHILDREN: dict[str, str] = {INDEX_PAGE: "政府信息公开专栏页面", FDZDGK: "法定主动公开内容页面",
                                 CONSULTATIONS: "意见征集页面"}


def year_folder(year: int) -> str:
    """The folder of an organisation's documents of ``year``."""
    return str(year)


def org_id_problem(name: str) -> str | None:
    """Why ``name`` cannot be an organisation's id (folder name, 网址名), in Chinese; None when it can."""
    if name in TOP_LEVEL:
        return f"“{name}”是网站{TOP_LEVEL[name]}的网址（/{name}）"
    return _in_org_folder(name)


def item_id_problem(name: str, *, standard: bool = False) -> str | None:
    """Why ``name`` cannot be a catalog item's id (its columns' folder name), in Chinese; None when it can.
    ``standard``: the item is a standard sub-column of the 政府信息公开 section (xxgk/<id>/)."""
    if standard and name in XXGK_CHILDREN:
        return f"“{name}”是{XXGK_CHILDREN[name]}的网址（/{XXGK}/{name}/）"
    return _in_org_folder(name)


def _in_org_folder(name: str) -> str | None:
    """Why ``name`` cannot be a folder inside an organisation's (a village's, a column's), or None."""
    if name in ORG_CHILDREN:
        return f"“{name}”是每个单位文件夹中{ORG_CHILDREN[name]}的名字"
    if YEAR.match(name):
        return f"“{name}”像年份：每个单位文件夹中的年份文件夹（如 {name}/）存放该年的文件"
    return None


def reserved_names() -> list[str]:
    """The names an id can take that are reserved (for the fix of a refusal): folder-like ones."""
    return sorted(n for n in (*TOP_LEVEL, *ORG_CHILDREN) if SLUG.match(n))
