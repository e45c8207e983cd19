"""documents.check_one: the errors the build would report for one document given as text, before it is
written — the same as ``documents.load`` reports once the text is on disk, for every kind of mistake,
and none for every document of the example county as it is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govsite.model import documents
from govsite.parse.errors import ErrorCollector
from govsite.tools.project import Project

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "mini"
NONGYE = "11522799MB10000299"

GOOD = """---
标题: 小县2025年扶贫项目资金公示
栏目: fupin-01
成文日期: 2025-06-02
发布日期: 2025-06-03
主题分类: 民政、扶贫、救灾\\扶贫
索引号: {number}
{extra}---

正文。
"""


def text(number: str = f"{NONGYE}/2025-00009", extra: str = "", **replace: str) -> str:
    out = GOOD.format(number=number, extra=extra)
    for old, new in replace.items():
        out = out.replace(old, new)
    return out


@pytest.fixture
def county(tmp_path) -> Path:
    project = tmp_path / "county"
    shutil.copytree(FIXTURE, project)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def check(county: Path, uri: str, body: str, **kwargs) -> list:
    project = Project.load(county / "mkdocs.yml")
    return documents.check_one(project.content, project.root, project.tree, project.catalog, project.columns,
                               uri, body, **kwargs)


def load_errors(county: Path, uri: str, body: str) -> list:
    """What the build says about ``uri`` once ``body`` is written there."""
    path = county / "content" / uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    project = Project.load(county / "mkdocs.yml")
    errors = ErrorCollector()
    documents.load(project.content, project.root, project.tree, project.catalog, project.columns, errors)
    return [e for e in errors.errors if e.file == f"content/{uri}"]


MISTAKES = {
    "dates out of order": text(**{"发布日期: 2025-06-03": "发布日期: 2025-05-01"}),
    "no such column": text(**{"栏目: fupin-01": "栏目: fupin-99"}),
    "a column of another organisation": text(**{"栏目: fupin-01": "栏目: xxgk-zhinan"}),
    "index number of another organisation": text(number="11522799MB10000374/2025-00009"),
    "index number taken": text(number=f"{NONGYE}/2025-00001"),
    "revoked document's number taken": text(number=f"{NONGYE}/2019-00001"),
    "policy to interpret missing": text(extra=f"解读对象: {NONGYE}/2024-00077\n"),
    "interpretation cycle": text(extra=f"解读: {NONGYE}/2025-00001\n解读对象: {NONGYE}/2025-00001\n"),
    "attachment missing": text(extra="附件:\n  - 名称: 附件1\n    文件: files/nothing.pdf\n"),
    "required field missing": text(**{"标题: 小县2025年扶贫项目资金公示\n": ""}),
    "YAML broken": text(**{"标题: ": "标题： "}),
    "unknown publisher": text(extra="发布机构: nowhere\n"),
    "feedback for a document that is no consultation": text(extra=f"反馈对象: {NONGYE}/2025-00001\n"),
    "consultation closing before it opens": text(
        extra="意见征集:\n  征集开始: 2025-06-10\n  征集截止: 2025-06-05\n  电话: 0000-1234567\n"),
    "decision from a document that is no consultation": text(extra=f"来源征集: {NONGYE}/2025-00001\n"),
    "new consultation whose period is over": text(
        extra="意见征集:\n  征集开始: 2025-05-01\n  征集截止: 2025-05-30\n  电话: 0000-1234567\n"),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_check_one_reports_what_the_build_reports_once_written(county, mistake):
    uri = "departments/nongye/zz-new.md"  # sorts after every other document: a duplicate is its error
    if mistake == "revoked document's number taken":
        old = county / "content/departments/nongye/old.md"
        old.write_text(old.read_text(encoding="utf-8").replace(
            "索引号:", "撤销:\n  撤销日期: 2020-01-02\n  下架日期: 2020-01-03\n索引号:"), encoding="utf-8")
    before = check(county, uri, MISTAKES[mistake])
    after = load_errors(county, uri, MISTAKES[mistake])
    assert before, "check_one found nothing wrong"
    assert [(e.problem, e.field, e.fix) for e in before] == [(e.problem, e.field, e.fix) for e in after]


def test_every_document_of_the_example_checks_clean_as_it_is():
    project = Project.load(ROOT / "mkdocs.yml")
    found = {}
    for uri in project.content.markdown():
        if project.tree.owner_of(uri) is None or "/_" in f"/{uri}":
            continue
        body = (project.content_dir / uri).read_text(encoding="utf-8")
        errors = documents.check_one(project.content, project.root, project.tree, project.catalog, project.columns,
                                     uri, body)
        if errors:
            found[uri] = [e.format() for e in errors]
    assert not found
    assert sum(len(c.documents) for c in project.columns.values()) == 0  # columns are left as they were


def test_a_valid_text_passes_and_the_disk_is_not_read_for_it(county):
    assert check(county, "departments/nongye/2025/new.md", text()) == []
    existing = "departments/nongye/zhengce.md"  # the text given wins over the file on disk
    changed = (county / "content" / existing).read_text(encoding="utf-8").replace("发布日期: 2025-03-10", "发布日期: 2025-01-01")
    assert [e.field for e in check(county, existing, changed)] == ["发布日期"]


def test_an_attachment_uploaded_with_the_document_counts_as_existing(county):
    body = text(extra="附件:\n  - 名称: 附件1\n    文件: files/new.pdf\n")
    assert [e.field for e in check(county, "departments/nongye/new.md", body)] == ["附件[1].文件"]
    assert check(county, "departments/nongye/new.md", body, present=frozenset({"departments/nongye/files/new.pdf"})) == []
    # only inside content/
    outside = body.replace("files/new.pdf", "../../../mkdocs.yml")
    assert check(county, "departments/nongye/new.md", outside, present=frozenset({"mkdocs.yml"}))


def test_its_own_number_is_not_a_duplicate_of_itself(county):
    uri = "departments/nongye/zhengce.md"
    body = (county / "content" / uri).read_text(encoding="utf-8")
    assert check(county, uri, body.replace("标题: ", "标题: 修订：")) == []


def test_declared_number_reads_a_file_that_does_not_load():
    assert documents.declared_number("---\n标题: [\n索引号: 'ABC/2025-00001'  # x\n---\n") == "ABC/2025-00001"
    assert documents.declared_number("no front matter\n索引号: X/2025-00001\n") is None
