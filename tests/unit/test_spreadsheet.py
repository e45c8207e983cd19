"""Spreadsheets read within bounds (govsite.parse.spreadsheet): hostile files built for real (a zip bomb
sheet, a gigantic shared string, a part that lies about its size, too many rows, columns, merges, DTDs,
an oversized CSV) are refused at once with a Chinese message naming the file, what was too big, the limit
and the fix; blank formatted cells far away are no reason to refuse; a control character in a cell is
refused naming the cell and the character. The memory and time a refusal takes are measured in a
subprocess under a 1 GiB address-space limit."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from sheets_support import (
    SHEET_HEAD,
    SHEET_PART,
    SHEET_TAIL,
    STRINGS_PART,
    Repeated,
    book,
    hostile_book,
    shared_strings_book,
    sheet_xml,
    sst,
    standard_sheet,
    write_zip,
)

from govsite.parse import spreadsheet
from govsite.parse.spreadsheet import SheetErrors

ROW = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'  # no r: each row is the next one


def read(path: Path) -> tuple[list[spreadsheet.Sheet], str]:
    errors = SheetErrors()
    sheets = spreadsheet.read(path, errors)
    return sheets, errors.report() if errors else ""


def refused(path: Path) -> str:
    sheets, report = read(path)
    assert report and not sheets, report
    return report


def zip_bomb(path: Path) -> Path:
    """The issue's case: a 6 MB workbook whose sheet inflates to 2 GB."""
    return hostile_book(path, {SHEET_PART: Repeated(SHEET_HEAD, ROW * 20_000, 2_000, SHEET_TAIL)})


def string_bomb(path: Path) -> Path:
    """The issue's other case: one shared string of 1.5 GB."""
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    return shared_strings_book(path, Repeated(head, b"a" * 1_000_000, 1_500, b"</t></si></sst>"))


def test_a_zip_bomb_sheet_is_refused_from_the_zip_directory(tmp_path):
    report = refused(zip_bomb(tmp_path / "炸弹.xlsx"))
    assert ("文件 炸弹.xlsx：文件中的部件“xl/worksheets/sheet1.xml”解压后有 1960 MB，超过上限 50 MB\n"
            "    修改办法：在 Excel 或 WPS 中打开，删去多余的工作表") in report


def test_a_gigantic_shared_string_is_refused_from_the_zip_directory(tmp_path):
    report = refused(string_bomb(tmp_path / "strings.xlsx"))
    assert "部件“xl/sharedStrings.xml”解压后有 1500 MB，超过上限 50 MB" in report


def test_a_part_that_inflates_a_hundredfold_is_refused(tmp_path):
    report = refused(hostile_book(tmp_path / "ratio.xlsx", {SHEET_PART: Repeated(SHEET_HEAD, ROW * 1_000, 600, SHEET_TAIL)}))
    assert "部件“xl/worksheets/sheet1.xml”压缩比为" in report and "超过上限 100:1" in report


def test_a_part_that_understates_its_size_is_read_no_further_than_it_says(tmp_path):
    """zipfile stops inflating at the size the directory declares: the lie is a damaged file, not a bomb."""
    lying = Repeated(SHEET_HEAD, ROW * 20_000, 2_000, SHEET_TAIL, declared=100_000)
    report = refused(hostile_book(tmp_path / "lying.xlsx", {SHEET_PART: lying}))
    assert "无法读取 Excel 文件（部件“xl/worksheets/sheet1.xml”" in report


def test_a_shared_string_table_over_its_own_limit(tmp_path):
    text = random.Random(1).randbytes(12_500_000).hex()  # 25 MB of text that compresses as text does
    strings = sst(*(text[n:n + 250] for n in range(0, len(text), 250)))
    report = refused(shared_strings_book(tmp_path / "text.xlsx", strings))
    assert "表格中的文字（共享字符串表“xl/sharedStrings.xml”）解压后有" in report and "超过上限 20 MB" in report


def test_a_shared_string_longer_than_a_cell_can_hold(tmp_path):
    report = refused(shared_strings_book(tmp_path / "long.xlsx", sst("短", "长" * 40_000)))
    assert "共享字符串表中第 2 段文字超过 32767 个字（Excel 单元格最多能放这么多）" in report


