"""意见征集 in a real browser (issue 26): the badge says what is true on the day the reader opens the page —
consultation.js (a file: the page's CSP allows scripts from 'self' only) recomputes it from the dates —
and without script the build's text for its check date stays, the dates in the text either way."""

from __future__ import annotations

import datetime

import pytest

from tests.browser.conftest import serve
from tests.build.test_consultations_build import DRAFT, write
from tests.conftest import build, make_project


@pytest.fixture(scope="module")
def consultation_url(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("consultation"))
    write(project, feedback=False)
    result = build(project, env={"GOV_AS_OF": "2025-04-25"})  # 2025-04-01 … 2025-04-30: 征集中, 5 days left
    assert result.returncode == 0, result.output[-3000:]
    server = serve(result.site)
    yield f"http://127.0.0.1:{server.server_address[1]}/{DRAFT}/"
    server.shutdown()


def badge(browser, url: str, *, today: str | None, script: bool = True) -> tuple[str, str, list[str]]:
    context = browser.new_context(locale="zh-CN", java_script_enabled=script)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    if today:  # noon in China: the same calendar day there
        page.clock.set_fixed_time(datetime.datetime.fromisoformat(f"{today}T12:00:00+08:00"))
    page.goto(url, wait_until="load")
    status = page.locator("#consultation-status")
    out = (status.inner_text(), status.get_attribute("data-state"), problems)
    context.close()
    return out


@pytest.mark.parametrize(("today", "text", "state"), [
    ("2025-04-28", "征集中（还剩 2 天）", "征集中"),
    ("2025-04-30", "征集中（今天截止）", "征集中"),
    ("2025-05-01", "已截止", "已截止"),
    ("2025-03-31", "未开始", "未开始"),
])
def test_the_script_shows_the_state_on_the_readers_day(browser, consultation_url, today, text, state):
    assert badge(browser, consultation_url, today=today) == (text, state, [])


def test_without_script_the_builds_state_stays(browser, consultation_url):
    text, state, _ = badge(browser, consultation_url, today=None, script=False)
    assert (text, state) == ("征集中（还剩 5 天）", "征集中")


def list_page(browser, url: str, *, today: str | None, script: bool = True, path: str = "xxgk/yjzj/"):
    """The badges' texts and states, the rows' links and the feed link's target on a page of the site."""
    context = browser.new_context(locale="zh-CN", java_script_enabled=script)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    if today:
        page.clock.set_fixed_time(datetime.datetime.fromisoformat(f"{today}T12:00:00+08:00"))
    root = url.split(DRAFT)[0]
    page.goto(root + path, wait_until="load")
    badges = page.locator(".gov-consultation-status")
    out = {"badges": [(badges.nth(i).inner_text(), badges.nth(i).get_attribute("data-state")) for i in range(badges.count())],
           "problems": problems}
    feed = page.locator('a[type="application/atom+xml"]', has_text="订阅意见征集")
    if feed.count():
        out["feed"] = page.request.get(page.url.rsplit("/", 1)[0] + "/" + feed.get_attribute("href"))
        out["feed"] = (out["feed"].status, out["feed"].headers.get("content-type", ""), out["feed"].text())
    out["rows"] = page.locator("#consultation-table tbody th a").all_inner_texts() if path.endswith("yjzj/") else []
    context.close()
    return out


def test_the_list_shows_the_state_on_the_readers_day_and_links_its_feed(browser, consultation_url):
    seen = list_page(browser, consultation_url, today="2025-05-01")
    assert seen["badges"] == [("已截止", "已截止")] and seen["problems"] == []
    assert seen["rows"] == ["关于扶贫项目管理办法（征求意见稿）公开征求意见的公告"]
    status, kind, text = seen["feed"]
    assert status == 200 and "xml" in kind and "<feed" in text and "征集时间：2025-04-01 至 2025-04-30" in text
    assert list_page(browser, consultation_url, today="2025-04-28")["badges"] == [("征集中（还剩 2 天）", "征集中")]


def test_without_script_the_list_and_the_home_page_keep_the_builds_state(browser, consultation_url):
    assert list_page(browser, consultation_url, today=None, script=False)["badges"] == [("征集中（还剩 5 天）", "征集中")]
    home = list_page(browser, consultation_url, today=None, script=False, path="")
    assert home["badges"] == [("征集中（还剩 5 天）", "征集中")]
    # With script on the reader's day after the end, the home page's badge says so too (the list there is the build's).
    assert list_page(browser, consultation_url, today="2025-05-02", path="")["badges"] == [("已截止", "已截止")]
