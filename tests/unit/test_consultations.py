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
    assert keys == ["征集开始", "征集截止", "邮箱", "信函地址", "电话", "网址", "起草说明", "决策依据", "缩短理由", "草案类型"]
    assert [f.key for f in schema.fields(Consultation) if f.required] == ["征集开始", "征集截止"]
    assert {"意见征集", "反馈对象", "来源征集", "收到意见", "采纳"} <= set(schema.keys(Document))


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
    (PERIOD, WAYS, "  草案类型: 地方性法规\n", "意见征集.草案类型", "不是允许的值"),
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


DECISION = "content/departments/nongye/banfa.md"
DECISION_NUMBER = "11522799MB10000299/2025-00063"


def write_decision(project, target=DRAFT_NUMBER, published="2025-05-20", more=""):
    (project / DECISION).write_text(
        f"---\n标题: 扶贫项目管理办法\n栏目: fupin-01\n成文日期: 2025-04-28\n发布日期: {published}\n"
        f"主题分类: 民政、扶贫、救灾\\扶贫\n索引号: {DECISION_NUMBER}\n发文字号: 〔2025〕9号\n来源征集: {target}\n{more}---\n\n"
        "正式印发的办法。\n", encoding="utf-8")


def test_the_final_decision_and_its_consultation_link_each_other(mini):
    write_draft(mini)
    write_feedback(mini)
    write_decision(mini)
    site = load(mini, "2025-06-01")
    draft, decision = by_file(site, DRAFT), by_file(site, DECISION)
    assert draft.decisions == [decision] and decision.decided_from is draft
    block = document_view(site, draft).consultation
    assert [(e.title, e.url.endswith("/banfa/")) for e in block.decisions] == [("扶贫项目管理办法", True)]
    back = document_view(site, decision)
    assert back.decided_from.title == draft.title and back.decided_from.url.endswith("/zhengqiu/")
    assert back.consultation is None and back.feedback is None


@pytest.mark.parametrize(("target", "published", "more", "field", "problem"), [
    ("11522799MB10000299/2025-09999", "2025-05-20", "", "来源征集", "找不到索引号为“11522799MB10000299/2025-09999”的文件"),
    ("11522799MB10000299/2025-00001", "2025-05-20", "", "来源征集",
     f"来源征集 11522799MB10000299/2025-00001（{POLICY}）不是意见征集文件"),
    (DRAFT_NUMBER, "2025-04-30", "", "发布日期",
     f"最终决定的发布日期 2025-04-30 不晚于意见征集 {DRAFT_NUMBER} 的征集截止 2025-04-30"),
    (DECISION_NUMBER, "2025-05-20", "", "来源征集", "来源征集不能是本文件自己的索引号"),
    (DRAFT_NUMBER, "2025-05-20", f"反馈对象: {DRAFT_NUMBER}\n", "来源征集", "同一文件不能既是意见采纳情况又是最终决定"),
])
def test_bad_decisions_are_refused_naming_file_and_field(mini, target, published, more, field, problem):
    write_draft(mini)
    write_decision(mini, target, published, more)
    message = errors_of(mini)
    assert DECISION in message and f"字段“{field}”" in message and problem in message, message


def test_a_new_consultation_whose_period_is_over_is_refused(mini):
    """"New": published after its own 征集截止 — nobody could comment. One published within its period (an old
    one, entered late with its own dates) loads."""
    write_draft(mini, published="2025-05-10")
    message = errors_of(mini)
    assert DRAFT in message and "字段“意见征集.征集截止”" in message, message
    assert "征集期限 2025-04-01 至 2025-04-30 在发布日期 2025-05-10 之前已经结束" in message, message
    assert "征集开始 2025-04-01 早于发布日期" not in message  # one message, the one that says what is wrong
    write_draft(mini, published="2025-04-01")
    assert by_file(load(mini, "2025-12-31"), DRAFT).consultation_state is ConsultationState.CLOSED


NORMATIVE = "  草案类型: 行政规范性文件\n"


def test_a_normative_documents_period_is_counted_in_working_days(mini):
    """2025-04-01 … 04-09 has 6 working days (04-04 is 清明); to 04-10, 7."""
    write_draft(mini, "  征集开始: 2025-04-01\n  征集截止: 2025-04-09\n", more=NORMATIVE)
    [(severity, org, column, file, field, message)] = found(run(mini, "2025-04-05"), "consultation_period")
    assert (severity, file, field) == ("warning", DRAFT, "意见征集.征集截止")
    assert "共 6 个工作日，少于行政规范性文件的 7 个工作日" in message, message
    write_draft(mini, "  征集开始: 2025-04-01\n  征集截止: 2025-04-10\n", more=NORMATIVE)
    assert found(run(mini, "2025-04-05"), "consultation_period") == []  # 10 days, but 7 working days
    assert found(run(mini, "2025-04-05", {"consultation_min_workdays": 8}), "consultation_period") != []
    write_draft(mini, "  征集开始: 2025-04-01\n  征集截止: 2025-04-10\n")  # a 重大行政决策: 30 days
    assert "共 10 日，少于 30 日" in found(run(mini, "2025-04-05"), "consultation_period")[0][5]


