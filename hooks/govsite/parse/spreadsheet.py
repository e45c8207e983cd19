"""Spreadsheets as counties publish them (.xlsx, .csv): every sheet as a grid of text, merged cells
filled with the value of their first cell (a vertically merged 一级事项 is that 一级事项 on every row),
and the errors of a spreadsheet naming file, sheet, row and column (Chinese), collected and reported
together. What a grid means (a catalog, an organisation tree) is the tools' concern.

Reading is bounded: a spreadsheet is a zip of XML parts that can inflate a thousandfold, so every limit
below is checked before the part it bounds is inflated or held. The file's size first; then the zip's
own directory (each part's uncompressed size and compression ratio, and their total); then one
streaming pass over each XML part (its rows, columns, merged ranges and the length of every text, and
no DTD: that is how XML entity tricks begin); only then openpyxl reads the values, in read-only
(streaming) mode, up to the last row and column that hold a value. A CSV is read row by row and
refused at the first row over a limit. Each limit is a ``Limit``: its value and its message.

Text that reaches a tool carries no control character (``parse/text.py``): such a cell is refused with
its file, sheet, row and column, and the character named.
"""

from __future__ import annotations

import csv
import datetime
import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter

from . import text as text_rules

SUFFIXES = (".xlsx", ".xlsm", ".csv")
RESAVE = "在 Excel 或 WPS 中打开，另存为 .xlsx 后再导入。"
SMALLER = ("在 Excel 或 WPS 中打开，删去多余的工作表、图片和表格右侧、下方多余的内容（含空白但设置了格式的行列），"
           "另存后再导入。")


@dataclass(frozen=True)
class Limit:
    """A bound on what a spreadsheet may hold: its value, and what to tell a county that reaches it
    (``problem`` names what was too big and the limit, from ``{limit}`` and the caller's fields)."""

    value: int
    problem: str
    fix: str
    unit: str = ""  # "MB": the value and the sizes in the message are bytes, shown in MB

    def show(self, amount: int) -> str:
        return f"{amount / 1_000_000:.1f}".removesuffix(".0") + " MB" if self.unit == "MB" else str(amount)

    def refuse(self, errors: SheetErrors, file: str, where: dict | None = None, **found) -> None:
        errors.add(file, _format(self, **found), self.fix, **(where or {}))


# A county's catalog or organisation list is well under 1 MB, a few thousand rows and some twenty columns;
# the limits are far above that and far below what would take the machine's memory or an hour.
FILE_BYTES = Limit(20_000_000, "文件有 {size}，超过上限 {limit}",
                   "标准目录和单位表格一般不到 1 MB：检查是否选错了文件；表格中的图片请删去后另存。", "MB")
PARTS = Limit(1_000, "Excel 文件由 {count} 个部件组成，超过上限 {limit} 个", "这不像普通的工作簿：" + RESAVE)
PART_BYTES = Limit(50_000_000, "文件中的部件“{part}”解压后有 {size}，超过上限 {limit}", SMALLER, "MB")
TOTAL_BYTES = Limit(100_000_000, "文件解压后共有 {size}，超过上限 {limit}", SMALLER, "MB")
# Deflate reaches about 1000:1 on a run of one byte; Excel's own parts stay well under 100:1.
RATIO = Limit(100, "文件中的部件“{part}”压缩比为 {ratio}:1，超过上限 {limit}:1（解压后会占用大量内存）",
              "这不是 Excel 或 WPS 保存的普通表格：检查文件来源；" + RESAVE)
RATIO_FLOOR = 1_000_000  # a part smaller than this (uncompressed) may have any ratio: it cannot hurt
SHARED_TEXT_BYTES = Limit(20_000_000, "表格中的文字（共享字符串表“{part}”）解压后有 {size}，超过上限 {limit}",
                          "检查是否有单元格误粘贴了整篇文档，或选错了文件；" + SMALLER, "MB")
CELL_CHARS = Limit(32_767, "单元格超过 {limit} 个字（Excel 单元格最多能放这么多）",
                   "检查是否误粘贴了整篇文档：单元格中只写这一项的内容。")
SHARED_CHARS = Limit(CELL_CHARS.value, "共享字符串表中第 {index} 段文字超过 {limit} 个字"
                     "（Excel 单元格最多能放这么多）", "检查是否有单元格误粘贴了整篇文档；" + RESAVE)
