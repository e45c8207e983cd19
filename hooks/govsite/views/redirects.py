"""Redirect pages (跳转页): a published URL never breaks. Where an organisation's folder moved (机构改革:
曾用网址名) or a catalog item was renumbered or merged (目录调整: 曾用编号), its old pages are static pages that
send the reader on: a meta refresh (no script), a canonical link and a visible link, kept out of search engines
(noindex) and out of sitemap.xml (they are not pages of the site: static files, ``urls.redirects``)."""

from __future__ import annotations

import posixpath
from html import escape
from urllib.parse import urljoin

from .. import urls
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


def files(site: Site, u: urls.Urls, site_url: str | None) -> dict[str, str]:
    """{output path: redirect page} of every old URL (``urls.redirects``; a live page at one was refused)."""
    out: dict[str, str] = {}
    for r in urls.redirects(site):
        dest = u.dest(r.old)
        target = u.url(r.new)
        href = posixpath.relpath(target if not target.endswith("/") else target + "index.html",
                                 posixpath.dirname(dest) or ".")
        if target.endswith("/"):  # a folder's URL, as the site links it
            href = href.removesuffix("index.html") or "./"
        canonical = urljoin(site_url or "/", target)
        out[dest] = PAGE.format(href=escape(href), canonical=escape(canonical))
    return out


NOTICE = """<!doctype html>
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


def _relative(dest: str, target: str) -> str:
    """``target`` (a site-relative URL) as a link from the page written at ``dest``."""
    href = posixpath.relpath(target + "index.html" if target.endswith("/") else target, posixpath.dirname(dest) or ".")
    return (href.removesuffix("index.html") or "./") if target.endswith("/") else href


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
            where = f'<a href="{escape(_relative(dest, u.url(urls.org(n.org))))}">{escape(n.org.name)}</a>的其他栏目'
        else:
            where = f'<a href="{escape(_relative(dest, u.url(urls.HOME)))}">本站首页</a>'
        note = f"\n<p>{escape(n.item.note)}</p>" if n.item.note else ""
        out[dest] = NOTICE.format(name=escape(n.item.name), date=n.revision.date.isoformat(), where=where, note=note,
                                  record=escape(_relative(dest, u.url(urls.REVISIONS))))
    return out
