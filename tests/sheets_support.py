"""Spreadsheets in the shapes counties publish, for the tests of make import-catalog, import-orgs and
new-county: openpyxl workbooks with merged cells, a township's CSV, an organisation list."""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import openpyxl

CHANNELS_CELL = ("■政府网站 □政府公报 □两微一端 □发布会/听证会 □广播电视 □纸质媒体 □公开查阅点 ■政务服务中心 □便民服务站 "
                 "□入户/现场 □社区/企事业单位/村公示栏（电子屏） □精准推送 □其他")


def book(path: Path, sheets: dict[str, tuple[list[list], list[str]]]) -> Path:
    """A workbook: per sheet its rows (None for an empty cell) and merged ranges ("A2:A3")."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, (rows, merges) in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value is not None:
                    ws.cell(r, c, value)
        for rng in merges:
            ws.merge_cells(rng)
    wb.save(path)
    return path


def standard_sheet():
    """The canonical shape (domain-notes §1.2): title, two-row header, merged 一级事项, a note row."""
    rows = [
        ["扶贫领域基层政务公开标准目录"],
        ["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
         "公开对象", None, "公开方式", None, "公开层级", None],
        [None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群体", "主动", "依申请", "县级", "乡级"],
        [1, "政策文件", "规范性文件", "各级政府涉及扶贫领域的规范性文件", "《中华人民共和国政府信息公开条例》",
         "信息形成或者变更之日起20个工作日内", "县乡村振兴局", CHANNELS_CELL, "√", None, "√", None, "√", "√"],
        [None, None, "其他政策文件", "涉及扶贫领域其他政策文件", "《中华人民共和国政府信息公开条例》\n《扶贫领域基层政务公开标准指引》",
         "每年1月31日前", "县乡村振兴局", "■政府网站", "√", None, "√", None, "√", None],
        [2, "扶贫对象", "贫困人口识别", "识别标准、识别程序、识别结果", "《中华人民共和国政府信息公开条例》",
         "信息形成之日起某个合适的时候", "乡镇人民政府", "□政府网站 ■社区/企事业单位/村公示栏（电子屏）", None, "√", None, "√",
         None, "√"],
        [],
        ["注：公开渠道和载体中“■”表示选用，“□”表示未选用。"],
    ]
    merges = ["A1:N1", "A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:J2", "K2:L2", "M2:N2",
              "A4:A5", "B4:B5", "A8:N8"]
    return rows, merges


def variant_sheet():
    """特定群众, 依申请公开, 县级/乡、村级, 三级事项, 网站所属栏目, 备注, 五公开, ✓ ● ■ ticks, 公开时长 (not held)."""
    rows = [
        ["某某县社会救助领域基层政务公开标准目录（2024年版）"],
        ["序号", "公开事项", None, None, "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道",
         "公开对象", None, "公开方式", None, "公开层级", None, "网站所属栏目", "五公开", "公开时长", "备注"],
        [None, "一级事项", "二级事项", "三级事项", None, None, None, None, None, "全社会", "特定群众", "主动",
         "依申请公开", "县级", "乡、村级", None, None, None, None],
        [1, "最低生活保障", "审核信息", "初审名单", "初审对象名单及相关信息", "《社会救助暂行办法》",
         "制定或获取信息之日起10个工作日内，公示7个工作日", "乡镇人民政府", "■社区/企事业单位/村公示栏(电子屏) ■管理部门网站",
         None, "✓", "●", None, None, "■", "政府信息公开—社会救助—低保", "□决策 □执行 ■管理 □服务 ■结果", "长期", "线下公示"],
        [2, "最低生活保障", "审批信息", None, "低保对象名单", "《社会救助暂行办法》", "本级政府财政部门批复后20日内",
         "县民政局", "政府网站、政务服务中心", "✓", None, "✓", None, "✓", "✓", None, None, None, None],
    ]
    merges = ["A1:S1", "A2:A3", "B2:D2", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:I3", "J2:K2", "L2:M2", "N2:O2",
              "P2:P3", "Q2:Q3", "R2:R3", "S2:S3", "B4:B5"]
    return rows, merges


def township_csv(path: Path) -> Path:
    """A township's CSV: 镇级/村级, no merges (continuation cells empty), 区级 spelled nowhere."""
    text = "\n".join([
        "龙山镇政府信息公开事项目录,,,,,,,,,,,,",
        "序号,公开事项,,公开内容,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,,公开方式,,公开层级,",
        ",一级事项,二级事项,,,,,,全社会,特定群体,主动,依申请,镇级,村级",
        "1,政府文件,政府文件,政府文件。,《中华人民共和国政府信息公开条例》,信息形成或变更之日起3个工作日内,镇人民政府,■政府网站,√,,√,,√,",
        "2,,乡镇简介,乡镇行政区划、人口民族,同上,实时公开,镇人民政府,■政府网站,√,,√,,√,√",
    ])
    path.write_text(text, encoding="utf-8-sig")
    return path