def test_a_final_decision_before_the_feedback(mini):
    write_draft(mini)
    write_decision(mini)
    """Within the 30 days after the 征集截止 the feedback is not late yet, but the decision is out: the rule
    consultation_feedback reports it on the decision."""
    [(severity, org, column, file, field, message)] = found(run(mini, "2025-05-21"), "consultation_feedback")
    assert (severity, file, field) == ("warning", DECISION, "来源征集")
    assert DRAFT_NUMBER in message and DRAFT in message and "还没有发布意见采纳情况" in message
    assert found(run(mini, "2025-05-21", {"consultation_feedback": "error"}), "consultation_feedback")[0][0] == "error"
    assert found(run(mini, "2025-05-21", {"consultation_feedback": "off"}), "consultation_feedback") == []
    write_feedback(mini)
    assert found(run(mini, "2025-05-21"), "consultation_feedback") == []


def write_consultation(project, name, number, start, end, title):
    (project / f"content/departments/nongye/{name}.md").write_text(
        f"---\n标题: {title}\n栏目: fupin-01\n成文日期: {start}\n发布日期: {start}\n主题分类: 民政、扶贫、救灾\\扶贫\n"
        f"索引号: 11522799MB10000299/2025-{number}\n意见征集:\n  征集开始: {start}\n  征集截止: {end}\n"
        f"  电话: 0851-1234567\n---\n\n征求意见稿。\n", encoding="utf-8")


def list_site(mini):
    """On 2025-04-20: the draft (04-01 … 04-30) and 早 (04-10 … 04-25) open, 未 (05-01 …) not yet, 旧 (01-05 …
    02-05) and 更旧 (2025-01-02 … 01-31) closed; the draft has its feedback and decision later (not on 04-20)."""
    write_draft(mini)
    write_consultation(mini, "zao", "00070", "2025-04-10", "2025-04-25", "早截止的征求意见稿")
    write_consultation(mini, "wei", "00071", "2025-05-01", "2025-05-31", "未开始的征求意见稿")
    write_consultation(mini, "jiu", "00072", "2025-01-05", "2025-02-05", "已截止的征求意见稿")
    write_consultation(mini, "gengjiu", "00073", "2025-01-02", "2025-01-31", "更早截止的征求意见稿")
    return load(mini, "2025-04-20")


def test_the_list_has_the_open_ones_first_then_by_date(mini):
    site = list_site(mini)
    u = urls.Urls(True)
    views = pages.generate(site, u, site_name="县", links={}, bundles=[])
    view = views[urls.CONSULTATIONS]
    assert isinstance(view, pages.ConsultationListView) and view.title == "意见征集"
    assert [(r.title[:5], r.state, r.status) for r in view.rows] == [
        ("早截止的征", "征集中", "征集中（还剩 5 天）"), ("关于扶贫项", "征集中", "征集中（还剩 10 天）"),
        ("未开始的征", "未开始", "未开始"), ("已截止的征", "已截止", "已截止"), ("更早截止的", "已截止", "已截止")]
    assert view.open_count == 2 and view.rows[0].org == "小县农业农村局"
    assert (view.rows[3].start, view.rows[3].end) == (datetime.date(2025, 1, 5), datetime.date(2025, 2, 5))
    assert view.feed.url == "xxgk/yjzj/feed.xml" and view.script == pages.CONSULTATION_SCRIPT
    for page in (views[urls.HOME], views[urls.XXGK_INDEX]):  # the open ones, and the way to all of them
        assert [r.title[:5] for r in page.consultations.rows] == ["早截止的征", "关于扶贫项"]
        assert page.consultations.more.url == "xxgk/yjzj/"
    assert "意见征集" in [e.title for e in views[urls.XXGK_INDEX].entries]
    assert urls.CONSULTATIONS in set(urls.generated(site))


def test_the_list_links_feedback_and_decisions(mini):
    write_draft(mini)
    write_feedback(mini)
    write_decision(mini)
    site = load(mini, "2025-06-01")
    [row] = pages.generate(site, urls.Urls(True), site_name="县", links={}, bundles=[])[urls.CONSULTATIONS].rows
    assert row.state == "已截止" and row.feedback.url.endswith("/fankui/")
    assert [d.url.endswith("/banfa/") for d in row.decisions] == [True]


