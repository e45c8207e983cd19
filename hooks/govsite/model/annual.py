"""The annual report (政府信息公开工作年度报告, 条例 第四十九条、第五十条) in the national format of
国办公开办函〔2021〕30号: one data file per organisation and year, ``content/<organisation folder>/年报/<year>.yml``,
holding what the content cannot know (applications and how they were handled, reviews and lawsuits, fees,
the text sections 一、五、六), in Chinese keys that are the table rows (domain-notes §5).

Table 二 comes from the content: 规章 and 行政规范性文件 (本年制发件数: 成文日期 in the year; 本年废止件数: 失效日期
or 撤销日期 in the year; 现行有效件数: in force at the year's end) and the 本年处理决定数量 of 行政许可、行政处罚、
行政强制, from the documents of the organisation's columns whose catalog item declares the row (``年报统计``).
A figure in the data file wins; the checks warn when it differs from the content. An organisation with no
column of a 规章 item cannot make 规章 (立法法 第九十三条: only provincial and 设区的市 governments can): its row
prints “/”.

The cross-checks (勾稽关系) are load errors naming the file, the row and the numbers: every count a non-negative
integer (the declaration's kinds), each row's cells add up to its 总计, （七）总计 is the sum of the results,
一 + 二 = 三（七）总计 + 四 (the format's own note), table 四's 总计 cells equal their rows, and 结转下年度 of one
year equals 上年结转 of the next when both files exist.

A data file without 发布日期 is a draft (草稿): validated, not published.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field

from ..parse import schema, yamlfile
from ..parse.errors import ErrorCollector
from ..parse.kinds import Amount, Count, Counts, Date, Record, Text
from ..parse.schema import Rule
from ..parse.schema import field as declare
from ..parse.yamlfile import LineDict
from . import reserved
from .columns import Column
from .content import ContentTree
from .documents import Document
from .orgs import Organisation, OrgTree

FOLDER = reserved.ANNUAL_DATA  # inside an organisation's folder: 年报/2025.yml
ROLE = "年报"  # the catalog item role of the 政府信息公开年报 column
FILE_NAME = re.compile(rf"^({schema.YEAR_DIGITS})\.yml$")  # the year's data file: 年报/2025.yml
FORMAT = "国办公开办函〔2021〕30号"
SECTIONS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
# Table 三's columns (申请人情况): 自然人, the five kinds of 法人或其他组织, 总计.
APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
APPLICANT_GROUP = "法人或其他组织"  # the header over APPLICANTS[1:6]
# Table 四's columns, for each of 行政复议 and the two kinds of 行政诉讼.
REVIEW_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def _row(key: str, doc: str = "", columns: tuple[str, ...] = APPLICANTS):
    """A table row: one count per column, the last one the 总计."""
    return declare(key, Counts(columns), doc or key, required=True)


# --- 二、主动公开政府信息情况 ---------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Made:
    """规章 / 行政规范性文件 (第二十条第（一）项); a figure left out comes from the content."""

    made: int | None = declare("本年制发件数", Count(), "本年制发件数")
    repealed: int | None = declare("本年废止件数", Count(), "本年废止件数")
    valid: int | None = declare("现行有效件数", Count(), "现行有效件数")


@dataclass(frozen=True, kw_only=True)
class Decisions:
    """行政许可 (第（五）项), 行政处罚, 行政强制 (第（六）项)."""

    processed: int | None = declare("本年处理决定数量", Count(), "本年处理决定数量")


@dataclass(frozen=True, kw_only=True)
class Fees:
    """行政事业性收费 (第（八）项)."""

    amount: float = declare("本年收费金额（单位：万元）", Amount(), "本年收费金额（单位：万元）", required=True)


@dataclass(frozen=True, kw_only=True)
class ActiveDisclosure:
    regulations: Made | None = declare("规章", Record(Made), "规章（不填：按网站内容统计；不能制定规章的机关显示“/”）")
    normative: Made | None = declare("行政规范性文件", Record(Made), "行政规范性文件（不填：按网站内容统计）")
    licensing: Decisions | None = declare("行政许可", Record(Decisions), "行政许可（不填：按网站内容统计）")
    punishment: Decisions | None = declare("行政处罚", Record(Decisions), "行政处罚（不填：按网站内容统计）")
    coercion: Decisions | None = declare("行政强制", Record(Decisions), "行政强制（不填：按网站内容统计）")
    fees: Fees = declare("行政事业性收费", Record(Fees), "行政事业性收费", required=True)


# The rows of table 二 that the content can count: (attribute, 年报统计 value, the row's kind).
CONTENT_ROWS = (("regulations", "规章", Made), ("normative", "行政规范性文件", Made),
                ("licensing", "行政许可", Decisions), ("punishment", "行政处罚", Decisions),
                ("coercion", "行政强制", Decisions))


# --- 三、收到和处理政府信息公开申请情况 -------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Denied:
    state_secret: tuple = _row("1.属于国家秘密")
    law_forbidden: tuple = _row("2.其他法律行政法规禁止公开")
    safety_stability: tuple = _row("3.危及“三安全一稳定”")
    third_party: tuple = _row("4.保护第三方合法权益")
    internal_affairs: tuple = _row("5.属于三类内部事务信息")
    process_info: tuple = _row("6.属于四类过程性信息")
    enforcement_case: tuple = _row("7.属于行政执法案卷")
    admin_query: tuple = _row("8.属于行政查询事项")


@dataclass(frozen=True, kw_only=True)
class Unable:
    no_info: tuple = _row("1.本机关不掌握相关政府信息")
    need_creation: tuple = _row("2.没有现成信息需要另行制作")
    unclear: tuple = _row("3.补正后申请内容仍不明确")


@dataclass(frozen=True, kw_only=True)
class NotProcessed:
    complaint: tuple = _row("1.信访举报投诉类申请")
    repeat: tuple = _row("2.重复申请")
    publication: tuple = _row("3.要求提供公开出版物")
    massive: tuple = _row("4.无正当理由大量反复申请")
    confirm: tuple = _row("5.要求行政机关确认或重新出具已获取信息")


@dataclass(frozen=True, kw_only=True)
class OtherHandling:
    overdue_correction: tuple = _row("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    overdue_fee: tuple = _row("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    other: tuple = _row("3.其他")


@dataclass(frozen=True, kw_only=True)
class Results:
    """三、本年度办理结果."""

    granted: tuple = _row("（一）予以公开")
    partial: tuple = _row("（二）部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    denied: Denied = declare("（三）不予公开", Record(Denied), "（三）不予公开", required=True)
    unable: Unable = declare("（四）无法提供", Record(Unable), "（四）无法提供", required=True)
    not_processed: NotProcessed = declare("（五）不予处理", Record(NotProcessed), "（五）不予处理", required=True)
    other: OtherHandling = declare("（六）其他处理", Record(OtherHandling), "（六）其他处理", required=True)
    total: tuple = _row("（七）总计")


@dataclass(frozen=True, kw_only=True)
class Applications:
    received: tuple = _row("一、本年新收政府信息公开申请数量")
    carried_over: tuple = _row("二、上年结转政府信息公开申请数量")
    results: Results = declare("三、本年度办理结果", Record(Results), "三、本年度办理结果", required=True)
    carried_forward: tuple = _row("四、结转下年度继续办理")


# --- 四、政府信息公开行政复议、行政诉讼情况 -------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Reviews:
    review: tuple = _row("行政复议", columns=REVIEW_COLUMNS)
    direct: tuple = _row("行政诉讼（未经复议直接起诉）", columns=REVIEW_COLUMNS)
    after_review: tuple = _row("行政诉讼（复议后起诉）", columns=REVIEW_COLUMNS)


def _texts_filled(data: ReportData) -> str | None:
    if data.published is None:
        return None  # a draft
    missing = [key for key, value in (("一、总体情况", data.overview), ("五、存在的主要问题及改进情况", data.problems),
                                      ("六、其他需要报告的事项", data.other)) if not value]
    return f"已填写发布日期，但{'、'.join(missing)}未填写" if missing else None


@dataclass(frozen=True, kw_only=True)
class ReportData:
    """The data file ``年报/<year>.yml``: the six sections of 国办公开办函〔2021〕30号."""

    published: datetime.date | None = declare("发布日期", Date(), "报告在网站发布的日期（不填为草稿，不发布）")
    overview: str | None = declare("一、总体情况", Text(), "总体情况（主动公开、依申请公开、政府信息管理、平台建设、监督保障）")
    active: ActiveDisclosure = declare("二、主动公开政府信息情况", Record(ActiveDisclosure), "主动公开政府信息情况", required=True)
    applications: Applications = declare("三、收到和处理政府信息公开申请情况", Record(Applications), "收到和处理政府信息公开申请情况",
                                         required=True)
    reviews: Reviews = declare("四、政府信息公开行政复议、行政诉讼情况", Record(Reviews), "行政复议、行政诉讼情况", required=True)
    problems: str | None = declare("五、存在的主要问题及改进情况", Text(), "存在的主要问题及改进情况")
    other: str | None = declare("六、其他需要报告的事项", Text(), "其他需要报告的事项（如收取信息处理费情况、年度工作要点落实情况）")

    RULES = (Rule("一、总体情况", _texts_filled, "填写一、五、六三部分的文字（没有需要报告的事项时写“无”），或删去发布日期（草稿）。"),)


# --- what the content gives ------------------------------------------------------------------------


@dataclass(frozen=True)
class Counted:
    """One row of table 二 as the content counts it (``None``: no column of that row at the organisation)."""

    made: int = 0
    repealed: int = 0
    valid: int = 0
    processed: int = 0
    documents: tuple[str, ...] = ()  # the files counted (project-relative)
    undated: tuple[str, ...] = ()  # 废止/失效 without 失效日期: the year it ended is unknown (counted as ended)


def count(row: str, columns: list[Column], documents: list[Document], year: int) -> Counted | None:
    """Table 二's ``row`` for ``year`` from the documents (revoked ones included: the decision was made) of the
    ``columns`` whose item declares the row; None when there is no such column."""
    mine = [c for c in columns if c.item.annual_row == row]
    if not mine:
        return None
    keys = {(c.org.id, c.item.id) for c in mine}
    docs = [d for d in documents if d.column is not None and (d.column.org.id, d.column.item.id) in keys]
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    made = [d for d in docs if start <= d.written <= end]
    if row in ("行政许可", "行政处罚", "行政强制"):
        return Counted(processed=len(made), documents=tuple(d.file for d in made))
    repealed, valid, undated = [], [], []
    for doc in docs:
        ended = _ended(doc)
        if ended is not None and start <= ended <= end:
            repealed.append(doc)
        if doc.written <= end and (ended is None or ended > end):
            if ended is None and doc.stated_validity.void:
                undated.append(doc)  # 废止 or 失效 at some unknown date: not counted as in force
            else:
                valid.append(doc)
    return Counted(made=len(made), repealed=len(repealed), valid=len(valid),
                   documents=tuple(d.file for d in made + repealed + valid), undated=tuple(d.file for d in undated))


@dataclass(frozen=True)
class Participation:
    """公众参与 in a year, for the editor to quote in 一、总体情况 (the 30号 format has no table row for it): the
    organisation's consultations (意见征集) whose 征集开始 falls in the year, the comments their 意见采纳情况 say
    were received, and how many were adopted."""

    consultations: int = 0
    answered: int = 0  # of them, with a published 意见采纳情况
    received: int = 0
    adopted: int = 0
    documents: tuple[str, ...] = ()  # the consultations counted (project-relative)

    @property
    def sentence(self) -> str:
        """The figures as a sentence to quote (empty when there was no consultation)."""
        if not self.consultations:
            return ""
        return (f"本年度通过网站公开征求意见{self.consultations}次，已公布意见采纳情况{self.answered}次，"
                f"收到意见{self.received}条，采纳{self.adopted}条。")


def participation(org: Organisation, documents: list[Document], year: int) -> Participation:
    """``org``'s 公众参与 figures for ``year`` (revoked consultations are not counted: they left the site)."""
    mine = [d for d in documents if d.consultation and not d.is_revoked and d.org is not None and d.org.id == org.id
            and d.consultation.start.year == year]
    answers = [d.feedback for d in mine if d.feedback is not None]
    return Participation(len(mine), len(answers), sum(a.received or 0 for a in answers),
                         sum(a.adopted or 0 for a in answers), tuple(d.file for d in mine))


