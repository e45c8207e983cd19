"""``make new-county``: a fresh clone of the product becomes one county's blank site.

It writes the county's own files and nothing of the product (not the code-owner files either: ``make
codeowners`` makes the county's, when it chooses to): ``mkdocs.yml`` (name, site_url, the identity
items and links of ``extra.gov``, inheriting ``govsite.yml``), ``content/`` (the organisation tree from
the organisations spreadsheet, or the county government alone) and ``catalog/`` (the domains from the
catalog spreadsheet, or the shipped standard catalog; ``_topics.yml`` and ``_holidays.yml`` are kept as
shipped). The example county the clone came with is moved aside to ``examples/county/`` (its settings,
content and catalog, unchanged), where the tests and demos still find it, and the files git sees as
moved there keep following the product's changes on ``git merge``.

Everything is made and loaded in a scratch folder first (the spreadsheets' errors name file, sheet, row
and column; the settings are checked as the build checks them); only when all of it loads is anything
in the clone changed. Non-interactive with arguments; in a terminal, what is missing is asked for.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

from ..model import site as site_model
from ..model.orgs import COUNTY_KINDS, ORG_FILE, Vocabulary
from ..parse import arguments
from ..parse import settings as settings_module
from ..parse import site_url as site_url_module
from ..parse.errors import ErrorCollector
from ..parse.schema import fields
from . import catalog_sheet, codeowners, import_orgs
from .project import Project, Refused

EXAMPLE_DIR = Path("examples") / "county"
COUNTY_FILES = ("mkdocs.yml", "content", "catalog")  # what is the county's own (and the example's)
PLACEHOLDER_URL = "https://www.example.gov.cn/"
LINKS = ("依申请公开", "互动交流", "在线办事")  # the entries next to 政府信息公开 (extra.gov.links)
# A new county has no documents yet: these 单项否决 rules would stop every build until its columns are
# filled (国办秘函〔2019〕19号). They are warnings until the county goes live; the comment says so.
START_CHECKS = ("empty_columns_total", "stale_columns_total", "long_stale_columns_total", "home_not_updated")
# The name's endings that say the county-level government's 类型 (某某区 → 区政府), the longest first: 神农架林区
# is a 林区, not a 区, and 某某自治县 an 自治县.
LEVELS = tuple(sorted((kind.removesuffix("政府") for kind in COUNTY_KINDS), key=len, reverse=True))
NAME_EXAMPLE = "某某县、某某区、某某市、某某旗"


def county_kind(name: str) -> str | None:
    """The county-level government's 类型 from the end of its name (某某区 → 区政府), None if it says none."""
    return next((f"{level}政府" for level in LEVELS if name.endswith(level)), None)


def kind_of(name: str) -> str:
    """``county_kind``, or the refusal naming NAME and the endings it may have."""
    kind = county_kind(name)
    if kind is None:
        raise Refused(f"NAME“{name[:40]}”的结尾不是{'、'.join(k.removesuffix('政府') for k in COUNTY_KINDS)}之一，"
                      f"无法得出本级人民政府的类型：NAME 写完整的名称（如 {NAME_EXAMPLE}），"
                      "或用单位表格（ORGS=…）写明本级人民政府的“类型”。")
    return kind


