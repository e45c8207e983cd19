"""The organisation tree (机构): the county-level government (县、区、县级市、旗、自治县、特区、林区), its
departments, its townships (乡、镇、街道、苏木、民族乡), and their villages and communities (村、社区、嘎查).

About half of China's county-level governments are not a 县, and their townships are not all 乡镇: the
organisations' own 类型 say which, and ``Vocabulary`` derives from them what every page calls the county, its
departments and its townships (区政府部门, 本区, 镇（街道）…), so no page says 县 where the county is a 区.

Each organisation is a folder of ``content/`` holding an ``_org.yml``; the folder name is the
organisation's id and URL slug. An organisation's editors own its folder; a township's folder
holds its villages' folders (村（居）务公开 inside the township column, as county catalogs arrange it).

机构改革 keeps every published URL (``Organisation``'s declaration says how an editor writes it):
- renamed (更名, its folder renamed with it): the new folder's ``曾用网址名`` names the old one, whose pages
  redirect to the new ones (``urls.redirects``);
- merged into another (合并) or split (分设), or abolished with its duties moved (撤销): the old folder stays,
  its ``_org.yml`` says ``撤并: {日期: …, 职责划入: [单位编号, …]}``. Its documents keep their 索引号 and URLs,
  its columns stay; its own page becomes a notice naming the organisations that took over its duties, the
  date, and its columns (``views.redirects``); it leaves the lists and menus of current organisations.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..parse import codes, schema, yamlfile
from ..parse.errors import ErrorCollector
from ..parse.kinds import Choice, Date, Int, Record, Text, Words
from ..parse.schema import field as declare
from . import reserved
from .content import ContentTree

ORG_FILE = "_org.yml"
# The county-level government's 类型: its level (县, 区, 市 for a 县级市, 旗 …) is the 类型 without 政府.
COUNTY_KINDS = ("县政府", "区政府", "市政府", "旗政府", "自治县政府", "自治旗政府", "特区政府", "林区政府")
COUNTY_KIND = COUNTY_KINDS[0]  # the product's default wording (a county without a government yet)
DEPARTMENT = "部门"
# 乡镇 is 乡 or 镇 when the county does not say which (the kind before the finer ones existed).
TOWNSHIP_KINDS = ("乡镇", "乡", "镇", "街道", "苏木", "民族乡", "民族苏木")
VILLAGE_KINDS = ("村", "社区", "嘎查")
ORG_KINDS = COUNTY_KINDS + (DEPARTMENT,) + TOWNSHIP_KINDS + VILLAGE_KINDS
TOP_KINDS = COUNTY_KINDS + (DEPARTMENT,) + TOWNSHIP_KINDS
# A git forge's user (zhangsan), group or team (xian/chengguan-bianji), with or without @, or an e-mail address.
EDITOR = re.compile(r"^(?:@?[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*|[^@\s]+@[^@\s]+\.[^@\s]+)$")
INFO = ("functions", "head", "address", "phone", "hours")  # 机构信息 (条例 第二十条(二)), in this order
RESERVED_FIX = ("给文件夹换一个名字，如单位名称的拼音（chengguan）；不能用年份，也不能用网站自己使用的名字："
                + "、".join(reserved.reserved_names()) + "。")


@dataclass(frozen=True, kw_only=True)
class Dissolution:
    """撤并 (机构改革): the organisation was merged into another, split, or abolished on ``date``; ``successors``
    (单位编号) took over its duties. Its folder stays, so its documents keep their 索引号 and URLs."""

    date: datetime.date = declare("日期", Date(), "撤并（合并、分设、撤销）生效的日期", required=True, example="2025-03-01")
    successors: tuple[str, ...] = declare("职责划入", Words(), "承接本单位职责的单位编号（文件夹名，如 nongye）："
                                          "并入一个单位写一个，分设写几个", required=True)

    def to_cell(self) -> str:
        """A spreadsheet cell (单位表格): the date, then the successors, e.g. ``2025-03-01 nongye chengguan``."""
        return " ".join([self.date.isoformat(), *self.successors])

    @classmethod
    def from_cell(cls, text: str) -> dict:
        """The mapping of a cell as ``to_cell`` writes it (the loader then says what is wrong with it, if anything)."""
        first, *rest = re.split(r"[\s,，、；;]+", text.strip()) or [""]
        return {"日期": first, "职责划入": rest}


@dataclass(eq=False, kw_only=True)
class Organisation:
    """An organisation (机构): one folder of content/ with its _org.yml; the folder name is its id."""

    name: str = declare("名称", Text(max_length=100), "机构全称", required=True)
    kind: str = declare("类型", Choice(ORG_KINDS), "机构类型", required=True)
    code: str = declare("机构代码", Text(max_length=40), "统一社会信用代码或组织机构代码，索引号前段", required=True)
    short_name: str | None = declare("简称", Text(max_length=40), "简称")
    functions: str | None = declare("职能", Text(), "机构职能")
    head: str | None = declare("负责人", Text(), "负责人")
    address: str | None = declare("地址", Text(), "办公地址")
    phone: str | None = declare("电话", Text(), "联系电话")
    hours: str | None = declare("办公时间", Text(), "办公时间")
    domains: tuple[str, ...] = declare("负责领域", Words(), "主管的领域编号（仅部门）", default=())
    order: int = declare("排序", Int(), "排序", default=1000)
    former: tuple[str, ...] = declare("曾用网址名", Words(), "机构改革（更名、合并、调整）前本单位或并入本单位的单位用过的文件夹："
                                      "同一上级文件夹中的旧名（如 fupinban），或 content/ 下的完整路径（如 departments/fupinban）；"
                                      "旧网址（单位页面、栏目、文件）跳转到本单位", default=())
    dissolved: Dissolution | None = declare("撤并", Record(Dissolution), "机构改革中本单位并入其他单位、分设或撤销时填写"
                                            "（文件夹保留，文件的索引号和网址不变；单位页面改为说明职责划入哪些单位）："
                                            "日期、职责划入；单位只是更名时不用它，见“曾用网址名”")
    editors: tuple[str, ...] = declare("编辑", Words(), "可修改本单位文件夹的 git 用户或团队（如 [zhangsan, xian/chengguan-bianji]），"
                                       "make codeowners 据此生成 CODEOWNERS", default=())

    id: str = ""
    folder: str = ""  # relative to content/, e.g. townships/chengguan
    file: str = ""  # the _org.yml path relative to the project root
    parent: Organisation | None = None
    children: list[Organisation] = field(default_factory=list)

    # 统一社会信用代码 (GB 32100-2015) or 组织机构代码 (GB 11714), its check character included
    RULES = (schema.Rule("机构代码", lambda o: codes.problem(o.code), codes.FIX),
             schema.Rule("编辑", lambda o: next((f"“{e[:40]}”不是 git 用户名、团队名或邮箱" for e in o.editors
                                                if not EDITOR.match(e)), None),
                         "写用户名（如 zhangsan）、组织/团队（如 xian/chengguan-bianji）或邮箱，可带 @ 前缀，多个用列表。"))

    @property
    def is_current(self) -> bool:
        """Not 撤并: listed among the county's organisations, its columns checked; a 撤并 one keeps its pages."""
        return self.dissolved is None

    @property
    def is_county(self) -> bool:
        """The county-level government (县政府, 区政府, 市政府 …)."""
        return self.kind in COUNTY_KINDS

    @property
    def is_department(self) -> bool:
        return self.kind == DEPARTMENT

    @property
    def is_township(self) -> bool:
        return self.kind in TOWNSHIP_KINDS

    @property
    def is_village(self) -> bool:
        return self.kind in VILLAGE_KINDS

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def township(self) -> Organisation | None:
        """The township (乡镇/街道) this organisation belongs to or is."""
        return self.parent or (self if self.is_township else None)

    @property
    def former_folders(self) -> tuple[str, ...]:
        """The folders (relative to content/) of 曾用网址名: a bare name is a sibling of the folder."""
        parent = self.folder.rpartition("/")[0]
        return tuple(f if "/" in f else f"{parent}/{f}".lstrip("/") for f in (x.strip("/") for x in self.former))

    @property
    def info(self) -> list[tuple[str, str]]:
        """机构信息 (条例 第二十条(二)): only the fields the organisation filled in."""
        labels = {f.attr: f.key for f in schema.fields(Organisation)}
        return [(labels[a], getattr(self, a)) for a in INFO if getattr(self, a)]


