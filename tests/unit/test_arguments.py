"""parse/arguments.py: a command line the tools cannot read is one Chinese line naming the argument as it was
typed (the Makefile's variable and the option) and the fix, exit status 2, never argparse's English usage."""

from __future__ import annotations

import argparse
import re

import pytest

from govsite.parse import arguments

ENGLISH = re.compile(r"usage|error|argument|expected|invalid|required|unrecognized|Traceback", re.I)


def parser() -> arguments.ArgumentParser:
    parser = arguments.ArgumentParser(prog="make new")
    parser.add_argument("--title", variable="TITLE", help="文件标题")
    parser.add_argument("--forge", variable="FORGE", choices=["github", "gitlab"])
    parser.add_argument("--count", variable="COUNT", type=int, help="一个整数")
    parser.add_argument("--year", variable="YEAR", type=lambda v: _refuse(v))
    parser.add_argument("--dry-run", variable="DRY_RUN", action="store_true")
    parser.add_argument("file", variable="FILE", type=arguments.file_path)
    return parser


def _refuse(value):
    raise argparse.ArgumentTypeError(f"“{value}”不是年份，应写成四位数字，如 YEAR=2025。")


def refused(capsys, argv: list[str]) -> str:
    with pytest.raises(SystemExit) as exited:
        parser().parse_args(argv)
    assert exited.value.code == arguments.EXIT_STATUS
    out, err = capsys.readouterr()
    assert out == "" and err.endswith("\n") and err.count("\n") == 1, err  # one line
    assert err.startswith("make new：") and not ENGLISH.search(err), err
    return err


def test_a_value_starting_with_a_dash_is_a_value_when_written_with_equals(tmp_path):
    args = parser().parse_args(["--title=-x", "--count=-3", "--", "-file.xlsx"])
    assert args.title == "-x" and args.count == -3 and str(args.file) == "-file.xlsx"


def test_a_value_taken_for_an_option_says_how_to_write_it(capsys):
    err = refused(capsys, ["a.xlsx", "--title", "-x"])
    assert "TITLE（--title）缺少值" in err and "--title=值" in err


def test_a_choice_names_the_choices(capsys):
    err = refused(capsys, ["a.xlsx", "--forge=$(shell x)"])
    assert "FORGE（--forge）不能是“$(shell x)”，可选：github、gitlab。" in err


def test_a_type_error_keeps_the_tools_chinese_message(capsys):
    assert "YEAR（--year）：“0999”不是年份，应写成四位数字，如 YEAR=2025。" in refused(capsys, ["a.xlsx", "--year=0999"])
    assert "COUNT（--count）的值“x”无效：应为一个整数。" in refused(capsys, ["a.xlsx", "--count=x"])


def test_unknown_missing_and_misused_arguments(capsys):
    assert "不认识的参数：-x" in refused(capsys, ["a.xlsx", "-x"])
    assert "缺少 FILE。" in refused(capsys, [])
    assert "DRY_RUN（--dry-run）不带值：去掉“=1”。" in refused(capsys, ["a.xlsx", "--dry-run=1"])


def test_a_folder_is_not_a_file(tmp_path, capsys):
    (tmp_path / "目录.xlsx").mkdir()
    err = refused(capsys, [str(tmp_path / "目录.xlsx")])
    assert f"FILE：“{tmp_path / '目录.xlsx'}”是文件夹，不是文件" in err


def test_help_is_chinese(capsys):
    with pytest.raises(SystemExit) as exited:
        parser().parse_args(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：make new") and "选项" in out and "显示本帮助后退出" in out
    assert "usage" not in out and "show this help" not in out


@pytest.mark.parametrize("value, found", [
    ("某某县\nhooks: [x]", "U+000A（换行）"), ("标题\x1b[31m", "U+001B（ESC）"), ("a\u2028b", "U+2028（行分隔符）"),
    ("a\x85b", "U+0085"), ("a\tb", "U+0009（制表符）"), ("a\x00", "U+0000（NUL）"),
])
def test_control_characters_are_named(value, found):
    assert arguments.control_character(value) == found
    with pytest.raises(argparse.ArgumentTypeError, match=re.escape(found)):
        arguments.line(value)


def test_text_of_one_line_passes():
    for value in ("关于$(…)的通知", "`id`", "'; touch x; '", "-x", "  空格  ", "ﾃｽﾄ\u3000全角"):
        assert arguments.control_character(value) is None and arguments.line(value) == value
