"""The standard catalog (政务公开事项标准目录): one YAML file per domain (领域) in ``catalog/``.

The records below are the declaration of the catalog files: each field's Chinese key, kind and
description (``parse.schema.field``); a field declared with ``element=Show(...)`` is one of the
national elements (公开要素) shown on column and catalog pages.
"""

from __future__ import annotations

import calendar
import datetime
import enum
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..parse import schema, yamlfile
from ..parse import text as characters
from ..parse.errors import ErrorCollector
from ..parse.frontmatter_cache import FrontMatterCache
from ..parse.kinds import Bool, CellProblem, Choice, Choices, Date, Int, ListOf, MonthDay, Pairs, Raw, Record, Slug, Text, Texts, Words
from ..parse.kinds import spelling as characters_spelling
from ..parse.schema import Rule, Show
from ..parse.schema import field as declare
from . import reserved
from .orgs import COUNTY_KINDS

# domain-notes §1.3: the canonical 公开渠道和载体 checkbox list, plus additions seen in real catalogs.
CHANNELS = (
    "政府网站", "政府公报", "两微一端", "发布会/听证会", "广播电视", "纸质媒体", "公开查阅点",
    "政务服务中心", "便民服务站", "入户/现场", "社区/企事业单位/村公示栏（电子屏）", "精准推送",
    "12345政务服务热线", "投资项目在线审批监管平台", "公共资源交易平台", "信用中国网站", "部门网站", "其他",
)
WEB_CHANNELS = ("政府网站", "部门网站")
AUDIENCES = ("全社会", "特定群体")
MODES = ("主动", "依申请")
TIERS = ("县级", "乡级", "村级")
COUNTY_SUBJECTS = ("主管部门", "县政府", "各部门", "县政府和各部门")
COUNTY_GOVERNMENT = COUNTY_SUBJECTS[1]  # the county-level government, whatever it is called (区政府, 市政府 …)
TIER_NAMES = "层级名称"  # a domain's own names of the 公开层级 (区级, 镇街级 …), as its spreadsheet printed them


def county_subject_role(value: str) -> str:
    """The product's value of a 县级主体 a county wrote in its own words (区政府 → 县政府, 旗政府和各部门 →
    县政府和各部门); any other value as it is."""
    for kind in sorted(COUNTY_KINDS, key=len, reverse=True):
        if value.startswith(kind):
            return COUNTY_GOVERNMENT + value[len(kind):]
    return value


@dataclass(frozen=True)
class CountySubject(Choice):
    """县级主体: 县政府 may be written as the county's own government (区政府, 市政府, 旗政府 …) and is kept as
    written; ``county_subject_role`` gives the product's value."""

    def parse(self, value, where):
        if isinstance(value, str) and county_subject_role(value) in self.choices:
            return value, None
        return super().parse(value, where)

    def named(self, text, key, aliases=None):
        value = characters_spelling(text)
        if county_subject_role(value) in self.choices:
            return (value,)
        return super().named(text, key, aliases)

    def fix(self) -> str:
        return ("可选值：" + "、".join(self.choices) + "；“县政府”可写成本级政府的类型（"
                + "、".join(COUNTY_KINDS[1:]) + "）。")
# Roles (角色): what the product does with a domain or an item, whatever its file name or 编号.
DOMAIN_ROLES = ("政府信息公开",)  # the 政府信息公开 section's standard sub-columns (国办公开办函〔2019〕61号)
ITEM_ROLES = ("指南", "制度", "年报")  # 年报: 条例 第四十九条 deadlines (部门 1月31日, 本级政府 3月31日)
XXGK_ROLE = "政府信息公开"
# 年报统计: the rows of table 二 of the annual report (国办公开办函〔2021〕30号) an item's documents are counted in.
ANNUAL_ROWS = ("规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制")
FIVE_PUBLIC = ("决策", "执行", "管理", "服务", "结果")  # 五公开 (国办发〔2016〕80号)
# 起算 of a limit counted from the end of a period (每月/每季度/每半年/年度结束后N日内): the period's length in months.
PERIOD_STARTS = {"月末": 1, "季度末": 3, "半年末": 6, "年末": 12}
LIMIT_STARTS = ("成文日期", "批准日期", "政策发布日期", *PERIOD_STARTS)
FIRST_START = LIMIT_STARTS[0]  # 公开时限 counts from the 成文日期 unless a rule says otherwise
TOPICS_FILE = "_topics.yml"
# 目录调整记录: what every catalog revision added, withdrew (撤销) and renumbered or merged, written by
# ``make import-catalog``; the site shows it (urls.REVISIONS) and keeps a notice at every withdrawn column.
REVISIONS_FILE = "_revisions.yml"
REVISIONS_PAGE = "tiaozheng"  # catalog/tiaozheng/: the 目录调整记录 page (no domain file may take the name)
WITHDRAWN = "撤销"  # a mapping's 新编号 that withdraws the old item instead of moving it


