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


def test_a_merged_organisations_page_is_a_notice_and_its_documents_stay(mini):
    """撤并 in the views: the old organisation's page is a static notice (who took over, since when, links,
    its columns; names escaped, noindex), its columns and documents keep their pages, it leaves the menus and
    lists of current organisations, and its columns are no longer checked as empty or stale."""
    import datetime

    from checks_support import run

    from govsite import urls
    from govsite.model import site as model
    from govsite.views import nav, pages, redirects

    org_file = mini / "content/departments/nongye/_org.yml"
    org_file.write_text(org_file.read_text(encoding="utf-8").replace("名称: 小县农业农村局", "名称: 小县农业<农村>局")
                        + "撤并:\n  日期: 2025-03-01\n  职责划入: [county, chengguan]\n", encoding="utf-8")
    site = model.load(mini, mini / "content", mini / "catalog", as_of=datetime.date(2026, 6, 30))
    nongye = site.tree.orgs["nongye"]
    u = urls.Urls(True)
    generated = set(urls.generated(site))
    assert urls.org(nongye) not in generated
    assert all(p in generated for c in site.columns_of("nongye") for p in urls.column_pages(c))
    views = pages.generate(site, u, site_name="县", links={}, bundles=[])
    assert urls.org(nongye) not in views and urls.column(site.columns[("nongye", "fupin-01")]) in views
    assert "departments/nongye/index.md" not in repr(nav.build(site, {}))
    notice = redirects.files(site, u, "https://www.example.gov.cn/")["departments/nongye/index.html"]
    assert '<meta name="robots" content="noindex">' in notice and "http-equiv" not in notice
    assert "小县农业&lt;农村&gt;局已于 2025年3月1日 撤并" in notice and "<农村>" not in notice
    assert '<a href="../../county/">小县人民政府</a>' in notice
    assert '<a href="../../townships/chengguan/">' in notice
    # a successor that was merged in its turn: linked (its own notice goes on), and said
    org_file = mini / "content/townships/chengguan/_org.yml"
    org_file.write_text(org_file.read_text(encoding="utf-8") + "撤并: {日期: 2026-01-01, 职责划入: [county]}\n",
                        encoding="utf-8")
    later = model.load(mini, mini / "content", mini / "catalog", as_of=datetime.date(2026, 6, 30))
    chained = redirects.org_notices(later, u)["departments/nongye/index.html"]
    assert '<li><a href="../../townships/chengguan/">城关镇人民政府</a>（该单位也已撤并）</li>' in chained
    assert "城关镇人民政府已于 2026年1月1日 撤并" in redirects.org_notices(later, u)["townships/chengguan/index.html"]
    org_file.write_text(org_file.read_text(encoding="utf-8").replace("撤并: {日期: 2026-01-01, 职责划入: [county]}\n", ""),
                        encoding="utf-8")
    assert '<a href="fupin-01/">规范性文件（' in notice  # where its documents still are
    assert '<a href="../../">返回网站首页</a>' in notice
    report = run(mini, "2026-06-30")
    assert not [f for f in report.findings if f.org and f.org.id == "nongye" and f.rule in ("empty_columns", "stale_column")]
