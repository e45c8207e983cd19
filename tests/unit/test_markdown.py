"""parse/markdown.py: a body's headings nest under the page's h1 (valid HTML, Nu Html Checker)."""

from __future__ import annotations

from govsite.parse.markdown import shift_headings


def levels(markdown: str) -> list[int]:
    return [len(line) - len(line.lstrip("#")) for line in markdown.splitlines() if line.startswith("#")]


def test_a_body_starting_at_h2_keeps_its_levels():
    assert levels(shift_headings("## 一\n### 1\n## 二\n")) == [2, 3, 2]


def test_a_body_starting_at_h1_moves_down_one_level():
    assert levels(shift_headings("# 一\n## 1\n# 二\n")) == [2, 3, 2]


def test_skipped_levels_close_up_and_siblings_stay_siblings():
    assert levels(shift_headings("### 一\n##### 1\n##### 2\n#### 3\n## 二\n###### 4\n")) == [2, 3, 3, 3, 2, 3]


def test_code_blocks_and_hashes_inside_lines_are_left_alone():
    text = "## 一\n```\n# 不是标题\n```\n文中 # 号\n#### 二\n"
    assert shift_headings(text) == "## 一\n```\n# 不是标题\n```\n文中 # 号\n### 二\n"
