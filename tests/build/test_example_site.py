"""End-to-end: the example county (示例县) builds, and its HTML has what the regulations require."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin

import pytest

from govsite import urls

META_FIELDS = ("索引号", "主题分类", "发布机构", "成文日期", "标题", "发文字号", "发布日期", "有效性")


def page(site: Path, uri: str) -> Path:
    """Output HTML of a source URI (use_directory_urls)."""
    p = PurePosixPath(uri)
    folder = p.parent if p.name == "index.md" else p.parent / p.stem
    return site / folder / "index.html"


def read(site: Path, uri: str) -> str:
    return page(site, uri).read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def resolve(site: Path, html_file: Path, href: str) -> Path | None:
    """The file an internal link points to, or None for external links."""
    if re.match(r"^[a-z]+:", href) or href.startswith("#"):
        return None
    base = "/" + html_file.parent.relative_to(site).as_posix() + "/"
    target = unquote(urljoin(base, href.split("#")[0])).lstrip("/")
    path = site / target
    return path / "index.html" if (not target or target.endswith("/")) else path


def test_example_county_size(example_model):
    tree = example_model.tree
    assert len(tree.departments) >= 8
    assert len(tree.townships) >= 6
    assert all(len(t.children) >= 3 for t in tree.townships)
    domains = {d.id for d in example_model.catalog.domains}
    assert len(domains) >= 26 + 1
    with_docs = {d.item.domain.id for d in example_model.documents}
    assert with_docs >= domains - {"xxgk"}, f"domains without documents: {domains - with_docs}"
    kinds = {d.org.kind for d in example_model.documents}
    assert {"县政府", "部门", "村"} <= kinds and kinds & {"乡镇", "街道"}


def test_a_column_page_for_every_applicable_pair(example_site, example_model):
    missing = [urls.column(c) for c in example_model.columns.values() if not page(example_site, urls.column(c)).exists()]
    assert not missing
    column_items = {key[1] for key in example_model.columns}
    applicable = {i.id for i in example_model.catalog.items.values() if i.has_columns}
    assert column_items == applicable


def test_no_column_for_offline_items(example_site, example_model):
    offline = {i.id for i in example_model.catalog.items.values() if not i.has_columns}
    assert offline, "the example catalog should have offline-only rows (named lists on notice boards)"
    dirs = {p.name for p in example_site.rglob("*") if p.is_dir()}
    assert not offline & dirs


def test_empty_columns_say_so_and_show_elements(example_site, example_model):
    empty = [c for c in example_model.columns.values() if c.is_empty]
    assert empty
    html = article(read(example_site, urls.column(empty[0])))
    assert "本栏目暂无公开信息" in html
    for label in ("公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象", "公开方式"):
        assert f'<th scope="row">{label}</th>' in html


def test_column_lists_documents_newest_first_with_dates(example_site, example_model):
    column = max(example_model.columns.values(), key=lambda c: len(c.documents))
    html = article(read(example_site, urls.column(column)))
    dates = re.findall(r'<time datetime="([\d-]+)"', html)
    assert len(dates) == min(20, len(column.documents)) and dates == sorted(dates, reverse=True)


def test_every_document_page_has_the_metadata_block(example_site, example_model):
    for doc in example_model.documents:
        html = article(read(example_site, doc.src_uri))
        block = html[html.index('class="gov-meta"'):html.index("</table>")]
        for label in META_FIELDS:
            assert f'<th scope="row">{label}</th>' in block, (doc.src_uri, label)
        assert doc.index_number in block and doc.org.name in block
        assert html.count("<h1") == 1, doc.src_uri


def test_policy_and_interpretation_link_both_ways(example_site, example_model):
    pairs = [(p, i) for p in example_model.documents for i in p.interpretations]
    assert len(pairs) >= 4
    for policy, interpretation in pairs:
        policy_file, interp_file = page(example_site, policy.src_uri), page(example_site, interpretation.src_uri)
        policy_links = re.findall(r'href="([^"]+)"', article(policy_file.read_text(encoding="utf-8")))
        interp_links = re.findall(r'href="([^"]+)"', article(interp_file.read_text(encoding="utf-8")))
        assert interp_file in {resolve(example_site, policy_file, h) for h in policy_links}
        assert policy_file in {resolve(example_site, interp_file, h) for h in interp_links}


def test_internal_links_resolve(example_site, example_model):
    samples = [d.src_uri for d in example_model.documents] + ["index.md", "xxgk/index.md", "catalog/index.md"]
    samples += [urls.column(c) for c in list(example_model.columns.values())[:50]]
    samples += [urls.org(o) for o in example_model.tree.orgs.values()]
    broken = []
    for uri in samples:
        html_file = page(example_site, uri)
        for href in re.findall(r'href="([^"]+)"', html_file.read_text(encoding="utf-8")):
            target = resolve(example_site, html_file, href)
            if target is not None and not target.exists():
                broken.append((uri, href))
    assert not broken[:10]


def test_documents_never_appear_in_the_nav(example_site, example_model):
    doc_pages = {page(example_site, d.src_uri) for d in example_model.documents}
    for doc in example_model.documents[:40]:
        html_file = page(example_site, doc.src_uri)
        html = html_file.read_text(encoding="utf-8")
        nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("md-sidebar--secondary")]
        linked = {resolve(example_site, html_file, h) for h in re.findall(r'href="([^"]+)"', nav)}
        assert not (linked & doc_pages), doc.src_uri


def test_catalog_tables_are_accessible_and_link_to_columns(example_site, example_model):
    domain = next(d for d in example_model.catalog.domains if d.id == "yiwu-jiaoyu")
    html_file = page(example_site, f"catalog/{domain.id}/index.md")
    html = article(html_file.read_text(encoding="utf-8"))
    assert "<caption>" in html and '<th scope="col">公开时限</th>' in html
    assert html.count('<th scope="row">') == len(domain.items)
    column = next(c for c in example_model.columns.values() if c.item.domain is domain)
    links = {resolve(example_site, html_file, h) for h in re.findall(r'href="([^"]+)"', html)}
    assert page(example_site, urls.column(column)) in links


def test_organisation_pages(example_site, example_model):
    tree = example_model.tree
    dept = next(d for d in tree.departments if d.functions)
    html = article(read(example_site, urls.org(dept)))
    assert "机构信息" in html and dept.functions.splitlines()[0][:20] in html
    township = tree.townships[0]
    html = article(read(example_site, urls.org(township)))
    for village in township.children:
        assert village.name in html
    village = township.children[0]
    assert "村（居）务公开" in article(read(example_site, urls.org(village)))


def test_standard_disclosure_section(example_site):
    html = article(read(example_site, "xxgk/index.md"))
    for entry in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报", "依申请公开", "互动交流", "在线办事"):
        assert entry in html, entry


def test_reference_documents_are_published(example_model):
    numbers = {d.number for d in example_model.documents}
    assert {"黔府办发〔2020〕8号", "国办发〔2019〕14号", "黔府办函〔2019〕68号"} <= numbers


def test_no_third_party_requests(example_site):
    for html_file in list(example_site.rglob("*.html"))[:300]:
        html = html_file.read_text(encoding="utf-8")
        # <link rel="canonical"> names the page's own address (site_url): nothing fetches it
        assert not re.search(r'<(?:script|link(?![^>]*rel="canonical")|img|iframe)[^>]*(?:src|href)="(?:https?:)?//',
                             html), html_file