@dataclass(frozen=True)
class Window:
    """How long before the check date a column's newest document may be (months, then days)."""

    months: int = 0
    days: int = 0


class UpdateCycle(enum.StrEnum):
    """更新周期: how often a column needs a new document. Each value carries its window before the check date
    (None: never stale), the rule it comes from (a stale column's finding cites it), what it is for, and
    whether it is of the first kind of 栏目不更新 (国办秘函〔2019〕19号 counts 动态、要闻 and 通知公告、政策文件 apart
    from the other columns that should be updated). A new value is one member here: the catalog accepts it
    and the checks (``checks/columns.py``) use its window.
    """

    def __new__(cls, value: str, window: Window | None, regulation: str, meaning: str, first_kind: bool = False,
                by_deadline: bool = False):
        member = str.__new__(cls, value)
        member._value_ = value
        member.window = window
        member.regulation = regulation
        member.meaning = meaning
        member.first_kind = first_kind
        member.by_deadline = by_deadline  # 每年: by the item's yearly deadline (时限规则 截止) when it has one
        return member

    # value, window, regulation, meaning, first kind, by deadline
    TWO_WEEKS = "两周", Window(days=14), "国办秘函〔2019〕19号（动态、要闻类栏目2周内更新）", "动态、要闻", True
    HALF_YEAR = ("半年", Window(months=6), "国办秘函〔2019〕19号（通知公告、政策文件类栏目6个月内更新）",
                 "通知公告、政策文件", True)
    YEAR = "一年", Window(months=12), "国办秘函〔2019〕19号（人事、规划计划类信息1年内更新）", "人事、规划计划"
    MONTHLY = "每月", Window(months=1), "《中华人民共和国村民委员会组织法》第三十条（财务收支情况每月公布）", "村务：财务收支"
    QUARTERLY = ("每季度", Window(months=3), "《中华人民共和国村民委员会组织法》第三十条（一般事项至少每季度公布一次）",
                 "其他村务")
    YEARLY = ("每年", Window(months=12), "国办秘函〔2019〕19号（人事、规划计划类信息1年内更新）",
              "每年一次的信息：按时限规则的每年截止日期，没有截止日期的一年内", False, True)
    LONG_TERM = "长期", None, "", "长期不变的信息：不要求更新"


class LimitKind(enum.StrEnum):
    """时限类型 of a 时限规则: how its 公开时限 is counted, hence what the rule must give (天数 or 截止)."""

    def __new__(cls, value: str, unit: str = "", yearly: bool = False):
        member = str.__new__(cls, value)
        member._value_ = value
        member.unit = unit  # counted in days: the unit in words (a rule of the kind needs 天数)
        member.yearly = yearly  # by a day of every year (a rule of the kind needs 截止)
        return member

    WORKDAYS = "工作日", "个工作日"  # 条例 第二十六条 and most catalogs
    DAYS = "自然日", "日（自然日）"
    REAL_TIME = "实时"
    YEARLY = "每年", "", True
    LONG_TERM = "长期"


