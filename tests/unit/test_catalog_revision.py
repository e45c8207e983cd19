"""Catalog revisions (issue 24): ``make import-catalog`` into a county with content compares the revised catalog
with the current one and the documents, refuses (all together, nothing written) until every lost column is
mapped in a 目录调整 sheet, records the revision; bad mappings name file, sheet and row. In process, on a copy
of the example county's catalog and content (no build)."""

from __future__ import annotations

import datetime
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLE

from govsite import urls
from govsite.checks import published
from govsite.model import catalog as catalog_model
from govsite.model import site as site_model
from govsite.parse.errors import ErrorCollector
from govsite.parse.spreadsheet import Sheet, SheetErrors
from govsite.tools import catalog_revision as rev
from govsite.tools import catalog_sheet as cs
from govsite.views import redirects

TODAY = datetime.date(2026, 12, 6)


@pytest.fixture
def county(tmp_path) -> Path:
    """The example county's catalog and content in a folder of its own."""
    for folder in ("catalog", "content"):
        shutil.copytree(EXAMPLE / folder, tmp_path / folder)
    return tmp_path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _revised(county: Path, domains: tuple[str, ...] = ("fupin",), *, renumber=None, drop=(), mapping=None) -> Path:
    """The county's catalog exported (``domains`` only), items renumbered ({old: new}) and dropped, and a
    目录调整 sheet (rows of 旧编号, 新编号, 说明) when ``mapping`` is given."""
    errors = ErrorCollector()
    catalog = catalog_model.load(county / "catalog", county, errors)
    catalog.domains = [d for d in catalog.domains if d.id in domains]
    path = county / "revised.xlsx"
    cs.export(catalog, path)
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        for row in list(ws.iter_rows()):
            for cell in row:
                if cell.value in (renumber or {}):
                    cell.value = renumber[cell.value]
        for item_id in drop:
            rows = [c.row for r in ws.iter_rows() for c in r if c.value == item_id]
            if rows:
                ws.delete_rows(rows[0])
    if mapping is not None:
        ws = book.create_sheet(rev.SHEET)
        for row in [["旧编号", "新编号", "说明"], *mapping]:
            ws.append(list(row))
    book.save(path)
    return path


def _import(county: Path, sheet: Path, *, dry_run: bool = False) -> tuple[int, str]:
    out = io.StringIO()
    code = cs.import_file(sheet, county / "catalog", out=out, dry_run=dry_run, content_dir=county / "content",
                          today=TODAY)
    return code, out.getvalue()


REVISION = dict(renumber={"fupin-09": "fupin-19"}, drop=("fupin-07", "fupin-10"))
MAPPING = [("fupin-07", "撤销", "已并入资金公告"), ("fupin-09", "fupin-19", ""), ("fupin-10", "fupin-13", "合并")]


def test_a_revision_that_loses_columns_is_refused_all_together_and_nothing_is_written(county):
    before = _snapshot(county / "catalog")
    code, out = _import(county, _revised(county, **REVISION))
    assert code == 1
    assert _snapshot(county / "catalog") == before  # byte for byte
    # every document whose 栏目 would disappear, and every column URL, in one report
    assert "“年度项目计划”（fupin-09" in out and "content/departments/nongye/2019/2019-tuopin-gongjian-xiangmuku.md" in out
    assert "content/townships/qingshan/2021/2021-gonggu-tuopin-xiangmu-gongshi.md" in out
    assert "/departments/nongye/fupin-07/" in out and "栏目网址将失效" in out
    assert "“目录调整”工作表" in out and "Traceback" not in out


def test_dry_run_reports_and_writes_nothing(county):
    before = _snapshot(county / "catalog")
    code, out = _import(county, _revised(county, **REVISION, mapping=MAPPING), dry_run=True)
    assert code == 0, out
    assert "检查通过" in out and "撤销 1 项" in out and "年度项目计划（fupin-09 → fupin-19）" in out
    assert _snapshot(county / "catalog") == before