def orgs_sheet(county: str = "河清县"):
    """An organisation list: a title row, the county, two departments, a township with a village and a
    community, a subdistrict; 网址名 given for one, the rest from pinyin."""
    rows = [
        [f"{county}政务公开单位名录"],
        ["序号", "名称", "类型", "上级", "统一社会信用代码", "网址名", "负责领域", "简称"],
        [1, f"{county}人民政府", "县政府", None, "11410000MB0A00018K", None, None, "县政府"],
        [2, f"{county}民政局", "部门", f"{county}人民政府", "11410000MB0A00026E", None, "shehuijiuzhu", "县民政局"],
        [3, f"{county}乡村振兴局", "部门", None, "11410000MB0A000349", "xczx", "fupin", None],
        [4, "城关镇", "乡镇", None, "11410000MB0A000424", None, None, None],
        [5, "东街社区", "社区", "城关镇", "11410000MB0A00050Y", None, None, None],
        [6, "城关村", "村", "城关镇", "11410000MB0A00069U", None, None, None],
        [7, "河东街道", "街道", None, "11410000MB0A00077N", None, None, None],
    ]
    return rows, ["A1:H1"]


# --- hostile workbooks: zip parts written by hand -----------------------------------------------------

SHEET_PART = "xl/worksheets/sheet1.xml"
STRINGS_PART = "xl/sharedStrings.xml"
MAIN_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ' + MAIN_NS + b"><sheetData>"
SHEET_TAIL = b"</sheetData></worksheet>"


@dataclass(frozen=True)
class Repeated:
    """A part made of ``head``, ``body`` repeated ``times`` times and ``tail``: written as one compressed copy
    of ``body`` repeated in the deflate stream (independent blocks), so a part that inflates to gigabytes is
    built in a moment and takes a few megabytes. ``declared``: the size the zip's directory claims, if not
    the true one."""

    head: bytes
    body: bytes
    times: int
    tail: bytes = b""
    declared: int | None = None


def _deflated(part: bytes | Repeated) -> tuple[bytes, int, int, int]:
    """(raw deflate stream, CRC-32, true size, declared size) of a part."""
    if isinstance(part, bytes):
        part = Repeated(part, b"", 0)
    head = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = head.compress(part.head) + head.flush(zlib.Z_FULL_FLUSH)  # a full flush: later blocks stand alone
    if part.times:
        body = zlib.compressobj(9, zlib.DEFLATED, -15)
        stream += (body.compress(part.body) + body.flush(zlib.Z_FULL_FLUSH)) * part.times
    tail = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream += tail.compress(part.tail) + tail.flush(zlib.Z_FINISH)
    crc = zlib.crc32(part.head)
    if part.times:  # the CRC of the repeated body, 20 MB at a time
        count = min(part.times, max(1, 20_000_000 // max(len(part.body), 1)))
        whole, rest = divmod(part.times, count)
        step = part.body * count
        for _ in range(whole):
            crc = zlib.crc32(step, crc)
        crc = zlib.crc32(part.body * rest, crc)
    crc = zlib.crc32(part.tail, crc)
    size = len(part.head) + len(part.body) * part.times + len(part.tail)
    return stream, crc, size, size if part.declared is None else part.declared


def write_zip(path: Path, parts: dict[str, bytes | Repeated]) -> Path:
    """A zip of deflated parts, written by hand (zipfile cannot write a stream it did not compress)."""
    central = []
    with path.open("wb") as out:
        for name, part in parts.items():
            stream, crc, _, declared = _deflated(part)
            encoded, offset = name.encode(), out.tell()
            out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 33, crc, len(stream), declared,
                                  len(encoded), 0) + encoded + stream)
            central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 33, crc, len(stream), declared,
                                       len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
        start, directory = out.tell(), b"".join(central)
        out.write(directory + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory),
                                          start, 0))
    return path


def hostile_book(path: Path, replace: dict[str, bytes | Repeated], rows: list[list] | None = None) -> Path:
    """A genuine workbook (one sheet "表1" of ``rows``, made by openpyxl) with some parts replaced or added."""
    book(path, {"表1": (rows or [["名称", "类型"], ["甲", "乙"]], [])})
    with zipfile.ZipFile(path) as genuine:
        parts: dict[str, bytes | Repeated] = {info.filename: genuine.read(info) for info in genuine.infolist()}
    parts.update(replace)
    return write_zip(path, parts)


def sheet_xml(rows: str | bytes) -> bytes:
    """A worksheet part around ``rows`` (the <row> elements)."""
    return SHEET_HEAD + (rows.encode() if isinstance(rows, str) else rows) + SHEET_TAIL


def shared_strings_book(path: Path, strings: bytes | Repeated, rows: str = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>') -> Path:
    """A workbook whose sheet's cells refer to a shared-string table (``strings``: the whole part), as
    Excel and WPS save text."""
    book(path, {"表1": ([["x"]], [])})
    with zipfile.ZipFile(path) as genuine:
        parts: dict[str, bytes | Repeated] = {info.filename: genuine.read(info) for info in genuine.infolist()}
    override = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", override)
    parts[SHEET_PART] = sheet_xml(rows)
    parts[STRINGS_PART] = strings
    return write_zip(path, parts)


def sst(*texts: str) -> bytes:
    """A shared-string table of ``texts``."""
    items = "".join(f"<si><t>{t}</t></si>" for t in texts)
    return f'<sst {MAIN_NS.decode()} count="{len(texts)}" uniqueCount="{len(texts)}">{items}</sst>'.encode()