def _ended(doc: Document) -> datetime.date | None:
    """The day a document stopped being in force: its 失效日期, else the day it was revoked (撤销)."""
    if doc.expires is not None:
        return doc.expires
    return doc.revocation.revoked if doc.revocation else None


@dataclass(frozen=True)
class Figure:
    """One cell of table 二: the value shown and where it comes from."""

    value: int | float | None  # None: “/” (the organisation cannot make 规章)
    given: int | float | None = None  # the data file's figure, if any
    counted: int | None = None  # the content's, if the organisation has a column of the row

    @property
    def text(self) -> str:
        if self.value is None:
            return "/"
        if isinstance(self.value, float):
            return f"{self.value:g}"
        return str(self.value)


# --- a report ------------------------------------------------------------------------------------------


@dataclass(eq=False)
class AnnualReport:
    """One organisation's report for one year: its data file and what the content adds."""

    org: Organisation
    year: int
    data: ReportData
    file: str  # project-relative, e.g. content/departments/minzheng/年报/2025.yml
    src_uri: str  # relative to content/
    digest: str
    column: Column | None = None  # the organisation's 年报 column
    counted: dict[str, Counted | None] = field(default_factory=dict)  # 年报统计 row → what the content counts
    can_make_regulations: bool = False
    participation: Participation = field(default_factory=Participation)  # 公众参与, for 一、总体情况

    @property
    def published(self) -> datetime.date | None:
        return self.data.published

    @property
    def is_draft(self) -> bool:
        return self.data.published is None

    @property
    def title(self) -> str:
        return f"{self.org.name}{self.year}年政府信息公开工作年度报告"

    def table2(self) -> dict[str, dict[str, Figure]]:
        """Table 二: row → {column key → Figure}, the data file's figures winning over the content's."""
        out: dict[str, dict[str, Figure]] = {}
        for attr, row, kind in CONTENT_ROWS:
            given = getattr(self.data.active, attr)
            counted = self.counted.get(row)
            cells = {}
            for f in schema.fields(kind):
                mine = getattr(given, f.attr) if given is not None else None
                theirs = getattr(counted, f.attr) if counted is not None else None
                if row == "规章" and not self.can_make_regulations:
                    cells[f.key] = Figure(None, mine)
                else:
                    cells[f.key] = Figure(mine if mine is not None else (theirs or 0), mine, theirs)
            out[row] = cells
        fee = self.data.active.fees.amount
        out["行政事业性收费"] = {schema.fields(Fees)[0].key: Figure(fee, fee)}
        return out


