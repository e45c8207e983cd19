"""Disclosed documents: Markdown files inside an organisation's folder, with front matter in
Chinese keys (``Document``'s declared fields). Validation covers everything an editor can get wrong:
unknown column or organisation, dates, 索引号 format and uniqueness, attachments, 解读 links.

A document with a ``撤销`` block is revoked (撤销): it keeps its 索引号 (never reused) but leaves the site,
its column, the search index and the 解读 links; the checks report when it came down.

施行日期 and 失效日期 are the validity dates: once the 失效日期 has passed at the check date (``settle``,
called once per run by the checks), ``validity`` says 失效 wherever the document is shown; the front
matter's own value stays ``stated_validity``.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..parse import markdown, schema, yamlfile
from ..parse import text as characters
from ..parse.frontmatter_cache import FrontMatterCache
from ..parse.errors import ContentError, ErrorCollector
from ..parse.schema import Rule
from ..parse.schema import field as declare
from ..parse.kinds import Choice, Count, Date, ListOf, Record, Slug, Text, Texts
from .catalog import Catalog, Item
from .columns import Column
from .content import ContentTree
from .orgs import Organisation, OrgTree


class Validity(enum.StrEnum):
    """有效性: whether a document is in force. ``void`` (no longer in force: 失效 or 废止) is what the lists and
    the document page mark (templates ask ``validity.void``, never compare the words)."""

    def __new__(cls, value: str, void: bool):
        member = str.__new__(cls, value)
        member._value_ = value
        member.void = void
        return member

    VALID = "有效", False
    LAPSED = "失效", True  # by its 失效日期 (``Document.validity``), or as the front matter says
    REPEALED = "废止", True


INDEX_NUMBER = re.compile(r"^(.+)/(\d{4})-(\d{5})$")  # 机构代码/年份-5位流水号
_INDEX_LINE = re.compile(r"^索引号\s*:\s*(\S+)", re.M)


@dataclass(frozen=True, kw_only=True)
class Attachment:
    name: str = declare("名称", Text(max_length=200), "附件名称", required=True, example="附件1：…")
    path: str = declare("文件", Text(max_length=400), "附件文件（相对本文件的路径）", required=True,
                        example="files/….pdf")
    src_uri: str = ""  # relative to content/, once found
    line: int | None = None

    @property
    def extension(self) -> str:
        return Path(self.src_uri or self.path).suffix.lstrip(".").upper()


@dataclass(frozen=True, kw_only=True)
class Revocation:
    """撤销: the decision to withdraw a published document, and when it came off the site."""

    revoked: datetime.date = declare("撤销日期", Date(), "作出撤销（撤回、确认违法）决定的日期", required=True,
                                     example="{today}")
    taken_down: datetime.date = declare("下架日期", Date(), "从网站撤下的日期", required=True, example="{today}")
    reason: str | None = declare("原因", Text(), "撤销原因")


@dataclass(frozen=True, kw_only=True)
class Repost:
    """转载: a document of another authority (e.g. a provincial government) reposted in a county column. It is
    shown with that authority as 发布机构 and its 索引号; the document keeps a 索引号 of its own (the county's
    format and uniqueness rules hold for it)."""

    publisher: str = declare("发布机构", Text(max_length=200), "原发布机构全称（如 某省人民政府）", required=True)
    index_number: str | None = declare("索引号", Text(max_length=100), "原发布机构给的索引号")
    url: str | None = declare("来源网址", Text(max_length=1000), "原文网址（http:// 或 https:// 开头）")


def _repost_url_problem(d: Document) -> str | None:
    url = d.repost.url if d.repost else None
    if url and not re.match(r"^https?://[^\s/]+\S*$", url):
        return f"来源网址“{url[:80]}”不是 http:// 或 https:// 开头的网址"
    return None


_WEB_ADDRESS = re.compile(r"^https?://[^\s/\"'<>\\`]+[^\s\"'<>\\`]*$")
_MAIL_ADDRESS = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


class DraftKind(enum.StrEnum):
    """草案类型: what the draft is, which sets the minimum period (checks/consultations.py). A 重大行政决策's
    comment period is counted in days (《重大行政决策程序暂行条例》第十五条: 一般不少于30日); a 行政规范性文件's in
    working days (法治政府建设指标: 一般不少于7个工作日)."""

    DECISION = "重大行政决策"
    NORMATIVE = "行政规范性文件"


class ConsultationState(enum.StrEnum):
    """Where a consultation stands on a day (``Consultation.state_on``)."""

    UPCOMING = "未开始"
    OPEN = "征集中"
    CLOSED = "已截止"


@dataclass(frozen=True, kw_only=True)
class Consultation:
    """意见征集: a draft (决策草案, 征求意见稿) published for public comment (重大决策预公开). The period and how to
    comment; the comments themselves go to the addresses given (the site stays static). 《重大行政决策程序暂行条例》
    第十五条: 公开征求意见的期限一般不少于30日; a shorter period is explained when comments are asked (缩短理由)."""

    start: datetime.date = declare("征集开始", Date(), "意见征集开始日期", required=True, example="{today}")
    end: datetime.date = declare("征集截止", Date(), "意见征集截止日期（当天仍可提出意见）", required=True, example="{today}")
    email: str | None = declare("邮箱", Text(max_length=200), "接收意见的电子邮箱", example="zhengqiu@example.gov.cn")
    address: str | None = declare("信函地址", Text(max_length=500), "接收意见的信函地址（含邮编、收件单位）")
    phone: str | None = declare("电话", Text(max_length=100), "意见征集联系电话")
    url: str | None = declare("网址", Text(max_length=1000), "网上提交意见的页面网址（如本地政务互动平台，http:// 或 https:// 开头）")
    explanation: tuple[str, ...] = declare("起草说明", Texts(max_length=5000), "起草说明：文字，或起草说明文件的索引号",
                                           default=())
    basis: tuple[str, ...] = declare("决策依据", Texts(max_length=5000), "决策依据：文字，或依据文件的索引号", default=())
    shortened: str | None = declare("缩短理由", Text(max_length=2000),
                                    "征集期限短于规定（一般不少于30日）时的理由，如情况紧急")
    draft_kind: DraftKind = declare("草案类型", Choice(DraftKind),
                                    "草案是重大行政决策（期限一般不少于30日）还是行政规范性文件（一般不少于7个工作日）",
                                    default=DraftKind.DECISION)

    RULES = (
        Rule("征集截止", lambda c: f"征集截止 {c.end} 不晚于征集开始 {c.start}" if c.end <= c.start else None,
             "核对两个日期：征集截止日期应在征集开始日期之后。"),
        Rule("网址", lambda c: f"网址“{c.url[:80]}”不是 http:// 或 https:// 开头的网址"
             if c.url and not _WEB_ADDRESS.match(c.url) else None,
             "填写提交意见页面的完整网址，如 https://hd.example.gov.cn/zjyj/1。"),
        Rule("邮箱", lambda c: f"邮箱“{c.email[:80]}”不是电子邮箱地址"
             if c.email and not _MAIL_ADDRESS.match(c.email) else None,
             "填写完整的电子邮箱，如 zhengqiu@example.gov.cn。"),
        Rule("邮箱", lambda c: "没有填写提出意见的方式" if not (c.email or c.address or c.phone or c.url) else None,
             "至少填写邮箱、信函地址、电话、网址中的一项，告诉公众如何提出意见。"),
    )

    @property
    def days(self) -> int:
        """The length of the period in days, both ends counted."""
        return (self.end - self.start).days + 1

    def state_on(self, day: datetime.date) -> ConsultationState:
        if day < self.start:
            return ConsultationState.UPCOMING
        return ConsultationState.OPEN if day <= self.end else ConsultationState.CLOSED

    def days_left(self, day: datetime.date) -> int:
        """Days after ``day`` until the end (0: it closes today); only meaningful while open."""
        return (self.end - day).days


@dataclass(eq=False, kw_only=True)
class Document:
    """A disclosed document (the front matter's declared fields, then what loading resolves)."""

    title: str = declare("标题", Text(max_length=500), "文件标题", required=True)
    item_id: str = declare("栏目", Slug(), "标准目录事项编号", required=True)
    org_id: str | None = declare("发布机构", Slug(), "发布机构的单位编号（默认为所在文件夹的单位）", example="{org}")
    written: datetime.date = declare("成文日期", Date(), "成文日期", required=True)
    published: datetime.date = declare("发布日期", Date(), "发布日期", required=True)
    number: str | None = declare("发文字号", Text(max_length=200), "发文字号", example="〔{year}〕1号")
    topic: str = declare("主题分类", Text(max_length=100), "主题分类（一级\\二级）", required=True)
    stated_validity: Validity = declare("有效性", Choice(Validity), "有效性", default=Validity.VALID)
    index_number: str = declare("索引号", Text(max_length=100), "索引号", required=True)
    attachments: tuple[Attachment, ...] = declare("附件", ListOf(Attachment), "附件列表", default=())
    interprets_numbers: tuple[str, ...] = declare("解读对象", Texts(), "被解读政策的索引号", default=(), example="索引号")
    interpretation_numbers: tuple[str, ...] = declare("解读", Texts(), "解读材料的索引号", default=(), example="索引号")
    keywords: str | None = declare("主题词", Text(max_length=500), "主题词")
    summary: str | None = declare("摘要", Text(max_length=5000), "内容概述")
    approved: datetime.date | None = declare("批准日期", Date(), "批准日期（事项公开时限从批准日期起算时填写，如预决算经批准的日期）",
                                             example="{today}")
    revocation: Revocation | None = declare("撤销", Record(Revocation), "撤销信息；填写后文件从网站、栏目和搜索中撤下")
    in_force: datetime.date | None = declare("施行日期", Date(), "施行日期（自该日起施行）")
    expires: datetime.date | None = declare("失效日期", Date(), "失效日期（自该日起失效；到期后网站自动显示为失效）")
    repost: Repost | None = declare("转载", Record(Repost), "转载上级或其他机关的文件时填写：原发布机构、原索引号、来源网址")
    consultation: Consultation | None = declare(
        "意见征集", Record(Consultation), "公开征求意见（重大决策预公开、征求意见稿）时填写：征集期限、提出意见的方式、起草说明等")
    feedback_for: str | None = declare("反馈对象", Text(max_length=100),
                                       "意见采纳情况（反馈）所对应的意见征集文件的索引号", example="索引号")
    decision_for: str | None = declare("来源征集", Text(max_length=100),
                                       "最终决定（依据意见征集作出的正式文件）所来源的意见征集文件的索引号", example="索引号")
    received: int | None = declare("收到意见", Count(), "意见采纳情况：收到的意见条数")
    adopted: int | None = declare("采纳", Count(), "意见采纳情况：采纳的意见条数")

    RULES = (
        Rule("发布日期", lambda d: f"发布日期 {d.published} 早于成文日期 {d.written}" if d.published < d.written else None,
             "核对两个日期：发布日期应在成文日期当天或之后。"),
        Rule("批准日期", lambda d: f"批准日期 {d.approved} 晚于发布日期 {d.published}"
             if d.approved and d.approved > d.published else None,
             "批准日期是发布前的批准（如人大批准预算）之日，应在发布日期当天或之前。"),
        Rule("撤销.撤销日期", lambda d: f"撤销日期 {d.revocation.revoked} 早于发布日期 {d.published}"
             if d.revocation and d.revocation.revoked < d.published else None,
             "只能撤销已发布的文件：核对撤销日期、下架日期和发布日期。"),
        Rule("撤销.下架日期", lambda d: f"下架日期 {d.revocation.taken_down} 早于发布日期 {d.published}"
             if d.revocation and d.revocation.taken_down < d.published else None,
             "只能撤销已发布的文件：核对撤销日期、下架日期和发布日期。"),
        Rule("失效日期", lambda d: f"失效日期 {d.expires} 早于施行日期 {d.in_force}"
             if d.expires and d.in_force and d.expires < d.in_force else None,
             "核对两个日期：失效日期应在施行日期当天或之后。"),
        Rule("失效日期", lambda d: f"失效日期 {d.expires} 早于成文日期 {d.written}"
             if d.expires and d.expires < d.written else None,
             "核对两个日期：失效日期应在成文日期当天或之后。"),
        Rule("转载.来源网址", _repost_url_problem, "填写原文所在页面的完整网址，如 https://www.gov.cn/…。"),
        Rule("解读对象", lambda d: "解读对象不能是本文件自己的索引号" if d.index_number in d.interprets_numbers else None,
             "填写被解读政策的索引号（见该政策页面的“索引号”）。"),
        Rule("解读", lambda d: "解读不能是本文件自己的索引号" if d.index_number in d.interpretation_numbers else None,
             "填写解读材料的索引号。"),
        # Comments asked before the draft is public would count days nobody could use. A new consultation
        # (published after its own 征集截止) has its whole period in the past: that one says so instead.
        Rule("意见征集.征集开始", lambda d: f"征集开始 {d.consultation.start} 早于发布日期 {d.published}"
             if d.consultation and d.consultation.start < d.published <= d.consultation.end else None,
             "征集期限从征求意见稿公开之日起算：征集开始日期应在发布日期当天或之后。"),
        Rule("意见征集.征集截止", lambda d: f"征集期限 {d.consultation.start} 至 {d.consultation.end} 在发布日期 {d.published} 之前已经结束，"
             "公众没有时间提出意见" if d.consultation and d.consultation.end < d.published else None,
             "把征集开始改为发布日期或之后、征集截止改为其后至少30日（规范性文件至少7个工作日）；"
             "若是补录已结束的征集，把发布日期改为当初公开征求意见稿的日期。"),
        Rule("反馈对象", lambda d: "反馈对象不能是本文件自己的索引号" if d.feedback_for == d.index_number else None,
             "填写意见征集文件的索引号（见该文件页面的“索引号”）。"),
        Rule("反馈对象", lambda d: "同一文件不能既是意见征集又是意见采纳情况"
             if d.feedback_for and d.consultation else None,
             "意见采纳情况另发一篇文件，在其中填写“反馈对象”。"),
        Rule("来源征集", lambda d: "来源征集不能是本文件自己的索引号" if d.decision_for == d.index_number else None,
             "填写意见征集文件的索引号（见该文件页面的“索引号”）。"),
        Rule("来源征集", lambda d: ("同一文件不能既是意见征集又是其最终决定" if d.consultation else
                                    "同一文件不能既是意见采纳情况又是最终决定" if d.feedback_for else None)
             if d.decision_for else None,
             "最终决定（正式印发的文件）另发一篇，在其中填写“来源征集”。"),
        Rule("收到意见", lambda d: "填写了收到意见或采纳条数，但没有填写反馈对象"
             if (d.received is not None or d.adopted is not None) and not d.feedback_for else None,
             "在“反馈对象”中填写意见征集文件的索引号，或删去这两个数字。"),
        Rule("采纳", lambda d: f"采纳 {d.adopted} 条多于收到意见 {d.received} 条"
             if d.adopted is not None and d.received is not None and d.adopted > d.received else None,
             "核对两个数字：采纳的意见不能多于收到的意见。"),
    )

    src_uri: str = ""  # relative to content/
    file: str = ""  # relative to the project root
    org: Organisation | None = None
    item: Item | None = None
    column: Column | None = None
    policies: list[Document] = field(default_factory=list)  # documents this one interprets
    interpretations: list[Document] = field(default_factory=list)  # its 解读
    feedback: Document | None = None  # a consultation's 意见采纳情况 (the document whose 反馈对象 names it)
    consulted: Document | None = None  # the consultation a 意见采纳情况 answers (its 反馈对象)
    decisions: list[Document] = field(default_factory=list)  # a consultation's final decisions (their 来源征集 name it)
    decided_from: Document | None = None  # the consultation a final decision comes from (its 来源征集)
    cited: dict[str, Document] = field(default_factory=dict)  # a consultation's 起草说明/决策依据 that are 索引号 on the site
    text_digest: str = ""  # of the file's text (``digest`` adds the effective validity)
    as_of: datetime.date | None = None  # the check date the model was made for (``load``); None: no date, none lapses
    may_link: bool = True  # the body may hold a link (checks/links.py reads only those files again)
    body_line: int = 1  # the line where the body starts (after the front matter)

    def lapses_by(self, day: datetime.date | None) -> bool:
        """Its 失效日期 has passed on ``day``."""
        return day is not None and self.expires is not None and self.expires <= day

    def validity_on(self, day: datetime.date | None) -> Validity:
        """The validity shown on ``day``: 失效 once the 失效日期 has passed, else what the front matter says
        (有效 by default)."""
        return Validity.LAPSED if self.lapses_by(day) and self.stated_validity is Validity.VALID else self.stated_validity

    @property
    def lapsed(self) -> bool:
        """Its 失效日期 has passed at the check date the model was made for."""
        return self.lapses_by(self.as_of)

    @property
    def validity(self) -> Validity:
        """The validity the site shows, on the check date the model was made for (``validity_on``)."""
        return self.validity_on(self.as_of)

    @property
    def digest(self) -> str:
        """What incremental builds compare: the file's text, and whether it has lapsed since."""
        return self.text_digest + ("-lapsed" if self.lapsed else "")

    @property
    def consultation_state(self) -> ConsultationState | None:
        """A consultation's state on the check date the model was made for (None: not a consultation,
        or no date)."""
        return self.consultation.state_on(self.as_of) if self.consultation and self.as_of else None

    @property
    def is_revoked(self) -> bool:
        return self.revocation is not None

    @property
    def publisher(self) -> str:
        """The 发布机构 shown: the original authority of a reposted document (转载), else its organisation."""
        return self.repost.publisher if self.repost else self.org.name

    @property
    def is_interpretation(self) -> bool:
        return bool(self.policies)

    @property
    def topic_class(self) -> str:
        """The first level of 主题分类 (the search filter)."""
        return self.topic.split("\\")[0]

    def sort_key(self):
        """Newest first; ties broken by 索引号 so the order is stable."""
        return (self.published, self.index_number)


def load(tree_files: ContentTree, root: Path, tree: OrgTree, catalog: Catalog,
         columns: dict[tuple[str, str], Column], errors: ErrorCollector,
         cache: FrontMatterCache | None = None, as_of: datetime.date | None = None, *,
         memo=None) -> tuple[list[Document], list[Document]]:
    """Read every Markdown file inside an organisation folder, validate it, attach it to its column.
    ``as_of``: the check date, the day whose validity the documents show (失效日期 passed: 失效), settled
    here, before anything reads them. ``memo`` (``get(kind, inputs, make, keep)``): a file's validated front
    matter as made for the same text (only saves time: ``_validated``).

    Return (documents on the site, revoked documents); revoked ones are in no column.
    """
    loaded = _load_all(tree_files, root, tree, catalog, columns, errors, cache, memo)
    documents, revoked = loaded.documents, loaded.revoked
    for doc in documents + revoked:
        doc.as_of = as_of
    _link_interpretations(documents, loaded.live, loaded.unlinkable, errors)
    _link_feedback(documents, loaded.live, loaded.unlinkable, errors)
    _link_decisions(documents, loaded.live, loaded.unlinkable, errors)
    for doc in documents:
        doc.column.documents.append(doc)
    for column in columns.values():
        column.documents.sort(key=Document.sort_key, reverse=True)
    return documents, revoked


@dataclass
class _Loaded:
    """Every document of content/ as ``load`` reads them, before the 解读 links are made."""

    documents: list[Document]  # on the site
    revoked: list[Document]
    by_number: dict[str, Document]  # live and revoked: a 索引号 is never reused
    broken: set[str]  # 索引号 of documents with errors: links to them are not errors too

    @property
    def withdrawn(self) -> set[str]:
        return {doc.index_number for doc in self.revoked}  # links to them are reported by the checks

    @property
    def live(self) -> dict[str, Document]:
        withdrawn = self.withdrawn
        return {number: doc for number, doc in self.by_number.items() if number not in withdrawn}

    @property
    def unlinkable(self) -> set[str]:
        """Numbers a 解读 link may name without an error here (broken or withdrawn documents)."""
        return self.broken | self.withdrawn


def _load_all(tree_files: ContentTree, root: Path, tree: OrgTree, catalog: Catalog,
              columns: dict[tuple[str, str], Column], errors: ErrorCollector,
              cache: FrontMatterCache | None = None, memo=None) -> _Loaded:
    loaded = _Loaded([], [], {}, set())
    for src_uri in tree_files.markdown():
        doc = _load_at(src_uri, tree_files.root, root, tree, catalog, columns, errors, loaded.broken, cache, memo=memo)
        if doc is None:
            continue
        if doc.index_number in loaded.by_number:
            _refuse_duplicate(doc, loaded.by_number[doc.index_number], errors)
            continue
        loaded.by_number[doc.index_number] = doc
        (loaded.revoked if doc.is_revoked else loaded.documents).append(doc)
    return loaded


def _load_at(src_uri: str, content_dir: Path, root: Path, tree: OrgTree, catalog: Catalog,
             columns: dict[tuple[str, str], Column], errors: ErrorCollector, broken: set[str],
             cache: FrontMatterCache | None = None, *, text: str | None = None,
             present: frozenset[str] = frozenset(), memo=None) -> Document | None:
    """The document at ``src_uri`` (relative to content/), validated; None when it is not a document
    (an ordinary page, a dot- or underscore-file) or has errors (``errors`` says which).
    ``text``: its text instead of the file's; ``present``: files that count as existing (attachments
    not written yet)."""
    path = content_dir / src_uri
    rel = _project_path(root, content_dir, src_uri, path)
    owner = tree.owner_of(src_uri)
    if any(part.startswith((".", "_")) for part in src_uri.split("/")):
        return None
    if owner is None:
        if not any(src_uri.startswith(folder + "/") for folder in tree.broken):
            _refuse_orphan(path, src_uri, rel, errors, text)  # (under a broken _org.yml: that file's error says it)
        return None  # an ordinary page (e.g. content/about.md), not a disclosed document
    if path.name == "index.md" and path.parent.relative_to(content_dir).as_posix() == owner.folder:
        errors.add(rel, "单位文件夹中的 index.md 由系统生成单位页面，不能自己写",
                   "把这个文件改名（如 gaikuang.md），作为一篇文件发布。")
        return None
    return _load_one(path, src_uri, rel, content_dir, owner, tree, catalog, columns, errors, broken, cache,
                     text=text, present=present, memo=memo)


def _project_path(root: Path, content_dir: Path, src_uri: str, path: Path) -> str:
    """``path`` (``content_dir / src_uri``) relative to the project root when it is inside it, as errors name
    files. Compared as text: ``root in path.parents`` was a third of loading 10,000 unchanged documents."""
    folder, top = content_dir.as_posix(), root.as_posix().rstrip("/")
    if folder == top:
        return src_uri
    if folder.startswith(top + "/"):
        return f"{folder[len(top) + 1:]}/{src_uri}"
    return path.as_posix()


def _refuse_duplicate(doc: Document, holder: Document, errors: ErrorCollector) -> None:
    errors.add(doc.file, f"索引号“{doc.index_number}”与 {holder.file} 重复",
               "索引号全站唯一（本站所有单位的文件互不重复）：给本文件换一个未用过的流水号。", field="索引号")


def check_one(tree_files: ContentTree, root: Path, tree: OrgTree, catalog: Catalog,
              columns: dict[tuple[str, str], Column], src_uri: str, text: str, *,
              present: frozenset[str] = frozenset(), cache: FrontMatterCache | None = None) -> list[ContentError]:
    """The errors a build would report for the document at ``src_uri`` (relative to content/) if its
    text were ``text``, before anything is written (the form editor's guard, tools/cms_guard.py): its
    own fields as ``load`` checks them, its 索引号 against every other document (live or revoked), its
    解读对象 and 解读 against the documents they name. ``present``: files (relative to content/) that
    count as existing, e.g. attachments uploaded with it. The other documents' own errors are not
    reported (they stop the build already, or not, whatever this one says).

    ``columns`` is not changed (documents are attached to columns only by ``load``)."""
    return load_one(tree_files, root, tree, catalog, columns, src_uri, text, present=present, cache=cache)[1]


def load_one(tree_files: ContentTree, root: Path, tree: OrgTree, catalog: Catalog,
             columns: dict[tuple[str, str], Column], src_uri: str, text: str, *,
             present: frozenset[str] = frozenset(),
             cache: FrontMatterCache | None = None) -> tuple[Document | None, list[ContentError]]:
    """``check_one``'s errors, and the document as the build would load it (None when it has errors),
    for the checks that read one document (its dates against the check date)."""
    others = ContentTree(tree_files.root, tuple(f for f in tree_files.files if f != src_uri))
    loaded = _load_all(others, root, tree, catalog, columns, ErrorCollector(), cache)
    errors = ErrorCollector()
    doc = _load_at(src_uri, tree_files.root, root, tree, catalog, columns, errors, set(), text=text, present=present)
    if doc is None:
        return None, errors.errors
    holder = loaded.by_number.get(doc.index_number)
    if holder is not None:
        _refuse_duplicate(doc, holder, errors)  # (the build names whichever file sorts second: the same pair)
        return None, errors.errors
    # Last, as the build would meet a 解读 link closing a cycle with it; the others' link errors are theirs.
    linked = ErrorCollector()
    live = loaded.live | ({} if doc.is_revoked else {doc.index_number: doc})
    _link_interpretations(loaded.documents + ([] if doc.is_revoked else [doc]), live, loaded.unlinkable, linked)
    _link_feedback(loaded.documents + ([] if doc.is_revoked else [doc]), live, loaded.unlinkable, linked)
    _link_decisions(loaded.documents + ([] if doc.is_revoked else [doc]), live, loaded.unlinkable, linked)
    found = errors.errors + [e for e in linked.errors if e.file == doc.file]
    return (None if found else doc), found


def withdrawn_files(documents: list[Document], revoked: list[Document]) -> set[str]:
    """Source URIs (relative to content/) that must not reach the site: revoked documents and the
    attachments only they use (withdrawn information comes down, files included)."""
    kept = {a.src_uri for doc in documents for a in doc.attachments}
    return {doc.src_uri for doc in revoked} | {
        a.src_uri for doc in revoked for a in doc.attachments if a.src_uri not in kept}


def _refuse_orphan(path: Path, src_uri: str, rel: str, errors: ErrorCollector, text: str | None = None) -> None:
    """A page outside every organisation folder is an ordinary page, unless it looks like a document
    (its front matter names a column or an index number): then nothing would publish it as one."""
    try:
        head = (path.read_text(encoding="utf-8-sig", errors="replace") if text is None else text)[:4000]
    except OSError:
        return
    meta, _ = markdown.split_front_matter(head)
    if meta and re.search(r"^(栏目|索引号)\s*:", meta, re.M):
        folder = src_uri.rpartition("/")[0] or "content/"
        errors.add(rel, f"文件不在任何单位的文件夹内（{folder} 没有 _org.yml），不会作为公开文件发布",
                   "把文件移到发布单位的文件夹（含 _org.yml）中，或在该文件夹中补上 _org.yml。")


def declared_number(text: str) -> str | None:
    """The 索引号 a document's text declares, read without validating anything (a file that does not
    load still holds its number: it is never given to another document)."""
    meta_text, _ = markdown.split_front_matter(text)
    return _declared_in(meta_text) if meta_text else None


def _declared_in(meta_text: str) -> str | None:
    declared = _INDEX_LINE.search(meta_text)
    return declared[1].strip("'\"").strip() if declared else None


def _front_matter(path, rel, errors, broken, cache: FrontMatterCache | None, text: str | None = None):
    """(meta_text, data, digest of the whole file, whether its body may link) of the file, parsed (or
    as the last build parsed it: ``cache``); None on error. ``text``: the file's text as it would be
    written (the cache is then neither read nor written)."""
    identity, cached = cache.get(path) if cache is not None and text is None else (None, None)
    if cached is not None:  # a file that parsed without error (its 索引号 is marked by _load_one)
        return cached
    text = yamlfile.read(path, rel, errors) if text is None else yamlfile.given(text, rel, errors)
    if text is None:
        return None
    meta_text, offset = markdown.split_front_matter(text)
    if meta_text is None:
        errors.add(rel, "文件开头缺少“文件信息”（用 --- 包住的标题、栏目、日期等）",
                   "在文件第一行写 ---，然后逐行写“标题: …”“栏目: …”等字段，再写一行 --- 结束。", line=1)
        return None
    before = len(errors)
    for line, problem in markdown.refused_in_body(text):  # (an error keeps the file out of the cache)
        errors.add(rel, problem, characters.FIX, line=line)
    if (declared := _declared_in(meta_text)) is not None:
        broken.add(declared)  # removed again below if the document is valid
    data = yamlfile.load(meta_text, rel, errors, line_offset=offset)
    if data is None:
        if len(errors) == before:
            errors.add(rel, "“文件信息”是空的（两行 --- 之间没有内容）",
                       "在两行 --- 之间逐行写“标题: …”“栏目: …”“成文日期: …”等字段（见编辑指南）。", line=1)
        return None
    parsed = (meta_text, data, hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest(), markdown.may_link(text))
    if cache is not None and len(errors) == before:
        cache.put(path, identity, parsed)  # (validation reads data, never changes it)
    return parsed


def _validated(data, rel: str, digest: str, errors: ErrorCollector, memo) -> dict | None:
    """The front matter's declared fields checked (``schema.validate``; None: errors, in ``errors``). With a
    ``memo``, the values as checked for the same text (``digest``, of the whole file: the fields are a
    function of the text alone; their values are immutable, and the ``Document`` is made anew from them);
    only values without errors are kept, so a file's errors are reported on every build."""
    def check():
        return schema.validate(data, Document, errors, rel)
    if memo is None:
        return check()
    return memo.get("front matter", digest, check, keep=lambda values: values is not None)


def _load_one(path, src_uri, rel, content_dir, owner, tree, catalog, columns, errors, broken,
              cache: FrontMatterCache | None = None, *, text: str | None = None,
              present: frozenset[str] = frozenset(), memo=None) -> Document | None:
    before = len(errors)
    parsed = _front_matter(path, rel, errors, broken, cache, text)
    if parsed is None:
        return None
    meta_text, data, digest, may_link = parsed
    if isinstance(data, dict) and isinstance(data.get("索引号"), str):
        broken.add(data["索引号"].strip())
    values = _validated(data, rel, digest, errors, memo)  # None: its errors are in ``errors``
    doc = None if values is None else schema.record(
        Document, data, errors, rel, values=values,
        extra={"src_uri": src_uri, "file": rel, "body_line": meta_text.count("\n") + 3})
    if doc is None:
        return None
    line = data.line_of

    org = owner
    if doc.org_id:
        org = tree.orgs.get(doc.org_id)
        if org is None:
            errors.add(rel, f"单位编号“{doc.org_id}”不存在", "填写 content/ 中某个单位的文件夹名，或删去此字段（默认为所在文件夹的单位）。",
                       field="发布机构", line=line("发布机构"))
    item = catalog.item(doc.item_id)  # a 曾用编号 too: the documents of a revised catalog's item stay where they were
    if item is None:
        errors.add(rel, f"标准目录中没有编号为“{doc.item_id}”的事项", "到网站“标准目录”页或 catalog/ 中查找正确的事项编号；"
                   "目录调整删去或改了这个编号时，在新事项的“曾用编号”中写上它（文件随之归入新事项，旧栏目网址跳转过去）。",
                   field="栏目", line=line("栏目"))
    column = columns.get((org.id, item.id)) if org and item else None
    if org and item and column is None:
        reason = "该事项不在网上公开" if not item.has_columns else f"该事项（{'、'.join(item.tiers)}）不由本单位公开"
        errors.add(rel, f"{org.name}没有栏目“{item.name}”（{item.id}）：{reason}",
                   f"改用{org.name}页面上列出的栏目编号；如确属本单位公开，请政务公开办调整标准目录。",
                   field="栏目", line=line("栏目"))
    if not catalog.topic_known(doc.topic):
        errors.add(rel, f"“{doc.topic}”不在主题分类表中",
                   "按“一级\\二级”填写 catalog/_topics.yml 中的分类，如“综合政务\\政务公开”。",
                   field="主题分类", line=line("主题分类"))
    if org:
        match = INDEX_NUMBER.match(doc.index_number)
        if not match or match[1] != org.code:
            errors.add(rel, f"索引号“{doc.index_number}”格式不对", f"应为“{org.code}/年份-5位流水号”，如 {org.code}/{doc.published.year}-00001。",
                       field="索引号", line=line("索引号"))
    attachments = []
    resolved_content = content_dir.resolve() if doc.attachments else None  # (a resolve per document: ~0.1 ms)
    for position, entry in enumerate(doc.attachments, 1):
        target = (path.parent / entry.path).resolve()
        inside = resolved_content in target.parents
        if not inside or not (target.is_file() or target.relative_to(resolved_content).as_posix() in present):
            errors.add(rel, f"附件文件“{entry.path}”不存在", "把附件放到本文件旁边（如 files/ 文件夹），路径相对于本文件填写。",
                       field=f"附件[{position}].文件", line=entry.line)
            continue
        attachments.append(Attachment(name=entry.name, path=entry.path, line=entry.line,
                                      src_uri=target.relative_to(resolved_content).as_posix()))
    if len(errors) > before:
        return None
    broken.discard(doc.index_number)
    doc.org, doc.item, doc.column, doc.attachments = org, item, column, tuple(attachments)
    doc.text_digest, doc.may_link = digest, may_link
    return doc


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
            if (id(interpretation), id(policy)) in pairs:
                errors.add(doc.file, f"解读关系成环：本文件与 {other.file}（{number}）互为解读",
                           "政策与解读只能单向关联：在解读材料中填“解读对象”，或在政策中填“解读”，不要互相填写对方为解读。",
                           field=key)
                continue
            if (id(policy), id(interpretation)) not in pairs:
                pairs.add((id(policy), id(interpretation)))
                policy.interpretations.append(interpretation)
                interpretation.policies.append(policy)


@dataclass(frozen=True)
class _ConsultationLink:
    """A field by which a document names the consultation it follows (反馈对象, 来源征集), and what its errors say."""

    field: str
    what: str  # the document that names it: 意见采纳情况, 最终决定
    not_consultation_fix: str
    too_early_fix: str


_FEEDBACK = _ConsultationLink("反馈对象", "意见采纳情况",
                              "填写意见征集文件的索引号；或在该文件中补上“意见征集”字段（征集开始、征集截止、提出意见的方式）。",
                              "意见采纳情况在征集截止之后发布：核对本文件的发布日期和反馈对象。")
_DECISION = _ConsultationLink("来源征集", "最终决定", "填写公开征求意见的那篇文件（征求意见稿）的索引号。",
                              "最终决定在征集截止、研究公众意见之后发布：核对本文件的发布日期和来源征集。")


def _named_consultations(documents: list[Document], number_of, link: _ConsultationLink,
                         by_number: dict[str, Document], broken: set[str], errors: ErrorCollector):
    """(document, consultation) for each document whose ``link.field`` names a published consultation that
    ended before the document was published; an error for each other one. A document follows its
    consultation once the comments are in: after the 征集截止."""
    for doc in sorted((d for d in documents if number_of(d)), key=Document.sort_key):
        number = number_of(doc)
        if number in broken:
            continue  # that document's own errors are reported already
        target = by_number.get(number)
        if target is None:
            errors.add(doc.file, f"找不到索引号为“{number}”的文件", "填写已发布的意见征集文件的索引号（见该文件页面的“索引号”）。",
                       field=link.field)
        elif target.consultation is None:
            errors.add(doc.file, f"{link.field} {number}（{target.file}）不是意见征集文件（没有“意见征集”字段）",
                       link.not_consultation_fix, field=link.field)
        elif doc.published <= target.consultation.end:
            errors.add(doc.file, f"{link.what}的发布日期 {doc.published} 不晚于意见征集 {number} 的征集截止 {target.consultation.end}",
                       link.too_early_fix, field="发布日期")
        else:
            yield doc, target


def _link_feedback(documents: list[Document], by_number: dict[str, Document], broken: set[str],
                   errors: ErrorCollector) -> None:
    """Consultation ↔ 意见采纳情况, both ways, from the feedback's 反馈对象 (重大行政决策程序暂行条例: 公众意见及采纳情况 published).
    A consultation has one feedback: a second is an error naming the first."""
    for doc, target in _named_consultations(documents, lambda d: d.feedback_for, _FEEDBACK, by_number, broken, errors):
        if target.feedback is not None:
            errors.add(doc.file, f"意见征集 {target.index_number}（{target.file}）已有意见采纳情况 {target.feedback.file}",
                       "一次意见征集只发布一篇意见采纳情况：把补充内容写进已发布的那一篇，或核对反馈对象的索引号。",
                       field="反馈对象")
        else:
            target.feedback, doc.consulted = doc, target
    for doc in documents:  # 起草说明 and 决策依据 are texts; one that is a live document's 索引号 becomes a link
        if doc.consultation:
            doc.cited = {n: by_number[n] for n in doc.consultation.explanation + doc.consultation.basis
                         if n in by_number and by_number[n] is not doc}


def _link_decisions(documents: list[Document], by_number: dict[str, Document], broken: set[str],
                    errors: ErrorCollector) -> None:
    """Consultation ↔ final decision, both ways, from the decision's 来源征集 (as a 解读 names its policy in 解读对象
    and a 意见采纳情况 its consultation in 反馈对象)."""
    for doc, target in _named_consultations(documents, lambda d: d.decision_for, _DECISION, by_number, broken, errors):
        target.decisions.append(doc)
        doc.decided_from = target
