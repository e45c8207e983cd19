"""The form editor's guard (govsite.tools.cms_guard), in-process on a copy of the mini county: requests as
Decap CMS sends them (``params`` of ``{action, params}``), each rule's refusal in Chinese with file,
field and fix, a taken provisional 索引号 replaced, and what is forwarded. The real guard in front of the
real decap-server: tests/build/test_cms_guard_build.py."""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from govsite.model import documents
from govsite.tools import cms_guard
from govsite.tools.cms_guard import Answer, Guard, Refusal

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "mini"
NONGYE = "11522799MB10000299"  # departments/nongye: 2019-00001 (old.md), 2025-00001 (zhengce), 2025-00002 (jiedu)
FOLDER = "content/departments/nongye"

NEW = f"""---
标题: 小县2025年扶贫项目资金公示
栏目: fupin-01
成文日期: 2025-06-02
发布日期: 2025-06-03
主题分类: 民政、扶贫、救灾\\扶贫
索引号: {NONGYE}/2025-00001
---
正文。
"""


@pytest.fixture
def county(tmp_path) -> Path:
    project = tmp_path / "county"
    shutil.copytree(FIXTURE, project)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


@pytest.fixture
def guard(county) -> Guard:
    return Guard(county, git=False)  # (None: asks decap-server's info first)


def entry(path: str, raw: str, *, new: bool = False, assets=(), **extra) -> dict:
    """persistEntry's params as Decap CMS 3.16's proxy backend sends them (simple publish mode)."""
    return {"branch": "main", "dataFiles": [{"path": path, "slug": Path(path).stem, "raw": raw, **extra}],
            "assets": list(assets), "cmsLabelPrefix": None,
            "options": {"newEntry": new, "commitMessage": "Create 文件", "collectionName": "nongye",
                        "useWorkflow": False, "hasSubfolders": True, "unpublished": False, "status": "draft"}}


def asset(path: str, content: bytes) -> dict:
    return {"path": path, "content": base64.b64encode(content).decode(), "encoding": "base64"}


def refusal(call, *args) -> str:
    with pytest.raises(Refusal) as caught:
        call(*args)
    return str(caught.value)


def saved_raw(params: dict) -> str:
    return params["dataFiles"][0]["raw"]


# --- persistEntry ------------------------------------------------------------------------------------------


def test_a_form_holding_another_documents_values_is_not_saved_over_it(county, guard):
    """Going from one entry to another keeps the first in the form: its 索引号 is not the file's."""
    jiedu = (county / FOLDER / "jiedu.md").read_text(encoding="utf-8")
    message = refusal(guard.persist_entry, entry(f"{FOLDER}/zhengce.md", jiedu))
    assert f"{FOLDER}/zhengce.md" in message and "字段“索引号”" in message
    assert f"{NONGYE}/2025-00001" in message and "覆盖另一篇" in message and "修改办法" in message


def test_an_edit_of_the_file_itself_passes_unchanged(county, guard):
    zhengce = (county / FOLDER / "zhengce.md").read_text(encoding="utf-8").replace("标题: ", "标题: 修订：")
    params = entry(f"{FOLDER}/zhengce.md", zhengce)
    assert guard.persist_entry(params) == params


def test_a_new_entry_never_lands_on_an_existing_file(county, guard):
    zhengce = (county / FOLDER / "zhengce.md").read_text(encoding="utf-8")
    message = refusal(guard.persist_entry, entry(f"{FOLDER}/zhengce.md", zhengce, new=True))
    assert "新建的文件与已有的文件同名" in message


