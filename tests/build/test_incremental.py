"""Incremental builds (govsite/incremental.py): a rebuild takes over the pages and search bundles whose
inputs did not change, and its output equals a full build of the same sources."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.compare import compare_trees
from conftest import build

POLICY = "content/departments/nongye/zhengce.md"


def _fragments(site: Path) -> list[str]:
    """The text of every Pagefind fragment of ``site`` (gzip; "pagefind_dcd" before the JSON)."""
    return [gzip.decompress(path.read_bytes()).decode("utf-8") for path in site.glob("pagefind/**/*.pf_fragment")]


def _incremental(output: str) -> tuple[int, int] | None:
    m = re.search(r"Incremental build: (\d+) of (\d+) pages", output)
    return (int(m[1]), int(m[2])) if m else None


def test_a_rebuild_after_an_edit_equals_a_full_build(mini, tmp_path):
    assert build(mini).returncode == 0
    again = build(mini)
    reused, total = _incremental(again.output)
    assert reused == total  # nothing changed: every page taken over
    live = {p.relative_to(again.site).as_posix(): p.read_bytes() for p in again.site.rglob("*") if p.is_file()}
    policy = mini / POLICY
    policy.write_text(re.sub(r"^标题: (.*)$", r"标题: \1（修订）", policy.read_text(encoding="utf-8"), count=1, flags=re.M),
                      encoding="utf-8")
    edited = build(mini)
    assert edited.returncode == 0, edited.output
    reused, total = _incremental(edited.output)
    assert 0 < reused < total
    # built in the site before the last one (the spare), keeping the files it would write the same; the
    # site it replaced, now the spare, holds what it held: no file shared with it was written into
    kept = re.search(r"(\d+) files of the site before the last one kept in place", edited.output)
    assert kept and int(kept[1]) > 0
    spare = mini / ".site.spare"
    assert {p.relative_to(spare).as_posix(): p.read_bytes() for p in spare.rglob("*") if p.is_file()} == live
    rendered, pages = map(int, re.search(r"MkDocs renders (\d+) of (\d+) pages", edited.output).groups())
    # the reused pages never enter MkDocs's page loop (the checks page, always rendered, has no key)
    assert (rendered, pages) == (total - reused + 1, total + 1)
    for page in ("departments/nongye/zhengce/index.html",  # the document
                 "departments/nongye/jiedu/index.html",  # its 解读 links back to it by title
                 "departments/nongye/fupin-01/index.html"):  # its column
        assert "（修订）" in (edited.site / page).read_text(encoding="utf-8"), page
    clean = tmp_path / "clean"
    shutil.copytree(mini, clean, ignore=shutil.ignore_patterns("site", ".site.*"))
    full = build(clean)
    assert full.returncode == 0 and _incremental(full.output) is None
    comparison = compare_trees(edited.site, full.site)
    assert comparison["equal"], comparison
    for _ in range(100):  # the replaced site is deleted in the background
        if not list(mini.glob(".site.old-*")):
            break
        time.sleep(0.1)
    assert sorted(p.name for p in mini.glob(".site.*")) == [".site.front-matter.pickle", ".site.keys.json",
                                                            ".site.spare", ".site.spare.keys.json",
                                                            ".site.views.pickle"]
    assert "Front matter of" in edited.output  # the unchanged files' front matter came from the last build
    # a document taken off: its page, folder and attachments leave the recycled site too
    project = "content/townships/chengguan/dongjie/xiangmu.md"
    (mini / project).unlink()
    (clean / project).unlink()
    removed, full = build(mini), build(clean)
    assert removed.returncode == 0 and "kept in place" in removed.output, removed.output[-2000:]
    assert (edited.site.parent / ".site.spare" / "townships/chengguan/dongjie/xiangmu/index.html").is_file()
    assert not (removed.site / "townships/chengguan/dongjie/xiangmu").exists()
    comparison = compare_trees(removed.site, full.site)
    assert comparison["equal"], comparison
    # built again twice unchanged: the second keeps the spare's search bundle in place, whole
    for _ in range(2):
        again = build(mini)
    kept = re.search(r"(\d+) files of the site before the last one kept in place", again.output)
    assert kept and int(kept[1]) >= len([p for p in again.site.rglob("*") if p.is_file()]) - 2  # all but checks, 404
    comparison = compare_trees(again.site, full.site)
    assert comparison["equal"], comparison


def test_a_template_change_renders_every_page(mini):
    assert build(mini).returncode == 0
    template = mini / "overrides/document.html"
    template.write_text(template.read_text(encoding="utf-8").replace("政策解读", "政策解读（新）"), encoding="utf-8")
    result = build(mini)
    assert result.returncode == 0 and _incremental(result.output) is None
    assert "政策解读（新）" in (result.site / "departments/nongye/zhengce/index.html").read_text(encoding="utf-8")


def test_a_page_missing_from_the_last_site_is_rendered_again(mini):
    assert build(mini).returncode == 0
    page = mini / "site/departments/nongye/zhengce/index.html"
    page.unlink()
    result = build(mini)
    reused, total = _incremental(result.output)
    assert reused == total - 1 and page.is_file()


# mkdocs serve (issue 13): its builder, step by step, in a process of its own: load the configuration and
# build, as MkDocs' serve() does on every change (the hooks module and its state live on between builds).
SERVE_DRIVER = r"""
import logging, os, sys, tempfile
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
from mkdocs.config import load_config
from mkdocs.commands.build import build
site_dir = tempfile.mkdtemp(prefix="mkdocs_")
url = "http://127.0.0.1:8000/"
first = True
for line in sys.stdin:
    if line.strip() == "quit":
        break
    if line.strip() == "wait":  # the search bundles indexed after the last build was served
        hooks = next(m for n, m in sys.modules.items() if n.endswith("govsite_hooks.py"))
        hooks.run.speed.background.wait()
        print("indexed", flush=True)
        continue
    config = load_config(config_file="mkdocs.yml", site_dir=site_dir)
    if first:
        config.plugins.on_startup(command="serve", dirty=False)
        first = False
    config.site_url = url
    try:
        build(config, serve_url=url)
        hooks = next(m for n, m in sys.modules.items() if n.endswith("govsite_hooks.py"))
        print("built", hooks.run.output.target, flush=True)
    except BaseException as exc:
        print("failed", type(exc).__name__, flush=True)
