"""make codeowners (govsite.tools.codeowners): each organisation's folder belongs to the 编辑 of its
_org.yml, everything else to the county's (政务公开办), in each forge's own syntax."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from govsite.model import site as model
from govsite.tools import codeowners
from govsite.tools.project import Project, Refused

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture
def county(tmp_path) -> Path:
    project = tmp_path / "county"
    shutil.copytree(FIXTURE, project)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    org = project / "content"
    _editors(org / "county" / "_org.yml", "[xian/zhengwu, wang@example.org]")
    _editors(org / "townships" / "chengguan" / "_org.yml", "['@xian/chengguan']")
    _editors(org / "departments" / "nongye" / "_org.yml", "zhangsan")
    return project


def _editors(path: Path, value: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n编辑: {value}\n", encoding="utf-8")


def _owners(text: str) -> dict[str, str]:
    return {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in text.splitlines() if line and not line.startswith("#")}


def test_github_and_gitlab_syntax(county):
    rules = _owners(codeowners.github(Project.load(county / "mkdocs.yml")))
    assert rules["*"] == rules["/catalog/"] == rules["/mkdocs.yml"] == "@xian/zhengwu wang@example.org"
    assert rules["/content/townships/chengguan/"] == "@xian/chengguan"
    assert rules["/content/departments/nongye/"] == "@zhangsan"
    assert not any("dongjie" in pattern for pattern in rules)  # no editors of its own: its township's
    order = list(rules)
    assert order.index("*") < order.index("/content/county/") < order.index("/content/townships/chengguan/")


def test_gitea_syntax_is_regular_expressions(county):
    rules = _owners(codeowners.gitea(Project.load(county / "mkdocs.yml")))
    assert rules[".*"] == "@xian/zhengwu wang@example.org"
    assert rules["content/townships/chengguan/.*"] == "@xian/chengguan"
    assert rules["mkdocs\\\\.yml"] and rules["requirements[^/]*\\\\.txt"]  # Gitea unescapes \\ to \ first
    for pattern in rules:
        regex = re.compile("^" + pattern.replace("\\\\", "\\") + "$")
        assert regex.pattern  # a valid expression
    assert re.match("^content/townships/chengguan/.*$", "content/townships/chengguan/dongjie/xiangmu.md")


def test_each_forge_gets_its_own_file_and_none_is_at_the_root(county):
    written = codeowners.write(Project.load(county / "mkdocs.yml"), list(codeowners.FORGES))
    assert sorted(p.relative_to(county).as_posix() for p in written) == [
        ".gitea/CODEOWNERS", ".github/CODEOWNERS", ".gitlab/CODEOWNERS"]
    assert not (county / "CODEOWNERS").exists()
    assert (county / ".github/CODEOWNERS").read_text(encoding="utf-8") == (county / ".gitlab/CODEOWNERS").read_text(encoding="utf-8")


def test_a_broken_org_file_writes_nothing(county):
    _editors(county / "content" / "townships" / "chengguan" / "_org.yml", "[two words]")
    with pytest.raises(Refused, match="“two words”不是 git 用户名"):
        codeowners.write(Project.load(county / "mkdocs.yml"), ["github"])
    assert not (county / ".github").exists()


def test_editors_are_validated_by_the_build_too(county):
    _editors(county / "content" / "departments" / "nongye" / "_org.yml", "[ok, 'bad name']")
    with pytest.raises(Exception, match="编辑"):
        model.load(county, county / "content", county / "catalog")


def test_the_example_countys_files_are_up_to_date():
    project = Project.load(ROOT / "mkdocs.yml")
    for forge, path in codeowners.FORGES.items():
        expected = codeowners.gitea(project) if forge == "gitea" else codeowners.github(project)
        assert (ROOT / path).read_text(encoding="utf-8") == expected, f"run make codeowners ({path})"


def test_the_default_owner_is_named_as_the_county_calls_its_government(county):
    """A 区 (or a 县级市, a 旗) is not told its 政务公开办 belongs to a 县政府."""
    org = county / "content" / "county" / "_org.yml"
    org.write_text(org.read_text(encoding="utf-8").replace("类型: 县政府", "类型: 区政府"), encoding="utf-8")
    text = codeowners.github(Project.load(county / "mkdocs.yml"))
    assert "# 默认：区政府（政务公开办）\n* @xian/zhengwu wang@example.org\n" in text and "县政府" not in text
