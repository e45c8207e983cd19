"""The benchmark's tiny county (size XS) builds end to end with the product."""

from __future__ import annotations

from bench import generate as gen
from conftest import build, url_path


def test_tiny_county_builds_end_to_end_with_the_product(tmp_path):
    tiny = tmp_path / "XS"
    gen.generate(tiny, "XS")
    project = tiny / "project"
    gen.install_product(project)
    result = build(project)
    assert result.returncode == 0, result.output
    from govsite.model import site as model

    site = model.load(project, project / "content", project / "catalog")
    html = list(result.site.rglob("*.html"))
    assert len(html) > len(site.documents) + len(site.columns)
    for doc in site.documents[:5]:
        page = (result.site / url_path(doc.src_uri) / "index.html").read_text(encoding="utf-8")
        assert doc.title in page and doc.index_number in page
    assert (result.site / "pagefind" / "pagefind-entry.json").is_file()