def test_the_mapping_moves_documents_and_records_the_revision(county):
    # a withdrawn column published with a second list page (its documents since given other columns)
    (county / published.FILE).write_text("/\n/departments/nongye/fupin-07/\n/departments/nongye/fupin-07/2/\n",
                                         encoding="utf-8")
    code, out = _import(county, _revised(county, **REVISION, mapping=MAPPING))
    assert code == 0, out
    errors = ErrorCollector()
    site = site_model.load(county, county / "content", county / "catalog", errors)
    assert not errors, errors.report()
    assert site.catalog.item("fupin-19").former_ids == ("fupin-09",)
    assert site.catalog.item("fupin-13").former_ids == ("fupin-10",)
    moved = {d.file: d.column.item.id for d in site.documents if d.item_id in ("fupin-09", "fupin-10")}
    assert moved == {"content/departments/nongye/2019/2019-tuopin-gongjian-xiangmuku.md": "fupin-19",
                     "content/departments/nongye/2024/2024-xianjie-zijin-xiangmu.md": "fupin-19",
                     "content/townships/qingshan/2021/2021-gonggu-tuopin-xiangmu-gongshi.md": "fupin-13"}
    [revision] = site.catalog.revisions
    assert revision.date == TODAY and revision.added == ()  # a renumbered item is listed as moved, not added
    assert [(i.id, i.new_id) for i in revision.moved] == [("fupin-09", "fupin-19"), ("fupin-10", "fupin-13")]
    [withdrawn] = revision.withdrawn
    assert withdrawn.id == "fupin-07" and "departments/nongye/fupin-07" in withdrawn.folders and withdrawn.pages == 2
    # every old column URL answers: a redirect or a notice
    u = urls.Urls()
    redirected = {u.dest(r.old) for r in urls.redirects(site)}
    noticed = redirects.notice_files(site, u)
    assert "townships/qingshan/fupin-10/index.html" in redirected
    assert "departments/nongye/fupin-09/index.html" in redirected
    page = noticed["departments/nongye/fupin-07/index.html"]
    assert "已于 2026-12-06 目录调整时撤销" in page and 'content="noindex"' in page and "已并入资金公告" in page
    assert '<a href="../../">示例县农业农村局</a>' in noticed["departments/nongye/fupin-07/2/index.html"]


def test_a_second_revision_keeps_the_first_ones_redirects(county):
    assert _import(county, _revised(county, **REVISION, mapping=MAPPING))[0] == 0
    # the province's next spreadsheet has no 曾用编号 column, and renumbers fupin-19 again
    sheet = _revised(county, renumber={"fupin-19": "fupin-29"}, mapping=[("fupin-19", "fupin-29", "")])
    book = openpyxl.load_workbook(sheet)
    ws = book["扶贫"]
    header = [c.column for r in ws.iter_rows(max_row=4) for c in r if c.value == "曾用编号"]
    for column in header:
        ws.delete_cols(column)
    book.save(sheet)
    code, out = _import(county, sheet)
    assert code == 0, out
    catalog = catalog_model.load(county / "catalog", county, ErrorCollector())
    assert set(catalog.items["fupin-29"].former_ids) == {"fupin-19", "fupin-09"}
    assert catalog.items["fupin-13"].former_ids == ("fupin-10",)
    assert len(catalog.revisions) == 2


def _plan_errors(mapping, new_items=None) -> str:
    old = catalog_model.load(EXAMPLE / "catalog", EXAMPLE, ErrorCollector())
    items = dict(new_items if new_items is not None else {i: it.name for i, it in old.items.items() if i != "fupin-09"})
    errors = SheetErrors()
    rev.plan(old, items, {}, [rev.Mapping(o, n, "", rev.SHEET, row, {"旧编号": 1, "新编号": 2}) for row, (o, n) in
                              enumerate(mapping, 2)], "目录.xlsx", errors)
    return errors.report()


def test_a_mapping_to_an_unknown_id_names_file_sheet_and_row():
    report = _plan_errors([("fupin-09", "fupin-99")])
    assert "文件 目录.xlsx，工作表“目录调整”，第2行，B列（新编号）" in report and "“fupin-99”不在新目录中" in report


def test_a_cycle_of_redirects_is_refused():
    report = _plan_errors([("fupin-09", "fupin-07"), ("fupin-07", "fupin-09")],
                          new_items={"fupin-01": "x"})
    assert "目录调整形成循环：fupin-09 → fupin-07 → fupin-09" in report and "第2行" in report


def test_an_old_id_still_in_the_new_catalog_and_an_id_that_never_was():
    report = _plan_errors([("fupin-01", "fupin-02"), ("nosuch-01", "fupin-02")])
    assert "“fupin-01”仍是新目录中的事项" in report and "第2行" in report
    assert "“nosuch-01”不是现有标准目录中的事项" in report and "第3行" in report


def test_two_items_merged_into_another_organisations_column_are_refused_naming_the_row(county):
    """扶贫 (农业农村局) and 低保 items merged into one item of 义务教育 (教育局): their documents would have no column."""
    sheet = _revised(county, ("fupin", "yiwu-jiaoyu"), drop=("fupin-09", "fupin-10"),
                     mapping=[("fupin-09", "yiwu-jiaoyu-01", ""), ("fupin-10", "yiwu-jiaoyu-01", "")])
    before = _snapshot(county / "catalog")
    code, out = _import(county, sheet)
    assert code == 1
    assert "工作表“目录调整”，第2行" in out and "工作表“目录调整”，第3行" in out
    assert "并入" in out and "的栏目没有去处" in out and "示例县农业农村局" in out
    assert _snapshot(county / "catalog") == before