ROWS = Limit(10_000, "第{row}行还有内容：表格（各工作表合计）超过上限 {limit} 行",
             "标准目录和单位表格都远不到 1 万行：检查是否选错了文件，或删去表格下方多余的内容后再导入。")
COLUMNS = Limit(200, "第{column}列还有内容，超过上限 {limit} 列", "删去表格右侧多余的内容后再导入。")
CELLS = Limit(1_000_000, "表格（各工作表合计）有 {count} 个单元格（行数×列数），超过上限 {limit} 个",
              "删去表格右侧和下方多余的内容后再导入。")
MERGES = Limit(20_000, "合并单元格超过上限 {limit} 处", "取消不需要的合并单元格，" + RESAVE)
MAX_LISTED = 50  # cells with control characters a report names one by one; the rest are counted
MERGED_AREA = Limit(CELLS.value, "合并单元格共覆盖 {count} 个单元格，超过上限 {limit} 个（合并区域互相重叠？）",
                    "取消重叠或不需要的合并单元格，" + RESAVE)
DTD = ("文件中的部件“{part}”含有 DTD（<!DOCTYPE …>）", "Excel 和 WPS 保存的文件没有 DTD，这可能是构造的恶意文件：检查文件来源；"
       + RESAVE)
UNREADABLE_FIX = "在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入；确认文件不是加密的、不是 .xls 改名而来。"


def column_letter(column: int) -> str:
    """1 → A, 27 → AA (columns are counted from 1, as Excel shows them)."""
    return get_column_letter(column)


@dataclass(frozen=True)
class SheetError:
    """One problem of a spreadsheet: where it is (file, sheet, row, column), what is wrong, how to fix it."""

    file: str
    problem: str
    fix: str = ""
    sheet: str = ""
    row: int | None = None
    column: int | None = None
    header: str = ""  # the column's header, e.g. 公开内容

    def where(self) -> str:
        parts = [f"文件 {text_rules.visible(self.file)}"]  # a file or sheet name never sends a terminal an escape
        if self.sheet:
            parts.append(f"工作表“{text_rules.visible(self.sheet[:40])}”")
        if self.row:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"{column_letter(min(self.column, 18_278))}列" + (f"（{self.header}）" if self.header else ""))
        return "，".join(parts)
    def format(self) -> str:
        text = f"{self.where()}：{self.problem}"
        return text + (f"\n    修改办法：{self.fix}" if self.fix else "")


@dataclass
class SheetErrors:
    """Errors (nothing is written) and notes (cells not mapped, values to review: written, reported)."""

    errors: list[SheetError] = field(default_factory=list)
    notes: list[SheetError] = field(default_factory=list)

    def add(self, file: str, problem: str, fix: str = "", **where) -> None:
        self.errors.append(SheetError(file, problem, fix, **where))

    def note(self, file: str, problem: str, fix: str = "", **where) -> None:
        self.notes.append(SheetError(file, problem, fix, **where))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def report(self) -> str:
        lines = [f"未写入任何文件：发现 {len(self.errors)} 处错误，请逐条修改表格后重新导入。"]
        lines += [f"  {n}. {e.format()}" for n, e in enumerate(self.errors, 1)]
        return "\n".join(lines)

    def review(self) -> str:
        """The cells that were not mapped or need review (the importer never guesses silently)."""
        if not self.notes:
            return "所有单元格均已导入。"
        sheets: dict[str, int] = {}
        for e in self.notes:
            sheets.setdefault(e.sheet, len(sheets))
        notes = sorted(self.notes, key=lambda e: (sheets[e.sheet], e.row or 0, e.column or 0))  # as the sheets read
        lines = [f"以下 {len(notes)} 处单元格未导入或需要核对："]
        lines += [f"  {n}. {e.format()}" for n, e in enumerate(notes, 1)]
        return "\n".join(lines)


@dataclass
class Sheet:
    """One sheet: ``rows[r][c]`` is the text of row r+1, column c+1 ('' when empty)."""

    name: str
    rows: list[list[str]]

    def cell(self, row: int, column: int) -> str:
        """The text at (row, column), counted from 1 as Excel shows them."""
        if row - 1 < len(self.rows) and column - 1 < len(self.rows[row - 1]):
            return self.rows[row - 1][column - 1]
        return ""

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)



