"""A county whose files carry control characters (an ESC pasted into a title, Word's U+000B in an organisation's
name as an importer's YAML writer escapes it, one in a document's body) is refused by a real build: every
place is named in Chinese, no traceback, and the last site is left exactly as it was. The messages of each
source and character: unit/test_control_characters.py; every writer given such text: unit/test_safe_writers.py."""

from __future__ import annotations

from conftest import build

POLICY = "content/departments/nongye/zhengce.md"
ORG = "content/townships/chengguan/dongjie/_org.yml"  # (another organisation: a broken _org.yml hides its documents)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def files(site):
    return {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_control_characters_are_refused_by_the_build_and_the_site_stays(mini):
    good = build(mini)
    assert good.returncode == 0, good.output
    snapshot = files(good.site)
    edit(mini / POLICY, "标题: 小县巩固拓展", "标题: 小县巩固\x1b拓展")
    edit(mini / POLICY, "为巩固拓展脱贫攻坚成果", "为巩固拓展\x1b[2J脱贫攻坚成果")
    edit(mini / ORG, "名称: 东街社区居民委员会", '名称: "东街社区\\v居民委员会"')
    result = build(mini)
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "\x1b" not in result.output and "\x0b" not in result.output  # nothing reaches the terminal as is
    for text in ("网站未生成：发现 ",
                 f"{POLICY} 第2行，字段“标题”：含有看不见的字符：第5个字符（“小县巩固”之后）是控制字符 U+001B（ESC）",
                 f"{POLICY} 第14行：正文该行含有看不见的字符：第6个字符（“为巩固拓展”之后）是控制字符 U+001B（ESC）",
                 f"{ORG} 第1行，字段“名称”：含有看不见的字符：第5个字符（“东街社区”之后）是控制字符 U+000B（VT，",
                 "修改办法：删去这个看不见的字符", "原有网站（site/）保持不变"):
        assert text in result.output, f"{text!r} missing from:\n{result.output}"
    assert files(result.site) == snapshot, "site/ changed after a refused build"
