"""The standard catalog (政务公开事项标准目录): one YAML file per domain (领域) in ``catalog/``.

The records below are the declaration of the catalog files: each field's Chinese key, kind and
description (``parse.schema.field``); a field declared with ``element=Show(...)`` is one of the
national elements (公开要素) shown on column and catalog pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..parse import schema, yamlfile
from ..parse import text as characters
from ..parse.errors import ErrorCollector
from ..parse.frontmatter_cache import FrontMatterCache
from ..parse.schema import Rule, Show
from ..parse.schema import field as declare
from . import reserved

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
# Roles (角色): what the product does with a domain or an item, whatever its file name or 编号.
DOMAIN_ROLES = ("政府信息公开",)  # the 政府信息公开 section's standard sub-columns (国办公开办函〔2019〕61号)
ITEM_ROLES = ("指南", "制度", "年报")  # 年报: 条例 第四十九条 deadlines (部门 1月31日, 本级政府 3月31日)
XXGK_ROLE = "政府信息公开"
# 年报统计: the rows of table 二 of the annual report (国办公开办函〔2021〕30号) an item's documents are counted in.
ANNUAL_ROWS = ("规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制")
FIVE_PUBLIC = ("决策", "执行", "管理", "服务", "结果")  # 五公开 (国办发〔2016〕80号)
UPDATE_CYCLES = ("两周", "半年", "一年", "每月", "每季度", "每年", "长期")
LIMIT_KINDS = ("工作日", "自然日", "实时", "每年", "长期")
LIMIT_STARTS = ("成文日期", "批准日期", "政策发布日期")
TOPICS_FILE = "_topics.yml"


@dataclass(frozen=True, kw_only=True)
class TimeRule:
    """公开时限 in machine-readable form (时限规则)."""

    kind: str = declare("类型", "enum", "时限类型", required=True, choices=LIMIT_KINDS)
    days: int | None = declare("天数", "int", "工作日或自然日天数（类型为工作日、自然日时必填）")
    start: str = declare("起算", "enum", "起算日期", choices=LIMIT_STARTS, default="成文日期")
    deadline: tuple[int, int] | None = declare("截止", "mdday", "每年截止月日（类型为每年时必填），如 \"01-31\"")

    RULES = (
        Rule("天数", lambda r: f"时限类型为{r.kind}时必须写“天数”" if r.kind in ("工作日", "自然日") and not r.days else None,
             "如 {类型: 工作日, 天数: 20}。"),
        Rule("截止", lambda r: "时限类型为每年时必须写“截止”" if r.kind == "每年" and not r.deadline else None,
             "如 {类型: 每年, 截止: \"01-31\"}。"),
    )

    def describe(self) -> str:
        if self.kind in ("工作日", "自然日"):
            unit = "个工作日" if self.kind == "工作日" else "日（自然日）"
            return f"{self.start}起{self.days}{unit}内"
        if self.kind == "每年":
            return f"每年{self.deadline[0]}月{self.deadline[1]}日前"
        return self.kind


@dataclass(frozen=True, kw_only=True)
class Source:
    """Where a domain's rows come from (来源), cited by each row."""

    id: str = declare("编号", "text", "来源编号（如 指引），事项的“来源”引用它", required=True)
    name: str = declare("名称", "text", "来源名称", required=True)
    url: str | None = declare("网址", "text", "来源网址")
    note: str | None = declare("说明", "text", "说明")