@dataclass(frozen=True)
class Vocabulary:
    """The county's own words, derived once from its organisations' 类型: its level (县, 区, 市, 旗, 自治县 …),
    what its townships and villages are together (乡镇（街道）, 镇（街道）, 街道, 苏木镇 …; 村（社区）, 社区 …).
    Every text a citizen reads that names the county's level says it with these (``区政府部门``, ``本区``)."""

    level: str = "县"
    townships: str = "乡镇（街道）"
    villages: str = "村（社区）"

    @classmethod
    def of(cls, county_kind: str, township_kinds: list[str], village_kinds: list[str]) -> Vocabulary:
        return cls(county_kind.removesuffix("政府"), _townships_word(set(township_kinds)),
                   _villages_word(set(village_kinds)))

    @property
    def government(self) -> str:
        """县人民政府, 区人民政府 …"""
        return f"{self.level}人民政府"

    @property
    def departments(self) -> str:
        """县政府部门, 区政府部门 …"""
        return f"{self.level}政府部门"

    @property
    def this(self) -> str:
        """本县, 本区, 本市 …"""
        return f"本{self.level}"

    @property
    def tiers(self) -> dict[str, str]:
        """The 公开层级 as this county says them when its catalog does not (县级 → 区级; 乡级 → 镇街级 …)."""
        return {"县级": f"{self.level}级", "乡级": _township_tier(self.townships), "村级": _village_tier(self.villages)}


