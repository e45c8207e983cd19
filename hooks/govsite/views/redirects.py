"""Redirect pages (跳转页): a published URL never breaks. Where an organisation's folder moved (机构改革:
曾用网址名) or a catalog item was renumbered or merged (目录调整: 曾用编号), its old pages are static pages that
send the reader on: a meta refresh (no script), a canonical link and a visible link, kept out of search engines
(noindex) and out of sitemap.xml (they are not pages of the site: static files, ``urls.redirects``).

An organisation merged into others or split (机构改革: 撤并) keeps its folder and its documents' URLs; its own
page is a static notice instead (``org_notices``): which organisations took over its duties, since when, with
links, and its columns, where its documents still are. No refresh: a split has no single place to go."""

from __future__ import annotations

import posixpath
import re
from html import escape
from urllib.parse import urljoin, urlsplit

from .. import urls
from ..model import reserved
from ..model.site import Site

PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={href}">
<link rel="canonical" href="{canonical}">
<title>页面已迁移</title>
</head>
<body>
<p>本页面已迁移到新网址：<a href="{href}">{canonical}</a></p>
</body>
</html>
"""


NOTICE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{name}（已撤并）</title>
</head>
<body>
<main>
<h1>{name}</h1>
<p>因机构改革，{name}已于 {date} 撤并，其职责划入：</p>
<ul>
{successors}
</ul>
{columns}<p><a href="{home}">返回网站首页</a></p>
</main>
</body>
</html>
"""
NOTICE_COLUMNS = "<p>{name}此前公开的政府信息仍可在以下栏目查阅：</p>\n<ul>\n{items}\n</ul>\n"


def files(site: Site, u: urls.Urls, site_url: str | None) -> dict[str, str]:
    """{output path: redirect page} of every old URL (``urls.redirects``; a live page at one was refused), the
    same redirects as an nginx map (``MAP``), and the notice page of every 撤并 organisation (``org_notices``)."""
    moved = urls.redirects(site)
    out: dict[str, str] = {}
    for r in moved:
        dest = u.dest(r.old)
        target = u.url(r.new)
        canonical = urljoin(site_url or "/", target)
        out[dest] = PAGE.format(href=escape(_href(dest, target)), canonical=escape(canonical))
    out[MAP] = _nginx_map(moved, u, site_url)
    out.update(org_notices(site, u))
    return out


MAP = reserved.REDIRECT_MAP  # beside the pages: the nginx map of the same redirects (deploy/nginx/example.conf)
# A map line is `"old" "new";` read by nginx's parser: a URL with a quote, a backslash, a `$` (a variable in a
# map's value), a `%` ($uri is decoded), white space or a control character is left to its static page.
_MAP_SAFE = re.compile(r"[^\s\"\\$%;{}\x00-\x1f\x7f]+")


def _nginx_map(moved: list[urls.Redirect], u: urls.Urls, site_url: str | None) -> str:
    """The redirects of ``files`` for nginx's ``map $uri``: a county serving with the shipped configuration
    answers an old URL with a real 301 (monitoring systems and search engines follow it as moved for good); the
    static pages still answer on any other host. Old folder URLs are listed with and without ``index.html``."""
    base = "/" + urlsplit(site_url or "/").path.strip("/")
    base = base.rstrip("/") + "/"
    lines = ["# 已迁移网址的 301 跳转（由网站生成，nginx 的 map 读取；见 deploy/nginx/example.conf）。"]
    for r in sorted(moved, key=lambda r: r.old):
        old, new = base + u.url(r.old).lstrip("/"), base + u.url(r.new).lstrip("/")
        olds = [old, old + "index.html"] if old.endswith("/") else [old]
        if all(_MAP_SAFE.fullmatch(x) for x in (*olds, new)):
            lines += [f'"{x}" "{new}";' for x in olds]
    return "\n".join(lines) + "\n"


def org_notices(site: Site, u: urls.Urls) -> dict[str, str]:
    """{output path: notice} at the page of each 撤并 organisation (``urls.generated`` makes none there)."""
    out: dict[str, str] = {}
    for org in site.tree.orgs.values():
        if org.is_current:
            continue
        dest = u.dest(urls.org(org))
        link = lambda text, uri, after="": (  # noqa: E731
            f'<li><a href="{escape(_href(dest, u.url(uri)))}">{escape(text)}</a>{after}</li>')
        successors = [link(s.name, urls.org(s), "" if s.is_current else "（该单位也已撤并）")  # its notice goes on
                      for s in site.tree.successors(org)]
        columns = [link(f"{c.item.name}（{len(c.documents) + len(c.reports)} 件）", urls.column(c))
                   for c in site.columns_of(org.id) if c.documents or c.reports]
        day = org.dissolved.date
        out[dest] = NOTICE.format(
            name=escape(org.name), date=f"{day.year}年{day.month}月{day.day}日", successors="\n".join(successors),
            columns=NOTICE_COLUMNS.format(name=escape(org.name), items="\n".join(columns)) if columns else "",
            home=escape(_href(dest, u.url(urls.HOME))))
    return out


def _href(dest: str, target: str) -> str:
    """``target`` (a URL of the site, as ``Urls.url`` gives it) relative to the output file ``dest``."""
    href = posixpath.relpath(target if not target.endswith("/") else target + "index.html", posixpath.dirname(dest) or ".")
    if target.endswith("/"):  # a folder's URL, as the site links it
        href = href.removesuffix("index.html") or "./"
    return href


COLUMN_NOTICE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>栏目已撤销</title>
</head>
<body>
<p>本栏目“{name}”已于 {date} 目录调整时撤销；原有文件见：{where}。</p>{note}
<p><a href="{record}">目录调整记录</a></p>
</body>
</html>
"""


def notice_files(site: Site, u: urls.Urls) -> dict[str, str]:
    """{output path: notice page} of every column a catalog revision withdrew (撤销, ``urls.notices``): where
    its documents are now (its organisation's page) and the 目录调整记录; none where a page or a redirect is."""
    taken = {u.dest(uri) for uri in urls.generated(site)} | {u.dest(d.src_uri) for d in site.documents + site.revoked}
    taken |= {u.dest(r.old) for r in urls.redirects(site)}
    out: dict[str, str] = {}
    for n in urls.notices(site):
        dest = u.dest(n.old)
        if dest in taken:
            continue
        if n.org is not None:
            where = f'<a href="{escape(_href(dest, u.url(urls.org(n.org))))}">{escape(n.org.name)}</a>的其他栏目'
        else:
            where = f'<a href="{escape(_href(dest, u.url(urls.HOME)))}">本站首页</a>'
        note = f"\n<p>{escape(n.item.note)}</p>" if n.item.note else ""
        out[dest] = COLUMN_NOTICE.format(name=escape(n.item.name), date=n.revision.date.isoformat(), where=where, note=note,
                                  record=escape(_href(dest, u.url(urls.REVISIONS))))
    return out
