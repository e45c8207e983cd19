"""docs/common-errors.md (常见错误) is made from the messages the build really gives: each mistake below is
made in a copy of the mini county, loaded as the build loads it, and its message and fix are written into
the page. The test fails when the page differs from what the messages are now, so it cannot drift:

    GOVSITE_WRITE_DOCS=1 .venv/bin/python -m pytest tests/unit/test_common_errors.py   # rewrite the page
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURES

from govsite.model import site as model
from govsite.parse.errors import ErrorCollector

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "common-errors.md"
POLICY = "content/departments/nongye/zhengce.md"
INTERPRETATION = "content/departments/nongye/jiedu.md"
OLD = "content/departments/nongye/old.md"


@dataclass(frozen=True)
class Mistake:
    title: str  # what the editor did, in their words
    file: str
    old: str
    new: str
    why: str  # one plain sentence: why it is refused
    encoding: str = "utf-8"


MISTAKES = [
    Mistake("冒号用了中文的“：”", POLICY, "栏目: fupin-01", "栏目：fupin-01",
            "字段名后面必须是英文半角冒号加一个空格，否则系统读不出这一行。"),
    Mistake("括号、引号没有配对", POLICY, "栏目: fupin-01", "栏目: [fupin-01",
            "方括号、引号要成对出现；不确定时不要加括号和引号。"),
    Mistake("漏填了必填字段", POLICY, "主题分类: 民政、扶贫、救灾\\扶贫\n", "",
            "标题、栏目、成文日期、发布日期、主题分类、索引号都必须填写。"),
    Mistake("日期写成了不存在的日子", POLICY, "成文日期: 2025-03-03", "成文日期: 2025-02-30",
            "日期按 YYYY-MM-DD 填写，并且必须是日历上有的日子。"),
    Mistake("发布日期早于成文日期", POLICY, "发布日期: 2025-03-10", "发布日期: 2025-03-01",
            "文件要先成文才能发布。"),
    Mistake("栏目编号写错", POLICY, "栏目: fupin-01", "栏目: fupin-99",
            "栏目填的是标准目录中的事项编号（网站“标准目录”页可查）。"),
    Mistake("用了本单位没有的栏目", POLICY, "栏目: fupin-01", "栏目: fupin-03",
            "每个单位只能在自己开设的栏目中发布；单位页面上列出了本单位的全部栏目。"),
    Mistake("发布机构写了不存在的单位", POLICY, "栏目: fupin-01", "栏目: fupin-01\n发布机构: nobody",
            "发布机构填单位编号（content/ 中的文件夹名），一般不用填。"),
    Mistake("主题分类不在分类表中", POLICY, "主题分类: 民政、扶贫、救灾\\扶贫", "主题分类: 扶贫工作",
            "主题分类只能从分类表中选，写法是“一级\\二级”。"),
    Mistake("有效性写了别的词", POLICY, "索引号:", "有效性: 作废\n索引号:",
            "有效性只能是“有效”“失效”“废止”之一。"),
    Mistake("索引号格式不对", POLICY, "索引号: 11522799MB10000299/2025-00001", "索引号: 2025-1",
            "索引号是“本单位机构代码/年份-5位流水号”；用 make new 或表单编辑器新建文件就会自动填好。"),
    Mistake("索引号与别的文件重复", OLD, "索引号: 11522799MB10000299/2019-00001", "索引号: 11522799MB10000299/2025-00001",
            "索引号全站唯一（本站所有单位的文件互不重复），已撤销的文件的索引号也不能再用。"),
    Mistake("附件文件找不到", "content/departments/nongye/files/fenpei.csv", "", "",
            "附件要和文件一起提交，路径相对于文件本身填写。"),
    Mistake("解读对象的索引号找不到", INTERPRETATION, "解读对象: 11522799MB10000299/2025-00001",
            "解读对象: 11522799MB10000299/2025-00077", "解读对象填被解读政策页面上的索引号。"),
    Mistake("文件用 GBK（ANSI）编码保存", POLICY, "", "", "文件必须用 UTF-8 编码保存（记事本“另存为”时选 UTF-8）。",
            encoding="gbk"),
]


def _make(mistake: Mistake, root: Path) -> list:
    for folder in ("content", "catalog"):
        shutil.copytree(FIXTURES / "mini" / folder, root / folder)
    path = root / mistake.file
    if mistake.encoding != "utf-8":
        path.write_bytes(path.read_text(encoding="utf-8").encode(mistake.encoding))
    elif not mistake.old and not mistake.new:
        path.unlink()
    else:
        text = path.read_text(encoding="utf-8")
        assert mistake.old in text, (mistake.title, mistake.old)
        path.write_text(text.replace(mistake.old, mistake.new, 1), encoding="utf-8")
    errors = ErrorCollector()
    model.load(root, root / "content", root / "catalog", errors)
    return errors.errors


def page(tmp: Path) -> str:
    out = ["# 常见错误（生成网站时的报错和改法）", "",
           "生成网站（`make serve`、`make site`、合并请求的 CI）时，填写有误的文件会让网站不生成，并在终端或 CI 日志里"
           "列出**每一处**错误：哪个文件、第几行、哪个字段、错在哪里、怎么改（“修改办法”）。原来的网站保持不变。"
           "下面是最常见的几种，每条的“报错”就是系统给出的原文（以示例文件为例）。", "",
           "> 本页由 `tests/unit/test_common_errors.py` 根据系统实际给出的报错生成，报错的写法改了，本页也随之更新。", ""]
    for number, mistake in enumerate(MISTAKES, 1):
        errors = _make(mistake, tmp / f"case{number}")
        assert errors, f"{mistake.title}: not refused"
        error = errors[0]
        out += [f"## {number}. {mistake.title}", "", mistake.why, "", "报错：", "", "```text", error.format(), "```", ""]
    out += ["## 检查报告中的“错误”和“警告”", "",
            "上面是“内容错误”：文件本身填错了。另一类是检查报告（`make check`，网站的 `maintainers/checks/` 页面）中的问题，"
            "如栏目长期未更新、超过公开时限：它们不影响网站生成和发布；标为“错误”的让检查不通过（`make check` 和 CI 的检查作业失败），"
            "要尽快改正，报告中每条都写明了依据和改法；“警告”只是提醒。"
            "见[信息员操作指南“四、检查报告”](editors-guide.md#四检查报告)。", ""]
    return "\n".join(out)


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.title for m in MISTAKES])
def test_each_mistake_is_refused_with_file_and_fix(mistake, tmp_path):
    errors = _make(mistake, tmp_path)
    assert errors, "the mistake is not refused"
    first = errors[0]
    assert first.file and first.fix, first


def test_the_page_is_what_the_messages_are_now(tmp_path):
    expected = page(tmp_path)
    if os.environ.get("GOVSITE_WRITE_DOCS") == "1":
        PAGE.parent.mkdir(parents=True, exist_ok=True)
        PAGE.write_text(expected, encoding="utf-8")
    assert PAGE.is_file() and PAGE.read_text(encoding="utf-8") == expected, (
        "docs/common-errors.md differs from the messages the build gives now: "
        "GOVSITE_WRITE_DOCS=1 .venv/bin/python -m pytest tests/unit/test_common_errors.py")
