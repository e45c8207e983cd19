"""A build renders on two processes (speed.parallel) and shares the parts of Material's frame that do
not depend on the page (render.templates: Once, SharedNav): the site is the same as one process
rendering every part of every page makes, and what happens in the second process (editors' body
errors) is reported as if it happened in one."""

from __future__ import annotations

import shutil

from bench.compare import compare_trees
from conftest import EXAMPLE, EXAMPLE_AS_OF, ROOT, build, example_project

from govsite.speed.parallel import ONE_PROCESS
from govsite.render.templates import RENDER_EACH


def example_copy(tmp_path):
    project = tmp_path / "county"
    project.mkdir()
    shutil.copy(EXAMPLE / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copy(ROOT / "govsite.yml", project / "govsite.yml")
    for folder in ("hooks", "overrides"):
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for folder in ("content", "catalog"):
        shutil.copytree(EXAMPLE / folder, project / folder)
    return project


def test_two_processes_and_shared_parts_write_the_site_one_process_rendering_everything_writes(tmp_path):
    project = example_project(tmp_path)
    two = build(project, site=tmp_path / "two", env={"GOV_AS_OF": EXAMPLE_AS_OF})
    one = build(project, site=tmp_path / "one", env={"GOV_AS_OF": EXAMPLE_AS_OF, ONE_PROCESS: "1", RENDER_EACH: "1"})
    assert two.returncode == 0 and one.returncode == 0, two.output + one.output
    assert "Rendering in two processes" in two.output and "Rendering in two processes" not in one.output
    comparison = compare_trees(tmp_path / "two", tmp_path / "one")
    assert comparison["equal"], comparison
    assert comparison["files"] > 1000


def test_body_errors_of_both_processes_are_reported_together_and_the_site_stays(tmp_path):
    project = example_copy(tmp_path)
    good = build(project, env={"GOV_AS_OF": EXAMPLE_AS_OF})
    assert good.returncode == 0, good.output
    before = sorted(p.relative_to(good.site) for p in good.site.rglob("*"))
    documents = [p for p in (project / "content").rglob("*.md") if p.name != "index.md" and "索引号" in p.read_text(encoding="utf-8")]
    for doc in documents:
        doc.write_text(doc.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n", encoding="utf-8")
    for keys in project.glob(".site.keys.json"):  # no reuse: every page renders, in two processes
        keys.unlink()
    bad = build(project, env={"GOV_AS_OF": EXAMPLE_AS_OF})
    assert bad.returncode != 0 and "Traceback" not in bad.output
    assert "Rendering in two processes" in bad.output
    assert f"发现 {len(documents)} 处内容错误" in bad.output, bad.output[-3000:]
    assert sorted(p.relative_to(good.site) for p in good.site.rglob("*")) == before