def test_a_taken_provisional_number_becomes_the_next_free_one(county, guard):
    """Two forms opened before either is saved show the same number: the second saved gets the next."""
    params = guard.persist_entry(entry(f"{FOLDER}/2025/new.md", NEW, new=True))
    raw = saved_raw(params)
    assert documents.declared_number(raw) == f"{NONGYE}/2025-00003"  # after the highest of 2025 (00002)
    assert raw == NEW.replace("2025-00001", "2025-00003")  # nothing else changed
    guard.entry_saved(params, entry(f"{FOLDER}/2025/new.md", NEW, new=True))
    # Saved, the form may still show the number it was opened with: saved again, it keeps the final one.
    (county / FOLDER / "2025").mkdir()
    (county / FOLDER / "2025" / "new.md").write_text(raw, encoding="utf-8")
    again = guard.persist_entry(entry(f"{FOLDER}/2025/new.md", NEW.replace("正文。", "正文二。")))
    assert documents.declared_number(saved_raw(again)) == f"{NONGYE}/2025-00003"


def test_a_free_number_is_kept_and_a_revoked_documents_is_not_reused(county, guard):
    free = NEW.replace("2025-00001", "2025-00007")
    assert saved_raw(guard.persist_entry(entry(f"{FOLDER}/2025/a.md", free, new=True))) == free
    old = NEW.replace("2025-00001", "2019-00001").replace("2025-06", "2019-06")  # old.md's
    assert documents.declared_number(saved_raw(guard.persist_entry(entry(f"{FOLDER}/2019/b.md", old, new=True)))) \
        == f"{NONGYE}/2019-00002"


def test_the_number_follows_the_publisher_chosen_for_a_document(county, guard):
    """代其他单位发布: the number is the chosen organisation's (its pattern); a taken one is its next."""
    other = NEW.replace(f"索引号: {NONGYE}/2025-00001", "发布机构: county\n索引号: 11522799MB1000010C/2024-00001")
    other = other.replace("栏目: fupin-01", "栏目: xxgk-zhinan")
    params = guard.persist_entry(entry(f"{FOLDER}/2024/c.md", other, new=True))
    assert documents.declared_number(saved_raw(params)) == "11522799MB1000010C/2024-00002"


def test_a_document_the_build_refuses_is_refused_with_every_problem(county, guard):
    bad = NEW.replace("栏目: fupin-01", "栏目: fupin-03").replace("主题分类: 民政、扶贫、救灾\\扶贫", "主题分类: 扶贫")
    bad = bad.replace(f"{NONGYE}/2025-00001", "11522799MB10000374/2025-00001")
    message = refusal(guard.persist_entry, entry(f"{FOLDER}/2025/d.md", bad, new=True))
    assert message.startswith("未保存：发现 3 处问题")
    assert "字段“栏目”" in message and "小县农业农村局没有栏目" in message
    assert "字段“主题分类”" in message and "字段“索引号”" in message and f"应为“{NONGYE}/年份-5位流水号”" in message
    assert message.count("修改办法") == 3
    late = NEW.replace("发布日期: 2025-06-03", "发布日期: 2025-05-01").replace("2025-00001", "2025-00009")
    assert "早于成文日期" in refusal(guard.persist_entry, entry(f"{FOLDER}/2025/d.md", late, new=True))


@pytest.mark.parametrize("path, words", [
    (f"{FOLDER}/_org.yml", "单位信息"),
    (f"{FOLDER}/.hidden.md", "以点、下划线开头"),
    (f"{FOLDER}/../nongye/x.md", "路径不对"),
    ("mkdocs.yml", "content/"),
    ("content/about.md", "不在任何单位的文件夹内"),
    (f"{FOLDER}/index.md", "index.md"),
    (f"{FOLDER}/files/x.csv", ".md"),
])
def test_the_entry_is_a_document_inside_an_organisation_folder(guard, path, words):
    assert words in refusal(guard.persist_entry, entry(path, NEW.replace("00001", "00009"), new=True))


def test_an_entry_is_never_moved(county, guard):
    zhengce = (county / FOLDER / "zhengce.md").read_text(encoding="utf-8")
    message = refusal(guard.persist_entry, entry(f"{FOLDER}/zhengce.md", zhengce, newPath=f"{FOLDER}/2025/zhengce.md"))
    assert "移动" in message


