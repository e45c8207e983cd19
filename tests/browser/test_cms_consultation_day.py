"""A 信息员's consultation in the form editor (issue 26, 公众参与), in Chromium against `make cms` on a copy of
the example county, as the days go by (the check date is the project's own, moved between steps), with the
files on disk and the preview's pages asserted after every step:

day 0, on the column the catalog marks 意见征集: true, a draft for comment with its period, how to comment
and a Chinese-named attachment; an end before the start refused in Chinese, the file unchanged; the back
button after a save; the period over, the 意见采纳情况 (反馈对象) and the final decision (来源征集), linked
both ways and in the county's 意见征集 list (xxgk/yjzj/); a 来源征集 naming no consultation refused.

One module-scoped session walks the day step by step (each test is one step and relies on the last); the
fixtures and steps are test_cms_day's (conftest.py), on a check date of this day's own.
"""

from __future__ import annotations

import datetime
import re
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from .conftest import DAY_ORG as ORG
from .conftest import FORM_WAIT as WAIT
from .conftest import form_day, open_new, publish, reopened, select, wait_for_text

COLUMN = "guoyou-tudi-fangwu-zhengshou-06"  # 征收补偿方案征求意见: the catalog marks it 意见征集: true
DECISION_COLUMN = "guoyou-tudi-fangwu-zhengshou-07"  # 房屋征收决定
TOPIC = "城乡建设、环境保护\\城乡建设（含住房）"
DAY_0 = datetime.date.today()
START, END = DAY_0, DAY_0 + datetime.timedelta(days=29)  # 30 days, both ends counted (the default minimum)
FEEDBACK_DAY = END + datetime.timedelta(days=2)
DECISION_DAY = END + datetime.timedelta(days=5)
LIST = "xxgk/yjzj/"  # the county's 意见征集 list (urls.CONSULTATIONS)
TITLE = "关于《城关镇老街片区房屋征收补偿方案（征求意见稿）》公开征求意见的公告"
FEEDBACK_TITLE = "城关镇老街片区房屋征收补偿方案征求意见采纳情况"
DECISION_TITLE = "城关镇老街片区房屋征收决定的公告"
PDF = "%PDF-1.4\n% 征求意见稿\n".encode()
MAIL = "laojie@example.gov.cn"


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    """The form day on DAY_0 (overrides conftest's ``day``; ``editor`` uses this one)."""
    with form_day(tmp_path_factory.mktemp("consultation-day"), as_of=DAY_0) as made:
        yield made


def _label(name: str) -> re.Pattern:
    return re.compile(f"^{name}")  # an optional field's label ends in "(可选)"


def _retype(page, label: str, text: str) -> None:
    """Replace a text field's value as an editor does (select all, type): Playwright's fill appended to the
    value of Decap's string widget after a refused save."""
    box = page.get_by_label(_label(label))
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    box.press_sequentially(text)
    expect(box).to_have_value(text)


def _open_more(page) -> None:
    """The fields after 附件 and 意见征集 are folded under 更多 (admin/govsite.js)."""
    more = page.locator(".govsite-more")
    if more.get_attribute("aria-expanded") != "true":
        more.click()


def _open_consultation(page) -> None:
    """The 意见征集 record is collapsed until opened."""
    record = page.locator("div", has=page.get_by_test_id("expand-button")).filter(has_text=re.compile("^意见征集$"))
    button = record.last.get_by_test_id("expand-button")
    if button.get_attribute("aria-label") == "展开":
        button.click()
    page.get_by_label(_label("征集开始")).wait_for()


def _entry(page, day, doc) -> None:
    page.goto(day.url + f"admin/#/collections/{ORG}/entries/{doc.parent.name}/{doc.stem}")
    expect(page.get_by_label("标题", exact=True)).to_have_value(day.front(doc)["标题"], timeout=WAIT)


