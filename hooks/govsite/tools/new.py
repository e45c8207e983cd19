"""``make new`` (``python -m govsite.tools.new``): a new document for an organisation and catalog item.

It writes ``content/<organisation folder>/<year>/<slug>.md`` with the next free 索引号 of that
organisation and year (``model.index_numbers``: every number ever written counts, revoked documents
and files that do not load included), today's dates, every required field of the front matter filled
in and one Chinese comment per field (both from the ``Document`` declaration), and the optional
fields as comments to fill in. The slug is the title in pinyin (pypinyin), made unique in its folder;
no file is ever overwritten.

Non-interactive with ``--org``, ``--item`` and ``--title`` (``make new ORG=… ITEM=… TITLE=…``);
in a terminal, what is missing is chosen from numbered lists that a typed word filters.

``--kind 意见征集`` (``KIND=意见征集``) makes a draft for public comment (重大决策预公开): its 意见征集 block
filled in — the period from today, ``CONSULTATION_DAYS`` days both ends counted (《重大行政决策程序暂行条例》
第十五条), the organisation's 电话 and 地址 as the ways to comment — and its other fields as comments. In a
terminal, a column whose catalog item says 意见征集: true asks whether the new document is such a draft. Every refusal
(unknown organisation, an item with no column there, an empty title, a year with no free serial) is
a Chinese message, exit status 1, and nothing written.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime
import difflib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..model import index_numbers, reserved
from ..model.catalog import Item
from ..model.documents import Document
from ..model.orgs import ORG_FILE, Organisation
from ..parse import arguments, markdown, schema, yamlfile
from ..parse.errors import ErrorCollector, os_problem
from .project import Project, Refused

SLUG_LENGTH = 60  # characters of pinyin in a file name
CONSULTATION = "意见征集"  # the one kind besides an ordinary document (KIND=意见征集)
KINDS = (CONSULTATION,)
CONSULTATION_DAYS = 30  # 《重大行政决策程序暂行条例》第十五条: 一般不少于30日
FALLBACK_TOPIC = "综合政务"
BODY = "在此填写正文。\n"


@dataclass(frozen=True)
class Created:
    path: Path
    index_number: str
    org: Organisation
    item: Item


def find_org(project: Project, text: str) -> Organisation:
    """An organisation by its id (folder name), folder, full name or short name."""
    wanted = text.strip().strip("/")
    for org in project.orgs():
        if wanted in (org.id, org.folder, org.name, org.short_name):
            return org
    names = {o.id: o for o in project.orgs()} | {o.name: o for o in project.orgs()}
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.5)
    hint = f"是否是：{'、'.join(f'{names[c].id}（{names[c].name}）' for c in close)}？" if close else ""
    broken = [f for f in project.tree.broken if f.rsplit("/", 1)[-1] == wanted]
    if broken:
        hint += f"content/{broken[0]}/_org.yml 有错误，请先改正（make check 可查看）。"
    raise Refused(f"没有编号或名称为“{wanted}”的单位。{hint}\n单位编号就是 content/ 中该单位的文件夹名；"
                  "不带 ORG 运行 make new 可从列表中选择。")


def find_item(project: Project, org: Organisation, text: str) -> Item:
    """A catalog item with a column at ``org``, by id or by name."""
    wanted = text.strip()
    items = project.items_of(org)
    for item in items:
        if wanted in (item.id, item.name):
            return item
    listing = "\n".join(f"  {i.id}  {i.path}" for i in items) or "  （无）"
    item = project.catalog.items.get(wanted)
    if item is None:
        problem = f"标准目录中没有编号或名称为“{wanted}”的事项。"
    elif not item.has_columns:
        problem = f"事项“{item.name}”（{item.id}）不在网上公开，没有栏目。"
    else:
        problem = f"{org.name}没有栏目“{item.name}”（{item.id}）：该事项（{'、'.join(item.tiers)}）不由本单位公开。"
    raise Refused(f"{problem}\n{org.name}的栏目（共 {len(items)} 个）：\n{listing}")


class Pinyin:
    """The pinyin of a title. pypinyin takes about 0.4 s to import (its phrase dictionary, which
    reads 银行 as yin-hang), as long as loading the catalog: a child process imports it meanwhile and
    waits for the title on its standard input."""

    CHILD = "import json, sys; from pypinyin import lazy_pinyin; print(json.dumps(lazy_pinyin(sys.stdin.read())))"

    def __init__(self) -> None:
        try:
            self.process = subprocess.Popen([sys.executable, "-c", self.CHILD], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                            encoding="utf-8", env=dict(os.environ, PYTHONIOENCODING="utf-8"))
        except OSError:
            self.process = None

    def __call__(self, title: str) -> list[str]:
        if self.process is not None:
            try:
                out, _ = self.process.communicate(title, timeout=30)
                if self.process.returncode == 0:
                    return json.loads(out)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                self.close()
        return pinyin(title)

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def pinyin(title: str) -> list[str]:
    """The pinyin of ``title`` in this process (non-Han runs as they are)."""
    from pypinyin import lazy_pinyin  # not a project import: imported only when no child did it

    return lazy_pinyin(title)


def slug(title: str, words_of=pinyin) -> str:
    """The title in pinyin, syllables joined by hyphens (城关镇2024年… → cheng-guan-zhen-2024-nian-…)."""
    words = []
    for token in words_of(title):
        cleaned = "".join(c if c.isascii() and c.isalnum() else "-" for c in token.lower())
        words += [w for w in cleaned.split("-") if w]
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > SLUG_LENGTH:
            break
        out = f"{out}-{word}" if out else word
    if not out and words:  # one very long word
        out = words[0][:SLUG_LENGTH]
    return out


def free_path(folder: Path, base: str) -> Path:
    """``folder/base.md``, or ``base-2.md``, ``base-3.md`` …: the first that no file or folder takes."""
    number = 1
    while True:
        name = base if number == 1 else f"{base}-{number}"
        path = folder / f"{name}.md"
        if not path.exists() and not (folder / name).exists():
            return path
        number += 1


def topic_for(project: Project, item: Item) -> str:
    """The 主题分类 most used by the item's existing documents (else its domain's), else 综合政务."""
    by_item: collections.Counter = collections.Counter()
    by_domain: collections.Counter = collections.Counter()
    domain_items = {i.id for i in item.domain.items} if item.domain else set()
    for uri in project.content.markdown():
        try:
            head = (project.content_dir / uri).read_text(encoding="utf-8-sig", errors="replace")[:4000]
        except OSError:
            continue
        meta, _ = markdown.split_front_matter(head)
        if not meta or "主题分类" not in meta:
            continue
        fields = dict(_simple_line(line) for line in meta.splitlines() if ":" in line)
        topic = fields.get("主题分类", "")
        if not topic or not project.catalog.topic_known(topic):
            continue
        if fields.get("栏目") == item.id:
            by_item[topic] += 1
        elif fields.get("栏目") in domain_items:
            by_domain[topic] += 1
    for counter in (by_item, by_domain):
        if counter:
            return counter.most_common(1)[0][0]
    return FALLBACK_TOPIC


def _simple_line(line: str) -> tuple[str, str]:
    key, _, value = line.partition(":")
    return key.strip(), value.split(" #")[0].strip().strip("'\"")


def _scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when the build's YAML reads it back unchanged (dates stay
    text there), else double-quoted."""
    if yamlfile.load(f"k: {value}", "", ErrorCollector()) == {"k": value}:
        return value
    return json.dumps(value, ensure_ascii=False)


