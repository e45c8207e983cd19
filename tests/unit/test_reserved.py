"""The names the product keeps for itself (govsite.model.reserved): each one refused as the folder of a
department, a township, a village and an organisation at the top of content/, and as the folder that
groups organisations; as a 网址名 in make import-orgs and make new-county, given or made from the name; a
village at one of its township's columns; an id like a year, and make new's year folder; catalog item ids
an organisation's folder uses. And the guard: every path the site plans at its top and in an
organisation's folder is a reserved name or the county's own (its organisations, columns, year folders)."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from mkdocs.exceptions import PluginError
from sheets_support import book, orgs_sheet, standard_sheet

from govsite import urls
from govsite.model import catalog as catalog_model
from govsite.model import content as content_model
from govsite.model import orgs as orgs_model
from govsite.model import reserved
from govsite.model import site as site_model
from govsite.parse.errors import ErrorCollector
from govsite.parse.schema import SLUG
from govsite.render import machine
from govsite.tools import import_orgs, new, new_county
from govsite.tools.project import Project, Refused
from govsite.views import cms

# Every name the product uses at the top of the site or in an organisation's folder, and a year.
NAMES = sorted({*reserved.TOP_LEVEL, *reserved.ORG_CHILDREN, "2026"})
# Where an organisation of each kind may sit in content/ (the mini county: townships/chengguan is a 乡镇).
PLACES = {"department": ("departments/{name}", "部门"), "township": ("townships/{name}", "乡镇"),
          "village": ("townships/chengguan/{name}", "村"), "top": ("{name}", "部门")}
CODES = ("91522799MA6Y00001G", "91522799MA6Y00002K")  # GB 32100 check characters right, unused in the mini county
TOWNSHIP_COLUMN = ("fupin-03", "扶贫项目公告公示")  # mini catalog: 乡级, 政府网站, 主动 → a column of every township


@pytest.fixture
def county(tmp_path) -> Path:
    project = tmp_path / "county"
    shutil.copytree(FIXTURES / "mini", project)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def add_org(content: Path, folder: str, kind: str, code: str = CODES[0]) -> None:
    (content / folder).mkdir(parents=True)
    (content / folder / orgs_model.ORG_FILE).write_text(f"名称: 测试单位\n类型: {kind}\n机构代码: {code}\n", encoding="utf-8")


def org_errors(content: Path) -> ErrorCollector:
    errors = ErrorCollector()
    tree = content_model.scan(content, content.parent, errors)
    orgs_model.load(tree, content.parent, {"fupin", "xxgk"}, errors)
    return errors


def refused(project: Path) -> str:
    with pytest.raises(PluginError) as raised:
        site_model.load(project, project / "content", project / "catalog")
    return str(raised.value)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("name", NAMES)
def test_a_product_name_is_refused_as_an_organisations_folder(county, name, place):
    pattern, kind = PLACES[place]
    folder = pattern.format(name=name)
    add_org(county / "content", folder, kind)
    [error] = org_errors(county / "content").errors
    assert error.file == f"content/{folder}/_org.yml"
    assert error.problem.startswith(f"文件夹名“{name}”不能用作单位编号") and error.fix
    if SLUG.match(name):  # (a name that is no slug at all, like feed.xml, was refused before for that)
        what = reserved.TOP_LEVEL.get(name) or reserved.ORG_CHILDREN.get(name) or "像年份"
        assert what in error.problem and "admin、assets" in error.fix


@pytest.mark.parametrize("name", [n for n in reserved.TOP_LEVEL if SLUG.match(n)])
def test_a_product_name_is_refused_as_the_folder_that_groups_organisations(county, name):
    add_org(county / "content", f"{name}/gongan", "部门")
    [error] = org_errors(county / "content").errors
    assert error.file == f"content/{name}/gongan/_org.yml"
    assert f"单位所在的文件夹“content/{name}/”不能用这个名字：“{name}”是网站{reserved.TOP_LEVEL[name]}的网址" in error.problem


def test_a_village_at_one_of_its_townships_columns_is_refused(county):
    column, column_name = TOWNSHIP_COLUMN
    add_org(county / "content", f"townships/chengguan/{column}", "村")
    message = refused(county)
    assert (f"content/townships/chengguan/{column}/_org.yml：文件夹名“{column}”不能用作村的文件夹：它是城关镇人民政府栏目"
            f"“{column_name}”的网址（townships/chengguan/{column}/），村页面和栏目页面只能留下一个") in message
    assert "修改办法：给村的文件夹换一个名字" in message


def test_a_village_inside_a_column_folder_is_refused(county):
    add_org(county / "content", f"townships/chengguan/{TOWNSHIP_COLUMN[0]}/xincun", "村")
    assert f"townships/chengguan/{TOWNSHIP_COLUMN[0]}/xincun/_org.yml：文件夹名“{TOWNSHIP_COLUMN[0]}”不能用作村的文件夹" in refused(county)


def test_a_department_may_be_named_like_a_column(county):
    add_org(county / "content", f"departments/{TOWNSHIP_COLUMN[0]}", "部门")  # departments/<id>/ is no column's address
    site_model.load(county, county / "content", county / "catalog")


def test_make_new_never_writes_into_a_village_named_like_the_year(county):
    add_org(county / "content", "townships/chengguan/2025", "村")  # refused by the build; make new must not feed it
    before = sorted(p.relative_to(county) for p in county.rglob("*"))
    with pytest.raises(Refused) as refusal:
        new.create(Project.load(county / "mkdocs.yml"), "chengguan", TOWNSHIP_COLUMN[0], "关于扶贫项目的公示",
                   datetime.date(2025, 6, 3), new.pinyin)
    assert "content/townships/chengguan/2025/" in str(refusal.value) and "年份不能用作单位的文件夹名" in str(refusal.value)
    assert sorted(p.relative_to(county) for p in county.rglob("*")) == before


@pytest.mark.parametrize("item_id, file, replaced", [
    ('"2024"', "fupin.yml", "fupin-04"),  # a year folder of every organisation (quoted: else a number)
    ("files", "fupin.yml", "fupin-04"),  # attachments beside a document in an organisation's folder
    ("fdzdgk", "xxgk.yml", "xxgk-zhinan"),  # a standard sub-column: xxgk/fdzdgk/ is 法定主动公开内容
])
def test_an_item_id_an_organisations_folder_uses_is_refused(county, item_id, file, replaced):
    path = county / "catalog" / file
    path.write_text(path.read_text(encoding="utf-8").replace(f"编号: {replaced}\n", f"编号: {item_id}\n"), encoding="utf-8")
    item_id = item_id.strip('"')
    errors = ErrorCollector()
    catalog = catalog_model.load(county / "catalog", county, errors)
    [error] = errors.errors
    assert (error.file, error.field, error.item) == (f"catalog/{file}", "编号", item_id) and error.line
    assert error.problem.startswith(f"事项编号“{item_id}”不能使用：") and item_id not in catalog.items


def test_fdzdgk_is_an_ordinary_item_id_outside_the_xxgk_domain(county):
    path = county / "catalog" / "fupin.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("编号: fupin-04\n", "编号: fdzdgk\n"), encoding="utf-8")
    errors = ErrorCollector()
    assert "fdzdgk" in catalog_model.load(county / "catalog", county, errors).items and not errors


# make import-orgs (and make new-county, which uses it)

@pytest.fixture
def dirs(tmp_path) -> tuple[Path, Path]:
    """An empty content/ and the mini county's catalog (fupin-03 is a column of every township)."""
    content = tmp_path / "content"
    content.mkdir()
    catalog = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "mini" / "catalog", catalog)
    (catalog / "shehuijiuzhu.yml").write_text("领域: x\n", encoding="utf-8")  # only the id counts (负责领域)
    return content, catalog


