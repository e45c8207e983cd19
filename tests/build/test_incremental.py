"""Incremental builds (govsite/incremental.py): a rebuild takes over the pages and search bundles whose
inputs did not change, and its output equals a full build of the same sources."""

from __future__ import annotations

import re
import shutil
import time

from bench.compare import compare_trees
from conftest import build

POLICY = "content/departments/nongye/zhengce.md"


def _incremental(output: str) -> tuple[int, int] | None:
    m = re.search(r"Incremental build: (\d+) of (\d+) pages", output)
    return (int(m[1]), int(m[2])) if m else None


def test_a_rebuild_after_an_edit_equals_a_full_build(mini, tmp_path):
    assert build(mini).returncode == 0
    again = build(mini)
    reused, total = _incremental(again.output)
    assert reused == total  # nothing changed: every page taken over
    policy = mini / POLICY
    policy.write_text(re.sub(r"^标题: (.*)$", r"标题: \1（修订）", policy.read_text(encoding="utf-8"), count=1, flags=re.M),
                      encoding="utf-8")
    edited = build(mini)
    assert edited.returncode == 0, edited.output
    reused, total = _incremental(edited.output)
    assert 0 < reused < total
    for page in ("departments/nongye/zhengce/index.html",  # the document
                 "departments/nongye/jiedu/index.html",  # its 解读 links back to it by title
                 "departments/nongye/fupin-01/index.html"):  # its column
        assert "（修订）" in (edited.site / page).read_text(encoding="utf-8"), page
    clean = tmp_path / "clean"
    shutil.copytree(mini, clean, ignore=shutil.ignore_patterns("site", ".site.*"))
    full = build(clean)
    assert full.returncode == 0 and _incremental(full.output) is None
    comparison = compare_trees(edited.site, full.site)
    assert comparison["equal"], comparison
    for _ in range(100):  # the replaced site is deleted in the background
        if not list(mini.glob(".site.old-*")):
            break
        time.sleep(0.1)
    assert [p.name for p in mini.glob(".site.*")] == [".site.keys.json"]


def test_a_template_change_renders_every_page(mini):
    assert build(mini).returncode == 0
    template = mini / "overrides/document.html"
    template.write_text(template.read_text(encoding="utf-8").replace("政策解读", "政策解读（新）"), encoding="utf-8")
    result = build(mini)
    assert result.returncode == 0 and _incremental(result.output) is None
    assert "政策解读（新）" in (result.site / "departments/nongye/zhengce/index.html").read_text(encoding="utf-8")


def test_a_page_missing_from_the_last_site_is_rendered_again(mini):
    assert build(mini).returncode == 0
    page = mini / "site/departments/nongye/zhengce/index.html"
    page.unlink()
    result = build(mini)
    reused, total = _incremental(result.output)
    assert reused == total - 1 and page.is_file()
