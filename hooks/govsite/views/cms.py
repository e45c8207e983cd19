"""The form editor's configuration (Decap CMS ``admin/config.yml``), made from the model at build time,
so that the form can only write front matter the build accepts.

One folder collection per organisation (``content/<folder>/``, new files in ``<year>/``), its fields
from the ``Document`` declaration, each field's widget from its kind (``parse.kinds``): a notice's fields
first (``FIRST``), then the body and its attachments, then the rest (folded under 更多 by admin/govsite.js,
``render/admin.js``). The selects the model knows: 栏目 (the organisation's columns, labelled with their
领域 and path), 主题分类 (the county's topics), 有效性. 发布机构 is not offered (``NOT_IN_FORM``). 索引号
is filled with the organisation's next free number of the year (``model.index_numbers``, the rule of
``make new``), must match ``机构代码/年份-5位流水号``, and is final only when saved (the local backend's
guard, ``tools/cms_guard.py``, gives a number taken meanwhile the next free one). Documents are never
deleted from the form (撤销 instead, docs/editors-guide.md 三、撤销文件). Repeated option lists are written once (YAML
anchors; Decap reads its configuration with aliases unlimited).

Where the catalog marks a column's item 意见征集: true, the 意见征集 fields come right after the body and its
attachments (not folded under 更多), their hint naming those columns, and the columns' options say so.
"""

from __future__ import annotations

import datetime
import json
import re

import yaml

from .. import urls
from ..model import index_numbers, reserved
from ..model.columns import by_org
from ..model.documents import Document
from ..model.orgs import TOWNSHIP_KINDS, Organisation
from ..model.site import Site
from ..parse import schema
from ..parse.settings import CmsOptions
from ..parse.text import xml_safe_data

FOLDER = urls.ADMIN
CONFIG = f"{FOLDER}/config.yml"
PAGE = f"{FOLDER}/index.html"
LOCALE = "zh_Hans"
NEW_PATH = "{{year}}/{{slug}}"  # new documents go into the year's folder, as make new puts them
NEW_SLUG = "{{year}}{{month}}{{day}}-{{hour}}{{minute}}{{second}}"  # no pinyin in the browser: the time
ATTACHMENTS = reserved.ATTACHMENTS  # uploads, next to the document (附件 paths are relative to it)
EDITORS_KEY = "govsite_editors"  # organisation id → its editors (render/admin.js reads it)
NO_WORKFLOW = ("gitea",)  # backends of Decap CMS 3.16 without the editorial workflow
# The form shows what every notice needs first (issue 22), then the body and its attachments, then the
# rest (validity dates, 解读, 撤销, 转载…), which admin/govsite.js folds under 更多.
FIRST = ("标题", "栏目", "成文日期", "发布日期", "发文字号", "主题分类", "索引号")
AFTER_BODY = ("附件",)
# 发布机构 (代其他单位发布) is not offered: the form's 栏目 list and 索引号 are the folder's organisation's,
# so a document published for another organisation never validated. Such a document is written in that
# organisation's own folder (or with make new); the build still reads the key.
NOT_IN_FORM = ("发布机构",)
# The body's toolbar: no code, no code block (Markdown code is not a government text's); a table and a
# picture with its 替代文字 come from admin/govsite.js.
BODY_BUTTONS = ["bold", "italic", "strikethrough", "link", "heading-two", "heading-three", "heading-four",
                "quote", "bulleted-list", "numbered-list"]
BODY_COMPONENTS = ["table", "figure"]
# 意见征集 (重大决策预公开): where the catalog marks some of an organisation's columns (an item's 意见征集: true),
# the form proposes the consultation's fields there: right after the body and its attachments (not folded
# under 更多), its hint naming those columns, and the columns' options saying so.
CONSULTATION = "意见征集"
CONSULTATION_MARK = "（公开征求意见）"


def orgs_in_order(site: Site) -> list[Organisation]:
    """The sidebar's order, one group after another (Decap CMS 3.16 has no collection groups, dividers
    or nesting of collections: the order keeps a group together and the label names it): the county
    government, the departments, then each kind of township (乡镇, then 街道) with its villages and
    communities under it. Within a group, the organisations' own 排序."""
    tree = site.tree
    county = [tree.county] if tree.county else []
    townships = sorted(tree.townships, key=lambda t: TOWNSHIP_KINDS.index(t.kind))  # stable: 排序 kept
    return county + tree.departments + [o for t in townships for o in [t, *t.children]]


