"""A 信息员's working day in the form editor (issue 22), in Chromium against `make cms` as it runs on an
editor's machine — decap-server behind the product's guard (tools/cms_guard.py) writing into content/ of
a copy of the example county, `mkdocs serve` beside it — with the files on disk asserted after every step:

a notice published; "发布，然后新建内容" twice without one document overwriting another; a Chinese-named
attachment uploaded, then a second file of that name refused without touching the published one; a
table pasted from an HTML clipboard; an existing document edited; two entries visited by address and
the back button without one's values landing in the other; a reused 索引号 and an empty title.

One module-scoped session walks the day step by step (each test is one step and relies on the last); the
day's fixtures (``day``, ``editor``) and steps are shared with the other days in conftest.py.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.parse
import urllib.request

from playwright.sync_api import expect

from .conftest import DAY_ORG as ORG
from .conftest import FORM_WAIT as WAIT
from .conftest import open_new, publish, reopened, select, wait_for_text


YEAR = time.strftime("%Y")
PDF_1 = "%PDF-1.4\n% 第一版\n".encode()
PDF_2 = "%PDF-1.4\n% 第二版（不应覆盖第一版）\n".encode()
TABLE_HTML = ("<meta charset='utf-8'><table><tr><th>项目</th><th>金额（万元）</th></tr>"
              "<tr><td>道路维修</td><td>12.5</td></tr><tr><td>路灯 改造</td><td>3</td></tr></table>")


def _fill_notice(page, title: str, body: str) -> None:
    page.get_by_label("标题", exact=True).fill(title)
    select(page, "栏目", "fdzdgk-33")
    select(page, "主题分类", "综合政务\\政务公开")
    page.locator("[data-slate-editor=true]").click()
    page.keyboard.type(body)


def test_1_a_notice_is_published(day, editor):
    open_new(editor, day)
    number = editor.get_by_label("索引号", exact=True).input_value()
    _fill_notice(editor, "城关镇关于冬季防火的通知", "请各村做好冬季防火工作。")
    publish(editor)
    added, changed = day.wait_for_change()
    assert len(added) == 1 and not changed
    path = next(iter(added))
    assert path.parent == day.folder / YEAR
    front = day.front(path)
    assert front["标题"] == "城关镇关于冬季防火的通知" and front["索引号"] == number and front["栏目"] == "fdzdgk-33"
    assert "请各村做好冬季防火工作。" in path.read_text(encoding="utf-8")
    day.written["first"] = path
    reopened(editor)
    expect(editor.get_by_label("标题", exact=True)).to_have_value("城关镇关于冬季防火的通知", timeout=WAIT)


def test_2_publish_and_new_twice_never_overwrites(day, editor):
    open_new(editor, day)
    _fill_notice(editor, "城关镇关于道路施工的通告", "道路施工期间请绕行。")
    publish(editor, "发布，然后新建内容")
    added, changed = day.wait_for_change()
    assert len(added) == 1 and not changed, "the second document must be a new file"
    day.written["second"] = next(iter(added))
    reopened(editor)
    expect(editor.get_by_label("标题", exact=True)).to_have_value("", timeout=WAIT)  # a new form, not the last one
    _fill_notice(editor, "城关镇关于停水的通知", "12月8日停水一天。")
    publish(editor, "发布，然后新建内容")
    added, changed = day.wait_for_change()
    assert len(added) == 1 and not changed, "the third document must be a new file too"
    day.written["third"] = path = next(iter(added))
    assert day.front(path)["标题"] == "城关镇关于停水的通知"
    assert day.front(day.written["second"])["标题"] == "城关镇关于道路施工的通告"
    assert len(day.numbers()) == len(set(day.numbers())), "every 索引号 of the county stays unique"
    assert "发布，然后复制内容" not in editor.get_by_role("button").all_inner_texts()


def test_3_a_chinese_named_attachment_keeps_its_name(day, editor, tmp_path):
    pdf = tmp_path / "检查记录表.pdf"
    pdf.write_bytes(PDF_1)
    open_new(editor, day)
    _fill_notice(editor, "城关镇安全检查记录", "检查记录见附件。")
    editor.get_by_role("button", name="添加附件").or_(editor.get_by_role("button", name="新增附件")).first.click()
    editor.get_by_label("名称", exact=True).fill("检查记录表")
    editor.get_by_role("button", name="选择文件").click()
    editor.locator("input[type=file]").set_input_files(pdf)
    names = editor.locator("[class*=CardText], [class*=cardText]")
    expect(names.filter(has_text="检查记录表.pdf").first).to_be_visible(timeout=WAIT)
    assert "_org.yml" not in " ".join(names.all_inner_texts()), "the picker lists attachments only"
    assert "删除已选中项目" not in editor.get_by_role("button").all_inner_texts()
    editor.get_by_role("button", name="选用已选中项目").click()
    publish(editor)
    added, changed = day.wait_for_change()
    assert len(added) == 1 and not changed
    doc = day.written["attachment"] = next(iter(added))
    attachment = day.front(doc)["附件"][0]
    assert attachment["名称"] == "检查记录表" and attachment["文件"].endswith("检查记录表.pdf")
    stored = (doc.parent / attachment["文件"]).resolve()
    assert stored.read_bytes() == PDF_1
    assert not list(day.folder.rglob(".pdf")), "no nameless attachment"
    day.attachment = stored
    reopened(editor)
    # the site publishes it under its Chinese name
    page_url = day.url + doc.relative_to(day.project / "content").with_suffix("").as_posix() + "/"
    html = wait_for_text(page_url, 180, "检查记录表")
    link = re.search(r'href="([^"]*\.pdf)"', html).group(1)
    with urllib.request.urlopen(urllib.parse.urljoin(page_url, link), timeout=10) as response:
        assert response.read() == PDF_1


def test_4_a_second_file_of_that_name_never_replaces_the_published_one(day, editor, tmp_path):
    pdf = tmp_path / "检查记录表.pdf"
    pdf.write_bytes(PDF_2)
    doc = day.written["attachment"]
    editor.goto(day.url + f"admin/#/collections/{ORG}/entries/{YEAR}/{doc.stem}")
    expect(editor.get_by_label("标题", exact=True)).to_have_value("城关镇安全检查记录", timeout=WAIT)
    editor.get_by_role("button", name="选择其他文件").click()
    editor.locator("input[type=file]").set_input_files(pdf)  # Decap asks whether to replace: the dialog says yes
    time.sleep(3)
    editor.keyboard.press("Escape")
    assert day.attachment.read_bytes() == PDF_1, "the published attachment is unchanged"
    added, changed = day.changes()
    assert not added and not changed


def test_5_a_table_pasted_from_a_word_processor_is_a_table(day, editor):
    open_new(editor, day)
    _fill_notice(editor, "城关镇2026年村级道路维修资金公示", "资金安排如下：")
    editor.get_by_role("button", name="添加组件").click()
    editor.get_by_role("menuitem", name="表格").click()
    box = editor.get_by_label("表格内容")
    box.click()
    editor.evaluate("""(html) => { const data = new DataTransfer(); data.setData('text/html', html);
        data.setData('text/plain', '项目 金额（万元） 道路维修 12.5 路灯 改造 3');
        document.activeElement.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                                                                             cancelable: true})); }""", TABLE_HTML)
    expect(box).to_have_value("项目\t金额（万元）\n道路维修\t12.5\n路灯 改造\t3", timeout=WAIT)
    publish(editor)
    added, changed = day.wait_for_change()
    assert len(added) == 1 and not changed
    doc = next(iter(added))
    text = doc.read_text(encoding="utf-8")
    assert "| 项目 | 金额（万元） |\n| --- | --- |\n| 道路维修 | 12.5 |\n| 路灯 改造 | 3 |" in text
    reopened(editor)
    page_url = day.url + doc.relative_to(day.project / "content").with_suffix("").as_posix() + "/"
    html = wait_for_text(page_url, 180, "道路维修")
    assert re.search(r"<table[^>]*>.*<th[^>]*>项目</th>.*<td[^>]*>12.5</td>", html, re.S)


def test_6_an_existing_document_is_edited_in_place(day, editor):
    first = day.written["first"]
    number = day.front(first)["索引号"]
    editor.goto(day.url + f"admin/#/collections/{ORG}")
    editor.get_by_text("城关镇关于冬季防火的通知").first.click()
    expect(editor.get_by_label("标题", exact=True)).to_have_value("城关镇关于冬季防火的通知", timeout=WAIT)
    editor.get_by_label("标题", exact=True).fill("城关镇关于冬季防火工作的通知")
    publish(editor)
    added, changed = day.wait_for_change()
    assert not added and list(changed) == [first]
    assert day.front(first)["标题"] == "城关镇关于冬季防火工作的通知" and day.front(first)["索引号"] == number
    reopened(editor)
    view = editor.get_by_role("link", name=re.compile("查看"))
    assert view.first.get_attribute("href").endswith(f"townships/chengguan/{YEAR}/{first.stem}/")


def test_7_moving_between_entries_never_carries_one_into_the_other(day, editor):
    first, second = day.written["first"], day.written["second"]
    entry = day.url + f"admin/#/collections/{ORG}/entries/{YEAR}/"
    editor.goto(entry + first.stem)
    expect(editor.get_by_label("标题", exact=True)).to_have_value("城关镇关于冬季防火工作的通知", timeout=WAIT)
    editor.goto(entry + second.stem)  # by the address bar
    expect(editor.get_by_label("标题", exact=True)).to_have_value("城关镇关于道路施工的通告", timeout=WAIT)
    editor.go_back()  # and back
    expect(editor.get_by_label("标题", exact=True)).to_have_value("城关镇关于冬季防火工作的通知", timeout=WAIT)
    editor.get_by_label(re.compile("^发文字号")).fill("城府通〔2026〕12号")
    publish(editor)
    added, changed = day.wait_for_change()
    assert not added and list(changed) == [first]
    assert day.front(first)["发文字号"] == "城府通〔2026〕12号"
    assert day.front(second)["标题"] == "城关镇关于道路施工的通告" and "发文字号" not in day.front(second)
    reopened(editor)


def test_8_a_reused_index_number_never_takes_another_documents_place(day, editor):
    taken = day.front(day.written["first"])["索引号"]
    open_new(editor, day)
    _fill_notice(editor, "城关镇关于志愿服务的倡议", "欢迎报名。")
    editor.get_by_label("索引号", exact=True).fill(taken)
    publish(editor)
    added, changed = day.wait_for_change()
    assert not changed, "no document is overwritten"
    for path in added:  # written under a number of its own, or not at all
        assert day.front(path)["索引号"] != taken
    assert len(day.numbers()) == len(set(day.numbers()))


def test_9_an_empty_title_writes_nothing(day, editor):
    open_new(editor, day)
    select(editor, "栏目", "fdzdgk-33")
    select(editor, "主题分类", "综合政务\\政务公开")
    publish(editor)
    editor.get_by_text("“标题”是必填项").first.wait_for()
    time.sleep(2)
    added, changed = day.changes()
    assert not added and not changed


def test_10_an_error_made_outside_the_form_is_shown_not_frozen(day, editor):
    """A document broken by hand (or by a merge) never freezes the preview: the form and every page show the
    Chinese error, the last good site stays browsable, and the error goes once it is fixed."""
    second = day.written["second"]
    good = second.read_text(encoding="utf-8")
    second.write_text(good.replace("栏目: fdzdgk-33", "栏目: fdzdgk-99"), encoding="utf-8")
    wait_for_text(day.url + "preview-errors.json", 180, "fdzdgk-99")
    editor.goto(day.url + f"admin/#/collections/{ORG}")
    alert = editor.locator(".govsite-preview-errors")
    expect(alert).to_contain_text("预览未更新", timeout=WAIT)
    expect(alert).to_contain_text(second.relative_to(day.project).as_posix(), timeout=WAIT)
    expect(alert).to_contain_text("栏目", timeout=WAIT)
    editor.goto(day.url + "townships/chengguan/")  # the last good site, with the same errors above it
    expect(editor.locator(".govsite-preview-errors")).to_contain_text("fdzdgk-99", timeout=WAIT)
    expect(editor.locator("main")).to_contain_text("城关镇", timeout=WAIT)
    second.write_text(good, encoding="utf-8")
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(day.url + "preview-errors.json", timeout=5)
        except urllib.error.HTTPError:
            break
        time.sleep(0.5)
    editor.goto(day.url + "townships/chengguan/")
    editor.locator("main").wait_for()
    expect(editor.locator(".govsite-preview-errors")).to_have_count(0, timeout=WAIT)
    day.changes()
