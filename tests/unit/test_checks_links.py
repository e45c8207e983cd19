"""Links in document bodies: internal links and attachment links resolve to a published page or file."""

from __future__ import annotations

from checks_support import GOOD_LINKS as GOOD
from checks_support import OLD, POLICY, edit, found, run

from govsite.parse.markdown import links_in
BAD = ("坏的：[缺失附件](files/missing.pdf)、[旧文件](old-2018.md)、![图表](images/chart.png)、[无扩展](../nothing/)、"
       "<a href=\"/nowhere/\">无</a>\n\n[表]: files/also-missing.xlsx\n")
CODE = "`[代码](code.md)`\n\n```text\n[围栏](fenced.md)\n```\n"


def add_body(project, text):
    edit(project / POLICY, "制定本办法。\n", "制定本办法。\n\n" + text)


def test_links_in_markdown_html_and_reference_definitions_but_not_code():
    assert links_in(BAD + CODE) == ["files/missing.pdf", "old-2018.md", "images/chart.png", "../nothing/",
                                    "files/also-missing.xlsx", "/nowhere/"]


def test_links_that_resolve_pass(mini):
    add_body(mini, GOOD + CODE)
    assert found(run(mini, "2025-06-30"), "broken_link") == []


def test_links_that_do_not_resolve(mini):
    add_body(mini, GOOD + BAD)
    report = run(mini, "2025-06-30")
    findings = found(report, "broken_link")
    assert [f[:5] for f in findings] == [("error", "nongye", "fupin-01", POLICY, None)] * 6
    hint = "检查路径和文件名：链接相对于本文件所在文件夹，如同一文件夹的 jiedu.md、附件 files/xxx.pdf"
    assert [f[5] for f in findings] == [
        f"链接“files/missing.pdf”在网站上找不到（departments/nongye/files/missing.pdf）：{hint}",
        f"链接“old-2018.md”在网站上找不到（departments/nongye/old-2018.md）：{hint}",
        f"链接“images/chart.png”在网站上找不到（departments/nongye/images/chart.png）：{hint}",
        f"链接“../nothing/”在网站上找不到（departments/nongye/nothing/index.md）：{hint}",
        f"链接“files/also-missing.xlsx”在网站上找不到（departments/nongye/files/also-missing.xlsx）：{hint}",
        f"链接“/nowhere/”在网站上找不到（nowhere/index.md）：{hint}",
    ]
    assert not report.ok  # broken links are errors by default


def test_links_to_a_revoked_document(mini):
    edit(mini / OLD, "有效性: 失效", "有效性: 失效\n撤销:\n  撤销日期: 2025-04-01\n  下架日期: 2025-04-02")
    add_body(mini, "原办法见[旧办法](old.md)。\n")
    assert found(run(mini, "2025-06-30"), "broken_link") == [
        ("error", "nongye", "fupin-01", POLICY, None, "链接“old.md”指向已撤销的文件，网站上已没有该页面或附件：请删去链接")]


def test_only_bodies_that_may_hold_a_link_are_read_again():
    from govsite.parse.markdown import may_link

    assert not may_link("为巩固拓展脱贫攻坚成果，制定本办法。\n\n（一）资金 = 100 万元")
    for text in ("[解读](jiedu.md)", "[1]: files/a.pdf", '<a HREF="x">x</a>', "<img src='a.png'>"):
        assert may_link(text) and links_in(text), text
