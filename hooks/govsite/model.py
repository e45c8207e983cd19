"""Everything a build knows about the county, loaded once per build: catalog, organisations,
columns and documents. All editor mistakes of all files are collected, then reported together.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from . import catalog as catalog_module
from . import columns as columns_module
from . import documents as documents_module
from . import orgs as orgs_module
from .catalog import Catalog
from .columns import Column
from .documents import Document
from .errors import ErrorCollector
from .orgs import OrgTree


@dataclass
class Site:
    catalog: Catalog
    tree: OrgTree
    columns: dict[tuple[str, str], Column]
    documents: list[Document]  # on the site
    revoked: list[Document] = field(default_factory=list)  # 撤销: kept for the checks, off the site

    @property
    def withdrawn_files(self) -> set[str]:
        """Source URIs (relative to content/) that must not be published: revoked documents and their files."""
        return documents_module.withdrawn_files(self.documents, self.revoked)

    @functools.cached_property
    def columns_by_org(self) -> dict[str, list[Column]]:
        """Each organisation's columns in catalog order (one pass over all columns, then lookups)."""
        return columns_module.by_org(self.columns)

    def columns_of(self, org_id: str) -> list[Column]:
        return self.columns_by_org.get(org_id, [])


def load(root: Path, content_dir: Path, catalog_dir: Path) -> Site:
    """Load and validate; raise ``PluginError`` listing every error when anything is wrong."""
    errors = ErrorCollector()
    catalog = catalog_module.load(catalog_dir, root, errors)
    tree = orgs_module.load(content_dir, root, {d.id for d in catalog.domains}, errors)
    columns = columns_module.assign(catalog, tree)
    documents, revoked = documents_module.load(content_dir, root, tree, catalog, columns, errors)
    errors.raise_if_any()
    return Site(catalog, tree, columns, documents, revoked)