def read(path: Path, errors: SheetErrors, label: str | None = None) -> list[Sheet]:
    """Every sheet of ``path`` (.xlsx or .csv: one sheet named after the file); [] with an error when it
    cannot be read or is over a limit. A cell holding a control character is an error (the sheets are
    returned all the same, that character shown as ⟨U+001B⟩, so that the tools report their own errors
    of the same file together with it)."""
    label = label or path.name
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        errors.add(label, f"不支持的文件类型“{text_rules.visible(path.suffix[:20]) or '（无扩展名）'}”",
                   "另存为 Excel 工作簿（.xlsx）或 CSV（UTF-8）后再导入；.xls 请先在 Excel 或 WPS 中另存为 .xlsx。")
        return []
    if path.is_dir():
        errors.add(label, "这是一个文件夹，不是表格文件", "FILE= 写表格文件本身的路径，如 FILE=目录.xlsx。")
        return []
    try:
        with path.open("rb") as stream:
            data = stream.read(FILE_BYTES.value + 1)  # never more than the limit, whatever the file's size
    except OSError:
        errors.add(label, "文件不存在或无法打开", "检查文件路径（FILE=…）。")
        return []
    if len(data) > FILE_BYTES.value:
        FILE_BYTES.refuse(errors, label, size=_size_of(path, len(data)))
        return []
    sheets = _read_csv(data, path.stem, label, errors) if suffix == ".csv" else _read_xlsx(data, label, errors)
    _refuse_control_characters(sheets, label, errors)
    return sheets


def _size_of(path: Path, at_least: int) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return at_least


# --- CSV ---------------------------------------------------------------------------------------------

def _read_csv(data: bytes, name: str, label: str, errors: SheetErrors) -> list[Sheet]:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel saves CSV as UTF-8 (with BOM) or, in China, GBK
        try:
            decoded = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        errors.add(label, "无法识别文件编码", "在 Excel 中“另存为 CSV UTF-8（逗号分隔）”。")
        return []
    rows: list[list[str]] = []
    width = 0
    reader = csv.reader(io.StringIO(decoded))
    try:
        for number, row in enumerate(reader, 1):  # row by row: refused at the first row over a limit
            if number > ROWS.value:
                ROWS.refuse(errors, label, dict(row=number), row=number)
                return []
            if len(row) > COLUMNS.value:
                COLUMNS.refuse(errors, label, dict(row=number, column=COLUMNS.value + 1), column=COLUMNS.value + 1)
                return []
            cells = [c.strip() for c in row]
            long = next((c for c, cell in enumerate(cells, 1) if len(cell) > CELL_CHARS.value), None)
            if long is not None:
                CELL_CHARS.refuse(errors, label, dict(row=number, column=long))
                return []
            width = max(width, len(cells))
            rows.append(cells)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # the csv module's own bound, above CELL_CHARS
            CELL_CHARS.refuse(errors, label, dict(row=reader.line_num))
        else:
            errors.add(label, "CSV 格式有误（引号不成对或含有不可识别的内容）", "在 Excel 中重新“另存为 CSV UTF-8”。",
                       row=reader.line_num)
        return []
    if len(rows) * width > CELLS.value:
        CELLS.refuse(errors, label, count=len(rows) * width)
        return []
    return [Sheet(name, rows)]


# --- XLSX --------------------------------------------------------------------------------------------