def test_an_inline_text_longer_than_a_cell_can_hold_names_its_cell(tmp_path):
    rows = '<row r="3"><c r="B3" t="inlineStr"><is><t>' + "长" * 40_000 + "</t></is></c></row>"
    report = refused(hostile_book(tmp_path / "long.xlsx", {SHEET_PART: sheet_xml(rows)}))
    assert "文件 long.xlsx，工作表“表1”，第3行，B列：单元格超过 32767 个字" in report


def test_too_many_rows_names_the_first_row_over(tmp_path):
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 10_002))
    report = refused(hostile_book(tmp_path / "rows.xlsx", {SHEET_PART: sheet_xml(rows)}))
    assert "工作表“表1”，第10001行：第10001行还有内容：表格（各工作表合计）超过上限 10000 行" in report
    assert "检查是否选错了文件" in report


def test_rows_count_over_all_sheets(tmp_path):
    path = book(tmp_path / "two.xlsx", {"甲": ([[r] for r in range(6_000)], []), "乙": ([[r] for r in range(6_000)], [])})
    assert "工作表“乙”，第4001行：第4001行还有内容：表格（各工作表合计）超过上限 10000 行" in refused(path)


def test_a_value_past_the_last_column_names_its_cell(tmp_path):
    rows = '<row r="7"><c r="A7"><v>1</v></c><c r="GS7"><v>2</v></c></row>'
    report = refused(hostile_book(tmp_path / "wide.xlsx", {SHEET_PART: sheet_xml(rows)}))
    assert "工作表“表1”，第7行，GS列：第201列还有内容，超过上限 200 列" in report


def test_blank_formatted_cells_far_away_are_no_reason_to_refuse(tmp_path):
    """Excel keeps a formatted blank cell (<c r="XFD1048576" s="1"/>) where someone once formatted: the
    grid ends at the last value."""
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c></row>'
    rows += '<row r="1048576"><c r="XFD1048576" s="0"/></row>'
    sheets, report = read(hostile_book(tmp_path / "blank.xlsx", {SHEET_PART: sheet_xml(rows)}))
    assert not report and sheets[0].rows == [["名称"]]


def test_merged_cells_are_filled_from_the_sheet_xml(tmp_path):
    sheets, report = read(book(tmp_path / "a.xlsx", {"扶贫": standard_sheet()}))
    assert not report
    rows = sheets[0].rows
    assert rows[4][1] == rows[3][1] == "政策文件"  # B4:B5, the vertically merged 一级事项
    assert rows[1][2] == "公开事项" and rows[2][0] == "序号"  # B2:C2 across, A2:A3 down
    assert len(rows) == 8 and len(rows[0]) == 14


def test_overlapping_merges_are_bounded(tmp_path):
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="5000"><c r="GR5000"><v>2</v></c></row>'
    merges = "".join('<mergeCell ref="A1:GR5000"/>' for _ in range(5))
    part = SHEET_HEAD + rows.encode() + b"</sheetData><mergeCells>" + merges.encode() + b"</mergeCells></worksheet>"
    report = refused(hostile_book(tmp_path / "merges.xlsx", {SHEET_PART: part}))
    assert "合并单元格共覆盖 5000000 个单元格，超过上限 1000000 个" in report


def test_too_many_merges(tmp_path):
    merges = "".join(f'<mergeCell ref="A{r}:B{r}"/>' for r in range(1, 20_002))
    part = SHEET_HEAD + b"</sheetData><mergeCells>" + merges.encode() + b"</mergeCells></worksheet>"
    assert "合并单元格超过上限 20000 处" in refused(hostile_book(tmp_path / "merges.xlsx", {SHEET_PART: part}))


