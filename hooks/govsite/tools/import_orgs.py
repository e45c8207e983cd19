"""``make import-orgs FILE=…``: the organisation tree (机构) from a spreadsheet, written as the ``_org.yml``
folders of ``content/``.

One row per organisation, on one or more sheets: 名称, 类型 (县政府, 部门, 乡镇, 街道, 村, 社区), 上级 (a
village's or community's township, by 名称, 简称 or 网址名), 统一社会信用代码 (or 机构代码), 网址名 (optional:
the folder name and URL; made from the name's pinyin when absent), and any other key ``Organisation``
declares (简称, 职能, 负责人, 地址, 电话, 办公时间, 负责领域, 排序, 编辑) as a column. The folders follow the
editors' guide: ``county/``, ``departments/<网址名>/``, ``townships/<网址名>/`` and each village inside its
township's folder.

A 网址名 the product reserves (``model.reserved``: admin, search, a year such as 2026, …; for a village or
community also the id of a column every township has, which its folder would take) is refused when given;
when made from the name, the next candidate is taken (the name with its ending kept: 2026村 → 2026cun), and
when that is reserved or taken too, the row is refused asking for a 网址名 (no number is appended: a
网址名 is a URL the county keeps, so it chooses it).

An unknown parent, a parent of the wrong kind, a 网址名 used twice, an unknown header, a row the
organisation loader refuses (a bad 机构代码, a 负责领域 that is not in the catalog, …) are errors naming
file, sheet, row and column; nothing is written then (the folders are written to a scratch folder,
loaded as the build loads them, and only then moved into ``content/``).
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..model import catalog as catalog_model
from ..model import columns as columns_model
from ..model import content as content_model
from ..model import orgs as orgs_model
from ..model import reserved
from ..model.catalog import Catalog
from ..model.orgs import ORG_FILE, Organisation
from ..parse import arguments, codes, schema, spreadsheet
from ..parse.errors import ErrorCollector
from ..parse.spreadsheet import Sheet, SheetErrors
from .catalog_sheet import entry, slug
from .project import Refused, read_settings

PARENT = "上级"
SLUG_KEY = "网址名"
ORG_FIELDS = {f.key: f for f in schema.fields(Organisation)}
HEADER_ALIASES = {"统一社会信用代码": "机构代码", "组织机构代码": "机构代码", "单位名称": "名称", "机构名称": "名称",
                  "单位类型": "类型", "机构类型": "类型", "上级单位": PARENT, "所属乡镇": PARENT, "所属乡镇（街道）": PARENT,
                  "所属单位": PARENT, "文件夹名": SLUG_KEY, "编号": SLUG_KEY, "网址": SLUG_KEY, "序号": ""}
KIND_ALIASES = {"县人民政府": "县政府", "区人民政府": "区政府", "市人民政府": "市政府", "旗人民政府": "旗政府",
                "政府部门": "部门", "县直部门": "部门", "区直部门": "部门", "市直部门": "部门", "旗直部门": "部门",
                "街道办事处": "街道", "行政村": "村", "居委会": "社区", "村委会": "村", "嘎查村": "嘎查"}
COUNTY_FOLDER = "county"
RESERVED_FIX = ("换一个网址名（小写英文字母、数字和连字符，如单位名称的拼音 chengguan）：不能用年份、网站自己使用的名字（"
                + "、".join(reserved.reserved_names()) + "），村、社区也不能用乡镇栏目的编号。")
KIND_FOLDERS = {"部门": "departments"} | {kind: "townships" for kind in orgs_model.TOWNSHIP_KINDS}
# Name endings left out of a generated 网址名 (城关镇 → chengguan); kept again when that clashes.
SUFFIXES = ("社区居民委员会", "村民委员会", "居民委员会", "人民政府", "街道办事处", "办事处", "委员会", "村委会", "居委会",
            "街道", "社区", "镇", "乡", "村", "局")


@dataclass
class OrgRow:
    sheet: str
    number: int
    values: dict  # declared key → value
    parent: str = ""
    slug: str = ""
    given_slug: bool = False
    columns: dict = field(default_factory=dict)  # key → column (for messages)
    folder: str = ""


def _header(text: str) -> str | None:
    name = re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")
    if not name:
        return ""
    if name in ORG_FIELDS or name in (PARENT, SLUG_KEY):
        return name
    return HEADER_ALIASES.get(name)


def _rows(sheet: Sheet, file: str, errors: SheetErrors) -> list[OrgRow]:
    top = next((n for n, row in enumerate(sheet.rows[:20], 1)
                if "名称" in {_header(c) for c in row} and len({_header(c) for c in row} - {None, ""}) >= 2), None)
    if top is None:
        if any(v for r in sheet.rows for v in r):
            errors.note(file, "没有找到表头（名称、类型、上级、统一社会信用代码），整个工作表未导入", "", sheet=sheet.name)
        return []
    columns: dict[int, str] = {}
    for c, text in enumerate(sheet.rows[top - 1], 1):
        key = _header(text)
        if key is None:
            errors.add(file, f"不认识的表头“{text[:40]}”", "可用：名称、类型、上级、统一社会信用代码、网址名、"
                       + "、".join(k for k in ORG_FIELDS if k not in ("名称", "类型", "机构代码")) + "。",
                       sheet=sheet.name, row=top, column=c)
        elif key:
            columns[c] = key
    out = []
    for number in range(top + 1, len(sheet.rows) + 1):
        cells = {key: sheet.cell(number, c) for c, key in columns.items()}
        if not any(cells.values()):
            continue
        row = OrgRow(sheet.name, number, {}, columns={k: c for c, k in columns.items()})
        for key, text in cells.items():
            if not text:
                continue
            if key == PARENT:
                row.parent = text
            elif key == SLUG_KEY:
                row.slug, row.given_slug = text, True
            else:
                if key == "类型":
                    row.values[key] = KIND_ALIASES.get(text, text)
                elif key == "机构代码" and (problem := codes.problem(text)) is not None:
                    errors.add(file, problem, codes.FIX, **_where(row, key))
                else:  # as the field's kind reads a cell (负责领域: words; 排序: a number)
                    row.values[key] = ORG_FIELDS[key].kind.from_cell(text, key)
        out.append(row)
    return out


def _where(row: OrgRow, key: str = "") -> dict:
    return dict(sheet=row.sheet, row=row.number, column=row.columns.get(key), header=key if key in row.columns else "")


def _base_slug(name: str, county: str, strip: bool) -> str:
    if county and name.startswith(county) and len(name) > len(county):
        name = name[len(county):]
    if strip:
        for suffix in SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                name = name[: -len(suffix)]
                break
    return slug(name)


def _slug_problem(slug: str, kind: str, township_columns: dict[str, str], townships: str) -> str | None:
    """Why ``slug`` cannot be the 网址名 of an organisation of ``kind`` (Chinese), or None; ``townships``: what
    the county calls its townships (街道, 乡镇（街道） …)."""
    problem = reserved.org_id_problem(slug)
    if problem is None and kind in orgs_model.VILLAGE_KINDS and slug in township_columns:
        problem = (f"“{slug}”是每个{townships}的栏目“{township_columns[slug]}”的网址，"
                   f"{kind}的文件夹在{townships}的文件夹内，会占用它")
    return problem


def plan(rows: list[OrgRow], file: str, errors: SheetErrors, township_columns: dict[str, str] | None = None) -> None:
    """Give every row its folder: check 类型, 上级 and 网址名 (errors name the row and column).
    ``township_columns``: the columns every township has (id → name), which no village's 网址名 may take."""
    township_columns = township_columns or {}
    kinds = orgs_model.ORG_KINDS
    county_rows = [r for r in rows if r.values.get("类型") in orgs_model.COUNTY_KINDS]
    county = re.sub(r"人民政府$", "", county_rows[0].values.get("名称", "")) if county_rows else ""
    for row in rows:
        kind = row.values.get("类型")
        if kind not in kinds:
            errors.add(file, f"类型“{kind or ''}”不是允许的值" if kind else "缺少类型", "可选值：" + "、".join(kinds) + "。",
                       **_where(row, "类型"))
        if not row.values.get("名称"):
            errors.add(file, "缺少名称", "填写单位全称。", **_where(row, "名称"))
    if errors:
        return
    words, government = _words(rows)  # every 类型 is known now: the messages below say the county's own words
    taken: dict[str, OrgRow] = {}
    for row in rows:  # given 网址名 first: a generated one never takes a name a county chose
        if row.given_slug:
            if not schema.SLUG.match(row.slug):
                errors.add(file, f"网址名“{row.slug[:40]}”无效", "只能用小写英文字母、数字和连字符，如 chengguan。",
                           **_where(row, SLUG_KEY))
            elif (problem := _slug_problem(row.slug, row.values["类型"], township_columns, words.townships)) is not None:
                errors.add(file, f"网址名“{row.slug}”不能用：{problem}", RESERVED_FIX, **_where(row, SLUG_KEY))
            elif row.slug in taken:
                other = taken[row.slug]
                errors.add(file, f"网址名“{row.slug}”与工作表“{other.sheet}”第{other.number}行重复",
                           "每个单位的网址名全站唯一：改其中一个。", **_where(row, SLUG_KEY))
            else:
                taken[row.slug] = row
    for row in rows:
        if row.given_slug:
            continue
        if row.values["类型"] in orgs_model.COUNTY_KINDS and COUNTY_FOLDER not in taken:
            row.slug = COUNTY_FOLDER
        else:
            candidates = [_base_slug(row.values["名称"], county, True), _base_slug(row.values["名称"], county, False)]
            row.slug = next((c for c in candidates if c not in taken
                             and _slug_problem(c, row.values["类型"], township_columns, words.townships) is None), "")
            if not row.slug and (problem := _slug_problem(candidates[0], row.values["类型"], township_columns, words.townships)):
                errors.add(file, f"由名称生成的网址名“{candidates[0]}”不能用：{problem}",
                           "在“网址名”列为这个单位填写网址名（小写英文字母、数字和连字符，如 chengguan）。", **_where(row, "名称"))
                continue
            if not row.slug:
                other = taken[candidates[0]]
                errors.add(file, f"由名称生成的网址名“{candidates[0]}”与工作表“{other.sheet}”第{other.number}行重复",
                           "在“网址名”列为其中一个单位填写不同的网址名（小写英文字母、数字和连字符）。", **_where(row, "名称"))
                continue
        taken[row.slug] = row
    names: dict[str, OrgRow] = {}
    for row in rows:
        for key in ("名称", "简称"):
            if row.values.get(key):
                names.setdefault(row.values[key], row)
        names.setdefault(row.slug, row)
    for row in rows:
        kind = row.values["类型"]
        parent = names.get(row.parent) if row.parent else None
        if row.parent and parent is None:
            errors.add(file, f"上级单位“{row.parent[:40]}”不在表格中", "上级写本表中某个单位的名称、简称或网址名；"
                       f"{words.villages}写所属{words.townships}。", **_where(row, PARENT))
            continue
        if kind in orgs_model.VILLAGE_KINDS:
            if parent is None:
                errors.add(file, f"{kind}必须写上级（所属{words.townships}）", f"在“上级”列填写所属{words.townships}的名称。",
                           **_where(row, PARENT))
            elif parent.values["类型"] not in orgs_model.TOWNSHIP_KINDS:
                errors.add(file, f"上级“{row.parent}”是{parent.values['类型']}，{kind}只能属于{words.townships}",
                           f"在“上级”列填写所属{words.townships}。", **_where(row, PARENT))
            else:
                row.folder = f"{KIND_FOLDERS[parent.values['类型']]}/{parent.slug}/{row.slug}"
            continue
        if parent is not None and parent.values["类型"] not in orgs_model.COUNTY_KINDS:
            errors.add(file, f"上级“{row.parent}”是{parent.values['类型']}：只有{words.villages}写上级单位，即所属的{words.townships}",
                       f"{kind}的上级留空或写{government}。", **_where(row, PARENT))
            continue
        row.folder = row.slug if kind in orgs_model.COUNTY_KINDS else f"{KIND_FOLDERS[kind]}/{row.slug}"