@dataclass(frozen=True, kw_only=True)
class TimeRule:
    """公开时限 in machine-readable form (时限规则)."""

    kind: LimitKind = declare("类型", Choice(LimitKind), "时限类型", required=True)
    days: int | None = declare("天数", Int(), "工作日或自然日天数（类型为工作日、自然日时必填）")
    start: str = declare("起算", Choice(LIMIT_STARTS), "起算日期：成文日期（默认）、批准日期、政策发布日期，或周期结束"
                         "（月末、季度末、半年末、年末：如“每季度结束后10日内”写 {类型: 自然日, 天数: 10, 起算: 季度末}，"
                         "从成文日期前最近的季度末起算）", default=FIRST_START)
    deadline: tuple[int, int] | None = declare("截止", MonthDay(), "每年截止月日（类型为每年时必填），如 \"01-31\"")

    RULES = (
        Rule("天数", lambda r: f"时限类型为{r.kind}时必须写“天数”" if r.kind.unit and not r.days else None,
             "如 {类型: 工作日, 天数: 20}。"),
        Rule("截止", lambda r: f"时限类型为{r.kind}时必须写“截止”" if r.kind.yearly and not r.deadline else None,
             "如 {类型: 每年, 截止: \"01-31\"}。"),
    )

    def period_end(self, written: datetime.date) -> datetime.date | None:
        """A period limit's start (起算 月末, 季度末, 半年末, 年末): the last end of such a period on or before
        ``written`` — a report on a period is written after the period ends. None for any other 起算."""
        months = PERIOD_STARTS.get(self.start)
        if months is None:
            return None
        index = written.year * 12 + written.month - 1  # months since year 0, the current month
        if written.day != calendar.monthrange(written.year, written.month)[1]:
            index -= 1  # the current month has not ended
        index -= (index % 12 + 1) % months  # back to a month that ends a period (3, 6, 9, 12 for quarters)
        year, month = divmod(index, 12)
        return datetime.date(year, month + 1, calendar.monthrange(year, month + 1)[1])

    def describe(self) -> str:
        if self.start in PERIOD_STARTS:
            return f"{self.start}后{self.days}{self.kind.unit}内"
        if self.kind.unit:
            return f"{self.start}起{self.days}{self.kind.unit}内"
        if self.kind.yearly:
            return f"每年{self.deadline[0]}月{self.deadline[1]}日前"
        return str(self.kind)

    def to_cell(self) -> str:
        """The 时限规则 column of the catalog spreadsheet: ``工作日 20``, ``自然日 20 批准日期``, ``每年 01-31``,
        ``实时``, ``长期`` (the 起算 only when it is not the default)."""
        parts = [self.kind]
        if self.days:
            parts.append(str(self.days))
        if self.deadline:
            parts.append(MonthDay().to_cell(self.deadline))
        if self.start != FIRST_START:
            parts.append(self.start)
        return " ".join(parts)

    @classmethod
    def from_cell(cls, text: str) -> dict:
        """The YAML mapping of a 时限规则 cell as ``to_cell`` writes it; ``CellProblem`` when it is not one."""
        unreadable = CellProblem(f"时限规则“{text[:40]}”无法识别", "写成“工作日 20”“自然日 20 批准日期”“每年 01-31”“实时”"
                                 "或“长期”；也可留空，按公开时限识别。")
        parts = text.split()
        if not parts or parts[0] not in tuple(LimitKind):
            raise unreadable
        out: dict = {"类型": parts[0]}
        for part in parts[1:]:
            if part.isdigit():
                out["天数"] = int(part)
            elif re.fullmatch(r"\d{1,2}-\d{1,2}", part):
                out["截止"] = part
            elif part in LIMIT_STARTS:
                out["起算"] = part
            else:
                raise unreadable
        return out


@dataclass(frozen=True, kw_only=True)
class Source:
    """Where a domain's rows come from (来源), cited by each row."""

    id: str = declare("编号", Text(), "来源编号（如 指引），事项的“来源”引用它", required=True)
    name: str = declare("名称", Text(), "来源名称", required=True)
    url: str | None = declare("网址", Text(), "来源网址")
    note: str | None = declare("说明", Text(), "说明")


