"""意见征集 (issue 26): a consultation is a document with an 意见征集 block (period, ways to comment, 起草说明,
决策依据, 缩短理由); its 意见采纳情况 names it in 反馈对象 and the two pages link each other; the page shows the
state on the check date; the checks report a short period without a reason and a closed consultation without
feedback."""

from __future__ import annotations

import datetime

import pytest
from checks_support import POLICY, found, run
from conftest import ROOT
from mkdocs.exceptions import PluginError

from govsite import urls
from govsite.model import site as model
from govsite.model.documents import Consultation, ConsultationState, Document
from govsite.parse import schema
from govsite.views import pages

DRAFT = "content/departments/nongye/zhengqiu.md"
FEEDBACK = "content/departments/nongye/fankui.md"
DRAFT_NUMBER = "11522799MB10000299/2025-00060"
FEEDBACK_NUMBER = "11522799MB10000299/2025-00061"
PERIOD = "  征集开始: 2025-04-01\n  征集截止: 2025-04-30\n"
WAYS = "  邮箱: zhengqiu@example.gov.cn\n  网址: https://hd.example.gov.cn/zjyj/1\n"


def write_draft(project, period=PERIOD, ways=WAYS, more="", published="2025-04-01"):
    (project / DRAFT).write_text(
        f"---\n标题: 关于扶贫项目管理办法（征求意见稿）公开征求意见的公告\n栏目: fupin-01\n成文日期: 2025-03-28\n"
        f"发布日期: {published}\n主题分类: 民政、扶贫、救灾\\扶贫\n索引号: {DRAFT_NUMBER}\n"
        f"意见征集:\n{period}{ways}{more}---\n\n征求意见稿全文。\n", encoding="utf-8")


def write_feedback(project, target=DRAFT_NUMBER, numbers="收到意见: 12\n采纳: 5\n", path=FEEDBACK,
                   number=FEEDBACK_NUMBER):
    published = "" if numbers.startswith("发布日期") else "发布日期: 2025-05-12\n"
    (project / path).write_text(
        f"---\n标题: 扶贫项目管理办法征求意见采纳情况\n栏目: fupin-01\n成文日期: 2025-04-28\n{published}"
        f"主题分类: 民政、扶贫、救灾\\扶贫\n索引号: {number}\n反馈对象: {target}\n{numbers}---\n\n采纳情况及理由。\n",
        encoding="utf-8")


def load(project, as_of="2025-04-20"):
    return model.load(project, project / "content", project / "catalog", as_of=datetime.date.fromisoformat(as_of))


def errors_of(project) -> str:
    with pytest.raises(PluginError) as caught:
        load(project)
    return str(caught.value)


def by_file(site, file):
    return next(d for d in site.documents if d.file == file)


def document_view(site, doc):
    u = urls.Urls(True)
    views = pages.generate(site, u, site_name="县", links={}, bundles=[])
    return pages.document(doc, u, views[urls.column(doc.column)], None)


def test_the_consultation_is_declared_once_beside_the_document():
    keys = [f.key for f in schema.fields(Consultation)]
    assert keys == ["征集开始", "征集截止", "邮箱", "信函地址", "电话", "网址", "起草说明", "决策依据", "缩短理由"]
    assert [f.key for f in schema.fields(Consultation) if f.required] == ["征集开始", "征集截止"]
    assert {"意见征集", "反馈对象", "收到意见", "采纳"} <= set(schema.keys(Document))


def test_a_consultation_and_its_feedback_link_each_other(mini):
    write_draft(mini, more=f"  决策依据:\n    - 11522799MB10000299/2025-00001\n    - 《重大行政决策程序暂行条例》\n")
    write_feedback(mini)
    site = load(mini)
    draft, feedback = by_file(site, DRAFT), by_file(site, FEEDBACK)
    assert draft.feedback is feedback and feedback.consulted is draft
    assert (feedback.received, feedback.adopted) == (12, 5)
    view = document_view(site, draft)
    block = view.consultation
    assert block.feedback.title == feedback.title and block.feedback.url.endswith("/fankui/")
    assert [(w.label, w.href) for w in block.ways] == [
        ("邮箱", "mailto:zhengqiu@example.gov.cn"), ("网址", "https://hd.example.gov.cn/zjyj/1")]
    assert [(c.text, c.url is not None) for c in block.basis] == [
        (by_file(site, POLICY).title, True), ("《重大行政决策程序暂行条例》", False)]
    back = document_view(site, feedback)
    assert back.consultation is None and back.feedback.consultation.url.endswith("/zhengqiu/")
    assert (back.feedback.received, back.feedback.adopted) == (12, 5)


@pytest.mark.parametrize(("as_of", "state", "status"), [
    ("2025-03-31", ConsultationState.UPCOMING, "未开始"),
    ("2025-04-01", ConsultationState.OPEN, "征集中（还剩 29 天）"),
    ("2025-04-25", ConsultationState.OPEN, "征集中（还剩 5 天）"),
    ("2025-04-30", ConsultationState.OPEN, "征集中（今天截止）"),
    ("2025-05-01", ConsultationState.CLOSED, "已截止"),
])
def test_the_state_on_the_check_date(mini, as_of, state, status):
    write_draft(mini, published="2025-03-31" if as_of < "2025-04-01" else "2025-04-01")
    site = load(mini, as_of)
    draft = by_file(site, DRAFT)
    assert draft.consultation_state is state
    block = document_view(site, draft).consultation
    assert (block.state, block.status, block.days) == (state, status, 30)


