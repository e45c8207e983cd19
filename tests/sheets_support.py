"""Spreadsheets in the shapes counties publish, for the tests of make import-catalog, import-orgs and
new-county: openpyxl workbooks with merged cells, a township's CSV, an organisation list."""

from __future__ import annotations

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