@pytest.mark.parametrize("part, dtd", [
    (SHEET_PART, '<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                 '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'),  # billion laughs
    (STRINGS_PART, '<!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),  # XXE
    ("xl/workbook.xml", '<!DOCTYPE workbook [<!ENTITY x SYSTEM "http://127.0.0.1:9/">]>'),
])
def test_a_dtd_in_any_part_is_refused(tmp_path, part, dtd):
    path = shared_strings_book(tmp_path / "dtd.xlsx", sst("&x;" if part == STRINGS_PART else "名称"))
    with zipfile.ZipFile(path) as genuine:
        parts = {info.filename: genuine.read(info) for info in genuine.infolist()}
    body = parts[part]
    if part == SHEET_PART:
        body = body.replace(b"<sheetData>", b'<sheetData><row r="2"><c r="A2" t="inlineStr"><is><t>&c;</t></is></c></row>')
    text = body.decode()
    head, _, rest = text.partition("?>") if text.startswith("<?xml") else ("", "", text)
    parts[part] = ((head + "?>") if head else "").encode() + dtd.encode() + rest.encode()
    report = refused(write_zip(path, parts))
    assert f"文件中的部件“{part}”含有 DTD（<!DOCTYPE …>）" in report and "恶意文件" in report


def test_a_part_not_compressed_as_excel_compresses(tmp_path):
    path = book(tmp_path / "bz.xlsx", {"表1": ([["x"]], [])})
    with zipfile.ZipFile(path) as genuine:
        parts = {info.filename: genuine.read(info) for info in genuine.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as rewritten:  # bzip2 inflates without a bound per read
        for name, data in parts.items():
            rewritten.writestr(name, data)
    assert "使用了 Excel 不用的压缩方式" in refused(path)


# --- CSV ---------------------------------------------------------------------------------------------

def test_a_19_mb_csv_is_refused_at_its_first_row_over_the_limit(tmp_path):
    path = tmp_path / "大目录.csv"
    row = "1,政策文件,规范性文件,各级政府涉及的规范性文件" + "，内容" * 20 + ",《条例》,20个工作日内,县政府,■政府网站,√,,√,,√,\n"
    path.write_text(row * (19_000_000 // len(row.encode())), encoding="utf-8")
    assert path.stat().st_size > 18_000_000
    report = refused(path)
    assert "文件 大目录.csv，第10001行：第10001行还有内容：表格（各工作表合计）超过上限 10000 行" in report


def test_a_csv_over_the_file_size_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" * 5_500_000)
    assert "文件 big.csv：文件有 22 MB，超过上限 20 MB" in refused(path)


def test_a_csv_too_wide_or_with_a_giant_cell(tmp_path):
    (tmp_path / "wide.csv").write_text("名称" + ",x" * 250 + "\n", encoding="utf-8")
    assert "第1行，GS列：第201列还有内容，超过上限 200 列" in refused(tmp_path / "wide.csv")
    (tmp_path / "long.csv").write_text("名称,类型\n甲," + "长" * 40_000 + "\n", encoding="utf-8")
    assert "第2行，B列：单元格超过 32767 个字" in refused(tmp_path / "long.csv")
    (tmp_path / "huge.csv").write_text('名称,类型\n甲,"' + "长" * 200_000 + '"\n', encoding="utf-8")
    assert "：单元格超过 32767 个字" in refused(tmp_path / "huge.csv")


def test_a_folder_is_not_a_spreadsheet(tmp_path):
    (tmp_path / "目录.xlsx").mkdir()
    assert "这是一个文件夹，不是表格文件" in refused(tmp_path / "目录.xlsx")


# --- control characters --------------------------------------------------------------------------------

def test_control_characters_in_a_csv_name_the_cell_and_the_character(tmp_path):
    path = tmp_path / "单位.csv"
    path.write_text("名称,类型\n城关镇\x1b[31m,乡镇\n东街\x00社区,社区\n河西\vi村,村\n", encoding="utf-8")
    sheets, report = read(path)
    assert "文件 单位.csv，工作表“单位”，第2行，A列：含有看不见的字符：第4个字符（“城关镇”之后）是控制字符 U+001B（ESC）" in report
    assert "第3行，A列：含有看不见的字符：第3个字符（“东街”之后）是控制字符 U+0000（NUL）" in report
    assert "第4行，A列：含有看不见的字符：第3个字符（“河西”之后）是控制字符 U+000B（VT" in report
    assert "Word" in report and "\x1b" not in report and "\x00" not in report
    assert sheets[0].rows[1][0] == "城关镇⟨U+001B⟩[31m"  # what the tools may quote in their own messages


def test_a_control_character_excel_escaped_is_refused(tmp_path):
    """Excel stores Word's line break (U+000B) as _x000B_; C1 controls travel raw in the XML."""
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>乡\u009b镇</t></is></c></row>'
    sheets, report = read(shared_strings_book(tmp_path / "word.xlsx", sst("城关_x000B_镇"), rows))
    assert "工作表“表1”，第1行，A列：含有看不见的字符：第3个字符（“城关”之后）是控制字符 U+000B" in report
    assert "第1行，B列：含有看不见的字符：第2个字符（“乡”之后）是控制字符 U+009B（CSI）" in report


def test_a_literal_underscore_x_stays_text(tmp_path):
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>a_x005F_x0041_b</t></is></c></row>'  # "a_x0041_b" typed
    sheets, report = read(hostile_book(tmp_path / "x.xlsx", {SHEET_PART: sheet_xml(rows)}))
    assert not report and sheets[0].rows == [["a_x0041_b"]]


def test_many_control_characters_are_counted_after_the_first_ones(tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("".join(f"行{n}\x07\n" for n in range(80)), encoding="utf-8")
    report = refused_or_report(path)
    assert report.count("U+0007（BEL）") == spreadsheet.MAX_LISTED
    assert f"另有 {80 - spreadsheet.MAX_LISTED} 个单元格含有看不见的字符" in report


def refused_or_report(path: Path) -> str:
    _, report = read(path)
    assert report
    return report


def test_a_file_or_sheet_name_never_reaches_the_terminal_raw(tmp_path):
    path = book(tmp_path / "a\x1b[2J.xlsx", {"表\x9b1": ([["x"]], [])})
    report = refused_or_report(path)
    assert "\x1b" not in report and "\x9b" not in report
    assert "文件 a⟨U+001B⟩[2J.xlsx，工作表“表⟨U+009B⟩1”：工作表名称含有看不见的字符" in report


# --- memory and time, measured -------------------------------------------------------------------------

CHILD = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB of address space: no more
    sys.path.insert(0, sys.argv[1])
    from govsite.tools import catalog_sheet, import_orgs
    out = {}
    for kind, name in json.loads(sys.argv[2]):
        path = Path(name)
        start = time.monotonic()
        if kind == "catalog":
            result = catalog_sheet.parse(path, path.parent / "catalog")
            report = result.errors.report()
        else:
            result = import_orgs.parse(path, path.parent / "content", path.parent / "catalog")
            report = result.errors.report()
        out[path.name] = {"report": report, "seconds": time.monotonic() - start}
    out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(out, ensure_ascii=False))
""")


def test_hostile_imports_are_refused_quickly_within_bounded_memory(tmp_path):
    """The issue's cases through both importers, in a child limited to 1 GiB: each is refused (not a
    MemoryError) and the child's peak resident memory stays far below what inflating them would take."""
    (tmp_path / "catalog").mkdir()
    (tmp_path / "content").mkdir()
    zip_bomb(tmp_path / "bomb.xlsx")
    string_bomb(tmp_path / "strings.xlsx")
    line = "第{n}村,村,城关镇,54522799MF1C000596\n"
    (tmp_path / "orgs.csv").write_text("名称,类型,上级,统一社会信用代码\n" + "".join(line.format(n=n) for n in range(400_000)),
                                       encoding="utf-8")
    (tmp_path / "catalog.csv").write_text("序号,公开事项,公开内容\n" + "1,政策文件,规范性文件\n" * 600_000, encoding="utf-8")
    jobs = [("catalog", str(tmp_path / "bomb.xlsx")), ("orgs", str(tmp_path / "strings.xlsx")),
            ("orgs", str(tmp_path / "orgs.csv")), ("catalog", str(tmp_path / "catalog.csv"))]
    child = subprocess.run([sys.executable, "-c", CHILD, str(ROOT / "hooks"), json.dumps(jobs)],
                           capture_output=True, text=True, timeout=300)
    assert child.returncode == 0, child.stderr[-3000:]
    out = json.loads(child.stdout)
    assert "解压后有 1960 MB，超过上限 50 MB" in out["bomb.xlsx"]["report"]
    assert "解压后有 1500 MB，超过上限 50 MB" in out["strings.xlsx"]["report"]
    assert "第10001行还有内容" in out["orgs.csv"]["report"] and "第10001行还有内容" in out["catalog.csv"]["report"]
    assert out["maxrss_mb"] < 400, out
