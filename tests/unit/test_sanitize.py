"""The document-body sanitizer (govsite.render.sanitize): on Markdown rendered as the build renders it,
every hostile construct is listed for the editor, in Chinese, and removed by clean(); every construct a
government document needs passes untouched; line_of() points at the Markdown line; hostile shapes of
input (deep nesting, 1 MB bodies, html5ever's quadratic cases) finish, and clean() stays bounded."""

from __future__ import annotations

import dataclasses
import random
import re
from html.parser import HTMLParser

import markdown
import nh3
import pytest
from pymdownx.slugs import slugify

from govsite.render import sanitize
from govsite.render.sanitize import Problem, clean, line_of, problems

EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "toc"]


def render(source: str, *, align_attribute: bool = True) -> str:
    """Markdown → HTML with the project's extensions (mkdocs.yml), tables as the build configures them."""
    md = markdown.Markdown(extensions=EXTENSIONS,
                           extension_configs={"tables": {"use_align_attribute": align_attribute},
                                              "toc": {"slugify": slugify(case="lower")}})
    return md.convert(source)


class _Elements(HTMLParser):
    """An independent look at HTML (the stdlib parser as it is): tags, attributes, nesting depth."""

    VOID = {"br", "hr", "img", "col", "wbr", "input", "meta", "link", "area", "base", "embed", "source"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.depth = self.max_depth = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag not in self.VOID:
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)

    def handle_endtag(self, tag):
        if tag not in self.VOID:
            self.depth -= 1


def assert_inert(html: str) -> None:
    """clean()'s output: only allowed elements, attributes and URLs, and nothing that runs."""
    lowered = html.lower()
    for executable in ("<script", "<iframe", "<object", "<embed", "<svg", "<math", "<form", "<style",
                       "<link", "<meta", "<base"):
        assert executable not in lowered, html
    for tag, attrs in _Elements(html).tags:
        assert tag in sanitize.ALLOWED_TAGS, (tag, html)
        for name, value in attrs:
            assert name in sanitize.ALLOWED_ATTRIBUTES[tag], (tag, name, html)
            if name in ("href", "src"):
                scheme = re.match(r"\s*([a-z][a-z0-9+.\-]*):", value or "", re.I)
                assert scheme is None or scheme.group(1).lower() in sanitize.URL_SCHEMES, (value, html)
    assert problems(html) == [], html


# ---------------------------------------------------------------------------------------------
# Hostile constructs: listed (in Chinese) and removed