def editors(org: Organisation) -> list[str]:
    """Who edits ``org``'s folder (``_org.yml`` 编辑): its own editors and those of the organisations above
    it (a township's editors also edit its villages' folders, as make codeowners gives them)."""
    out: list[str] = []
    while org is not None:
        out += [e for e in org.editors if e not in out]
        org = org.parent
    return out


def item_label(item) -> str:
    """A column as an editor finds it: its 领域, its path in the catalog and its id (all searchable); a column
    whose drafts go out for comment says so (``CONSULTATION_MARK``)."""
    domain = item.domain.name if item.domain is not None else ""
    path = item.path if not domain or item.path.startswith(domain) else f"{domain} › {item.path}"
    return f"{path}（{item.id}）" + (CONSULTATION_MARK if item.consultation else "")


def preview_path(org: Organisation) -> str:
    """Where "查看" opens a saved document: its own page (urls: content/<folder>/<year>/<name>.md →
    <folder>/<year>/<name>/), not the home page."""
    return f"{org.folder}/{{{{dirname}}}}/{{{{filename}}}}/"


def label(org: Organisation) -> str:
    """The organisation in the sidebar, its group first (县政府 › …, 部门 › …, 乡镇 › 城关镇 › 东村)."""
    if org.parent:
        return f"{org.parent.kind} › {org.parent.label} › {org.name}"
    return f"{org.kind} › {org.name}"


def local_backend(options: CmsOptions) -> str:
    return options.local_backend


def backend(options: CmsOptions) -> dict:
    """The configured backend, or decap-server (local preview only) when none is."""
    if options.backend:
        return dict(options.backend)
    return {"name": "proxy", "proxy_url": options.local_backend, "branch": "main"}


def publish_mode(options: CmsOptions) -> str:
    """editorial_workflow unless the backend cannot do it: Decap's Gitea backend refuses it ("The Gitea
    backend does not support editorial workflow", decap-cms-backend-gitea 3.x), so there each save
    is a commit to ``branch`` and review happens in the forge's merge requests. decap-server's fs
    mode has no workflow either; Decap switches to simple by itself there."""
    name = (options.backend or {}).get("name")
    return "simple" if name in NO_WORKFLOW else options.publish_mode


def config(site: Site, options: CmsOptions, *, content: str, today: datetime.date,
           site_url: str | None = None) -> dict:
    """The Decap CMS configuration as a mapping (``content``: content/ relative to the repository)."""
    used = index_numbers.highest(n for d in site.documents + site.revoked
                                 if (n := index_numbers.parse(d.index_number)) is not None)
    columns = by_org(site.columns)
    shared = _shared(site)
    collections = []
    for org in orgs_in_order(site):
        items = [c.item for c in columns.get(org.id, [])]
        if not items:
            continue  # no column, no document
        serial = index_numbers.next_serial(used, org.code, today.year)
        number = index_numbers.format_number(org.code, today.year, serial) if serial else ""
        collections.append({
            "name": org.id,
            "label": label(org),
            "label_singular": "文件",
            "description": f"{org.name}的公开文件（{content}/{org.folder}/）。新建的文件放在当年的文件夹中。",
            "folder": f"{content}/{org.folder}",
            "path": NEW_PATH,
            "slug": NEW_SLUG,
            "extension": "md",
            "format": "frontmatter",
            "create": True,
            "delete": False,
            "identifier_field": "标题",
            "summary": "{{发布日期}}　{{标题}}",
            "sortable_fields": ["发布日期", "标题", "索引号"],
            "preview_path": preview_path(org),
            "media_folder": ATTACHMENTS,
            "public_folder": ATTACHMENTS,
            "editor": {"preview": False},
            "fields": _fields(org, items, number, shared),
        })
    out = {
        "backend": backend(options),
        "local_backend": {"url": options.local_backend},
        "publish_mode": publish_mode(options),
        "locale": LOCALE,
        "media_folder": f"{content}/{ATTACHMENTS}",
        "public_folder": f"/{ATTACHMENTS}",
        # unicode: an attachment keeps its Chinese name (ascii made 检查记录表.pdf into files/.pdf, a dot-file
        # MkDocs never publishes). New documents are named by the time (NEW_SLUG), so only uploads differ.
        "slug": {"encoding": "unicode", "clean_accents": False, "sanitize_replacement": "-"},
        "collections": collections,
        # Not Decap's: which git users edit which organisation (admin/govsite.js lists the signed-in
        # editor's own organisations first). Decap keeps keys it does not know.
        EDITORS_KEY: {c["name"]: names for c in collections if (names := editors(site.tree.orgs[c["name"]]))},
    }
    if site_url:
        out["site_url"] = out["display_url"] = site_url
    return out


