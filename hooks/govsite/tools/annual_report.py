"""``make annual-report ORG=… YEAR=…`` (``python -m govsite.tools.annual_report``): the data file of an
organisation's 政府信息公开工作年度报告, ``content/<organisation folder>/年报/<year>.yml``, written from the
declaration (``model.annual``): every row of the national format (国办公开办函〔2021〕30号) with a Chinese
comment, table 二 pre-filled with what the content counts (never a zero: a typed zero would beat the site's count
once the year's documents are in, so a cell counted as 0 is left to the site, a row of zeros commented), 上年结转 (and, until the results are filled in,
结转下年度) with the last year's 结转下年度, the other counts 0 (the file as written passes the cross-checks), the texts and 发布日期 empty (a draft: not published until 发布日期 is filled in).

Refused, with a Chinese message, exit status 1 and nothing written: an unknown organisation, one without a
年报 column, a year that has not ended, a file that exists already (never overwritten).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import sys
from pathlib import Path

from ..model import annual
from ..model import site as model
from ..parse import arguments, kinds, schema
from ..parse.errors import ErrorCollector, os_problem
from .new import find_org
from .project import Project, Refused

NOTHING_COUNTED = ("网站内容中还没有{year}年成文的相应栏目文件，表二的数字都未预填，生成网站时按网站内容统计；"
                   "文件发布到网站后不用改这里，只有实际数字与网站统计不同时才填写。")
COUNTED = {"made": "本年制发件数", "repealed": "本年废止件数", "valid": "现行有效件数", "processed": "本年处理决定数量"}


def write(config_file: Path, org_text: str, year: int, *, today: datetime.date | None = None) -> Path:
    """Write the data file; raise ``Refused`` when it cannot be made."""
    today = today or datetime.date.today()
    project = Project.load(config_file)
    try:
        org = find_org(project, org_text)
    except Refused as exc:  # make new's hint (choose from a list) does not apply here
        example = next(iter(project.tree.departments), project.tree.county)  # one of the county's own, in its words
        hint = f"如 ORG={example.id} 或 ORG={example.label}。" if example else "写单位的编号（文件夹名）或名称。"
        raise Refused(str(exc).replace("不带 ORG 运行 make new 可从列表中选择。", hint)) from None
    if not any(i.role == annual.ROLE for i in project.items_of(org)):
        raise Refused(f"{org.name}没有政府信息公开年报栏目（标准目录中角色为“年报”的事项不由{org.kind}公开）。")
    if year >= today.year:
        raise Refused(f"{year}年度尚未结束：年度报告在次年编制（条例第四十九条），如 YEAR={today.year - 1}。")
    path = project.content_dir / annual.data_file(org, year)
    rel = path.relative_to(project.root).as_posix()
    if path.exists():
        raise Refused(f"{rel} 已存在，不会覆盖：直接修改该文件，或先删除它。")
    errors = ErrorCollector()  # documents with mistakes are left out of the counts (make check names them)
    site = model.load(project.root, project.content_dir, project.root / _catalog_dir(project), errors)
    text = template(site, site.tree.orgs.get(org.id, org), year)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:  # disk full, no permission …: one line naming the path, nothing half-written left
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)  # (it did not exist: checked above)
        raise Refused(os_problem(exc, path)) from None
    return path


def _catalog_dir(project: Project) -> str:
    domain = next((d for d in project.catalog.domains if d.file), None)
    return Path(domain.file).parent.as_posix() if domain else "catalog"


def template(site, org, year: int) -> str:
    """The data file's text for ``org`` and ``year``."""
    columns = site.columns_of(org.id)
    documents = site.documents + site.revoked
    last = next((r for r in site.annual if r.org.id == org.id and r.year == year - 1), None)
    lines = [
        f"# {org.name}{year}年政府信息公开工作年度报告的数据（格式：{annual.FORMAT}），由 make annual-report 生成。",
        "# 各表每一行写成方括号中按表头顺序的非负整数；每行最后一个数是总计，生成网站时核对勾稽关系（各栏之和等于总计、",
        "# 第一项加第二项之和等于第三项加第四项之和、上年结转等于上一年报告的结转下年度）。",
        "# 全部填好并核对后填写“发布日期”，报告即在本单位“政府信息公开年报”栏目发布；不填发布日期为草稿，不发布。",
        "发布日期:                  # 如 " + f"{year + 1}-01-20（部门每年1月31日前，本级政府3月31日前）",
        "一、总体情况:              # 写法：冒号后写 |，下一行起每行缩进两格；段与段之间空一行",
        "二、主动公开政府信息情况:",
        f"  # 以下数字由网站内容统计（{year}年成文的相应栏目文件，按“年报统计”标注的标准目录事项），与实际不符时改为实际数字",
        "  # （检查报告会提示与网站内容不同的数字）；删去某一项则按网站内容自动统计。",
    ]
    rows, anything, columned = [], False, False
    for attr, row, kind in annual.CONTENT_ROWS:
        counted = annual.count(row, columns, documents, year)
        if row == "规章" and counted is None:
            rows.append("  # 规章：本单位没有规章栏目，不能制定规章，报告中显示“/”。")
            continue
        keys = [f.attr for f in schema.fields(kind)]
        values = ", ".join(f"{COUNTED[k]}: {getattr(counted, k) if counted else 0}" for k in keys)
        # A zero is never written: typed, it would beat the site's own count once the year's documents are in
        # (填写的数字优先); a cell left out is counted by the site at every build.
        nonzero = ", ".join(f"{COUNTED[k]}: {getattr(counted, k)}" for k in keys if counted and getattr(counted, k))
        anything, columned = anything or bool(nonzero), columned or counted is not None
        if counted is None:
            rows.append(f"  # {row}: {{{values}}}    # 本单位没有相应栏目：有时取消本行的 # 并填写")
        elif not nonzero:
            rows.append(f"  # {row}: {{{values}}}    # 网站内容目前统计为 0，不预填：生成网站时按网站内容统计")
        else:
            rows.append(f"  {row}: {{{nonzero}}}" + ("    # 未列出的项为 0，不预填，按网站内容统计" if nonzero != values else ""))
    if columned and not anything:
        lines.append("  # " + NOTHING_COUNTED.format(year=year))
    lines += rows
    fee = schema.fields(annual.Fees)[0].key
    lines.append(f"  行政事业性收费: {{{fee}: 0}}    # 万元，可有小数")
    lines.append(f"{annual.T3}:")
    lines.append("  # 每行 7 个数：[" + ", ".join(annual.APPLICANTS) + "]（商业企业至其他为法人或其他组织）")
    carried = last.data.applications.carried_forward if last else None
    lines += _rows(annual.Applications, 1, carried)
    lines.append(f"{annual.T4}:")
    lines.append("  # 每行 5 个数：[" + ", ".join(annual.REVIEW_COLUMNS) + "]")
    lines += _rows(annual.Reviews, 1, None)
    lines.append("五、存在的主要问题及改进情况:")
    lines.append("六、其他需要报告的事项:    # 如收取信息处理费情况、政务公开年度工作要点落实情况；没有写“无”")
    return "\n".join(lines) + "\n"


