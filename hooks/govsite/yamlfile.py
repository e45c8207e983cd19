"""YAML reading for editor files: keeps line numbers, keeps dates as text, explains syntax errors.

Dates stay strings so that ``schema`` parses them and can say *which* field holds a bad date
(PyYAML's own timestamp parsing raises a bare ``ValueError`` for 2024-02-30).
"""

from __future__ import annotations

import re

import yaml

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


class _Loader(_Base):
    duplicate_keys: list[tuple[str, int]]


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
    loader = _Loader(text)
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
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
        return path.read_text(encoding="utf-8-sig")  # Windows Notepad may add a BOM
    except UnicodeDecodeError:
        errors.add(file, "文件不是 UTF-8 编码（可能是 GBK/ANSI）", "用编辑器“另存为”UTF-8 编码后重新提交。")
        return None