@dataclass(eq=False, kw_only=True)
class Item:
    """One catalog row (事项). Each web-published, proactively disclosed item becomes columns (栏目)."""

    id: str = declare("编号", Slug(), "事项编号，全目录唯一，用于网址", required=True)
    level1: str = declare("一级事项", Text(), "一级事项", required=True)
    level2: str | None = declare("二级事项", Text(), "二级事项")
    level3: str | None = declare("三级事项", Text(), "三级事项")
    content: str = declare("公开内容", Text(), "公开内容（要素）", required=True, element=Show())
    basis: tuple[str, ...] = declare("公开依据", Texts(), "公开依据", required=True, element=Show(join="；"))
    time_limit: str = declare("公开时限", Text(), "公开时限（原文）", required=True, element=Show())
    time_rule: TimeRule = declare("时限规则", Record(TimeRule), "公开时限的机器可读形式", required=True)
    subject: str = declare("公开主体", Text(), "公开主体", required=True, element=Show())
    county_subject: str = declare("县级主体", CountySubject(COUNTY_SUBJECTS), "县级栏目开在哪里：主管部门（负责本领域的部门）、县政府、各部门"
                                  "（每个县政府部门，不含县政府）、县政府和各部门；县政府可写成本级政府的类型，如区政府、市政府、旗政府",
                                  default="主管部门")
    role: str | None = declare("角色", Choice(ITEM_ROLES), "事项在政府信息公开专栏中的角色：指南、制度、年报（年报按条例第四十九条："
                               "部门每年1月31日前，县政府每年3月31日前）")
    annual_row: str | None = declare("年报统计", Choice(ANNUAL_ROWS), "本事项的文件计入政府信息公开工作年度报告表二的哪一行（按成文日期统计）："
                                     "规章、行政规范性文件（制发、废止、现行有效件数），行政许可、行政处罚、行政强制"
                                     "（本年处理决定数量）")
    channels: tuple[str, ...] = declare("公开渠道和载体", Choices(CHANNELS), "公开渠道和载体", required=True,
                                        element=Show())
    audience: str = declare("公开对象", Choice(AUDIENCES), "公开对象", required=True, element=Show())
    mode: str = declare("公开方式", Choice(MODES), "公开方式", required=True, element=Show(suffix="公开"))
    tiers: tuple[str, ...] = declare("公开层级", Choices(TIERS), "公开层级", required=True, element=Show())
    web: bool | None = declare("网上公开", Bool(), "是否在网站公开（默认：渠道含政府网站）")
    needs_interpretation: bool = declare("需要解读", Bool(), "发布时是否需要同步解读", default=False)
    update_cycle: UpdateCycle = declare("更新周期", Choice(UpdateCycle), "栏目更新周期", default="半年")
    source_id: str = declare("来源", Text(), "本行来源（引用文件“来源”中的编号）", required=True)
    note: str | None = declare("注", Text(), "备注")
    # Extra columns some catalogs print (domain-notes §1.2): kept on import, written back on export.
    site_column: str | None = declare("网站所属栏目", Text(), "原目录所写的网站栏目路径，如 政府信息公开平台—政策—规范性文件")
    five_public: tuple[str, ...] = declare("五公开", Choices(FIVE_PUBLIC), "五公开类别（决策、执行、管理、服务、结果）", default=())
    former_ids: tuple[str, ...] = declare("曾用编号", Words(), "目录调整前本事项（或并入本事项的事项）用过的编号，如 [fupin-03]："
                                          "旧栏目网址跳转到本事项的栏目，文件的“栏目”写旧编号也归入本事项", default=())
    # 重大决策预公开 (国办发〔2019〕14号): the items whose drafts are published for comment. The form editor and
    # make new propose the 意见征集 fields in their columns (views/cms.py, tools/new.py).
    consultation: bool = declare("意见征集", Bool(), "本事项的文件是否公开征求意见（如重大决策预公开事项）：为 true 时，"
                                 "表单编辑器和 make new 在本栏目提示填写“意见征集”（征集期限、提出意见的方式）", default=False)

    domain: Domain | None = None  # set when the row is read
    source: Source | None = None  # the 来源 it cites

    def __post_init__(self) -> None:
        if self.web is None:  # 网上公开 defaults to whether the channels include a website
            self.web = any(c in WEB_CHANNELS for c in self.channels)

    @property
    def subject_role(self) -> str:
        """县级主体 in the product's words (区政府 → 县政府)."""
        return county_subject_role(self.county_subject)

    @property
    def name(self) -> str:
        """The column name: the deepest level, e.g. 招生政策."""
        return self.level3 or self.level2 or self.level1

    @property
    def path(self) -> str:
        """All levels, e.g. 招生管理 › 招生政策."""
        return " › ".join(x for x in (self.level1, self.level2, self.level3) if x)

    @property
    def has_columns(self) -> bool:
        """Only proactively disclosed, web-published items get columns (国办发〔2019〕54号)."""
        return self.web and self.mode == "主动"

    @property
    def standard(self) -> bool:
        """A standard sub-column of the 政府信息公开 section: an item of the domain whose 角色 is 政府信息公开."""
        return self.domain is not None and self.domain.role == XXGK_ROLE


