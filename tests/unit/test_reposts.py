"""Reposted documents (转载, issue 12): a document of a higher authority reposted in a county column shows that
authority as 发布机构, with its 索引号 and source link, in the metadata block, the search record's 机构 meta and
the feeds; the document's own 索引号 still follows the county's format and uniqueness rules."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from conftest import ROOT
from mkdocs.exceptions import PluginError

from govsite import urls
from govsite.model import site as model
from govsite.views import feeds, pages

SHANXI = "11140500012420117H/2019-00001"
REPOST = "content/departments/nongye/zhuanzai.md"


def load(root: Path):
    return model.load(root, root / "content", root / "catalog")


def write(project: Path, *, own: str = "11522799MB10000299/2025-00050", repost: str | None = None) -> None:
    repost = repost if repost is not None else (
        f"转载:\n  发布机构: 山西省人民政府\n  索引号: {SHANXI}\n  来源网址: https://www.shanxi.gov.cn/zfxxgk/1.html\n")
    (project / REPOST).write_text(
        "---\n标题: 山西省人民政府关于巩固脱贫成果的意见\n栏目: fupin-01\n成文日期: 2025-04-01\n发布日期: 2025-04-08\n"
        f"发文字号: 晋政发〔2025〕1号\n主题分类: 民政、扶贫、救灾\\扶贫\n索引号: {own}\n{repost}---\n\n正文。\n",
        encoding="utf-8")


def document_view(site, doc):
    u = urls.Urls(True)
    views = pages.generate(site, u, site_name="县", links={}, bundles=[])
    return pages.document(doc, u, views[urls.column(doc.column)], None)


def reposted(site):
    return next(d for d in site.documents if d.src_uri == "departments/nongye/zhuanzai.md")


def test_a_reposted_document_shows_the_original_authority(mini):
    write(mini)
    site = load(mini)
    doc = reposted(site)
    assert (doc.org.id, doc.publisher, doc.index_number) == ("nongye", "山西省人民政府", "11522799MB10000299/2025-00050")
    assert doc.repost.index_number == SHANXI
    view = document_view(site, doc)
    meta = view.meta
    assert (meta.org, meta.reposted_by, meta.source_index_number, meta.source_url) == (
        "山西省人民政府", "小县农业农村局", SHANXI, "https://www.shanxi.gov.cn/zfxxgk/1.html")
    assert meta.index_number == doc.index_number  # the county's own number stays the 索引号
    assert ("meta", "机构", "山西省人民政府") in view.record.entries
    assert ("filter", "机构", "小县农业农村局") in view.record.entries  # filtered under the county's organisation
    entry = feeds.entry(doc, lambda uri: "https://x.example/" + uri, "x.example")
    assert entry.org == "山西省人民政府" and "发布机构：山西省人民政府" in entry.summary

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"), autoescape=True)
    env.filters["cn_date"] = str
    html = env.from_string('{% from "partials/meta-block.html" import meta_block %}{{ meta_block(meta) }}').render(meta=meta)
    assert "<th scope=\"row\">发布机构</th><td>山西省人民政府</td>" in html
    assert f"小县农业农村局转载；原索引号 {SHANXI}；<a href=\"https://www.shanxi.gov.cn/zfxxgk/1.html\"" in html


def test_an_ordinary_document_has_no_repost_row(mini):
    site = load(mini)
    doc = next(d for d in site.documents if d.src_uri == "departments/nongye/zhengce.md")
    assert doc.repost is None and doc.publisher == "小县农业农村局"
    meta = document_view(site, doc).meta
    assert meta.reposted_by is None


def test_the_own_index_number_keeps_the_county_format(mini):
    write(mini, own=SHANXI)  # the original's number is not the county's
    with pytest.raises(PluginError) as raised:
        load(mini)
    assert f"{REPOST} 第8行，字段“索引号”：索引号“{SHANXI}”格式不对" in str(raised.value)


def test_the_own_index_number_stays_unique(mini):
    write(mini, own="11522799MB10000299/2025-00001")  # zhengce.md's
    with pytest.raises(PluginError, match="索引号“11522799MB10000299/2025-00001”与 .* 重复"):
        load(mini)


def test_two_reposts_of_one_original_each_have_their_own_number(mini):
    write(mini)
    other = mini / "content/departments/nongye/zhuanzai-2.md"
    other.write_text((mini / REPOST).read_text(encoding="utf-8").replace("2025-00050", "2025-00051"), encoding="utf-8")
    assert len([d for d in load(mini).documents if d.repost]) == 2


@pytest.mark.parametrize("repost, message", [
    ("转载:\n  索引号: x\n", "字段“转载.发布机构”"),
    ("转载:\n  发布机构: 山西省人民政府\n  来源网址: javascript:alert(1)\n",
     "字段“转载.来源网址”：来源网址“javascript:alert(1)”不是 http:// 或 https:// 开头的网址"),
    ("转载: 山西省人民政府\n", "字段“转载”"),
])
def test_bad_reposts_are_editor_errors(mini, repost, message):
    write(mini, repost=repost)
    with pytest.raises(PluginError) as raised:
        load(mini)
    assert message in str(raised.value)


def test_open_data_gives_a_reposted_document_its_original_issuer(mini):
    """Open data (issue 24): 发布机构 is the original authority, as on the page, feed and search; the county
    organisation that reposts it is a column of its own, with the original's 索引号 and address."""
    from govsite.views import opendata

    write(mini)
    site = load(mini)
    [_, documents] = opendata.datasets(site, lambda uri: "https://x.example/" + uri, "小县")
    row = next(r for r in documents.rows if r["标题"] == "山西省人民政府关于巩固脱贫成果的意见")
    assert (row["发布机构"], row["转载机构"], row["原索引号"], row["来源网址"]) == (
        "山西省人民政府", "小县农业农村局", SHANXI, "https://www.shanxi.gov.cn/zfxxgk/1.html")
    assert row["机构编号"] == "nongye" and row["索引号"] == "11522799MB10000299/2025-00050"
    ordinary = next(r for r in documents.rows if r["标题"] == "小县巩固拓展脱贫攻坚成果实施办法")
    assert (ordinary["发布机构"], ordinary["转载机构"], ordinary["原索引号"]) == ("小县农业农村局", None, None)