def dump(config_: dict) -> str:
    """YAML, repeated option lists written once as anchors; a character UTF-8 cannot hold (a lone surrogate:
    the emitter raises) or no text should (a control character) replaced (``xml_safe_data``). The editors
    (``EDITORS_KEY``) are the last line, as JSON (also YAML): admin/govsite.js reads that line without a
    YAML parser."""
    data = xml_safe_data(config_)
    data = dict(data) if isinstance(data, dict) else data  # the caller's mapping is left as it is
    people = data.pop(EDITORS_KEY, None) if isinstance(data, dict) else None
    text = ("# 由网站生成时根据标准目录和单位信息自动生成（govsite/views/cms.py），不要手改。\n"
            + yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000))
    if people is not None:
        text += f"{EDITORS_KEY}: {json.dumps(people, ensure_ascii=False, sort_keys=True)}\n"
    return text


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: the same text, twice as fast


def _shared(site: Site) -> dict:
    """Option lists every collection uses: one Python object each, hence one YAML anchor each."""
    topics = []
    for first, seconds in site.catalog.topics.items():
        topics.append(first)
        topics += [f"{first}\\{second}" for second in seconds]
    return {
        "topics": topics,
        "columns": {},  # item ids → their options
        "fields": {},  # field key → the field as every collection has it (those without org-specific options)
    }


def _fields(org: Organisation, items: list, number: str, shared: dict) -> list[dict]:
    out = []
    declared = [f for f in schema.fields(Document) if f.key not in NOT_IN_FORM]
    rank = {key: n for n, key in enumerate(FIRST)}
    consulted = [i for i in items if i.consultation]  # columns whose drafts go out for comment
    after_body = AFTER_BODY + ((CONSULTATION,) if consulted else ())
    declared.sort(key=lambda f: (0, rank[f.key]) if f.key in rank else (2, 0) if f.key not in after_body
                  else (1, after_body.index(f.key)))
    body_at = sum(1 for f in declared if f.key in rank)
    for f in declared:
        if f.key == "栏目":  # organisations with the same columns (townships, villages) share one list
            ids = tuple(i.id for i in items)
            if ids not in shared["columns"]:
                shared["columns"][ids] = [{"label": item_label(i), "value": i.id} for i in items]
            out.append(_base(f) | {"widget": "select", "options": shared["columns"][ids]})
        elif f.key == "索引号":
            out.append(_base(f) | {"widget": "string", "default": number, "pattern": [
                f"^{re.escape(org.code)}/\\d{{4}}-\\d{{5}}$", f"应为“{org.code}/年份-5位流水号”，如 {number}"],
                "hint": "已按本单位今年的下一个流水号自动填写（与 make new 相同），不要改动；全站唯一（本站所有单位的文件互不重复），一经分配不再改变。"})
        else:
            if f.key not in shared["fields"]:
                shared["fields"][f.key] = _field(f, shared)
            out.append(shared["fields"][f.key])
            if f.key == CONSULTATION and consulted:
                out[-1] = out[-1] | {"hint": f"栏目{'、'.join(f'“{i.name}”' for i in consulted)}的征求意见稿在此填写征集期限、"
                                             f"提出意见的方式等（{f.doc}）；其他文件不填"}
    out.insert(body_at, {"name": "body", "label": "正文", "widget": "markdown", "modes": ["rich_text", "raw"],
                         "buttons": BODY_BUTTONS, "editor_components": BODY_COMPONENTS,
                         "hint": "文件正文。小标题用“标题 2”及以下（文件标题由网站自动显示）。表格用工具栏的“＋”→“表格”。"})
    return out


def _base(f: schema.Field) -> dict:
    return {"name": f.key, "label": f.key, "required": f.required, "hint": f.doc}  # Decap marks optional ones


def _field(f: schema.Field, shared: dict, *, nested: bool = False) -> dict:
    """One declared field as a Decap widget (``nested``: inside an optional mapping, never required:
    Decap would refuse to save a document that leaves the whole mapping out)."""
    out = _base(f) | ({"required": False} if nested else {})
    if f.key == "主题分类":
        return out | {"widget": "select", "options": shared["topics"], "hint": "一级\\二级（本站的主题分类表）"}
    if f.key == "文件":  # an attachment: uploaded next to the document
        return out | {"widget": "file", "hint": "上传附件（PDF、Word、Excel 等），保存在本文件旁的 files 文件夹"}
    return f.kind.widget(f, out, lambda sub, nested=False: _field(sub, shared, nested=nested))
