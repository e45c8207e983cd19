"""Disclosed documents: Markdown files inside an organisation's folder, with front matter in
Chinese keys (schema.DOCUMENT). Validation covers everything an editor can get wrong: unknown
column or organisation, dates, 索引号 format and uniqueness, attachments, 解读 links.

A document with a ``撤销`` block is revoked (撤销): it keeps its 索引号 (never reused) but leaves the site,
its column, the search index and the 解读 links; the checks report when it came down.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import schema, yamlfile
from .catalog import Catalog, Item
from .columns import Column
from .errors import ErrorCollector
from .orgs import Organisation, OrgTree

# Same front-matter delimiters as MkDocs (mkdocs/utils/meta.py).
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\r?\n(.*?\r?\n)?(?:\.{3}|-{3})[ \t]*(\r?\n|\Z)", re.S)


@dataclass(frozen=True)
class Attachment:
    name: str
    src_uri: str  # relative to content/

    @property
    def extension(self) -> str:
        return Path(self.src_uri).suffix.lstrip(".").upper()


@dataclass(frozen=True)
class Revocation:
    """撤销: the decision to withdraw a published document, and when it came off the site."""

    revoked: datetime.date  # 撤销日期
    taken_down: datetime.date  # 下架日期
    reason: str | None = None  # 原因


@dataclass(eq=False)
class Document:
    src_uri: str  # relative to content/
    file: str  # relative to the project root
    org: Organisation
    item: Item
    title: str
    written: datetime.date  # 成文日期
    published: datetime.date  # 发布日期
    number: str | None  # 发文字号
    topic: str  # 主题分类
    validity: str  # 有效性
    index_number: str  # 索引号
    attachments: list[Attachment]
    interprets_numbers: tuple[str, ...]
    interpretation_numbers: tuple[str, ...]
    keywords: str | None = None
    summary: str | None = None
    approved: datetime.date | None = None  # 批准日期, where the item's time limit counts from approval
    revocation: Revocation | None = None  # 撤销
    policies: list["Document"] = field(default_factory=list)  # documents this one interprets
    interpretations: list["Document"] = field(default_factory=list)  # its 解读
    column: Column | None = None
    digest: str = ""  # of the file's text: incremental builds compare it
    may_link: bool = True  # the body may hold a link (checks/links.py reads only those files again)

    @property
    def is_revoked(self) -> bool:
        return self.revocation is not None

    @property
    def is_interpretation(self) -> bool:
        return bool(self.policies)

    @property
    def page_uri(self) -> str:
        return self.src_uri

    def sort_key(self):
        """Newest first; ties broken by 索引号 so the order is stable."""
        return (self.published, self.index_number)


def split_front_matter(text: str) -> tuple[str | None, int]:
    """Return (front matter text, number of lines before it starts) or (None, 0)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, 0
    return match.group(1) or "", 1