@pytest.mark.parametrize(("period", "ways", "more", "field", "problem"), [
    ("  征集开始: 2025-04-30\n  征集截止: 2025-04-01\n", WAYS, "", "意见征集.征集截止",
     "征集截止 2025-04-01 不晚于征集开始 2025-04-30"),
    ("  征集开始: 2025-03-20\n  征集截止: 2025-04-30\n", WAYS, "", "意见征集.征集开始",
     "征集开始 2025-03-20 早于发布日期 2025-04-01"),
    (PERIOD, "  网址: hd.example.gov.cn/zjyj\n", "", "意见征集.网址", "网址“hd.example.gov.cn/zjyj”不是 http:// 或 https:// 开头的网址"),
    (PERIOD, "  邮箱: zhengqiu.example.gov.cn\n", "", "意见征集.邮箱", "邮箱“zhengqiu.example.gov.cn”不是电子邮箱地址"),
    (PERIOD, "", "", "意见征集.邮箱", "没有填写提出意见的方式"),
    ("  征集开始: 2025-04-01\n", WAYS, "", "意见征集.征集截止", "缺少"),
])
def test_bad_consultations_are_refused_naming_file_and_field(mini, period, ways, more, field, problem):
    write_draft(mini, period, ways, more)
    message = errors_of(mini)
    assert DRAFT in message and f"字段“{field}”" in message and problem in message, message


@pytest.mark.parametrize(("target", "numbers", "field", "problem"), [
    ("11522799MB10000299/2025-09999", "", "反馈对象", "找不到索引号为“11522799MB10000299/2025-09999”的文件"),
    ("11522799MB10000299/2025-00001", "", "反馈对象", f"反馈对象 11522799MB10000299/2025-00001（{POLICY}）不是意见征集文件"),
    (DRAFT_NUMBER, "收到意见: 3\n采纳: 5\n", "采纳", "采纳 5 条多于收到意见 3 条"),
    (DRAFT_NUMBER, "发布日期: 2025-04-30\n", "发布日期", f"意见采纳情况的发布日期 2025-04-30 不晚于意见征集 {DRAFT_NUMBER} 的征集截止 2025-04-30"),
])
def test_bad_feedback_is_refused_naming_file_and_field(mini, target, numbers, field, problem):
    write_draft(mini)
    write_feedback(mini, target, numbers)
    message = errors_of(mini)
    assert FEEDBACK in message and f"字段“{field}”" in message and problem in message, message


def test_counts_without_a_consultation_are_refused(mini):
    edit = mini / POLICY
    edit.write_text(edit.read_text(encoding="utf-8").replace("---\n\n", "收到意见: 3\n---\n\n", 1), encoding="utf-8")
    message = errors_of(mini)
    assert POLICY in message and "字段“收到意见”" in message and "没有填写反馈对象" in message, message


def test_a_consultation_has_one_feedback(mini):
    write_draft(mini)
    write_feedback(mini)
    write_feedback(mini, path="content/departments/nongye/fankui2.md", number="11522799MB10000299/2025-00062")
    message = errors_of(mini)
    assert "content/departments/nongye/fankui2.md" in message and "已有意见采纳情况 " + FEEDBACK in message, message


def test_a_short_period_needs_a_reason(mini):
    write_draft(mini, "  征集开始: 2025-04-01\n  征集截止: 2025-04-20\n")
    [(severity, org, column, file, field, message)] = found(run(mini, "2025-04-10"), "consultation_period")
    assert (severity, file, field) == ("warning", DRAFT, "意见征集.征集截止")
    assert "共 20 日，少于 30 日" in message and "缩短理由" in message
    write_draft(mini, "  征集开始: 2025-04-01\n  征集截止: 2025-04-20\n", more="  缩短理由: 防汛工作紧急\n")
    assert found(run(mini, "2025-04-10"), "consultation_period") == []
    write_draft(mini, "  征集开始: 2025-04-01\n  征集截止: 2025-04-20\n")
    assert found(run(mini, "2025-04-10", {"consultation_min_days": 20}), "consultation_period") == []


def test_a_closed_consultation_without_feedback(mini):
    write_draft(mini)
    assert found(run(mini, "2025-05-30"), "consultation_feedback") == []  # closed 4-30, 30 days not over
    [(severity, org, column, file, field, message)] = found(run(mini, "2025-05-31"), "consultation_feedback")
    assert (severity, file, field) == ("warning", DRAFT, "意见征集")
    assert "2025-04-30 截止，超过 30 日" in message and DRAFT_NUMBER in message
    assert found(run(mini, "2025-05-31", {"consultation_feedback_days": 40}), "consultation_feedback") == []
    assert found(run(mini, "2025-05-31", {"consultation_feedback": "error"}), "consultation_feedback")[0][0] == "error"
    write_feedback(mini)
    assert found(run(mini, "2025-07-31"), "consultation_feedback") == []


def test_the_badge_script_is_a_file_and_the_template_shows_the_block():
    assert (ROOT / "overrides" / pages.CONSULTATION_SCRIPT).is_file()
    template = (ROOT / "overrides/document.html").read_text(encoding="utf-8")
    assert 'id="consultation-status"' in template and "<script src=" in template


def test_the_page_key_follows_the_state(mini):
    """An incremental build renders the page again when the day changes its state (the key is the view's content)."""
    from govsite.speed import reuse

    write_draft(mini)

    def key(as_of):
        site = load(mini, as_of)
        return reuse.content(document_view(site, by_file(site, DRAFT)))

    assert key("2025-04-25") == key("2025-04-25")
    assert len({key("2025-04-25"), key("2025-04-26"), key("2025-05-01")}) == 3
