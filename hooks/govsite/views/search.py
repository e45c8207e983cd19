"""The search record and the search bundles, declared once.

The record is what a page gives Pagefind (filters, metadata, sort key): its names are declared here
and reach the templates (``search_record`` macro) and the search script (the search form's
``data-record`` attribute), so no name is typed twice. Pagefind segments Chinese with jieba when
indexing but with the browser's Intl.Segmenter when searching, so 脱贫 indexed inside 脱贫攻坚 is not
found (Pagefind#1237): every page also carries its distinct Han characters (the ``字`` field), and
the search page keeps the results whose text really contains the query.

Readers also type pinyin without picking characters (``fangxun kanghan``, ``fangxunkanghan``, ``fxkh``):
the title and 发文字号 carry their pinyin as hidden metadata (the ``拼`` field, ``pinyin_terms``), read
with pypinyin's phrase dictionary so polyphonic characters read as in their word (重庆 chongqing, 银行
yinhang). Pagefind matches a query word as a prefix of an indexed word, so each term starts at one
character and runs for a few syllables: a query that starts anywhere in the title finds it.

Bundles: one for a small county; a large one is cut in bundles of documents by publication period,
newest first, then column descriptions (``plan``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Callable

from ..model.columns import Column
from ..model.documents import Document, Validity
from ..model.site import Site
from ..parse import schema
from pypinyin import lazy_pinyin
from pypinyin.seg.mmseg import seg as _mmseg

# Pagefind names, by what they mean. The script reads this contract from data-record. A document's field
# is named by its declared Chinese key (主题分类, 有效性, 发文字号 …: what the metadata block calls it).
LABEL = schema.labels(Document)
FILTERS = {"kind": "类型", "org": "机构", "township": "乡镇", "domain": "领域", "column": "栏目", "year": "年份",
           "topic": LABEL["topic"], "validity": LABEL["stated_validity"], "bundle": "批次"}
META = {"title": "title", "published": LABEL["published"], "index_number": LABEL["index_number"],
        "number": LABEL["number"], "validity": LABEL["stated_validity"], "org": "机构", "chars": "字",
        "pinyin": "拼"}
SORT = "date"
T2S = "search/t2s.json"  # the traditional → simplified table (search.t2s), site-relative
READINGS = "search/pinyin.json"  # each common character's pinyin (search.readings): 您是不是要找
# Pagefind's meta weights (its ranking's metaWeights; title is Pagefind's default): the 发文字号 counts
# as much as the title, now that the metadata block is not indexed as text (its excerpts were the block).
META_WEIGHTS = {"title": 5.0, "number": 5.0}
KINDS = {"document": "文件", "column": "栏目"}
NO_DATE = "0000-00-00"  # sort key of an empty column


def contract() -> dict:
    """The search form's data-record: the names the script needs."""
    return {"filters": FILTERS, "meta": META, "sort": SORT, "kinds": KINDS, "t2s": T2S, "readings": READINGS,
            "pinyin_query": PINYIN_QUERY, "pinyin_letters": PINYIN_LETTERS, "pinyin_span": PINYIN_SPAN,
            # the 有效性 values a result is badged with (Validity.void, as the lists and document pages mark)
            "void": [str(v) for v in Validity if v.void],
            "weights": {META[key]: weight for key, weight in META_WEIGHTS.items()}}


@dataclass
class Record:
    """What one page gives the index: (data-pagefind-… kind, name, value), in page order."""

    entries: list[tuple[str, str, str]] = field(default_factory=list)
    chars: str = ""  # the 字 field: filled once the page's text is known (render)
    chars_name: str = META["chars"]

    def filter(self, key: str, value) -> None:
        if value:
            self.entries.append(("filter", FILTERS[key], str(value)))

    def meta(self, key: str, value) -> None:
        if value:
            self.entries.append(("meta", META[key], str(value)))

    def sort(self, value: str) -> None:
        self.entries.append(("sort", SORT, value))


def document_record(doc: Document, bundle: str | None) -> Record:
    r = Record()
    r.filter("kind", KINDS["document"])
    r.filter("org", doc.org.name)
    r.filter("township", doc.org.township.name if doc.org.township else None)
    r.filter("domain", doc.item.domain.name)
    r.filter("column", doc.item.name)
    r.filter("year", doc.published.year)
    r.filter("topic", doc.topic_class)
    r.filter("validity", doc.validity)
    r.meta("published", doc.published.isoformat())
    r.meta("index_number", doc.index_number)
    r.meta("number", doc.number)
    r.meta("validity", doc.validity)
    r.meta("org", doc.publisher)  # a reposted document (转载): the original authority
    r.meta("pinyin", pinyin_terms(doc.title, doc.number, doc.keywords))
    r.filter("bundle", bundle)
    r.sort(doc.published.isoformat())
    return r


