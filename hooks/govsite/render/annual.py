"""The annual report's tables as downloads beside its page: CSV (UTF-8 with a BOM, so Excel reads the
Chinese) and XLSX (openpyxl), one sheet per table, from the view's ``tables`` (``views.pages.tables``)."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Font

from ..parse.text import xml_safe
from ..views.pages import AnnualReportView
from .machine import spreadsheet_text

SHEET_NAMES = ("表二 主动公开", "表三 依申请公开", "表四 复议诉讼")  # Excel: at most 31 characters, no ：


def csv_text(view: AnnualReportView) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([spreadsheet_text(view.heading)])
    for table in view.tables:
        writer.writerow([])
        writer.writerow([spreadsheet_text(table.title)])
        writer.writerows([spreadsheet_text(v) for v in row] for row in table.rows)
    return xml_safe(out.getvalue())


def xlsx_bytes(view: AnnualReportView) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, table in zip(SHEET_NAMES, view.tables):
        sheet = book.create_sheet(name)
        sheet.append([_cell(view.heading)])
        sheet.append([_cell(table.title)])
        for row in table.rows:
            sheet.append([_cell(value) for value in row])
        for line in sheet.iter_rows():  # openpyxl stores text beginning with = as a formula: text stays text
            for cell in line:
                if cell.data_type == "f":
                    cell.data_type = "s"
        sheet["A1"].font = Font(bold=True)
        sheet.column_dimensions["A"].width = 60
    out = io.BytesIO()
    book.save(out)
    return _fixed_times(out.getvalue())


def _cell(value):
    """Text as a cell may hold it: openpyxl raises IllegalCharacterError on a control character (e.g. U+000B
    from Word in an organisation's name), and a download must never fail a build (``xml_safe``)."""
    return xml_safe(value) if isinstance(value, str) else value


def _fixed_times(data: bytes) -> bytes:
    """The same workbook gives the same bytes (zip entries carry the time they were written; the workbook's
    docProps/core.xml its creation time): a rebuild of unchanged content changes no file."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"<dcterms:(created|modified)([^>]*)>[^<]*<", rb"<dcterms:\1\2>2000-01-01T00:00:00Z<",
                                  content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()


def files(views: dict) -> dict[str, str | bytes]:
    """{source URI: content} of every report's downloads."""
    out: dict[str, str | bytes] = {}
    for view in views.values():
        if isinstance(view, AnnualReportView):
            csv_uri, xlsx_uri = view.download_uris
            out[csv_uri], out[xlsx_uri] = csv_text(view), xlsx_bytes(view)
    return out
