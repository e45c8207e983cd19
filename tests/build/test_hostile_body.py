"""Issue 11: a document body that would run script, frame another site or carry style is refused at
build time, each construct named with its file and line; the last good site stays in place."""

from __future__ import annotations

from tests.conftest import build, make_project

DOC = "content/departments/nongye/zhengce.md"
HOSTILE = {
    "<script>alert(1)</script>": "<script>",
    '<img src="files/fenpei.csv" onerror="alert(2)">': "onerror",
    "[点这里](javascript:alert(3))": "javascript:",
    '<iframe src="https://example.com/"></iframe>': "<iframe>",
    '<p style="color:red">红字</p>': "style",
    '## 小标题 {: onclick="alert(4)" }': "onclick",
    '<form action="https://example.com/"><input name="q"></form>': "<form>",
}


def test_hostile_bodies_are_refused_with_file_and_line(tmp_path):
    project = make_project(tmp_path)
    first = build(project)
    assert first.returncode == 0, first.output[-2000:]
    before = {p.relative_to(first.site): p.read_bytes() for p in first.site.rglob("*.html")}
    path = project / DOC
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    body_start = len(lines) + 2
    path.write_text(text + "\n" + "\n\n".join(HOSTILE) + "\n", encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert "Traceback" not in result.output
    for n, (_, construct) in enumerate(HOSTILE.items()):
        line = body_start + 2 * n
        matching = [x for x in result.output.splitlines() if x.strip().startswith(tuple("0123456789")) and construct in x]
        assert matching, (construct, result.output[-3000:])
        assert any(f"{DOC} 第{line}行" in x for x in matching), (construct, line, matching)
    assert "原有网站（site/）保持不变" in result.output
    after = {p.relative_to(first.site): p.read_bytes() for p in first.site.rglob("*.html")}
    assert after == before


def test_a_deeply_nested_body_is_an_error_not_a_traceback(tmp_path):
    project = make_project(tmp_path)
    path = project / DOC
    nested = "\n".join("    " * depth + "- 项" for depth in range(1000))
    path.write_text(path.read_text(encoding="utf-8") + "\n" + nested + "\n", encoding="utf-8")
    result = build(project)
    assert "Traceback" not in result.output and "RecursionError" not in result.output
    assert result.returncode != 0
    assert f"{DOC} 第" in result.output and "嵌套层次过深" in result.output