# A township's kind as one of the rural words (民族乡 is a 乡; 乡镇: both, as the county did not say).
_RURAL = {"乡镇": ("乡", "镇"), "乡": ("乡",), "民族乡": ("乡",), "镇": ("镇",), "苏木": ("苏木",), "民族苏木": ("苏木",)}
_RURAL_ORDER = ("苏木", "乡", "镇")  # 苏木乡镇 as Inner Mongolia writes it


def _townships_word(kinds: set[str]) -> str:
    rural = {w for k in kinds for w in _RURAL.get(k, ())}
    words = "".join(w for w in _RURAL_ORDER if w in rural)
    if not words:
        return "街道" if "街道" in kinds else Vocabulary.townships
    return f"{words}（街道）" if "街道" in kinds else words


def _villages_word(kinds: set[str]) -> str:
    rural = "".join(w for w in ("嘎查", "村") if w in kinds)
    if not rural:
        return "社区" if "社区" in kinds else Vocabulary.villages
    return f"{rural}（社区）" if "社区" in kinds else rural


def _township_tier(townships: str) -> str:
    """乡级 (the national wording) where there are 乡; else 镇街级, 镇级, 街道级, 苏木级 …"""
    if "乡" in townships:
        return "乡级"
    rural = townships.removesuffix("（街道）")
    if rural == "街道":
        return "街道级"
    return f"{rural}街级" if townships.endswith("（街道）") else f"{rural}级"


def _village_tier(villages: str) -> str:
    """村级 (the national wording), or 社区级/嘎查级 where every village is one."""
    return f"{villages}级" if villages in ("社区", "嘎查") else "村级"


@dataclass
class OrgTree:
    orgs: dict[str, Organisation]  # by id
    by_folder: dict[str, Organisation]  # by folder (relative to content/)
    broken: frozenset[str] = frozenset()  # folders whose _org.yml has errors (reported already)

    @property
    def county(self) -> Organisation | None:
        return next((o for o in self.orgs.values() if o.is_county), None)

    def _sorted(self, kinds) -> list[Organisation]:
        return sorted((o for o in self.orgs.values() if o.kind in kinds), key=lambda o: (o.order, o.id))

    @property
    def departments(self) -> list[Organisation]:
        return self._sorted((DEPARTMENT,))

    @property
    def townships(self) -> list[Organisation]:
        return self._sorted(TOWNSHIP_KINDS)

    @property
    def villages(self) -> list[Organisation]:
        return [v for t in self.townships for v in t.children]

    @functools.cached_property
    def words(self) -> Vocabulary:
        """What the site calls the county, its departments and its townships (its own words)."""
        return Vocabulary.of(self.county.kind if self.county else COUNTY_KIND, [t.kind for t in self.townships],
                        [v.kind for v in self.villages])

    def successors(self, org: Organisation) -> list[Organisation]:
        """The organisations that took over a 撤并 organisation's duties (checked to exist when loaded)."""
        return [self.orgs[i] for i in org.dissolved.successors if i in self.orgs] if org.dissolved else []

    def owner_of(self, rel_path: str) -> Organisation | None:
        """The organisation whose folder is the nearest ancestor of ``rel_path`` (relative to content/)."""
        parts = rel_path.split("/")[:-1]
        while parts:
            org = self.by_folder.get("/".join(parts))
            if org:
                return org
            parts.pop()
        return None


