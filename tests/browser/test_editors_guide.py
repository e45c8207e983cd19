"""The editors' guide shows what an editor sees (issue 13): `make new` in a terminal and a document page,
as screenshots in docs/images/ (tests/browser/screenshots.py; the form editor's are taken by test_cms.py).
Every image the guide shows exists."""

from __future__ import annotations

import contextlib
import html
import io
import re
import shutil
from pathlib import Path

from govsite.tools import new

from .screenshots import IMAGES, shoot

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "editors-guide.md"
TITLE = "城关镇关于做好冬季森林防火工作的通知"

TERMINAL = """<!doctype html><meta charset="utf-8"><style>
body {{ margin: 0; background: #f3f3f3; font: 15px/1.45 "WenQuanYi Micro Hei Mono", monospace; }}
pre {{ margin: 16px; padding: 14px 18px; width: 860px; background: #1e1e1e; color: #e6e6e6; border-radius: 6px;
       white-space: pre-wrap; }}
b {{ color: #7fd17f; font-weight: normal; }} i {{ color: #ffd866; font-style: normal; }}
</style><pre id="terminal">{}</pre>"""


def test_make_new_in_a_terminal(page, tmp_path):
    project = tmp_path / "county"
    for name in ("content", "catalog"):
        shutil.copytree(ROOT / name, project / name)
    for name in ("mkdocs.yml", "govsite.yml"):
        shutil.copy(ROOT / name, project / name)
    screen = io.StringIO()
    answers = iter(["（chengguan）", "fdzdgk-33", TITLE])

    def ask(prompt: str) -> str:
        answer = next(answers)
        screen.write(f"{prompt}\0{answer}\n")
        return answer

    with contextlib.redirect_stdout(screen):
        assert new.main(["-f", str(project / "mkdocs.yml"), "--date", "2026-11-20"], ask=ask, interactive=True) == 0
    text = screen.getvalue()
    assert "已创建 content/townships/chengguan/2026/" in text and "索引号：" in text
    lines, listed = [], []
    for line in text.splitlines() + [""]:
        if re.match(r"\s+\d+\. ", line):
            listed.append(line)
            continue
        if listed:  # a numbered list: its first lines show how it looks
            lines += [html.escape(item) for item in listed[:6]] + ([f"  …（共 {len(listed)} 项）"] if len(listed) > 6 else [])
            listed = []
        lines.append(re.sub(r"(.*)\0(.*)", r"\1<i>\2</i>", html.escape(line)))
    body = "<b>$ make new</b>\n" + "\n".join(lines).rstrip()
    page.set_viewport_size({"width": 920, "height": 700})
    page.set_content(TERMINAL.format(body))
    shoot(page.locator("#terminal"), "make-new")


def test_a_document_page(page, base_url, example_model):
    doc = next(d for d in example_model.documents if d.number and d.interpretations)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base_url + doc.src_uri[:-3] + "/")
    assert doc.index_number in page.locator("main").inner_text()
    shoot(page, "document")


def test_every_image_of_the_guide_exists():
    images = re.findall(r"!\[[^\]]*\]\((images/[^)]+)\)", GUIDE.read_text(encoding="utf-8"))
    assert images, "the guide shows screenshots"
    missing = [i for i in images if not (GUIDE.parent / i).is_file()]
    assert not missing, f"run GOVSITE_SCREENSHOTS=1 (tests/browser/screenshots.py): {missing}"
    assert all((GUIDE.parent / i).parent == IMAGES for i in images)