def _read_xlsx(data: bytes, label: str, errors: SheetErrors) -> list[Sheet]:
    buffer = io.BytesIO(data)
    try:
        archive = zipfile.ZipFile(buffer)
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        errors.add(label, "无法读取 Excel 文件（不是有效的 .xlsx）", UNREADABLE_FIX)
        return []
    if not _check_parts(parts, label, errors):
        return []
    scans: dict[str, _Scan] = {}
    titles: dict[str, str] = {}  # worksheet part → its sheet's name, once the workbook's parts are scanned
    for part in sorted(parts, key=lambda p: not p.filename.endswith((".rels", "workbook.xml"))):
        scan = _scan(archive, part, titles.get(part.filename, ""), label, errors)
        if scan is None:
            return []
        scans[part.filename] = scan
        titles = _sheet_titles(scans)
    try:
        book = openpyxl.load_workbook(buffer, read_only=True, data_only=True)  # data_only: a formula's cached value
    except Exception:  # openpyxl raises zipfile, KeyError, ValueError … on a damaged file
        errors.add(label, "无法读取 Excel 文件（文件已损坏或不是 Excel 工作簿）", UNREADABLE_FIX)
        return []
    try:
        return _read_sheets(book, scans, label, errors)
    except Exception:  # a value openpyxl cannot convert (a damaged number, date or style)
        errors.add(label, "无法读取 Excel 文件（单元格的值或格式已损坏）", UNREADABLE_FIX)
        return []
    finally:
        book.close()


def _check_parts(parts: list[zipfile.ZipInfo], label: str, errors: SheetErrors) -> bool:
    """The zip's directory against the limits, before anything is inflated (zipfile never inflates a
    part past the size its directory declares)."""
    if len(parts) > PARTS.value:
        PARTS.refuse(errors, label, count=len(parts))
        return False
    total = 0
    for part in parts:
        name = text_rules.visible(part.filename[:80])
        if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):  # bzip2, lzma: inflated unbounded
            errors.add(label, f"文件中的部件“{name}”使用了 Excel 不用的压缩方式", "这不是 Excel 或 WPS 保存的表格：" + RESAVE)
            return False
        if part.file_size > PART_BYTES.value:
            PART_BYTES.refuse(errors, label, part=name, size=part.file_size)
            return False
        ratio = part.file_size // max(part.compress_size, 1)
        if part.file_size > RATIO_FLOOR and ratio > RATIO.value:
            RATIO.refuse(errors, label, part=name, ratio=ratio)
            return False
        total += part.file_size
    if total > TOTAL_BYTES.value:
        TOTAL_BYTES.refuse(errors, label, size=total)
        return False
    return True


def _read_sheets(book, scans: dict[str, _Scan], label: str, errors: SheetErrors) -> list[Sheet]:
    """The values of every worksheet, up to the last row and column its scan found a value in."""
    sheets = []
    rows = cells = 0
    for ws in book.worksheets:
        scan = scans.get(ws._worksheet_path.lstrip("/"))  # openpyxl's read-only sheet knows its part
        if scan is None:
            errors.add(label, "无法读取 Excel 文件（找不到工作表的内容）", UNREADABLE_FIX, sheet=ws.title)
            return []
        if rows + scan.rows > ROWS.value:
            row = ROWS.value - rows + 1
            ROWS.refuse(errors, label, dict(sheet=ws.title, row=row), row=row)
            return []
        rows += scan.rows
        cells += scan.rows * scan.columns
        if cells > CELLS.value:
            CELLS.refuse(errors, label, dict(sheet=ws.title), count=cells)
            return []
        grid = [[_text(v) for v in row] for row in ws.iter_rows(
            min_row=1, max_row=scan.rows, min_col=1, max_col=scan.columns, values_only=True)] if scan.rows else []
        area = sum((min(r2, scan.rows) - r1 + 1) * (min(c2, scan.columns) - c1 + 1)
                   for r1, c1, r2, c2 in scan.merges if r1 <= scan.rows and c1 <= scan.columns)
        if area > MERGED_AREA.value:
            MERGED_AREA.refuse(errors, label, dict(sheet=ws.title), count=area)
            return []
        for r1, c1, r2, c2 in scan.merges:  # every cell of a merged range carries the first cell's value
            if r1 <= scan.rows and c1 <= scan.columns:
                value = grid[r1 - 1][c1 - 1]
                for r in range(r1, min(r2, scan.rows) + 1):
                    grid[r - 1][c1 - 1:min(c2, scan.columns)] = [value] * (min(c2, scan.columns) - c1 + 1)
        sheets.append(Sheet(ws.title, grid))
    return sheets


class _Refused(Exception):
    """A part over a limit, found while it streams: the problem, the fix and where (row, column)."""

    def __init__(self, problem: str, fix: str, **where):
        super().__init__(problem)
        self.problem, self.fix, self.where = problem, fix, where