def test_an_attachment_uploaded_with_the_document_is_checked_and_counts(county, guard):
    with_file = NEW.replace("2025-00001", "2025-00009").replace("---\n正文", "附件:\n  - 名称: 附件1\n    文件: files/mingdan.pdf\n---\n正文")
    path = f"{FOLDER}/2025/e.md"
    assert "附件[1].文件" in refusal(guard.persist_entry, entry(path, with_file, new=True))
    upload = asset(f"{FOLDER}/2025/files/mingdan.pdf", b"%PDF-1.4\n")
    assert guard.persist_entry(entry(path, with_file, new=True, assets=[upload]))
    # `检查记录表.pdf` with slug encoding ascii: Decap names it `.pdf`, which MkDocs never publishes
    dotted = with_file.replace("mingdan.pdf", ".pdf")
    message = refusal(guard.persist_entry, entry(path, dotted, new=True, assets=[asset(f"{FOLDER}/2025/files/.pdf", b"x")]))
    assert f"{FOLDER}/2025/files/.pdf" in message and "改名" in message


# --- uploads -----------------------------------------------------------------------------------------------


def test_an_upload_never_replaces_a_published_file(county, guard):
    path = f"{FOLDER}/files/fenpei.csv"
    message = refusal(guard.persist_media, {"branch": "main", "asset": asset(path, b"other\n"), "options": {}})
    assert path in message and "改" in message and "名字" in message
    same = (county / path).read_bytes()
    answer = guard.persist_media({"branch": "main", "asset": asset(path, same), "options": {}})
    assert answer == {"id": hashlib.sha256(same).hexdigest(), "content": base64.b64encode(same).decode(),
                      "encoding": "base64", "path": path, "name": "fenpei.csv"}  # decap-server's answer, no write
    assert guard.persist_media({"branch": "main", "asset": asset(f"{FOLDER}/files/new.xlsx", b"x"), "options": {}}) is None


@pytest.mark.parametrize("path, words", [
    ("content/files/a.pdf", "files 文件夹"),  # the media library's own folder: attachments live with documents
    (f"{FOLDER}/a.pdf", "files 文件夹"),
    (f"{FOLDER}/files/page.html", ".html"),
    (f"{FOLDER}/files/logo.svg", ".svg"),
    (f"{FOLDER}/files/README", "无扩展名"),
    (f"{FOLDER}/files/.pdf", "以点开头"),
    ("hooks/x.pdf", "content/"),
])
def test_uploads_are_attachments_in_an_organisations_files_folder(guard, path, words):
    assert words in refusal(guard.persist_media, {"branch": "main", "asset": asset(path, b"x"), "options": {}})


def test_a_chinese_file_name_is_an_attachment(guard):
    assert guard.persist_media({"branch": "main", "asset": asset(f"{FOLDER}/files/检查记录表.pdf", b"x"), "options": {}}) is None


# --- deletions ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path, words", [
    (f"{FOLDER}/zhengce.md", "文件不能删除，请用“撤销”"),
    (f"{FOLDER}/_org.yml", "不是附件"),
    (f"{FOLDER}/files/fenpei.csv", "zhengce.md"),  # named by a document
    ("mkdocs.yml", "只能删除刚刚上传"),
])
def test_nothing_published_is_deleted(guard, path, words):
    message = refusal(guard.delete, [path])
    assert path in message and words in message and "修改办法" in message


def test_only_an_upload_of_this_run_that_no_document_names_may_be_deleted(county, guard):
    stray = county / FOLDER / "files" / "stray.pdf"
    stray.write_bytes(b"x")
    assert "已发布的附件" in refusal(guard.delete, [f"{FOLDER}/files/stray.pdf"])
    guard.media_saved({"asset": {"path": f"{FOLDER}/files/stray.pdf"}})
    guard.delete([f"{FOLDER}/files/stray.pdf"])  # no refusal
    (county / FOLDER / "jiedu.md").write_text((county / FOLDER / "jiedu.md").read_text(encoding="utf-8")
                                              + "\n[表](files/stray.pdf)\n", encoding="utf-8")
    assert "jiedu.md" in refusal(guard.delete, [f"{FOLDER}/files/stray.pdf"])