def _comment(f: schema.Field) -> str:
    text = f.doc + f.kind.explain()
    if not f.required:
        text += "（可选" + (f"，默认 {f.default}" if isinstance(f.default, str) else "") + "）"
    return text


def front_matter(values: dict[str, str], org: Organisation, today: datetime.date,
                 notes: dict[str, str] | None = None, records: dict[str, dict[str, str]] | None = None) -> str:
    """The front matter of a new document: every declared field in declaration order, the given
    ``values`` filled in (each with its doc, or ``notes[key]``, as a comment), every other field
    commented out. ``records``: a record field (意见征集) written with the given sub-fields filled in and
    its other sub-fields as comments."""
    notes, records = notes or {}, records or {}
    fill = {"org": org.id, "year": today.year, "today": today.isoformat()}  # in the declared examples
    lines = []
    for f in schema.fields(Document):
        if f.key in values:
            lines.append(f"{f.key}: {_scalar(values[f.key])}  # {notes.get(f.key) or _comment(f)}")
        elif f.key in records:
            lines.append(f"{f.key}:  # {notes.get(f.key) or f.doc}")
            for sub in schema.fields(f.kind.record):
                if sub.key in records[f.key]:
                    lines.append(f"  {sub.key}: {_scalar(records[f.key][sub.key])}  # {_comment(sub)}")
                else:
                    lines.append(f"  # {sub.key}: {sub.example.format_map(fill)}  # {_comment(sub)}")
        elif f.kind.record is not None:
            lines.append(f"# {f.key}:  # {_comment(f)}")
            for position, sub in enumerate(schema.fields(f.kind.record)):
                lines.append(f"# {f.kind.indent(position)}{sub.key}: {sub.example.format_map(fill)}  # {_comment(sub)}")
        else:
            lines.append(f"# {f.key}: {f.example.format_map(fill)}  # {_comment(f)}")
    return "---\n" + "\n".join(lines) + "\n---\n"