HOSTILE = [
    # (Markdown source, the problem expected)
    ("<script>alert(1)</script>", "不允许的标签 <script>"),
    ("<script src=\"https://evil.example/x.js\"></script>", "不允许的标签 <script>"),
    ("图片 <img src=\"a.png\" onerror=\"alert(1)\">", "不允许的属性 onerror（<img>）"),
    ("<IMG SRC=x ONERROR=alert(1)>", "不允许的属性 onerror（<img>）"),
    ("[点我](javascript:alert(1))", "不允许的链接地址 javascript:…（<a href>）"),
    ("[参考][1]\n\n[1]: javascript:alert(document.cookie)", "不允许的链接地址 javascript:…（<a href>）"),
    ("<a href=\"javascript:alert(1)\">点我</a>", "不允许的链接地址 javascript:…（<a href>）"),
    ("<a href=\"JaVaScRiPt:alert(1)\">点我</a>", "不允许的链接地址 javascript:…（<a href>）"),
    ("<a href=\"&#106;avascript:alert(1)\">点我</a>", "不允许的链接地址 javascript:…（<a href>）"),
    ("<a href=\"&#x6A;&#x61;vascript:alert(1)\">点我</a>", "不允许的链接地址 javascript:…（<a href>）"),
    ("<a href=\"&#0000106avascript:alert(1)\">点我</a>", "不允许的链接地址 javascript:…（<a href>）"),
    ("<a href=\"java&#x09;script:alert(1)\">点我</a>", "不允许的链接地址 javascript:…（<a href>）"),
    ("<a href=\" \njavascript:alert(1)\">点我</a>", "不允许的链接地址 javascript:…（<a href>）"),
    ("<a href=\"vbscript:msgbox(1)\">点我</a>", "不允许的链接地址 vbscript:…（<a href>）"),
    ("[x](https://www.gov.cn/){: href=\"javascript:alert(1)\" }", "不允许的链接地址 javascript:…（<a href>）"),
    ("<iframe src=\"https://evil.example/\"></iframe>", "不允许的标签 <iframe>"),
    ("<form action=\"https://evil.example/\"><input name=\"sfz\"><button>提交</button></form>",
     "不允许的标签 <form>"),
    ("<form><input name=\"sfz\"></form>", "不允许的标签 <input>"),
    ("<p><button onclick=\"alert(1)\">提交</button></p>", "不允许的标签 <button>"),
    ("<p style=\"position:fixed;top:0\">通知</p>", "不允许的属性 style（<p>）"),
    ("<span style=\"background:url(javascript:alert(1))\">x</span>", "不允许的属性 style（<span>）"),
    ("一段文字\n{: onclick=\"alert(1)\" }", "不允许的属性 onclick（<p>）"),
    ("## 标题 {: onmouseover=alert(1) }", "不允许的属性 onmouseover（<h2>）"),
    ("![图](img/a.png){: onerror=\"alert(1)\" }", "不允许的属性 onerror（<img>）"),
    ("![图](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", "不允许的链接地址 data:…（<img src>）"),
    ("<img src=\"data:image/png;base64,iVBORw0KGgo=\">", "不允许的链接地址 data:…（<img src>）"),
    ("<a href=\"data:text/html,<script>alert(1)</script>\">x</a>", "不允许的链接地址 data:…（<a href>）"),
    ("<svg onload=\"alert(1)\"><circle r=\"5\"/></svg>", "不允许的标签 <svg>"),
    ("<svg/onload=alert(1)>", "不允许的标签 <svg>"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "不允许的标签 <math>"),
    ("<object data=\"x.swf\"></object>", "不允许的标签 <object>"),
    ("<embed src=\"x.swf\">", "不允许的标签 <embed>"),
    ("<scr<script>ipt>alert(1)</script>", "不允许的标签 <script>"),
    ("<<script>script>alert(1)<</script>/script>", "不允许的标签 <script>"),
    # comments and declarations as HTML (not the stdlib) reads them: the <img> is real
    ("<!--> <img src=x onerror=alert(1)> -->", "不允许的属性 onerror（<img>）"),
    ("<!-- a --!> <img src=x onerror=alert(1)>", "不允许的属性 onerror（<img>）"),
    ("<![CDATA[ > <img src=x onerror=alert(1)> ]]>", "不允许的属性 onerror（<img>）"),
    ("<? > <img src=x onerror=alert(1)> ?>", "不允许的属性 onerror（<img>）"),
    ("<script>x</script x><img src=x onerror=alert(1)>", "不允许的属性 onerror（<img>）"),
    ("<textarea><img src=x onerror=alert(1)></textarea>", "不允许的标签 <textarea>"),
    ("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", "不允许的标签 <noscript>"),
    ("<style>body{background:url(javascript:alert(1))}</style>", "不允许的标签 <style>"),
    ("<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">", "不允许的标签 <link>"),
    ("<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">", "不允许的标签 <meta>"),
    ("<base href=\"https://evil.example/\">", "不允许的标签 <base>"),
    ("<a href=\"https://www.gov.cn/\" target=\"_blank\">x</a>", "不允许的属性 target（<a>）"),
    ("<img src=\"a.png\" srcset=\"javascript:alert(1) 1x\">", "不允许的属性 srcset（<img>）"),
    ("<div class=\"admonition\" data-x=\"1\" onclick=\"alert(1)\" markdown=\"1\">\n内容\n</div>",
     "不允许的属性 onclick（<div>）"),
    ("<p lang=\"en\" title=\"x\">x</p>", "不允许的属性 lang（<p>）"),
    ("<a href=\"http://exa mple.gov.cn/\">x</a>", "无效的链接地址 http://exa mple.gov.cn/（<a href>）"),
]


# Raw HTML that Python-Markdown escapes itself today: the sanitizer does not rely on that.
HOSTILE_HTML = [
    ("<scr<script>ipt>alert(1)</script>", "不允许的标签 <scr<script>"),
    ("<img/src=\"x\"/onerror=\"alert(1)\">", "不允许的属性 onerror（<img>）"),
    ("<img/src=x/onerror=alert(1)>", None),          # as HTML reads it: src="x/onerror=alert(1)"
    ("<a href='x'onclick='alert(1)'>x</a>", "不允许的属性 onclick（<a>）"),
    ("<a\nhref=\"javascript&colon;alert(1)\">x</a>", "不允许的链接地址 javascript:…（<a href>）"),
    ("<a href=\"&#1;javascript:alert(1)\">x</a>", "不允许的链接地址 javascript:…（<a href>）"),
    ("<image src=x onerror=alert(1)>", "不允许的标签 <image>"),
    ("<img src=x onerror=alert(1)//", "不完整的标签 <img…（缺少“>”，它和其后的内容都会被丢弃）"),
    ("<p>x</p title=\"><img src=x onerror=alert(1)>\">", None),  # an end tag's attribute: no <img>
    ("<p>x</p title=\"><!--\"><img src=x onerror=alert(1)>-->", "不允许的属性 onerror（<img>）"),
    ("<scr\x00ipt>alert(1)</script>", "不允许的标签 <scr\ufffdipt>"),
]


@pytest.mark.parametrize("html, expected", HOSTILE_HTML, ids=[s for s, _ in HOSTILE_HTML])
def test_hostile_raw_html_is_listed_and_removed(html, expected):
    found = problems(html)
    assert [p.what for p in found] == ([expected] if expected else []), found
    assert_inert(clean(html))


@pytest.mark.parametrize("source, expected", HOSTILE, ids=[s for s, _ in HOSTILE])
def test_hostile_construct_is_listed_in_chinese_and_removed(source, expected):
    body = render(source)
    found = problems(body)
    assert expected in [p.what for p in found], found
    assert all(isinstance(p, Problem) and p.snippet and re.search("[\u4e00-\u9fff]", p.what) for p in found)
    assert_inert(clean(body))


def test_a_table_rendered_without_the_align_attribute_is_style_on_every_aligned_cell():
    """Why the build sets tables' use_align_attribute: True (style is allowed nowhere)."""
    body = render("| 项目 | 金额 |\n|:---|---:|\n| 道路 | 10 |", align_attribute=False)
    assert [p.what for p in problems(body)] == ["不允许的属性 style（<th>）"] * 2 + ["不允许的属性 style（<td>）"] * 2
    assert "style" not in clean(body)


def test_problems_are_in_document_order_with_the_tag_as_written():
    body = render('<p onclick="a()">一</p>\n\n<script>b()</script>\n\n[三](javascript:c())\n\n'
                  '<IMG SRC="x.png" onError="d()">')
    assert problems(body) == [
        Problem("不允许的属性 onclick（<p>）", '<p onclick="a()">'),
        Problem("不允许的标签 <script>", "<script>"),
        Problem("不允许的链接地址 javascript:…（<a href>）", '<a href="javascript:c()">'),
        Problem("不允许的属性 onerror（<img>）", '<IMG SRC="x.png" onError="d()">'),
    ]


def test_a_long_tag_is_cut_to_80_characters():
    body = render(f'<img src="data:image/png;base64,{"A" * 200}" alt="x">')
    [problem] = problems(body)
    assert len(problem.snippet) == 80 and problem.snippet.endswith("…")
    assert problem.snippet.startswith('<img src="data:image/png;base64,AAAA')


def test_problem_is_a_frozen_dataclass():
    problem = Problem("不允许的标签 <script>", "<script>")
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.what = "x"
    assert problem == Problem("不允许的标签 <script>", "<script>")


def test_script_content_is_removed_with_the_script_and_other_disallowed_tags_keep_their_text():
    assert clean("<p>前<script>alert('不见')</script>后</p>") == "<p>前后</p>"
    assert clean("<p><font color=red>红字</font> <big>大字</big></p>") == "<p>红字 大字</p>"
    assert clean('<p><a href="javascript:alert(1)" onclick="x">链接文字</a></p>') == "<p><a>链接文字</a></p>"


def test_comments_are_removed_silently():
    body = render("第一段\n\n<!-- 编辑备注：待核实 -->\n\n第二段")
    assert problems(body) == []
    assert "编辑备注" not in clean(body)


# ---------------------------------------------------------------------------------------------
# Government-document constructs: nothing listed, nothing changed

BENIGN = [
    "## 一、总体要求\n\n### （一）工作目标 {: #mubiao }\n\n#### 1. 分项\n\n##### 细则\n\n###### 附注",
    "这是**重要**的*文件*，***加粗斜体***。",
    "详见[附件说明](../fujian/ \"附件\")、[省政府](https://www.guizhou.gov.cn/zwgk/?a=1&b=2)、"
    "[本页锚点](#mubiao)、[邮件](mailto:zhengwu@example.gov.cn)、[网站](http://www.example.gov.cn)。",
    "联系邮箱 <zhengwu@example.gov.cn>，网址 <https://www.gov.cn/>。",
    "| 序号 | 项目 | 金额 |\n|:---:|:---|---:|\n| 1 | 道路 & 桥梁 | 1,200 |\n| 2 | 饮水 | 300 |",
    "<table>\n<caption>分年度安排</caption>\n<colgroup><col span=\"2\"><col></colgroup>\n"
    "<thead><tr><th scope=\"col\" rowspan=\"2\">年度</th><th colspan=\"2\" align=\"center\">资金</th></tr>\n"
    "<tr><th scope=\"col\">中央</th><th>省级</th></tr></thead>\n"
    "<tbody><tr><td align=\"right\">2024</td><td rowspan=\"1\" colspan=\"1\">100</td><td>50</td></tr></tbody>\n"
    "<tfoot><tr><td>合计</td><td colspan=\"2\">150</td></tr></tfoot>\n</table>",
    "!!! note \"注意\"\n    请于 **3 月 1 日** 前报送。\n\n!!! warning\n    逾期*通报*。",
    "![公开流程图](images/liucheng.png \"流程图\"){: width=\"600\" height=\"400\" }",
    "<figure><img src=\"images/map.png\" alt=\"区位图\" title=\"区位\" width=\"300\" height=\"200\">"
    "<figcaption>图 1 区位图</figcaption></figure>",
    "CO<sub>2</sub> 排放下降 10<sup>[1]</sup>，<mark>重点</mark>，<abbr title=\"政府信息公开\">政务公开</abbr>，"
    "<kbd>Ctrl</kbd>，<small>小字</small>，<u>下划线</u>，<s>删除</s>，<del>删</del>，<ins>增</ins>，<b>粗</b>，<i>斜</i>。",
    "1. 完善目录；\n2. 规范发布。\n\n- 甲\n- 乙\n    - 乙一\n\n<ol start=\"3\" type=\"a\"><li>加强监督。</li></ol>",
    "<dl><dt>政务公开</dt><dd>行政机关公开其政务活动。</dd></dl>",
    "> 引用：依法公开是原则。\n>\n> > 嵌套引用",
    "第一行  \n第二行\n\n---\n\n末段",
    "    代码 <script>alert(1)</script> javascript:x\n\n行内 `<img src=x onerror=alert(1)>` 与 `javascript:`",
    "纯文字提到 javascript:alert(1)、onclick=\"x\"、<b 与 &lt;script&gt;，不是标签。",
    "<div class=\"admonition tip\" markdown=\"1\">\n<p class=\"admonition-title\">提示</p>\n"
    "内容 <span class=\"red\" id=\"s1\">着重</span>\n</div>",
    "<div id=\"fujian\" markdown=\"1\">\n**附件**：[清单.xlsx](files/qingdan.xlsx)\n</div>",
    "## 目录\n\n[TOC]\n\n## 正文",
    "<p id=\"p1\">全角空格&#12288;缩进&nbsp;与 &amp; 符号 &copy; 2024</p>",
    "<a id=\"top\"></a>正文 [回到顶部](#top)",
    "<table id=\"t1\"><tbody><tr><td>1</td></tr></tbody></table>",
]


@pytest.mark.parametrize("source", BENIGN, ids=[s[:40] for s in BENIGN])
def test_government_document_construct_is_not_a_problem(source):
    body = render(source)
    assert problems(body) == []
    assert_inert(clean(body))


TYPICAL = """\
## 一、总体要求

为深入贯彻落实《中华人民共和国政府信息公开条例》，现就有关事项**通知**如下。详见[附件说明](../fujian/ "附件")、\
[省政府网站](https://www.guizhou.gov.cn/zwgk/?a=1&b=2)，或[发送邮件](mailto:zhengwu@example.gov.cn)。

### （一）工作目标 {: #mubiao }

到 2025 年，CO<sub>2</sub> 排放下降 10<sup>[1]</sup>，<mark>重点</mark>任务见[第二部分](#二主要任务)。

| 序号 | 项目名称 | 金额（万元） |
|:----:|:---------|-------------:|
| 1 | 农村道路 & 桥梁 | 1,200 |
| 2 | 饮水安全 | 300 |

<table>
<caption>表 2 分年度安排</caption>
<thead><tr><th scope="col" rowspan="2">年度</th><th colspan="2" align="center">资金</th></tr>
<tr><th>中央</th><th>省级</th></tr></thead>
<tbody><tr><td align="right">2024</td><td>100</td><td>50</td></tr></tbody>
</table>

!!! note "注意"
    请各乡镇于 **3 月 1 日** 前报送。

## 二、主要任务

1. 完善目录；
2. 规范发布。

![公开流程图](images/liucheng.png "流程图"){: width="600" height="400" }

> 引用：<abbr title="政府信息公开">政务公开</abbr>是法定职责。

第一行  
第二行

---

<div class="admonition tip" markdown="1">
<p class="admonition-title">提示</p>
内容 <span class="red" id="s1">着重</span>，见 <a href="#mubiao" title="目标">目标</a>。
</div>

[TOC]
"""


def test_a_typical_rendered_body_passes_through_unchanged():
    """Byte-identical, except that html5ever writes void elements HTML-style: <br /> → <br>."""
    body = render(TYPICAL)
    assert problems(body) == []
    assert 'id="mubiao"' in body and 'colspan="2"' in body and 'align="right"' in body   # the body is real
    assert clean(body) == body.replace(" />", ">")


def test_what_clean_normalises_in_an_allowed_body():
    """The documented normalisations (html5ever re-serialises): nothing else changes."""
    assert clean("<p>a<br />b<br/>c</p><hr />") == "<p>a<br>b<br>c</p><hr>"
    assert clean("<p>&copy; &#12288; &quot;引&quot; &nbsp; &amp; &lt;</p>") == '<p>© \u3000 "引" &nbsp; &amp; &lt;</p>'
    assert clean("<P ID=y  CLASS='x'>a</P><abbr title='政务'>政务公开</abbr>") == \
        '<p id="y" class="x">a</p><abbr title="政务">政务公开</abbr>'
    assert clean("<p>a<p>b") == "<p>a</p><p>b</p>"
    assert clean("<table><tr><td>1</td></tr></table>") == "<table><tbody><tr><td>1</td></tr></tbody></table>"
    # Python-Markdown's e-mail obfuscation (character references) is decoded
    body = render("<zhengwu@example.gov.cn>")
    assert "&#" in body and clean(body) == '<p><a href="mailto:zhengwu@example.gov.cn">zhengwu@example.gov.cn</a></p>'


def test_links_get_no_rel_and_ids_no_prefix():
    html = '<p><a href="https://www.gov.cn/" title="中国政府网" id="gov">中国政府网</a></p>'
    assert clean(html) == html


# ---------------------------------------------------------------------------------------------
# line_of

SOURCE = """\
第一段。

<img src="a.png" onerror="alert(1)">

[点我](javascript:alert(1))

一段文字
{: onclick="alert(2)" }

<IFRAME src="https://evil.example/"></IFRAME>

![图](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==)

[参考][1]

## 标题 {: onmouseover=alert(3) }

<p><img src="b.png"
     onload="alert(4)"></p>

<a href="&#106;avascript:alert(5)">x</a>

[1]: vbscript:msgbox(1)
"""


def test_line_of_finds_each_problem_in_the_markdown():
    found = problems(render(SOURCE))
    lines = [line_of(SOURCE, p.snippet) for p in found]
    # in document order; the reference link's URL is on its definition line
    assert [p.what for p in found] == [
        "不允许的属性 onerror（<img>）",
        "不允许的链接地址 javascript:…（<a href>）",
        "不允许的属性 onclick（<p>）",
        "不允许的标签 <iframe>",
        "不允许的链接地址 data:…（<img src>）",
        "不允许的链接地址 vbscript:…（<a href>）",
        "不允许的属性 onmouseover（<h2>）",
        "不允许的属性 onload（<img>）",
        "不允许的链接地址 javascript:…（<a href>）",
    ]
    assert lines == [3, 5, 8, 10, 12, 23, 16, 18, 21]


def test_line_of_counts_from_first_line_and_is_none_when_not_found():
    assert line_of(SOURCE, '<IMG SRC="a.png" ONERROR="alert(1)">', first_line=7) == 9
    assert line_of(SOURCE, "<object data=x>") is None
    assert line_of("", "<script>") is None
    assert line_of(SOURCE, "") is None


def test_line_of_finds_markdown_links_by_url_and_attr_list_by_name():
    source = "标题\n\n正文 [甲](https://www.gov.cn/)\n\n再来 [乙](JavaScript:void(0))\n\n尾段\n{: style='color:red' }\n"
    found = problems(render(source))
    assert [line_of(source, p.snippet) for p in found] == [5, 8]


# ---------------------------------------------------------------------------------------------
# Hostile shapes of input: linear, bounded, no recursion

def test_a_list_nested_1000_levels_deep():
    html = "<ul><li>" * 1000 + "最底层" + "</li></ul>" * 1000
    assert problems(html) == [Problem(f"标签嵌套超过 {sanitize.MAX_DEPTH} 层，更深的标签会被去掉", "<ul>")]
    out = clean(html)
    assert "最底层" in out
    assert _Elements(out).max_depth <= sanitize.MAX_DEPTH
    assert_inert(out)


def test_a_list_nested_within_the_limit_is_kept_as_it_is():
    html = "<ul><li>" * 100 + "x" + "</li></ul>" * 100
    assert problems(html) == [] and clean(html) == html


def test_a_1mb_body():
    paragraph = ('<p>根据《条例》规定，现将<strong>有关事项</strong>通知如下，详见<a href="../fujian/" title="附件">附件</a>'
                 '和<a href="https://www.gov.cn/zhengce/?id=1&amp;p=2">政策</a>。</p>\n'
                 '<table>\n<tbody>\n<tr>\n<td align="left">1</td>\n<td colspan="2">道路</td>\n</tr>\n</tbody>\n</table>\n')
    body = paragraph * (1_000_000 // len(paragraph) + 1)
    assert len(body) > 1_000_000
    assert problems(body) == []
    assert clean(body) == body


def test_a_1mb_hostile_body():
    """html5ever is quadratic on these (or multiplies its output): clean() stays bounded."""
    part = 1_000_000 // 10
    shapes = [
        "".join(f"<b id={i}>" for i in range(part // 10)),          # many open formatting elements
        "".join(f"<div><b id={i}>x</div>" for i in range(part // 25)),  # reopened formatting elements
        "<em><div>" * (part // 9),                                 # deep misnesting
        "<span>" * (part // 12) + "</em>" * (part // 12),          # stray end tags under a deep stack
        "<span><div></span>" * (part // 18),
        "&" * part,                                                # "&" in one text node
        "<a " * (part // 3) + ">",                                 # one huge tag
        "<p>x" * (part // 4),                                      # implied end tags
        "<!--" * (part // 4) + "-->",
        '<img src=x onerror="alert(1)">' * (part // 31),
    ]
    body = "".join(shapes)
    assert len(body) > 900_000
    found = problems(body)
    assert found and all(isinstance(p, Problem) for p in found)
    out = clean(body)
    assert len(out) < 3 * len(body)
    assert_inert(out)


@pytest.mark.parametrize("shape", ["<!--", "<![CDATA[", "<!", "<?", "</a ", "<a ", '<a href="', "<", "&#"])
def test_unterminated_constructs_do_not_rescan_the_rest(shape):
    body = "x" + shape * 50_000
    problems(body)
    assert_inert(clean(body))


# ---------------------------------------------------------------------------------------------
# problems() and clean() agree: whatever nh3 removes under the allow-list is listed

_TAGS = ["a", "img", "p", "div", "span", "b", "i", "td", "tr", "table", "li", "ul", "script", "style", "svg",
         "math", "textarea", "title", "iframe", "noscript", "template", "select", "option", "image", "br",
         "plaintext", "font", "h2", "sub", "form", "input"]
_ATTRS = ["href", "src", "onclick", "style", "class", "id", "title", "lang", "align", "onerror"]
_VALUES = ["javascript:alert(1)", "http://x/", "#a", "data:x", "&#106;avascript:1", "x", "'", '"', ">", "",
           "JaVaScRiPt:1", "java\tscript:1", "http://a b/", "mailto:a@b", "//e.cn", "&quot;", "a=b"]
_PIECES = ["<!--", "-->", "--!>", "<!-->", "<![CDATA[", "]]>", "<?", "<!", "</", ">", "/>", "/", '"', "'", "=",
           "&#106;", " ", "\n", "\t", "\u3000", "文", "&amp;", "<", "\x00", "\x0b"]


def _soup(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(1, 14)):
        kind = rng.random()
        if kind < 0.35:
            tag = rng.choice(_TAGS)
            attrs = "".join(rng.choice([" ", "/", " /", "\n", ""]) + rng.choice(_ATTRS) + rng.choice(["=", "= ", ""])
                            + rng.choice(["", '"', "'"]) + rng.choice(_VALUES) + rng.choice(["", '"', "'"])
                            for _ in range(rng.randint(0, 2)))
            out.append(f"<{rng.choice([tag, tag.upper()])}{attrs}{rng.choice(['>', '/>', ' >', ''])}")
        elif kind < 0.55:
            out.append(f"</{rng.choice(_TAGS)}{rng.choice(['>', ' x>', ''])}")
        else:
            out.append(rng.choice(_PIECES))
    return "".join(out)


def test_whatever_the_allow_list_removes_is_listed():
    allow_list = nh3.Cleaner(tags=set(sanitize.ALLOWED_TAGS), link_rel=None, url_schemes=set(sanitize.URL_SCHEMES),
                             attributes={"*": set(), **{t: set(a) for t, a in sanitize.ALLOWED_ATTRIBUTES.items()}})
    everything = nh3.Cleaner(tags=set(_TAGS) | set(sanitize.ALLOWED_TAGS) | {"circle"}, clean_content_tags=set(),
                             attributes={"*": set(_ATTRS)}, link_rel=None,
                             url_schemes=set(sanitize.URL_SCHEMES) | {"javascript", "data", "vbscript"})
    rng = random.Random(20240601)
    for _ in range(3000):
        html = _soup(rng)
        if allow_list.clean(html) != everything.clean(html):
            assert problems(html), html
        assert_inert(clean(html))
