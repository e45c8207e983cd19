"""Spreadsheets as counties publish them (.xlsx, .csv): every sheet as a grid of text, merged cells
filled with the value of their first cell (a vertically merged 一级事项 is that 一级事项 on every row),
and the errors of a spreadsheet naming file, sheet, row and column (Chinese), collected and reported
together. What a grid means (a catalog, an organisation tree) is the tools' concern.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

MAX_BYTES = 20_000_000  # a county's catalog is well under 1 MB; refuse anything absurd before parsing
MAX_CELLS = 2_000_000
SUFFIXES = (".xlsx", ".xlsm", ".csv")


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
        parts = [f"文件 {self.file}"]
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.row:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"{column_letter(self.column)}列" + (f"（{self.header}）" if self.header else ""))
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
    cannot be read."""
    label = label or path.name
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        errors.add(label, f"不支持的文件类型“{path.suffix or '（无扩展名）'}”",
                   "另存为 Excel 工作簿（.xlsx）或 CSV（UTF-8）后再导入；.xls 请先在 Excel 或 WPS 中另存为 .xlsx。")
        return []
    try:
        size = path.stat().st_size
    except OSError:
        errors.add(label, "文件不存在或无法打开", "检查文件路径（FILE=…）。")
        return []
    if size > MAX_BYTES:
        errors.add(label, f"文件太大（{size // 1_000_000} MB）", "标准目录表格一般不到 1 MB：检查是否选错了文件。")
        return []
    if suffix == ".csv":
        return _read_csv(path, label, errors)
    return _read_xlsx(path, label, errors)


def _read_csv(path: Path, label: str, errors: SheetErrors) -> list[Sheet]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel saves CSV as UTF-8 (with BOM) or, in China, GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        errors.add(label, "无法识别文件编码", "在 Excel 中“另存为 CSV UTF-8（逗号分隔）”。")
        return []
    try:
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        errors.add(label, f"CSV 格式有误（{exc}）", "在 Excel 中重新“另存为 CSV UTF-8”。")
        return []
    return [Sheet(path.stem, rows)]


def _read_xlsx(path: Path, label: str, errors: SheetErrors) -> list[Sheet]:
    try:
        book = openpyxl.load_workbook(path, data_only=True)  # data_only: a formula's cached value
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError … on a damaged file
        errors.add(label, f"无法读取 Excel 文件（{type(exc).__name__}）",
                   "在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入；确认文件不是加密的、不是 .xls 改名而来。")
        return []
    sheets = []
    cells = 0
    for ws in book.worksheets:
        cells += (ws.max_row or 0) * (ws.max_column or 0)
        if cells > MAX_CELLS:
            errors.add(label, "表格太大", "检查是否有大量空白行列被格式化（删去后另存）。", sheet=ws.title)
            return []
        rows = [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        for merged in ws.merged_cells.ranges:  # every cell of a merged range carries the first cell's value
            value = _text(ws.cell(merged.min_row, merged.min_col).value)
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if r - 1 < len(rows) and c - 1 < len(rows[r - 1]):
                        rows[r - 1][c - 1] = value
        sheets.append(Sheet(ws.title, rows))
    return sheets


def _text(value) -> str:
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
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
