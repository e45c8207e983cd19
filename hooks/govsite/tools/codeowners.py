"""``make codeowners`` (``python -m govsite.tools.codeowners``): who may edit which folder, from the
``编辑`` of every ``_org.yml``, as the code-owner files of the three forges a county may host on.

GitHub and GitLab read gitignore-style patterns where the last matching line wins; Gitea reads Go
regular expressions and requests every matching line's owners. One file cannot mean the same to
both, and each forge stops at the first CODEOWNERS it finds (GitLab and Gitea look at the root
first), so each gets its own file in its own folder and none is at the root:

- ``.github/CODEOWNERS`` and ``.gitlab/CODEOWNERS``: ``/content/townships/chengguan/ @user``;
- ``.gitea/CODEOWNERS``: ``content/townships/chengguan/.* @user``.

The county government's editors (``content/county/_org.yml``: in practice the 政务公开办) own
everything no organisation owns: ``catalog/``, ``mkdocs.yml``, the code, these files. A village
without editors of its own is its township's. An ``_org.yml`` that does not load stops the tool
(its folder would silently lose its owners); nothing is written then.

Only this command writes them: the files ship with the product (for the example county), and ``make
new-county`` leaves them as shipped, so a county's next pull of the product does not conflict until the
county makes its own here.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from ..model.orgs import ORG_FILE, Organisation
from ..parse import arguments
from ..parse.errors import os_problem
from .project import Project, Refused

FORGES = {"github": ".github/CODEOWNERS", "gitlab": ".gitlab/CODEOWNERS", "gitea": ".gitea/CODEOWNERS"}
# What only the county's editors (政务公开办) change: settings, catalog, code, templates, CI, these files.
MAINTAINED = ("mkdocs.yml", "govsite.yml", "catalog/", "hooks/", "overrides/", "deploy/", "Makefile", "requirements*.txt",
              "package.json", "package-lock.json", ".github/", ".gitlab/", ".gitea/", ".gitlab-ci.yml")
HEADER = ("# 由 make codeowners 根据各单位 _org.yml 的“编辑”生成，请勿手工修改：改 _org.yml 后重新运行 make codeowners。\n"
          "# 在代码托管平台的受保护分支中开启“需要代码所有者审核”，各单位的编辑就只能修改本单位的文件夹。\n")


def owners(org: Organisation) -> list[str]:
    """The organisation's editors as forge owners: @name, @group/team, or an e-mail address."""
    return [e if e.startswith("@") or "@" in e else f"@{e}" for e in org.editors]


def rules(project: Project) -> list[tuple[str, list[str], str]]:
    """(folder relative to the project root or a pattern, owners, comment), general first, specific after."""
    county = project.tree.county
    admins = owners(county) if county else []
    content = project.content_dir.relative_to(project.root).as_posix()
    # the county's own government (县政府, 区政府 …): the one whose editors are the 政务公开办
    out: list[tuple[str, list[str], str]] = [("*", admins, f"默认：{county.kind if county else '本级人民政府'}（政务公开办）")]
    out += [(path, admins, "标准目录、设置和程序：政务公开办") for path in MAINTAINED]
    for org in sorted(project.tree.orgs.values(), key=lambda o: o.folder.count("/")):
        if org.editors:
            out.append((f"{content}/{org.folder}/", owners(org), org.name))
    return out


def github(project: Project) -> str:
    """GitHub and GitLab syntax: gitignore-style patterns anchored at the root, last match wins."""
    return _lines(project, lambda path: path if path == "*" else f"/{path}")


def gitea(project: Project) -> str:
    """Gitea syntax: one Go regular expression per line, matched against the whole path."""
    return _lines(project, lambda path: ".*" if path == "*" else _regex(path))


def _lines(project: Project, pattern) -> str:
    lines = [HEADER]
    last = ""
    for path, names, comment in rules(project):
        if comment != last:
            lines.append(f"# {comment}" + ("" if names else "：未填写“编辑”，本行不生效"))
            last = comment
        if names:
            lines.append(f"{pattern(path)} {' '.join(names)}")
    return "\n".join(lines) + "\n"


def _regex(path: str) -> str:
    escaped = "".join("\\\\" + c if c in ".+?()|[]{}^$\\" else c for c in path).replace("*", "[^/]*")
    return escaped + ".*" if path.endswith("/") else escaped


def write(project: Project, forges: list[str]) -> list[Path]:
    broken = [e for e in project.errors.errors if e.file.endswith(ORG_FILE)]
    if broken:
        raise Refused("以下单位的 _org.yml 有错误，改正后再生成（否则这些文件夹没有负责人）：\n"
                      + "\n".join(f"  {e.format()}" for e in broken))
    written = []
    for forge in forges:
        path = project.root / FORGES[forge]
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:  # whole or not at all: a full disk leaves the file as it was
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(gitea(project) if forge == "gitea" else github(project), encoding="utf-8")
            os.replace(temporary, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            raise Refused(os_problem(OSError(exc.errno, exc.strerror), path)) from None  # the file, not the temporary
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = arguments.ArgumentParser(prog="make codeowners", description="根据各单位 _org.yml 的“编辑”生成 CODEOWNERS。")
    parser.add_argument("--forge", variable="FORGE", choices=sorted(FORGES), action="append",
                        help="只生成这个平台的文件（可重复；默认三个都生成）")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="FILE", help="配置文件（默认 mkdocs.yml）")
    args = parser.parse_args(argv)
    try:
        project = Project.load(Path(args.config_file))
        written = write(project, args.forge or list(FORGES))
    except Refused as exc:
        print(f"未生成 CODEOWNERS：{exc}", file=sys.stderr)
        return 1
    missing = [o for o in project.orgs() if not o.editors and not (o.parent and o.parent.editors)]
    for path in written:
        print(f"已生成 {path.relative_to(project.root).as_posix()}")
    if missing:
        print(f"{len(missing)} 个单位未填写“编辑”，其文件夹由上级规则（政务公开办）负责："
              + "、".join(o.label for o in missing[:10]) + ("……" if len(missing) > 10 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
