"""Platform search (信息资源库): one static index of every site's documents, searched from the platform's home
page by title, 发文字号 and issuing organisation, filtered by site, year and 主题分类; a result links to the
document's page on its own site.

Built in the report job, after the site jobs: each built site's ``opendata/documents.json`` (the documents it
publishes, ``views.opendata``) becomes one small record page per document in a scratch folder (the title,
发文字号 and 发布机构 as its text; the county search's record fields: 字 and 拼 from ``views.search``), and
Pagefind's extended binary (it segments Chinese) indexes them into ``public/search/pagefind/``. The record
pages are not published. The home page's script is the county search's own ranking (``search-core.js``:
literal re-ranking of Chinese queries, traditional → simplified, pinyin) over this one bundle.

Why not merge each site's own bundles with Pagefind's ``mergeIndex``: a browser then loads every site's
entry, metadata and filter files before its first result (a hundred sites: a hundred of each), and the
site bundles index whole pages (text, column descriptions) where the platform needs three fields.
"""

from __future__ import annotations

import html as markup
import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from pagefind_bin_extended import get_executable

from ..render import csp
from ..search import canonical, t2s
from ..views import search as county_search
from .report import CSS, PAGE_DIR, PUBLIC, SITES, SiteRow, _write

SEARCH_DIR = "search"  # public/search/: pagefind/, the scripts, t2s.json
DOCUMENTS = "opendata/documents.json"
DATA_JSON = "data.json"
OPEN_DATA = "opendata/"
# The Pagefind names: the county record's (so search-core.js reads them as it does on a county's site)
# plus the platform's own site filter and landing link.
RECORD = county_search.contract() | {
    "filters": {"kind": county_search.FILTERS["kind"], "site": "网站", "year": county_search.FILTERS["year"],
                "topic": county_search.FILTERS["topic"]},
    "meta": county_search.META | {"site": "网站", "link": "链接"},
    "t2s": "search/t2s.json",
}
KIND = county_search.KINDS["document"]
_ASSETS = Path(__file__).with_name("assets")
_CORE = Path(__file__).resolve().parents[3] / "overrides" / "assets" / "javascripts" / "search-core.js"
# Pagefind's own UIs: the home page has its own form, so they are not published.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
PAGEFIND_TIMEOUT = 1800  # seconds; a province of 100 sites takes minutes, not this


class SearchError(Exception):
    """Pagefind failed: Chinese, with its output."""


@dataclass(frozen=True)
class Entry:
    site: str  # site name
    title: str
    number: str | None
    org: str | None
    published: str
    year: str
    topic: str | None  # 主题分类, first level
    index_number: str | None
    link: str


def _base(site: Path) -> str | None:
    """The site's own address (its site_url), from data.json's landing page of the open data."""
    try:
        landing = json.loads((site / DATA_JSON).read_text(encoding="utf-8"))["dataset"][0]["landingPage"]
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return None
    return landing[:-len(OPEN_DATA)] if landing.endswith(OPEN_DATA) else None


def link(url: str, base: str | None, site_id: str, sites_url: str | None) -> str:
    """Where a result leads: the document's own address, or with ``sites_url`` (sites published under the
    platform, e.g. ``/sites/``) that prefix, the site id and the page's path on its site."""
    if not sites_url or not base or not url.startswith(base):
        return url
    return f"{sites_url.rstrip('/')}/{site_id}/{url[len(base):]}"


