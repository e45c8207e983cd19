"""The form editor's guard (govsite.tools.cms_guard) running in front of the real decap-server 3.11, in its
file mode and in its git mode (the editorial workflow: one cms/<collection>/<slug> branch per draft), on a
copy of the example county. Requests are shaped as Decap CMS 3.16's proxy backend sends them (captured from
Chromium); the files on disk (and the branches) are asserted after every request. The first test sends the
same damaging request straight to decap-server, as the control: without the guard, the damage is done."""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from govsite.model import documents, index_numbers
from govsite.tools.project import Project

from conftest import EXAMPLE, ROOT

DECAP_SERVER = ROOT / "node_modules" / ".bin" / "decap-server"
ORIGIN = "http://127.0.0.1:8000"  # the preview's admin/ page
ORG = "content/townships/chengguan"  # 城关镇
CODE = "11522799MB1B00010Q"
ATTACHMENT = "content/departments/caizheng/2024/files/2023-juesuan.pdf"
REFERRER = "content/departments/caizheng/2024"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post(port: int, action: str, params: dict) -> tuple[int, object, dict]:
    """(status, JSON, headers) of ``{action, params}`` sent as Decap's proxy backend sends it."""
    body = json.dumps({"branch": "main", "action": action, "params": {"branch": "main", **params}}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1", data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "Origin": ORIGIN})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read() or b"null"), dict(error.headers)


def entry(path: str, raw: str, *, new: bool, workflow: bool, assets=(), collection: str = "chengguan") -> dict:
    slug = path.rsplit("/", 1)[-1].removesuffix(".md")
    slug = f"{path.rsplit('/', 2)[-2]}/{slug}" if path.rsplit("/", 2)[-2].isdigit() else slug
    return {"dataFiles": [{"path": path, "slug": slug, "raw": raw}], "assets": list(assets),
            "options": {"newEntry": new, "commitMessage": f"{'Create' if new else 'Update'} 文件 “{slug}”",
                        "collectionName": collection, "useWorkflow": workflow, "hasSubfolders": True,
                        "unpublished": False, "status": "draft"}}


def asset(path: str, content: bytes) -> dict:
    return {"path": path, "content": base64.b64encode(content).decode(), "encoding": "base64"}


def new_document(number: str, title: str = "城关镇关于做好冬季防火工作的通知", column: str = "fdzdgk-33") -> str:
    return (f"---\n标题: {title}\n栏目: {column}\n成文日期: 2026-11-20\n发布日期: 2026-11-20\n"
            f"主题分类: 综合政务\\政务公开\n有效性: 有效\n索引号: {number}\n---\n正文。\n")


def _git(project: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, text=True).stdout


class Preview:
    """decap-server on a copy of the example county, the guard in front of it."""

    def __init__(self, project: Path, mode: str) -> None:
        self.project, self.mode, self.workflow = project, mode, mode == "git"
        self.decap, self.guard = _free_port(), _free_port()
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        self.processes = [
            subprocess.Popen([str(DECAP_SERVER)], cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                             env=dict(env, MODE=mode, BIND_HOST="127.0.0.1", PORT=str(self.decap),
                                      GIT_REPO_DIRECTORY=str(project))),
            subprocess.Popen([sys.executable, "-m", "govsite.tools.cms_guard", "--port", str(self.guard),
                              "--upstream", str(self.decap), "--root", str(project)], cwd=project,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env=dict(env, PYTHONPATH=str(ROOT / "hooks"))),
        ]
        deadline = time.monotonic() + 60
        while True:
            try:
                if post(self.guard, "info", {})[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            assert time.monotonic() < deadline, "the guard or decap-server did not start"
            time.sleep(0.2)

    def stop(self) -> str:
        for process in self.processes:
            process.send_signal(signal.SIGINT)
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        return self.processes[1].stderr.read().decode("utf-8", "replace")

    def file(self, path: str) -> Path:
        return self.project / path

    def numbers(self) -> dict[tuple[str, int], int]:
        """The highest serials ever written (index_numbers: what make new counts), drafts included."""
        project = Project.load(self.project / "mkdocs.yml")
        found = index_numbers.scan(project.content)
        if self.workflow:
            for branch in _git(self.project, "for-each-ref", "--format=%(refname:short)", "refs/heads/cms/").split():
                for path in _git(self.project, "diff", "--name-only", f"main...{branch}").split():
                    if path.endswith(".md"):
                        found += index_numbers.numbers_in(_git(self.project, "show", f"{branch}:{path}"))
        return index_numbers.highest(found)

    def saved(self, path: str, slug: str) -> str | None:
        """A document's text where the mode saves it: the file (fs) or its draft branch (git)."""
        if not self.workflow:
            return self.file(path).read_text(encoding="utf-8") if self.file(path).exists() else None
        try:
            return _git(self.project, "show", f"cms/chengguan/{slug}:{path}")
        except subprocess.CalledProcessError:
            return None


@pytest.fixture(params=["fs", "git"], scope="module")
def preview(request, tmp_path_factory):
    assert DECAP_SERVER.exists(), "npm ci (make setup) installs decap-server"
    project = tmp_path_factory.mktemp(f"guard-{request.param}") / "county"
    for name in ("content", "catalog"):
        shutil.copytree(EXAMPLE / name, project / name)
    for name in ("mkdocs.yml", "govsite.yml"):
        shutil.copy((EXAMPLE if name == "mkdocs.yml" else ROOT) / name, project / name)
    if request.param == "git":
        _git(project, "init", "-q", "-b", "main")
        _git(project, "config", "user.name", "编辑")
        _git(project, "config", "user.email", "editor@example.gov.cn")
        _git(project, "add", "-A")
        _git(project, "commit", "-qm", "示例县")
    running = Preview(project, request.param)
    yield running
    log = running.stop()
    assert "Traceback" not in log, log


def _tree(project: Path) -> dict[str, bytes]:
    content = project / "content"
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in content.rglob("*") if p.is_file()}


def _branches(project: Path) -> str:
    return _git(project, "branch", "--list", "cms/*") if (project / ".git").exists() else ""


def test_a_form_holding_another_documents_values_overwrites_nothing(preview):
    files = sorted(p for p in (preview.project / ORG).rglob("*.md") if "/_" not in p.as_posix())
    target, other = (f.relative_to(preview.project).as_posix() for f in files[:2])
    original = preview.file(target).read_bytes()
    foreign = preview.file(other).read_text(encoding="utf-8")
    request = entry(target, foreign, new=False, workflow=False)
    before = _tree(preview.project)
    status, answer, headers = post(preview.guard, "persistEntry", request)
    assert status == 422 and "覆盖另一篇" in answer["error"] and "字段“索引号”" in answer["error"]
    assert headers.get("Access-Control-Allow-Origin") == ORIGIN  # the browser may read the refusal
    assert _tree(preview.project) == before
    # the control: straight to decap-server, the other document's values replace this one
    status, _, _ = post(preview.decap, "persistEntry", request)
    assert status == 200 and preview.file(target).read_text(encoding="utf-8") == foreign
    post(preview.decap, "persistEntry", entry(target, original.decode("utf-8"), new=False, workflow=False))
    assert preview.file(target).read_bytes() == original


def test_two_forms_opened_together_get_two_numbers(preview):
    """Both forms show the provisional number of admin/config.yml; each is final once saved."""
    highest = preview.numbers().get((CODE, 2026), 0)
    provisional = index_numbers.format_number(CODE, 2026, highest + 1)
    first, second = f"{ORG}/2026/20261120-090000.md", f"{ORG}/2026/20261120-090500.md"
    for path in (first, second):
        status, answer, _ = post(preview.guard, "persistEntry",
                                 entry(path, new_document(provisional), new=True, workflow=preview.workflow))
        assert status == 200, answer
    one = preview.saved(first, "2026/20261120-090000")
    two = preview.saved(second, "2026/20261120-090500")
    assert documents.declared_number(one) == provisional
    assert documents.declared_number(two) == index_numbers.format_number(CODE, 2026, highest + 2)
    assert two == new_document(index_numbers.format_number(CODE, 2026, highest + 2))  # nothing else changed
    if preview.workflow:  # drafts: on their branches only, main untouched
        assert not preview.file(first).exists() and not preview.file(second).exists()
        assert "cms/chengguan/2026/20261120-090000" in _branches(preview.project)


def test_a_document_the_build_refuses_is_not_saved(preview):
    before, branches = _tree(preview.project), _branches(preview.project)
    number = index_numbers.format_number(CODE, 2026, preview.numbers().get((CODE, 2026), 0) + 1)
    wrong = new_document(number, column="xxgk-nianbao").replace("主题分类: 综合政务\\政务公开", "主题分类: 政务")
    status, answer, _ = post(preview.guard, "persistEntry",
                             entry(f"{ORG}/2026/20261120-100000.md", wrong, new=True, workflow=preview.workflow))
    assert status == 422
    assert "字段“主题分类”" in answer["error"] and "修改办法" in answer["error"] and "20261120-100000.md" in answer["error"]
    # an attachment named 检查记录表.pdf: Decap (slug encoding ascii) sends files/.pdf
    with_file = new_document(number).replace("---\n正文", "附件:\n  - 名称: 检查记录表\n    文件: files/.pdf\n---\n正文")
    status, answer, _ = post(preview.guard, "persistEntry", entry(
        f"{ORG}/2026/20261120-100500.md", with_file, new=True, workflow=preview.workflow,
        assets=[asset(f"{ORG}/2026/files/.pdf", b"%PDF-1.4 jiancha\n")]))
    assert status == 422 and "files/.pdf" in answer["error"] and "改名" in answer["error"]
    assert _tree(preview.project) == before and _branches(preview.project) == branches  # neither entry nor asset


def test_uploads_never_replace_a_published_attachment(preview):
    original = preview.file(ATTACHMENT).read_bytes()
    head = _git(preview.project, "rev-parse", "HEAD") if preview.workflow else ""
    status, answer, _ = post(preview.guard, "persistMedia", {"asset": asset(ATTACHMENT, b"%PDF-1.4 other\n"),
                                                             "options": {"commitMessage": "Upload"}})
    assert status == 422 and "改一个名字" in answer["error"] and ATTACHMENT in answer["error"]
    assert preview.file(ATTACHMENT).read_bytes() == original
    status, answer, _ = post(preview.guard, "persistMedia", {"asset": asset(ATTACHMENT, original),
                                                             "options": {"commitMessage": "Upload"}})
    assert status == 200 and answer["path"] == ATTACHMENT  # the same file again: nothing to do
    if preview.workflow:
        assert _git(preview.project, "rev-parse", "HEAD") == head  # no commit either


def test_nothing_published_is_deleted_and_a_mistaken_upload_may_be(preview):
    published = [f"{ORG}/_org.yml", ATTACHMENT, sorted(p.relative_to(preview.project).as_posix()
                                                       for p in (preview.project / ORG).rglob("*.md"))[0]]
    before = _tree(preview.project)
    status, answer, _ = post(preview.guard, "deleteFiles", {"paths": published, "options": {"commitMessage": "Delete"}})
    assert status == 422 and _tree(preview.project) == before
    assert "不是附件" in answer["error"] and "引用" in answer["error"] and "文件不能删除，请用“撤销”" in answer["error"]
    mistaken = f"{REFERRER}/files/cuo-wu-shang-chuan.pdf"
    status, _, _ = post(preview.guard, "persistMedia", {"asset": asset(mistaken, b"%PDF-1.4 oops\n"),
                                                        "options": {"commitMessage": "Upload"}})
    assert status == 200 and preview.file(mistaken).exists()
    status, answer, _ = post(preview.guard, "deleteFiles", {"paths": [mistaken], "options": {"commitMessage": "Delete"}})
    assert status == 200, answer
    assert not preview.file(mistaken).exists() and _tree(preview.project) == before


def test_the_media_picker_lists_attachments_only(preview):
    status, listing, _ = post(preview.guard, "getMedia", {"mediaFolder": ORG})  # a new document's picker
    assert status == 200 and listing == []
    status, listing, _ = post(preview.decap, "getMedia", {"mediaFolder": ORG})  # decap-server offers _org.yml
    assert "_org.yml" in [f["name"] for f in listing]
    status, listing, _ = post(preview.guard, "getMedia", {"mediaFolder": f"{REFERRER}/files"})
    assert status == 200 and sorted(f["name"] for f in listing) == ["2023-juesuan.pdf", "2024-yusuan.xlsx"]


def test_everything_else_is_forwarded_unchanged(preview):
    def preflight(port):
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1", method="OPTIONS", headers={
            "Origin": ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=10) as response:
            return response.status, {k: v for k, v in response.headers.items() if k.lower().startswith("access-control-")}

    assert preflight(preview.guard) == preflight(preview.decap)
    assert preflight(preview.guard)[1]["Access-Control-Allow-Origin"] == ORIGIN
    listing = {"folder": ORG, "extension": "md", "depth": 2}
    assert post(preview.guard, "entriesByFolder", listing)[:2] == post(preview.decap, "entriesByFolder", listing)[:2]
    assert post(preview.guard, "info", {})[:2] == post(preview.decap, "info", {})[:2]