def load(content_dir: Path, root: Path, tree: OrgTree, catalog: Catalog,
         columns: dict[tuple[str, str], Column], errors: ErrorCollector) -> tuple[list[Document], list[Document]]:
    """Read every Markdown file inside an organisation folder, validate it, attach it to its column.

    Return (documents on the site, revoked documents); revoked ones are in no column.
    """
    documents: list[Document] = []
    revoked: list[Document] = []
    by_number: dict[str, Document] = {}  # live and revoked: a 索引号 is never reused
    broken: set[str] = set()  # 索引号 of documents with errors: links to them are not errors too
    for path in sorted(content_dir.rglob("*.md"), key=lambda p: p.parts):  # the order of Paths, faster
        src_uri = path.relative_to(content_dir).as_posix()
        owner = tree.owner_of(src_uri)
        if owner is None or any(part.startswith((".", "_")) for part in Path(src_uri).parts):
            continue  # an ordinary page (e.g. content/about.md), not a disclosed document
        rel = path.relative_to(root).as_posix()
        if path.name == "index.md" and path.parent.relative_to(content_dir).as_posix() == owner.folder:
            errors.add(rel, "单位文件夹中的 index.md 由系统生成单位页面，不能自己写",
                       "把这个文件改名（如 gaikuang.md），作为一篇文件发布。")
            continue
        doc = _load_one(path, src_uri, rel, content_dir, owner, tree, catalog, columns, errors, broken)
        if doc is None:
            continue
        if doc.index_number in by_number:
            errors.add(rel, f"索引号“{doc.index_number}”与 {by_number[doc.index_number].file} 重复",
                       "索引号全县唯一：给本文件换一个未用过的流水号。", field="索引号")
            continue
        by_number[doc.index_number] = doc
        (revoked if doc.is_revoked else documents).append(doc)
    withdrawn = {doc.index_number for doc in revoked}  # links to them are reported by the checks
    live = {number: doc for number, doc in by_number.items() if number not in withdrawn}
    _link_interpretations(documents, live, broken | withdrawn, errors)
    for doc in documents:
        doc.column.documents.append(doc)
    for column in columns.values():
        column.documents.sort(key=Document.sort_key, reverse=True)
    return documents, revoked


def withdrawn_files(documents: list[Document], revoked: list[Document]) -> set[str]:
    """Source URIs (relative to content/) that must not reach the site: revoked documents and the
    attachments only they use (黔府办函〔2019〕68号: withdrawn information comes down, files included)."""
    kept = {a.src_uri for doc in documents for a in doc.attachments}
    return {doc.src_uri for doc in revoked} | {
        a.src_uri for doc in revoked for a in doc.attachments if a.src_uri not in kept}


