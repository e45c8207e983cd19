"""Editor-facing errors (in Chinese), collected over a whole build and reported together."""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs.exceptions import PluginError


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
            raise PluginError(self.report())
