"""A build that fails on a content mistake prints the Chinese report without a traceback and leaves
the last good site/ untouched (no site/ at all when there was none). Each mistake's message is
checked without building: unit/test_bad_input.py."""

from __future__ import annotations

from conftest import build

POLICY = "content/departments/nongye/zhengce.md"


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def files(site):
    return {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_failed_build_leaves_site_untouched_and_prints_no_traceback(mini):
    edit(mini / POLICY, "栏目: fupin-01", "栏目: fupin-99")
    first = build(mini)
    assert first.returncode != 0 and not first.site.exists()  # a first build that fails makes no site/
    assert [p.name for p in mini.iterdir() if p.name.startswith(".site.")] == []
    edit(mini / POLICY, "栏目: fupin-99", "栏目: fupin-01")
    good = build(mini)
    assert good.returncode == 0, good.output
    snapshot = files(good.site)
    assert snapshot
    edit(mini / POLICY, "栏目: fupin-01", "栏目: fupin-99")
    result = build(mini)
    assert result.returncode != 0
    assert "Traceback" not in result.output
    for text in ("网站未生成：发现 1 处内容错误", f"{POLICY} 第3行，字段“栏目”：标准目录中没有编号为“fupin-99”的事项",
                 "修改办法：", "原有网站（site/）保持不变"):
        assert text in result.output, f"{text!r} missing from:\n{result.output}"
    assert files(result.site) == snapshot, "site/ changed after a failed build"
    leftovers = [p.name for p in mini.iterdir() if p.name.startswith(".site.")]
    # no staging folder; the last good build's keys, parsed front matter and documents' memo stay
    assert sorted(leftovers) == [".site.front-matter.pickle", ".site.keys.json", ".site.views.pickle"], leftovers


def test_a_killed_builds_staging_folder_is_removed_by_the_next_build(mini):
    dead = mini / ".site.building-999999999"  # no such process
    dead.mkdir()
    (dead / "index.html").write_text("half", encoding="utf-8")
    result = build(mini)
    assert result.returncode == 0, result.output
    assert not dead.exists()
