"""Links in document bodies (国办秘函〔2019〕19号 counts unavailable links): every internal link and
every link to an attachment file resolves to a page or file the site publishes.

Resolution follows MkDocs (``mkdocs/structure/pages.py``, ``path_to_url``) with ``use_directory_urls``:
a relative link with a file extension (``jiedu.md``, ``files/a.pdf``) is resolved against the source
file's folder and must name a published file; a link without one (``../jiedu/``) and a site-absolute
link (``/xxgk/``) are left as written by MkDocs, so they are resolved as the browser would, against the
page's URL or the site root. Front-matter 附件 are checked when documents load.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit

from .. import urls
from ..parse import markdown
from .context import Context
from .rules import Finding

RULES = ("broken_link",)



def check(ctx: Context):
    published = _published_files(ctx)
    withdrawn = ctx.site.withdrawn_files
    for doc in ctx.site.documents:
        if not doc.may_link:
            continue
        text = (ctx.root / doc.file).read_text(encoding="utf-8-sig")
        for target in markdown.links_in(markdown.body(text)):
            problem = _problem(target, doc.src_uri, published, withdrawn)
            if problem:
                yield Finding("broken_link", f"链接“{target}”{problem}",
                              org=doc.org, column=doc.item.id, file=doc.file)


def _problem(target: str, src_uri: str, published: set[str], withdrawn: set[str]) -> str | None:
    scheme, netloc, path, _query, _fragment = urlsplit(target)
    if scheme or netloc or not path:
        return None  # external, mailto:, or an anchor on the same page
    path = unquote(path)
    if path.startswith("/"):
        candidates = _url_targets(path.lstrip("/"))
    elif posixpath.splitext(path)[1]:
        candidates = [posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))]
    else:
        candidates = _url_targets(posixpath.join(_page_url(src_uri), path))
    if any(c in published for c in candidates):
        return None
    if any(c in withdrawn for c in candidates):
        return "指向已撤销的文件，网站上已没有该页面或附件：请删去链接"
    hint = "检查路径和文件名：链接相对于本文件所在文件夹，如同一文件夹的 jiedu.md、附件 files/xxx.pdf"
    return f"在网站上找不到（{candidates[0]}）：{hint}"


def _page_url(src_uri: str) -> str:
    """The page's folder URL under use_directory_urls: a/b.md → a/b/, a/index.md → a/."""
    folder, name = posixpath.split(src_uri)
    return posixpath.join(folder, "" if name == "index.md" else posixpath.splitext(name)[0], "")


def _url_targets(url_path: str) -> list[str]:
    """Source files a site URL may be served from: x/ → x/index.md or x.md; files as they are."""
    path = posixpath.normpath(url_path) if url_path.strip("/") else ""
    if path in ("", "."):
        return ["index.md"]
    if posixpath.splitext(path)[1] and not url_path.endswith("/"):
        return [path[:-len(".html")] + ".md" if path.endswith(".html") else path]
    return [posixpath.join(path, "index.md"), path + ".md"]


def _published_files(ctx: Context) -> set[str]:
    """Every source URI the site publishes: content files, live documents, generated pages."""
    content = ctx.site.content.published if ctx.site.content else set()
    return (content - ctx.site.withdrawn_files) | set(urls.generated(ctx.site))
