"""YAML reading for editor files: keeps line numbers, keeps dates as text, explains syntax errors,
and is bounded: aliases (``&a`` … ``*a``) are refused, so a few hundred bytes cannot expand into
gigabytes (a "billion laughs" file), and each file's size is limited.

Dates stay strings so that ``schema`` parses them and can say *which* field holds a bad date
(PyYAML's own timestamp parsing raises a bare ``ValueError`` for 2024-02-30).
"""

from __future__ import annotations

import re

import yaml

from . import text as characters
from .errors import ErrorCollector


class LineDict(dict):
    """A mapping that remembers the line of each key (1-based) and of itself."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


# libyaml's parser when PyYAML has it (its wheels do): tens of thousands of front matters per build.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


MAX_YAML_CHARS = 1_000_000  # one YAML text (a front matter, a catalog file): a whole county's catalog is ~300 KB
MAX_FILE_BYTES = 20_000_000  # one editor file read as text (a document with its body)


class AliasError(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _Loader(_Base):
    duplicate_keys: list[tuple[str, int]]

    def construct_object(self, node, deep=False):
        # A node met a second time is an alias (*name): refused, whatever it would expand to.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise AliasError(node.start_mark.line + 1)
        return super().construct_object(node, deep=deep)


# Same implicit resolvers as SafeLoader, minus timestamps.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            key = str(key)
        if key in mapping:
            loader.duplicate_keys.append((str(key), line))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = line
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

_FULLWIDTH_COLON_KEY = re.compile(r"^\s*[^\s:：#][^:：]*：", re.M)


def load(text: str, file: str, errors: ErrorCollector, *, line_offset: int = 0):
    """Parse YAML ``text``; on failure record a Chinese error for ``file`` and return None."""
    if len(text) > MAX_YAML_CHARS:
        errors.add(file, f"YAML 内容太大（{len(text)} 个字符，最多 {MAX_YAML_CHARS} 个）",
                   "检查文件是否误粘贴了大量内容；文件信息只写标题、栏目、日期等字段，正文写在第二个 --- 之后。",
                   line=line_offset or None)
        return None
    if _refuse_characters(text, file, errors, line_offset):
        return None
    loader = _Loader(text)
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
    except AliasError as exc:
        errors.add(file, "不支持 YAML 别名（& 和 * 引用）", "把引用处直接写成要填的值；如值以 * 或 & 开头，请加引号。",
                   line=exc.line + line_offset)
        return None
    except (ValueError, OverflowError) as exc:  # e.g. a 200,000-digit number
        errors.add(file, f"YAML 中有无法读取的值（{str(exc)[:80]}）", "检查是否误粘贴了很长的数字或文字；值很长时加引号。",
                   line=line_offset or None)
        return None
    except RecursionError:
        errors.add(file, "YAML 嵌套层次过深", "按编辑指南的格式填写：字段最多嵌套两三层。", line=line_offset or None)
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + line_offset if mark else None
        fix = "检查该行附近的缩进、冒号和引号：每个字段写成“字段名: 值”（英文冒号加空格），列表项以“- ”开头。"
        if _FULLWIDTH_COLON_KEY.search(text):
            fix = "字段名后用了中文冒号“：”，请改为英文冒号“:”并在其后加一个空格。"
        errors.add(file, f"YAML 格式错误（{getattr(exc, 'problem', None) or exc}）", fix, line=line)
        return None
    finally:
        loader.dispose()
    for key, line in loader.duplicate_keys:
        errors.add(file, "同一字段写了两次", "删除重复的一处，只保留一个。", field=key, line=line + line_offset)
    if line_offset:
        _shift_lines(data, line_offset)
    return data


_KEY = re.compile(r"""^[ \t]*(?:-[ \t]+)?("[^"]*"|'[^']*'|[^\s:#"'][^:#]*?)[ \t]*:(?:[ \t]|$)""")
MAX_LINES_REPORTED = 10  # lines of one file named one by one when they hold refused characters


def _refuse_characters(text: str, file: str, errors: ErrorCollector, line_offset: int) -> bool:
    """Control characters typed (or pasted) into the YAML itself: refused like those a value gets from a
    YAML escape (``schema._text``), by the same rule (``parse.text``), each line naming its field. The YAML
    reader would refuse them too, in English and without a line."""
    if not characters.control_characters(text):
        return False
    lines = text.split("\n")
    refused = [number for number, line in enumerate(lines) if characters.control_characters(line)]
    for number in refused[:MAX_LINES_REPORTED]:
        key, start = _key_of(lines, number)
        line = lines[number]
        problem = characters.problem(line[start:]) if start else "该行" + characters.problem(line.lstrip(" "))
        errors.add(file, problem, characters.FIX, field=key, line=number + 1 + line_offset)
    if len(refused) > MAX_LINES_REPORTED:
        errors.add(file, f"另有 {len(refused) - MAX_LINES_REPORTED} 行也{characters.PROBLEM}",
                   "检查文件是否由其他软件生成或误粘贴了二进制内容；按上面各条删去这些字符。")
    return True


def _key_of(lines: list[str], number: int) -> tuple[str, int]:
    """The field a line belongs to (its own key, else the nearest key above: a block's continuation line),
    and where its value starts on the line (0: the whole line is shown)."""
    for above in range(number, -1, -1):
        if (match := _KEY.match(lines[above])) is not None:
            key = characters.visible(match.group(1).strip("'\""))
            clean_key = above < number or not characters.control_characters(lines[number][:match.end()])
            if above != number or not clean_key:
                return key, 0
            start = match.end() + len(lines[number][match.end():]) - len(lines[number][match.end():].lstrip(" \t"))
            return key, start + (lines[number][start:start + 1] in ("'", '"'))  # counted inside the quotes
    return "", 0


def _shift_lines(data, offset: int) -> None:
    if isinstance(data, LineDict):
        data.line += offset
        data.lines = {k: v + offset for k, v in data.lines.items()}
        for value in data.values():
            _shift_lines(value, offset)
    elif isinstance(data, list):
        for value in data:
            _shift_lines(value, offset)


def read(path, file: str, errors: ErrorCollector) -> str | None:
    """An editor's file as text; a file saved in another encoding (e.g. GBK) is reported, not raised."""
    try:
        if _too_large(path.stat().st_size, file, errors):
            return None
        return path.read_text(encoding="utf-8-sig")  # Windows Notepad may add a BOM
    except OSError as exc:
        errors.add(file, f"文件无法读取（{exc.strerror or exc}）", "检查文件是否存在、是否有读取权限。")
        return None
    except UnicodeDecodeError:
        errors.add(file, "文件不是 UTF-8 编码（可能是 GBK/ANSI）", "用编辑器“另存为”UTF-8 编码后重新提交。")
        return None


def given(text: str, file: str, errors: ErrorCollector) -> str | None:
    """An editor's file as ``read`` would return it once ``text`` is written (the form editor's guard
    checks a document before saving it): None, with the error, when it is too large."""
    if _too_large(len(text.encode("utf-8", "surrogatepass")), file, errors):
        return None
    return text.removeprefix("\ufeff")


def _too_large(size: int, file: str, errors: ErrorCollector) -> bool:
    if size > MAX_FILE_BYTES:
        errors.add(file, f"文件太大（{size // 1_000_000} MB，最多 {MAX_FILE_BYTES // 1_000_000} MB）",
                   "大的材料（如扫描件）作为附件上传，不要写进正文。")
        return True
    return False
