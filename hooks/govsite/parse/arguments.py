"""Command lines in Chinese: the ``ArgumentParser`` of every tool and of ``python -m govsite.checks``.

The tools are run from the Makefile (``make new ORG=… TITLE=…``), which hands each variable over as
``--option=value`` read from the environment (so a value is never shell or make syntax, and one starting
with ``-`` is a value). A mistake in what was typed is one Chinese line naming the argument as it was typed
(the Makefile's variable and the option) and the fix, exit status 2: never argparse's English usage, never
a traceback. ``line`` and ``file_path`` are the checks shared by the tools' arguments.
"""

from __future__ import annotations

import argparse
import ast
import re
import unicodedata
from pathlib import Path

EXIT_STATUS = 2  # argparse's, for a command line that cannot be read
# Characters that end or hide a line: a value of one line (a county's name, a URL) may not hold them.
LINE_BREAKING = ("Cc", "Zl", "Zp")  # C0 and C1 controls (newline, tab, ESC, NUL…), U+2028, U+2029
CHARACTER_NAMES = {"\n": "换行", "\r": "回车", "\t": "制表符", "\x0b": "垂直制表符", "\x0c": "换页符", "\x1b": "ESC",
                   "\x00": "NUL", "\x7f": "DEL", "\u2028": "行分隔符", "\u2029": "段分隔符"}

_CHOICE = re.compile(r"invalid choice: (.*) \(choose from .*\)$", re.S)
_INVALID = re.compile(r"invalid \S+ value: (.*)$", re.S)
_EXPLICIT = re.compile(r"ignored explicit argument (.*)$", re.S)
_REQUIRED = "the following arguments are required: "
_UNRECOGNIZED = "unrecognized arguments: "


class _Formatter(argparse.HelpFormatter):
    """``--help`` in Chinese: argparse's headings are set on the parser, its "usage:" here."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ArgumentParser(argparse.ArgumentParser):
    """argparse, answering in Chinese. ``add_argument(…, variable="TITLE")`` names the Makefile's variable
    that gives the option, so that a message names what the editor typed."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("exit_on_error", False)  # the ArgumentError reaches parse_known_args with its argument
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)  # added below with a Chinese help text
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助后退出")

    def add_argument(self, *names, variable: str | None = None, **kwargs) -> argparse.Action:
        action = super().add_argument(*names, **kwargs)
        action.variable = variable
        return action

    def parse_known_args(self, args=None, namespace=None):
        try:
            return super().parse_known_args(args, namespace)
        except argparse.ArgumentError as exc:
            self.fail(self._explain(exc))

    def parse_args(self, args=None, namespace=None):
        namespace, extras = self.parse_known_args(args, namespace)
        if extras:
            self.fail(f"不认识的参数：{' '.join(extras)}（以 - 开头的值写成“--选项=值”）。")
        return namespace

    def error(self, message: str):
        """argparse's own messages that do not come with their argument (a missing argument)."""
        if message.startswith(_REQUIRED):
            names = [self._label(self._action(name)) or name for name in message[len(_REQUIRED):].split(", ")]
            self.fail(f"缺少 {'、'.join(names)}。")
        self.fail(f"命令行有误（{message}）。")

    def fail(self, text: str):
        """One Chinese line on the standard error, and exit."""
        self.exit(EXIT_STATUS, f"{self.prog}：{text}\n")

    def _explain(self, exc: argparse.ArgumentError) -> str:
        action = self._action(exc.argument_name)
        label = self._label(action) if action else exc.argument_name or "参数"
        label += "" if label.endswith("）") else " "
        option = (action.option_strings[-1] if action and action.option_strings else "--选项")
        message = exc.message
        if message.startswith("expected"):  # "expected one argument": none given, or one starting with -
            return f"{label}缺少值：写成 {option}=值（值以 - 开头时也要这样写）。"
        if match := _CHOICE.match(message):
            choices = "、".join(str(c) for c in (action.choices if action else ()) or ())
            return f"{label}不能是“{_literal(match[1])}”，可选：{choices}。"
        if match := _INVALID.match(message):
            return f"{label}的值“{_literal(match[1])}”无效" + (f"：应为{action.help}。" if action and action.help else "。")
        if match := _EXPLICIT.match(message):
            return f"{label}不带值：去掉“={_literal(match[1])}”。"
        return f"{label.rstrip()}：{message}" + ("" if message.endswith("。") else "。")

    def _action(self, name: str | None) -> argparse.Action | None:
        return next((a for a in self._actions if name is not None and _name(a) == name), None)

    @staticmethod
    def _label(action: argparse.Action | None) -> str:
        if action is None:
            return ""
        variable = getattr(action, "variable", None)
        if variable and action.option_strings:
            return f"{variable}（{_name(action)}）"  # as typed after make, and as the tool reads it
        return variable or _name(action)


def _name(action: argparse.Action) -> str:
    """The argument's name as argparse's ArgumentError computes it (argparse._get_action_name)."""
    if action.option_strings:
        return "/".join(action.option_strings)
    if action.metavar not in (None, argparse.SUPPRESS):
        return str(action.metavar)
    return str(action.dest)


def _literal(text: str) -> str:
    """A value argparse quoted with repr(), as it was typed."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return value if isinstance(value, str) else text


def control_character(value: str) -> str | None:
    """The first character of ``value`` that does not belong in one line of text, described
    (``U+000A（换行）``), or None."""
    for character in value:
        if unicodedata.category(character) in LINE_BREAKING:
            name = CHARACTER_NAMES.get(character)
            return f"U+{ord(character):04X}" + (f"（{name}）" if name else "")
    return None


def line(value: str) -> str:
    """An argument of one line of text (argparse ``type``)."""
    found = control_character(value)
    if found:
        raise argparse.ArgumentTypeError(f"含有控制字符 {found}：只能是一行文字，去掉换行等控制字符后重新运行。")
    return value


def file_path(value: str) -> Path:
    """An argument naming a file (argparse ``type``): a folder is refused here, a missing or unreadable
    file by the tool that opens it (with its own message)."""
    path = Path(value)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"“{value}”是文件夹，不是文件：写出文件的路径（含文件名和扩展名）。")
    return path
