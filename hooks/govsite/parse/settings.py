"""The settings of ``extra.gov`` in mkdocs.yml, declared once: every option, its default and what it
is. Unknown keys and values of the wrong kind are Chinese errors naming the key (``mkdocs.yml``,
field ``extra.gov.…``), reported together before anything is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import text as characters
from . import weburl
from .errors import ErrorCollector
from .kinds import Choice, Int, Pairs, Raw, Record, Text
from .schema import Rule, field, fields, record

CONFIG_FILE = "mkdocs.yml"
PREFIX = "extra.gov."
BUNDLE_PAGES = 1000  # default search.bundle_pages: the largest search bundle


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _as_browsers_read(value: str) -> str | None:
    r"""``value`` as a browser parses it, or None when it holds control characters: browsers drop tabs and
    line breaks anywhere in a URL and spaces at its ends, and read ``\`` as ``/`` ("java<TAB>script:" is
    javascript:, "\\host" is //host)."""
    return None if _CONTROL.search(value) else value.strip(" ").replace("\\", "/")


def _web_link(value: str | None) -> bool:
    """A link a page may carry: http(s), or a path on the site (no javascript:, data: …)."""
    if not value:
        return True
    read = _as_browsers_read(value)
    return read is not None and (read.startswith(("https://", "http://")) or not _SCHEME.match(read))


def _local(value: str | None) -> bool:
    """A file of the site itself: no scheme, no other host (no page requests another host)."""
    if not value:
        return True
    read = _as_browsers_read(value)
    return read is not None and not (_SCHEME.match(read) or read.startswith("//"))


@dataclass(frozen=True, kw_only=True)
class Identity:
    """Site identity items inspections check in the footer (国办发〔2017〕47号; 国办秘函〔2019〕19号)."""

    sponsor: str | None = field("主办单位", Text(), "网站主办单位，如 县人民政府办公室")
    contact: str | None = field("联系方式", Text(), "联系电话或邮箱")
    site_code: str | None = field("网站标识码", Text(), "10位网站标识码（全国政府网站基本信息数据库）")
    icp: str | None = field("ICP备案号", Text(), "ICP备案号（链接到工信部备案系统）")
    police: str | None = field("公安机关备案号", Text(), "公安机关备案号（链接到公安部备案系统）")
    report_url: str | None = field("找错链接", Text(), "“我为政府网站找错”平台链接")
    badge_image: str | None = field("网站标识图片", Text(), "党政机关网站标识图片（放在 content/ 下的路径，如 assets/dzjg.png）")
    badge_url: str | None = field("网站标识链接", Text(), "党政机关网站标识证书链接")

    RULES = (
        Rule("找错链接", lambda i: None if _web_link(i.report_url) else f"“{i.report_url[:60]}”不是网址",
             "填写以 https:// 开头的网址。"),
        Rule("网站标识链接", lambda i: None if _web_link(i.badge_url) else f"“{i.badge_url[:60]}”不是网址",
             "填写以 https:// 开头的网址。"),
        Rule("网站标识图片", lambda i: None if _local(i.badge_image) else "标识图片必须是本站的文件",
             "把图片放到 content/ 下（如 content/assets/dzjg.png），填写 assets/dzjg.png：网页不从其他网站加载任何内容。"),
    )

    @property
    def police_code(self) -> str:
        """The digits of 公安机关备案号: the query parameter of the MPS record system."""
        return "".join(c for c in (self.police or "") if c.isdigit())


@dataclass(frozen=True, kw_only=True)
class SearchOptions:
    bundle_pages: int = field("bundle_pages", Int(), "每个搜索分包最多的页面数", default=BUNDLE_PAGES)
    shard_pages: int | None = field("shard_pages", Int(), "bundle_pages 的旧名")

    RULES = (
        Rule("bundle_pages", lambda s: None if s.bundle_pages >= 1 else f"应为正整数，实际是 {s.bundle_pages}",
             f"如 {BUNDLE_PAGES}；不写则为 {BUNDLE_PAGES}。"),
        Rule("shard_pages", lambda s: None if s.shard_pages is None or s.shard_pages >= 1
             else f"应为正整数，实际是 {s.shard_pages}", f"改用 bundle_pages，如 {BUNDLE_PAGES}。"),
    )

    @property
    def pages(self) -> int:
        """The largest search bundle, in pages."""
        return self.shard_pages or self.bundle_pages


PUBLISH_MODES = ("editorial_workflow", "simple")
LOCAL_BACKEND = "http://localhost:8081/api/v1"  # decap-server's default port (make cms)
# Decap CMS 3.16's backend keys holding an address it fetches from the editor's page (so its origin goes
# into the page's connect-src: render.admin): an absolute http(s) address, or a path on the site.
BACKEND_FETCHED = ("base_url", "api_root", "graphql_api_root", "proxy_url", "identity_url", "gateway_url",
                   "status_endpoint", "large_media_url")
# … and those it only opens in a window (OAuth): an address or a path (GitLab: oauth/authorize).
BACKEND_OPENED = ("auth_endpoint",)
BACKEND_ADDRESS_FIX = ("写成 https://git.（本县域名）.gov.cn 这样的网址（协议、域名、可选的端口和路径），"
                       "或本站路径；见 docs/editors-guide.md“六、表单编辑器”。")
_BACKEND_SCALARS = (str, bool, int, float)


def _not_an_address(value, *, path_allowed: bool = False) -> str | None:
    """The problem of an address: absolute http(s) (``weburl.parse``), or (``path_allowed``) a path."""
    if not isinstance(value, str):
        return f"应为网址，实际是“{weburl.shown(value)}”"
    try:
        if path_allowed and not (_SCHEME.match(value) or value.startswith("//")):
            weburl.check_path(value)
        else:
            weburl.parse(value)
    except weburl.Refused as refused:
        return f"“{weburl.shown(value)}”不是网址：{refused.problem}"
    return None


def _backend_key(key: str):
    """A Rule test for ``backend.<key>``: only when the backend is a mapping that has the key."""
    return lambda c: (_not_an_address(c.backend[key], path_allowed=True)
                      if isinstance(c.backend, dict) and key in c.backend else None)


def _backend_values(backend) -> str | None:
    """The other backend values: text, numbers and yes/no (commit_messages: a mapping of texts), without
    control characters; any that reads as an address (``://``) must be one, wherever it is."""
    if not isinstance(backend, dict):
        return None
    for key, value in backend.items():
        if key in BACKEND_FETCHED + BACKEND_OPENED:
            continue
        values = value.values() if isinstance(value, dict) and key == "commit_messages" else [value]
        for one in values:
            if one is not None and not isinstance(one, _BACKEND_SCALARS):
                return f"“{key}”的值应为文字、数字或 true/false，实际是“{weburl.shown(one)}”"
            if isinstance(one, str) and _CONTROL.search(one):
                return f"“{key}”的值“{weburl.shown(one)}”含有控制字符"
            if isinstance(one, str) and "://" in one and (problem := _not_an_address(one)):
                return f"“{key}”的值{problem}"
    return None


@dataclass(frozen=True, kw_only=True)
class CmsOptions:
    """The form editor (Decap CMS under admin/, views/cms.py): where it saves and how."""

    backend: dict | None = field("backend", Raw(), "Decap CMS 的 backend 设置（如 name: gitea, repo: 单位/仓库, "
                                 "base_url 和 api_root 为本地 Gitea/GitLab 的网址），原样写入 admin/config.yml；"
                                 "不填则表单编辑器只在本机预览（make cms）中可用")
    publish_mode: str = field("publish_mode", Choice(PUBLISH_MODES),
                              "editorial_workflow：草稿→审核→发布（合并请求）；simple：直接提交", default="editorial_workflow")
    local_backend: str = field("local_backend", Text(), "本机预览时表单编辑器连接的地址（make cms 中 decap-server 前的检查服务，端口 CMS_PORT）", default=LOCAL_BACKEND)

    RULES = (
        Rule("backend", lambda c: None if c.backend is None or (isinstance(c.backend, dict) and isinstance(
             c.backend.get("name"), str)) else "应为若干“字段: 值”，且有 name（gitea、gitlab、github 等）",
             "如 {name: gitea, repo: xian/zhengwu, base_url: https://git.example.gov.cn, api_root: "
             "https://git.example.gov.cn/api/v1}；见 docs/editors-guide.md“六、表单编辑器”。"),
        *(Rule(f"backend.{key}", _backend_key(key), BACKEND_ADDRESS_FIX) for key in BACKEND_FETCHED + BACKEND_OPENED),
        Rule("backend", lambda c: _backend_values(c.backend),
             "backend 中的值写成文字（如 repo: xian/zhengwu）、数字或 true/false；网址写成 https://… 的完整网址。"),
        Rule("local_backend", lambda c: _not_an_address(c.local_backend), f"如 {LOCAL_BACKEND}。"),
    )


@dataclass(frozen=True, kw_only=True)
class Settings:
    county: str | None = field("county", Text(), "县（区、市、旗）的名称")
    catalog_dir: str = field("catalog_dir", Text(), "标准目录文件夹（相对 mkdocs.yml）", default="catalog")
    identity: Identity = field("identity", Record(Identity), "网站标识信息（页脚）", default=Identity())
    links: dict = field("links", Pairs(), "政府信息公开旁的入口：名称: 网址（依申请公开、互动交流、在线办事）",
                        default=None)
    search: SearchOptions = field("search", Record(SearchOptions), "搜索设置", default=SearchOptions())
    checks: dict = field("checks", Raw(), "政务公开检查的规则级别和阈值（见 docs/admin-guide.md 的检查规则表）", default=None)
    cms: CmsOptions = field("cms", Record(CmsOptions), "表单编辑器（admin/）的设置", default=CmsOptions())
    banner: str | None = field("banner", Text(), "页头本级政府名称旁的徽标或横幅图片（本站的文件，如 assets/images/banner.svg；"
                               "图片只作装饰，名称总以文字显示）")
    primary_nav: dict = field("primary_nav", Pairs(), "页头的主导航（宽屏显示）：名称: 本站路径或网址，如 政策文件: zcwj/；"
                              "不填则为 首页、政府信息公开、政策文件、乡镇（街道）（按本地的叫法，如 街道、苏木镇）和 links 中的入口", default=None)

    RULES = (Rule("links", lambda s: next((f"“{t}”的网址“{u[:60]}”不是网址" for t, u in (s.links or {}).items()
                                            if not _web_link(u)), None),
                  "每个入口写成“名称: https://…”或本站路径。"),
             Rule("banner", lambda s: None if _local(s.banner) else "页头图片必须是本站的文件",
                  "把图片放到 overrides/assets/images/ 或 content/ 下，填写如 assets/images/banner.svg：网页不从其他网站加载任何内容。"),
             Rule("primary_nav", lambda s: next((f"“{t}”的网址“{u[:60]}”不是网址" for t, u in (s.primary_nav or {}).items()
                                                  if not _web_link(u)), None),
                  "每项写成“名称: 本站路径”（如 zcwj/）或“名称: https://…”。"),)


def load(extra, errors: ErrorCollector) -> Settings:
    """``extra.gov`` of mkdocs.yml as Settings (defaults when absent); mistakes go to ``errors``."""
    raw = extra.get("gov") if hasattr(extra, "get") else None  # MkDocs' extra is a mapping, not a dict
    if raw is None:
        return Settings()
    return record(Settings, raw, errors, CONFIG_FILE, prefix=PREFIX) or Settings()


def check_text(config, errors: ErrorCollector, keys: tuple[str, ...] = ("site_name", "site_description")) -> None:
    """MkDocs's own text settings the pages and feeds show (``extra.gov`` gets this from ``record``): control
    characters refused by the rule of every editor's text (``parse.text``)."""
    for key in keys:
        value = config.get(key)
        if isinstance(value, str) and (problem := characters.problem(value)):
            errors.add(CONFIG_FILE, problem, characters.FIX, field=key)


def check_banner(settings: Settings, exists, errors: ErrorCollector) -> None:
    """extra.gov.banner names a file the site publishes (``exists(path)``: a file of content/ or overrides/,
    as the build collects them): a missing file, or one outside the site (../…), would be a broken image on
    every page, so it is an error naming the field and the fix."""
    if not settings.banner or not _local(settings.banner):
        return  # not set, or refused by the Rule above
    path = re.split(r"[?#]", settings.banner, maxsplit=1)[0].strip().lstrip("/")
    if path and exists(path):
        return
    errors.add(CONFIG_FILE, f"页头图片“{settings.banner[:60]}”不是本站的文件（在 content/ 和 overrides/ 中都找不到）",
               "把图片放到 overrides/assets/images/ 或 content/ 下，填写相对路径，如 assets/images/banner.svg；"
               "不需要图片时删去 banner 一行。", field=f"{PREFIX}banner")


def reference(cls: type = Settings, prefix: str = PREFIX) -> list[tuple[str, str, str, str]]:
    """Every declared ``extra.gov`` key, nested ones included: (key, kind, default, description), in
    declaration order: the settings table of docs/admin-guide.md is made from it (``make settings-doc``) and a test
    compares the two, so the documentation cannot drift from the declaration."""
    rows = []
    for f in fields(cls):
        default = f.default
        shown = "" if default is None or f.kind.record is not None else str(default)
        kind = f.kind.name + ("（" + "、".join(f.kind.choices) + "）" if f.kind.choices else "")
        rows.append((prefix + f.key, kind, shown, f.doc))
        if f.kind.record is not None:
            rows += reference(f.kind.record, f"{prefix}{f.key}.")
    return rows


def reference_table() -> str:
    """The table of every ``extra.gov`` key (Markdown) in docs/admin-guide.md."""
    lines = ["| 键 | 类型 | 默认 | 说明 |", "| --- | --- | --- | --- |"]
    lines += [f"| `{key}` | {kind} | {f'`{default}`' if default else ''} | {doc.replace('|', '｜')} |"
              for key, kind, default, doc in reference()]
    return "\n".join(lines)