def _rows(cls, depth: int, carried) -> list[str]:
    out = []
    pad = "  " * depth
    for f in schema.fields(cls):
        if isinstance(f.kind, kinds.Counts):
            # 上年结转 is last year's 结转下年度; until the year's results are filled in, it is all carried forward
            # again (so the file as written keeps 一 + 二 = 三（七） + 四 and loads).
            carries = f.key.startswith(("二、上年结转", "四、结转下年度")) and carried is not None
            values = carried if carries else (0,) * len(f.kind.columns)
            note = ("    # 即上一年报告的“结转下年度继续办理”" if f.key.startswith("二、") else
                    "    # 填写办理结果后改为实际结转数") if carries else ""
            out.append(f"{pad}{f.key}: [{', '.join(str(v) for v in values)}]{note}")
        else:
            out.append(f"{pad}{f.key}:")
            out += _rows(f.kind.record, depth + 1, carried)
    return out


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if not args.org or not args.year:
            raise Refused("请指定单位和年度，如 make annual-report ORG=minzheng YEAR=2025。")
        path = write(Path(args.config_file), args.org, args.year)
    except Refused as exc:
        print(f"未创建文件：{exc}", file=sys.stderr)
        return 1
    nothing = NOTHING_COUNTED.format(year=args.year)
    table2 = (f"  注意：{nothing}" if nothing in path.read_text(encoding="utf-8")
              else "  表二已按网站内容填好（为 0 的数字不预填，按网站内容统计）")
    print(f"已创建 {path.relative_to(Path(args.config_file).resolve().parent).as_posix()}\n{table2}\n"
          "  请填写表三、表四和一、五、六部分，核对后填写发布日期（见编辑指南“八”）。")
    return 0


def _year(value: str) -> int:
    year = schema.parse_year(value)  # the rule of the data file's name (年报/2025.yml), which the build reads
    if year is None:
        raise argparse.ArgumentTypeError(f"“{value}”不是年份，应写成四位数字，如 YEAR=2025。")
    return year


def _parser() -> arguments.ArgumentParser:
    parser = arguments.ArgumentParser(prog="make annual-report",
                                      description="生成政府信息公开工作年度报告的数据文件（content/单位文件夹/年报/年份.yml）。")
    parser.add_argument("--org", variable="ORG", help="单位编号（文件夹名）或名称")
    parser.add_argument("--year", variable="YEAR", type=_year, help="报告年度，如 2025")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="FILE", help="配置文件（默认 mkdocs.yml）")
    return parser


if __name__ == "__main__":
    sys.exit(main())