def settings_file(*, county: str, site_name: str, site_url: str, identity: dict, links: dict) -> str:
    """The county's mkdocs.yml: its own settings only (the product's are in govsite.yml)."""
    lines = [
        "# 政务公开网站：本网站自己的设置。设置说明见 docs/admin-guide.md（政务公开办指南）；",  # no value in a comment: a line break ends it
        "# 产品设置（主题、hooks、插件、Markdown 扩展等）在 govsite.yml 中，升级产品时随之更新，不要修改它。",
        "INHERIT: govsite.yml",
        f"site_name: {catalog_sheet.scalar(site_name)}",
        f"site_description: {catalog_sheet.scalar(site_name + '政府信息公开')}",
        f"site_url: {catalog_sheet.scalar(site_url)}   # 本网站对外的完整网址（页面元数据、订阅、sitemap.xml）",
        "docs_dir: content",
        "site_dir: site",
        "use_directory_urls: true",
        "",
        "extra:",
        "  gov:",
        f"    county: {catalog_sheet.scalar(county)}",
        "    catalog_dir: catalog",
        "    identity:               # 页脚的网站标识信息（国办秘函〔2019〕19号）；未填的项生成时会提示",
    ]
    for f in fields(settings_module.Identity):
        value = identity.get(f.key)
        lines.append(f"      {f.key}: {catalog_sheet.scalar(value)}" if value else f"      # {f.key}: （{f.doc}）")
    lines.append("    links:                  # 政府信息公开旁的入口：名称: 网址")
    for name in LINKS:
        lines.append(f"      {name}: {catalog_sheet.scalar(links[name])}" if links.get(name) else f"      # {name}: https://…")
    for name, url in links.items():
        if name not in LINKS:
            lines.append(f"      {catalog_sheet.scalar(name)}: {catalog_sheet.scalar(url)}")
    lines += [
        "    checks:                 # 检查规则（make check；生成网站时也检查），默认值见 docs/admin-guide.md 的检查规则表",
        "      # 新建的网站还没有文件，下面几项暂设为 warning，否则空白栏目、未更新栏目会让网站无法生成。",
        "      # 各栏目有了文件、网站正式上线前，删去这几行（恢复为 error：国办秘函〔2019〕19号 单项否决）。",
    ]
    lines += [f"      {rule}: warning" for rule in START_CHECKS]
    return "\n".join(lines) + "\n"


def county_org(name: str, code: str, kind: str) -> str:
    """The county-level government's _org.yml: its 类型 (县政府, 区政府 …) is also its 简称."""
    return import_orgs.org_yaml({"名称": name, "类型": kind, "机构代码": code, "简称": kind, "排序": 0})


class Failed(Exception):
    """The spreadsheets or settings did not load: the message lists every error (Chinese)."""


def make(root: Path, *, county: str, site_name: str, site_url: str, identity: dict, links: dict,
         catalog_file: Path | None = None, orgs_file: Path | None = None, code: str | None = None,
         out=sys.stdout) -> Path:
    """Stage the county's files and load them; returns the scratch folder (the caller moves it in)."""
    scratch = Path(tempfile.mkdtemp(prefix=".new-county-", dir=root))
    try:
        catalog = scratch / "catalog"
        content = scratch / "content"
        catalog.mkdir()
        content.mkdir()
        for path in sorted((root / "catalog").glob("*.yml")):
            if path.name.startswith("_") or catalog_file is None:  # _topics.yml, _holidays.yml: kept as shipped
                shutil.copy(path, catalog / path.name)
        if catalog_file is not None:
            imported = catalog_sheet.parse(catalog_file, catalog)
            if imported.errors:
                raise Failed(imported.errors.report())
            catalog_sheet.write(imported, catalog)
            print(f"标准目录：{len(imported.files)} 个领域、{imported.items} 个事项。", file=out)
            print(imported.errors.review(), file=out)
        if orgs_file is not None:
            orgs = import_orgs.parse(orgs_file, content, catalog)
            if orgs.errors:
                raise Failed(orgs.errors.report())
            import_orgs.write(orgs, content)
            print(f"单位：{len(orgs.folders)} 个。", file=out)
        else:
            kind = kind_of(county)
            if not code:
                raise Failed(f"没有单位表格时须给出{Vocabulary.of(kind, [], []).government}的统一社会信用代码（CODE=…），"
                             "用作索引号前段。")
            (content / import_orgs.COUNTY_FOLDER).mkdir()
            (content / import_orgs.COUNTY_FOLDER / ORG_FILE).write_text(county_org(site_name, code, kind),
                                                                        encoding="utf-8")
        (scratch / "mkdocs.yml").write_text(settings_file(county=county, site_name=site_name, site_url=site_url,
                                                          identity=identity, links=links), encoding="utf-8")
        _check(scratch)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return scratch


def _check(scratch: Path) -> None:
    """The staged county as the build loads it: settings, site_url, catalog, organisations."""
    errors = ErrorCollector()
    config = yaml.safe_load((scratch / "mkdocs.yml").read_text(encoding="utf-8"))
    settings_module.load(config.get("extra") or {}, errors)
    site_url_module.check(config.get("site_url"), "build", errors)
    try:
        site_model.load(scratch, scratch / "content", scratch / "catalog", errors)
    except PluginError:  # an empty catalog stops the loader early; its errors are in the collector
        pass
    if errors:
        # not a build: nothing was built, and nothing of the project (site/ included) was changed
        raise Failed(errors.report().replace("网站未生成", "未做任何修改").replace(
            "\n原有网站（site/）保持不变。", "\n项目中的文件（mkdocs.yml、catalog/、content/）均未改动。"))


