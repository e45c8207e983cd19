"""Everything a build knows about the county, loaded once per build: catalog, organisations,
columns and documents. All editor mistakes of all files are collected, then reported together.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from pathlib import Path

from ..parse.errors import ErrorCollector
from ..parse.frontmatter_cache import FrontMatterCache
from . import annual as annual_module
from . import catalog as catalog_module
from . import columns as columns_module
from . import content as content_module
from . import documents as documents_module
from . import orgs as orgs_module
from .catalog import Catalog
from .columns import Column
from .content import ContentTree
from .documents import Document
from .orgs import OrgTree


@dataclass
class Site:
    catalog: Catalog
    tree: OrgTree
    columns: dict[tuple[str, str], Column]
    documents: list[Document]  # on the site
    revoked: list[Document] = field(default_factory=list)  # 撤销: kept for the checks, off the site
    content: ContentTree | None = None  # every file of content/
    annual: list = field(default_factory=list)  # annual.AnnualReport: the 年报 data files, drafts included
    as_of: datetime.date | None = None  # the check date it was made for: the documents' validity on that day

    @functools.cached_property
    def withdrawn_files(self) -> set[str]:
        """Source URIs (relative to content/) that must not be published: revoked documents and their files,
        and the annual reports' data files (年报/<year>.yml: their report pages show them)."""
        data_files = {f for f in (self.content.files if self.content else ()) if annual_module.is_data_file(f)}
        return documents_module.withdrawn_files(self.documents, self.revoked) | data_files

    @functools.cached_property
    def columns_by_org(self) -> dict[str, list[Column]]:
        """Each organisation's columns in catalog order (one pass over all columns, then lookups)."""
        return columns_module.by_org(self.columns)

    def columns_of(self, org_id: str) -> list[Column]:
        return self.columns_by_org.get(org_id, [])

    @functools.cached_property
    def columns_by_item(self) -> dict[str, list[Column]]:
        out: dict[str, list[Column]] = {}
        for column in self.columns.values():
            out.setdefault(column.item.id, []).append(column)
        return out

    @functools.cached_property
    def latest(self) -> list[Document]:
        """Every document, newest first."""
        return sorted(self.documents, key=Document.sort_key, reverse=True)


def load(root: Path, content_dir: Path, catalog_dir: Path, errors: ErrorCollector | None = None,
         cache: FrontMatterCache | None = None, as_of: datetime.date | None = None, memo=None) -> Site:
    """Load and validate; raise ``PluginError`` listing every error when anything is wrong (when
    ``errors`` is given, the caller adds its own findings and raises). ``as_of``: the check date, an input
    of the model (a document whose 失效日期 has passed by then shows 失效); None: none lapses."""
    collector = errors if errors is not None else ErrorCollector()
    catalog = catalog_module.load(catalog_dir, root, collector, cache)
    if not catalog.domains:
        collector.raise_if_any()  # every document would name a missing column: say only what is wrong
    content = content_module.scan(content_dir, root, collector)
    tree = orgs_module.load(content, root, {d.id for d in catalog.domains}, collector)
    columns = columns_module.assign(catalog, tree)
    columns_module.check_ids(tree, columns, collector)
    documents, revoked = documents_module.load(content, root, tree, catalog, columns, collector, cache, as_of,
                                                memo=memo)
    annual = annual_module.load(content, root, tree, columns, documents + revoked, collector)
    if errors is None:
        collector.raise_if_any()
    return Site(catalog, tree, columns, documents, revoked, content, annual, as_of)
