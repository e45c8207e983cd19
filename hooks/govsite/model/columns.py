"""Columns (栏目): one per (organisation, catalog item) pair where the item applies.

Every proactively disclosed item of the catalog has a column, and every township, subdistrict and county
department has its own disclosure page (国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见,
国办发〔2019〕54号). Which organisations an item applies to:

- 县级: the county government (县级主体: 县政府), every department and not the county government, which is
  not a department (各部门), both (县政府和各部门), or the departments whose 负责领域 lists the item's
  domain (主管部门), falling back to the county government;
- 乡级: every township and subdistrict;
- 村级: every village and community (村（居）务公开).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..parse.errors import ErrorCollector
from .catalog import Catalog, Item
from .orgs import Organisation, OrgTree


TOWNSHIP_TIER = "乡级"  # the items of every township's and subdistrict's columns


@dataclass(eq=False)
class Column:
    """A column (栏目): one catalog item at one organisation, with its documents."""

    org: Organisation
    item: Item
    documents: list = field(default_factory=list)  # its documents.Document, newest first once sorted
    reports: list = field(default_factory=list)  # a 年报 column's published annual.AnnualReport, newest year first

    @property
    def latest(self):
        dates = [self.documents[0].published] if self.documents else []
        dates += [r.published for r in self.reports]
        return max(dates, default=None)

    @property
    def is_empty(self) -> bool:
        """空白栏目: no document and no annual report."""
        return not self.documents and not self.reports


def assign(catalog: Catalog, tree: OrgTree) -> dict[tuple[str, str], Column]:
    """All columns, keyed by (organisation id, item id), in catalog order."""
    columns: dict[tuple[str, str], Column] = {}
    for domain in catalog.domains:
        owners = [d for d in tree.departments if domain.id in d.domains]
        for item in domain.items:
            if not item.has_columns:
                continue
            for org in _orgs_for(item, tree, owners):
                columns[(org.id, item.id)] = Column(org, item)
    return columns


def _orgs_for(item: Item, tree: OrgTree, domain_owners: list[Organisation]) -> list[Organisation]:
    orgs: list[Organisation] = []
    if "县级" in item.tiers:
        role = item.subject_role  # 区政府 … is the county government
        if role == "县政府" or (role == "主管部门" and not domain_owners):
            orgs += [tree.county] if tree.county else []
        elif role == "各部门":  # departments only: the county government is not a department
            orgs += tree.departments
        elif role == "县政府和各部门":
            orgs += ([tree.county] if tree.county else []) + tree.departments
        else:
            orgs += domain_owners
    if TOWNSHIP_TIER in item.tiers:
        orgs += tree.townships
    if "村级" in item.tiers:
        orgs += tree.villages
    return orgs


def township_item_ids(catalog: Catalog) -> set[str]:
    """The ids of the columns every township and subdistrict has (and no village's folder may take)."""
    return {i.id for i in catalog.items.values() if i.has_columns and TOWNSHIP_TIER in i.tiers}


def check_ids(tree: OrgTree, columns: dict[tuple[str, str], Column], errors: ErrorCollector) -> None:
    """A village's folder sits inside its township's, beside the township's column folders
    (``<township folder>/<item id>``): at one of them, one of the two pages would be lost. (An item id that
    an organisation's folder holds for something else is refused with the catalog: ``reserved.item_id_problem``.)"""
    for village in tree.villages:
        township = village.parent
        name = village.folder.removeprefix(township.folder + "/").split("/")[0]
        column = columns.get((township.id, name))
        if column is not None:
            errors.add(village.file, f"文件夹名“{name}”不能用作{village.kind}的文件夹：它是{township.name}栏目“{column.item.name}”的网址"
                       f"（{township.folder}/{name}/），{village.kind}页面和栏目页面只能留下一个",
                       f"给{village.kind}的文件夹换一个名字，如{village.kind}名称的拼音（标准目录的事项编号不能用）。")


def by_org(columns: dict[tuple[str, str], Column]) -> dict[str, list[Column]]:
    out: dict[str, list[Column]] = {}
    for column in columns.values():
        out.setdefault(column.org.id, []).append(column)
    return out
