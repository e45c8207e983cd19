"""The form editor as an editor uses it (issue 13's "done when"): `make cms` in a copy of the example
county — decap-server writing into content/ beside `mkdocs serve` — then, in Chromium, the admin page:
log in, fill the form of a township's document, save, wait for the rebuilt site and find the document
with its 索引号 on its column page. A form missing a required field is refused and writes nothing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time

import pytest
from playwright.sync_api import expect

from .conftest import BIN, DECAP_SERVER, ROOT, _free_port
from .conftest import wait_for_text as _wait
from .screenshots import shoot

TITLE = "城关镇关于表单编辑器录入测试的通知"


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """A copy of the example county served by `mkdocs serve`, with decap-server on its content/."""
    assert DECAP_SERVER.exists(), "npm ci (make setup) installs decap-server"
    project = tmp_path_factory.mktemp("cms") / "county"
    for name in ("content", "catalog", "hooks", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    cms_port, site_port = _free_port(), _free_port()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("\n  gov:\n", f"\n  gov:\n    cms:\n      local_backend: http://localhost:{cms_port}/api/v1\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copy(ROOT / "govsite.yml", project / "govsite.yml")  # the product's settings mkdocs.yml inherits
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    decap = subprocess.Popen([str(DECAP_SERVER)], cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                             env=dict(env, BIND_HOST="127.0.0.1", PORT=str(cms_port), GIT_REPO_DIRECTORY=str(project)))
    serve = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{site_port}"], cwd=project,
                             stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, env=env)
    try:
        url = f"http://127.0.0.1:{site_port}/"
        _wait(url + "admin/config.yml", 180, "collections")
        yield project, url
    finally:
        for process in (serve, decap):
            process.send_signal(signal.SIGINT)  # as Ctrl-C: mkdocs serve removes its folders
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


def _new_entry(page, url: str, collection: str) -> None:
    page.goto(url + "admin/")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/#/collections/**")
    page.goto(url + f"admin/#/collections/{collection}/new")
    page.get_by_label("标题", exact=True).wait_for()


def _select(page, label: str, text: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def _publish(page) -> None:
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_role("menuitem", name="立即发布").click()


def test_a_document_added_through_the_form_appears_on_its_column_page(preview, page):
    project, url = preview
    folder = project / "content" / "townships" / "chengguan"
    before = set(folder.rglob("*.md"))
    _new_entry(page, url, "chengguan")
    number = page.get_by_label("索引号", exact=True).input_value()
    assert number.startswith("11522799MB1B00010Q/")  # the township's next number, filled in
    page.get_by_label("标题", exact=True).fill(TITLE)
    _select(page, "栏目", "fdzdgk-33")
    _select(page, "主题分类", "综合政务\\政务公开")
    page.locator("[data-slate-editor=true]").click()
    page.keyboard.type("本通知由表单编辑器录入。")
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.get_by_label("标题", exact=True).scroll_into_view_if_needed()
    shoot(page, "form")  # the editors' guide (docs/editors-guide.md): the form's first fields, filled
    _publish(page)
    deadline = time.monotonic() + 30
    while not (added := set(folder.rglob("*.md")) - before) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(added) == 1, "decap-server wrote no file"
    written = added.pop()
    assert written.parent.name == time.strftime("%Y")
    text = written.read_text(encoding="utf-8")
    assert f"索引号: {number}" in text and f"标题: {TITLE}" in text and "撤销" not in text
    _wait(url + "townships/chengguan/fdzdgk-33/", 180, TITLE)  # the rebuilt site lists it in its column
    # The admin page reloads itself after a save (admin.js), which would interrupt a navigation made in it
    # (seen in CI): the column is opened in a tab of its own, as an editor checking the site would.
    column = page.context.new_page()
    column.set_viewport_size({"width": 1280, "height": 1000})
    column.goto(url + "townships/chengguan/fdzdgk-33/", timeout=120_000)  # mkdocs serve holds requests in a rebuild
    column.get_by_role("link", name=TITLE).scroll_into_view_if_needed()
    shoot(column, "form-column")
    column.get_by_role("link", name=TITLE).click()
    expect(column.locator("main")).to_contain_text(number)  # its page shows its 索引号
    column.close()


def test_a_form_missing_a_required_field_writes_nothing(preview, page):
    project, url = preview
    before = set((project / "content").rglob("*.md"))
    _new_entry(page, url, "chengguan")
    page.get_by_label("标题", exact=True).fill("缺少栏目和主题分类的文件")
    _publish(page)
    page.get_by_text("“栏目”是必填项").first.wait_for(timeout=10000)  # Decap's own refusal, in Chinese
    time.sleep(2)
    assert set((project / "content").rglob("*.md")) == before
