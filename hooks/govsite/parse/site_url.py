"""``site_url`` in mkdocs.yml: the county's own address, from which the page metadata (SiteDomain, Url),
the canonical links, the feeds, ``sitemap.xml``, ``robots.txt`` and ``data.json`` make absolute URLs.
Required to build a site (not to preview it with ``mkdocs serve``, which sets its own, nor for
``make check``), and a plain http(s) address (``parse.weburl``): scheme, host, optional port and path,
nothing else. Material prints it unescaped in every page's ``<link rel="canonical">``, so a quote or
markup would break out of the page's head, and a user name and password would be published everywhere.

The value checked is the one written in mkdocs.yml (``as_written`` reads the file again): MkDocs' own URL
option has by then dropped tabs and line breaks from it, and ``mkdocs serve`` has replaced it with its own
address. MkDocs itself refuses, before any hook runs and with its own English message naming
``site_url``, a value without ``scheme://host`` (``www.example.gov.cn``, ``javascript:…``), and crashes
on a broken IPv6 host (``https://[x/``); ``make check`` says both in Chinese. Everything else is checked
here, in Chinese, before anything is built. ``repo_url``, which Material prints in every page's header,
is checked the same way (``check_address``).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.utils.yaml import yaml_load

from . import weburl
from .errors import ErrorCollector

CONFIG_FILE = "mkdocs.yml"
FIELD = "site_url"
EXAMPLE = "https://www.（本县域名）.gov.cn/"
OPTIONAL_IN = ("serve", "check")  # mkdocs serve sets its own address; make check builds nothing


def check(value: object, command: str | None, errors: ErrorCollector) -> None:
    """Report a missing (when building) or refused ``site_url``, as written in mkdocs.yml."""
    if value is None or value == "":
        if command not in OPTIONAL_IN:
            errors.add(CONFIG_FILE, "缺少网站地址：页面元数据、订阅（Atom）、开放数据和 sitemap.xml 都要用网站的完整网址",
                       f"在 mkdocs.yml 中写 site_url: {EXAMPLE}（本网站对外的完整网址，以 / 结尾）。", field=FIELD)
        return
    check_address(value, FIELD, errors, example=EXAMPLE,
                  why="网站地址会印在每个页面、网站地图和订阅中")


def check_address(value: object, key: str, errors: ErrorCollector, *, example: str, why: str) -> None:
    """Report a top-level address of mkdocs.yml (``key``: site_url, repo_url) that ``weburl`` refuses."""
    try:
        weburl.parse(value)
    except weburl.Refused as refused:
        if refused.suggestion:
            fix = f"写成 {key}: {refused.suggestion}。"
        else:
            fix = f"写成 {key}: {example}：只写协议（https://）、域名、可选的端口和路径；{why}。"
        errors.add(CONFIG_FILE, f"“{weburl.shown(value)}”{refused.problem}", fix, field=key)


def as_written(config_file: str | None) -> dict:
    """mkdocs.yml, with what it inherits, as written, read again: MkDocs' URL options have already dropped
    tabs and line breaks from site_url and repo_url, and mkdocs serve has replaced site_url with its own
    address. Empty when there is no file to read (a configuration given in code or on standard input):
    the caller then checks MkDocs' own values."""
    if not config_file or not Path(config_file).is_file():
        return {}
    with open(config_file, encoding="utf-8") as stream:
        written = yaml_load(stream)
    return written if isinstance(written, dict) else {}


def domain(value: str | None) -> str | None:
    """The host (and port, if any) of ``site_url``: the SiteDomain metadata."""
    return urlsplit(value).netloc or None if value else None
