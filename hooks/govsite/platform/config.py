"""platform.yml: the sites of a platform (集约化), the product version they build with, the base catalog.

Read and checked in one pass: every mistake is collected (Chinese, naming platform.yml, the site and the
field, with the fix) and reported together; nothing is built from a file with a mistake. Whether a site's
repository exists is not checked here: a missing repository fails that site's job only (the others still
build and the report names it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..parse.kinds import SLUG

FILE_NAME = "platform.yml"
TOP_KEYS = ("name", "product", "base_catalog", "sites")
PRODUCT_KEYS = ("version", "repository")
BASE_KEYS = ("path", "mandatory")
SITE_KEYS = ("id", "name", "path", "submodule", "url", "branch", "product_version", "pin_reason")
SOURCE_KEYS = ("path", "submodule", "url")
MAX_SITES = 2000  # a province has about 100 counties; a list this long is a mistake (and one job each)
DEFAULT_BRANCH = "main"  # a url site without branch:
MAX_ID = 40  # the site id is a folder name and a CI job name
# A git tag, branch or commit: what `git rev-parse` accepts without shell or option syntax.
VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,99}")
URL = re.compile(r"(https?|ssh|git|file)://\S+|[\w.-]+@[\w.-]+:\S+")


@dataclass(frozen=True)
class Problem:
    """One mistake in platform.yml: where (site, field), what, and how to fix it."""

    problem: str
    fix: str
    field: str = ""
    site: str = ""  # the site's id (or 第N项 when it has none)

    def format(self, file: str) -> str:
        where = [file]
        if self.site:
            where.append(f"站点“{self.site}”")
        if self.field:
            where.append(f"字段“{self.field}”")
        return "，".join(where) + f"：{self.problem}\n    修改办法：{self.fix}"


class PlatformError(Exception):
    """platform.yml cannot be used: every problem, in Chinese."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = list(problems)
        lines = [f"平台设置有 {len(problems)} 处错误，没有生成任何网站："]
        lines += [f"  {n}. {p.format(file)}" for n, p in enumerate(problems, 1)]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    kind: str  # path | submodule | url
    source: str  # the path (relative to platform.yml's folder) or the URL
    branch: str | None = None
    product_version: str | None = None  # pinned (older) product version, with its reason
    pin_reason: str | None = None
    index: int = 0  # position in sites (1-based), for messages

    @property
    def remote(self) -> bool:
        return self.kind == "url"


@dataclass(frozen=True)
class Platform:
    file: Path
    name: str
    product_version: str
    product_repository: Path | None  # None: the git repository platform.yml is in
    base_path: Path
    mandatory: tuple[str, ...]
    sites: tuple[Site, ...] = field(default_factory=tuple)

    @property
    def root(self) -> Path:
        """platform.yml's folder: relative paths in it start here."""
        return self.file.parent

    def site(self, site_id: str) -> Site | None:
        return next((s for s in self.sites if s.id == site_id), None)

    def version_of(self, site: Site) -> str:
        return site.product_version or self.product_version