def _words(rows: list[OrgRow]) -> tuple[orgs_model.Vocabulary, str]:
    """The county's own words from the spreadsheet's 类型 (its messages say 街道, 区人民政府 … as it does), and
    its government's name for them: 本级人民政府 when the spreadsheet has no county-level government."""
    kinds = [row.values["类型"] for row in rows]
    county = next((k for k in kinds if k in orgs_model.COUNTY_KINDS), None)
    words = orgs_model.Vocabulary.of(county or orgs_model.COUNTY_KIND, [k for k in kinds if k in orgs_model.TOWNSHIP_KINDS],
                                     [k for k in kinds if k in orgs_model.VILLAGE_KINDS])
    return words, words.government if county else "本级人民政府"


def org_yaml(values: dict) -> str:
    lines = ["# 由 make import-orgs 从单位表格导入；请核对后提交（可直接修改本文件，字段见编辑指南“一、单位文件夹”）。"]
    for key in ORG_FIELDS:
        if key in values:
            lines += entry(key, values[key])
    return "\n".join(lines) + "\n"


@dataclass
class Imported:
    folders: dict[str, str]  # folder (relative to content/) → _org.yml text
    errors: SheetErrors


def parse(path: Path, content_dir: Path, catalog_dir: Path | None, label: str | None = None) -> Imported:
    label = label or path.name
    errors = SheetErrors()
    rows = [r for sheet in spreadsheet.read(path, errors, label) for r in _rows(sheet, label, errors)]
    if not errors and not rows:
        errors.add(label, "表格中没有单位", "每行一个单位：名称、类型、上级、统一社会信用代码（网址名可不填）。")
    if errors:
        return Imported({}, errors)
    catalog = _catalog(catalog_dir)
    plan(rows, label, errors, {i: catalog.items[i].name for i in columns_model.township_item_ids(catalog)})
    if errors:
        return Imported({}, errors)
    folders = {row.folder: org_yaml(row.values) for row in rows}
    for row in rows:
        if (content_dir / row.folder / ORG_FILE).exists():
            errors.add(label, f"content/{row.folder}/{ORG_FILE} 已存在", "导入只新建单位：先删去已有的文件夹，或改网址名。",
                       **_where(row, SLUG_KEY if row.given_slug else "名称"))
    if not errors:
        _validate(folders, {row.folder: row for row in rows}, content_dir, catalog_dir, catalog, label, errors)
    return Imported({} if errors else folders, errors)


