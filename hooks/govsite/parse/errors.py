"""Editor-facing errors (in Chinese), collected over a whole build and reported together."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field

from mkdocs.exceptions import PluginError

from . import text as characters


@dataclass(frozen=True)
class ContentError:
    """One mistake in content or catalog: where it is, what is wrong, how to fix it."""

    file: str  # path relative to the project root, e.g. content/county/x.md
    problem: str
    fix: str = ""
    field: str = ""  # the YAML key, e.g. 发布日期
    line: int | None = None
    item: str = ""  # e.g. a catalog item id

    def format(self) -> str:
        where = self.file
        if self.line:
            where += f" 第{self.line}行"
        parts = [where]
        if self.item:
            parts.append(f"事项 {self.item}")
        if self.field:
            parts.append(f"字段“{self.field}”")
        text = "，".join(parts) + f"：{self.problem}"
        if self.fix:
            text += f"\n    修改办法：{self.fix}"
        return text


class ContentErrors(PluginError):
    """Editors' errors that stop a build, as ``PluginError`` (MkDocs prints the Chinese report), keeping each
    error so that ``mkdocs serve`` can show them in the browser (render.preview) instead of stopping."""

    def __init__(self, report: str, errors: list[ContentError]):
        super().__init__(report)
        self.errors = list(errors)


@dataclass
class ErrorCollector:
    """Collects every error of a build so that editors see all of them in one run."""

    errors: list[ContentError] = field(default_factory=list)

    def add(self, file: str, problem: str, fix: str = "", *, field: str = "",
            line: int | None = None, item: str = "") -> None:
        self.errors.append(ContentError(file, problem, fix, field, line, item))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __len__(self) -> int:
        return len(self.errors)

    def report(self) -> str:
        lines = [f"网站未生成：发现 {len(self.errors)} 处内容错误，请逐条修改后重新生成。"]
        for number, error in enumerate(self.errors, 1):
            lines.append(f"  {number}. {error.format()}")
        lines.append("原有网站（site/）保持不变。")
        return "\n".join(lines)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ContentErrors(self.report(), self.errors)


# What an OS error means to whoever runs the command, and what to do: (problem, fix), by errno.
_OS_PROBLEMS = {
    errno.ENOSPC: ("磁盘空间已满", "腾出磁盘空间（删去不用的文件）后重新运行"),
    errno.EDQUOT: ("超出磁盘配额", "腾出空间或请管理员提高配额后重新运行"),
    errno.EACCES: ("没有写入权限", "检查该文件夹的权限（或换有权限的用户、换一个位置）后重新运行"),
    errno.EPERM: ("没有写入权限", "检查该文件夹的权限（或换有权限的用户、换一个位置）后重新运行"),
    errno.EROFS: ("所在的磁盘是只读的", "换一个可写的位置，或请管理员把磁盘重新挂载为可写后重新运行"),
    errno.EIO: ("磁盘读写出错（I/O 错误）", "检查磁盘是否损坏或已断开，修复后重新运行"),
    errno.ENOENT: ("所在的文件夹不存在", "先建好该文件夹，或换一个已有的位置后重新运行"),
    errno.ENAMETOOLONG: ("文件名或路径太长", "缩短文件夹名，或把项目放到路径较短的位置"),
    errno.EMFILE: ("同时打开的文件太多", "关闭其他程序后重新运行"),
    errno.ENFILE: ("同时打开的文件太多", "关闭其他程序后重新运行"),
}


def os_problem(exc: OSError, path=None, *, doing: str = "写入") -> str:
    """One Chinese sentence for an OS error (disk full, no permission, read-only disk, I/O error …): the
    path (the error's own, else ``path``: a failed ``write`` names none), what happened with its errno name, and the fix. Never a
    traceback: whoever runs the build or a tool is not expected to read Python."""
    # A copy's or a rename's error names its source first and the file written second (filename2).
    where = next((name for name in (exc.filename2, exc.filename) if name is not None), path)
    shown = _shown_path(where) if where is not None else "文件"
    problem, fix = _OS_PROBLEMS.get(exc.errno, (f"系统错误（{exc.strerror or exc}）",
                                                "检查该位置是否存在、可写，磁盘是否正常，然后重新运行"))
    code = errno.errorcode.get(exc.errno) if exc.errno else None
    return f"{doing} {shown} 失败：{problem}{f'（{code}）' if code and code not in problem else ''}；{fix}。"


def _shown_path(path) -> str:
    """Relative to the current folder (the project's, for make) when inside it; control characters visible."""
    path = os.fsdecode(path)
    try:
        relative = os.path.relpath(path)
        if not relative.startswith(".." + os.sep) and relative != "..":
            path = relative
    except ValueError:
        pass
    return characters.visible(path)
