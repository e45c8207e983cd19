"""``site_url`` in mkdocs.yml: the county's own address, from which the page metadata (SiteDomain, Url),
the feeds, ``sitemap.xml`` and ``robots.txt`` make absolute URLs. Required to build a site (not to
preview it with ``mkdocs serve``, which sets its own), and an absolute http(s) URL.

MkDocs itself refuses a value without a scheme (``www.example.gov.cn``) before any hook runs, with
its own message naming ``site_url``; everything else is checked here, in Chinese.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .errors import ErrorCollector

CONFIG_FILE = "mkdocs.yml"
FIELD = "site_url"
EXAMPLE = "https://www.（本县域名）.gov.cn/"
PREVIEW_COMMANDS = ("serve",)


def check(value: str | None, command: str | None, errors: ErrorCollector) -> None:
    """Report a missing (outside ``mkdocs serve``) or non-http(s) ``site_url``."""
    if not value:
        if command not in PREVIEW_COMMANDS:
            errors.add(CONFIG_FILE, "缺少网站地址：页面元数据、订阅（Atom）、开放数据和 sitemap.xml 都要用网站的完整网址",
                       f"在 mkdocs.yml 中写 site_url: {EXAMPLE}（本网站对外的完整网址，以 / 结尾）。", field=FIELD)
        return
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        errors.add(CONFIG_FILE, f"“{value[:80]}”不是以 http:// 或 https:// 开头的完整网址",
                   f"写成 site_url: {EXAMPLE}。", field=FIELD)
    elif parts.query or parts.fragment:
        errors.add(CONFIG_FILE, f"“{value[:80]}”带有 ? 或 # 部分，不能作为网站地址",
                   f"只写网站的网址，如 site_url: {EXAMPLE}。", field=FIELD)


def domain(value: str | None) -> str | None:
    """The host (and port, if any) of ``site_url``: the SiteDomain metadata."""
    return urlsplit(value).netloc or None if value else None