def test_a_withdrawn_item_with_documents_names_them(county):
    code, out = _import(county, _revised(county, drop=("fupin-09",), mapping=[("fupin-09", "撤销", "")]))
    assert code == 1
    assert "撤销的事项“年度项目计划”（fupin-09）下还有 2 个文件" in out and "第2行" in out


def test_the_mapping_sheet_header_and_cells():
    errors = SheetErrors()
    sheet = Sheet(rev.SHEET, [["旧编号", "新编号"], ["fupin-01", "Fupin 2"], ["", "fupin-02"], ["fupin-01", "撤销"],
                              ["fupin-03", "撤销"], ["fupin-03", "fupin-04"]])
    rows = rev.read_mapping(sheet, "a.xlsx", errors)
    report = errors.report()
    assert "第2行，B列（新编号）：新编号“Fupin 2”不是有效编号" in report
    assert "第3行，A列（旧编号）：旧编号为空" in report
    assert "第6行" in report and "旧编号“fupin-03”重复" in report
    assert [(m.old, m.new, m.row) for m in rows] == [("fupin-01", "撤销", 4), ("fupin-03", "撤销", 5)]
    missing = SheetErrors()
    assert rev.read_mapping(Sheet(rev.SHEET, [["编号", "说明"]]), "a.xlsx", missing) == [] and missing


def test_a_first_import_records_nothing(tmp_path):
    folder = tmp_path / "catalog"
    folder.mkdir()
    shutil.copy(EXAMPLE / "catalog" / "_topics.yml", folder)
    catalog = catalog_model.load(EXAMPLE / "catalog", EXAMPLE, ErrorCollector())
    catalog.domains = [d for d in catalog.domains if d.id == "fupin"]
    cs.export(catalog, tmp_path / "a.xlsx")
    out = io.StringIO()
    assert cs.import_file(tmp_path / "a.xlsx", folder, out=out, content_dir=tmp_path / "content", today=TODAY) == 0
    assert not (folder / catalog_model.REVISIONS_FILE).exists()
    assert "共导入 1 个领域" in out.getvalue()


@pytest.mark.parametrize("mapping, expected", [
    ([("fupin-09", "fupin-99", "")], "第2行，B列（新编号）：新编号“fupin-99”不在新目录中"),
    ([("fupin-09", "fupin-10", ""), ("fupin-10", "fupin-09", "")], "目录调整形成循环：fupin-09 → fupin-10 → fupin-09"),
])
def test_a_bad_mapping_writes_nothing(county, mapping, expected):
    before = _snapshot(county / "catalog")
    code, out = _import(county, _revised(county, drop=("fupin-09", "fupin-10"), mapping=mapping))
    assert code == 1 and expected in out and "文件 revised.xlsx，工作表“目录调整”" in out
    assert _snapshot(county / "catalog") == before


def test_the_same_workbook_imported_again_changes_nothing(county):
    sheet = _revised(county, **REVISION, mapping=MAPPING)
    assert _import(county, sheet)[0] == 0
    after = _snapshot(county / "catalog")
    code, out = _import(county, sheet)
    assert code == 0, out
    assert _snapshot(county / "catalog") == after  # no second record of the same revision


def test_another_domains_former_ids_stay_as_its_file_has_them(county):
    path = county / "catalog" / "yiwu-jiaoyu.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - 编号: yiwu-jiaoyu-01\n", "  - 编号: yiwu-jiaoyu-01\n    曾用编号: [jiaoyu-old-01]\n", 1),
                    encoding="utf-8")
    code, out = _import(county, _revised(county, **REVISION, mapping=MAPPING))
    assert code == 0, out
    assert path.read_text(encoding="utf-8").count("jiaoyu-old-01") == 1


def test_a_kept_item_whose_column_leaves_an_organisation_is_refused(county):
    """fupin-12 kept under its 编号 but no longer 乡级: the townships' columns (and their URLs) would go."""
    sheet = _revised(county)
    book = openpyxl.load_workbook(sheet)
    ws = book["扶贫"]
    township = next(c.column for c in ws[3] if c.value == "乡级")  # the 公开层级 tick under the two-row header
    row = next(c.row for r in ws.iter_rows() for c in r if c.value == "fupin-12")
    ws.cell(row, township).value = None
    book.save(sheet)
    before = _snapshot(county / "catalog")
    code, out = _import(county, sheet)
    assert code == 1
    assert "的栏目“扶贫政策措施”（fupin-12）在新目录中不再开设，栏目网址 /townships/" in out
    assert _snapshot(county / "catalog") == before
