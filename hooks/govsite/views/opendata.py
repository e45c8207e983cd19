"""开放数据: the catalog and the disclosed documents as data, for open-data portals and anyone's tools.

- the catalog (``opendata/catalog.csv``, ``.json``): one row per catalog item, its domain, then every
  declared field of ``Item`` in declaration order (``parse.schema.fields(Item)``): a field declared on
  the catalog is a column here without any change to this module;
- the documents (``opendata/documents.csv``, ``.json``): one row per document on the site, newest first:
  the metadata block (索引号 … 有效性, the validity the site shows), 施行日期, 失效日期, 主题词, its column,
  organisation and URL; a reposted document (转载) has the original authority as 发布机构 and the county
  organisation that reposts it as 转载机构;
- ``data.json``: the datasets in the DCAT-US (Project Open Data v1.1) catalog format portals harvest.

CSV files are UTF-8 with a byte-order mark, so Excel opens them correctly; JSON keeps Chinese as is.
The rows are made here (values as JSON types); ``render.machine`` writes the files.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Callable, ClassVar

from .. import urls
from ..model.catalog import Item
from ..model.documents import Consultation, Document
from ..model.site import Site
from ..parse import kinds, schema
from .pages import Link, View

DCAT_SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"
CONSULTATION_LABEL = schema.labels(Consultation)  # 征集开始, 征集截止 …
LICENSE_NOTE = "依据《中华人民共和国政府信息公开条例》主动公开的政府信息"


def _item_fields() -> list[schema.Field]:
    """``Item``'s fields that have a value of their own (a ``Raw`` one is its owner's to read)."""
    return [f for f in schema.fields(Item) if not isinstance(f.kind, kinds.Raw)]


def catalog_fields() -> list[str]:
    return ["领域编号", "领域"] + [f.key for f in _item_fields()]


def catalog_rows(site: Site) -> list[dict]:
    """One row per catalog item, every declared field (``Item``'s declaration) as its kind gives it in data,
    catalog order."""
    declared = _item_fields()
    return [{"领域编号": domain.id, "领域": domain.name} | {f.key: f.data(getattr(item, f.attr)) for f in declared}
            for domain in site.catalog.domains for item in domain.items]


def _declared_column(attr: str, shown: Callable[[Document], object] | None = None):
    """A declared field's column: its Chinese key and its value in data (``shown``: what the site shows in
    place of the front matter's value)."""
    f = next(f for f in schema.fields(Document) if f.attr == attr)
    return f.key, (lambda d, url: f.data(shown(d))) if shown else (lambda d, url: f.data(getattr(d, attr)))


# The documents' columns: (name, value). The declared ones take the front matter's Chinese key.
DOCUMENT_COLUMNS: tuple[tuple[str, Callable[[Document, Callable[[str], str]], object]], ...] = (
    _declared_column("index_number"),
    _declared_column("topic"),
    _declared_column("org_id", lambda d: d.publisher),  # 转载: the original authority, as the page shows it
    _declared_column("written"),
    _declared_column("title"),
    _declared_column("number"),
    _declared_column("published"),
    _declared_column("stated_validity", lambda d: d.validity),  # as the site shows it (失效日期 passed: 失效)
    _declared_column("in_force"),
    _declared_column("expires"),
    _declared_column("keywords"),
    ("栏目编号", lambda d, url: d.item.id),
    ("栏目", lambda d, url: d.item.name),
    ("领域", lambda d, url: d.item.domain.name),
    ("机构编号", lambda d, url: d.org.id),
    # 转载: the county organisation that reposts it, and the original's own number and address
    ("转载机构", lambda d, url: d.org.name if d.repost else None),
    ("原索引号", lambda d, url: d.repost.index_number if d.repost else None),
    ("来源网址", lambda d, url: d.repost.url if d.repost else None),
    ("网址", lambda d, url: url(urls.document(d))),
    # 意见征集 (重大决策预公开): a consultation's period, its state on the check date and its feedback's address;
    # empty for the other documents.
    *((key, lambda d, url, attr=attr: getattr(d.consultation, attr).isoformat() if d.consultation else None)
      for key, attr in ((CONSULTATION_LABEL["start"], "start"), (CONSULTATION_LABEL["end"], "end"))),
    ("状态", lambda d, url: str(d.consultation_state) if d.consultation_state else None),
    ("反馈", lambda d, url: url(urls.document(d.feedback)) if d.feedback else None),
)


def document_fields() -> list[str]:
    return [name for name, _ in DOCUMENT_COLUMNS]


def document_row(doc: Document, absolute: Callable[[str], str]) -> dict:
    return {name: get(doc, absolute) for name, get in DOCUMENT_COLUMNS}


def document_rows(site: Site, absolute: Callable[[str], str], kept=None) -> list[dict]:
    """One row per document on the site (revoked ones are not), newest first. ``kept(doc, make)``: ``make()``
    or the row it gave for the same document's inputs (``speed.memo``: it only saves time)."""
    if kept is None:
        return [document_row(doc, absolute) for doc in site.latest]
    return [kept(doc, lambda doc=doc: document_row(doc, absolute)) for doc in site.latest]


@dataclass(frozen=True)
class Dataset:
    id: str  # the file stem under opendata/
    title: str
    description: str
    keywords: tuple[str, ...]
    fields: list[str]
    rows: list[dict]
    modified: datetime.date | None
    temporal: tuple[datetime.date, datetime.date] | None = None
    joins: dict[str, str] | None = None  # CSV: how a list value is joined, by column (default ；)

    def file(self, extension: str) -> str:
        return urls.open_data_file(self.id, extension)


def datasets(site: Site, absolute: Callable[[str], str], county: str, kept=None) -> list[Dataset]:
    newest = site.latest[0].published if site.latest else None
    oldest = site.latest[-1].published if site.latest else None
    return [
        Dataset("catalog", f"{county}政务公开事项标准目录",
                "每行一个事项：所属领域，以及事项编号、一级至三级事项、公开内容、公开依据、公开时限、时限规则、公开主体、"
                "公开渠道和载体、公开对象、公开方式、公开层级、更新周期等全部要素（国办发〔2019〕54号）。",
                ("政务公开", "标准目录", "公开事项"), catalog_fields(), catalog_rows(site), newest,
                joins={f.key: f.element.join for f in schema.fields(Item) if f.element}),
        Dataset("documents", f"{county}主动公开政府信息",
                "每行一篇网站上公开的文件（已撤销的不在其中），最新的在前：索引号、主题分类、发布机构、成文日期、标题、"
                "发文字号、发布日期、有效性（已到失效日期的为“失效”）、施行日期、失效日期、主题词，所属栏目、领域、机构及网址；"
                "转载的文件，发布机构为原发布机构，另有转载机构、原索引号和来源网址；"
                "意见征集文件另有征集开始、征集截止、状态（征集中、未开始或已截止，按网站更新当天）和意见采纳情况（反馈）的网址。",
                ("政务公开", "政府信息", "公开文件"), document_fields(), document_rows(site, absolute, kept), newest,
                (oldest, newest) if newest else None),
    ]


def dcat(sets: list[Dataset], absolute: Callable[[str], str], *, publisher: str, contact: str | None,
         county: str) -> dict:
    """``data.json``: the datasets as a DCAT-US (Project Open Data v1.1) catalog."""
    landing = absolute(urls.OPEN_DATA)
    point = {"@type": "vcard:Contact", "fn": publisher}
    if contact and "@" in contact:
        point["hasEmail"] = contact if contact.startswith("mailto:") else f"mailto:{contact.strip()}"
    out = []
    for d in sets:
        entry = {
            "@type": "dcat:Dataset", "title": d.title, "description": d.description, "keyword": list(d.keywords),
            "modified": d.modified.isoformat() if d.modified else None,
            "publisher": {"@type": "org:Organization", "name": publisher}, "contactPoint": point,
            "identifier": f"{landing}#{d.id}", "accessLevel": "public", "landingPage": landing,
            "language": ["zh-CN"], "spatial": county, "rights": LICENSE_NOTE,
            "distribution": [
                {"@type": "dcat:Distribution", "title": f"{d.title}（CSV，UTF-8）", "downloadURL": absolute(d.file("csv")),
                 "mediaType": "text/csv", "format": "CSV"},
                {"@type": "dcat:Distribution", "title": f"{d.title}（JSON）", "downloadURL": absolute(d.file("json")),
                 "mediaType": "application/json", "format": "JSON"},
            ],
        }
        if d.temporal:
            entry["temporal"] = f"{d.temporal[0].isoformat()}/{d.temporal[1].isoformat()}"
        out.append({k: v for k, v in entry.items() if v is not None})
    return {"@context": f"{DCAT_SCHEMA}/catalog.jsonld", "@type": "dcat:Catalog", "conformsTo": DCAT_SCHEMA,
            "describedBy": f"{DCAT_SCHEMA}/catalog.json", "dataset": out}


# --- the page ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetEntry:
    id: str
    title: str
    description: str
    count: int
    fields: list[str]
    csv: str
    json: str


@dataclass(kw_only=True)
class OpenDataView(View):
    """开放数据: what the data files are and how to use them (its ``feed``: the whole site's)."""

    template: ClassVar[str] = "opendata.html"
    lede: str
    datasets: list[DatasetEntry]
    catalog: str  # data.json


def page(sets: list[Dataset], u: urls.Urls, crumbs: list[Link]) -> OpenDataView:
    entries = [DatasetEntry(d.id, d.title, d.description, len(d.rows), d.fields, u.url(d.file("csv")),
                            u.url(d.file("json"))) for d in sets]
    return OpenDataView(src_uri=urls.OPEN_DATA, title="开放数据", crumbs=crumbs,
                        lede="本站的政务公开事项标准目录和主动公开的文件，以 CSV 和 JSON 格式提供下载，每次网站更新时同步生成。",
                        datasets=entries, catalog=u.url(urls.DATA_JSON), feed=Link("订阅本站最新公开", u.url(urls.FEED)))