def entries(out: Path, rows: list[SiteRow], *, sites_url: str | None = None) -> tuple[list[Entry], list[str]]:
    """Every built site's documents, and a Chinese note per site whose documents could not be read."""
    found, notes = [], []
    for row in rows:
        site = out / SITES / row.id / "site"
        try:
            documents = json.loads((site / DOCUMENTS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            notes.append(f"{row.name}（{row.id}）：没有可读的 {SITES}/{row.id}/site/{DOCUMENTS}，其文件未加入检索"
                         if not row.failed else f"{row.name}（{row.id}）：网站没有生成，其文件未加入检索")
            continue
        if row.failed:  # a failed job leaves the last good site in place (and online): it stays searchable
            notes.append(f"{row.name}（{row.id}）：本次没有生成，检索中是上次生成的网站的文件")
        base = _base(site)
        for d in documents if isinstance(documents, list) else []:
            if not isinstance(d, dict) or not d.get("标题") or not d.get("网址") or not d.get("发布日期"):
                continue
            topic = d.get("主题分类")
            found.append(Entry(row.name, str(d["标题"]), d.get("发文字号"), d.get("发布机构"), str(d["发布日期"]),
                               str(d["发布日期"])[:4], str(topic).split("\\")[0] if topic else None,
                               d.get("索引号"), link(str(d["网址"]), base, row.id, sites_url)))
    return found, notes


def record_page(e: Entry) -> str:
    """One document's record page: its searchable text and Pagefind's filters, metadata and sort key."""
    esc = markup.escape
    f, m = RECORD["filters"], RECORD["meta"]
    spans = [("filter", f["kind"], KIND), ("filter", f["site"], e.site), ("filter", f["year"], e.year),
             ("filter", f["topic"], e.topic), ("meta", m["title"], e.title), ("meta", m["published"], e.published),
             ("meta", m["number"], e.number), ("meta", m["org"], e.org), ("meta", m["index_number"], e.index_number),
             ("meta", m["site"], e.site), ("meta", m["link"], e.link),
             ("meta", m["pinyin"], county_search.pinyin_terms(e.title, e.number, e.org)),
             ("meta", m["chars"], county_search.han_terms(e.title, e.number, e.org)),
             ("sort", RECORD["sort"], e.published)]
    hidden = "".join(f'<span data-pagefind-{kind}="{esc(name)}">{esc(value)}</span>' for kind, name, value in spans if value)
    text = " ".join(esc(v) for v in (e.number, e.org, e.site) if v)
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{esc(e.title)}</title></head>'
            f'<body><main data-pagefind-body><h1>{esc(e.title)}</h1><p>{text}</p></main>'
            f'<div hidden>{hidden}</div></body></html>\n')


def index(found: list[Entry], scratch: Path, output: Path) -> dict:
    """Index the record pages into ``output`` (replaced whole); returns measurements."""
    shutil.rmtree(scratch, ignore_errors=True)
    pages = scratch / "records"
    pages.mkdir(parents=True)
    ordered = sorted(found, key=lambda e: (e.site, e.published, e.title, e.link))
    for n, entry in enumerate(ordered):
        (pages / f"{n:06d}.html").write_text(record_page(entry), encoding="utf-8")
    built = scratch / "pagefind"
    started = time.monotonic()
    try:
        proc = subprocess.run([str(get_executable()), "--site", str(pages), "--output-path", str(built), "--quiet"],
                              capture_output=True, text=True, timeout=PAGEFIND_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchError(f"平台检索索引未生成：Pagefind 无法运行（{exc}）") from exc
    seconds = time.monotonic() - started
    if proc.returncode != 0 or not (built / canonical.ENTRY).is_file():
        raise SearchError(f"平台检索索引未生成：Pagefind 出错（退出码 {proc.returncode}）：{(proc.stdout + proc.stderr)[-2000:]}")
    try:
        canonical.canonicalise(built)  # the same records → the same bytes
    except canonical.Unexpected:
        pass  # its search is right; only its bytes may differ from one run to the next
    for name in UNUSED:
        (built / name).unlink(missing_ok=True)
    if output.exists():
        shutil.rmtree(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(built), str(output))
    shutil.rmtree(scratch, ignore_errors=True)
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    return {"documents": len(ordered), "index_bytes": size, "files": sum(1 for p in output.rglob("*") if p.is_file()),
            "seconds": round(seconds, 2)}


def options(found: list[Entry], rows: list[SiteRow]) -> dict[str, list[str]]:
    """The filters' options, rendered into the page (no filter file is fetched before the first search)."""
    f = RECORD["filters"]
    with_documents = {e.site for e in found}
    return {f["site"]: [r.name for r in rows if r.name in with_documents],
            f["year"]: sorted({e.year for e in found}, reverse=True),
            f["topic"]: sorted({e.topic for e in found if e.topic})}


def write(out: Path, rows: list[SiteRow], *, title: str = "信息资源库", sites_url: str | None = None) -> dict:
    """The platform's home page with its search, and the index under ``public/search/``."""
    public = out / PUBLIC
    found, notes = entries(out, rows, sites_url=sites_url)
    measured = index(found, out / ".search-records", public / SEARCH_DIR / "pagefind")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(Path(__file__).with_name("templates"))),
                             autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    page = env.get_template("home.html").render(
        title=title, css=CSS, record=json.dumps(RECORD, ensure_ascii=False, sort_keys=True),
        filters=options(found, rows), kind=(RECORD["filters"]["kind"], KIND), notes=notes,
        report=f"{PAGE_DIR}/", sites=sum(not r.failed for r in rows), documents=len(found))
    _write(public / "index.html", csp.secure(page))
    _write(public / SEARCH_DIR / "search-core.js", _CORE.read_bytes())
    _write(public / SEARCH_DIR / "platform.js", (_ASSETS / "platform.js").read_bytes())
    _write(public / RECORD["t2s"], t2s.table())
    return measured | {"notes": notes}
