"""The form editor's guard (``python -m govsite.tools.cms_guard``): a small HTTP server in front of
decap-server, listening where Decap CMS's ``local_backend`` points, so that nothing an editor does in
the form loses, overwrites or breaks content, and the form saves exactly what the build accepts.

decap-server (the ``proxy`` backend's local server) writes whatever the browser sends: a form that
still holds the previous document's values saves it over another file, an attachment named
``检查记录表.pdf`` becomes ``files/.pdf`` and a second one replaces it, ``_org.yml`` can be deleted from
the media picker, and a document the build refuses is saved (the preview then stops). Every request
goes through here; ``POST /api/v1`` is read (JSON ``{action, params}``) and checked with the build's
own code (``tools.project``, ``model.documents.check_one``, ``model.index_numbers``):

- ``persistEntry``: the entry is a ``.md`` inside an organisation folder of content/ (not ``_org.yml``,
  not the organisation's ``index.md``, no dot- or underscore-file), is never moved (``newPath``), and a
  new entry never lands on an existing file; a file that exists keeps its 索引号 (a form holding another
  document's 索引号 is another document's form); a new file whose 索引号 is taken gets its
  organisation's next free one (below); the document must load as the build loads it and pass the
  checks of one document that stop a build (``ONE_DOCUMENT_CHECKS``: a date after the check date); its
  attachments follow the upload rules. All problems are refused together, nothing written.
- ``persistMedia`` and the entry's ``assets``: inside an organisation's ``files`` folder, a name that
  does not start with a dot and has an ``ATTACHMENT_TYPES`` extension, never replacing a file with other
  content (the same content again: nothing to do).
- ``deleteFile(s)``: nothing published is deleted (documents: 撤销 instead, docs/editors-guide.md 三、撤销文件;
  ``_org.yml`` and any other non-attachment; attachments). Only an attachment uploaded through this
  guard since it started, and named by no document, may be deleted: that is the editor taking back an
  upload made by mistake a minute ago, before anything links to it. decap-server deletes files in two
  more places, both left as they are: ``deleteUnpublishedEntry`` removes a draft's branch only, and a
  draft saved again drops the binaries its branch added that the draft no longer lists (never a
  published file, since no upload replaces one).
- ``getMedia``: attachments only (the picker of a new document lists its organisation folder, where
  ``_org.yml`` would otherwise show).
- ``publishUnpublishedEntry`` (editorial workflow, decap-server's git mode): the draft's documents are
  checked against main again before the merge (main may have moved since the draft was saved).

Provisional 索引号: Decap fills the field from admin/config.yml, made when the site was built, so two
new forms opened before either is saved (two drafts, two editors, a review branch) show the same
number. A number is final when its document is first saved: a new document whose number is used by
another document by then (on disk, live or revoked, or on an open ``cms/*`` branch) is saved with the
organisation's next free number of that year (``index_numbers``, the rule of ``make new``) instead
of being refused; Decap reloads a new entry after saving, so the form shows the number it got.

Refusals are HTTP 422 with ``{"error": "…"}`` (what decap-server answers for requests it refuses):
Decap's proxy backend raises ``APIError(json.error)`` for any non-2xx answer and shows it in a toast
("保存内容失败: API_ERROR: …", "Failed to persist media: API_ERROR: …", "Failed to delete media: …"; the
prefixes are Decap's). Other routes and methods, CORS preflights included, are forwarded unchanged; an
answer of the guard's own carries the CORS headers decap-server gives that origin. decap-server's git
mode runs one git operation at a time and checks branches out in the working tree, so there every
request is forwarded one at a time and checked while decap-server is idle on ``branch``; the mode is
decap-server's own answer to ``info`` (Decap asks it first).

What it cannot see: "发布，然后新建内容" keeps the saved entry in the form, path included, so saving
it again is, request for request, an edit of that entry (same path, same 索引号, ``newEntry`` false);
the page has to stop that.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import contextlib
import datetime
import hashlib
import http.server
import json
import os
import posixpath
import re
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import checks
from ..checks import dates, rules
from ..checks.context import Context
from ..model import documents, index_numbers
from ..model.orgs import ORG_FILE
from ..model.site import Site
from ..parse import markdown, yamlfile
from ..parse.errors import ContentError, ErrorCollector
from ..speed.frontmatter import FrontMatterStore
from ..views.cms import ATTACHMENTS
from .project import Project, Refused, read_settings

API_PATH = "/api/v1"
REFUSED_STATUS = 422  # decap-server's own status for a request it refuses (joi validation, unknown action)
UNAVAILABLE_STATUS = 502
INTERNAL_STATUS = 500
UPSTREAM_TIMEOUT = 120  # seconds: a git-mode save rebases and commits; Decap itself waits 60 s
MAX_BODY_BYTES = 60_000_000  # decap-server reads JSON up to 50 MB (express.json limit)
# Attachments an editor may upload: documents, spreadsheets, presentations (Office, WPS, OpenDocument,
# OFD), images (no SVG: it can carry scripts onto the site's origin), archives. The build itself has no
# such list (it publishes any file of content/); this one is the form's.
ATTACHMENT_TYPES = ("pdf", "ofd", "doc", "docx", "wps", "rtf", "txt", "xls", "xlsx", "et", "csv", "ppt", "pptx",
                    "dps", "odt", "ods", "odp", "jpg", "jpeg", "png", "gif", "webp", "zip", "rar", "7z")
# The checks that read one document only, run on it before it is saved (at the configured check date,
# else today; the others need the whole site: broken links, columns, timeliness, …).
ONE_DOCUMENT_CHECKS = (dates,)
CMS_BRANCHES = "refs/heads/cms/"  # decap-server's editorial workflow: one branch cms/<collection>/<slug> per draft
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers",
               "transfer-encoding", "upgrade", "host", "content-length"}
_NUMBER_LINE = re.compile(r"^(索引号[ \t]*:[ \t]*)(.*?)([ \t]+#.*)?$", re.M)
_WRITING = {"persistEntry", "persistMedia", "deleteFile", "deleteFiles", "deleteUnpublishedEntry",
            "publishUnpublishedEntry", "updateUnpublishedEntryStatus"}
_REVOKE = "在文件信息中填写“撤销”一栏（撤销日期、下架日期），见编辑指南“三、撤销文件”；文件和它的索引号都保留。"


class Refusal(Refused):
    """A request refused with every problem found (file, field, fix), in Chinese."""

    def __init__(self, what: str, errors: list[ContentError]) -> None:
        self.errors = errors
        if len(errors) == 1:
            super().__init__(f"未{what}：{errors[0].format()}")
            return
        lines = [f"未{what}：发现 {len(errors)} 处问题，请逐条修改后重试。"]
        lines += [f"{number}. {error.format()}" for number, error in enumerate(errors, 1)]
        super().__init__("\n".join(lines))


@dataclass
class Guard:
    """The rules, applied to requests as Decap sends them (``params`` of ``{action, params}``).

    ``root``: the repository decap-server writes (GIT_REPO_DIRECTORY), holding mkdocs.yml. ``git``:
    decap-server runs in git mode (drafts are ``cms/*`` branches of ``root``), from its ``info`` answer
    (None until known). What it remembers is this run's: attachments written through it, and 索引号 it
    replaced."""

    root: Path
    git: bool | None = None
    # The run's check date (GOV_AS_OF in the environment, which `mkdocs serve` beside it reads too): a
    # document's dates are judged against the day the preview builds for, else checks.as_of, else today.
    as_of: datetime.date | None = None
    uploaded: set[str] = field(default_factory=set)  # repository paths written through the guard
    reassigned: dict[str, tuple[str, str]] = field(default_factory=dict)  # path → (number sent, number saved)
    # Front matter parsed by the last check, kept outside the repository (git mode commits everything
    # in it): at 10,000 documents a check takes 0.5 s instead of 1.5 s.
    scratch: tempfile.TemporaryDirectory = field(
        default_factory=lambda: tempfile.TemporaryDirectory(prefix="govsite-cms-guard-"))

    # --- persistEntry -------------------------------------------------------------------------------------

    def persist_entry(self, params: dict) -> dict:
        """``params`` to forward (a taken provisional 索引号 replaced), or ``Refusal``."""
        options = params.get("options") or {}
        files = params.get("dataFiles") or ([params["entry"]] if isinstance(params.get("entry"), dict) else [])
        assets = params.get("assets") or []
        if not isinstance(files, list) or not isinstance(assets, list) or not all(isinstance(f, dict) for f in files):
            raise Refusal("保存", [ContentError("content/", "表单送来的内容不完整", "重新打开这篇文件再保存。")])
        project = self._project()
        problems: list[ContentError] = []
        present: set[str] = set()
        for asset in assets:
            path = asset.get("path") if isinstance(asset, dict) else None
            problems += self._upload_problems(project, path, _decoded(asset))
            if isinstance(path, str):
                present.add(path)
        rewritten = []
        for data_file in files:
            path, text = data_file.get("path"), data_file.get("raw")
            found = self._entry_path_problems(project, path)
            if not found and data_file.get("newPath") not in (None, path):
                found = [ContentError(path, "表单不能移动文件或给文件改名",
                                      "文件的位置和网址发布后不再改变：撤销旧文件（见编辑指南“三、撤销文件”），另建新文件。")]
            if not found and not isinstance(text, str):
                found = [ContentError(path, "表单没有送来文件内容", "重新打开这篇文件再保存。")]
            if found:
                problems += found
                rewritten.append(data_file)
                continue
            branch_text = self._draft_text(params, options, path)
            text, found = self._numbered(project, path, text, options.get("newEntry") is True, branch_text)
            problems += found
            if not found:
                uri = self._content_uri(project, path)
                present_uris = frozenset(self._content_uri(project, p) for p in present if self._in_content(project, p))
                problems += self._check_one(project, uri, text, present_uris)
            rewritten.append(dict(data_file, raw=text))
        if not files:
            problems.append(ContentError("content/", "表单没有送来要保存的文件", "重新打开这篇文件再保存。"))
        if problems:
            raise Refusal("保存", problems)
        out = dict(params)
        if "dataFiles" in params:
            out["dataFiles"] = rewritten
        else:
            out["entry"] = rewritten[0]
        return out

    def entry_saved(self, params: dict, sent: dict) -> None:
        """After decap-server saved ``params`` (as forwarded; ``sent``: as the browser sent them)."""
        self.uploaded |= {a["path"] for a in params.get("assets") or [] if isinstance(a, dict)}
        before = {f.get("path"): f.get("raw") for f in sent.get("dataFiles") or [sent.get("entry") or {}]}
        for data_file in params.get("dataFiles") or [params.get("entry") or {}]:
            path, raw = data_file.get("path"), data_file.get("raw")
            old, new = documents.declared_number(before.get(path) or ""), documents.declared_number(raw or "")
            if old and new and old != new:
                self.reassigned[path] = (old, new)

    def _entry_path_problems(self, project: Project, path) -> list[ContentError]:
        where = path if isinstance(path, str) else "content/"
        if not isinstance(path, str) or not _clean(path):
            return [ContentError(where, "文件路径不对", "在表单左侧选本单位，从列表中打开文件或点“新建”，不要手改网址。")]
        if not self._in_content(project, path):
            return [ContentError(path, "表单只能保存 content/ 中各单位文件夹里的公开文件",
                                 "在表单左侧选本单位，从列表中打开文件或点“新建”。")]
        uri = self._content_uri(project, path)
        name = posixpath.basename(uri)
        if name == ORG_FILE or any(part.startswith((".", "_")) for part in uri.split("/")):
            return [ContentError(path, "单位信息和以点、下划线开头的文件不能用表单保存",
                                 "单位信息（_org.yml）由政务公开办修改；公开文件用表单“新建”。")]
        if not name.endswith(".md"):
            return [ContentError(path, "表单只能保存 .md 公开文件", "附件用文件中的“附件”一栏上传。")]
        owner = project.tree.owner_of(uri)
        if owner is None:
            return [ContentError(path, "文件不在任何单位的文件夹内（文件夹中没有 _org.yml）",
                                 "在表单左侧选择发布单位，在该单位中新建文件。")]
        if name == "index.md" and posixpath.dirname(uri) == owner.folder:
            return [ContentError(path, "单位文件夹中的 index.md 由系统生成单位页面，不能自己写", "在该单位中新建一篇文件。")]
        return []

    def _numbered(self, project: Project, path: str, text: str, new_entry: bool,
                  draft: str | None) -> tuple[str, list[ContentError]]:
        """The text to save, its 索引号 checked against the file it replaces or made final (a new file)."""
        disk = self.root / path
        sent = documents.declared_number(text)
        if disk.is_file() or draft is not None:
            if new_entry:
                return text, [ContentError(path, "新建的文件与已有的文件同名，保存会覆盖已有的文件",
                                           "回到文件列表，重新点“新建”填写；已有的文件请从列表中打开修改。", field="索引号")]
            saved = draft if draft is not None else _read_text(disk)
            held = documents.declared_number(saved or "")
            if held and sent != held:
                earlier = self.reassigned.get(path)
                if earlier == (sent, held):  # the form still shows the provisional number it was opened with
                    return _with_number(text, held), []
                return text, [ContentError(
                    path, f"这个位置已有另一篇文件（索引号 {held}），表单中的索引号是 {sent or '空'}：保存会用一篇文件的内容覆盖另一篇",
                    "表单中可能还留着另一篇文件的内容：不要保存，回到文件列表，重新打开要修改的文件（新文件请点“新建”）再填写。"
                    "已发布文件的索引号不能改。", field="索引号")]
            return text, []
        parsed = index_numbers.parse(sent) if sent else None
        if parsed is None:
            return text, []  # check_one says what is wrong with it
        taken = self._numbers_in_use(project, path)
        if sent not in taken:
            return text, []
        code = self._code_for(project, path, text)
        if code is None or code != parsed[0]:
            return text, []  # a number of another organisation: check_one refuses its format
        used = index_numbers.highest(index_numbers.scan(project.content) + self._draft_numbers())
        serial = index_numbers.next_serial(used, code, parsed[1])
        if serial is None:
            return text, [ContentError(path, f"{parsed[1]} 年的索引号流水号已用完", "索引号不能重复使用，请联系政务公开办。",
                                       field="索引号")]
        return _with_number(text, index_numbers.format_number(code, parsed[1], serial)), []

    def _numbers_in_use(self, project: Project, path: str) -> set[str]:
        """The 索引号 of every other document: files of content/ (loadable or not, revoked too) and drafts."""
        own = self._content_uri(project, path)
        taken = set()
        for uri in project.content.markdown():
            if uri != own and (number := documents.declared_number(_read_text(project.content_dir / uri) or "")):
                taken.add(number)
        for draft_path, text in self._drafts():
            if draft_path != path and (number := documents.declared_number(text)):
                taken.add(number)
        return taken

    def _code_for(self, project: Project, path: str, text: str) -> str | None:
        """The 机构代码 its 索引号 must start with: of its 发布机构 when one is given, else of its folder's."""
        org = project.tree.owner_of(self._content_uri(project, path))
        meta, offset = markdown.split_front_matter(text)
        data = yamlfile.load(meta, path, ErrorCollector(), line_offset=offset) if meta else None
        chosen = data.get("发布机构") if isinstance(data, dict) else None
        if isinstance(chosen, str) and chosen in project.tree.orgs:
            org = project.tree.orgs[chosen]
        return org.code if org else None

    # --- uploads -----------------------------------------------------------------------------------------------

    def persist_media(self, params: dict) -> dict | None:
        """None: forward; a dict: decap-server's answer for a file already there with this content."""
        asset = params.get("asset") if isinstance(params.get("asset"), dict) else {}
        path, content = asset.get("path"), _decoded(asset)
        problems = self._upload_problems(self._project(), path, content)
        if problems:
            raise Refusal("上传", problems)
        if (self.root / path).is_file():  # the same bytes (else refused above): nothing to write or commit
            return {"id": hashlib.sha256(content).hexdigest(), "content": asset["content"], "encoding": "base64",
                    "path": path, "name": posixpath.basename(path)}
        return None

    def media_saved(self, params: dict) -> None:
        self.uploaded.add(params["asset"]["path"])

    def _upload_problems(self, project: Project, path, content: bytes | None) -> list[ContentError]:
        where = path if isinstance(path, str) else "content/"
        if not isinstance(path, str) or not _clean(path):
            return [ContentError(where, "附件路径不对", "在文件表单的“附件”一栏上传附件。")]
        problem = self._attachment_problem(project, path)
        if problem:
            return [problem]
        if content is None:
            return [ContentError(path, "附件内容无法读取", "重新选择文件上传。")]
        existing = self.root / path
        if existing.exists() and (not existing.is_file() or existing.read_bytes() != content):
            return [ContentError(path, f"已有同名的附件“{posixpath.basename(path)}”，上传会替换已发布的附件",
                                 "先把要上传的文件改一个名字（如加上日期或序号），再上传；已发布的附件不会被替换。")]
        return []

    def _attachment_problem(self, project: Project, path: str) -> ContentError | None:
        """Why ``path`` is no place for an attachment (None: it is one)."""
        name = posixpath.basename(path)
        extension = name.rpartition(".")[2].lower() if "." in name else ""
        if not self._in_content(project, path):
            return ContentError(path, "附件只能保存在 content/ 中", "在文件表单的“附件”一栏上传附件。")
        uri = self._content_uri(project, path)
        folder = posixpath.dirname(uri)
        owner = project.tree.owner_of(uri)
        if posixpath.basename(folder) != ATTACHMENTS or owner is None or folder in project.tree.by_folder:
            return ContentError(path, f"附件要放在文件旁的 {ATTACHMENTS} 文件夹中（这里不是某个单位的附件文件夹）",
                                "打开要加附件的文件，在它的“附件”一栏上传；不要在“媒体”页面直接上传。")
        if name.startswith("."):
            return ContentError(path, f"附件文件名“{name}”以点开头（或只有扩展名），网站不会发布这样的文件",
                                "先把文件改名（用字母或数字，如 jianchajilubiao.pdf），再上传。")
        if any(part.startswith((".", "_")) for part in uri.split("/")):
            return ContentError(path, "附件不能放在以点或下划线开头的文件夹中", "在文件表单的“附件”一栏上传附件。")
        if extension not in ATTACHMENT_TYPES:
            return ContentError(path, f"不能上传 .{extension or '（无扩展名）'} 文件作为附件",
                                f"附件可以是：{'、'.join(ATTACHMENT_TYPES)}；其他文件请先转换（如另存为 PDF）。")
        return None

    # --- deletions ---------------------------------------------------------------------------------------------

    def delete(self, paths: list) -> None:
        """Refuse unless every path is this run's own upload that no document names."""
        project = self._project()
        problems = []
        for path in paths:
            problems += self._delete_problems(project, path)
        if problems:
            raise Refusal("删除", problems)

    def deleted(self, paths: list) -> None:
        self.uploaded -= set(paths)

    def _delete_problems(self, project: Project, path) -> list[ContentError]:
        if not isinstance(path, str) or not _clean(path) or not self._in_content(project, path):
            return [ContentError(path if isinstance(path, str) else "content/", "表单只能删除刚刚上传的附件",
                                 "网站的其他文件不能在表单中删除。")]
        name = posixpath.basename(path)
        if name.endswith(".md"):
            return [ContentError(path, "文件不能删除，请用“撤销”", _REVOKE)]
        if self._attachment_problem(project, path) is not None:
            return [ContentError(path, f"“{name}”不是附件，不能在表单中删除",
                                 "单位信息（_org.yml）、年报数据等由政务公开办修改；表单只能删除刚刚上传、还没有被引用的附件。")]
        users = self._documents_naming(project, name)
        if users:
            return [ContentError(path, f"附件被 {'、'.join(users[:3])}{' 等' if len(users) > 3 else ''} 引用，不能删除",
                                 "要换附件时，用新的文件名上传新附件，并在文件的“附件”一栏改为新附件；已发布的附件保留。")]
        if path not in self.uploaded:
            return [ContentError(path, "已发布的附件不能在表单中删除",
                                 "要换附件时，用新的文件名上传新附件，并在文件的“附件”一栏改为新附件。")]
        return []

    def _documents_naming(self, project: Project, name: str) -> list[str]:
        """Documents (on disk and in drafts) whose text names the file (附件 or a link): a plain text match,
        so a name merely mentioned also keeps the file."""
        found = []
        for uri in project.content.markdown():
            if name in (_read_text(project.content_dir / uri) or ""):
                found.append(f"{self._content_prefix(project)}{uri}")
        found += [f"{path}（草稿）" for path, text in self._drafts() if name in text]
        return found

    # --- listings ----------------------------------------------------------------------------------------------

    def media_listing(self, files) -> list:
        """decap-server's getMedia answer, attachments only."""
        if not isinstance(files, list):
            return files
        project = self._project()
        return [f for f in files if isinstance(f, dict) and isinstance(f.get("path"), str) and _clean(f["path"])
                and self._attachment_problem(project, f["path"]) is None]

    # --- editorial workflow (git mode) --------------------------------------------------------------------

    def publish(self, params: dict) -> None:
        """Before a draft branch is merged into ``branch``: its documents load on top of ``branch``."""
        if not self.git:
            return
        draft = f"cms/{params.get('collection')}/{params.get('slug')}"
        base = params.get("branch") or "main"
        changed = self._git("diff", "--name-only", "-z", "--no-renames", f"{base}...{draft}")
        if changed is None:
            return  # no such branch: decap-server answers for it
        paths = [p for p in changed.split("\0") if p]
        project = self._project()
        present = frozenset(self._content_uri(project, p) for p in paths if self._in_content(project, p))
        problems = []
        for path in paths:
            if not path.endswith(".md"):
                continue
            text = self._git("show", f"{draft}:{path}")
            if text is None:
                continue  # deleted on the draft: decap-server never does that
            found = self._entry_path_problems(project, path)
            held = documents.declared_number(_read_text(self.root / path) or "")
            if not found and held and held != documents.declared_number(text):
                found = [ContentError(path, f"草稿改动了已发布文件的索引号（{held}）", "索引号一经发布不再改变：在草稿中改回原索引号。",
                                      field="索引号")]
            problems += found or self._check_one(project, self._content_uri(project, path), text, present)
        if problems:
            raise Refusal("发布", problems)

    # --- what is on disk and on draft branches ---------------------------------------------------------

    def _check_one(self, project: Project, uri: str, text: str, present: frozenset[str]) -> list[ContentError]:
        """The build's errors for this document: loading it (``documents.load_one``), then the checks of
        one document that fail a build (``ONE_DOCUMENT_CHECKS`` set to error)."""
        cache = FrontMatterStore(Path(self.scratch.name) / "front-matter.pickle")
        doc, found = documents.load_one(project.content, project.root, project.tree, project.catalog, project.columns,
                                        uri, text, present=present, cache=cache)
        cache.save()
        if doc is None:
            return found
        settings = rules.settings(((read_settings(self.root / "mkdocs.yml").get("extra") or {}).get("gov") or {})
                                        .get("checks"), ErrorCollector())
        site = Site(project.catalog, project.tree, project.columns, [] if doc.is_revoked else [doc],
                    [doc] if doc.is_revoked else [], project.content)
        context = Context(site, self.as_of or settings.as_of or datetime.date.today(), settings, None, project.root, project.content_dir)
        return [ContentError(f.file, f.message, rules.RULES_BY_ID[f.rule].doc, field=f.field or "")
                for module in ONE_DOCUMENT_CHECKS for f in module.check(context)
                if settings.severity[f.rule] == "error"]

    def _project(self) -> Project:
        return Project.load(self.root / "mkdocs.yml")  # read again each time: catalog and _org.yml may change

    def _content_prefix(self, project: Project) -> str:
        return project.content_dir.relative_to(project.root).as_posix() + "/"

    def _in_content(self, project: Project, path: str) -> bool:
        return path.startswith(self._content_prefix(project)) and len(path) > len(self._content_prefix(project))

    def _content_uri(self, project: Project, path: str) -> str:
        return path[len(self._content_prefix(project)):]

    def _draft_text(self, params: dict, options: dict, path: str) -> str | None:
        """The entry's text on its own draft branch (editorial workflow), if it has one."""
        if not (self.git and options.get("useWorkflow")):
            return None
        files = params.get("dataFiles") or [params.get("entry") or {}]
        slug = files[0].get("slug") if files and isinstance(files[0], dict) else None
        if not slug or not options.get("collectionName"):
            return None
        return self._git("show", f"cms/{options['collectionName']}/{slug}:{path}")

    def _drafts(self) -> list[tuple[str, str]]:
        """(path, text) of every Markdown file a draft branch (cms/*) changes."""
        if not self.git:
            return []
        out = []
        branches = self._git("for-each-ref", "--format=%(refname:short)", CMS_BRANCHES) or ""
        for draft in branches.split():
            base = self._git("merge-base", "HEAD", draft)
            changed = self._git("diff", "--name-only", "-z", "--no-renames", (base or "").strip() or "HEAD", draft) or ""
            for path in changed.split("\0"):
                if path.endswith(".md") and (text := self._git("show", f"{draft}:{path}")) is not None:
                    out.append((path, text))
        return out

    def _draft_numbers(self) -> list[tuple[str, int, int]]:
        return [n for _, text in self._drafts() for n in index_numbers.numbers_in(text)]

    def _git(self, *args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(self.root), *args], capture_output=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None

    # --- one request -------------------------------------------------------------------------------------------

    def handle(self, request: dict, forward: Callable[[dict], Answer]) -> Answer:
        """Check one ``{action, params}`` request and forward it (``forward``: to decap-server, as given)
        or answer it here: a refusal (422, ``{"error": …}``), or a filtered listing."""
        action = request.get("action")
        params = request.get("params") if isinstance(request.get("params"), dict) else {}
        if action == "info" or self.git is None:  # Decap asks first; a guard restarted meanwhile asks itself
            info = forward(request if action == "info" else {"action": "info"})
            if info.status == 200 and isinstance(info.json(), dict):
                self.git = info.json().get("type") == "local_git"
            if action == "info":
                return info
        try:
            if action == "persistEntry":
                checked = self.persist_entry(params)
                answer = forward(request if checked == params else dict(request, params=checked))
                if answer.status == 200:
                    self.entry_saved(checked, params)
                return answer
            if action == "persistMedia":
                done = self.persist_media(params)
                if done is not None:
                    return Answer.of(200, done)
                answer = forward(request)
                if answer.status == 200:
                    self.media_saved(params)
                return answer
            if action in ("deleteFile", "deleteFiles"):
                paths = [params.get("path")] if action == "deleteFile" else params.get("paths")
                paths = paths if isinstance(paths, list) else [paths]
                self.delete(paths)
                answer = forward(request)
                if answer.status == 200:
                    self.deleted(paths)
                return answer
            if action == "publishUnpublishedEntry":
                self.publish(params)
            answer = forward(request)
            if action == "getMedia" and answer.status == 200:
                listing = answer.json()
                kept = self.media_listing(listing)
                if kept != listing:
                    return Answer.of(200, kept, cors=answer.headers)
            return answer
        except Refused as refusal:
            return Answer.of(REFUSED_STATUS, {"error": str(refusal)})


@dataclass
class Answer:
    """An HTTP answer: decap-server's as it came (``headers`` all of its own), or the guard's
    (``own``: JSON; ``headers`` then only decap-server's CORS headers, when known)."""

    status: int
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)
    own: bool = False

    @classmethod
    def of(cls, status: int, data, *, cors: list[tuple[str, str]] = ()) -> Answer:
        kept = [(k, v) for k, v in cors if k.lower().startswith("access-control-") or k.lower() == "vary"]
        return cls(status, json.dumps(data, ensure_ascii=False).encode("utf-8"),
                   kept + [("Content-Type", "application/json; charset=utf-8")], own=True)

    def json(self):
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None


def _clean(path: str) -> bool:
    """A repository-relative path with no '..', '.', empty or absolute parts (decap-server's own check
    only keeps it inside the repository)."""
    return bool(path) and "\\" not in path and "\0" not in path and posixpath.normpath(path) == path \
        and not path.startswith(("/", "../")) and path != ".."


def _decoded(asset) -> bytes | None:
    if not isinstance(asset, dict) or asset.get("encoding") != "base64" or not isinstance(asset.get("content"), str):
        return None
    try:
        return base64.b64decode(asset["content"], validate=True)
    except (binascii.Error, ValueError):
        return None


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None


def _with_number(text: str, number: str) -> str:
    """``text`` with the 索引号 of its front matter replaced (the rest byte for byte)."""
    match = markdown.FRONT_MATTER.match(text)
    if not match or match.group(1) is None:
        return text
    start, end = match.span(1)
    meta = _NUMBER_LINE.sub(lambda m: f"{m[1]}{number}{m[3] or ''}", match.group(1), count=1)
    return text[:start] + meta + text[end:]


# --- the HTTP server ---------------------------------------------------------------------------------------


class _Unreachable(Exception):
    """decap-server did not answer."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # forwarded as decap-server answered it


@dataclass
class Upstream:
    """decap-server, on this machine."""

    port: int
    host: str = "127.0.0.1"

    def __post_init__(self) -> None:
        # No proxy from the environment (http_proxy would otherwise catch 127.0.0.1) and no redirects.
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)

    def send(self, method: str, path: str, headers: list[tuple[str, str]], body: bytes | None) -> Answer:
        """decap-server's answer (any status: errors are answers too)."""
        request = urllib.request.Request(f"http://{self.host}:{self.port}{path}", data=body, method=method,
                                         headers={k: v for k, v in headers if k.lower() not in _HOP_BY_HOP})
        try:
            with self.opener.open(request, timeout=UPSTREAM_TIMEOUT) as response:
                return Answer(response.status, response.read(), response.headers.items())
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, error.read(), error.headers.items())


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as decap-server (Express) answers
    server: GuardServer

    def do_POST(self) -> None:
        body = self._body()
        if body is None:
            return
        try:
            request = json.loads(body) if self.path.partition("?")[0] == API_PATH else None
        except ValueError:
            request = None
        if not isinstance(request, dict):
            return self._relay(body)  # another route, or a malformed request: decap-server answers it
        headers = self.headers.items()

        def forward(checked: dict) -> Answer:
            data = body if checked is request else json.dumps(checked, ensure_ascii=False).encode("utf-8")
            try:
                return self.server.upstream.send("POST", self.path, headers, data)
            except OSError as error:  # (URLError too): not answered; what the guard knows is unchanged
                raise _Unreachable from error

        try:
            with self.server.lock_for(request.get("action")):
                answer = self.server.guard.handle(request, forward)
        except _Unreachable:
            return self._unavailable()
        except Exception:  # a fault of the guard itself: refuse (nothing forwarded), say where to look
            traceback.print_exc()
            answer = Answer.of(INTERNAL_STATUS, {"error": "表单编辑器守护出错，未保存：请把运行 make cms 的终端中的信息发给维护人员。"})
        if answer.status == REFUSED_STATUS and answer.own:
            print(f"已拒绝 {request.get('action')}：{answer.json().get('error')}", file=sys.stderr, flush=True)
        if answer.own and not any(k.lower().startswith("access-control-") for k, _ in answer.headers):
            answer.headers = self._cors() + answer.headers
        self._send(answer)

    def do_GET(self) -> None:
        body = self._body()
        if body is not None:
            self._relay(body)

    do_HEAD = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    def _body(self) -> bytes | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self._send(Answer.of(413, {"error": f"一次上传的内容太大（最多 {MAX_BODY_BYTES // 1_000_000} MB）：附件请分几次上传。"}))
            return None
        return self.rfile.read(length) if length else b""

    def _relay(self, body: bytes) -> None:
        try:
            answer = self.server.upstream.send(self.command, self.path, self.headers.items(),
                                               body if body or self.command in ("POST", "PUT", "PATCH") else None)
        except OSError:
            return self._unavailable()
        self._send(answer)

    def _cors(self) -> list[tuple[str, str]]:
        """decap-server's CORS headers for this request's origin (its answer to ``info``: the ORIGIN it
        was started with decides), for an answer of the guard's own."""
        try:
            headers = self.server.upstream.send("POST", API_PATH, self.headers.items(), b'{"action":"info"}').headers
        except OSError:
            return []
        return [(k, v) for k, v in headers if k.lower().startswith("access-control-") or k.lower() == "vary"]

    def _send(self, answer: Answer) -> None:
        self.send_response(answer.status)
        length = str(len(answer.body))
        for key, value in answer.headers:
            if self.command == "HEAD" and key.lower() == "content-length":
                length = value  # the length of what GET would answer
            elif key.lower() not in _HOP_BY_HOP and key.lower() not in ("date", "server"):
                self.send_header(key, value)
        self.send_header("Content-Length", length)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    def _unavailable(self) -> None:
        self._send(Answer.of(UNAVAILABLE_STATUS, {
            "error": "表单编辑器的后台（decap-server）没有响应：稍等几秒再试；仍不行请重新运行 make cms。"}))

    def log_message(self, format: str, *args) -> None:
        pass  # refusals are printed (Chinese); decap-server logs the requests


class GuardServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # Decap opens a list with several requests at once

    def __init__(self, address: tuple[str, int], guard: Guard, upstream: Upstream) -> None:
        super().__init__(address, _Handler)
        self.guard, self.upstream = guard, upstream
        self.serial = threading.Lock()  # checks and writes, one at a time

    def lock_for(self, action: str | None):
        """Writes are checked and forwarded one at a time; in git mode every request is (decap-server
        checks branches out in the working tree the guard reads)."""
        if action in _WRITING or (self.guard.git is not False and action is not None):
            return self.serial
        return contextlib.nullcontext()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govsite.tools.cms_guard",
                                     description="表单编辑器的守护：检查后再转给 decap-server。")
    parser.add_argument("--port", type=int, default=8081, help="本服务的端口（Decap CMS 的 local_backend）")
    parser.add_argument("--upstream", type=int, default=8082, help="decap-server 的端口")
    parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认只在本机）")
    parser.add_argument("--root", default=".", help="项目文件夹（含 mkdocs.yml；decap-server 的 GIT_REPO_DIRECTORY）")
    parser.add_argument("--check", action="store_true",
                        help="只检查项目文件夹和检查日期（GOV_AS_OF）后退出：make cms 在启动各服务之前运行")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    if not (root / "mkdocs.yml").is_file():
        print(f"找不到 {root / 'mkdocs.yml'}：--root 应为项目文件夹。", file=sys.stderr)
        return 1
    errors = ErrorCollector()
    as_of = checks.environment_date(os.environ.get(checks.AS_OF_ENV), errors)  # read once, where the run starts
    if errors.errors:
        print("\n".join(e.format() for e in errors.errors), file=sys.stderr)
        return 1
    if args.check:
        return 0
    upstream = Upstream(args.upstream)
    server = GuardServer((args.host, args.port), Guard(root, as_of=as_of), upstream)
    print(f"表单编辑器守护：http://{args.host}:{args.port}{API_PATH} → decap-server {upstream.host}:{upstream.port}",
          file=sys.stderr, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `make cms` stops it with kill: clean up as for Ctrl-C
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.guard.scratch.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