def test_the_consultations_feed(mini):
    from govsite.views import feeds

    site = list_site(mini)
    absolute = lambda uri: "https://www.example.gov.cn/" + urls.Urls(True).url(uri)  # noqa: E731
    feed = next(f for f in feeds.plan(site, absolute, site_name="小县", author="小县人民政府办公室")
                if f.uri == urls.CONSULTATIONS_FEED)
    assert urls.CONSULTATIONS_FEED in feeds.files(site)
    assert feed.page == "https://www.example.gov.cn/xxgk/yjzj/" and feed.title == "小县 意见征集"
    # Every consultation and nothing else, newest 发布日期 first.
    assert [e.title[:5] for e in feed.entries] == ["未开始的征", "早截止的征", "关于扶贫项", "已截止的征", "更早截止的"]
    draft = next(e for e in feed.entries if e.index_number == DRAFT_NUMBER)
    assert "征集时间：2025-04-01 至 2025-04-30" in draft.summary
    whole = next(f for f in feeds.plan(site, absolute, site_name="小县", author="小县") if f.uri == urls.FEED)
    assert "征集时间" not in next(e for e in whole.entries if e.index_number == DRAFT_NUMBER).summary


def test_the_consultations_in_open_data(mini):
    from govsite.views import opendata

    write_draft(mini)
    write_feedback(mini)
    site = load(mini, "2025-06-01")
    absolute = lambda uri: "https://www.example.gov.cn/" + urls.Urls(True).url(uri)  # noqa: E731
    [_, documents] = opendata.datasets(site, absolute, "小县")
    assert documents.fields[-4:] == ["征集开始", "征集截止", "状态", "反馈"]
    by_number = {r["索引号"]: r for r in documents.rows}
    assert {k: by_number[DRAFT_NUMBER][k] for k in documents.fields[-4:]} == {
        "征集开始": "2025-04-01", "征集截止": "2025-04-30", "状态": "已截止",
        "反馈": "https://www.example.gov.cn/departments/nongye/fankui/"}
    assert [by_number[FEEDBACK_NUMBER][k] for k in documents.fields[-4:]] == [None] * 4


def test_the_form_proposes_the_consultation_where_the_catalog_marks_the_column(example_model):
    """The example's 征收补偿方案征求意见 item says 意见征集: true: the county government's form offers the
    consultation's fields right after the body (not folded under 更多), its hint naming the column, and the
    column's option says so; an organisation without such a column keeps them folded with the rest."""
    import datetime as dt

    from govsite.parse.settings import CmsOptions
    from govsite.views import cms

    item = example_model.catalog.items["guoyou-tudi-fangwu-zhengshou-06"]
    assert item.consultation and not example_model.catalog.items["guoyou-tudi-fangwu-zhengshou-07"].consultation
    config = cms.config(example_model, CmsOptions(), content="content", today=dt.date(2026, 12, 1))
    by_org = {c["name"]: c["fields"] for c in config["collections"]}
    names = [f["name"] for f in by_org["county"]]
    assert names.index("意见征集") == names.index("附件") + 1 < names.index("有效性")  # 有效性: the first folded
    field = by_org["county"][names.index("意见征集")]
    assert "“征收补偿方案征求意见”的征求意见稿在此填写" in field["hint"] and field["widget"] == "object"
    assert [s["name"] for s in field["fields"]][:2] == ["征集开始", "征集截止"]
    options = {o["value"]: o["label"] for o in by_org["county"][names.index("栏目")]["options"]}
    assert options["guoyou-tudi-fangwu-zhengshou-06"].endswith("（公开征求意见）")
    assert not options["guoyou-tudi-fangwu-zhengshou-07"].endswith("（公开征求意见）")
    unmarked = next(org for org, fields in by_org.items()
                    if not any(o["label"].endswith("（公开征求意见）") for f in fields if f["name"] == "栏目" for o in f["options"]))
    names = [f["name"] for f in by_org[unmarked]]
    assert names.index("意见征集") > names.index("有效性")


def test_the_annual_report_counts_the_consultations_for_its_overview(mini):
    """公众参与 for 一、总体情况: the organisation's consultations opened in the year, the comments their feedback
    received and adopted; another year's consultation is not counted."""
    from test_annual import DATA, FILE

    (mini / FILE).parent.mkdir()
    (mini / FILE).write_text(DATA, encoding="utf-8")
    write_draft(mini)
    write_feedback(mini)  # 12 received, 5 adopted
    write_consultation(mini, "zao", "00070", "2025-04-10", "2025-05-25", "另一份征求意见稿")  # no feedback yet
    write_consultation(mini, "jiu", "00072", "2024-12-01", "2025-01-05", "上年度的征求意见稿")
    site = load(mini, "2026-02-01")
    [report] = site.annual
    p = report.participation
    assert (p.consultations, p.answered, p.received, p.adopted) == (2, 1, 12, 5)
    assert set(p.documents) == {DRAFT, "content/departments/nongye/zao.md"}
    assert p.sentence == "本年度通过网站公开征求意见2次，已公布意见采纳情况1次，收到意见12条，采纳5条。"
    views = pages.generate(site, urls.Urls(True), site_name="县", links={}, bundles=[])
    assert views[urls.annual_report(report)].participation == p.sentence
    from govsite.model import annual

    assert annual.participation(report.org, site.documents, 2024).consultations == 1
    assert annual.participation(report.org, site.documents, 2023).sentence == ""
