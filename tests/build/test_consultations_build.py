"""意见征集 in a real build (issue 26): the consultation's page shows 征集中 with the days left at one check date
and 已截止 at a later one (the no-script text; consultation.js is served and loaded from a file), the
consultation and its 意见采纳情况 link each other, and the check report names a closed consultation whose
feedback is missing."""

from __future__ import annotations

import json
import re
import shutil

from conftest import build

from govsite import urls

DRAFT = "departments/nongye/zhengqiu"
FEEDBACK = "departments/nongye/fankui"
DRAFT_NUMBER = "11522799MB10000299/2025-00060"


def write(project, *, feedback: bool) -> None:
    (project / f"content/{DRAFT}.md").write_text(
        "---\n标题: 关于扶贫项目管理办法（征求意见稿）公开征求意见的公告\n栏目: fupin-01\n成文日期: 2025-03-28\n"
        f"发布日期: 2025-04-01\n主题分类: 民政、扶贫、救灾\\扶贫\n索引号: {DRAFT_NUMBER}\n"
        "意见征集:\n  征集开始: 2025-04-01\n  征集截止: 2025-04-30\n  邮箱: zhengqiu@example.gov.cn\n"
        "  网址: https://hd.example.gov.cn/zjyj/1\n---\n\n征求意见稿全文。\n", encoding="utf-8")
    path = project / f"content/{FEEDBACK}.md"
    if feedback:
        path.write_text(
            "---\n标题: 扶贫项目管理办法征求意见采纳情况\n栏目: fupin-01\n成文日期: 2025-05-10\n发布日期: 2025-05-12\n"
            f"主题分类: 民政、扶贫、救灾\\扶贫\n索引号: 11522799MB10000299/2025-00061\n反馈对象: {DRAFT_NUMBER}\n"
            "收到意见: 12\n采纳: 5\n---\n\n采纳情况及理由。\n", encoding="utf-8")
    elif path.exists():
        path.unlink()


def page(site, uri: str) -> str:
    return (site / uri / "index.html").read_text(encoding="utf-8")


def findings(site, rule: str) -> list[dict]:
    report = json.loads((site / urls.CHECKS_JSON).read_text(encoding="utf-8"))
    return [f for f in report["findings"] if f["rule"] == rule]


def test_a_consultation_and_its_feedback_in_a_build(mini):
    write(mini, feedback=False)
    result = build(mini, env={"GOV_AS_OF": "2025-04-25"})
    assert result.returncode == 0, result.output
    html = page(result.site, DRAFT)
    badge = re.search(r'<strong class="gov-consultation-status" id="consultation-status" data-state="([^"]*)" '
                      r'data-start="2025-04-01" data-end="2025-04-30">([^<]*)</strong>', html)
    assert badge and badge.groups() == ("征集中", "征集中（还剩 5 天）")
    assert '<time datetime="2025-04-01">2025-04-01</time> 至 <time datetime="2025-04-30">2025-04-30</time>（共 30 日）' in html
    assert 'href="mailto:zhengqiu@example.gov.cn"' in html and 'href="https://hd.example.gov.cn/zjyj/1"' in html
    assert '<script src="../../../assets/javascripts/consultation.js" defer></script>' in html
    assert (result.site / "assets/javascripts/consultation.js").is_file()
    assert "<script>" not in html.split('id="consultation-heading"')[1].split("</section>")[0]  # no inline script
    assert findings(result.site, "consultation_feedback") == []

    shutil.rmtree(result.site)
    result = build(mini, env={"GOV_AS_OF": "2025-06-30"})  # closed 4-30, no feedback 61 days later
    assert result.returncode == 0, result.output  # findings never stop the build
    assert 'data-state="已截止"' in page(result.site, DRAFT) and ">已截止</strong>" in page(result.site, DRAFT)
    [finding] = findings(result.site, "consultation_feedback")
    assert finding["file"] == f"content/{DRAFT}.md" and finding["severity"] == "warning"
    assert DRAFT_NUMBER in finding["message"]

    write(mini, feedback=True)
    shutil.rmtree(result.site)
    result = build(mini, env={"GOV_AS_OF": "2025-06-30"})
    assert result.returncode == 0, result.output
    draft, feedback = page(result.site, DRAFT), page(result.site, FEEDBACK)
    assert re.search(r'意见采纳情况：<a href="\.\./fankui/">扶贫项目管理办法征求意见采纳情况</a>', draft)
    assert re.search(r'<a href="\.\./zhengqiu/">关于扶贫项目管理办法（征求意见稿）公开征求意见的公告</a>', feedback)
    assert "收到意见 12 条，采纳 5 条。" in feedback
    assert findings(result.site, "consultation_feedback") == []


