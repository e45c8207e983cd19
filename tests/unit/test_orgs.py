import shutil

from conftest import FIXTURES

from govsite.model import content, orgs
from govsite.parse.errors import ErrorCollector


def load(content_dir):
    errors = ErrorCollector()
    tree = content.scan(content_dir, content_dir.parent, errors)
    return orgs.load(tree, content_dir.parent, {"fupin", "xxgk"}, errors), errors


def test_tree_from_folders():
    tree, errors = load(FIXTURES / "mini" / "content")
    assert not errors
    assert tree.county.id == "county"
    assert [t.id for t in tree.townships] == ["chengguan"]
    assert [v.id for v in tree.villages] == ["dongjie"]
    assert tree.orgs["dongjie"].parent is tree.orgs["chengguan"]
    assert tree.owner_of("townships/chengguan/dongjie/2025/x.md").id == "dongjie"
    assert tree.owner_of("townships/chengguan/y.md").id == "chengguan"
    assert tree.owner_of("about.md") is None


def test_village_outside_a_township_is_an_error(tmp_path):
    shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    shutil.move(tmp_path / "content/townships/chengguan/dongjie", tmp_path / "content/departments/dongjie")
    _, errors = load(tmp_path / "content")
    [error] = errors.errors
    assert error.file == "content/departments/dongjie/_org.yml" and error.field == "类型"


def test_unknown_domain_and_kind(tmp_path):
    shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    org = tmp_path / "content/departments/nongye/_org.yml"
    org.write_text(org.read_text(encoding="utf-8").replace("[fupin]", "[fupin, nongye]").replace("类型: 部门", "类型: 局"),
                   encoding="utf-8")
    _, errors = load(tmp_path / "content")
    assert [e.field for e in errors.errors] == ["类型"]  # the file is unusable until its kind is fixed
    org.write_text(org.read_text(encoding="utf-8").replace("类型: 局", "类型: 部门"), encoding="utf-8")
    _, errors = load(tmp_path / "content")
    assert [(e.field, e.line) for e in errors.errors] == [("负责领域", 6)]


# --- 机构改革: 撤并 (issue 24) ---------------------------------------------------------------------------


def _dissolve(content_dir, folder, text):
    org = content_dir / folder / "_org.yml"
    org.write_text(org.read_text(encoding="utf-8") + text, encoding="utf-8")
    return f"content/{folder}/_org.yml"


def test_a_merged_organisation_keeps_its_folder_and_names_who_took_over(tmp_path):
    import datetime

    shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    _dissolve(tmp_path / "content", "departments/nongye", "撤并:\n  日期: 2025-03-01\n  职责划入: [county]\n")
    tree, errors = load(tmp_path / "content")
    assert not errors, errors.report()
    nongye = tree.orgs["nongye"]
    assert not nongye.is_current and nongye.dissolved.date == datetime.date(2025, 3, 1)
    assert tree.successors(nongye) == [tree.orgs["county"]]
    assert orgs.current(tree.departments) == [] and tree.departments == [nongye]  # kept, not listed
    assert tree.successors(tree.orgs["county"]) == []


def test_a_split_names_every_successor(tmp_path):
    shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    _dissolve(tmp_path / "content", "departments/nongye", "撤并: {日期: 2025-03-01, 职责划入: [county, chengguan]}\n")
    tree, errors = load(tmp_path / "content")
    assert not errors and [o.id for o in tree.successors(tree.orgs["nongye"])] == ["county", "chengguan"]


def test_bad_mergers_are_refused_naming_file_and_field(tmp_path):
    shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    nongye = _dissolve(tmp_path / "content", "departments/nongye", "撤并:\n  日期: 2025-03-01\n  职责划入: [linye]\n")
    _, errors = load(tmp_path / "content")
    [error] = errors.errors
    assert (error.file, error.field) == (nongye, "撤并.职责划入")
    assert "职责划入的单位“linye”不存在" in error.format() and "文件夹名" in error.format()

    # a cycle: 农业农村局 into 城关镇, 城关镇 into 农业农村局
    shutil.rmtree(tmp_path / "content")
    shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    nongye = _dissolve(tmp_path / "content", "departments/nongye", "撤并: {日期: 2025-03-01, 职责划入: [chengguan]}\n")
    chengguan = _dissolve(tmp_path / "content", "townships/chengguan", "撤并: {日期: 2025-03-01, 职责划入: [nongye]}\n")
    _, errors = load(tmp_path / "content")
    [error] = errors.errors
    assert error.field == "撤并.职责划入" and "形成循环" in error.format()
    assert nongye in error.format() and chengguan in error.format()

    # into itself, and a date in the wrong form
    shutil.rmtree(tmp_path / "content")
    shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    nongye = _dissolve(tmp_path / "content", "departments/nongye", "撤并: {日期: 2025-03-01, 职责划入: [nongye]}\n")
    _, errors = load(tmp_path / "content")
    assert [(e.file, e.field) for e in errors.errors] == [(nongye, "撤并.职责划入")]
    chengguan = _dissolve(tmp_path / "content", "townships/chengguan", "撤并: {日期: 2025年3月1日, 职责划入: [county]}\n")
    _, errors = load(tmp_path / "content")
    [date_error] = [e for e in errors.errors if e.file == chengguan]
    assert date_error.field == "撤并.日期" and "YYYY-MM-DD" in date_error.format()