def _refused(page, problem: str, *also: str) -> None:
    """The guard's refusal (HTTP 422) as Decap shows it: a toast in Chinese with the problem, the file and
    the fix."""
    toast = page.get_by_text(problem).first
    try:
        toast.wait_for(timeout=WAIT)
    except PlaywrightError:
        raise AssertionError(f"no {problem!r} shown; the page says:\n{page.locator('body').inner_text()[-3000:]}")
    for phrase in also:
        expect(toast).to_contain_text(phrase)


def _saved(day, page) -> tuple[dict, dict]:
    """What the save wrote; when it wrote nothing, what the page says instead (a refusal's toast)."""
    added, changed = day.wait_for_change(60)
    assert added or changed, f"nothing written; the page says:\n{page.locator('body').inner_text()[-3000:]}"
    return added, changed


def _new_page(page, url: str, contains: str, today: datetime.date = DAY_0):
    """The site's page in a tab of its own (the admin page reloads itself after a save), read on ``today``
    (the badges are computed in the browser from the dates: noon in China, the same calendar day there)."""
    wait_for_text(url, 180, contains)
    tab = page.context.new_page()
    tab.clock.set_fixed_time(datetime.datetime.fromisoformat(f"{today.isoformat()}T12:00:00+08:00"))
    tab.goto(url, timeout=120_000)
    return tab


def test_1_a_draft_for_comment_is_opened_on_its_column(day, editor, tmp_path):
    pdf = tmp_path / "征求意见稿.pdf"
    pdf.write_bytes(PDF)
    open_new(editor, day)
    number = editor.get_by_label("索引号", exact=True).input_value()
    editor.get_by_label("标题", exact=True).fill(TITLE)
    select(editor, "栏目", COLUMN)
    expect(editor.get_by_text(f"（{COLUMN}）（公开征求意见）").first).to_be_visible()  # the column says so
    select(editor, "主题分类", TOPIC)
    editor.locator("[data-slate-editor=true]").click()
    editor.keyboard.type("现将征收补偿方案（征求意见稿）予以公布，征求社会公众意见。")
    editor.get_by_role("button", name="添加附件").or_(editor.get_by_role("button", name="新增附件")).first.click()
    editor.get_by_label("名称", exact=True).fill("征求意见稿")
    editor.get_by_role("button", name="选择文件").click()
    editor.locator("input[type=file]").set_input_files(pdf)
    names = editor.locator("[class*=CardText], [class*=cardText]")
    expect(names.filter(has_text="征求意见稿.pdf").first).to_be_visible(timeout=WAIT)
    editor.get_by_role("button", name="选用已选中项目").click()
    _open_consultation(editor)
    editor.get_by_label(_label("征集开始")).fill(START.isoformat())
    editor.get_by_label(_label("征集截止")).fill(END.isoformat())
    editor.get_by_label(_label("邮箱")).fill(MAIL)
    publish(editor)
    added, changed = _saved(day, editor)
    assert len(added) == 1 and not changed
    doc = day.written["consultation"] = next(iter(added))
    front = day.front(doc)
    assert front["标题"] == TITLE and front["栏目"] == COLUMN and front["索引号"] == number
    assert front["意见征集"]["征集开始"] == START and front["意见征集"]["征集截止"] == END
    assert front["意见征集"]["邮箱"] == MAIL
    attachment = front["附件"][0]
    assert attachment["名称"] == "征求意见稿" and attachment["文件"].endswith("征求意见稿.pdf")
    assert (doc.parent / attachment["文件"]).read_bytes() == PDF
    reopened(editor)
    # the site: its page says 征集中 with the days left, the county's list has it
    tab = _new_page(editor, day.page_url(doc), "征集中")
    expect(tab.locator("#consultation-status")).to_have_attribute("data-state", "征集中")
    expect(tab.locator("main")).to_contain_text(MAIL)
    tab.goto(day.url + LIST)
    row = tab.locator("main").get_by_role("link", name=TITLE)
    expect(row).to_have_count(1)
    tab.close()