def load(path: Path) -> Platform:
    """Read and check ``path``; raise PlatformError with every problem."""
    file = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlatformError(str(path), [Problem("文件不存在", "检查路径（make platform PLATFORM=…/platform.yml），或按 docs/platform.md 新建它。")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PlatformError(str(path), [Problem(f"文件不能读取（{type(exc).__name__}）", "把文件另存为 UTF-8 编码的文本后重试。")]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark is not None else ""
        raise PlatformError(file, [Problem(f"{where}不是正确的 YAML 格式", "检查缩进（用空格）、冒号后的空格和引号是否成对。")]) from None
    problems: list[Problem] = []
    platform = _platform(path, data, problems)
    if problems:
        raise PlatformError(file, problems)
    return platform


def _unknown(data: dict, known: tuple[str, ...], problems: list[Problem], *, site: str = "", prefix: str = "") -> None:
    for key in data:
        if key not in known:
            problems.append(Problem(f"不认识的设置项“{str(key)[:40]}”", "删去它或改正拼写；可以写的设置项："
                                    + "、".join(known) + "。", field=prefix + str(key)[:40], site=site))


def _text(value, problems: list[Problem], name: str, *, site: str = "", required: bool = True, fix: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(Problem("没有填写", fix, field=name, site=site))
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        problems.append(Problem("应该是一段文字", fix, field=name, site=site))
        return None
    return str(value).strip()


def _version(value, problems: list[Problem], name: str, *, site: str = "") -> str | None:
    fix = "写产品的 git 标签或提交号，如 v2026.12 或 3f2a9c1（加引号，如 \"2026.12\"）。"
    text = _text(value, problems, name, site=site, fix=fix)
    if text is not None and not VERSION.fullmatch(text):
        problems.append(Problem(f"“{text[:40]}”不是 git 标签或提交号", fix, field=name, site=site))
        return None
    return text


def _platform(path: Path, data, problems: list[Problem]) -> Platform | None:
    if not isinstance(data, dict):
        problems.append(Problem("文件内容应该是设置项（name、product、base_catalog、sites）", "按 docs/platform.md 的样例填写。"))
        return None
    _unknown(data, TOP_KEYS, problems)
    name = _text(data.get("name"), problems, "name", fix="写平台的名称，如 某省政府网站集约化平台。") or ""

    product = data.get("product")
    version, repository = None, None
    if not isinstance(product, dict):
        problems.append(Problem("没有填写产品版本" if product is None else "应该是设置项（version、repository）",
                                "写成 product: {version: v2026.12}（产品的 git 标签或提交号）。", field="product"))
    else:
        _unknown(product, PRODUCT_KEYS, problems, prefix="product.")
        version = _version(product.get("version"), problems, "product.version")
        repo = _text(product.get("repository"), problems, "product.repository", required=False,
                     fix="写产品 git 仓库的路径（相对 platform.yml），不写则用 platform.yml 所在的仓库。")
        repository = (path.parent / repo) if repo else None

    base = data.get("base_catalog")
    base_path, mandatory = path.parent, ()
    if not isinstance(base, dict):
        problems.append(Problem("没有填写基础目录" if base is None else "应该是设置项（path、mandatory）",
                                "写成 base_catalog: {path: base, mandatory: [fdzdgk-01]}（省里发布的标准目录文件夹）。",
                                field="base_catalog"))
    else:
        _unknown(base, BASE_KEYS, problems, prefix="base_catalog.")
        folder = _text(base.get("path"), problems, "base_catalog.path",
                       fix="写省标准目录文件夹的路径（相对 platform.yml），其中的文件与县的 catalog/ 格式相同。")
        if folder:
            base_path = path.parent / folder
            if not base_path.is_dir():
                problems.append(Problem(f"文件夹“{folder[:80]}”不存在", "改正路径，或把省标准目录（与县的 catalog/ 格式相同）放到那里。",
                                        field="base_catalog.path"))
        raw = base.get("mandatory", [])
        if raw is None:
            raw = []
        if not isinstance(raw, list) or not all(isinstance(x, str) and SLUG.match(x) for x in raw):
            problems.append(Problem("应该是事项编号或领域文件名的列表", "写成 mandatory: [fdzdgk-01, fupin]（领域文件名表示该领域的全部事项）。",
                                    field="base_catalog.mandatory"))
        else:
            mandatory = tuple(dict.fromkeys(raw))

    sites = _sites(data.get("sites"), problems)
    if version is None or problems:
        return None
    return Platform(path, name, version, repository, base_path, mandatory, tuple(sites))


def _sites(raw, problems: list[Problem]) -> list[Site]:
    if not isinstance(raw, list) or not raw:
        problems.append(Problem("没有列出网站" if not raw else "应该是网站的列表",
                                "在 sites: 下每个县写一项：- {id: county-a, name: 某某县, path: sites/county-a}。", field="sites"))
        return []
    if len(raw) > MAX_SITES:
        problems.append(Problem(f"列出了 {len(raw)} 个网站，超过上限 {MAX_SITES}", "检查是否重复粘贴；一个平台分成几个。", field="sites"))
        return []
    sites: list[Site] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(raw, 1):
        label = f"第{number}项"
        if not isinstance(entry, dict):
            problems.append(Problem("应该是设置项（id、name、path/submodule/url）", "写成 - {id: county-a, name: 某某县, path: sites/county-a}。",
                                    field="sites", site=label))
            continue
        site_id = entry.get("id")
        if isinstance(site_id, str) and SLUG.match(site_id) and len(site_id) <= MAX_ID:
            label = site_id
        before = len(problems)
        _unknown(entry, SITE_KEYS, problems, site=label)
        if not (isinstance(site_id, str) and SLUG.match(site_id) and len(site_id) <= MAX_ID):
            problems.append(Problem("网站编号没有填写或格式不对" if site_id is None else f"网站编号“{str(site_id)[:40]}”格式不对",
                                    f"用小写英文字母、数字和连字符（不超过 {MAX_ID} 个字符），如 county-a；它是文件夹名和 CI 作业名。",
                                    field="id", site=label))
        elif site_id in seen:
            problems.append(Problem(f"网站编号重复（第{seen[site_id]}项已经用了它）", "一个网站只列一次；两个不同的网站用不同的编号。",
                                    field="id", site=label))
        else:
            seen[site_id] = number
        name = _text(entry.get("name"), problems, "name", site=label, fix="写网站所属政府的名称，如 某某县人民政府。")
        given = [k for k in SOURCE_KEYS if entry.get(k) not in (None, "")]
        kind, source = None, None
        if len(given) != 1:
            problems.append(Problem("没有写网站仓库在哪里" if not given else f"同时写了 {'、'.join(given)}，只能写一个",
                                    "写 path: 路径（本机文件夹）、submodule: 路径（git 子模块）或 url: 仓库地址（加 branch: 分支）之一。",
                                    field="/".join(given) or "path", site=label))
        else:
            kind = given[0]
            source = _text(entry.get(kind), problems, kind, site=label, fix="写仓库的路径或地址。")
            if source and kind == "url" and not URL.fullmatch(source):
                problems.append(Problem(f"“{source[:80]}”不是 git 仓库地址", "写 https://…/县.git、ssh://… 或 git@主机:组/县.git。",
                                        field="url", site=label))
            if source and kind != "url" and (Path(source).is_absolute() and kind == "submodule"):
                problems.append(Problem("子模块路径应该是相对路径", "写子模块在平台仓库中的路径，如 sites/county-a。", field=kind, site=label))
        branch = _text(entry.get("branch"), problems, "branch", site=label, required=False, fix="写分支名，如 main。")
        if branch is not None and kind != "url":
            problems.append(Problem("只有 url 形式的网站需要写分支", "删去 branch，或改用 url: 仓库地址。", field="branch", site=label))
        if branch is not None and not VERSION.fullmatch(branch):
            problems.append(Problem(f"“{branch[:40]}”不是分支名", "写分支名，如 main。", field="branch", site=label))
        pinned = None
        if entry.get("product_version") is not None:
            pinned = _version(entry.get("product_version"), problems, "product_version", site=label)
            if _text(entry.get("pin_reason"), problems, "pin_reason", site=label, required=False, fix="") is None:
                problems.append(Problem("固定在旧版本的网站要写明原因", "加一行 pin_reason: 原因（如 等待本县完成目录调整，预计 2027年3月升级）。",
                                        field="pin_reason", site=label))
        elif entry.get("pin_reason") is not None:
            problems.append(Problem("没有固定版本（product_version）却写了原因", "删去 pin_reason，或加上 product_version。",
                                    field="pin_reason", site=label))
        if len(problems) == before:
            sites.append(Site(site_id, name, kind, source, (branch or DEFAULT_BRANCH) if kind == "url" else None, pinned,
                              _text(entry.get("pin_reason"), [], "pin_reason", required=False, fix=""), number))
    return sites
