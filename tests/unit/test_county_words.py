"""Every county-level government in its own words (issue 24): a 区, a 县级市 or a 旗 is not called a 县, its
townships are what they are (镇, 乡, 街道, 苏木), and its catalog's 公开层级 keep its spreadsheet's names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from sheets_support import book, standard_sheet

from govsite import urls
from govsite.model import catalog as catalog_model
from govsite.model import columns
from govsite.model import site as model
from govsite.model.orgs import Vocabulary
from govsite.parse.errors import ErrorCollector
from govsite.tools import catalog_sheet as cs
from govsite.views import nav, pages


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def as_district(root: Path) -> Path:
    """The mini county turned into a 区: 区政府, its township a 街道 and its village a 社区 (it is one)."""
    replace(root / "content/county/_org.yml", "类型: 县政府", "类型: 区政府")
    replace(root / "content/county/_org.yml", "名称: 小县人民政府", "名称: 小区人民政府")
    replace(root / "content/townships/chengguan/_org.yml", "类型: 乡镇", "类型: 街道")
    replace(root / "content/townships/chengguan/_org.yml", "名称: 城关镇人民政府", "名称: 城关街道办事处")
    return root


@pytest.fixture
def district(tmp_path) -> Path:
    shutil.copytree(FIXTURES / "mini", tmp_path / "district")
    return as_district(tmp_path / "district")


def load(root: Path) -> tuple[model.Site | None, ErrorCollector]:
    errors = ErrorCollector()
    site = model.load(root, root / "content", root / "catalog", errors)
    return site, errors


@pytest.mark.parametrize("county, townships, villages, expected", [
    ("县政府", ["乡镇", "街道"], ["村", "社区"],
     ("县政府部门", "本县", "县人民政府", "乡镇（街道）", "村（社区）", {"县级": "县级", "乡级": "乡级", "村级": "村级"})),
    ("区政府", ["街道", "镇"], ["社区", "村"],
     ("区政府部门", "本区", "区人民政府", "镇（街道）", "村（社区）", {"县级": "区级", "乡级": "镇街级", "村级": "村级"})),
    ("区政府", ["街道"], ["社区"],
     ("区政府部门", "本区", "区人民政府", "街道", "社区", {"县级": "区级", "乡级": "街道级", "村级": "社区级"})),
    ("市政府", ["镇", "乡", "街道"], ["村"],
     ("市政府部门", "本市", "市人民政府", "乡镇（街道）", "村", {"县级": "市级", "乡级": "乡级", "村级": "村级"})),
    ("旗政府", ["苏木", "镇"], ["嘎查", "社区"],
     ("旗政府部门", "本旗", "旗人民政府", "苏木镇", "嘎查（社区）", {"县级": "旗级", "乡级": "苏木镇级", "村级": "村级"})),
    ("自治县政府", ["民族乡", "镇"], ["村"],
     ("自治县政府部门", "本自治县", "自治县人民政府", "乡镇", "村", {"县级": "自治县级", "乡级": "乡级", "村级": "村级"})),
])
def test_the_words_come_from_the_organisations_kinds(county, townships, villages, expected):
    words = Vocabulary.of(county, townships, villages)
    assert (words.departments, words.this, words.government, words.townships, words.villages, words.tiers) == expected


def test_a_district_government_and_subdistrict_are_accepted_and_named_so(district):
    site, errors = load(district)
    assert not errors, errors.report()
    assert site.tree.county.kind == "区政府" and site.tree.county.is_county
    words = site.tree.words
    assert (words.level, words.townships, words.villages) == ("区", "街道", "社区")
    entries = nav.build(site, {})
    titles = [next(iter(e)) for e in entries]
    assert "区政府部门" in titles and "街道" in titles and "县政府部门" not in titles and "乡镇（街道）" not in titles


def test_the_district_pages_say_district(district):
    site, errors = load(district)
    assert not errors, errors.report()
    views = pages.generate(site, urls.Urls(), site_name="小区人民政府", links={}, bundles=[])
    township = site.tree.orgs["chengguan"]
    crumbs = [c.title for c in views[urls.org(site.tree.orgs["nongye"])].crumbs]
    assert "区政府部门" in crumbs
    assert views[urls.org(township)].search.label == "本街道"
    assert views[urls.org(site.tree.orgs["dongjie"])].search.label == "本街道"  # a community searches its 街道
    domain = next(d for d in site.catalog.domains if d.id == "fupin")
    row = views[urls.catalog_domain(domain)].rows[0]
    tiers = next(e.text for e in row.elements if e.label == "公开层级")
    assert tiers == "区级"


def test_county_subject_in_the_countys_words(district):
    """县级主体: 区政府和各部门 is the county government's column and every department's; 区政府 the county
    government's alone (both were refused: issue 24)."""
    replace(district / "catalog/fupin.yml", "    来源: zhiyin\n  - 编号: fupin-02",
            "    县级主体: 区政府和各部门\n    来源: zhiyin\n  - 编号: fupin-02")
    site, errors = load(district)
    assert not errors, errors.report()
    assert {c.org.id for c in site.columns_by_item["fupin-01"]} == {"county", "nongye"}
    assert site.catalog.items["fupin-01"].county_subject == "区政府和各部门"  # kept as the county wrote it
    replace(district / "catalog/fupin.yml", "县级主体: 区政府和各部门", "县级主体: 区政府")
    errors = ErrorCollector()
    catalog = catalog_model.load(district / "catalog", district, errors)
    assert not errors, errors.report()
    assert [o for (o, i) in columns.assign(catalog, site.tree) if i == "fupin-01"] == ["county"]