def test_2_an_end_before_the_start_is_refused_and_loses_nothing(day, editor):
    doc = day.written["consultation"]
    kept = doc.read_text(encoding="utf-8")
    _entry(editor, day, doc)
    _open_consultation(editor)
    wrong = (START - datetime.timedelta(days=1)).isoformat()
    editor.get_by_label(_label("征集截止")).fill(wrong)
    publish(editor)
    _refused(editor, f"征集截止 {wrong} 不晚于征集开始 {START}", doc.name)
    time.sleep(2)
    added, changed = day.changes()
    assert not added and not changed and doc.read_text(encoding="utf-8") == kept
    # the form still holds what the editor typed: corrected, it saves
    expect(editor.get_by_label(_label("征集截止"))).to_have_value(wrong)
    expect(editor.get_by_label("标题", exact=True)).to_have_value(TITLE)
    editor.get_by_label(_label("征集截止")).fill(END.isoformat())
    editor.get_by_label(_label("电话")).fill("0851-12345678")
    publish(editor)
    added, changed = _saved(day, editor)
    assert not added and list(changed) == [doc]
    front = day.front(doc)
    assert front["意见征集"]["征集截止"] == END and front["意见征集"]["电话"] == "0851-12345678"
    reopened(editor)


def test_3_the_back_button_after_a_save_writes_nothing_and_shows_the_file(day, editor):
    doc = day.written["consultation"]
    open_new(editor, day)
    _entry(editor, day, doc)
    editor.go_back()  # to the empty form
    expect(editor.get_by_label("标题", exact=True)).to_have_value("", timeout=WAIT)
    editor.go_forward()
    expect(editor.get_by_label("标题", exact=True)).to_have_value(TITLE, timeout=WAIT)
    _open_consultation(editor)
    expect(editor.get_by_label(_label("征集截止"))).to_have_value(END.isoformat())
    time.sleep(2)
    added, changed = day.changes()
    assert not added and not changed


def test_4_the_period_over_the_feedback_is_published_and_linked(day, editor):
    consultation = day.written["consultation"]
    number = day.front(consultation)["索引号"]
    day.set_check_date(FEEDBACK_DAY)
    wait_for_text(day.page_url(consultation), 240, 'data-state="已截止"')  # the build's state on the new day
    open_new(editor, day)
    editor.get_by_label("标题", exact=True).fill(FEEDBACK_TITLE)
    select(editor, "栏目", COLUMN)
    select(editor, "主题分类", TOPIC)
    editor.get_by_label("发布日期", exact=True).fill(FEEDBACK_DAY.isoformat())
    editor.get_by_label("成文日期", exact=True).fill(FEEDBACK_DAY.isoformat())
    editor.locator("[data-slate-editor=true]").click()
    editor.keyboard.type("共收到意见12条，采纳5条；未采纳的理由如下。")
    _open_more(editor)
    editor.get_by_label(_label("反馈对象")).fill(number)
    editor.get_by_label(_label("收到意见")).fill("12")
    editor.get_by_label(_label("采纳")).fill("5")
    publish(editor)
    added, changed = _saved(day, editor)
    assert len(added) == 1 and not changed
    feedback = day.written["feedback"] = next(iter(added))
    front = day.front(feedback)
    assert front["反馈对象"] == number and front["收到意见"] == 12 and front["采纳"] == 5
    assert front["发布日期"] == FEEDBACK_DAY
    reopened(editor)
    # the back button after the save: Decap replaced the new form's address with the saved entry's, so back
    # is the page before it (the consultation of step 3), as it is on disk — none of the feedback in it
    editor.go_back()
    expect(editor.get_by_label("标题", exact=True)).to_have_value(TITLE, timeout=WAIT)
    _open_consultation(editor)
    expect(editor.get_by_label(_label("征集截止"))).to_have_value(END.isoformat())
    _open_more(editor)
    expect(editor.get_by_label(_label("反馈对象"))).to_have_value("")
    editor.go_forward()
    expect(editor.get_by_label("标题", exact=True)).to_have_value(FEEDBACK_TITLE, timeout=WAIT)
    time.sleep(2)
    assert day.changes() == ({}, {})
    # both pages link each other
    tab = _new_page(editor, day.page_url(consultation), FEEDBACK_TITLE, FEEDBACK_DAY)
    tab.locator("main").get_by_role("link", name=FEEDBACK_TITLE).first.click()
    expect(tab.locator("main")).to_contain_text("12", timeout=WAIT)
    tab.locator("main").get_by_role("link", name=TITLE).first.click()
    expect(tab.locator("h1")).to_contain_text(TITLE, timeout=WAIT)
    tab.close()


