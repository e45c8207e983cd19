"""The province's base catalog (基础目录) and each county's deviations from it.

The base catalog is a folder in the county catalog format (the province's standard 目录 of the 26 domains).
Every county inherits it and may extend it; the county's own ``catalog/`` stays what its build reads (the
county build is unchanged). The platform compares the two: items missing, renamed (a county item that took
over a base item's number through 曾用编号, or kept the number under another name) and added. An item the
province marks mandatory (``base_catalog.mandatory``: item numbers, or a domain file name for all its items)
must not be missing: that fails the county's job with a message naming the site and the items.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..model import catalog as catalog_model
from ..parse.errors import ErrorCollector
from .config import Platform, Problem

REPORT_JSON = "deviations.json"
REPORT_TEXT = "deviations.txt"
LISTED = 50  # items listed by name in the text report per kind; the JSON has all of them


@dataclass
class Deviations:
    site: str
    base_items: int
    county_items: int
    missing: list[dict] = field(default_factory=list)
    renamed: list[dict] = field(default_factory=list)
    added: list[dict] = field(default_factory=list)
    mandatory_missing: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"site": self.site, "base_items": self.base_items, "county_items": self.county_items,
                "missing": self.missing, "renamed": self.renamed, "added": self.added,
                "mandatory_missing": self.mandatory_missing}

    def text(self, name: str) -> str:
        lines = [f"{name}（{self.site}）与省基础目录的差异：基础目录 {self.base_items} 项，本网站目录 {self.county_items} 项；"
                 f"缺少 {len(self.missing)} 项，改名 {len(self.renamed)} 项，增加 {len(self.added)} 项。"]
        if self.mandatory_missing:
            lines.append("缺少省里规定必须保留的事项：" + "、".join(self.mandatory_missing) + "。")
        for title, rows, show in (("缺少", self.missing, lambda r: f"{r['id']} {r['name']}（{r['domain']}）"),
                                  ("改名", self.renamed, lambda r: f"{r['base']} {r['base_name']} → {r['county']} {r['county_name']}"),
                                  ("增加", self.added, lambda r: f"{r['id']} {r['name']}（{r['domain']}）")):
            if rows:
                lines.append(f"{title}：")
                lines += [f"  {show(r)}" for r in rows[:LISTED]]
                if len(rows) > LISTED:
                    lines.append(f"  ……另有 {len(rows) - LISTED} 项（见 {REPORT_JSON}）")
        return "\n".join(lines) + "\n"


def load(folder: Path) -> tuple[catalog_model.Catalog, list[str]]:
    """A catalog folder as the county build reads it, with its errors (formatted, Chinese)."""
    errors = ErrorCollector()
    catalog = catalog_model.load(folder, folder.parent, errors)
    return catalog, [e.format() for e in errors.errors]


def fingerprint(folder: Path) -> str:
    """Changes whenever a file of the base catalog does: a change rebuilds every site."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def mandatory_items(platform: Platform, base: catalog_model.Catalog) -> tuple[list[str], list[Problem]]:
    """base_catalog.mandatory expanded to item numbers; an entry the base catalog does not have is a mistake."""
    domains = {d.id: d for d in base.domains}
    items: list[str] = []
    problems: list[Problem] = []
    for entry in platform.mandatory:
        if entry in base.items:
            items.append(entry)
        elif entry in domains:
            items += [i.id for i in domains[entry].items]
        else:
            problems.append(Problem(f"基础目录中没有事项或领域“{entry}”", "写基础目录中的事项编号（如 fdzdgk-01）或领域文件名（如 fupin）。",
                                    field="base_catalog.mandatory"))
    return list(dict.fromkeys(items)), problems


def _path(item: catalog_model.Item) -> str:
    return item.path


def compare(site: str, base: catalog_model.Catalog, county: catalog_model.Catalog, mandatory: list[str]) -> Deviations:
    """What the county's catalog lacks, renames and adds, against the base."""
    out = Deviations(site, len(base.items), len(county.items))
    for item_id, item in base.items.items():
        own = county.items.get(item_id)
        taken = county.renamed.get(item_id)
        if own is not None:
            if _path(own) != _path(item):
                out.renamed.append({"base": item_id, "base_name": _path(item), "county": item_id, "county_name": _path(own)})
        elif taken is not None:
            out.renamed.append({"base": item_id, "base_name": _path(item), "county": taken.id, "county_name": _path(taken)})
        else:
            out.missing.append({"id": item_id, "name": _path(item), "domain": item.domain.name})
    taken_over = {county.renamed[i].id for i in base.items if i in county.renamed}
    for item_id, item in county.items.items():
        if item_id not in base.items and item_id not in taken_over:
            out.added.append({"id": item_id, "name": _path(item), "domain": item.domain.name})
    missing = {m["id"] for m in out.missing}
    out.mandatory_missing = [i for i in mandatory if i in missing]
    return out


def write(folder: Path, deviations: Deviations, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / REPORT_JSON).write_text(json.dumps(deviations.as_json(), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                      encoding="utf-8")
    (folder / REPORT_TEXT).write_text(deviations.text(name), encoding="utf-8")


def mandatory_error(site_id: str, deviations: Deviations) -> str:
    return (f"platform.yml，站点“{site_id}”，字段“base_catalog.mandatory”：本网站的 catalog/ 删去了省里规定必须保留的事项 "
            + "、".join(deviations.mandatory_missing)
            + "。修改办法：在本网站仓库的 catalog/ 中恢复这些事项（可以改名，用“曾用编号”写上原编号），或请省平台调整必须保留的事项。")