def test_an_unknown_county_subject_names_the_county_words(district):
    replace(district / "catalog/fupin.yml", "    来源: zhiyin\n  - 编号: fupin-02",
            "    县级主体: 区委\n    来源: zhiyin\n  - 编号: fupin-02")
    _, errors = load(district)
    report = errors.report()
    assert "县级主体" in report and "“区委”不是允许的值" in report and "“县政府”可写成本级政府的类型（区政府、市政府" in report


def test_no_county_government_says_which_kinds_are(district):
    replace(district / "content/county/_org.yml", "类型: 区政府", "类型: 部门")
    _, errors = load(district)
    report = errors.report()
    assert "没有本级人民政府" in report and "区政府" in report and "旗政府" in report


def test_a_misplaced_community_is_told_of_the_districts_subdistricts(district):
    """The folder placement's fixes say 街道 and 社区 as the 区 does, not 乡镇 and 村."""
    shutil.move(district / "content/townships/chengguan/dongjie", district / "content/townships/dongjie")
    report = load(district)[1].report()
    assert "content/townships/dongjie/_org.yml，字段“类型”：社区的文件夹必须放在所属街道的文件夹内" in report
    assert "修改办法：把该文件夹移到所属街道的文件夹下" in report and "乡镇" not in report


def test_a_department_inside_a_subdistrict_is_told_what_goes_there(district):
    shutil.move(district / "content/departments/nongye", district / "content/townships/chengguan/nongye")
    report = load(district)[1].report()
    assert "“部门”不能放在街道“城关街道办事处”的文件夹内" in report
    assert "修改办法：只有社区放在街道的文件夹内；" in report and "乡镇" not in report and "村" not in report


def district_sheet():
    """The standard sheet as a 区 prints it: 区级 and 镇街级 for the two levels."""
    rows, merges = standard_sheet()
    rows[2] = [("区级" if v == "县级" else "镇街级" if v == "乡级" else v) for v in rows[2]]
    return rows, merges


def test_the_catalog_keeps_the_spreadsheets_level_names(tmp_path):
    catalog_dir = tmp_path / "catalog"
    catalog_dir.mkdir()
    shutil.copy(ROOT / "catalog" / "_topics.yml", catalog_dir)
    result = cs.parse(book(tmp_path / "a.xlsx", {"扶贫": district_sheet()}), catalog_dir)
    assert not result.errors, result.errors.report()
    cs.write(result, catalog_dir)
    assert "层级名称: {县级: 区级, 乡级: 镇街级}" in (catalog_dir / "fupin.yml").read_text(encoding="utf-8")
    errors = ErrorCollector()
    catalog = catalog_model.load(catalog_dir, tmp_path, errors)
    assert not errors, errors.report()
    first = catalog.domains[0].items[0]
    assert first.tiers == ("县级", "乡级")  # the product's levels: columns open where they should
    shown = next(e.text for e in pages.elements(first, Vocabulary()) if e.label == "公开层级")
    assert shown == "区级、镇街级"  # what the county's spreadsheet said, even for words of another county
    exported = tmp_path / "export.xlsx"
    cs.export(catalog, exported)
    again = cs.parse(exported, catalog_dir)
    assert again.files == result.files  # the tick headers carry the names back