# --- listings and the request as a whole ---------------------------------------------------------------


def test_the_media_listing_shows_attachments_only(guard):
    files = [{"path": f"{FOLDER}/_org.yml", "name": "_org.yml"}, {"path": f"{FOLDER}/zhengce.md", "name": "zhengce.md"},
             {"path": f"{FOLDER}/files/.pdf", "name": ".pdf"}, {"path": f"{FOLDER}/files/fenpei.csv", "name": "fenpei.csv"},
             {"path": "content/departments/nongye/年报/2025.yml", "name": "2025.yml"}]
    assert [f["name"] for f in guard.media_listing(files)] == ["fenpei.csv"]


def test_a_refused_request_is_never_forwarded_and_answers_as_decap_server_does(county, guard):
    sent = []

    def forward(request):
        sent.append(request)
        return Answer(200, b'{"message":"ok"}', [("Content-Type", "application/json")])

    jiedu = (county / FOLDER / "jiedu.md").read_text(encoding="utf-8")
    answer = guard.handle({"action": "persistEntry", "params": entry(f"{FOLDER}/zhengce.md", jiedu)}, forward)
    assert answer.status == 422 and answer.own and set(answer.json()) == {"error"} and not sent
    answer = guard.handle({"action": "deleteFiles", "params": {"branch": "main", "paths": [f"{FOLDER}/_org.yml"]}}, forward)
    assert answer.status == 422 and "不是附件" in answer.json()["error"] and not sent
    # a taken number: forwarded with the final one
    answer = guard.handle({"action": "persistEntry", "params": entry(f"{FOLDER}/2025/new.md", NEW, new=True)}, forward)
    assert answer.status == 200 and documents.declared_number(saved_raw(sent[-1]["params"])) == f"{NONGYE}/2025-00003"
    # anything else: as it is
    info = {"action": "info", "params": {}}
    assert guard.handle(info, forward).body == b'{"message":"ok"}' and sent[-1] is info


def test_the_listing_answer_is_filtered(guard):
    listing = [{"path": f"{FOLDER}/_org.yml", "name": "_org.yml", "id": "1", "content": "", "encoding": "base64"}]
    answer = guard.handle({"action": "getMedia", "params": {"mediaFolder": FOLDER}},
                          lambda request: Answer(200, json.dumps(listing).encode(), [("Access-Control-Allow-Origin", "x")]))
    assert answer.json() == [] and ("Access-Control-Allow-Origin", "x") in answer.headers


def test_the_number_is_replaced_in_the_front_matter_only():
    text = f"---\n标题: 甲\n索引号: {NONGYE}/2025-00001  # 已自动分配\n---\n索引号: {NONGYE}/2025-00001\n"
    assert cms_guard._with_number(text, f"{NONGYE}/2025-00009") == \
        f"---\n标题: 甲\n索引号: {NONGYE}/2025-00009  # 已自动分配\n---\n索引号: {NONGYE}/2025-00001\n"


# --- decap-server's git mode: drafts on cms/* branches ----------------------------------------------


def _git(county: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(county), "-c", "user.name=t", "-c", "user.email=t@t", *args],
                   check=True, capture_output=True)


