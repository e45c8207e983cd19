"""The project must build unchanged with ProperDocs, the maintained fork of MkDocs 1.x."""

from conftest import build


def test_properdocs_builds_the_same_pages(mini, tmp_path):
    with_mkdocs = build(mini, site=tmp_path / "a")
    with_properdocs = build(mini, tool="properdocs", site=tmp_path / "b")
    assert with_mkdocs.returncode == 0, with_mkdocs.output
    assert with_properdocs.returncode == 0, with_properdocs.output
    pages_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.html"))
    pages_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.html"))
    assert pages_a == pages_b and len(pages_a) > 20
    doc = "departments/nongye/zhengce/index.html"
    assert "11522799MB10000299/2025-00001" in (tmp_path / "b" / doc).read_text(encoding="utf-8")


def test_properdocs_failed_build_reports_errors(mini):
    policy = mini / "content/departments/nongye/zhengce.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace("栏目: fupin-01", "栏目: nope"), encoding="utf-8")
    result = build(mini, tool="properdocs")
    assert result.returncode != 0 and "字段“栏目”" in result.output and "Traceback" not in result.output