_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,9})")
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass
class _Scan:
    """What one streaming pass over an XML part found: of a worksheet, the last row and column holding
    a value and the merged ranges (first row, first column, last row, last column); of the workbook and
    its relationships, the sheets' names and parts (for messages)."""

    part: str
    size: int
    rows: int = 0
    columns: int = 0
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    sheets: list[tuple[str, str]] = field(default_factory=list)  # (name, relationship id) in workbook.xml
    links: dict[str, tuple[str, str]] = field(default_factory=dict)  # relationship id → (type, target)
    _row: int = 0
    _column: int = 0
    _in_cell: bool = False
    _cell_chars: int = 0
    _in_text: bool = False
    _in_string: bool = False
    _strings: int = 0
    _string_chars: int = 0

    def start(self, name: str, attrs: dict) -> None:
        tag = name.rpartition(" ")[2]  # the local name: "http://…/main row" → row
        if tag == "row":
            self._row = _number(attrs.get("r"), self._row + 1)
            self._column = 0
        elif tag == "c":
            ref = attrs.get("r")
            match = _CELL_REF.fullmatch(ref) if ref is not None else None
            if ref is not None and match is None:
                raise _Refused(f"单元格位置“{text_rules.visible(ref[:20])}”无效", UNREADABLE_FIX, row=self._row)
            self._column = column_index_from_string(match[1]) if match else self._column + 1
            self._row = int(match[2]) if match else max(self._row, 1)
            self._in_cell, self._cell_chars = True, 0
        elif tag in ("v", "t"):
            self._in_text = self._in_cell or self._in_string
        elif tag == "si":
            self._in_string, self._string_chars = True, 0
            self._strings += 1
        elif tag == "sst" and self.size > SHARED_TEXT_BYTES.value:
            raise _Refused(_format(SHARED_TEXT_BYTES, part=self.part, size=self.size), SHARED_TEXT_BYTES.fix)
        elif tag == "mergeCell":
            self._merge(attrs.get("ref") or "")
        elif tag == "sheet":
            self.sheets.append((attrs.get("name", ""), attrs.get(f"{_RELATIONSHIPS} id", "")))
        elif tag == "Relationship":
            self.links[attrs.get("Id", "")] = (attrs.get("Type", ""), attrs.get("Target", ""))

    def text(self, data: str) -> None:
        if not self._in_text:
            return
        if self._in_cell:
            self._cell_chars += len(data)
            if self._cell_chars > CELL_CHARS.value:
                raise _Refused(_format(CELL_CHARS), CELL_CHARS.fix,
                               row=self._row, column=self._column)
        else:
            self._string_chars += len(data)
            if self._string_chars > SHARED_CHARS.value:
                raise _Refused(_format(SHARED_CHARS, index=self._strings), SHARED_CHARS.fix)

    def end(self, name: str) -> None:
        tag = name.rpartition(" ")[2]
        if tag == "c":
            if self._cell_chars:
                self._extend(self._row, self._column)
            self._in_cell = False
        elif tag in ("v", "t"):
            self._in_text = False
        elif tag == "si":
            self._in_string = False

    def _extend(self, row: int, column: int) -> None:
        """A value at (row, column): the extent grows, within the limits (the scan stops at the first
        value past one)."""
        if row > ROWS.value:
            raise _Refused(_format(ROWS, row=row), ROWS.fix, row=row)
        if column > COLUMNS.value:
            raise _Refused(_format(COLUMNS, column=column), COLUMNS.fix, row=row, column=column)
        self.rows, self.columns = max(self.rows, row), max(self.columns, column)

    def _merge(self, ref: str) -> None:
        first, _, last = ref.partition(":")
        start, end = _CELL_REF.fullmatch(first), _CELL_REF.fullmatch(last or first)
        if start is None or end is None:
            raise _Refused(f"合并单元格“{text_rules.visible(ref[:20])}”无效", UNREADABLE_FIX)
        if len(self.merges) >= MERGES.value:
            raise _Refused(_format(MERGES), MERGES.fix)
        r1, c1 = int(start[2]), column_index_from_string(start[1])
        r2, c2 = int(end[2]), column_index_from_string(end[1])
        self.merges.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))


def _format(limit: Limit, **found) -> str:
    shown = {k: limit.show(v) if limit.unit == "MB" and k == "size" else v for k, v in found.items()}
    return limit.problem.format(limit=limit.show(limit.value), **shown)