def install(root: Path, scratch: Path, *, keep_example: bool = True) -> None:
    """Move the example aside (examples/county/) and the staged county in."""
    example = root / EXAMPLE_DIR
    if keep_example:
        example.mkdir(parents=True, exist_ok=True)
        for name in COUNTY_FILES:
            if (root / name).exists():
                shutil.move(root / name, example / name)
    else:
        for name in COUNTY_FILES:
            path = root / name
            shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    for name in COUNTY_FILES:
        shutil.move(scratch / name, root / name)
    shutil.rmtree(scratch, ignore_errors=True)
    for stale in ("site", ".site.keys.json"):  # the example's built site
        path = root / stale
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)


def _dirty(root: Path) -> list[str]:
    """The county's files with uncommitted changes (git), which moving them would mix up."""
    try:
        proc = subprocess.run(["git", "status", "--porcelain", "--", *COUNTY_FILES], cwd=root,
                              capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line for line in proc.stdout.splitlines() if line.strip()] if proc.returncode == 0 else []


def _pairs(values: list[str], what: str) -> dict:
    out = {}
    for value in values or ():
        key, sep, text = value.partition("=")
        if not sep or not key.strip():
            raise Refused(f"{what}应写成“名称=值”，实际是“{value}”。")
        out[key.strip()] = text.strip()
    return out


def _one_line(values: dict[str, str | None]) -> None:
    """Each value (by the variable that gave it) is one line of text: a newline or another control character
    would end a line of mkdocs.yml or _org.yml, or reach every page."""
    for variable, value in values.items():
        found = arguments.control_character(value or "")
        if found:
            raise Refused(f"{variable} 含有控制字符 {found}：只能是一行文字，去掉换行等控制字符后重新运行。")


def _ask(prompt: str, default: str = "") -> str:
    answer = input(f"{prompt}{f'（回车：{default}）' if default else ''}：").strip()
    return answer or default