def test_level_names_must_name_a_level(district):
    replace(district / "catalog/fupin.yml", "排序: 140\n", "排序: 140\n层级名称: {区级: 区级}\n")
    _, errors = load(district)
    report = errors.report()
    assert "catalog/fupin.yml" in report and "层级名称" in report and "“区级”不是公开层级" in report


def test_import_orgs_takes_a_district_with_its_kinds(tmp_path):
    """make import-orgs: 区人民政府 (区政府), 镇 and 街道 kept as they are, a 社区 under its 街道 (issue 24: 镇 and 乡
    became 乡镇, and a 区 could only be imported as a 县)."""
    from sheets_support import orgs_sheet

    from govsite.model import content as content_model
    from govsite.model import orgs as orgs_model
    from govsite.tools import import_orgs

    content, catalog = tmp_path / "content", tmp_path / "catalog"
    content.mkdir()
    catalog.mkdir()
    for domain in ("fupin", "shehuijiuzhu"):
        (catalog / f"{domain}.yml").write_text("领域: x\n", encoding="utf-8")  # only the ids count here
    rows, merges = orgs_sheet("河清区")
    rows[2][2], rows[5][2] = "区人民政府", "镇"
    result = import_orgs.parse(book(tmp_path / "orgs.xlsx", {"单位": (rows, merges)}), content, catalog)
    assert not result.errors, result.errors.report()
    import_orgs.write(result, content)
    errors = ErrorCollector()
    tree = orgs_model.load(content_model.scan(content, tmp_path, errors), tmp_path, {"fupin", "shehuijiuzhu"}, errors)
    assert not errors, errors.report()
    assert (tree.county.folder, tree.county.kind) == ("county", "区政府")
    assert {t.folder: t.kind for t in tree.townships} == {"townships/chengguan": "镇", "townships/hedong": "街道"}
    assert (tree.words.departments, tree.words.townships) == ("区政府部门", "镇（街道）")


def test_the_catalog_sheet_carries_former_ids(tmp_path):
    """目录调整: a 曾用编号 column of the county's spreadsheet maps old item ids to the new item (issue 24)."""
    catalog_dir = tmp_path / "catalog"
    catalog_dir.mkdir()
    shutil.copy(ROOT / "catalog" / "_topics.yml", catalog_dir)
    rows, merges = standard_sheet()
    rows[1] = rows[1] + ["编号", "曾用编号"]
    rows[2] = rows[2] + [None, None]
    rows[3] = rows[3] + ["fupin-11", "fupin-01、fupin-09"]
    rows[4] = rows[4] + ["fupin-12", None]
    rows[5] = rows[5] + ["fupin-13", None]
    merges = [m for m in merges if m != "A8:N8"]
    result = cs.parse(book(tmp_path / "a.xlsx", {"扶贫": (rows, merges)}), catalog_dir)
    assert not result.errors, result.errors.report()
    cs.write(result, catalog_dir)
    errors = ErrorCollector()
    catalog = catalog_model.load(catalog_dir, tmp_path, errors)
    assert not errors, errors.report()
    assert catalog.items["fupin-11"].former_ids == ("fupin-01", "fupin-09")
    assert catalog.item("fupin-09") is catalog.items["fupin-11"]


def test_an_old_id_claimed_by_two_items_is_refused(district):
    replace(district / "catalog/fupin.yml", "  - 编号: fupin-02\n", "  - 编号: fupin-02\n    曾用编号: [fupin-09]\n")
    replace(district / "catalog/fupin.yml", "  - 编号: fupin-03\n", "  - 编号: fupin-03\n    曾用编号: [fupin-09]\n")
    _, errors = load(district)
    report = errors.report()
    assert "catalog/fupin.yml" in report and "曾用编号“fupin-09”已写在事项" in report