def column_record(column: Column) -> Record:
    r = Record()
    org, item = column.org, column.item
    r.filter("kind", KINDS["column"])
    r.filter("org", org.name)
    r.filter("township", org.township.name if org.township else None)
    r.filter("domain", item.domain.name)
    r.meta("org", org.name)
    r.meta("title", f"{item.name}（{org.name}栏目）")
    r.meta("pinyin", pinyin_terms(item.name))
    r.sort(column.latest.isoformat() if column.latest else NO_DATE)
    r.chars = han_terms(item.path, item.content, item.domain.name, org.name)
    return r


def filter_options(site: Site) -> dict[str, list[str]]:
    """The search page's filter options, rendered into the page (the same values the records give
    Pagefind), so the page need not download every filter file of the index before the first search."""
    docs = site.documents
    tree = site.tree
    orgs = [o for o in [tree.county, *tree.departments] if o] + [o for t in tree.townships for o in (t, *t.children)]
    used = {d.org.id for d in docs}
    return {
        FILTERS["org"]: [o.name for o in orgs if o.id in used],
        FILTERS["township"]: [t.name for t in tree.townships],
        FILTERS["domain"]: [d.name for d in site.catalog.domains if any(doc.item.domain is d for doc in docs)],
        FILTERS["year"]: sorted({str(d.published.year) for d in docs}, reverse=True),
        FILTERS["topic"]: sorted({d.topic_class for d in docs}),
        FILTERS["validity"]: [str(v) for v in Validity if any(d.validity is v for d in docs)],
        FILTERS["kind"]: [KINDS["document"], KINDS["column"]],
    }


def filter_labels(site: Site) -> dict[str, str]:
    """Labels of the search page's filters that are not their keys: the township filter's key stays 乡镇
    (Pagefind's filter and the ?乡镇= parameter organisation pages link with), its label is the county's word."""
    return {FILTERS["township"]: site.tree.words.townships}


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TAG = re.compile(r"<[^>]+>")


def han_terms(*texts: str | None) -> str:
    """Every distinct Han character of ``texts``, space-separated, for the hidden ``字`` field."""
    chars = set()
    for text in texts:
        if text:
            chars.update(_HAN.findall(_TAG.sub(" ", text)))
    return " ".join(sorted(chars))


PINYIN_SPAN = 6  # characters per initials term (fxkh…)
# letters per full-pinyin term. Measured with Pagefind 1.5.2: a metadata word of 17 letters is found,
# one of 18 is not (nor any query it begins with). The search page looks a pinyin query up by its first
# PINYIN_QUERY letters (search-core.js): every term as long as the title allows is at least that long
# (a syllable has at most 6 letters), so those letters always begin a term.
PINYIN_LETTERS = 16
PINYIN_QUERY = PINYIN_LETTERS - 6 + 1
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def pinyin_terms(*texts: str | None) -> str:
    """The ``拼`` field: for each Han character of ``texts``, the pinyin of it and the characters after
    it in the same run of Han characters, joined without spaces (whole syllables, at most
    ``PINYIN_LETTERS`` letters), and their initials (2 to ``PINYIN_SPAN`` letters); distinct,
    space-separated. ü is written v (lv, nv, lve), as pinyin input methods take it.

    ``防汛抗旱应急`` gives fangxunkanghan (and xunkanghanying, kanghanyingji …) and fxkhyj (xkhyj, khyj …):
    a query ``fangxun kanghan``, ``fangxunkanghan`` or ``fxkh`` begins one of them.
    """
    terms: set[str] = set()
    for text in texts:
        for run in _HAN_RUN.findall(text or ""):
            terms.update(_run_terms(run))
    terms.discard("")
    return " ".join(sorted(terms))


@functools.lru_cache(maxsize=65536)  # runs repeat across pages (column and organisation names, 关于…的通知)
def _run_terms(run: str) -> tuple[str, ...]:
    """The terms of one run of Han characters (``pinyin_terms``)."""
    terms: list[str] = []
    syllables = [s for word in _mmseg.cut(run) for s in _word_pinyin(word)]
    for i in range(len(syllables)):
        full = syllables[i]
        for syllable in syllables[i + 1:]:
            if len(full) + len(syllable) > PINYIN_LETTERS:
                break
            full += syllable
        terms.append(full)
        initials = "".join(s[0] for s in syllables[i:i + PINYIN_SPAN] if s)
        if len(initials) > 1:
            terms.append(initials)
    return tuple(terms)


