"""``mkdocs serve`` with editors' errors (issue 22): the preview never stops answering.

MkDocs' own server holds every request until a rebuild succeeds ("The server will appear stuck until
build errors are resolved"), so one bad save froze every page, the form editor included, while the
Chinese report sat in a terminal the 信息员 never sees. Under ``mkdocs serve`` a build with content errors
instead ends with nothing rendered: the last good site stays served as it was, and ``preview-errors.json``
beside it lists the errors. Every page of a preview loads ``preview.js`` (serve only; a built site never
has it), which shows them in a banner; the form editor (``admin.js``) shows them at the foot of the form,
in the same box (``preview_banner.js``, written into both scripts: ``fill``). Before any good build there is
no site: ``index.html`` is then the list of errors itself.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from ..parse.errors import ContentError

ERRORS_FILE = "preview-errors.json"  # at the top of the served folder; absent once the errors are fixed
SCRIPT = "assets/javascripts/govsite-preview.js"
MARK = b'name="govsite-preview-errors"'
SCRIPT_SOURCE = Path(__file__).with_name("preview.js")
BOX_SOURCE = Path(__file__).with_name("preview_banner.js")  # the box both scripts show the errors in
ERRORS_BOX = "GOVSITE_ERRORS_BOX"  # where a script takes that box (a function of the report and its placement)
PLACEHOLDER = re.compile(r"\bGOVSITE_[A-Z_]+\b")  # a value the build writes into a script (``fill``)
HEADLINE = "预览未更新：发现 {count} 处错误，下面的网站还是上次正确生成的样子。改正后保存，页面会自动刷新。"


def errors_json(errors: list[ContentError]) -> str:
    return json.dumps({
        "headline": HEADLINE.format(count=len(errors)),
        "errors": [{"file": e.file, "field": e.field, "line": e.line, "item": e.item, "problem": e.problem,
                    "fix": e.fix, "text": e.format()} for e in errors],
    }, ensure_ascii=False, indent=1)


def errors_page(errors: list[ContentError]) -> str:
    """The served index.html when no good build exists yet."""
    items = "\n".join(f"<li><pre>{html.escape(e.format())}</pre></li>" for e in errors)
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="govsite-preview-errors" content="1">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>预览：网站未生成</title>
<style>body{{font:16px/1.6 sans-serif;margin:2em auto;max-width:60em;padding:0 1em}}pre{{white-space:pre-wrap}}</style>
</head>
<body>
<h1>网站未生成</h1>
<p>发现 {len(errors)} 处错误。请逐条改正后保存，页面会自动刷新。</p>
<ol>
{items}
</ol>
</body>
</html>
"""


def has_site(served: Path) -> bool:
    """A good build's site is being served (not nothing, nor the list of errors)."""
    home = served / "index.html"
    return home.is_file() and MARK not in home.read_bytes()[:300]


def show(errors: list[ContentError], served: Path) -> None:
    """Write the errors beside the last good site in ``served`` (and the list as its home page when there
    is no site yet)."""
    served.mkdir(parents=True, exist_ok=True)
    (served / ERRORS_FILE).write_text(errors_json(errors), encoding="utf-8")
    if not has_site(served):  # no site yet, or the last list of errors
        (served / "index.html").write_text(errors_page(errors), encoding="utf-8")


def errors_box() -> str:
    """``preview_banner.js`` as a JavaScript expression (its opening comment left out)."""
    lines = BOX_SOURCE.read_text(encoding="utf-8").splitlines()
    while lines and lines[0].startswith("//"):
        lines.pop(0)
    return "\n".join(lines).strip()


def fill(source: str, values: dict[str, str]) -> str:
    """A script of the product with the values the build gives it (``values``: placeholder → JavaScript
    expression). A placeholder left unfilled would be a ReferenceError in the editor's browser: refused here."""
    out = PLACEHOLDER.sub(lambda m: values.get(m[0], m[0]), source)
    left = sorted(set(PLACEHOLDER.findall(out)))
    if left:
        raise ValueError(f"no value for {', '.join(left)}")
    return out


def script() -> str:
    return fill(SCRIPT_SOURCE.read_text(encoding="utf-8"), {ERRORS_BOX: errors_box()})