def _load_one(path, src_uri, rel, content_dir, owner, tree, catalog, columns, errors, broken) -> Document | None:
    text = yamlfile.read(path, rel, errors)
    if text is None:
        return None
    meta_text, offset = split_front_matter(text)
    if meta_text is None:
        errors.add(rel, "文件开头缺少“文件信息”（用 --- 包住的标题、栏目、日期等）",
                   "在文件第一行写 ---，然后逐行写“标题: …”“栏目: …”等字段，再写一行 --- 结束。", line=1)
        return None
    data = yamlfile.load(meta_text, rel, errors, line_offset=offset)
    if data is None:
        return None
    before = len(errors)
    if isinstance(data, dict) and data.get("索引号"):
        broken.add(str(data["索引号"]).strip())  # removed again below if the document is valid
    meta = schema.validate(data, schema.DOCUMENT, errors, rel)
    if meta is None:
        return None
    line = data.line_of

    org = owner
    if meta["org"]:
        org = tree.orgs.get(meta["org"])
        if org is None:
            errors.add(rel, f"单位编号“{meta['org']}”不存在", "填写 content/ 中某个单位的文件夹名，或删去此字段（默认为所在文件夹的单位）。",
                       field="发布机构", line=line("发布机构"))
    item = catalog.items.get(meta["item"])
    if item is None:
        errors.add(rel, f"标准目录中没有编号为“{meta['item']}”的事项", "到网站“标准目录”页或 catalog/ 中查找正确的事项编号。",
                   field="栏目", line=line("栏目"))
    column = columns.get((org.id, item.id)) if org and item else None
    if org and item and column is None:
        reason = "该事项不在网上公开" if not item.has_columns else f"该事项（{'、'.join(item.tiers)}）不由本单位公开"
        errors.add(rel, f"{org.name}没有栏目“{item.name}”（{item.id}）：{reason}",
                   f"改用{org.name}页面上列出的栏目编号；如确属本单位公开，请政务公开办调整标准目录。",
                   field="栏目", line=line("栏目"))
    if meta["published"] < meta["written"]:
        errors.add(rel, f"发布日期 {meta['published']} 早于成文日期 {meta['written']}",
                   "核对两个日期：发布日期应在成文日期当天或之后。", field="发布日期", line=line("发布日期"))
    if meta["approved"] and meta["approved"] > meta["published"]:
        errors.add(rel, f"批准日期 {meta['approved']} 晚于发布日期 {meta['published']}",
                   "批准日期是发布前的批准（如人大批准预算）之日，应在发布日期当天或之前。",
                   field="批准日期", line=line("批准日期"))
    revocation = meta["revocation"]
    if revocation:
        lines = data["撤销"].line_of
        for key, attr in (("撤销日期", "revoked"), ("下架日期", "taken_down")):
            if revocation[attr] < meta["published"]:
                errors.add(rel, f"{key} {revocation[attr]} 早于发布日期 {meta['published']}",
                           "只能撤销已发布的文件：核对撤销日期、下架日期和发布日期。",
                           field=f"撤销.{key}", line=lines(key))
    if not catalog.topic_known(meta["topic"]):
        errors.add(rel, f"“{meta['topic']}”不在主题分类表中",
                   "按“一级\\二级”填写 catalog/_topics.yml 中的分类，如“综合政务\\政务公开”。",
                   field="主题分类", line=line("主题分类"))
    if org:
        pattern = re.compile(re.escape(org.code) + r"/(\d{4})-(\d{5})$")
        if not pattern.match(meta["index_number"]):
            errors.add(rel, f"索引号“{meta['index_number']}”格式不对", f"应为“{org.code}/年份-5位流水号”，如 {org.code}/{meta['published'].year}-00001。",
                       field="索引号", line=line("索引号"))
    attachments = []
    for position, entry in enumerate(meta["attachments"], 1):
        target = (path.parent / entry["path"]).resolve()
        if not target.is_file() or content_dir.resolve() not in target.parents:
            errors.add(rel, f"附件文件“{entry['path']}”不存在", "把附件放到本文件旁边（如 files/ 文件夹），路径相对于本文件填写。",
                       field=f"附件[{position}].文件", line=entry["_line"])
            continue
        attachments.append(Attachment(entry["name"], target.relative_to(content_dir.resolve()).as_posix()))
    if len(errors) > before:
        return None
    broken.discard(meta["index_number"])
    return Document(
        src_uri=src_uri, file=rel, org=org, item=item, title=meta["title"], written=meta["written"],
        published=meta["published"], number=meta["number"], topic=meta["topic"], validity=meta["validity"],
        index_number=meta["index_number"], attachments=attachments,
        interprets_numbers=meta["interprets"], interpretation_numbers=meta["interpretations"],
        keywords=meta["keywords"], summary=meta["summary"], column=column, approved=meta["approved"],
        revocation=Revocation(revocation["revoked"], revocation["taken_down"], revocation["reason"]) if revocation else None,
        digest=hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest(),
        may_link=_may_link(text),
    )


def _may_link(body: str) -> bool:
    from .checks.links import may_link

    return may_link(body)


def _link_interpretations(documents: list[Document], by_number: dict[str, Document], broken: set[str],
                          errors: ErrorCollector) -> None:
    """Policy ↔ 解读 links, both ways, from either side's declaration (国办发〔2019〕14号: 解读 in step)."""
    pairs: set[tuple[int, int]] = set()
    for doc in documents:
        for number, key in [(n, "解读对象") for n in doc.interprets_numbers] + [(n, "解读") for n in doc.interpretation_numbers]:
            other = by_number.get(number)
            if number in broken:
                continue  # that document's own errors are reported already
            if other is None or other is doc:
                errors.add(doc.file, f"找不到索引号为“{number}”的文件", "填写已发布文件的索引号（见该文件页面的“索引号”）。", field=key)
                continue
            policy, interpretation = (other, doc) if key == "解读对象" else (doc, other)
            if (id(policy), id(interpretation)) not in pairs:
                pairs.add((id(policy), id(interpretation)))
                policy.interpretations.append(interpretation)
                interpretation.policies.append(policy)