def _catalog(catalog_dir: Path | None) -> Catalog:
    """The catalog as far as it loads (its own errors are for make check and the build to report)."""
    if catalog_dir is None or not catalog_dir.is_dir():
        return Catalog([], {}, {})
    return catalog_model.load(catalog_dir, catalog_dir.parent, ErrorCollector())


def _validate(folders: dict[str, str], rows: dict[str, OrgRow], content_dir: Path, catalog_dir: Path | None,
              catalog: Catalog, label: str, errors: SheetErrors) -> None:
    """Load the tree as the build does (with the organisations already in content/), and its columns."""
    collected = ErrorCollector()
    domain_ids: set[str] = set()
    if catalog_dir is not None and catalog_dir.is_dir():
        domain_ids = {p.stem for p in catalog_dir.glob("*.yml") if not p.name.startswith("_")}
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        content = root / "content"
        content.mkdir()
        for existing in sorted(content_dir.rglob(ORG_FILE)) if content_dir.is_dir() else []:
            target = content / existing.relative_to(content_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(existing, target)
        for folder, text in folders.items():
            (content / folder).mkdir(parents=True, exist_ok=True)
            (content / folder / ORG_FILE).write_text(text, encoding="utf-8")
        tree = content_model.scan(content, root, collected)
        loaded = orgs_model.load(tree, root, domain_ids, collected)
        columns_model.check_ids(loaded, columns_model.assign(catalog, loaded), collected)
    for e in collected.errors:
        folder = e.file.removeprefix("content/").removesuffix("/" + ORG_FILE)
        row = rows.get(folder)
        where = _where(row, e.field) if row else {}
        errors.add(label, f"{e.problem}" + (f"（content/{folder}）" if row else f"（{e.file}）"), e.fix, **where)


def write(imported: Imported, content_dir: Path) -> list[Path]:
    """Each _org.yml written beside its place and renamed into it."""
    staged = []
    for folder, text in imported.folders.items():
        target = content_dir / folder / ORG_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{ORG_FILE}.importing")
        tmp.write_text(text, encoding="utf-8")
        staged.append((tmp, target))
    for tmp, target in staged:
        tmp.replace(target)
    return [t for _, t in staged]


def dirs_of(config_file: Path) -> tuple[Path, Path]:
    if not config_file.exists():
        raise Refused(f"找不到配置文件 {config_file.name}：请在项目文件夹（含 mkdocs.yml）中运行。")
    config = read_settings(config_file)
    root = config_file.resolve().parent
    gov = ((config.get("extra") or {}).get("gov") or {})
    return root / config.get("docs_dir", "docs"), root / gov.get("catalog_dir", "catalog")


def import_file(path: Path, content_dir: Path, catalog_dir: Path | None, *, out=sys.stdout, dry_run: bool = False) -> int:
    imported = parse(path, content_dir, catalog_dir)
    if imported.errors:
        print(imported.errors.report(), file=out)
        return 1
    if not dry_run:
        write(imported, content_dir)
    for folder in imported.folders:
        print(f"{'将写入' if dry_run else '已写入'} content/{folder}/{ORG_FILE}", file=out)
    print(f"共 {len(imported.folders)} 个单位。", file=out)
    if imported.errors.notes:
        print(imported.errors.review(), file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = arguments.ArgumentParser(prog="make import-orgs", description="从单位表格生成 content/ 中各单位的 _org.yml。")
    parser.add_argument("file", variable="FILE", type=arguments.file_path, help="单位表格（.xlsx 或 .csv）")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="FILE", help="配置文件（默认 mkdocs.yml）")
    parser.add_argument("--dry-run", variable="DRY_RUN", action="store_true", help="只检查，不写入")
    args = parser.parse_args(argv)
    try:
        content_dir, catalog_dir = dirs_of(Path(args.config_file))
    except Refused as exc:
        print(exc, file=sys.stderr)
        return 1
    return import_file(args.file, content_dir, catalog_dir, dry_run=args.dry_run)


if __name__ == "__main__":
    sys.exit(main())
