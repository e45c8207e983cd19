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