@dataclass(eq=False, kw_only=True)
class Domain:
    """A domain (领域), e.g. 扶贫: one catalog file. Its rows (事项) are read one by one."""

    name: str = declare("领域", Text(), "领域名称", required=True)
    order: int = declare("排序", Int(), "排序", default=1000)
    guideline: str | None = declare("标准指引", Text(), "国家标准指引")
    role: str | None = declare("角色", Choice(DOMAIN_ROLES), "领域的角色：政府信息公开（其事项是政府信息公开专栏的固定栏目，"
                               "如指南、制度、年报），不论文件名")
    source_list: tuple[Source, ...] = declare("来源", ListOf(Source), "本目录的来源", default=())
    tier_names: dict[str, str] = declare(TIER_NAMES, Pairs(max_length=20), "本领域目录表格对公开层级的叫法，网站照此显示，如 "
                                         "{县级: 区级, 乡级: 镇街级}（make import-catalog 按表格的列名写入；不写则按本级政府和"
                                         "乡镇的类型称呼）", default=None)
    rows: object = declare("事项", Raw(), "事项列表")  # validated row by row below (one bad row spoils no other)

    RULES = (Rule(TIER_NAMES, lambda d: next((f"“{k[:20]}”不是公开层级" for k in (d.tier_names or {}) if k not in TIERS), None),
                  "键写 " + "、".join(TIERS) + " 之一，值写本县目录的叫法，如 {县级: 区级, 乡级: 镇街级}。"),)

    id: str = ""  # the file name
    file: str = ""
    items: list[Item] = field(default_factory=list)

    @property
    def sources(self) -> dict[str, Source]:
        return {s.id: s for s in self.source_list}


@dataclass(frozen=True, kw_only=True)
class RevisedItem:
    """An item a catalog revision (目录调整) added, withdrew or moved."""

    id: str = declare("编号", Slug(), "事项编号（撤销、合并时为调整前的编号）", required=True)
    name: str = declare("名称", Text(), "事项名称", required=True)
    new_id: str | None = declare("新编号", Slug(), "合并或改编号：接收本事项文件的事项编号")
    note: str | None = declare("说明", Text(), "说明")
    folders: tuple[str, ...] = declare("栏目", Words(), "撤销：调整前本事项各单位栏目的网址（文件夹），旧网址保留撤销说明页",
                                       default=())
    pages: int = declare("页数", Int(), "撤销：旧栏目最多有几页（第2页起的旧网址也保留说明页）", default=1)


@dataclass(frozen=True, kw_only=True)
class Revision:
    """One catalog revision (目录调整) as ``make import-catalog`` recorded it."""

    date: datetime.date = declare("日期", Date(), "调整日期", required=True)
    added: tuple[RevisedItem, ...] = declare("新增", ListOf(RevisedItem), "新增的事项", default=())
    withdrawn: tuple[RevisedItem, ...] = declare("撤销", ListOf(RevisedItem), "撤销的事项（栏目撤销，旧网址保留说明页）",
                                                 default=())
    moved: tuple[RevisedItem, ...] = declare("合并", ListOf(RevisedItem), "改编号或并入其他事项的事项（文件随之归入，旧网址跳转）",
                                             default=())