@dataclass(eq=False, kw_only=True)
class Item:
    """One catalog row (事项). Each web-published, proactively disclosed item becomes columns (栏目)."""

    id: str = declare("编号", "slug", "事项编号，全目录唯一，用于网址", required=True)
    level1: str = declare("一级事项", "text", "一级事项", required=True)
    level2: str | None = declare("二级事项", "text", "二级事项")
    level3: str | None = declare("三级事项", "text", "三级事项")
    content: str = declare("公开内容", "text", "公开内容（要素）", required=True, element=Show())
    basis: tuple[str, ...] = declare("公开依据", "texts", "公开依据", required=True, element=Show(join="；"))
    time_limit: str = declare("公开时限", "text", "公开时限（原文）", required=True, element=Show())
    time_rule: TimeRule = declare("时限规则", "mapping", "公开时限的机器可读形式", required=True, of=TimeRule)
    subject: str = declare("公开主体", "text", "公开主体", required=True, element=Show())
    county_subject: str = declare("县级主体", "enum", "县级栏目开在哪里：主管部门（负责本领域的部门）、县政府、各部门（每个县政府部门，"
                                  "不含县政府）、县政府和各部门", choices=COUNTY_SUBJECTS, default="主管部门")
    role: str | None = declare("角色", "enum", "事项在政府信息公开专栏中的角色：指南、制度、年报（年报按条例第四十九条："
                               "部门每年1月31日前，县政府每年3月31日前）", choices=ITEM_ROLES)
    annual_row: str | None = declare("年报统计", "enum", "本事项的文件计入政府信息公开工作年度报告表二的哪一行（按成文日期统计）："
                                     "规章、行政规范性文件（制发、废止、现行有效件数），行政许可、行政处罚、行政强制"
                                     "（本年处理决定数量）", choices=ANNUAL_ROWS)
    channels: tuple[str, ...] = declare("公开渠道和载体", "enums", "公开渠道和载体", required=True, choices=CHANNELS,
                                        element=Show())
    audience: str = declare("公开对象", "enum", "公开对象", required=True, choices=AUDIENCES, element=Show())
    mode: str = declare("公开方式", "enum", "公开方式", required=True, choices=MODES, element=Show(suffix="公开"))
    tiers: tuple[str, ...] = declare("公开层级", "enums", "公开层级", required=True, choices=TIERS, element=Show())
    web: bool | None = declare("网上公开", "bool", "是否在网站公开（默认：渠道含政府网站）")
    needs_interpretation: bool = declare("需要解读", "bool", "发布时是否需要同步解读", default=False)
    update_cycle: str = declare("更新周期", "enum", "栏目更新周期", choices=UPDATE_CYCLES, default="半年")
    source_id: str = declare("来源", "text", "本行来源（引用文件“来源”中的编号）", required=True)
    note: str | None = declare("注", "text", "备注")
    # Extra columns some catalogs print (domain-notes §1.2): kept on import, written back on export.
    site_column: str | None = declare("网站所属栏目", "text", "原目录所写的网站栏目路径，如 政府信息公开平台—政策—规范性文件")
    five_public: tuple[str, ...] = declare("五公开", "enums", "五公开类别（决策、执行、管理、服务、结果）",
                                           choices=FIVE_PUBLIC, default=())

    domain: Domain | None = None  # set when the row is read
    source: Source | None = None  # the 来源 it cites

    def __post_init__(self) -> None:
        if self.web is None:  # 网上公开 defaults to whether the channels include a website
            self.web = any(c in WEB_CHANNELS for c in self.channels)

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

    name: str = declare("领域", "text", "领域名称", required=True)
    order: int = declare("排序", "int", "排序", default=1000)
    guideline: str | None = declare("标准指引", "text", "国家标准指引")
    role: str | None = declare("角色", "enum", "领域的角色：政府信息公开（其事项是政府信息公开专栏的固定栏目，"
                               "如指南、制度、年报），不论文件名", choices=DOMAIN_ROLES)
    source_list: tuple[Source, ...] = declare("来源", "list", "本目录的来源", of=Source, default=())
    rows: object = declare("事项", "raw", "事项列表")  # validated row by row below (one bad row spoils no other)

    id: str = ""  # the file name
    file: str = ""
    items: list[Item] = field(default_factory=list)

    @property
    def sources(self) -> dict[str, Source]:
        return {s.id: s for s in self.source_list}


@dataclass
class Catalog:
    domains: list[Domain]
    items: dict[str, Item]
    topics: dict[str, tuple[str, ...]]  # 主题分类: first level → second levels

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
        if not schema.SLUG.match(path.stem):
            errors.add(rel, "文件名不能用作领域编号", "文件名只能用小写英文字母、数字和连字符，如 fupin.yml。")
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
    return Catalog(domains, items, topics)


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