@functools.lru_cache(maxsize=4096)  # words repeat across titles (关于, 通知, 人民政府 …)
def _word_pinyin(word: str) -> tuple[str, ...]:
    """One lowercase syllable per character of ``word`` (pypinyin's phrase dictionary first)."""
    syllables = lazy_pinyin(word, errors=lambda chars: ["" for _ in chars])
    return tuple(s.lower() if s else "" for s in syllables) if len(syllables) == len(word) else tuple(lazy_pinyin(c)[0] for c in word)


@dataclass(frozen=True)
class Bundle:
    """One search bundle: a folder of the index (``pagefind/<name>``) and the pages it indexes."""

    name: str  # folder under pagefind/ ("" for a site indexed as one bundle)
    kind: str  # KINDS["document"], KINDS["column"] or "" (both)
    pages: tuple[str, ...]  # output paths (dest URIs) of the pages it indexes
    newest: str = ""  # document bundles: the publication dates they cover (ISO)
    oldest: str = ""

    def describe(self) -> dict:
        """What the search page needs to know of the bundle (its data-bundles attribute)."""
        return {"path": self.name, "kind": self.kind, "newest": self.newest, "oldest": self.oldest}


def plan(site: Site, bundle_pages: int, *, dest: Callable[[str], str], column_pages: list[str]) -> list[Bundle]:
    """One bundle for a small site. A large one is cut in bundles: documents by publication period,
    newest first, then column descriptions (c1, c2, …, at most ``bundle_pages`` each).

    Pagefind holds a whole index in memory (~4.5 GB for 30k pages, tech-notes §3.4), and every
    bundle a query reads costs its metadata and index chunks: with bundles in date order, the
    search page (newest first by default) reads the newest and goes further back only when asked
    to. Each document carries its bundle as the ``批次`` filter. ``dest`` maps a source URI to its
    output path; ``column_pages`` are the source URIs of the columns' first pages.
    """
    documents = sorted(site.documents, key=lambda d: (d.published, d.src_uri), reverse=True)
    columns = sorted(dest(uri) for uri in column_pages)
    if len(documents) + len(columns) <= bundle_pages:
        return [Bundle("", "", tuple(dest(d.src_uri) for d in documents) + tuple(columns))]
    bundles = [Bundle(name, KINDS["document"], tuple(dest(d.src_uri) for d in docs),
                      newest=docs[0].published.isoformat(), oldest=docs[-1].published.isoformat())
               for name, docs in _periods(documents, bundle_pages)]
    for n, start in enumerate(range(0, len(columns), bundle_pages), 1):
        bundles.append(Bundle(f"c{n}", KINDS["column"], tuple(columns[start:start + bundle_pages])))
    return bundles


def _periods(documents: list, bundle_pages: int) -> list[tuple[str, list]]:
    """Document bundles, newest first, that stay the same when documents are added (an incremental
    build re-renders only what changed, and a document's page names its bundle):

    - each year is one period, or its quarters, or its months: the coarsest whose periods hold at
      most ``bundle_pages`` documents (half of that in the newest year, which every first query
      reads; its last period joins the one before while it holds less than half that);
    - older periods are packed together, oldest first, up to ``bundle_pages``: new documents, which
      go to the newest year, do not move them.
    """
    if not documents:  # a new county (make new-county): many columns, no document yet
        return []
    by_year: dict[int, list] = {}
    for doc in documents:
        by_year.setdefault(doc.published.year, []).append(doc)
    newest = max(by_year)
    units: list[tuple[str, list, bool]] = []  # oldest first
    for year in sorted(by_year):
        limit = max(1, bundle_pages // 2) if year == newest else bundle_pages
        for period in (lambda d: f"{year}", lambda d: f"{year}q{(d.published.month + 2) // 3}",
                       lambda d: f"{year}m{d.published.month:02d}"):
            periods: dict[str, list] = {}
            for doc in by_year[year]:
                periods.setdefault(period(doc), []).append(doc)
            if max(len(docs) for docs in periods.values()) <= limit:
                break  # else finer; months are the finest, whatever their size
        labels = sorted(periods)
        if year == newest and len(labels) > 1 and len(periods[labels[-1]]) < limit // 2:
            periods[labels[-2]] += periods.pop(labels[-1])  # a period just begun rides with the one before
            labels.pop()
        units += [(label, periods[label], year == newest) for label in labels]
    bundles: list[tuple[str, list, bool]] = []
    for label, docs, recent in units:
        if bundles and not recent and not bundles[-1][2] and len(bundles[-1][1]) + len(docs) <= bundle_pages:
            bundles[-1][1].extend(docs)
        else:
            bundles.append((f"d{label}", list(docs), recent))
    return [(name, sorted(docs, key=lambda d: (d.published, d.src_uri), reverse=True))
            for name, docs, _ in reversed(bundles)]
