"""The organisation tree (机构): the county government, its departments, townships and
subdistricts (乡镇/街道), and their villages and communities (村/居).

Each organisation is a folder of ``content/`` holding an ``_org.yml``; the folder name is the
organisation's id and URL slug. An organisation's editors own its folder; a township's folder
holds its villages' folders (黔府办发〔2020〕8号 §三(七): 村（居）务公开 inside the township column).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import schema, yamlfile
from .errors import ErrorCollector

ORG_FILE = "_org.yml"
TOP_KINDS = ("县政府", "部门", "乡镇", "街道")
VILLAGE_KINDS = ("村", "社区")
TOWNSHIP_KINDS = ("乡镇", "街道")


@dataclass(eq=False)
class Organisation:
    id: str
    name: str
    kind: str  # 县政府 | 部门 | 乡镇 | 街道 | 村 | 社区
    code: str  # 机构代码, the 索引号 prefix
    folder: str  # relative to content/, e.g. townships/chengguan
    file: str  # the _org.yml path relative to the project root
    short_name: str | None = None
    functions: str | None = None
    head: str | None = None
    address: str | None = None
    phone: str | None = None
    hours: str | None = None
    domains: tuple[str, ...] = ()
    order: int = 1000
    parent: "Organisation | None" = None
    children: list["Organisation"] = field(default_factory=list)

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
    def page_uri(self) -> str:
        """Source URI of the organisation's generated page."""
        return f"{self.folder}/index.md"

    @property
    def info(self) -> list[tuple[str, str]]:
        """机构信息 (条例 第二十条(二)): only the fields the organisation filled in."""
        pairs = [("职能", self.functions), ("负责人", self.head), ("地址", self.address),
                 ("电话", self.phone), ("办公时间", self.hours)]
        return [(k, v) for k, v in pairs if v]


@dataclass
class OrgTree:
    orgs: dict[str, Organisation]  # by id
    by_folder: dict[str, Organisation]  # by folder (relative to content/)

    @property
    def county(self) -> Organisation | None:
        return next((o for o in self.orgs.values() if o.kind == "县政府"), None)

    def _sorted(self, kinds) -> list[Organisation]:
        return sorted((o for o in self.orgs.values() if o.kind in kinds), key=lambda o: (o.order, o.id))

    @property
    def departments(self) -> list[Organisation]:
        return self._sorted(("部门",))

    @property
    def townships(self) -> list[Organisation]:
        return self._sorted(TOWNSHIP_KINDS)

    @property
    def villages(self) -> list[Organisation]:
        return [v for t in self.townships for v in t.children]

    def owner_of(self, rel_path: str) -> Organisation | None:
        """The organisation whose folder is the nearest ancestor of ``rel_path`` (relative to content/)."""
        parts = rel_path.split("/")[:-1]
        while parts:
            org = self.by_folder.get("/".join(parts))
            if org:
                return org
            parts.pop()
        return None


def load(content_dir: Path, root: Path, domain_ids: set[str], errors: ErrorCollector) -> OrgTree:
    orgs: dict[str, Organisation] = {}
    by_folder: dict[str, Organisation] = {}
    paths = sorted(content_dir.rglob(ORG_FILE), key=lambda p: (len(p.parts), p.as_posix()))
    for path in paths:
        rel = path.relative_to(root).as_posix()
        folder = path.parent.relative_to(content_dir).as_posix()
        if folder == ".":
            errors.add(rel, "content/ 根目录不能放机构信息", "为该机构建一个文件夹（如 content/county/），把 _org.yml 移进去。")
            continue
        slug = path.parent.name
        text = yamlfile.read(path, rel, errors)
        data = yamlfile.load(text, rel, errors) if text is not None else None
        if data is None:
            continue
        checked = schema.validate(data, schema.ORGANISATION, errors, rel)
        if checked is None:
            continue
        if not schema.SLUG.match(slug):
            errors.add(rel, f"文件夹名“{slug}”不能用作单位编号", "文件夹名只能用小写英文字母、数字和连字符，如 chengguan。")
            continue
        if slug in orgs:
            errors.add(rel, f"单位编号“{slug}”与 {orgs[slug].file} 重复", "给其中一个单位的文件夹换一个名字。")
            continue
        org = Organisation(id=slug, folder=folder, file=rel, **checked)
        parent = _nearest(by_folder, folder)
        if not _place(org, parent, rel, errors):
            continue
        for domain in org.domains:
            if domain not in domain_ids:
                errors.add(rel, f"领域编号“{domain}”不存在", "使用 catalog/ 中领域文件的文件名（不含 .yml），如 yiwu-jiaoyu。",
                           field="负责领域", line=data.line_of("负责领域"))
        orgs[slug] = org
        by_folder[folder] = org
    counties = [o for o in orgs.values() if o.kind == "县政府"]
    if len(counties) != 1:
        errors.add("content/", f"应有且只有一个类型为“县政府”的单位，现有 {len(counties)} 个",
                   "在 content/county/_org.yml 中填写县人民政府，类型: 县政府。")
    for org in orgs.values():
        org.children.sort(key=lambda o: (o.order, o.id))
    return OrgTree(orgs, by_folder)


def _nearest(by_folder: dict[str, Organisation], folder: str) -> Organisation | None:
    parts = folder.split("/")[:-1]
    while parts:
        if "/".join(parts) in by_folder:
            return by_folder["/".join(parts)]
        parts.pop()
    return None


def _place(org: Organisation, parent: Organisation | None, rel: str, errors: ErrorCollector) -> bool:
    """Villages sit inside a township's folder; everything else sits outside any organisation."""
    if parent is None:
        if org.kind in VILLAGE_KINDS:
            errors.add(rel, f"{org.kind}的文件夹必须放在所属乡镇（街道）的文件夹内", "把该文件夹移到所属乡镇文件夹下，如 content/townships/chengguan/dongjie/。",
                       field="类型")
            return False
        return True
    if not parent.is_township or org.kind not in VILLAGE_KINDS:
        errors.add(rel, f"“{org.kind}”不能放在{parent.kind}“{parent.name}”的文件夹内",
                   "只有村、社区放在乡镇（街道）文件夹内；其他单位的文件夹放在 content/ 下对应位置。", field="类型")
        return False
    org.parent = parent
    parent.children.append(org)
    return True