def data_file(org: Organisation, year: int) -> str:
    """The data file of ``org``'s report for ``year``, relative to content/."""
    return f"{org.folder}/{FOLDER}/{year}.yml"


def is_data_file(src_uri: str) -> bool:
    """A file of a 年报 folder (never published as it is: the report page shows it)."""
    return f"/{FOLDER}/" in f"/{src_uri}" and src_uri.endswith((".yml", ".yaml"))


def load(content: ContentTree, root, tree: OrgTree, columns: dict[tuple[str, str], Column],
         documents: list[Document], errors: ErrorCollector) -> list[AnnualReport]:
    """Every ``年报/<year>.yml`` of content/, validated and cross-checked; the reports by organisation and year."""
    reports: list[AnnualReport] = []
    by_org: dict[str, list[Column]] = {}
    for column in columns.values():
        by_org.setdefault(column.org.id, []).append(column)
    for src_uri in (f for f in content.files if is_data_file(f)):
        rel = (content.root / src_uri).relative_to(root).as_posix() if root in (content.root / src_uri).parents \
            else (content.root / src_uri).as_posix()
        parts = src_uri.split("/")
        folder = "/".join(parts[:parts.index(FOLDER)])
        org = tree.by_folder.get(folder)
        if org is None:
            if folder not in tree.broken:
                errors.add(rel, f"年报数据文件所在的文件夹“content/{folder or '.'}”不是任何单位的文件夹（没有 _org.yml），"
                           "不知道是哪个单位的年报", f"把文件放到本单位文件夹中的“{FOLDER}”文件夹：content/<单位文件夹>/{FOLDER}/<年份>.yml。")
            continue
        match = FILE_NAME.match(parts[-1])
        if match is None or len(parts) != len(folder.split("/")) + 2:
            errors.add(rel, f"年报数据文件的名字应为年份（如 {FOLDER}/2025.yml），且直接放在“{FOLDER}”文件夹中",
                       f"改名为报告年度，如 content/{org.folder}/{FOLDER}/2025.yml。")
            continue
        year = int(match[1])
        column = next((c for c in by_org.get(org.id, []) if c.item.role == ROLE), None)
        if column is None:
            errors.add(rel, f"{org.name}没有政府信息公开年报栏目（标准目录中角色为“年报”的事项不由{org.kind}公开），年报无处发布",
                       "删除这个文件；如本单位确需发布年报，请政务公开办调整标准目录中年报事项的公开层级。")
            continue
        text = yamlfile.read(content.root / src_uri, rel, errors)
        data = yamlfile.load(text, rel, errors) if text is not None else None
        if data is None:
            if text is not None and not text.strip():
                errors.add(rel, "年报数据文件是空的", f"用 make annual-report ORG={org.id} YEAR={year} 生成填写模板，或删除这个文件。")
            continue
        record = schema.record(ReportData, data, errors, rel)
        if record is None:
            continue
        before = len(errors)
        _cross_check(record, data, rel, errors)
        if len(errors) > before:
            continue
        mine = by_org.get(org.id, [])
        report = AnnualReport(org, year, record, rel, src_uri,
                              hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest(), column,
                              can_make_regulations=any(c.item.annual_row == "规章" for c in mine))
        report.counted = {row: count(row, mine, documents, year) for _, row, _ in CONTENT_ROWS}
        report.participation = participation(org, documents, year)
        if record.active.regulations is not None and not report.can_make_regulations:
            errors.add(rel, f"{org.name}没有规章栏目（标准目录中年报统计为“规章”的事项），不能制定规章，表二规章一行显示“/”",
                       "删去“规章”及其下的数字。", field="二、主动公开政府信息情况.规章",
                       line=_line(data, ("二、主动公开政府信息情况", "规章")))
            continue
        reports.append(report)
    reports.sort(key=lambda r: (r.org.order, r.org.id, r.year))
    _carry_over(reports, errors)
    for report in reports:
        if report.column is not None and not report.is_draft:
            report.column.reports.append(report)
    for column in columns.values():
        column.reports.sort(key=lambda r: (r.year, r.published), reverse=True)
    return reports