def test_a_number_held_by_an_open_draft_is_taken(county):
    _git(county, "init", "-q", "-b", "main")
    _git(county, "add", "-A")
    _git(county, "commit", "-qm", "init")
    _git(county, "checkout", "-q", "-b", "cms/nongye/2025/draft")
    (county / FOLDER / "2025").mkdir()
    (county / FOLDER / "2025" / "draft.md").write_text(NEW.replace("2025-00001", "2025-00003"), encoding="utf-8")
    _git(county, "add", "-A")
    _git(county, "commit", "-qm", "draft")
    _git(county, "checkout", "-q", "main")
    provisional = NEW.replace("2025-00001", "2025-00003")
    git = Guard(county, git=True)
    params = git.persist_entry(entry(f"{FOLDER}/2025/other.md", provisional, new=True))
    assert documents.declared_number(saved_raw(params)) == f"{NONGYE}/2025-00004"
    # the draft itself, saved again on its own branch, keeps its number
    own = entry(f"{FOLDER}/2025/draft.md", provisional.replace("正文。", "正文改。"))
    own["dataFiles"][0]["slug"] = "2025/draft"
    own["options"]["useWorkflow"] = True
    assert git.persist_entry(own) == own
    # and a form holding another document's values is not saved over the draft either
    own["dataFiles"][0]["raw"] = NEW.replace("2025-00001", "2025-00009")
    assert "覆盖另一篇" in refusal(git.persist_entry, own)
    # without git mode, the draft is not seen
    assert documents.declared_number(saved_raw(Guard(county, git=False).persist_entry(
        entry(f"{FOLDER}/2025/other.md", provisional, new=True)))) == f"{NONGYE}/2025-00003"


def test_a_malformed_request_is_refused_not_forwarded(guard):
    for params in ({"dataFiles": "x", "assets": []}, {"dataFiles": [None], "assets": []}, {"assets": []},
                   {"dataFiles": [{"path": f"{FOLDER}/a.md", "raw": None}], "assets": []}):
        answer = guard.handle({"action": "persistEntry", "params": params}, lambda request: pytest.fail("forwarded"))
        assert answer.status == 422 and answer.json()["error"].startswith("未保存")


def test_the_mode_is_decap_servers_own_answer(county):
    guard = Guard(county)
    asked = []

    def forward(request):
        asked.append(request["action"])
        return Answer(200, b'{"repo": "county", "publish_modes": ["simple", "editorial_workflow"], "type": "local_git"}')

    guard.handle({"action": "getMedia", "params": {"mediaFolder": "content/files"}}, forward)
    assert guard.git is True and asked == ["info", "getMedia"]
    guard.handle({"action": "info"}, lambda request: Answer(200, b'{"type": "local_fs"}'))
    assert guard.git is False


def test_a_date_after_the_check_date_is_refused_as_the_build_refuses_it(county, guard):
    """future_date is an error by default: the preview's build would stop on it."""
    late = NEW.replace("2025-06-02", "2099-01-01").replace("2025-06-03", "2099-01-02").replace("2025-00001", "2025-00009")
    message = refusal(guard.persist_entry, entry(f"{FOLDER}/2099/late.md", late, new=True))
    assert "字段“发布日期”" in message and "晚于检查日期" in message and "修改办法" in message
    settings = county / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "    checks:", "    checks:\n      future_date: warning", 1), encoding="utf-8")
    assert guard.persist_entry(entry(f"{FOLDER}/2099/late.md", late, new=True))


def test_the_check_date_given_to_the_run_is_the_one_the_preview_builds_with(county):
    """GOV_AS_OF (make cms with AS_OF=…) sets the preview build's check date; the guard judges a date against
    the same day, not against today's: a document the preview accepts is not refused as dated later."""
    late = NEW.replace("2025-06-02", "2099-01-01").replace("2025-06-03", "2099-01-02").replace("2025-00001", "2025-00009")
    assert Guard(county, git=False, as_of=datetime.date(2099, 1, 2)).persist_entry(entry(f"{FOLDER}/2099/late.md", late, new=True))
    message = refusal(Guard(county, git=False, as_of=datetime.date(2099, 1, 1)).persist_entry,
                      entry(f"{FOLDER}/2099/late.md", late, new=True))
    assert "晚于检查日期 2099-01-01" in message


def test_a_mistaken_check_date_stops_the_guard_in_chinese(county):
    run = subprocess.run([sys.executable, "-m", "govsite.tools.cms_guard", "--root", str(county), "--port", "0"],
                         capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
                         env=dict(os.environ, GOV_AS_OF="2099-13-01", PYTHONPATH=str(ROOT / "hooks")))
    assert run.returncode == 1
    assert "GOV_AS_OF" in run.stderr and "YYYY-MM-DD" in run.stderr and "Traceback" not in run.stderr