def test_a_draft_is_checked_again_when_it_is_published(preview):
    if not preview.workflow:
        pytest.skip("decap-server's file mode has no editorial workflow")
    highest = preview.numbers().get((CODE, 2026), 0)
    number = index_numbers.format_number(CODE, 2026, highest + 1)
    path, slug = f"{ORG}/2026/20261121-080000.md", "2026/20261121-080000"
    assert post(preview.guard, "persistEntry", entry(path, new_document(number), new=True, workflow=True))[0] == 200
    # meanwhile someone commits a document with that number straight to main
    stray = preview.file(f"{ORG}/2026/shou-gong.md")
    stray.parent.mkdir(exist_ok=True)
    stray.write_text(new_document(number, title="城关镇手工提交的文件"), encoding="utf-8")
    _git(preview.project, "add", "-A")
    _git(preview.project, "commit", "-qm", "手工提交")
    status, answer, _ = post(preview.guard, "publishUnpublishedEntry", {"collection": "chengguan", "slug": slug})
    assert status == 422 and "重复" in answer["error"] and "字段“索引号”" in answer["error"]
    assert not preview.file(path).exists() and f"cms/chengguan/{slug}" in _branches(preview.project)
    _git(preview.project, "rm", "-q", stray.relative_to(preview.project).as_posix())
    _git(preview.project, "commit", "-qm", "撤回手工提交")
    status, answer, _ = post(preview.guard, "publishUnpublishedEntry", {"collection": "chengguan", "slug": slug})
    assert status == 200, answer
    assert documents.declared_number(preview.file(path).read_text(encoding="utf-8")) == number
    assert f"cms/chengguan/{slug}" not in _branches(preview.project)