def load(content: ContentTree, root: Path, domain_ids: set[str], errors: ErrorCollector) -> OrgTree:
    orgs: dict[str, Organisation] = {}
    by_folder: dict[str, Organisation] = {}
    codes: dict[str, Organisation] = {}
    broken: set[str] = set()
    misplaced: list[tuple[Organisation, Organisation | None, str]] = []  # reported in the county's words, once known
    content_dir = content.root
    paths = sorted((content_dir / uri for uri in content.named(ORG_FILE)), key=lambda p: (len(p.parts), p.as_posix()))
    for path in paths:
        rel = path.relative_to(root).as_posix()
        folder = path.parent.relative_to(content_dir).as_posix()
        if folder == ".":
            errors.add(rel, "content/ 根目录不能放机构信息", "为该机构建一个文件夹（如 content/county/），把 _org.yml 移进去。")
            continue
        slug = path.parent.name
        text = yamlfile.read(path, rel, errors)
        data = yamlfile.load(text, rel, errors) if text is not None else None
        broken.add(folder)  # until the organisation is placed
        if data is None:
            if text is not None and not text.strip():
                errors.add(rel, "机构信息文件是空的", "填写“名称: …”“类型: …”“机构代码: …”（见编辑指南），"
                           "否则本单位页面和文件都不会发布。")
            continue
        org = schema.record(Organisation, data, errors, rel, extra={"id": slug, "folder": folder, "file": rel})
        if org is None:
            continue
        if not schema.SLUG.match(slug):
            errors.add(rel, f"文件夹名“{slug}”不能用作单位编号", "文件夹名只能用小写英文字母、数字和连字符，如 chengguan。")
            continue
        if (problem := reserved.org_id_problem(slug)) is not None:  # it would take a page of the product's
            errors.add(rel, f"文件夹名“{slug}”不能用作单位编号：{problem}", RESERVED_FIX)
            continue
        group = folder.split("/")[0]
        if group != slug and group in reserved.TOP_LEVEL:  # its group page would be at the product's page
            errors.add(rel, f"单位所在的文件夹“content/{group}/”不能用这个名字：“{group}”是网站{reserved.TOP_LEVEL[group]}的网址（/{group}）",
                       f"把 content/{group}/ 改名，如 departments 或 townships。")
            continue
        if slug in orgs:
            errors.add(rel, f"单位编号“{slug}”与 {orgs[slug].file} 重复", "给其中一个单位的文件夹换一个名字。")
            continue
        if org.code in codes:
            errors.add(rel, f"机构代码“{org.code}”与 {codes[org.code].file} 重复",
                       "机构代码是索引号的前段，每个单位不同：核对两个单位的统一社会信用代码。",
                       field="机构代码", line=data.line_of("机构代码"))
            continue
        codes[org.code] = org
        parent = _nearest(by_folder, folder)
        if not _place(org, parent):
            misplaced.append((org, parent, rel))
            continue
        for domain in org.domains:
            if domain not in domain_ids:
                errors.add(rel, f"领域编号“{domain}”不存在", "使用 catalog/ 中领域文件的文件名（不含 .yml），如 yiwu-jiaoyu。",
                           field="负责领域", line=data.line_of("负责领域"))
        orgs[slug] = org
        by_folder[folder] = org
        broken.discard(folder)
    if misplaced:
        _report_misplaced(misplaced, OrgTree(orgs, by_folder), errors)
    counties = [o for o in orgs.values() if o.is_county]
    if not counties:
        errors.add("content/", "没有本级人民政府（类型为" + "、".join(COUNTY_KINDS) + "之一的单位）",
                   "在 content/county/_org.yml 中填写本级人民政府，如“类型: 县政府”（区写 区政府，县级市写 市政府，旗写 旗政府）。")
    for extra in counties[1:]:
        errors.add(extra.file, f"本级人民政府只能有一个，{counties[0].file} 已是{counties[0].kind}",
                   "把本单位的“类型”改为部门、镇、乡或街道，或删去多余的一个。", field="类型")
    for org in orgs.values():
        org.children.sort(key=lambda o: (o.order, o.id))
    _check_dissolutions(orgs, {b.rpartition("/")[2] for b in broken}, errors)
    return OrgTree(orgs, by_folder, frozenset(broken))