def consultation_fields(org: Organisation, today: datetime.date) -> dict[str, str]:
    """A new draft's 意见征集: the period from today, ``CONSULTATION_DAYS`` days both ends counted, and the
    organisation's 电话 and 地址 (its _org.yml) as the ways to comment. Refused when it has neither: a
    consultation tells the public how to comment, and no way is better than a made-up one."""
    ways = {"电话": org.phone} if org.phone else {}
    ways |= {"信函地址": f"{org.name}（{org.address}）"} if org.address else {}
    if not ways:
        raise Refused(f"{org.name}的 content/{org.folder}/{ORG_FILE} 没有“电话”或“地址”，意见征集无法预填提出意见的方式。\n"
                      f"请在 {ORG_FILE} 中填写“电话”或“地址”后再运行；或不带 KIND 新建文件，自己填写“意见征集”。")
    end = today + datetime.timedelta(days=CONSULTATION_DAYS - 1)
    return {"征集开始": today.isoformat(), "征集截止": end.isoformat(), **ways}


def create(project: Project, org_text: str, item_text: str, title: str, today: datetime.date,
           words_of=pinyin, kind: str | None = None) -> Created:
    """Write the new document (``kind``: ``CONSULTATION`` for a draft for public comment); raise ``Refused``
    (nothing written) when it cannot be made."""
    org = find_org(project, org_text)
    item = find_item(project, org, item_text)
    title = " ".join(title.split())
    if not title:
        raise Refused("标题不能为空：请填写文件标题，如 TITLE=\"关于……的通知\"。")
    used = index_numbers.highest(index_numbers.scan(project.content))
    serial = index_numbers.next_serial(used, org.code, today.year)
    if serial is None:
        raise Refused(f"{org.name} {today.year} 年的索引号流水号已用完（{org.code}/{today.year}-"
                      f"{index_numbers.LAST_SERIAL}）：索引号不能重复使用，请联系政务公开办。")
    number = index_numbers.format_number(org.code, today.year, serial)
    values = {"标题": title, "栏目": item.id, "成文日期": today.isoformat(), "发布日期": today.isoformat(),
              "主题分类": topic_for(project, item), "索引号": number}
    missing = [f.key for f in schema.fields(Document) if f.required and f.key not in values]
    assert not missing, missing  # a new required field needs a value here
    notes = {"栏目": f"{_comment(_field('栏目'))}：{item.path}",
             "主题分类": f"{_comment(_field('主题分类'))}，请核对（可选值见 catalog/_topics.yml）",
             "索引号": f"{_comment(_field('索引号'))}：已自动分配，不要改动"}
    records = {}
    if kind == CONSULTATION:
        records[CONSULTATION] = consultation_fields(org, today)
        notes[CONSULTATION] = (f"{_field(CONSULTATION).doc}：征集期限已按{CONSULTATION_DAYS}日预填（含首尾两日），"
                               "请核对；提出意见的方式取自本单位信息，可增删")
    text = front_matter(values, org, today, notes, records) + "\n" + BODY
    year_folder = f"{org.folder}/{reserved.year_folder(today.year)}"
    folder = project.content_dir / year_folder
    if (folder / ORG_FILE).exists():  # a village named like the year: the document would be the village's
        raise Refused(f"{org.name}{today.year}年的文件放在 content/{year_folder}/，但这个文件夹有 {ORG_FILE}，是另一个单位的文件夹"
                      f"（年份不能用作单位的文件夹名）。\n请先把 content/{year_folder}/ 改名（如该单位名称的拼音），再运行 make new。")
    path = free_path(folder, slug(title, words_of) or today.strftime("%Y%m%d"))
    _validate(text, project, path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stream = path.open("x", encoding="utf-8")  # never overwrite (a file made meanwhile: refused)
    except OSError as exc:  # disk full, no permission …: one line naming the path
        raise Refused(os_problem(exc, path)) from None
    try:
        with stream:
            stream.write(text)
    except OSError as exc:  # nothing half-written is left
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
        raise Refused(os_problem(exc, path)) from None
    return Created(path, number, org, item)


def _field(key: str) -> schema.Field:
    return next(f for f in schema.fields(Document) if f.key == key)


def _validate(text: str, project: Project, path: Path) -> None:
    """The new file must load as the build loads it (e.g. a 600-character title does not)."""
    errors = ErrorCollector()
    rel = path.relative_to(project.root).as_posix()
    meta, offset = markdown.split_front_matter(text)
    data = yamlfile.load(meta, rel, errors, line_offset=offset)
    if data is not None:
        schema.record(Document, data, errors, rel)
    if errors:
        raise Refused("\n".join(e.format() for e in errors.errors))


def choose(prompt: str, options: list[tuple[str, str]], ask=input, say=print) -> str:
    """A value from numbered ``(value, label)`` options: a number picks, a word filters."""
    shown = options
    while True:
        for number, (value, label) in enumerate(shown, 1):
            say(f"  {number:>3}. {label}")
        answer = ask(f"{prompt}（输入序号；输入文字可筛选，直接回车显示全部）：").strip()
        if answer.isdigit() and 1 <= int(answer) <= len(shown):
            return shown[int(answer) - 1][0]
        matches = [o for o in options if answer.lower() in o[1].lower()] if answer else options
        if not matches:
            say(f"没有包含“{answer}”的选项，显示全部：")
            matches = options
        elif len(matches) == 1:
            say(f"已选择：{matches[0][1]}")
            return matches[0][0]
        shown = matches


def main(argv: list[str] | None = None, *, ask=input, interactive: bool | None = None) -> int:
    args = _parser().parse_args(argv)
    if interactive is None:
        interactive = sys.stdin.isatty()
    words_of = Pinyin()
    try:
        project = Project.load(Path(args.config_file))
        org_text, item_text, title = args.org, args.item, args.title
        if None in (org_text, item_text, title) and not interactive:
            missing = [name for name, value in (("ORG", org_text), ("ITEM", item_text), ("TITLE", title)) if value is None]
            raise Refused(f"缺少 {'、'.join(missing)}：如 make new ORG=chengguan ITEM=fdzdgk-01 TITLE=\"关于……的通知\"；"
                          "在终端中运行可从列表中选择。")
        if org_text is None:
            org_text = choose("选择单位", [(o.id, f"{o.name}（{o.id}）") for o in project.orgs()], ask)
        if item_text is None:
            org = find_org(project, org_text)
            item_text = choose("选择栏目", [(i.id, f"{i.path}（{i.id}）") for i in project.items_of(org)], ask)
        kind = args.kind
        item = find_item(project, find_org(project, org_text), item_text)
        if kind is None and item.consultation and interactive:  # the catalog says this column's drafts go out for comment
            kind = choose(f"栏目“{item.name}”的文件通常需公开征求意见，新建的是", [
                ("", "普通文件（如正式印发的决定、意见采纳情况）"), (CONSULTATION, "征求意见稿（填写意见征集：征集期限、提出意见的方式）")],
                ask) or None
        while title is None or (interactive and not title.strip() and args.title is None):
            title = ask("文件标题：")
        created = create(project, org_text, item_text, title, args.date or datetime.date.today(), words_of, kind)
    except (Refused, EOFError, KeyboardInterrupt) as exc:
        message = str(exc) if isinstance(exc, Refused) else "已取消。"
        print(f"未创建文件：{message}", file=sys.stderr)
        return 1
    finally:
        words_of.close()
    rel = created.path.relative_to(project.root).as_posix()
    print(f"已创建 {rel}\n  单位：{created.org.name}\n  栏目：{created.item.path}（{created.item.id}）\n"
          f"  索引号：{created.index_number}\n"
          "下一步：打开这个文件，核对主题分类，填写正文和需要的可选字段（删去行首的 #），然后 make serve 预览。")
    if kind == CONSULTATION:
        print("意见征集：核对征集开始、征集截止和提出意见的方式；征集截止后发布意见采纳情况（填写“反馈对象”），"
              "正式决定发布时填写“来源征集”。")
    elif created.item.consultation:
        print(f"提示：栏目“{created.item.name}”的文件通常需公开征求意见；新建征求意见稿时加 KIND={CONSULTATION}。")
    return 0


def _date(value: str) -> datetime.date:
    day, problem = schema.parse_date(value)
    if problem:
        raise argparse.ArgumentTypeError(f"{problem}，应写成 YYYY-MM-DD，如 DATE=2025-06-30。")
    if schema.parse_year(str(day.year)) is None:  # the year names the folder and the 索引号's year
        raise argparse.ArgumentTypeError(f"“{value}”的年份不是四位数的年份，应写成 YYYY-MM-DD，如 DATE=2025-06-30。")
    return day


def _parser() -> arguments.ArgumentParser:
    parser = arguments.ArgumentParser(prog="make new", description="新建一篇公开文件：自动分配索引号，填好必填字段。")
    parser.add_argument("--org", variable="ORG", help="单位编号（content/ 中的文件夹名）或名称，如 chengguan")
    parser.add_argument("--item", variable="ITEM", help="栏目：标准目录事项编号或名称，如 fdzdgk-01")
    parser.add_argument("--title", variable="TITLE", help="文件标题")
    parser.add_argument("--kind", variable="KIND", choices=KINDS,
                        help=f"文件种类：{CONSULTATION}（公开征求意见的草案，预填征集期限和提出意见的方式）；不填为普通文件")
    parser.add_argument("--date", variable="DATE", type=_date, metavar="YYYY-MM-DD", help="成文日期和发布日期（默认今天）")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="FILE", help="配置文件（默认 mkdocs.yml）")
    return parser


if __name__ == "__main__":
    sys.exit(main())
