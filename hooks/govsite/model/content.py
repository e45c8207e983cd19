"""The files of ``content/`` as MkDocs publishes them, read once per build (one ``os.walk``).

Content stays inside the project: a symbolic link whose target lies outside ``content/`` is an
error naming the link, so nothing outside the folder (a CI machine's secrets, another project)
can be published by linking to it. Dot-files and dot-folders are skipped, as MkDocs skips them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..parse.errors import ErrorCollector

EXCLUDED = ("_org.yml",)  # exclude_docs in mkdocs.yml: never published


@dataclass(frozen=True)
class ContentTree:
    root: Path  # content/ (docs_dir)
    files: tuple[str, ...]  # source URIs (relative to content/, '/'-separated) of every file, sorted by parts

    def named(self, name: str) -> list[str]:
        return [f for f in self.files if f.rpartition("/")[2] == name]

    def markdown(self) -> list[str]:
        return [f for f in self.files if f.endswith(".md")]

    @property
    def published(self) -> set[str]:
        """Files MkDocs copies or renders (exclude_docs left out)."""
        return {f for f in self.files if f.rpartition("/")[2] not in EXCLUDED}


def scan(content_dir: Path, root: Path, errors: ErrorCollector) -> ContentTree:
    """Every file under ``content_dir``; links pointing outside it are reported (and left out)."""
    inside = content_dir.resolve()
    found: list[str] = []
    if not content_dir.is_dir():
        errors.add("mkdocs.yml", f"内容文件夹“{_rel(content_dir, root)}”不存在", "检查 mkdocs.yml 中 docs_dir 的值（应为 content）。",
                   field="docs_dir")
        return ContentTree(content_dir, ())
    for folder, subfolders, names in os.walk(content_dir, followlinks=False):
        base = Path(folder)
        prefix = base.relative_to(content_dir).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        kept = []
        for name in sorted(subfolders):
            if name.startswith("."):
                continue
            path = base / name
            if path.is_symlink():
                if _outside(path, inside, root, errors):
                    continue
                # a link to a folder inside content/: MkDocs follows it, and so do we
                found += _walk_linked(path, prefix + name + "/", inside, root, errors)
                continue
            kept.append(name)
        subfolders[:] = kept
        for name in names:
            if name.startswith("."):
                continue
            path = base / name
            if path.is_symlink() and _outside(path, inside, root, errors):
                continue
            found.append(prefix + name)
    found.sort(key=lambda uri: uri.split("/"))
    return ContentTree(content_dir, tuple(found))


def _walk_linked(path: Path, prefix: str, inside: Path, root: Path, errors: ErrorCollector) -> list[str]:
    out = []
    for folder, subfolders, names in os.walk(path, followlinks=False):
        rel = Path(folder).relative_to(path).as_posix()
        base = prefix + ("" if rel == "." else rel + "/")
        subfolders[:] = [s for s in subfolders if not s.startswith(".")
                         and not (Path(folder, s).is_symlink() and _outside(Path(folder, s), inside, root, errors))]
        out += [base + n for n in names if not n.startswith(".")
                and not (Path(folder, n).is_symlink() and _outside(Path(folder, n), inside, root, errors))]
    return out


def _outside(link: Path, inside: Path, root: Path, errors: ErrorCollector) -> bool:
    target = link.resolve()
    if target == inside or inside in target.parents:
        if not target.exists():
            errors.add(_rel(link, root), "符号链接指向的文件不存在", "删除这个链接，或把文件本身放到这里。")
            return True
        return False
    errors.add(_rel(link, root), "符号链接指向 content/ 以外的位置，不能发布",
               "网站只发布 content/ 中的文件：删除这个链接，把要发布的文件复制到 content/ 中。")
    return True


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