def test_5_a_decision_naming_no_consultation_is_refused(day, editor):
    day.set_check_date(DECISION_DAY)
    time.sleep(5)  # mkdocs serve sees mkdocs.yml change, then holds every request until it has rebuilt
    wait_for_text(day.url + "admin/config.yml", 240, "collections")
    open_new(editor, day)
    editor.get_by_label("标题", exact=True).fill(DECISION_TITLE)
    select(editor, "栏目", DECISION_COLUMN)
    select(editor, "主题分类", TOPIC)
    editor.get_by_label("发布日期", exact=True).fill(DECISION_DAY.isoformat())
    editor.get_by_label("成文日期", exact=True).fill(DECISION_DAY.isoformat())
    editor.locator("[data-slate-editor=true]").click()
    editor.keyboard.type("经征求意见并修改，现作出房屋征收决定。")
    _open_more(editor)
    nowhere = re.sub(r"-\d{5}$", "-99999", day.front(day.written["consultation"])["索引号"])
    editor.get_by_label(_label("来源征集")).fill(nowhere)
    publish(editor)
    _refused(editor, f"找不到索引号为“{nowhere}”的文件", "来源征集")
    time.sleep(2)
    added, changed = day.changes()
    assert not added and not changed
    # a document that is no consultation (the feedback) is refused as well, saying why
    feedback = day.front(day.written["feedback"])["索引号"]
    _retype(editor, "来源征集", feedback)
    publish(editor)
    _refused(editor, f"来源征集 {feedback}", "不是意见征集文件")
    time.sleep(2)
    added, changed = day.changes()
    assert not added and not changed
    expect(editor.get_by_label("标题", exact=True)).to_have_value(DECISION_TITLE)  # nothing typed is lost


def test_6_the_final_decision_links_both_ways_and_the_list_is_right(day, editor):
    consultation = day.written["consultation"]
    number = day.front(consultation)["索引号"]
    _retype(editor, "来源征集", number)  # the form of step 5, corrected
    publish(editor)
    added, changed = _saved(day, editor)
    assert len(added) == 1 and not changed
    decision = day.written["decision"] = next(iter(added))
    front = day.front(decision)
    assert front["来源征集"] == number and front["栏目"] == DECISION_COLUMN and front["标题"] == DECISION_TITLE
    reopened(editor)
    tab = _new_page(editor, day.page_url(consultation), DECISION_TITLE, DECISION_DAY)
    main = tab.locator("main")
    expect(main.get_by_role("link", name=FEEDBACK_TITLE)).not_to_have_count(0)
    main.get_by_role("link", name=DECISION_TITLE).first.click()
    expect(tab.locator("h1")).to_contain_text(DECISION_TITLE, timeout=WAIT)
    expect(tab.locator("main").get_by_role("link", name=TITLE)).not_to_have_count(0)
    # the county's list: the consultation once, closed on the build's check date (the text without script)
    # and in the browser on that day
    tab.goto(day.url + LIST)
    html = wait_for_text(day.url + LIST, 60, TITLE)
    assert html.count(f">{TITLE}<") == 1
    row_html = re.search(r"<tr>(?:(?!</tr>).)*" + re.escape(TITLE) + r"(?:(?!</tr>).)*</tr>", html, re.S)[0]
    assert 'data-state="已截止"' in row_html and f'data-end="{END}"' in row_html
    row = tab.locator("main tr, main li").filter(has=tab.get_by_role("link", name=TITLE))
    expect(row.first).to_contain_text("已截止")
    tab.close()
    assert len(day.numbers()) == len(set(day.numbers())), "every 索引号 stays unique"