@dataclass
class Catalog:
    domains: list[Domain]
    items: dict[str, Item]
    topics: dict[str, tuple[str, ...]]  # 主题分类: first level → second levels
    renamed: dict[str, Item] = field(default_factory=dict)  # 曾用编号 → the item that took it over
    revisions: tuple[Revision, ...] = ()  # 目录调整记录, oldest first

    def item(self, item_id: str) -> Item | None:
        """The item of an id, or of a former id (曾用编号: a document written before the revision)."""
        return self.items.get(item_id) or self.renamed.get(item_id)

    def missing_role(self) -> str | None:
        """The build warning when no domain declares 角色 政府信息公开 (a catalog written before roles existed):
        the section then has none of its standard sub-columns (指南, 年报 …), which would otherwise go unsaid."""
        if not self.domains or any(d.role == XXGK_ROLE for d in self.domains):
            return None
        # The file to fix: the domain that looks like the section's (its name, or its 指南/年报 items).
        likely = next((d for d in self.domains if XXGK_ROLE in d.name or any(i.role for i in d.items)), None)
        where = likely.file if likely is not None and likely.file else "catalog/ 中政府信息公开领域的文件"
        return (f"{where}：标准目录中没有一个领域声明“角色: {XXGK_ROLE}”，网站的政府信息公开专栏因此没有政府信息公开指南、"
                f"政府信息公开年报等固定栏目。修改办法：在 {where} 的“领域:”下一行加“角色: {XXGK_ROLE}”。")

    def topic_known(self, topic: str) -> bool:
        first, _, second = topic.partition("\\")
        if first not in self.topics:
            return False
        return not second or second in self.topics[first]


def load(catalog_dir: Path, root: Path, errors: ErrorCollector, cache: FrontMatterCache | None = None) -> Catalog:
    """Read every ``catalog/*.yml`` (a file unchanged since the last good build as it parsed it:
    ``cache``); report all schema errors; skip unusable rows."""
    domains: list[Domain] = []
    items: dict[str, Item] = {}
    seen: dict[str, str] = {}  # item id → file where first defined
    if not catalog_dir.is_dir():
        errors.add("mkdocs.yml", f"标准目录文件夹“{_rel(catalog_dir, root)}”不存在", "检查 mkdocs.yml 中 "
                   "extra.gov.catalog_dir 的值（默认 catalog），或恢复 catalog/ 文件夹。", field="extra.gov.catalog_dir")
        return Catalog([], {}, {})
    topics = _load_topics(catalog_dir / TOPICS_FILE, root, errors)
    paths = sorted(catalog_dir.glob("*.yml"))
    if not [p for p in paths if not p.name.startswith("_")]:
        errors.add(_rel(catalog_dir, root), "标准目录为空", "在 catalog/ 中至少放一个领域文件（如 fupin.yml）。")
    for path in paths:
        if path.name.startswith("_"):
            continue
        rel = _rel(path, root)
        if not schema.SLUG.match(path.stem) or path.stem == REVISIONS_PAGE:
            errors.add(rel, "文件名不能用作领域编号", "文件名只能用小写英文字母、数字和连字符，如 fupin.yml"
                       + (f"；“{REVISIONS_PAGE}”是目录调整记录页面的网址，换一个名字。" if path.stem == REVISIONS_PAGE else "。"))
            continue
        identity, data = cache.get(path) if cache is not None else (None, None)
        text = "cached" if data is not None else yamlfile.read(path, rel, errors)
        if data is None and text is not None:
            before = len(errors)
            data = yamlfile.load(text, rel, errors)
            if data is not None and cache is not None and len(errors) == before:
                cache.put(path, identity, data)  # (validation reads data, never changes it)
        if data is None:
            if text is not None and not text.strip():
                errors.add(rel, "标准目录文件是空的", "按其他领域文件的格式填写“领域:”和“事项:”，或删除这个文件。")
            continue
        domain = schema.record(Domain, data, errors, rel, extra={"id": path.stem, "file": rel})
        if domain is None:
            continue
        raw_items = domain.rows
        if not isinstance(raw_items, list) or not raw_items:
            errors.add(rel, "缺少事项列表", "在“事项:”下按格式列出本领域的事项。", field="事项")
            continue
        for raw in raw_items:
            label = raw.get("编号", "") if isinstance(raw, dict) else ""
            item = schema.record(Item, raw, errors, rel, item=str(label), extra={"domain": domain})
            if item is None:
                continue
            item.source = domain.sources.get(item.source_id)
            if item.source is None:
                errors.add(rel, f"来源“{item.source_id}”未在文件的“来源”中列出",
                           "在文件开头的“来源:”下增加该编号，或改用已列出的编号："
                           + ("、".join(domain.sources) or "（无）") + "。",
                           field="来源", line=raw.line_of("来源"), item=item.id)
                continue
            if item.id in seen:
                errors.add(rel, f"事项编号重复（已在 {seen[item.id]} 中使用）", "给其中一个事项换一个编号。",
                           field="编号", line=raw.line_of("编号"), item=item.id)
                continue
            if (problem := reserved.item_id_problem(item.id, standard=item.standard)) is not None:
                errors.add(rel, f"事项编号“{item.id}”不能使用：{problem}", "给事项换一个编号，如领域文件名加序号（fupin-01）。",
                           field="编号", line=raw.line_of("编号"), item=item.id)
                continue
            seen[item.id] = rel
            items[item.id] = item
            domain.items.append(item)
        domain.rows = None
        domains.append(domain)
    domains.sort(key=lambda d: (d.order, d.id))
    revisions = load_revisions(catalog_dir / REVISIONS_FILE, root, errors)
    return Catalog(domains, items, topics, _renamed(items, errors), revisions)


