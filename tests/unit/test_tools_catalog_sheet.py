"""make import-catalog / export-catalog (govsite.tools.catalog_sheet): the header variants counties print,
tick marks, merged cells, the report of unmapped cells, refused input (nothing written), and the round
trip import → export → import."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml
from conftest import ROOT
from sheets_support import book, standard_sheet, township_csv, variant_sheet

from govsite.model import catalog as catalog_model
from govsite.parse import kinds, schema
from govsite.parse.errors import ErrorCollector
from govsite.tools import catalog_sheet as cs


def imported(path: Path, catalog_dir: Path) -> cs.Imported:
    result = cs.parse(path, catalog_dir)
    assert not result.errors, result.errors.report()
    return result


@pytest.fixture
def catalog_dir(tmp_path) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    shutil.copy(ROOT / "catalog" / "_topics.yml", folder)
    return folder


def load(catalog_dir: Path) -> catalog_model.Catalog:
    errors = ErrorCollector()
    catalog = catalog_model.load(catalog_dir, catalog_dir.parent, errors)
    assert not errors, errors.report()
    return catalog


def test_the_standard_shape(tmp_path, catalog_dir):
    result = imported(book(tmp_path / "a.xlsx", {"扶贫": standard_sheet()}), catalog_dir)
    cs.write(result, catalog_dir)
    catalog = load(catalog_dir)
    domain = catalog.domains[0]
    assert (domain.id, domain.name) == ("fupin", "扶贫")
    first, second, third = domain.items
    assert first.id == "fupin-01" and first.path == "政策文件 › 规范性文件"
    assert second.level1 == "政策文件"  # the vertically merged 一级事项 cell
    assert first.channels == ("政府网站", "政务服务中心")
    assert (first.audience, first.mode, first.tiers) == ("全社会", "主动", ("县级", "乡级"))
    assert (first.time_rule.kind, first.time_rule.days) == ("工作日", 20)
    assert second.basis == ("《中华人民共和国政府信息公开条例》", "《扶贫领域基层政务公开标准指引》")
    assert (second.time_rule.kind, second.time_rule.deadline) == ("每年", (1, 31))
    assert (third.audience, third.mode, third.tiers) == ("特定群体", "依申请", ("乡级",))
    assert third.channels == ("社区/企事业单位/村公示栏（电子屏）",) and not third.web
    # the 公开时限 no common form matches: 20 working days, reported for review with sheet, row, column
    assert (third.time_rule.kind, third.time_rule.days) == ("工作日", 20)
    review = result.errors.review()
    assert "工作表“扶贫”，第6行" in review and "不是常见写法" in review
    assert "注：公开渠道" in review  # the note row is reported, not imported as an item


def test_the_variant_header(tmp_path, catalog_dir):
    result = imported(book(tmp_path / "b.xlsx", {"社会救助": variant_sheet()}), catalog_dir)
    cs.write(result, catalog_dir)
    first, second = load(catalog_dir).domains[0].items
    assert first.path == "最低生活保障 › 审核信息 › 初审名单"
    assert (first.audience, first.mode, first.tiers) == ("特定群体", "主动", ("乡级", "村级"))
    assert first.channels == ("社区/企事业单位/村公示栏（电子屏）",)
    assert (first.time_rule.kind, first.time_rule.days) == ("工作日", 10)  # the 公示 period is not the deadline
    assert first.site_column == "政府信息公开—社会救助—低保" and first.five_public == ("管理", "结果")
    assert first.note == "线下公示"
    assert second.level1 == "最低生活保障" and second.channels == ("政府网站", "政务服务中心")
    assert (second.time_rule.kind, second.time_rule.days, second.time_rule.start) == ("自然日", 20, "批准日期")
    assert second.tiers == ("县级", "乡级", "村级")
    review = result.errors.review()
    assert "第4行，R列（公开时长）" in review  # a column the catalog does not hold: reported per cell
    assert "I列（公开渠道）" in review and "管理部门网站" in review  # a channel not in the list: reported


def test_a_township_csv_without_merges(tmp_path, catalog_dir):
    result = imported(township_csv(tmp_path / "longshan.csv"), catalog_dir)
    cs.write(result, catalog_dir)
    first, second = load(catalog_dir).domains[0].items
    assert first.tiers == ("乡级",) and second.tiers == ("乡级", "村级")  # 镇级 / 村级
    assert second.level1 == "政府文件"  # the empty continuation cell of an unmerged 一级事项
    assert second.time_rule.kind == "实时"
    assert load(catalog_dir).domains[0].name == "龙山镇政府信息公开"  # from the title row (file name is ASCII)


@pytest.mark.parametrize("text, rule", [
    ("信息形成或者变更之日起20个工作日内", {"类型": "工作日", "天数": 20}),
    ("自信息形成或者变更之日起20个工作日内予以公开", {"类型": "工作日", "天数": 20}),
    ("制定或获取信息之日起10个工作日内", {"类型": "工作日", "天数": 10}),
    ("制定或获取信息之日起10个工作日内,公示7个工作日", {"类型": "工作日", "天数": 10}),
    ("本级人民代表大会或其常务委员会批准后20日内", {"类型": "自然日", "天数": 20, "起算": "批准日期"}),
    ("本级政府财政部门批复后20日内", {"类型": "自然日", "天数": 20, "起算": "批准日期"}),
    ("实时公开", {"类型": "实时"}),
    ("及时公开", {"类型": "实时"}),
    ("信息形成之日起3个工作日内", {"类型": "工作日", "天数": 3}),
    ("关联规范性文件公开3个工作日内", {"类型": "工作日", "天数": 3, "起算": "政策发布日期"}),
    ("每年1月31日前", {"类型": "每年", "截止": "01-31"}),
    ("每年3月底前", {"类型": "每年", "截止": "03-31"}),
    ("永久公开", {"类型": "长期"}),
    ("信息形成 20 个工作日内公开;其中行政许可、行政处罚事项应自作出行政决定之日起 7 个工作日内公示", None),
    ("每季度的首个月20日", None),
    ("活动举办前及时公开", None),
    # issue 24: a period's deadline counts from the period's end, not from 成文日期
    ("每季度结束后10日内", {"类型": "自然日", "天数": 10, "起算": "季度末"}),
    ("每季度结束后10日内公开上季度财政收支", {"类型": "自然日", "天数": 10, "起算": "季度末"}),
    ("每月结束后5个工作日内", {"类型": "工作日", "天数": 5, "起算": "月末"}),
    ("每半年结束后15日内", {"类型": "自然日", "天数": 15, "起算": "半年末"}),
    ("上半年结束后30日内", {"类型": "自然日", "天数": 30, "起算": "半年末"}),
    ("年度结束后30日内", {"类型": "自然日", "天数": 30, "起算": "年末"}),
    # a period the parser does not understand is listed for review, not read as days from 成文日期
    ("每季度第一个月10日内", None),
    ("每月更新，10日内", None),
    ("每半年公开一次，结束后20个工作日内完成", None),
])
def test_time_limits_in_the_common_forms_and_the_rest_for_review(text, rule):
    assert cs.time_rule(text) == rule


def _errors(path: Path, catalog_dir: Path) -> str:
    result = cs.parse(path, catalog_dir)
    assert result.errors and not result.files
    return result.errors.report()


def test_an_unknown_header_names_sheet_row_and_column(tmp_path, catalog_dir):
    rows, merges = standard_sheet()
    rows[1][6] = "负责同志"
    report = _errors(book(tmp_path / "x.xlsx", {"扶贫": (rows, merges)}), catalog_dir)
    assert "文件 x.xlsx，工作表“扶贫”，第2行，G列：不认识的表头“负责同志”" in report


def test_an_ambiguous_tick(tmp_path, catalog_dir):
    rows, merges = standard_sheet()
    rows[3][11] = "√"  # 主动 and 依申请 both ticked
    report = _errors(book(tmp_path / "x.xlsx", {"扶贫": (rows, merges)}), catalog_dir)
    assert "工作表“扶贫”，第4行，K列（公开方式）：“公开方式”勾选了多项（主动、依申请）" in report


def test_an_unknown_tick_mark(tmp_path, catalog_dir):
    rows, merges = standard_sheet()
    rows[3][8] = "部分"
    report = _errors(book(tmp_path / "x.xlsx", {"扶贫": (rows, merges)}), catalog_dir)
    assert "第4行，I列（公开对象·全社会）：无法识别的勾选标记“部分”" in report


def test_a_duplicate_item(tmp_path, catalog_dir):
    rows, merges = standard_sheet()
    rows[1].append("编号")
    merges.append("O2:O3")
    rows[3].append("fp-1")
    rows[4] += [None] * (15 - len(rows[4]) - 1) + ["fp-1"]
    report = _errors(book(tmp_path / "x.xlsx", {"扶贫": (rows, merges)}), catalog_dir)
    assert "工作表“扶贫”，第5行" in report and "事项编号“fp-1”重复（工作表“扶贫”第4行已用）" in report


def test_two_sheets_of_one_domain(tmp_path, catalog_dir):
    report = _errors(book(tmp_path / "x.xlsx", {"扶贫": standard_sheet(), "扶贫 ": standard_sheet()}), catalog_dir)
    assert "领域编号“fupin”与工作表“扶贫”重复" in report


@pytest.mark.parametrize("name, content, expected", [
    ("broken.xlsx", b"PK\x03\x04 not really a workbook", "无法读取 Excel 文件"),
    ("old.xls", b"\xd0\xcf\x11\xe0", "不支持的文件类型“.xls”"),
    ("gbk.csv", "序号,公开事项\n".encode("utf-16"), "无法识别文件编码"),
])
def test_an_unreadable_file(tmp_path, catalog_dir, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    assert f"文件 {name}：{expected}" in _errors(path, catalog_dir)


def test_nothing_is_written_on_error(tmp_path, catalog_dir):
    (catalog_dir / "fupin.yml").write_text("# the county's own file\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in catalog_dir.iterdir()}
    good = standard_sheet()
    bad_rows, merges = variant_sheet()
    bad_rows[3][12] = "√"  # ambiguous 公开方式 on the second sheet
    out = io.StringIO()
    status = cs.import_file(book(tmp_path / "x.xlsx", {"扶贫": good, "社会救助": (bad_rows, merges)}), catalog_dir, out=out)
    assert status == 1 and "未写入任何文件" in out.getvalue()
    assert {p.name: p.read_bytes() for p in catalog_dir.iterdir()} == before


def test_a_row_the_catalog_refuses_names_its_row(tmp_path, catalog_dir):
    rows, merges = standard_sheet()
    rows[1].append("时限规则")
    merges.append("O2:O3")
    rows[3].append("工作日")  # without 天数: TimeRule's rule, checked by the catalog loader
    report = _errors(book(tmp_path / "x.xlsx", {"扶贫": (rows, merges)}), catalog_dir)
    assert "工作表“扶贫”，第4行，O列（时限规则.天数）：时限类型为工作日时必须写“天数”" in report


def test_a_value_not_among_the_choices(tmp_path, catalog_dir):
    rows, merges = standard_sheet()
    rows[1].append("更新周期")
    merges.append("O2:O3")
    rows[3].append("每天")
    report = _errors(book(tmp_path / "x.xlsx", {"扶贫": (rows, merges)}), catalog_dir)
    assert "第4行，O列（更新周期）：“每天”不是“更新周期”的可选值" in report


def test_import_export_import_is_stable(tmp_path, catalog_dir):
    source = book(tmp_path / "a.xlsx", {"扶贫": standard_sheet(), "社会救助": variant_sheet()})
    first = imported(source, catalog_dir)
    cs.write(first, catalog_dir)
    exported = tmp_path / "export.xlsx"
    assert cs.export(load(catalog_dir), exported) == 5
    second = imported(exported, catalog_dir)
    assert second.files == first.files
    assert second.errors.notes == []  # what export writes, import reads whole
    sheet = openpyxl.load_workbook(exported)["扶贫"]
    assert [c.value for c in sheet[3]][1:3] == ["一级事项", "二级事项"]  # the two-row header
    assert "B4:B5" in {str(r) for r in sheet.merged_cells.ranges}  # the merged 一级事项


def test_the_example_catalog_survives_export_and_import(tmp_path, catalog_dir):
    """Every declared field of every row of the shipped catalog comes back from its spreadsheet."""
    original = load(ROOT / "catalog")
    exported = tmp_path / "catalog.xlsx"
    cs.export(original, exported)
    result = imported(exported, catalog_dir)
    assert result.errors.notes == []
    cs.write(result, catalog_dir)
    back = load(catalog_dir)
    assert [d.id for d in back.domains] == [d.id for d in original.domains]
    for a, b in zip(original.domains, back.domains):
        for f in schema.fields(catalog_model.Domain):
            if not isinstance(f.kind, kinds.Raw):
                assert getattr(a, f.attr) == getattr(b, f.attr), (a.id, f.key)
        assert [i.id for i in a.items] == [i.id for i in b.items]
        for x, y in zip(a.items, b.items):
            for f in schema.fields(catalog_model.Item):
                mine, theirs = getattr(x, f.attr), getattr(y, f.attr)
                if isinstance(f.kind, kinds.Choices):  # printed as ticks and checkboxes in the declared order
                    mine, theirs = set(mine), set(theirs)
                if isinstance(f.kind, kinds.Texts):  # one text of several lines comes back as one text per line
                    mine, theirs = "\n".join(mine).split("\n"), "\n".join(theirs).split("\n")
                assert mine == theirs, (x.id, f.key)


def test_the_written_yaml_follows_the_declaration(tmp_path, catalog_dir):
    result = imported(book(tmp_path / "a.xlsx", {"扶贫": standard_sheet()}), catalog_dir)
    data = yaml.safe_load(result.files["fupin.yml"])
    keys = [f.key for f in schema.fields(catalog_model.Item)]
    row = data["事项"][0]
    assert list(row) == [k for k in keys if k in row]
    assert data["来源"] == [{"编号": "mulu", "名称": "扶贫领域基层政务公开标准目录"}]


def test_a_domain_already_in_the_catalog_keeps_its_file(tmp_path, catalog_dir):
    (catalog_dir / "fupin-lingyu.yml").write_text("领域: 扶贫\n事项: []\n", encoding="utf-8")
    result = imported(book(tmp_path / "a.xlsx", {"扶贫": standard_sheet()}), catalog_dir)
    assert list(result.files) == ["fupin-lingyu.yml"]
    assert "fupin-lingyu-01" in result.files["fupin-lingyu.yml"]


def test_a_row_repeated(tmp_path, catalog_dir):
    rows, merges = standard_sheet()
    rows.insert(5, list(rows[3]))
    merges = [m for m in merges if m not in ("A8:N8",)] + ["A9:N9"]
    report = _errors(book(tmp_path / "x.xlsx", {"扶贫": (rows, merges)}), catalog_dir)
    assert "工作表“扶贫”，第6行：事项重复：与第4行完全相同" in report


def test_a_group_title_row_is_reported_not_imported(tmp_path, catalog_dir):
    rows, merges = standard_sheet()
    rows.insert(3, ["一、政策文件"] + [None] * 13)
    merges = ["A1:N1", "A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:J2", "K2:L2", "M2:N2",
              "A4:N4", "A5:A6", "B5:B6"]
    result = imported(book(tmp_path / "x.xlsx", {"扶贫": (rows, merges)}), catalog_dir)
    assert "第4行：整行只有一个值“一、政策文件”（分组标题？），未导入" in result.errors.review()
    assert result.items == 3


def test_exported_catalog_text_is_never_a_formula(tmp_path, catalog_dir):
    """A catalog text beginning with = (网站所属栏目 here) is a text cell in the exported workbook, not a
    formula a spreadsheet would run, and comes back as the same text."""
    original = load(ROOT / "catalog")
    item = original.domains[0].items[0]
    object.__setattr__(item, "site_column", '=HYPERLINK("http://x","点击")')
    exported = tmp_path / "catalog.xlsx"
    cs.export(original, exported)
    book_ = openpyxl.load_workbook(exported)
    cells = [c for sheet in book_.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert [c.value for c in cells if str(c.value).startswith("=HYPERLINK")] and not [c for c in cells if c.data_type == "f"]
    result = imported(exported, catalog_dir)
    cs.write(result, catalog_dir)
    assert load(catalog_dir).domains[0].items[0].site_column == '=HYPERLINK("http://x","点击")'


def test_a_control_character_in_a_cell_is_refused_with_the_other_errors(tmp_path, catalog_dir):
    """An escape sequence pasted into 公开内容 is named by its cell, alongside the sheet's other errors; the
    report itself never carries the character."""
    rows, merges = standard_sheet()
    rows[3][3] = "各级政府涉及扶贫领域的规范性文件_x001B_[2J"  # as Excel stores a character XML cannot carry
    rows[1][4] = "公开\x85依据"  # a C1 control (NEL) travels raw in the XML
    rows[4][8] = "?"  # and an error of the importer's own
    report = cs.parse(book(tmp_path / "a.xlsx", {"扶贫": (rows, merges)}), catalog_dir).errors.report()
    assert "工作表“扶贫”，第4行，D列：含有看不见的字符" in report and "U+001B（ESC）" in report
    assert "第2行，E列：含有看不见的字符" in report and "U+0085（NEL）" in report
    assert "第5行，I列（公开对象·全社会）：无法识别的勾选标记“?”" in report
    assert "\x1b" not in report and "\x85" not in report
    assert [p.name for p in catalog_dir.iterdir()] == ["_topics.yml"]  # nothing written
