"""The site navigation: sections and organisations only. Documents never enter the nav (column
pages list them), and columns are listed on their organisation's page, so every page carries a
small nav whatever the archive's size (tech-notes §1.3: the nav is the dominant build cost).

Material's templates print nav titles as they are (no autoescape), so titles here are escaped.
"""

from __future__ import annotations

from markupsafe import escape

from .. import urls
from ..model.catalog import XXGK_ROLE
from ..model.orgs import current
from ..model.site import Site


def titles(nav_config: list) -> dict[str, str]:
    """{source URI: nav title} of the pages a nav value names (their menu entries' labels)."""
    out: dict[str, str] = {}
    for entry in nav_config:
        if isinstance(entry, dict):
            for title, value in entry.items():
                if isinstance(value, list):
                    out.update(titles(value))
                elif isinstance(value, str) and value.endswith(".md"):
                    out[value] = title
    return out


def build(site: Site, links: dict[str, str]) -> list:
    """A ``nav`` value for mkdocs.yml (titles → source URIs or external URLs)."""
    e = lambda text: str(escape(text))  # noqa: E731
    tree = site.tree
    standard = urls.standard_items(site)
    xxgk = [urls.XXGK_INDEX] + [{e(item.name): urls.xxgk_item(item)} for item in standard]
    xxgk.insert(1 + urls.fdzdgk_position(standard), {"法定主动公开内容": urls.FDZDGK})
    xxgk.append({"意见征集": urls.CONSULTATIONS})
    xxgk.append({"标准目录": [urls.CATALOG_INDEX] + [
        {e(d.name): urls.catalog_domain(d)} for d in site.catalog.domains if d.role != XXGK_ROLE]})
    nav: list = [{"首页": urls.HOME}, {"政府信息公开": xxgk}, {"政策文件": urls.POLICIES_INDEX}]
    if tree.county:
        nav.append({e(tree.county.name): urls.org(tree.county)})
    departments, townships_now = current(tree.departments), current(tree.townships)  # 撤并 ones: no page, no entry
    if departments:
        group = departments[0].folder.rpartition("/")[0]
        nav.append({e(tree.words.departments): ([urls.group(group)] if group else [])
                    + [{e(d.name): urls.org(d)} for d in departments]})
    if townships_now:
        group = townships_now[0].folder.rpartition("/")[0]
        townships = []
        for t in townships_now:
            if villages := current(t.children):
                townships.append({e(t.name): [urls.org(t)] + [{e(v.name): urls.org(v)} for v in villages]})
            else:
                townships.append({e(t.name): urls.org(t)})
        nav.append({e(tree.words.townships): ([urls.group(group)] if group else []) + townships})
    for title, url in links.items():
        nav.append({e(title): url})
    return nav