# --- 勾稽关系 -----------------------------------------------------------------------------------------

T3 = "三、收到和处理政府信息公开申请情况"
T4 = "四、政府信息公开行政复议、行政诉讼情况"
RESULTS = "三、本年度办理结果"


def _line(data, path: tuple[str, ...]) -> int | None:
    """The line of the key at ``path`` in the editor's mapping (or of its nearest ancestor)."""
    line = None
    for key in path:
        if not isinstance(data, LineDict):
            break
        line = data.line_of(key)
        data = data.get(key)
    return line


def _cells(values, columns) -> str:
    return "，".join(f"{label} {value}" for label, value in zip(columns, values))


def _sum_check(row: tuple, columns: tuple[str, ...], path: tuple[str, ...], data, file: str,
               errors: ErrorCollector) -> None:
    parts, total = row[:-1], row[-1]
    if sum(parts) != total:
        errors.add(file, f"勾稽关系不成立：“{path[-1]}”一行{'、'.join(columns[:-1])}之和 "
                   f"{' + '.join(str(v) for v in parts)} = {sum(parts)}，与总计 {total} 不符",
                   "核对这一行的数字：总计应等于前面各栏之和。", field=".".join(path), line=_line(data, path))


def _rows(record, path: tuple[str, ...]):
    """Every counts row of a nested record: (path, values)."""
    for f in schema.fields(type(record)):
        value = getattr(record, f.attr)
        if isinstance(f.kind, Counts):
            yield path + (f.key,), value
        elif f.kind.record is not None and value is not None:
            yield from _rows(value, path + (f.key,))


