"""Review with a real git backend (issue 22), in Chromium: decap-server in git mode (``MODE=git``: drafts
are ``cms/<collection>/<slug>`` branches of the repository, published by merging them into ``main``)
behind the product's guard (tools/cms_guard.py), on a git repository holding a copy of the example
county, ``publish_mode: editorial_workflow``, and ``mkdocs serve`` beside it, as `make cms` runs them.

An editor saves a draft (a branch; main untouched, asserted with git on disk), sets it 审核中; a reviewer
opens 工作流, moves it to 就绪 and publishes it: merged into main, the branch gone, the site shows it.
Two new forms opened at once show the same provisional 索引号 and are saved with different ones. A draft
whose 索引号 a change on main took meanwhile is refused at publish, in Chinese, main untouched. The
branch decap-server makes passes the county's CI (deploy/ci/ci.sh check and build on a checkout of it:
the merge request's pipeline). Then 320 documents in one organisation: the list's requests and time
through decap-server's git mode, a two-character search (消防), and the editor's own organisation first.

Measured here (2 shared cores, Chromium headless, decap-server 3.11.3 git mode behind the guard, Decap
3.16.3; the last test but one prints them): a fresh load of the editor to the 320-entry list shown took
1.27 s and four requests (info, entriesByFolder, unpublishedEntries, getMedia): decap-server reads the
folder from its working tree and answers every entry's text in one ``entriesByFolder``. Searching it
(消防, 32 hits) took 0.34 s and one more entriesByFolder. A forge backend (GitLab/Gitea API) lists the
folder one page of 100 files per request and fetches each entry's file by its own request to sort or
search (about 320 + 4 requests the first time, then from the browser's cache by blob id): on a county's
forge, at 50-200 ms a request and a few in parallel, some 10-30 s for such a list the first time.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import BIN, DECAP_SERVER, ROOT, _free_port
from .conftest import wait_for_text as _wait
from .test_cms_day import _fill_notice

ORG = "chengguan"
FOLDER = "content/townships/chengguan"
LIST_ORG = "renshe"  # the organisation given 320 documents
LIST_FOLDER = "content/departments/renshe"
LIST_SIZE = 320
LIST_YEAR = 2024
EDITOR = "zhangsan"  # a git user named in renshe's 编辑
SEARCHED = "消防"  # in every tenth title of the 320
YEAR = time.strftime("%Y")
SLOW = 120_000  # ms: decap-server's git mode answers one request at a time (a checkout each), mkdocs serve rebuilds


def git(project: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(["git", "-C", str(project), *args], capture_output=True, text=True)
    if check and done.returncode:
        raise AssertionError(f"git {' '.join(args)}: {done.stderr}")
    return done.stdout


class Repo:
    """The county's repository, and what the day's drafts are."""

    def __init__(self, project: Path, url: str, api: str):
        self.project = project
        self.url = url
        self.api = api
        self.drafts: dict[str, str] = {}  # name in the test → branch

    def branches(self) -> set[str]:
        return set(git(self.project, "for-each-ref", "--format=%(refname:short)", "refs/heads/cms/").split())

    def wait_for_branch(self, before: set[str], seconds: float = 120) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            new = self.branches() - before
            if new and self.on_main():  # decap-server commits on the branch, then checks main out again
                assert len(new) == 1, new
                return next(iter(new))
            time.sleep(0.3)
        raise AssertionError("no draft branch was made, or main was not checked out again")

    def on_main(self) -> bool:
        """decap-server has finished: main is checked out again and the working tree is clean (a fixed wait
        of one second was too short on a loaded CI runner)."""
        return (git(self.project, "branch", "--show-current").strip() == "main"
                and not git(self.project, "status", "--porcelain", "--untracked-files=no").strip())

    def changed(self, branch: str) -> list[str]:
        return git(self.project, "diff", "--name-only", f"main...{branch}").split()

    def show(self, ref: str, path: str) -> str:
        return git(self.project, "show", f"{ref}:{path}")

    def number(self, ref: str, path: str) -> str:
        return re.search(r"^索引号:\s*(\S+)", self.show(ref, path), re.M).group(1)

    def head(self) -> str:
        return git(self.project, "rev-parse", "main").strip()


def _documents(folder: Path) -> None:
    """LIST_SIZE documents of renshe, every tenth about 消防."""
    for n in range(1, LIST_SIZE + 1):
        title = f"示例县人社局关于{'消防安全检查' if n % 10 == 0 else '就业见习岗位'}的第{n}号通知"
        day = f"{LIST_YEAR}-{(n % 12) + 1:02d}-{(n % 27) + 1:02d}"
        path = folder / str(LIST_YEAR) / f"tongzhi-{n:03d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n标题: {title}\n栏目: jiuye-chuangye-08\n成文日期: {day}\n发布日期: {day}\n"
                        f"主题分类: 劳动、人事、监察\\劳动就业\n索引号: 11522799MB1A00060B/{LIST_YEAR}-{n:05d}\n---\n\n"
                        f"第{n}号通知的正文。\n", encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """`make cms` on a git repository of the example county, decap-server in git mode."""
    assert DECAP_SERVER.exists(), "npm ci (make setup) installs decap-server"
    project = tmp_path_factory.mktemp("review") / "county"
    for name in ("content", "catalog", "hooks", "overrides", "deploy"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("govsite.yml", ".gitignore", "Makefile", "requirements.txt"):
        shutil.copy(ROOT / name, project / name)
    (project / "node_modules").symlink_to(ROOT / "node_modules")  # ignored by .gitignore: never committed
    cms_port, upstream_port, site_port = _free_port(), _free_port(), _free_port()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("\n  gov:\n", "\n  gov:\n    cms:\n      publish_mode: editorial_workflow\n"
                            f"      local_backend: http://localhost:{cms_port}/api/v1\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    _documents(project / LIST_FOLDER)
    org_file = project / LIST_FOLDER / "_org.yml"
    org_file.write_text(org_file.read_text(encoding="utf-8").replace(
        "编辑: [xian/renshe-bianji]", f"编辑: [xian/renshe-bianji, {EDITOR}]"), encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.name", "政务公开办")
    git(project, "config", "user.email", "gongkai@example.org")
    git(project, "config", "commit.gpgsign", "false")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "示例县")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    processes = [
        subprocess.Popen([str(DECAP_SERVER)], cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                         env=dict(env, MODE="git", BIND_HOST="127.0.0.1", PORT=str(upstream_port),
                                  GIT_REPO_DIRECTORY=str(project))),
        subprocess.Popen([str(BIN / "python"), "-m", "govsite.tools.cms_guard", "--port", str(cms_port),
                          "--upstream", str(upstream_port), "--root", str(project)], cwd=project,
                         stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, env=dict(env, PYTHONPATH=str(ROOT / "hooks"))),
        subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{site_port}"], cwd=project,
                         stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, env=env),
    ]
    try:
        url = f"http://127.0.0.1:{site_port}/"
        _wait(url + "admin/config.yml", 240, "collections")
        yield Repo(project, url, f"http://127.0.0.1:{cms_port}/api/v1")
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


def _page(repo, browser, query: str = ""):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30000)
    page.set_default_navigation_timeout(120_000)  # mkdocs serve holds every request while it rebuilds after a save
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(repo.url + "admin/" + query)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/**#/collections/**")
    return context, page


@pytest.fixture(scope="module")
def editor(repo, browser):
    context, page = _page(repo, browser)
    yield page
    context.close()


def _new_form(page, repo) -> str:
    page.goto(repo.url + f"admin/#/collections/{ORG}/new")
    expect(page.get_by_label("标题", exact=True)).to_have_value("", timeout=SLOW)
    return page.get_by_label("索引号", exact=True).input_value()


def _save(page) -> None:
    page.evaluate("() => { window.reviewMarker = true; }")
    page.get_by_role("button", name="保存", exact=True).click()


def _reopened(page) -> None:
    page.wait_for_function("() => !window.reviewMarker", timeout=30000)
    page.get_by_label("标题", exact=True).wait_for()


def _status(page, status: str) -> None:
    page.get_by_role("button", name=re.compile("^状态")).click()
    page.get_by_role("menuitem", name=status).click()


def test_1_a_draft_is_a_branch_and_main_is_untouched(repo, editor):
    main = repo.head()
    before = repo.branches()
    number = _new_form(editor, repo)
    _fill_notice(editor, "城关镇关于冬季送温暖活动的通知", "请各村摸清困难群众底数。")
    _save(editor)
    branch = repo.wait_for_branch(before)
    assert branch.startswith(f"cms/{ORG}/")
    [path] = repo.changed(branch)
    assert path.startswith(f"{FOLDER}/{YEAR}/") and path.endswith(".md")
    assert "城关镇关于冬季送温暖活动的通知" in repo.show(branch, path)
    assert repo.number(branch, path) == number
    assert repo.head() == main, "a draft never touches main"
    assert git(repo.project, "branch", "--show-current").strip() == "main"
    assert not (repo.project / path).exists(), "the working tree is main's"
    assert git(repo.project, "config", f"branch.{branch}.description").strip() == "decap-cms/draft"
    repo.drafts["first"] = branch
    _reopened(editor)
    expect(editor.get_by_role("button", name=re.compile("^状态"))).to_contain_text("草稿", timeout=SLOW)


def test_2_two_drafts_opened_at_once_get_different_numbers(repo, editor, browser):
    """Both forms show the number the built config holds (the first draft's: main does not know it);
    each is saved with a number of its own, made final by the guard from main and the open branches."""
    other_context, other = _page(repo, browser)
    try:
        shown = [_new_form(editor, repo), _new_form(other, repo)]
        assert shown[0] == shown[1]
        _fill_notice(editor, "城关镇关于农村道路养护的通知", "养护期间注意安全。")
        _fill_notice(other, "城关镇关于征兵报名的通告", "适龄青年踊跃报名。")
        saved = []
        for name, page in (("second", editor), ("third", other)):
            before = repo.branches()
            _save(page)
            branch = repo.wait_for_branch(before)
            [path] = repo.changed(branch)
            saved.append(repo.number(branch, path))
            repo.drafts[name] = branch
            _reopened(page)
            time.sleep(1.2)  # new entries are named by the second (views/cms.py NEW_SLUG)
        first = repo.drafts["first"]
        numbers = saved + [repo.number(first, repo.changed(first)[0])]
        assert len(set(numbers)) == 3, numbers
        assert all(n.startswith(shown[0].rsplit("-", 1)[0]) for n in numbers)
        expect(other.get_by_label("索引号", exact=True)).to_have_value(saved[1])  # the form shows the final one
    finally:
        other_context.close()


def test_3_a_reviewer_publishes_it_from_the_workflow_board(repo, editor):
    branch = repo.drafts["first"]
    [path] = repo.changed(branch)
    number = repo.number(branch, path)
    slug = branch.split("/", 2)[2]
    editor.goto(repo.url + f"admin/#/collections/{ORG}/entries/{slug}")
    expect(editor.get_by_label("标题", exact=True)).to_have_value("城关镇关于冬季送温暖活动的通知", timeout=SLOW)
    _status(editor, "审核中")
    deadline = time.monotonic() + 20
    while git(repo.project, "config", f"branch.{branch}.description").strip() != "decap-cms/pending_review":
        assert time.monotonic() < deadline, "the status is kept with the branch"
        time.sleep(0.3)
    # the reviewer
    editor.goto(repo.url + "admin/#/workflow")
    card = editor.locator("a", has_text="城关镇关于冬季送温暖活动的通知")
    review_column = editor.locator("h2", has_text="审查中").locator("xpath=..")
    expect(review_column.locator("a", has_text="城关镇关于冬季送温暖活动的通知")).to_be_visible(timeout=SLOW)
    ready_column = editor.locator("h2", has_text="就绪").locator("xpath=..")
    card.drag_to(ready_column)
    deadline = time.monotonic() + 20
    while git(repo.project, "config", f"branch.{branch}.description").strip() != "decap-cms/pending_publish":
        assert time.monotonic() < deadline, "moved to 就绪"
        time.sleep(0.3)
    main = repo.head()
    card = ready_column.locator("a", has_text="城关镇关于冬季送温暖活动的通知").locator("xpath=..")
    card.hover()
    card.get_by_role("button", name="发布新内容").click()  # the dialog is accepted
    deadline = time.monotonic() + 30
    while branch in repo.branches():
        assert time.monotonic() < deadline, "the branch is merged and removed"
        time.sleep(0.3)
    assert repo.head() != main
    git(repo.project, "merge-base", "--is-ancestor", main, "main")  # main moved forward: a merge
    assert repo.number("main", path) == number, "the number published is the draft's"
    assert "城关镇关于冬季送温暖活动的通知" in repo.show("main", path)
    assert (repo.project / path).is_file() and git(repo.project, "status", "--porcelain") == ""
    page_url = repo.url + path.removeprefix("content/").removesuffix(".md") + "/"
    assert number in _wait(page_url, 180, "城关镇关于冬季送温暖活动的通知")


def test_4_the_draft_branch_passes_the_countys_ci(repo, tmp_path):
    """The merge request's pipeline: deploy/ci/ci.sh check and build on a checkout of the branch."""
    branch = repo.drafts["second"]
    [path] = repo.changed(branch)
    checkout = tmp_path / "mr"
    git(repo.project, "worktree", "add", "-q", "--detach", str(checkout), branch)
    try:
        env = dict(os.environ, GOVSITE_BIN=str(BIN), NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
        for step in ("check", "build"):
            done = subprocess.run(["bash", "deploy/ci/ci.sh", step], cwd=checkout, env=env, capture_output=True,
                                  text=True, timeout=900)
            assert done.returncode == 0, f"ci.sh {step}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        page = checkout / "site" / path.removeprefix("content/").removesuffix(".md") / "index.html"
        assert "城关镇关于农村道路养护的通知" in page.read_text(encoding="utf-8")
    finally:
        git(repo.project, "worktree", "remove", "--force", str(checkout))


def test_5_a_draft_whose_number_main_took_is_refused_at_publish(repo, editor):
    """`make new` (or another editor's merged change) gave main a document with the draft's number:
    publishing the draft is refused with the build's Chinese message, and main stays as it was."""
    branch = repo.drafts["third"]
    [path] = repo.changed(branch)
    number = repo.number(branch, path)
    taken = repo.project / FOLDER / YEAR / "shoudong-xinjian.md"
    taken.parent.mkdir(parents=True, exist_ok=True)
    taken.write_text(f"---\n标题: 城关镇关于森林防火的通告\n栏目: fdzdgk-33\n成文日期: {YEAR}-12-01\n"
                     f"发布日期: {YEAR}-12-01\n主题分类: 综合政务\\政务公开\n索引号: {number}\n---\n\n森林防火。\n",
                     encoding="utf-8")
    git(repo.project, "add", str(taken))
    git(repo.project, "commit", "-q", "-m", "make new")
    main = repo.head()
    git(repo.project, "config", f"branch.{branch}.description", "decap-cms/pending_publish")
    editor.goto(repo.url + f"admin/#/collections/{ORG}/entries/{branch.split('/', 2)[2]}")
    expect(editor.get_by_label("标题", exact=True)).to_have_value("城关镇关于征兵报名的通告", timeout=SLOW)  # main rebuilds
    editor.get_by_role("button", name="发布", exact=True).click()
    editor.get_by_role("menuitem", name="立即发布").click()
    expect(editor.get_by_text(re.compile(f"未发布：.*索引号“{re.escape(number)}”与 .* 重复")).first).to_be_visible()
    time.sleep(2)
    assert repo.head() == main and branch in repo.branches(), "nothing merged"
    assert path not in git(repo.project, "ls-tree", "-r", "--name-only", "main").split()


def _count_requests(page, api: str) -> list[str]:
    actions: list[str] = []

    def seen(request):
        if request.url.endswith(api.rsplit(":", 1)[1]) and request.method == "POST":  # localhost or 127.0.0.1
            actions.append((request.post_data_json or {}).get("action", "?"))
    page.on("request", seen)
    return actions


def test_6_a_320_entry_list_through_git_and_a_two_character_search(repo, editor):
    editor.goto("about:blank")
    actions = _count_requests(editor, repo.api)
    started = time.monotonic()  # from a fresh load of the page (signed in) to the list shown
    editor.goto(repo.url + f"admin/#/collections/{LIST_ORG}")
    entries = editor.locator("a[href*='/collections/renshe/entries/']")
    expect(entries.first).to_be_visible(timeout=60000)
    opened = time.monotonic() - started
    listing = list(actions)
    assert listing.count("entriesByFolder") == 1 and len(listing) <= 8, listing
    actions.clear()
    started = time.monotonic()
    editor.goto(repo.url + f"admin/#/collections/{LIST_ORG}/search/{SEARCHED}")
    hits = editor.locator("a[href*='/collections/renshe/entries/']", has_text=SEARCHED)
    expect(hits).to_have_count(LIST_SIZE // 10, timeout=60000)
    searched = time.monotonic() - started
    assert editor.locator("a[href*='/collections/renshe/entries/']").count() == LIST_SIZE // 10
    print(f"\n320 entries via decap-server git mode: list {opened:.2f} s, requests {listing}; "
          f"search {searched:.2f} s, requests {actions}")
    assert opened < 30 and searched < 30


def test_7_the_editors_own_organisation_first(repo, browser):
    """By the address (?org=…, the local preview has no user) and by the signed-in git user (_org.yml 编辑)."""
    for query, init in (("?org=hexi", None),
                        ("", f"localStorage.setItem('decap-cms-user', JSON.stringify({{login: '{EDITOR}'}}))")):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})
        try:
            if init:
                context.add_init_script(f"if (!sessionStorage.getItem('seeded')) {{ {init}; sessionStorage.setItem('seeded', '1'); }}")
            page = context.new_page()
            page.on("dialog", lambda dialog: dialog.accept())
            own = "hexi" if query else LIST_ORG
            page.goto(repo.url + "admin/" + query)
            page.get_by_role("button", name="登录").click()
            page.wait_for_url(f"**#/collections/{own}", timeout=30000)  # the editor starts in their own
            links = page.locator("a[data-testid][href^='#/collections/']")
            expect(links.first).to_be_visible()
            first = page.evaluate("""() => {
                const items = [...document.querySelectorAll("a[data-testid][href^='#/collections/']")];
                items.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
                return items.map(a => a.getAttribute('data-testid'));
            }""")
            assert first[0] == own and first[1] == "county", first[:3]  # then the groups, as configured
        finally:
            context.close()
