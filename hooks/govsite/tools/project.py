"""What the tools read: the catalog, the organisation tree and its columns, and the files of content/,
loaded as the build loads them but without validating any document (a broken document elsewhere must
not stop ``make new`` or ``make codeowners``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..model import catalog as catalog_module
from ..model import columns as columns_module
from ..model import content as content_module
from ..model import orgs as orgs_module
from ..model.catalog import Catalog, Item
from ..model.content import ContentTree
from ..model.orgs import Organisation, OrgTree
from ..parse.errors import ErrorCollector


class Refused(Exception):
    """An editor's request that cannot be carried out: the message says why (Chinese)."""


@dataclass
class Project:
    """Catalog, organisations, columns and the files of content/ (``errors``: what did not load)."""

    root: Path
    content_dir: Path
    catalog: Catalog
    tree: OrgTree
    columns: dict
    content: ContentTree
    errors: ErrorCollector

    @classmethod
    def load(cls, config_file: Path) -> Project:
        if not config_file.exists():
            raise Refused(f"找不到配置文件 {config_file.name}：请在项目文件夹（含 mkdocs.yml）中运行。")
        config = read_settings(config_file)
        root = config_file.resolve().parent
        gov = (config.get("extra") or {}).get("gov") or {}
        content_dir = root / config.get("docs_dir", "docs")
        errors = ErrorCollector()
        catalog = catalog_module.load(root / gov.get("catalog_dir", "catalog"), root, errors)
        content = content_module.scan(content_dir, root, errors)
        tree = orgs_module.load(content, root, {d.id for d in catalog.domains}, errors)
        return cls(root, content_dir, catalog, tree, columns_module.assign(catalog, tree), content, errors)

    def orgs(self) -> list[Organisation]:
        """Every organisation in the order of the site: county, departments, townships with their villages."""
        county = [self.tree.county] if self.tree.county else []
        return county + self.tree.departments + [o for t in self.tree.townships for o in [t, *t.children]]

    def items_of(self, org: Organisation) -> list[Item]:
        return [c.item for c in columns_module.by_org(self.columns).get(org.id, [])]


class _SettingsLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """mkdocs.yml as plain data: its Python and !ENV tags read as nothing (MkDocs' own loader costs
    a tenth of a second of imports, and only docs_dir and extra.gov.catalog_dir are read here)."""


_SettingsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_settings(config_file: Path) -> dict:
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_SettingsLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise Refused(f"{config_file.name} 无法读取（{exc}）：先用 make check 查看。") from None
    return data if isinstance(data, dict) else {}
