"""The standard catalog (政务公开事项标准目录): one YAML file per domain (领域) in ``catalog/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import schema, yamlfile
from .errors import ErrorCollector


@dataclass(frozen=True)
class TimeRule:
    """公开时限 in machine-readable form."""

    kind: str  # 工作日 | 自然日 | 实时 | 每年 | 长期
    days: int | None = None
    start: str = "成文日期"
    deadline: tuple[int, int] | None = None  # (month, day) for 每年

    def describe(self) -> str:
        if self.kind in ("工作日", "自然日"):
            unit = "个工作日" if self.kind == "工作日" else "日（自然日）"
            return f"{self.start}起{self.days}{unit}内"
        if self.kind == "每年":
            return f"每年{self.deadline[0]}月{self.deadline[1]}日前"
        return self.kind


@dataclass(eq=False)
class Item:
    """One catalog row (事项). Each web-published, proactively disclosed item becomes columns (栏目)."""

    id: str
    domain: "Domain"
    level1: str
    level2: str | None
    level3: str | None
    content: str
    basis: tuple[str, ...]
    time_limit: str
    time_rule: TimeRule
    subject: str
    county_subject: str
    channels: tuple[str, ...]
    audience: str
    mode: str
    tiers: tuple[str, ...]
    web: bool
    needs_interpretation: bool
    update_cycle: str
    source: "Source"
    note: str | None

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
        """Only proactively disclosed, web-published items get columns (黔府办发〔2020〕8号 §三(三))."""
        return self.web and self.mode == "主动"


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    url: str | None = None
    note: str | None = None


@dataclass(eq=False)
class Domain:
    """A domain (领域), e.g. 扶贫: one catalog file."""

    id: str
    name: str
    order: int
    guideline: str | None
    sources: dict[str, Source]
    file: str
    items: list[Item] = field(default_factory=list)


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


def load(catalog_dir: Path, root: Path, errors: ErrorCollector) -> Catalog:
    """Read every ``catalog/*.yml``; report all schema errors; skip unusable rows."""
    domains: list[Domain] = []
    items: dict[str, Item] = {}
    seen: dict[str, str] = {}  # item id → file where first defined
    topics = _load_topics(catalog_dir / "_topics.yml", root, errors)
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
        text = yamlfile.read(path, rel, errors)
        data = yamlfile.load(text, rel, errors) if text is not None else None
        if data is None:
            continue
        raw_items = data.get("事项") if isinstance(data, dict) else None
        if isinstance(data, dict):
            data = {k: v for k, v in data.items() if k != "事项"} | {"事项": []}
            data = _keep_lines(data, data)
        checked = schema.validate(data, schema.DOMAIN, errors, rel)
        if checked is None:
            continue
        sources = {s["id"]: Source(s["id"], s["name"], s["url"], s["note"]) for s in checked["sources"]}
        domain = Domain(path.stem, checked["name"], checked["order"], checked["guideline"], sources, rel)
        if not isinstance(raw_items, list) or not raw_items:
            errors.add(rel, "缺少事项列表", "在“事项:”下按格式列出本领域的事项。", field="事项")
            continue
        for raw in raw_items:
            label = raw.get("编号", "") if isinstance(raw, dict) else ""
            row = schema.validate(raw, schema.ITEM, errors, rel, item=str(label))
            if row is None:
                continue
            item = _make_item(row, domain, raw, rel, errors)
            if item is None:
                continue
            if item.id in seen:
                errors.add(rel, f"事项编号重复（已在 {seen[item.id]} 中使用）", "给其中一个事项换一个编号。",
                           field="编号", line=raw.line_of("编号"), item=item.id)
                continue
            seen[item.id] = rel
            items[item.id] = item
            domain.items.append(item)
        domains.append(domain)
    domains.sort(key=lambda d: (d.order, d.id))
    return Catalog(domains, items, topics)


def _keep_lines(new: dict, old) -> yamlfile.LineDict:
    out = yamlfile.LineDict()
    out.update(new)
    if isinstance(old, yamlfile.LineDict):
        out.line, out.lines = old.line, old.lines
    return out


def _make_item(row: dict, domain: Domain, raw, rel: str, errors: ErrorCollector) -> Item | None:
    rule = row["time_rule"]
    line = raw.line_of("时限规则")
    if rule["kind"] in ("工作日", "自然日") and not rule["days"]:
        errors.add(rel, f"时限类型为{rule['kind']}时必须写“天数”", "如 {类型: 工作日, 天数: 20}。",
                   field="时限规则.天数", line=line, item=row["id"])
        return None
    if rule["kind"] == "每年" and not rule["deadline"]:
        errors.add(rel, "时限类型为每年时必须写“截止”", "如 {类型: 每年, 截止: \"01-31\"}。",
                   field="时限规则.截止", line=line, item=row["id"])
        return None
    source = domain.sources.get(row["source"])
    if source is None:
        errors.add(rel, f"来源“{row['source']}”未在文件的“来源”中列出",
                   "在文件开头的“来源:”下增加该编号，或改用已列出的编号："
                   + ("、".join(domain.sources) or "（无）") + "。",
                   field="来源", line=raw.line_of("来源"), item=row["id"])
        return None
    web = row["web"]
    if web is None:
        web = any(c in schema.WEB_CHANNELS for c in row["channels"])
    return Item(
        id=row["id"], domain=domain, level1=row["level1"], level2=row["level2"], level3=row["level3"],
        content=row["content"], basis=row["basis"], time_limit=row["time_limit"],
        time_rule=TimeRule(rule["kind"], rule["days"], rule["start"], rule["deadline"]),
        subject=row["subject"], county_subject=row["county_subject"], channels=row["channels"],
        audience=row["audience"], mode=row["mode"], tiers=row["tiers"], web=web,
        needs_interpretation=row["needs_interpretation"], update_cycle=row["update_cycle"],
        source=source, note=row["note"],
    )


def _load_topics(path: Path, root: Path, errors: ErrorCollector) -> dict[str, tuple[str, ...]]:
    rel = _rel(path, root)
    if not path.exists():
        errors.add(rel, "缺少主题分类文件", "从项目仓库恢复 catalog/_topics.yml。")
        return {}
    text = yamlfile.read(path, rel, errors)
    data = yamlfile.load(text, rel, errors) if text is not None else None
    if not isinstance(data, dict):
        if data is not None:
            errors.add(rel, "主题分类应为“一级: [二级, …]”", "按原文件格式填写。")
        return {}
    return {str(k): tuple(str(x) for x in (v or ())) for k, v in data.items()}


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