ROWS = {"county": 2, "department": 3, "township": 5, "community": 6}  # orgs_sheet(): the row (from 0) of each kind


def import_report(tmp_path: Path, dirs, rows, merges) -> str:
    content, catalog = dirs
    result = import_orgs.parse(book(tmp_path / "orgs.xlsx", {"单位": (rows, merges)}), content, catalog)
    assert result.errors and not result.folders
    assert list(content.iterdir()) == []
    return result.errors.report()


@pytest.mark.parametrize("kind", ROWS)
@pytest.mark.parametrize("name", NAMES)
def test_a_product_name_is_refused_as_a_given_网址名(tmp_path, dirs, name, kind):
    rows, merges = orgs_sheet()
    rows[ROWS[kind]][5] = name
    report = import_report(tmp_path, dirs, rows, merges)
    where = f"第{ROWS[kind] + 1}行，F列（网址名）："
    if SLUG.match(name):
        what = reserved.TOP_LEVEL.get(name) or reserved.ORG_CHILDREN.get(name) or "像年份"
        assert f"{where}网址名“{name}”不能用：" in report and what in report and "修改办法：换一个网址名" in report
    else:
        assert f"{where}网址名“{name}”无效" in report


def test_a_village_网址名_at_a_townships_column_is_refused(tmp_path, dirs):
    rows, merges = orgs_sheet()
    rows[ROWS["community"]][5] = TOWNSHIP_COLUMN[0]
    assert (f"第7行，F列（网址名）：网址名“{TOWNSHIP_COLUMN[0]}”不能用：“{TOWNSHIP_COLUMN[0]}”是每个乡镇（街道）的栏目"
            f"“{TOWNSHIP_COLUMN[1]}”的网址") in import_report(tmp_path, dirs, rows, merges)