def load_revisions(path: Path, root: Path, errors: ErrorCollector) -> tuple[Revision, ...]:
    """目录调整记录 (``_revisions.yml``: a list of revisions, oldest first); none when the file is absent."""
    if not path.is_file():
        return ()
    rel = _rel(path, root)
    text = yamlfile.read(path, rel, errors)
    data = yamlfile.load(text, rel, errors) if text is not None else None
    if data is None:
        return ()
    if not isinstance(data, list):
        errors.add(rel, "目录调整记录应为列表（每次调整以“- 日期:”开头）", "按 make import-catalog 写入的格式改回，或从版本库恢复这个文件。")
        return ()
    out = [schema.record(Revision, entry, errors, rel, item=f"第{n}次调整") for n, entry in enumerate(data, 1)]
    return tuple(r for r in out if r is not None)


def _renamed(items: dict[str, Item], errors: ErrorCollector) -> dict[str, Item]:
    """曾用编号 → item; an old id still in use, or claimed by two items, is refused (its URL would be two pages)."""
    out: dict[str, Item] = {}
    for item in items.values():
        for old in item.former_ids:
            if old in items:
                errors.add(item.domain.file, f"曾用编号“{old}”仍是{items[old].domain.file}中事项“{items[old].name}”的编号",
                           "曾用编号只写目录调整时已删去的编号；该事项还在就从“曾用编号”中删去它。", field="曾用编号", item=item.id)
            elif old in out:
                errors.add(item.domain.file, f"曾用编号“{old}”已写在事项“{out[old].name}”（{out[old].id}）中",
                           "一个旧编号只能并入一个事项：从其中一个事项的“曾用编号”中删去它。", field="曾用编号", item=item.id)
            else:
                out[old] = item
    return out


def _load_topics(path: Path, root: Path, errors: ErrorCollector) -> dict[str, tuple[str, ...]]:
    rel = _rel(path, root)
    if not path.exists():
        errors.add(rel, "缺少主题分类文件", "从项目仓库恢复 catalog/_topics.yml。")
        return {}
    text = yamlfile.read(path, rel, errors)
    data = yamlfile.load(text, rel, errors) if text is not None else None
    if not isinstance(data, dict) or any(not isinstance(v, (list, type(None))) for v in data.values()):
        if data is not None or (text is not None and not text.strip()):
            errors.add(rel, "主题分类应为“一级: [二级, …]”", "按原文件格式填写。")
        return {}
    topics = {str(k): tuple(str(x) for x in (v or ())) for k, v in data.items()}
    for first, seconds in topics.items():  # not a schema record: its names are checked here (parse.text)
        for name in (first, *seconds):
            if problem := characters.problem(name):
                errors.add(rel, problem, characters.FIX, field=characters.visible(first), line=data.line_of(first))
                return {}
    return topics


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