config.plugins.on_shutdown()
import shutil
shutil.rmtree(site_dir, ignore_errors=True)
"""


class ServeSession:
    """A process that builds as ``mkdocs serve`` does, one build per ``build()`` (SERVE_DRIVER)."""

    def __init__(self, project: Path, serve_dir: Path):
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", GOVSITE_SERVE_DIR=str(serve_dir))
        self.log = project.parent / f"serve-{project.name}.log"
        self.process = subprocess.Popen([sys.executable, "-c", SERVE_DRIVER], cwd=project, env=env, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log.open("w"))

    def build(self) -> tuple[Path, str]:
        self.process.stdin.write("build\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().split()
        output = self.log.read_text(encoding="utf-8")
        assert answer and answer[0] == "built", output[-3000:]
        return Path(answer[1]), output

    def wait_for_index(self) -> str:
        self.process.stdin.write("wait\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().split() == ["indexed"]
        return self.log.read_text(encoding="utf-8")

    def quit(self):
        self.process.stdin.write("quit\n")
        self.process.stdin.flush()
        self.process.wait(60)


def test_serve_rebuilds_only_what_changed_and_equals_a_clean_build(mini, tmp_path):
    serve_dir = tmp_path / "served"
    session = ServeSession(mini, serve_dir)
    try:
        site, output = session.build()
        assert _incremental(output) is None and (site / "index.html").is_file()
        assert site.parent == serve_dir  # GOVSITE_SERVE_DIR: where the served site lives
        policy = mini / POLICY
        policy.write_text(re.sub(r"^标题: (.*)$", r"标题: \1（修订）", policy.read_text(encoding="utf-8"), count=1,
                                 flags=re.M), encoding="utf-8")
        again, output = session.build()
        assert again == site  # the same folder is served after every rebuild
        m = re.findall(r"Incremental build: (\d+) of (\d+) pages", output)
        reused, total = map(int, m[-1])
        assert 0 < reused < total
        page = site / "departments/nongye/zhengce/index.html"
        assert "（修订）" in page.read_text(encoding="utf-8")
        # the edited bundle is indexed after the site is served: the last index until then, the new one after
        assert "bundle(s) indexed in the background" in output
        assert "Search index updated" in session.wait_for_index()
        assert any("（修订）" in text for text in _fragments(site))
        edited = policy.read_text(encoding="utf-8")
        policy.write_text(edited.replace("栏目: fupin-01", "栏目: fupin-99", 1), encoding="utf-8")
        refused, output = session.build()  # an editor's error: shown, not a stopped server (render.preview)
        assert refused == site and "标准目录中没有编号为“fupin-99”的事项" in output
        assert "fupin-99" in (site / "preview-errors.json").read_text(encoding="utf-8")
        assert "（修订）" in page.read_text(encoding="utf-8")  # a refused rebuild leaves the served site as it was
        policy.write_text(edited, encoding="utf-8")
        fixed, output = session.build()
        assert fixed == site and tuple(map(int, re.findall(r"Incremental build: (\d+) of (\d+) pages", output)[-1]))[0] > 0
        session.wait_for_index()
        # two saves in a row: the second build stops the first one's indexing and indexes the bundle itself
        for token in ("（初稿）", "（定稿）"):
            policy.write_text(edited.replace("（修订）", token, 1), encoding="utf-8")
            session.build()
        assert "Search index updated" in session.wait_for_index()
        texts = _fragments(site)
        assert any("（定稿）" in text for text in texts) and not any("（初稿）" in text for text in texts)
        clean = tmp_path / "clean"
        shutil.copytree(mini, clean, ignore=shutil.ignore_patterns("site", ".site.*"))
        fresh = ServeSession(clean, tmp_path / "served-clean")
        try:
            clean_site, clean_output = fresh.build()
            assert _incremental(clean_output) is None
            comparison = compare_trees(site, clean_site)
            assert comparison["equal"], comparison
        finally:
            fresh.quit()
    finally:
        session.quit()
    assert not list(serve_dir.glob("site-*")), "the serve folder is removed at shutdown"


def test_an_attachment_rewritten_with_its_old_size_and_time_is_copied_again(mini):
    """Copied files are linked from the last site while their source is untouched (size, times, inode):
    a rewrite that keeps the size and sets the old modification time back (as npm and some tools do) is
    still seen (its ctime changed)."""
    assert build(mini).returncode == 0
    attachment = mini / "content/departments/nongye/files/fenpei.csv"
    stat = attachment.stat()
    old = attachment.read_bytes()
    new = bytes(b ^ 1 if 48 <= b < 57 else b for b in old)  # digits changed, same length
    assert new != old and len(new) == len(old)
    attachment.write_bytes(new)
    os.utime(attachment, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    result = build(mini)
    assert result.returncode == 0 and _incremental(result.output) is not None
    assert (result.site / "departments/nongye/files/fenpei.csv").read_bytes() == new
    unchanged = build(mini)  # and untouched again: linked, the same bytes
    assert (unchanged.site / "departments/nongye/files/fenpei.csv").read_bytes() == new
