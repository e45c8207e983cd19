"""The machine-readable files of the site, written as bytes: the Atom feeds (feedgen), the open data
(CSV with a byte-order mark, JSON, the DCAT-US ``data.json``), ``sitemap.xml`` (and its ``.gz``, which
the shipped nginx configuration serves precompressed) and ``robots.txt``.

``build.plan`` adds them to MkDocs' files with ``File.generated`` like the checks JSON; they are made
again on every build (incremental builds too: they are not pages). ``clashes`` refuses content files
that would be overwritten by one of them, before anything is built.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import io
import json
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from feedgen.feed import FeedGenerator

from .. import urls
from ..model.site import Site
from ..parse.errors import ErrorCollector
from ..parse.text import xml_safe, xml_safe_data
from ..views import feeds as feed_views
from ..views import opendata
from ..views import sitemap as sitemap_views
from ..views.feeds import Feed
from ..views.metadata import SiteMeta
from ..views.opendata import Dataset

CHINA = datetime.timezone(datetime.timedelta(hours=8), "CST")  # 发布日期 are Beijing dates
GENERATOR = "govsite"


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, tzinfo=CHINA)


def atom(feed: Feed) -> bytes:
    """Every text passes ``xml_safe``: feedgen (lxml) raises on a character XML cannot hold, and a feed must
    never fail a build (the readers refuse such characters: this is the writer's own guard)."""
    fg = FeedGenerator()
    fg.id(xml_safe(feed.id))
    fg.title(xml_safe(feed.title))
    fg.subtitle(xml_safe(feed.subtitle))
    fg.link(href=xml_safe(feed.page), rel="alternate", type="text/html")
    fg.link(href=xml_safe(feed.self_url), rel="self", type="application/atom+xml")
    fg.author({"name": xml_safe(feed.author)})
    fg.language("zh-CN")
    fg.updated(_moment(feed.updated))
    fg.generator(GENERATOR)
    for item in reversed(feed.entries):  # feedgen puts each added entry first: newest ends up first
        e = fg.add_entry()
        e.id(xml_safe(item.id))
        e.title(xml_safe(item.title))
        e.link(href=xml_safe(item.url), rel="alternate", type="text/html")
        e.published(_moment(item.published))
        e.updated(_moment(item.published))
        e.author({"name": xml_safe(item.org)})
        topic, validity = xml_safe(item.topic), xml_safe(item.validity)
        e.category([{"term": topic, "label": f"{feed_views.LABEL['topic']}：{topic}"},
                    {"term": validity, "label": f"{feed_views.LABEL['stated_validity']}：{validity}"}])
        e.summary(xml_safe(item.summary))
    return fg.atom_str(pretty=True)


LIST_JOIN = "；"  # a list value in a CSV cell, unless its column says otherwise (the catalog's Show.join)


def csv_bytes(fields: list[str], rows: list[dict], joins: dict[str, str] | None = None) -> bytes:
    """UTF-8 with a byte-order mark (Excel), CRLF line ends; lists joined (``joins`` by column, else ；),
    nested records as JSON, booleans 是/否; characters no UTF-8 or XML text may hold replaced (``xml_safe``)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(fields)
    joins = joins or {}
    for row in rows:
        writer.writerow([_cell(row.get(name), joins.get(name, LIST_JOIN)) for name in fields])
    return xml_safe(out.getvalue()).encode("utf-8-sig")


def maker(feeds=None):
    """``make(value)`` for a file ``uri``: ``feeds.file(uri, value, make)`` (the speed room's files already
    written, the same bytes) when there is one, else made anew."""
    return feeds.file if feeds is not None else (lambda uri, value, make: make(value))


def _csv_of(value: tuple) -> bytes:
    fields, rows, joins = value
    return csv_bytes(fields, rows, joins)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet reads a cell beginning so as a formula


def spreadsheet_text(value):
    """A text cell of a CSV file as a spreadsheet shows it, never a formula (CSV injection): text beginning
    with = + - @ (or a tab, a carriage return) gets a leading ' (OWASP); numbers and other text unchanged."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def _cell(value, join: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return spreadsheet_text(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return spreadsheet_text(join.join(value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def json_bytes(value) -> bytes:
    """JSON as UTF-8; a string holding a character no UTF-8 text may (a lone surrogate) or XML could not take
    it as text (a control character) gets U+FFFD there instead (``xml_safe``: the same text in every file)."""
    return (json.dumps(xml_safe_data(value), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def sitemap_xml(entries: list[sitemap_views.Url]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for e in entries:
        lastmod = f"<lastmod>{e.lastmod.isoformat()}</lastmod>" if e.lastmod else ""
        lines.append(f"<url><loc>{escape(xml_safe(e.loc))}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(site: SiteMeta) -> bytes:
    base_path = urlsplit(site.base).path if site.base else "/"
    lines = ["User-agent: *"] + [f"Disallow: {path}" for path in sitemap_views.disallowed(base_path)]
    lines.append(f"Sitemap: {site.absolute(urls.SITEMAP_XML)}")
    return xml_safe("\n".join(lines) + "\n").encode("utf-8")


def names(site: Site) -> list[str]:
    """Every machine-readable file the build writes (relative to the site)."""
    data = [urls.open_data_file(name, ext) for name in ("catalog", "documents") for ext in ("csv", "json")]
    return [urls.SITEMAP_XML, urls.SITEMAP_XML + ".gz", urls.ROBOTS, urls.DATA_JSON, *data, *feed_views.files(site)]


def clashes(site: Site, root: Path, errors: ErrorCollector) -> None:
    """A content file at the path of a generated one would be overwritten: an error naming the file."""
    published = site.content.published if site.content else set()
    for uri in names(site):
        if uri in published:
            path = site.content.root / uri
            file = path.relative_to(root).as_posix() if root in path.parents else path.as_posix()
            errors.add(file, f"文件名与系统生成的文件 {uri} 相同（订阅、开放数据或网站地图），网站上只能留下一个",
                       "给这个文件换一个名字或移到别的文件夹：这些文件由系统生成，不能自己写。")


def files(site: Site, views: dict, ordinary: list[str], meta: SiteMeta, sets: list[Dataset], *,
          site_name: str, publisher: str, contact: str | None, county: str,
          feeds=None) -> dict[str, bytes]:
    """Every machine-readable file: {uri relative to the site: bytes}; ``feeds``: anything whose ``atom(feed)``
    gives the bytes ``atom`` would, and whose ``file(uri, value, make)`` the bytes ``make(value)`` would (the
    speed room's files already written: ``speed.feeds``)."""
    absolute = meta.absolute
    out: dict[str, bytes] = {}
    for feed in feed_views.plan(site, absolute, site_name=site_name, author=publisher):
        out[feed.uri] = feeds.atom(feed) if feeds is not None else atom(feed)
    made = maker(feeds)
    for d in sets:
        out[d.file("csv")] = made(d.file("csv"), (d.fields, d.rows, d.joins), _csv_of)
        out[d.file("json")] = made(d.file("json"), d.rows, json_bytes)
    out[urls.DATA_JSON] = json_bytes(opendata.dcat(sets, absolute, publisher=publisher, contact=contact, county=county))
    sitemap = sitemap_xml(sitemap_views.entries(views, ordinary, absolute))
    out[urls.SITEMAP_XML] = sitemap
    out[urls.SITEMAP_XML + ".gz"] = gzip.compress(sitemap, mtime=0)  # no build time in the file
    out[urls.ROBOTS] = robots_txt(meta)
    return out
