"""No published URL ever breaks (issue 24): every build compares the URLs it answers with the list of URLs
the county has published, ``published-urls.txt`` beside mkdocs.yml (kept in the repository, so a CI build on
a fresh clone has it), and stops, naming each URL that would disappear without a page, a redirect page
(曾用网址名, 曾用编号) or a withdrawn column's notice (目录调整记录: 撤销).

The list only grows: ``make site`` and ``make ci-build`` add the pages of the site they just built
(``python -m govsite.checks.published``, reading ``site/``); a county commits the file with its content. A
county without the file is not checked (its first ``make site`` writes it). A line is deleted by hand only
for a URL that was never published (built on one computer, never deployed).

Not kept: the second and later pages of a list (a column's /2/, /3/ …, the 政策文件's): they shift whenever a
document comes or goes, and a reader keeps the list's first page. A revoked document (撤销: its file stays,
with the decision) leaves the site on purpose and is not a lost URL either.
"""

from __future__ import annotations

import argparse
import posixpath
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

from .. import urls
from ..model import reserved
from ..parse.errors import ErrorCollector

FILE = "published-urls.txt"
HEADER = ("# 已发布的网址（每行一个，相对网站根目录）。由 make site / make ci-build 在网站生成后追加，请与内容一起提交。\n"
          "# 每次生成网站都核对：这里的网址必须仍有页面、跳转页或撤销说明页，否则网站不生成。\n")
LISTED_LIMIT = 100  # URLs named one by one in a refusal; the rest are counted (a moved folder can lose thousands)
NOT_PAGES = (f"{reserved.ASSETS}/", f"{reserved.SEARCH_BUNDLES}/", *urls.PRIVATE)  # files, not pages a reader keeps
LIST_PAGE = re.compile(r"/[1-9]\d{0,2}/(?:index\.html)?$|/[1-9]\d{0,2}\.html$")  # /2/ … /999/ (a year has 4 digits)


def page_url(dest: str) -> str:
    """The URL (``/a/b/``, unquoted) of an output path (``a/b/index.html``)."""
    folder, name = posixpath.split(dest)
    if name == reserved.INDEX_PAGE:
        return "/" + (folder + "/" if folder else "")
    return "/" + dest


def read(root: Path) -> list[str] | None:
    """The published URLs (in the file's order), or None when the county keeps no list."""
    path = root / FILE
    if not path.is_file():
        return None
    lines = (line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def check(published: Iterable[str], answered: Iterable[str], errors: ErrorCollector) -> None:
    """Each published URL no output path answers (``answered``: output paths) is an error naming it."""
    have = {page_url(dest) for dest in answered}  # output paths as written: never percent-encoded
    missing = [url for url in dict.fromkeys(published)
               if url not in have and unquote(url) not in have and not LIST_PAGE.search(url)]
    fix = ("恢复原来的文件或文件夹；单位文件夹改名在 _org.yml 写“曾用网址名”，事项改编号或合并写“曾用编号”（make import-catalog "
           "的“目录调整”表会写好），栏目撤销用“目录调整”表的“撤销”（保留说明页），文件不再公开用“撤销”字段而不是删除文件。"
           f"只有从未发布过的网址（只在本机生成过）才可从 {FILE} 中删去这一行。")
    for url in missing[:LISTED_LIMIT]:
        errors.add(FILE, f"已发布的网址 {url} 在本次生成的网站中没有页面（也没有跳转页或撤销说明页），发布后会变成“页面不存在”", fix)
    if len(missing) > LISTED_LIMIT:
        errors.add(FILE, f"另有 {len(missing) - LISTED_LIMIT} 个已发布的网址同样会消失（共 {len(missing)} 个）", fix)


def built_pages(site_dir: Path) -> list[str]:
    """The URLs of the pages of a built site: every HTML file but the product's own files and the private pages."""
    out = []
    for path in site_dir.rglob("*.html"):
        rel = path.relative_to(site_dir).as_posix()
        if rel == reserved.NOT_FOUND or rel.startswith(NOT_PAGES) or LIST_PAGE.search("/" + rel):
            continue
        out.append(page_url(rel))
    return out


def update(root: Path, site_dir: Path) -> int:
    """Add the pages of ``site_dir`` to the list (never removes one); returns how many were added."""
    known = read(root) or []
    new = sorted(set(built_pages(site_dir)) - set(known))
    if not new and (root / FILE).is_file():
        return 0
    text = HEADER + "".join(f"{url}\n" for url in sorted(set(known) | set(new)))
    tmp = root / f".{FILE}.writing"
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(root / FILE)
    return len(new)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govsite.checks.published",
                                     description=f"把刚生成的网站（site/）的页面网址追加到 {FILE}。")
    parser.add_argument("--root", default=".", help="项目文件夹（含 mkdocs.yml）")
    parser.add_argument("--site", default="site", help="生成的网站文件夹（默认 site）")
    args = parser.parse_args(argv)
    root, site_dir = Path(args.root), Path(args.root) / args.site
    if not (site_dir / reserved.INDEX_PAGE).is_file():
        print(f"没有 {site_dir / reserved.INDEX_PAGE}：先生成网站（make site），{FILE} 未更新。", file=sys.stderr)
        return 1
    added = update(root, site_dir)
    print(f"{FILE}：新增 {added} 个已发布网址。" + ("请与内容一起提交这个文件。" if added else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