def current(orgs) -> list[Organisation]:
    """The organisations of a list that are not 撤并: what lists and menus of the county's organisations show."""
    return [o for o in orgs if o.is_current]


def _check_dissolutions(orgs: dict[str, Organisation], broken: set[str], errors: ErrorCollector) -> None:
    """撤并: every 职责划入 names an organisation of the site, and no chain of them leads back to where it began
    (its notice would send the reader round in a circle)."""
    field_key = "撤并.职责划入"
    for org in orgs.values():
        if org.dissolved is None:
            continue
        if org.is_county:
            errors.add(org.file, "本级人民政府不能撤并", "删去“撤并”；改由新的本级人民政府文件夹的“曾用网址名”写旧文件夹。",
                       field="撤并")
        for successor in org.dissolved.successors:
            if successor not in orgs and successor not in broken:  # (a broken one's own error is reported)
                known = "、".join(sorted(o for o in orgs if o != org.id)[:8])
                errors.add(org.file, f"职责划入的单位“{successor[:40]}”不存在",
                           f"写承接职责的单位的编号，即它在 content/ 中的文件夹名（如 {known}）。", field=field_key)
    reported: set[str] = set()
    for org in orgs.values():
        path = [org.id]
        if org.id not in reported and (cycle := _cycle(orgs, path)):
            reported.update(cycle)
            names = " → ".join(orgs[i].name for i in cycle + [cycle[0]])
            errors.add(orgs[cycle[0]].file, f"撤并的职责划入形成循环：{names}（"
                       + "、".join(orgs[i].file for i in cycle) + "）",
                       "职责只能划入仍在的单位（或它再划入的单位）：从其中一个单位的“撤并.职责划入”中删去循环里的单位。",
                       field=field_key)


def _cycle(orgs: dict[str, Organisation], path: list[str]) -> list[str] | None:
    """A cycle of 职责划入 reached from ``path`` (depth first), as the ids in order; None when there is none."""
    org = orgs[path[-1]]
    for successor in (org.dissolved.successors if org.dissolved else ()):
        if successor not in orgs:
            continue
        if successor in path:
            return path[path.index(successor):]
        found = _cycle(orgs, path + [successor])
        if found:
            return found
    return None


def _nearest(by_folder: dict[str, Organisation], folder: str) -> Organisation | None:
    parts = folder.split("/")[:-1]
    while parts:
        if "/".join(parts) in by_folder:
            return by_folder["/".join(parts)]
        parts.pop()
    return None


def _place(org: Organisation, parent: Organisation | None) -> bool:
    """Villages sit inside a township's folder; everything else sits outside any organisation."""
    if parent is None:
        return org.kind not in VILLAGE_KINDS
    if not parent.is_township or org.kind not in VILLAGE_KINDS:
        return False
    org.parent = parent
    parent.children.append(org)
    return True


def _report_misplaced(misplaced: list[tuple[Organisation, Organisation | None, str]], placed: OrgTree,
                      errors: ErrorCollector) -> None:
    """The organisations ``_place`` refused, each fix in the county's own words (社区 放在 街道 …): its townships
    as placed, its villages with the misplaced ones, so that a 社区 is never told that only 村 go there."""
    county = placed.county
    words = Vocabulary.of(county.kind if county else COUNTY_KIND, [t.kind for t in placed.townships],
                          [v.kind for v in placed.villages] + [o.kind for o, _, _ in misplaced if o.kind in VILLAGE_KINDS])
    for org, parent, rel in misplaced:
        if parent is None:
            errors.add(rel, f"{org.kind}的文件夹必须放在所属{words.townships}的文件夹内",
                       f"把该文件夹移到所属{words.townships}的文件夹下，如 content/townships/chengguan/dongjie/。", field="类型")
        else:
            errors.add(rel, f"“{org.kind}”不能放在{parent.kind}“{parent.name}”的文件夹内",
                       f"只有{words.villages}放在{words.townships}的文件夹内；其他单位的文件夹放在 content/ 下对应位置。",
                       field="类型")
