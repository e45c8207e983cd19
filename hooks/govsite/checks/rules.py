"""The rules the checks implement and the options of ``extra.gov.checks`` in mkdocs.yml, declared
once (in the manner of MkDocs' ``config/defaults.py``): each rule's default severity, what it checks
and the regulation it cites; each threshold with its default. ``settings()`` validates the
mkdocs.yml values against these declarations, with Chinese errors naming the key.

Severities: ``error`` (fails ``make check``, the CI's check job; the build reports it and publishes all the
same), ``warning`` (reported only) or ``off``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import dataclasses

from ..model.orgs import Organisation
from ..parse import kinds, schema
from ..parse.errors import ErrorCollector

SEVERITIES = ("error", "warning", "off")
LABELS = {"error": "错误", "warning": "警告"}
CONFIG_FILE = "mkdocs.yml"
CONFIG_KEY = "extra.gov.checks"


@dataclass(frozen=True)
class Rule:
    id: str  # the key in extra.gov.checks, shown in reports
    default: str  # severity
    title: str  # short Chinese name
    regulation: str  # what it implements, cited in every finding unless the finding cites more precisely
    doc: str  # what it checks (Chinese, shown on the maintainers' page and in config errors)


RULES = (
    # 1. 空白栏目
    Rule("empty_columns", "warning", "空白栏目", "国办秘函〔2019〕19号（栏目不更新：空白栏目）",
         "每个有空白栏目（没有任何文件的栏目）的单位报一条，列出其空白栏目。"),
    Rule("empty_columns_total", "error", "空白栏目总数", "国办秘函〔2019〕19号 单项否决指标（空白栏目数量超过（含）5个）",
         "全站空白栏目数达到 empty_column_limit 时报一条：检查时即判定网站不合格。"),
    # 2. 栏目不更新
    Rule("stale_column", "warning", "栏目未按期更新", "国办秘函〔2019〕19号（栏目不更新）",
         "按标准目录事项的“更新周期”：两周（动态要闻）、每月（村级财务）、每季度（其他村务）、半年（通知公告、"
         "政策文件）、一年（人事、规划计划）、每年（按时限规则的截止日，如年报）；长期不检查。"),
    Rule("stale_columns_total", "error", "未更新栏目总数", "国办秘函〔2019〕19号 单项否决指标（栏目不更新，累计超过（含）5个）",
         "更新周期为两周（动态、要闻）或半年（通知公告、政策文件）的栏目中，未按期更新的达到 stale_column_limit 时报一条。"),
    Rule("long_stale_columns_total", "error", "长期未更新栏目总数",
         "国办秘函〔2019〕19号 单项否决指标（栏目不更新：应更新但长期未更新的栏目数量超过（含）10个）",
         "其余应更新的栏目（更新周期每月、每季度、一年、每年）中，未按期更新的达到 long_stale_column_limit 时报一条"
         "（与 stale_columns_total 分别计数；长期栏目不计）。"),
    Rule("home_not_updated", "error", "首页不更新", "国办秘函〔2019〕19号 单项否决指标（首页不更新：监测2周，首页无信息更新）",
         "首页“最新公开”在检查日期前 2 周（14 天）内有新发布的文件。"),
    Rule("personnel_planning", "warning", "人事、规划计划类信息未更新",
         "国办秘函〔2019〕19号（监测时间点前1年内，人事、规划计划类信息是否更新）",
         "事项名称含“人事、任免、公务员、招录、招聘”的栏目（人事类）和含“规划、计划”的栏目（规划计划类），"
         "每类在检查日期前 1 年内全站至少发布一篇文件。"),
    Rule("undated_items", "warning", "未注明发布时间", "国办秘函〔2019〕19号（未注明信息发布时间的视为不更新）",
         "列表中的每条信息都显示发布日期：公开文件都有发布日期；普通页面（单位文件夹以外的 Markdown 页面）中"
         "链接列表的每一项写明日期（如 2026-03-05 或 2026年3月5日）。"),
    # 3. 公开时限
    Rule("timeliness", "warning", "超过公开时限", "《中华人民共和国政府信息公开条例》第二十六条",
         "发布日期与起算日期（成文日期或批准日期）之差不超过事项的时限规则；工作日按国家节假日和调休计算，"
         "不含起算当日。"),
    # 4. 政策解读
    Rule("interpretation", "warning", "政策解读", "国办发〔2016〕19号（政策解读：文件公布后3个工作日内）",
         "需要解读的有效政策有关联的解读，且解读在政策发布后 3 个工作日内发布；解读材料关联到现有政策。"),
    # 5. 日期
    Rule("future_date", "error", "日期晚于检查日期", "国办秘函〔2019〕19号 单项否决指标（弄虚作假，如伪造发稿日期）",
         "发布日期、批准日期、撤销日期、下架日期不晚于检查日期。"),
    # 6. 索引号与链接
    Rule("index_number", "warning", "索引号年份", "《政府信息公开目录系统实施指引（试行）》（索引号按信息发布日期生成）",
         "索引号中的年份与发布日期的年份一致（重复和格式错误的索引号在生成时即报错）。"),
    Rule("broken_link", "error", "无效链接", "国办秘函〔2019〕19号（链接不可用）",
         "文件正文中的站内链接和附件链接都指向网站上存在的页面或文件。"),
    # 7. 撤销
    Rule("revoked", "warning", "撤销后下架", "国办发〔2018〕118号（行政执法决定被撤销的，及时从信息公示平台撤下；按 3 个工作日内检查）",
         "已撤销文件在撤销日期后 3 个工作日内下架；撤销的文件不出现在网站、栏目和搜索中。"),
    # 8. 年报 (条例 第四十九条、第五十条; 国办公开办函〔2021〕30号)
    Rule("annual_report", "error", "年报年度或日期不对", "《中华人民共和国政府信息公开条例》第四十九条（公布上一年度的年度报告）",
         "年报数据文件（年报/年份.yml）的年度已经结束（早于检查日期所在年），发布日期在次年、不晚于检查日期。"),
    Rule("annual_figures", "warning", "年报数字与网站内容不符", "国办公开办函〔2021〕30号（政府信息公开工作年度报告格式）",
         "年报数据文件表二中填写的规章、行政规范性文件件数和行政许可、行政处罚、行政强制处理决定数量，与网站上相应栏目的文件统计"
         "（按成文日期）一致；统计中已废止、失效却没有失效日期的文件。"),
    Rule("annual_data", "warning", "年报没有数据文件", "国办公开办函〔2021〕30号（政府信息公开工作年度报告格式）",
         "年报栏目中手工编写的年度报告文件有对应的年报数据文件（年报/年份.yml），报告按统一格式生成并核对勾稽关系。"),
    # 9. 有效期
    Rule("lapsed", "warning", "文件已到失效日期", "国办发〔2018〕37号（行政规范性文件实行动态化管理，及时公布有效性变化）",
         "失效日期已到而“有效性”仍填“有效”的文件：网站已自动显示为失效，请把有效性改为失效，使文件信息与网站一致。"),
    # 10. 意见征集 (重大决策预公开)
    Rule("consultation_period", "warning", "意见征集期限过短",
         "《重大行政决策程序暂行条例》第十五条（公开征求意见的期限一般不少于30日；缩短期限的，征求意见时应当予以说明）",
         "意见征集的期限（征集开始至征集截止，含首尾两日）不少于 consultation_min_days 日；草案类型为行政规范性文件的，"
         "不少于 consultation_min_workdays 个工作日（法治政府建设指标：一般不少于7个工作日）；短于此而没有填写“缩短理由”的报一条。"),
    Rule("consultation_feedback", "warning", "意见采纳情况未公布",
         "《重大行政决策程序暂行条例》第十五条、国办发〔2019〕14号（反馈意见采纳情况）",
         "意见征集截止超过 consultation_feedback_days 日，仍没有发布意见采纳情况（反馈对象为该征集的文件）的报一条；"
         "最终决定（来源征集为该征集的文件）已经发布而意见采纳情况仍未发布的，在最终决定上再报一条。"),
)
RULES_BY_ID = {rule.id: rule for rule in RULES}

# The options of extra.gov.checks, declared as a record: one severity per rule, plus thresholds and
# the check date.
Options = dataclasses.make_dataclass("Options", [
    (rule.id, str, schema.field(rule.id, kinds.Choice(SEVERITIES), f"{rule.title}：{rule.doc}", default=rule.default))
    for rule in RULES
] + [
    ("empty_column_limit", int, schema.field("empty_column_limit", kinds.Int(),
                                             "空白栏目达到几个即报 empty_columns_total（国办秘函〔2019〕19号：5）", default=5)),
    ("stale_column_limit", int, schema.field("stale_column_limit", kinds.Int(),
                                             "未更新栏目达到几个即报 stale_columns_total（国办秘函〔2019〕19号：5）", default=5)),
    ("long_stale_column_limit", int, schema.field(
        "long_stale_column_limit", kinds.Int(),
        "长期未更新栏目达到几个即报 long_stale_columns_total（国办秘函〔2019〕19号：10）", default=10)),
    ("consultation_min_days", int, schema.field(
        "consultation_min_days", kinds.Int(),
        "意见征集期限至少几日，短于此且无缩短理由即报 consultation_period（《重大行政决策程序暂行条例》：30）", default=30)),
    ("consultation_feedback_days", int, schema.field(
        "consultation_feedback_days", kinds.Int(),
        "意见征集截止后几日内应发布意见采纳情况，超过即报 consultation_feedback", default=30)),
    ("consultation_min_workdays", int, schema.field(
        "consultation_min_workdays", kinds.Int(),
        "草案类型为行政规范性文件的意见征集期限至少几个工作日，短于此且无缩短理由即报 consultation_period（法治政府建设指标：7）",
        default=7)),
    ("as_of", "datetime.date | None", schema.field("as_of", kinds.Date(),
                                                   "检查日期（YYYY-MM-DD）；不填为当天。环境变量 GOV_AS_OF 优先于此项")),
], frozen=True, kw_only=True, namespace={"RULES": tuple(
    schema.Rule(key, lambda o, key=key: None if getattr(o, key) >= 1 else f"应为正整数，实际是 {getattr(o, key)}", "如 5。")
    for key in ("empty_column_limit", "stale_column_limit", "long_stale_column_limit", "consultation_min_days",
                "consultation_feedback_days", "consultation_min_workdays"))})


@dataclass(frozen=True)
class Settings:
    severity: dict[str, str]  # rule id → error | warning | off
    empty_column_limit: int = 5
    stale_column_limit: int = 5
    as_of: datetime.date | None = None  # from the config; the run's date is resolved by the caller
    long_stale_column_limit: int = 10
    consultation_min_days: int = 30
    consultation_feedback_days: int = 30
    consultation_min_workdays: int = 7

    def enabled(self, *rule_ids: str) -> bool:
        return any(self.severity[r] != "off" for r in rule_ids)


def settings(raw: dict | None, errors: ErrorCollector) -> Settings:
    """Validate ``extra.gov.checks``; unknown keys and bad values become Chinese errors naming the key."""
    options = schema.record(Options, {} if raw is None else raw, errors, CONFIG_FILE, prefix=CONFIG_KEY + ".")
    if options is None:
        return defaults()
    return Settings({r.id: getattr(options, r.id) for r in RULES}, options.empty_column_limit,
                    options.stale_column_limit, options.as_of, options.long_stale_column_limit,
                    options.consultation_min_days, options.consultation_feedback_days,
                    options.consultation_min_workdays)


def defaults() -> Settings:
    return Settings({r.id: r.default for r in RULES})


@dataclass(frozen=True)
class Finding:
    """One broken rule: where (organisation, column, file, field), what (Chinese), and which regulation."""

    rule: str
    message: str
    org: Organisation | None = None  # None: the whole site
    column: str | None = None  # catalog item id of the column, if any
    columns: tuple[str, ...] = ()  # item ids, when a finding is about several columns of one organisation
    file: str | None = None  # project-relative file, if a document's
    field: str | None = None  # front-matter field, e.g. 发布日期
    regulation: str | None = None  # defaults to the rule's
    severity: str = ""  # set by the runner from the settings

    @property
    def cites(self) -> str:
        return self.regulation or RULES_BY_ID[self.rule].regulation

    @property
    def where(self) -> str:
        """Location for the text report, e.g. ``content/x.md 字段“发布日期”`` or ``栏目 fupin-01``."""
        parts = []
        if self.file:
            parts.append(self.file)
        elif self.column and self.org:
            parts.append(f"栏目 {self.org.folder}/{self.column}/")
        elif self.columns:
            parts.append(f"{len(self.columns)} 个栏目")
        if self.field:
            parts.append(f"字段“{self.field}”")
        return " ".join(parts)