def test_the_example_countys_consultations(example_site):
    """One open on the example's check date (2026-11-30), one closed with its feedback."""
    open_page = page(example_site, "county/2026/beiguan-gengxin-buchang-fangan-zhengqiu")
    assert 'data-state="征集中" data-start="2026-11-18" data-end="2026-12-17">征集中（还剩 17 天）</strong>' in open_page
    assert 'href="../../2021/chengnan-pengqu-zhengshou-jueding/"' in open_page  # a 决策依据 given by its 索引号
    closed = page(example_site, "county/2021/chengnan-pengqu-buchang-fangan-zhengqiu")
    assert ">已截止</strong>" in closed and 'href="../chengnan-pengqu-buchang-fangan-fankui/"' in closed
    feedback = page(example_site, "county/2021/chengnan-pengqu-buchang-fangan-fankui")
    assert 'href="../chengnan-pengqu-buchang-fangan-zhengqiu/"' in feedback and "收到意见 46 条，采纳 19 条。" in feedback
    assert findings(example_site, "consultation_feedback") == findings(example_site, "consultation_period") == []


def test_the_example_countys_consultation_list_feed_and_open_data(example_site):
    """The list (open first, each with its state, period, organisation, feedback and decision), its feed linked
    from it, the open one on the home and 政府信息公开 pages, the decision and its consultation linked both ways,
    and the consultations' columns in open data."""
    listing = page(example_site, "xxgk/yjzj")
    rows = re.findall(r'<tr>\s*<th scope="row"><a href="([^"]+)">', listing)
    assert rows == ["../../county/2026/beiguan-gengxin-buchang-fangan-zhengqiu/",
                    "../../county/2021/chengnan-pengqu-buchang-fangan-zhengqiu/"]
    assert 'data-state="征集中" data-start="2026-11-18" data-end="2026-12-17">征集中（还剩 17 天）</span>' in listing
    assert 'data-state="已截止" data-start="2021-06-15" data-end="2021-07-14">已截止</span>' in listing
    assert '<a href="../../county/2021/chengnan-pengqu-buchang-fangan-fankui/">' in listing
    assert '<a href="../../county/2021/chengnan-pengqu-zhengshou-jueding/">' in listing
    assert '<a href="feed.xml" type="application/atom+xml">订阅意见征集（Atom）</a>' in listing
    assert '<link rel="alternate feed" type="application/atom+xml" title="订阅意见征集" href="feed.xml">' in listing
    assert '<script src="../../assets/javascripts/consultation.js" defer></script>' in listing
    for home, prefix, more in (("index.html", "", "xxgk/yjzj/"), ("xxgk/index.html", "../", "yjzj/")):
        html = (example_site / home).read_text(encoding="utf-8")
        section = html.split('id="consultations-heading"')[1].split("</section>")[0]  # the open one only
        assert f'href="{prefix}county/2026/beiguan-gengxin-buchang-fangan-zhengqiu/"' in section
        assert "chengnan" not in section and f'<a href="{more}">全部意见征集</a>' in section

    feed = (example_site / urls.CONSULTATIONS_FEED).read_text(encoding="utf-8")
    assert feed.count("<entry>") == 2 and "征集时间：2026-11-18 至 2026-12-17" in feed

    closed = page(example_site, "county/2021/chengnan-pengqu-buchang-fangan-zhengqiu")
    assert re.search(r'最终决定：</p>\s*<ul><li><a href="\.\./chengnan-pengqu-zhengshou-jueding/">', closed)
    decision = page(example_site, "county/2021/chengnan-pengqu-zhengshou-jueding")
    assert re.search(r'id="decided-heading">本文件公开征求意见情况</h2>\s*<ul><li><a href="\.\./chengnan-pengqu-buchang-fangan-zhengqiu/">',
                     decision)

    rows = {r["索引号"]: r for r in json.loads((example_site / "opendata/documents.json").read_text(encoding="utf-8"))}
    assert {k: rows["11522799MB1A000018/2021-00010"][k] for k in ("征集开始", "征集截止", "状态")} == {
        "征集开始": "2021-06-15", "征集截止": "2021-07-14", "状态": "已截止"}
    assert rows["11522799MB1A000018/2021-00010"]["反馈"].endswith("/county/2021/chengnan-pengqu-buchang-fangan-fankui/")
    assert rows["11522799MB1A000018/2026-00006"]["状态"] == "征集中"