def test_a_generated_网址名_that_is_reserved_keeps_the_names_ending(tmp_path, dirs):
    content, catalog = dirs
    rows, merges = orgs_sheet()
    rows += [[8, "2026村", "村", "城关镇", CODES[0], None, None, None],
             [9, "扶贫-03村", "村", "城关镇", CODES[1], None, None, None]]
    result = import_orgs.parse(book(tmp_path / "orgs.xlsx", {"单位": (rows, merges)}), content, catalog)
    assert not result.errors, result.errors.report()
    assert {"townships/chengguan/2026cun", "townships/chengguan/fupin-03cun"} <= set(result.folders)


def test_a_generated_网址名_reserved_either_way_is_refused(tmp_path, dirs):
    rows, merges = orgs_sheet()
    rows.append([8, "Admin", "部门", None, CODES[0], None, None, None])
    assert ("第10行，B列（名称）：由名称生成的网址名“admin”不能用：“admin”是网站表单编辑器的网址（/admin）\n"
            "    修改办法：在“网址名”列为这个单位填写网址名") in import_report(tmp_path, dirs, rows, merges)


def test_new_county_refuses_a_village_at_a_column_of_its_own_catalog(tmp_path):
    clone = tmp_path / "clone"
    shutil.copytree(FIXTURES / "mini", clone)
    catalog = book(tmp_path / "目录.xlsx", {"扶贫": standard_sheet()})  # fupin-01 规范性文件: 县级 and 乡级
    rows, merges = orgs_sheet()
    rows[ROWS["community"]][5] = "fupin-01"
    rows[ROWS["department"]][6] = None  # 负责领域 shehuijiuzhu is not in this catalog
    orgs = book(tmp_path / "单位.xlsx", {"单位": (rows, merges)})
    with pytest.raises(new_county.Failed) as failed:
        new_county.make(clone, county="河清县", site_name="河清县人民政府", site_url="https://www.heqing.gov.cn/",
                        identity={}, links={}, catalog_file=catalog, orgs_file=orgs)
    assert "第7行，F列（网址名）：网址名“fupin-01”不能用：“fupin-01”是每个乡镇（街道）的栏目“规范性文件”的网址" in str(failed.value)
    assert not list(clone.glob(".new-county-*"))


# The guard: the declaration covers what the site plans.

def test_the_reserved_names_cover_every_path_the_site_plans(example_model):
    site = example_model
    u = urls.Urls()
    planned = {u.dest(uri) for uri in urls.generated(site)}
    planned |= {u.dest(d.src_uri) for d in site.documents} | {a.src_uri for d in site.documents for a in d.attachments}
    planned |= {urls.annual_report_file(r, ext) for r in urls.published_reports(site) for ext in ("csv", "xlsx")}
    planned |= {*machine.names(site), cms.PAGE, cms.CONFIG, urls.SEARCH_SCRIPT, f"{urls.SEARCH_BUNDLES}/0/pagefind.js"}
    groups = {o.folder.split("/")[0] for o in site.tree.orgs.values()}  # the county's: county/, departments/, …
    assert {p.split("/")[0] for p in planned} - groups <= set(reserved.TOP_LEVEL)
    for org in site.tree.orgs.values():
        own = {p.removeprefix(org.folder + "/").split("/")[0] for p in planned if p.startswith(org.folder + "/")}
        county_own = {c.item.id for c in site.columns_of(org.id)} | {v.folder.split("/")[-1] for v in org.children}
        assert {n for n in own - county_own if not reserved.YEAR.match(n)} <= set(reserved.ORG_CHILDREN), org.folder
