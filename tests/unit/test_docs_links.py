"""The docs by audience (README.md and docs/*.md): every relative link and #anchor between them resolves, the
README stays short (what the product is, the two commands, where each guide is), and each guide holds the
sections the old README's readers looked for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
README_MAX_LINES = 150  # the README is a front page; the guides live in docs/

# [text](target) and <img src="target">, outside fenced code blocks and inline code
_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|<img [^>]*src=\"([^\"]+)\"")
_FENCE = re.compile(r"^(```|~~~)")


def _prose(path: Path) -> list[tuple[int, str]]:
    """The lines of ``path`` outside fenced code, with inline code removed (it shows links, it has none)."""
    lines, fenced = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if _FENCE.match(line.strip()):
            fenced = not fenced
            continue
        if not fenced:
            lines.append((number, re.sub(r"`[^`]*`", "", line)))
    return lines


def slug(heading: str) -> str:
    """The anchor GitHub, GitLab and Gitea give a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*]", "", heading.strip().lower())  # code and emphasis marks are not part of the words
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for _, line in _prose_with_code(path):
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            base = slug(match.group(1))
            count = seen.get(base, 0)
            seen[base] = count + 1
            out.add(base if count == 0 else f"{base}-{count}")
    return out


def _prose_with_code(path: Path) -> list[tuple[int, str]]:
    """Lines outside fenced code, inline code kept (a heading's code is part of its anchor)."""
    lines, fenced = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if _FENCE.match(line.strip()):
            fenced = not fenced
        elif not fenced:
            lines.append((number, line))
    return lines


def broken_links(path: Path) -> list[str]:
    wrong = []
    for number, line in _prose(path):
        for match in _LINK.finditer(line):
            target = match.group(1) or match.group(2)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
                continue
            file, _, anchor = target.partition("#")
            where = (path.parent / file).resolve() if file else path
            if not where.exists():
                wrong.append(f"{path.name}:{number}: {target}: no such file")
            elif anchor and (where.suffix != ".md" or anchor not in anchors(where)):
                wrong.append(f"{path.name}:{number}: {target}: no heading with this anchor")
    return wrong


@pytest.mark.parametrize("path", [README, *DOCS], ids=lambda p: p.name)
def test_every_relative_link_and_anchor_resolves(path):
    assert broken_links(path) == []


def test_a_broken_link_or_anchor_is_found(tmp_path):
    (tmp_path / "a.md").write_text("# 一、单位文件夹\n\n## Two commands\n", encoding="utf-8")
    page = tmp_path / "b.md"
    page.write_text("[ok](a.md#一单位文件夹) [ok](a.md#two-commands) [ok](#b) `[code](nowhere.md)`\n\n# B\n\n"
                    "[gone](missing.md) [bad](a.md#二) ![img](images/x.png)\n", encoding="utf-8")
    assert broken_links(page) == ["b.md:5: missing.md: no such file", "b.md:5: a.md#二: no heading with this anchor",
                                  "b.md:5: images/x.png: no such file"]


def test_the_readme_is_short_and_says_where_each_guide_is():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= README_MAX_LINES
    assert "## Two commands" in text and "make serve" in text and "make test" in text
    for guide in ("docs/editors-guide.md", "docs/admin-guide.md", "docs/architecture.md", "docs/common-errors.md"):
        assert f"]({guide})" in text, guide


# Where the old README's sections live now (one README for three audiences until issue 23).
MOVED = {
    "editors-guide.md": ["编辑指南（字段和命令）", "一、单位文件夹", "二、文件（Markdown）", "三、撤销文件", "四、检查报告",
                         "五、新建文件：make new", "六、表单编辑器（不用写 YAML）", "七、谁可以改哪个文件夹：make codeowners",
                         "八、政府信息公开工作年度报告：make annual-report"],
    "admin-guide.md": ["新建网站", "表格导入：标准目录和单位名录", "extra.gov 设置", "升级产品（git merge）",
                       "安全和托管", "政务公开检查（make check）", "检查报告", "年度报告", "标准目录格式"],
    "architecture.md": ["Architecture", "Machine-readable output (page metadata, feeds, open data, sitemap)", "Search",
                        "Portal pages: home, 政策文件, wide tables", "Builds at scale", "Theme, accessibility and site identity",
                        "The speed room"],
}


@pytest.mark.parametrize("name", MOVED)
def test_each_guide_has_its_sections(name):
    headings = {re.sub(r"^#+\s+", "", line) for _, line in _prose_with_code(ROOT / "docs" / name) if line.startswith("#")}
    assert [h for h in MOVED[name] if h not in headings] == []


def test_no_message_or_generated_file_points_at_the_readme_for_a_guide():
    """Errors and generated files (mkdocs.yml of a new county, the settings table) name the guide that holds the
    answer, not the README, which no longer holds the 编辑指南, the 表单编辑器 or the 检查规则表."""
    pointer = re.compile(r"见\s*README|README(?:\.md)?\s*“|README 检查规则表|else \"README\.md\"")
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for path in sorted((ROOT / "hooks").rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pointer.search(line)]
    assert found == []