def _ask_path(prompt: str) -> Path | None:
    answer = _ask(prompt)
    try:
        return arguments.file_path(answer) if answer else None
    except argparse.ArgumentTypeError as exc:
        raise Refused(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    parser = arguments.ArgumentParser(prog="make new-county", description="把刚克隆的项目变成本级政府的空白网站。")
    parser.add_argument("--name", variable="NAME", help=f"县（区、市、旗）的名称，如 {NAME_EXAMPLE}（本级人民政府的类型由名称的结尾得出）")
    parser.add_argument("--site-name", help="网站名称（默认：名称+人民政府）")
    parser.add_argument("--site-url", variable="SITE_URL", help="网站网址，如 https://www.xxx.gov.cn/")
    parser.add_argument("--catalog", variable="CATALOG", type=arguments.file_path,
                        help="标准目录表格（.xlsx/.csv，每个领域一个工作表）")
    parser.add_argument("--orgs", variable="ORGS", type=arguments.file_path,
                        help="单位表格（.xlsx/.csv：名称、类型、上级、统一社会信用代码、网址名）")
    parser.add_argument("--code", variable="CODE", help="本级人民政府的统一社会信用代码（没有单位表格时必填）")
    parser.add_argument("--identity", action="append", metavar="项=值", help="网站标识信息，如 主办单位=某某区人民政府办公室（可重复）")
    parser.add_argument("--identities", variable="IDENTITY", default="", metavar="\"项=值 项=值\"",
                        help="网站标识信息，多项以空格分隔（make 的 IDENTITY=…）")
    parser.add_argument("--link", action="append", metavar="名称=网址", help="入口链接，如 依申请公开=https://…（可重复）")
    parser.add_argument("--links", variable="LINKS", default="", metavar="\"名称=网址 名称=网址\"",
                        help="入口链接，多项以空格分隔（make 的 LINKS=…）")
    parser.add_argument("--drop-example", action="store_true", help="删除仓库自带的示例而不是移到 examples/county/")
    parser.add_argument("--force", variable="FORCE", action="store_true", help="有未提交的修改时也继续；已运行过时替换本网站的文件")
    args = parser.parse_args(argv)
    root = Path.cwd()
    interactive = sys.stdin.isatty() and not args.name
    try:
        if not (root / "govsite.yml").exists():
            raise Refused("请在项目文件夹（含 govsite.yml）中运行。")
        made_before = (root / EXAMPLE_DIR).exists()
        if made_before and not args.force:
            raise Refused(f"{EXAMPLE_DIR.as_posix()}/ 已存在：本项目已经运行过 make new-county。要重新生成"
                          "（替换 mkdocs.yml、content/、catalog/，示例保持不变），加 FORCE=1。")
        dirty = _dirty(root)
        if dirty and not args.force:
            raise Refused("以下文件有未提交的修改，先提交或放弃修改（或加 FORCE=1）：\n  " + "\n  ".join(dirty[:20]))
        identity = _pairs([*(args.identity or ()), *args.identities.split()], "网站标识信息")
        links = _pairs([*(args.link or ()), *args.links.split()], "入口链接")
        known = {f.key for f in fields(settings_module.Identity)}
        unknown = sorted(set(identity) - known)
        if unknown:
            raise Refused(f"不认识的网站标识项：{'、'.join(unknown)}。可用：{'、'.join(sorted(known))}。")
        name, site_url, code = args.name, args.site_url, args.code
        if interactive:
            name = _ask(f"县（区、市、旗）的名称（如 {NAME_EXAMPLE}）")
            site_url = site_url or _ask("网站网址", PLACEHOLDER_URL)
            if not args.catalog:
                args.catalog = _ask_path("标准目录表格（.xlsx/.csv；留空则用自带的标准目录）")
            if not args.orgs:
                args.orgs = _ask_path("单位表格（.xlsx/.csv；留空则只建本级人民政府）")
            if not args.orgs:
                government = Vocabulary.of(kind_of(name), [], []).government if name else "本级人民政府"
                code = code or _ask(f"{government}的统一社会信用代码（18位）")
            for f in fields(settings_module.Identity):
                if f.key not in identity:
                    identity[f.key] = _ask(f"{f.key}（{f.doc}，可留空）")
            for link in LINKS:
                if link not in links:
                    links[link] = _ask(f"“{link}”入口网址（可留空）")
        if not name:
            raise Refused("请给出县（区、市、旗）的名称：make new-county NAME=某某县 …（或 某某区、某某市、某某旗 …）")
        site_name = args.site_name or f"{name}人民政府"
        _one_line({"NAME": name, "--site-name": site_name, "SITE_URL": site_url, "CODE": code,
                   **{f"IDENTITY 的“{k}”": f"{k}={v}" for k, v in identity.items()},
                   **{f"LINKS 的“{k}”": f"{k}={v}" for k, v in links.items()}})
        scratch = make(root, county=name, site_name=site_name, site_url=site_url or PLACEHOLDER_URL,
                       identity={k: v for k, v in identity.items() if v}, links={k: v for k, v in links.items() if v},
                       catalog_file=args.catalog, orgs_file=args.orgs, code=code)
    except (Refused, Failed) as exc:
        print(f"未做任何修改：{exc}" if isinstance(exc, Refused) else str(exc), file=sys.stderr)
        return 1
    install(root, scratch, keep_example=not (args.drop_example or made_before))
    project = Project.load(root / "mkdocs.yml")
    words = project.tree.words  # 本县, 本区 … as its organisations say
    print(f"已生成{site_name}的空白网站：mkdocs.yml、content/（{len(project.orgs())} 个单位）、catalog/"
          f"（{len(project.catalog.domains)} 个领域、{len(project.catalog.items)} 个事项）。"
          + ("" if args.drop_example or made_before else f"仓库自带的示例已移到 {EXAMPLE_DIR.as_posix()}/。"))
    if not site_url:
        print(f"网站网址暂为 {PLACEHOLDER_URL}：请在 mkdocs.yml 中改为{words.this}网址。")
    # The code-owner files (.github/.gitlab/.gitea/CODEOWNERS) are the product's until the county makes its own
    # on purpose: rewriting them here made the next pull of the product conflict.
    print(f"各单位编辑的修改权限：在各单位 _org.yml 中填写“编辑”后运行 make codeowners，生成{words.this}的 CODEOWNERS"
          f"（替换仓库自带的 {'、'.join(codeowners.FORGES.values())}）。")
    print("下一步：make serve 预览；核对 mkdocs.yml、catalog/ 和 content/ 后提交（git add -A && git commit）。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
