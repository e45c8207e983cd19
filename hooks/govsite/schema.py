"""The declared schema of every editor-written file: catalog domains and items (标准目录),
organisations (``_org.yml``) and document front matter. Validation and its Chinese error messages
are derived from these declarations, in the manner of MkDocs' ``config/defaults.py``.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass

from .errors import ErrorCollector
from .yamlfile import LineDict

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

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
COUNTY_SUBJECTS = ("主管部门", "县政府", "各部门")
UPDATE_CYCLES = ("两周", "半年", "一年", "每月", "每季度", "每年", "长期")
LIMIT_KINDS = ("工作日", "自然日", "实时", "每年", "长期")
LIMIT_STARTS = ("成文日期", "批准日期", "政策发布日期")
ORG_KINDS = ("县政府", "部门", "乡镇", "街道", "村", "社区")
VALIDITY = ("有效", "失效", "废止")


@dataclass(frozen=True)
class Field:
    key: str  # the Chinese key editors write
    attr: str  # the attribute name in code
    kind: str  # text | texts | date | bool | int | slug | enum | enums | mdday | mapping | list
    doc: str
    required: bool = False
    choices: tuple[str, ...] = ()
    schema: tuple["Field", ...] = ()  # for mapping and list-of-mapping
    default: object = None


_KIND_HINT = {
    "text": "一段文字",
    "texts": "一段文字或文字列表",
    "date": "日期，格式 YYYY-MM-DD（如 2024-03-05）",
    "bool": "true 或 false",
    "int": "整数",
    "slug": "编号（小写英文字母、数字和连字符，如 fupin-01）",
    "mdday": "月-日，如 \"01-31\"",
    "mapping": "若干“字段: 值”",
    "list": "列表（每项以“- ”开头）",
}

SOURCE = (
    Field("编号", "id", "text", "来源编号（如 指引），事项的“来源”引用它", required=True),
    Field("名称", "name", "text", "来源名称", required=True),
    Field("网址", "url", "text", "来源网址"),
    Field("说明", "note", "text", "说明"),
)

TIME_RULE = (
    Field("类型", "kind", "enum", "时限类型", required=True, choices=LIMIT_KINDS),
    Field("天数", "days", "int", "工作日或自然日天数（类型为工作日、自然日时必填）"),
    Field("起算", "start", "enum", "起算日期", choices=LIMIT_STARTS, default="成文日期"),
    Field("截止", "deadline", "mdday", "每年截止月日（类型为每年时必填），如 \"01-31\""),
)

ITEM = (
    Field("编号", "id", "slug", "事项编号，全目录唯一，用于网址", required=True),
    Field("一级事项", "level1", "text", "一级事项", required=True),
    Field("二级事项", "level2", "text", "二级事项"),
    Field("三级事项", "level3", "text", "三级事项"),
    Field("公开内容", "content", "text", "公开内容（要素）", required=True),
    Field("公开依据", "basis", "texts", "公开依据", required=True),
    Field("公开时限", "time_limit", "text", "公开时限（原文）", required=True),
    Field("时限规则", "time_rule", "mapping", "公开时限的机器可读形式", required=True, schema=TIME_RULE),
    Field("公开主体", "subject", "text", "公开主体", required=True),
    Field("县级主体", "county_subject", "enum", "县级栏目开在哪里", choices=COUNTY_SUBJECTS, default="主管部门"),
    Field("公开渠道和载体", "channels", "enums", "公开渠道和载体", required=True, choices=CHANNELS),
    Field("公开对象", "audience", "enum", "公开对象", required=True, choices=AUDIENCES),
    Field("公开方式", "mode", "enum", "公开方式", required=True, choices=MODES),
    Field("公开层级", "tiers", "enums", "公开层级", required=True, choices=TIERS),
    Field("网上公开", "web", "bool", "是否在网站公开（默认：渠道含政府网站）"),
    Field("需要解读", "needs_interpretation", "bool", "发布时是否需要同步解读", default=False),
    Field("更新周期", "update_cycle", "enum", "栏目更新周期", choices=UPDATE_CYCLES, default="半年"),
    Field("来源", "source", "text", "本行来源（引用文件“来源”中的编号）", required=True),
    Field("注", "note", "text", "备注"),
)

DOMAIN = (
    Field("领域", "name", "text", "领域名称", required=True),
    Field("排序", "order", "int", "排序", default=1000),
    Field("标准指引", "guideline", "text", "国家标准指引"),
    Field("来源", "sources", "list", "本目录的来源", schema=SOURCE, default=()),
    Field("事项", "items", "list", "事项列表", required=True, schema=ITEM),
)

ORGANISATION = (
    Field("名称", "name", "text", "机构全称", required=True),
    Field("类型", "kind", "enum", "机构类型", required=True, choices=ORG_KINDS),
    Field("机构代码", "code", "text", "统一社会信用代码或组织机构代码，索引号前段", required=True),
    Field("简称", "short_name", "text", "简称"),
    Field("职能", "functions", "text", "机构职能"),
    Field("负责人", "head", "text", "负责人"),
    Field("地址", "address", "text", "办公地址"),
    Field("电话", "phone", "text", "联系电话"),
    Field("办公时间", "hours", "text", "办公时间"),
    Field("负责领域", "domains", "texts", "主管的领域编号（仅部门）", default=()),
    Field("排序", "order", "int", "排序", default=1000),
)

ATTACHMENT = (
    Field("名称", "name", "text", "附件名称", required=True),
    Field("文件", "path", "text", "附件文件（相对本文件的路径）", required=True),
)

REVOCATION = (
    Field("撤销日期", "revoked", "date", "作出撤销（撤回、确认违法）决定的日期", required=True),
    Field("下架日期", "taken_down", "date", "从网站撤下的日期", required=True),
    Field("原因", "reason", "text", "撤销原因"),
)

DOCUMENT = (
    Field("标题", "title", "text", "文件标题", required=True),
    Field("栏目", "item", "slug", "标准目录事项编号", required=True),
    Field("发布机构", "org", "slug", "发布机构的单位编号（默认为所在文件夹的单位）"),
    Field("成文日期", "written", "date", "成文日期", required=True),
    Field("发布日期", "published", "date", "发布日期", required=True),
    Field("发文字号", "number", "text", "发文字号"),
    Field("主题分类", "topic", "text", "主题分类（一级\\二级）", required=True),
    Field("有效性", "validity", "enum", "有效性", choices=VALIDITY, default="有效"),
    Field("索引号", "index_number", "text", "索引号", required=True),
    Field("附件", "attachments", "list", "附件列表", schema=ATTACHMENT, default=()),
    Field("解读对象", "interprets", "texts", "被解读政策的索引号", default=()),
    Field("解读", "interpretations", "texts", "解读材料的索引号", default=()),
    Field("主题词", "keywords", "text", "主题词"),
    Field("摘要", "summary", "text", "内容概述"),
    Field("批准日期", "approved", "date", "批准日期（事项公开时限从批准日期起算时填写，如预决算经批准的日期）"),
    Field("撤销", "revocation", "mapping", "撤销信息；填写后文件从网站、栏目和搜索中撤下", schema=REVOCATION),
)

# catalog/_holidays.yml: one entry per year, for years the chinesecalendar package does not know.
HOLIDAY_YEAR = (
    Field("节假日", "holidays", "texts", "放假的日期（含其中的周末），可写单日 2027-01-01 或连续几天 2027-02-06 至 2027-02-13",
          required=True),
    Field("调休上班", "workdays", "texts", "周末调休上班的日期", default=()),
)


def validate(data, fields: tuple[Field, ...], errors: ErrorCollector, file: str, *,
             item: str = "", prefix: str = "") -> dict | None:
    """Check ``data`` against ``fields``; return ``{attr: value}`` or None when it is unusable.

    Unknown keys, missing required keys and values of the wrong kind are all reported.
    Optional missing keys get their declared default.
    """
    if not isinstance(data, dict):
        errors.add(file, f"{'' if prefix else '内容'}应为若干“字段: 值”，实际是{_describe(data)}",
                   "按编辑指南中的格式填写。", field=prefix.rstrip("."), item=item)
        return None
    line_of = data.line_of if isinstance(data, LineDict) else (lambda key: None)
    known = {f.key: f for f in fields}
    result: dict = {}
    ok = True
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.3)
            fix = f"是否应为“{close[0]}”？" if close else ""
            fix += "可用字段：" + "、".join(known) + "。"
            errors.add(file, "不认识的字段", fix, field=prefix + str(key), line=line_of(key), item=item)
            ok = False
    for f in fields:
        name = prefix + f.key
        if f.key not in data or data[f.key] is None or data[f.key] == "":
            if f.required:
                errors.add(file, "缺少必填字段", f"请填写“{f.key}”：{f.doc}。", field=name,
                           line=getattr(data, "line", None) or None, item=item)
                ok = False
            result[f.attr] = f.default
            continue
        value, problem = _convert(f, data[f.key], errors, file, item, name)
        if problem:
            errors.add(file, problem, _fix_for(f), field=name, line=line_of(f.key), item=item)
            ok = False
        elif value is None:  # nested errors already reported
            ok = False
        result[f.attr] = value
    return result if ok else None


def _convert(f: Field, value, errors, file, item, name):
    """Return (converted value, problem text or None)."""
    kind = f.kind
    if kind == "text":
        if isinstance(value, (dict, list)):
            return None, f"应为一段文字，实际是{_describe(value)}"
        return str(value).strip(), None
    if kind == "texts":
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, (dict, list)) or v is None for v in values):
            return None, "应为一段文字或文字列表"
        return tuple(str(v).strip() for v in values), None
    if kind == "slug":
        if not isinstance(value, str) or not SLUG.match(value):
            return None, f"“{value}”不是有效编号"
        return value, None
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return None, f"应为整数，实际是“{value}”"
        return value, None
    if kind == "bool":
        if not isinstance(value, bool):
            return None, f"应为 true 或 false，实际是“{value}”"
        return value, None
    if kind == "date":
        return parse_date(value)
    if kind == "mdday":
        match = re.match(r"^(\d{1,2})-(\d{1,2})$", str(value))
        if not match:
            return None, f"“{value}”不是“月-日”格式"
        try:
            datetime.date(2024, int(match[1]), int(match[2]))
        except ValueError:
            return None, f"“{value}”不是存在的月日"
        return (int(match[1]), int(match[2])), None
    if kind == "enum":
        if value not in f.choices:
            return None, f"“{value}”不是允许的值"
        return value, None
    if kind == "enums":
        values = value if isinstance(value, list) else [value]
        bad = [str(v) for v in values if v not in f.choices]
        if bad:
            return None, "“" + "”“".join(bad) + "”不是允许的值"
        if not values:
            return None, "不能为空"
        return tuple(values), None
    if kind == "mapping":
        return validate(value, f.schema, errors, file, item=item, prefix=name + "."), None
    if kind == "list":
        if not isinstance(value, list):
            return None, f"应为列表（每项以“- ”开头），实际是{_describe(value)}"
        out = []
        for position, element in enumerate(value, 1):
            checked = validate(element, f.schema, errors, file, item=item,
                               prefix=f"{name}[{position}].")
            if checked is None:
                return None, None
            checked["_line"] = getattr(element, "line", None)
            out.append(checked)
        return out, None
    raise AssertionError(kind)


def parse_date(value) -> tuple[datetime.date | None, str | None]:
    match = DATE.match(str(value).strip())
    if not match:
        return None, f"“{value}”不是日期格式 YYYY-MM-DD"
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3])), None
    except ValueError:
        return None, f"“{value}”不是存在的日期"


def _fix_for(f: Field) -> str:
    if f.choices:
        return "可选值：" + "、".join(f.choices) + "。"
    return f"应填写{_KIND_HINT[f.kind]}。"


def _describe(value) -> str:
    if isinstance(value, dict):
        return "若干字段"
    if isinstance(value, list):
        return "列表"
    if value is None:
        return "空"
    return f"“{value}”"