def _cross_check(record: ReportData, data, file: str, errors: ErrorCollector) -> None:
    applications, results = record.applications, record.applications.results
    for path, values in _rows(applications, (T3,)):
        _sum_check(values, APPLICANTS, path, data, file, errors)
    for path, values in _rows(record.reviews, (T4,)):
        _sum_check(values, REVIEW_COLUMNS, path, data, file, errors)
    # （七）总计 = （一）至（六）: every handled application counted once.
    handled = [values for path, values in _rows(results, (T3, RESULTS)) if path[-1] != "（七）总计"]
    path = (T3, RESULTS, "（七）总计")
    for index, label in enumerate(APPLICANTS):
        expected = sum(v[index] for v in handled)
        if results.total[index] != expected:
            errors.add(file, f"勾稽关系不成立：“（七）总计”的{label}一栏为 {results.total[index]}，"
                       f"而（一）至（六）各项之和为 {expected}",
                       "（七）总计应等于（一）予以公开至（六）其他处理各项（含其下各小项）之和：核对各项数字。",
                       field=".".join(path), line=_line(data, path))
    # 国办公开办函〔2021〕30号: 第一项加第二项之和，等于第三项加第四项之和.
    path = (T3, "四、结转下年度继续办理")
    for index, label in enumerate(APPLICANTS):
        left = applications.received[index] + applications.carried_over[index]
        right = results.total[index] + applications.carried_forward[index]
        if left != right:
            errors.add(file, f"勾稽关系不成立（第一项加第二项之和应等于第三项加第四项之和）：{label}一栏 "
                       f"本年新收 {applications.received[index]} + 上年结转 {applications.carried_over[index]} = {left}，"
                       f"而办理结果总计 {results.total[index]} + 结转下年度 {applications.carried_forward[index]} = {right}",
                       "核对“一、本年新收”“二、上年结转”“（七）总计”“四、结转下年度继续办理”四行的这一栏。",
                       field=".".join(path), line=_line(data, path))


def _carry_over(reports: list[AnnualReport], errors: ErrorCollector) -> None:
    """结转下年度 of year N equals 上年结转 of year N + 1, when both data files exist."""
    by_key = {(r.org.id, r.year): r for r in reports}
    for report in reports:
        following = by_key.get((report.org.id, report.year + 1))
        if following is None:
            continue
        before = report.data.applications.carried_forward
        after = following.data.applications.carried_over
        if before != after:
            errors.add(following.file, f"{following.year}年“二、上年结转政府信息公开申请数量”（{_cells(after, APPLICANTS)}）"
                       f"与 {report.file} 中{report.year}年“四、结转下年度继续办理”（{_cells(before, APPLICANTS)}）不符",
                       "上年结转的申请就是上一年报告中结转下年度继续办理的申请：核对两个文件中这两行的数字。",
                       field=f"{T3}.二、上年结转政府信息公开申请数量")
