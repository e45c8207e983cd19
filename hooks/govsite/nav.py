"""The site navigation: sections and organisations only. Documents never enter the nav (column
pages list them), and columns are listed on their organisation's page, so every page carries a
small nav whatever the archive's size (tech-notes §1.3: the nav is the dominant build cost).
"""

from __future__ import annotations

from .model import Site
from .pages import CATALOG, XXGK


def build(site: Site, links: dict[str, str]) -> list:
    """A ``nav`` value for mkdocs.yml (titles → source URIs or external URLs)."""
    tree = site.tree
    xxgk = [f"{XXGK}/index.md"]
    xxgk += [{item.name: f"{XXGK}/{item.id}/index.md"} for d in site.catalog.domains if d.id == XXGK for item in d.items]
    xxgk.insert(3 if len(xxgk) > 2 else len(xxgk), {"法定主动公开内容": f"{XXGK}/fdzdgk/index.md"})
    xxgk.append({"标准目录": [f"{CATALOG}/index.md"] + [
        {d.name: f"{CATALOG}/{d.id}/index.md"} for d in site.catalog.domains if d.id != XXGK]})
    nav: list = [{"首页": "index.md"}, {"政府信息公开": xxgk}]
    if tree.county:
        nav.append({tree.county.name: tree.county.page_uri})
    if tree.departments:
        group = tree.departments[0].folder.rpartition("/")[0]
        nav.append({"县政府部门": ([f"{group}/index.md"] if group else [])
                    + [{d.name: d.page_uri} for d in tree.departments]})
    if tree.townships:
        group = tree.townships[0].folder.rpartition("/")[0]
        townships = []
        for t in tree.townships:
            if t.children:
                townships.append({t.name: [t.page_uri] + [{v.name: v.page_uri} for v in t.children]})
            else:
                townships.append({t.name: t.page_uri})
        nav.append({"乡镇（街道）": ([f"{group}/index.md"] if group else []) + townships})
    for title, url in links.items():
        nav.append({title: url})
    return nav