def _number(value: str | None, default: int) -> int:
    if value is None:
        return default
    if not value.isdigit() or len(value) > 9:
        raise _Refused(f"行号“{text_rules.visible(value[:20])}”无效", UNREADABLE_FIX)
    return int(value)


def _sheet_titles(scans: dict[str, _Scan]) -> dict[str, str]:
    """Worksheet part → sheet name, from the workbook part and its relationships (once both are scanned)."""
    root = scans.get("_rels/.rels")
    workbook = next((target for kind, target in (root.links.values() if root else ())
                     if kind.endswith("/officeDocument")), "xl/workbook.xml").lstrip("/")
    folder, _, name = workbook.rpartition("/")
    book, links = scans.get(workbook), scans.get(f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels")
    if book is None or links is None:
        return {}
    out = {}
    for title, rid in book.sheets:
        target = links.links.get(rid, ("", ""))[1]
        if target:
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[path] = title
    return out


def _scan(archive: zipfile.ZipFile, part: zipfile.ZipInfo, title: str, label: str, errors: SheetErrors) -> _Scan | None:
    """One streaming pass over a part (64 KB at a time, nothing kept but counts, names and merged ranges);
    None with an error when the part holds a DTD, a text or an extent over a limit, or is not well-formed
    XML. A part that is not XML (an image) is passed over: openpyxl does not parse it."""
    name = text_rules.visible(part.filename[:80])
    scan = _Scan(name, part.file_size)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True

    def refuse_dtd(*_):
        raise _Refused(DTD[0].format(part=name), DTD[1])

    parser.StartDoctypeDeclHandler = refuse_dtd  # no DTD, so no entity (XXE, billion laughs) is ever declared
    parser.EntityDeclHandler = refuse_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.text
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(1 << 16):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Refused as refused:
        errors.add(label, refused.problem, refused.fix, **({"sheet": title} if title else {}), **refused.where)
        return None
    except expat.ExpatError:
        if part.filename.lower().endswith((".xml", ".rels")):
            errors.add(label, f"无法读取 Excel 文件（部件“{name}”不是有效的 XML）", UNREADABLE_FIX,
                       **({"sheet": title} if title else {}))
            return None
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
        errors.add(label, f"无法读取 Excel 文件（部件“{name}”已损坏）", UNREADABLE_FIX)
        return None
    return scan


# Excel writes a character XML cannot carry (a control character: U+000B from Word's line break) as
# _x000B_, and a literal "_x" as _x005F_x (ECMA-376 ST_Xstring); openpyxl leaves them as they are (but
# drops "x005F_" from shared strings, so a literal "_x0041_" typed in a shared string reads as "A").
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _text(value) -> str:
    """A cell's value as the text Excel shows (a whole number without .0, a date as 2024-01-31)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = _ESCAPE.sub(lambda m: chr(int(m[1], 16)), value) if isinstance(value, str) and "_x" in value else str(value)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


# --- text --------------------------------------------------------------------------------------------

def _refuse_control_characters(sheets: list[Sheet], label: str, errors: SheetErrors) -> None:
    """A control character in a cell or a sheet's name is an error naming the cell and the character
    (parse/text.py); the cell is kept with the character shown as ⟨U+001B⟩, so that no message the tools
    print of it sends a terminal an escape sequence."""
    found = 0
    for sheet in sheets:
        problem = text_rules.problem(sheet.name)
        if problem:
            errors.add(label, f"工作表名称{problem}", "在 Excel 或 WPS 中重命名这个工作表。", sheet=sheet.name)
            sheet.name = text_rules.visible(sheet.name)
        for r, row in enumerate(sheet.rows, 1):
            for c, value in enumerate(row, 1):
                problem = text_rules.problem(value) if value else None
                if problem is None:
                    continue
                found += 1
                if found <= MAX_LISTED:
                    errors.add(label, problem, text_rules.FIX, sheet=sheet.name, row=r, column=c)
                row[c - 1] = text_rules.visible(value)
    if found > MAX_LISTED:
        errors.add(label, f"另有 {found - MAX_LISTED} 个单元格含有看不见的字符，未逐一列出", text_rules.FIX)
