"""A revised catalog across real builds (issue 24): the example county built and its URLs listed
(published-urls.txt), a revised 扶贫 spreadsheet (one item withdrawn, one renumbered, one merged) refused
without a mapping (files unchanged byte for byte), imported with its 目录调整 sheet, built again: every
document is in its new column and every published URL still answers (a page, a redirect or a notice), on
disk and served by nginx with the shipped configuration; a
document deleted afterwards stops the build naming its URL."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import urllib.error
import urllib.request
from urllib.parse import quote

import openpyxl
from browser.conftest import start_nginx
from conftest import EXAMPLE, EXAMPLE_AS_OF, ROOT, build

from govsite.checks import published
from govsite.model import catalog as catalog_model
from govsite.parse.errors import ErrorCollector
from govsite.tools import catalog_sheet

ENV = {"GOV_AS_OF": EXAMPLE_AS_OF}


def _project(tmp_path):
    project = tmp_path / "county"
    project.mkdir()
    shutil.copy(EXAMPLE / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copy(ROOT / "govsite.yml", project / "govsite.yml")
    for folder in ("hooks", "overrides"):
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for folder in ("content", "catalog"):
        shutil.copytree(EXAMPLE / folder, project / folder)
    return project


def _tool(project, *args):
    env = dict(os.environ, PYTHONPATH=str(project / "hooks"), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", *args], cwd=project, env=env, capture_output=True, text=True)


def _revised_sheet(project, path, mapping=None):
    catalog = catalog_model.load(project / "catalog", project, ErrorCollector())
    catalog.domains = [d for d in catalog.domains if d.id == "fupin"]
    catalog_sheet.export(catalog, path)
    book = openpyxl.load_workbook(path)
    ws = book["扶贫"]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "fupin-09":
                cell.value = "fupin-19"  # renumbered
    for item_id in ("fupin-07", "fupin-10"):  # withdrawn; merged into fupin-13
        ws.delete_rows(next(c.row for r in ws.iter_rows() for c in r if c.value == item_id))
    if mapping:
        sheet = book.create_sheet("目录调整")
        for row in [("旧编号", "新编号", "说明"), *mapping]:
            sheet.append(row)
    book.save(path)
    return path


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _status(url: str) -> int:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1, never through a proxy
    try:
        with opener.open(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _answers(site, url):
    path = site / url.lstrip("/")
    return (path / "index.html").is_file() if url.endswith("/") else path.is_file()


def test_a_revised_catalog_moves_every_document_and_keeps_every_published_url(tmp_path):
    project = _project(tmp_path)
    first = build(project, env=ENV)
    assert first.returncode == 0, first.output
    listed = _tool(project, "govsite.checks.published")
    assert listed.returncode == 0, listed.stderr
    before = published.read(project)
    assert "/departments/nongye/fupin-07/" in before and "/townships/qingshan/fupin-10/" in before

    # Without a mapping: refused, every lost column and document named, nothing written.
    catalog_before = _files(project / "catalog")
    refused = _tool(project, "govsite.tools.catalog_sheet", "import", str(_revised_sheet(project, tmp_path / "a.xlsx")))
    assert refused.returncode == 1
    assert "fupin-07" in refused.stdout and "fupin-09" in refused.stdout and "fupin-10" in refused.stdout
    assert "content/departments/nongye/2019/2019-tuopin-gongjian-xiangmuku.md" in refused.stdout
    assert "Traceback" not in refused.stdout + refused.stderr
    assert _files(project / "catalog") == catalog_before

    # With the 目录调整 sheet: imported, recorded, built.
    mapping = [("fupin-07", "撤销", "资金分配结果今后在“项目实施情况”公布"), ("fupin-09", "fupin-19", ""),
               ("fupin-10", "fupin-13", "合并")]
    done = _tool(project, "govsite.tools.catalog_sheet", "import", str(_revised_sheet(project, tmp_path / "b.xlsx", mapping)))
    assert done.returncode == 0, done.stdout + done.stderr
    assert (project / "catalog" / "_revisions.yml").is_file()
    second = build(project, env=ENV)
    assert second.returncode == 0, second.output
    site = second.site
    assert [url for url in before if not _answers(site, url)] == []  # every published URL answers
    column = (site / "departments/nongye/fupin-19/index.html").read_text(encoding="utf-8")
    assert "2019-tuopin-gongjian-xiangmuku/" in column and "2024-xianjie-zijin-xiangmu/" in column
    merged = (site / "townships/qingshan/fupin-13/index.html").read_text(encoding="utf-8")
    assert "2021-gonggu-tuopin-xiangmu-gongshi/" in merged
    old = (site / "departments/nongye/fupin-09/index.html").read_text(encoding="utf-8")
    assert re.search(r'http-equiv="refresh" content="0; url=\.\./fupin-19/"', old)
    assert "已于" in (site / "townships/qingshan/fupin-07/index.html").read_text(encoding="utf-8")
    notice = (site / "departments/nongye/fupin-07/index.html").read_text(encoding="utf-8")
    assert "目录调整时撤销" in notice and 'content="noindex"' in notice
    record = (site / "catalog/tiaozheng/index.html").read_text(encoding="utf-8")
    assert "资金分配结果" in record and "fupin-19" in record
    assert 'href="tiaozheng/"' in (site / "catalog/index.html").read_text(encoding="utf-8")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "fupin-07/" not in sitemap and "nongye/fupin-09/" not in sitemap
    host = start_nginx(tmp_path / "nginx", site)  # served as a county serves it (deploy/nginx/govsite.conf)
    try:
        assert [url for url in before if _status(host.url + quote(url.lstrip("/"))) != 200] == []
    finally:
        host.stop()

    # A published document deleted: the build stops naming its URL, the site stays as it was. One revoked
    # (撤销: its file keeps the decision) leaves the site on purpose: not a lost URL.
    revoked = project / "content/departments/nongye/2024/2024-xianjie-zijin-xiangmu.md"
    text = revoked.read_text(encoding="utf-8")
    revoked.write_text(text.replace("---\n", "---\n撤销:\n  撤销日期: 2026-11-20\n  下架日期: 2026-11-21\n", 1),
                       encoding="utf-8")
    (project / "content/departments/nongye/2019/2019-tuopin-gongjian-xiangmuku.md").unlink()
    index = (site / "index.html").read_bytes()
    third = build(project, env=ENV)
    assert third.returncode != 0
    assert "published-urls.txt" in third.output and "/departments/nongye/2019/2019-tuopin-gongjian-xiangmuku/" in third.output
    assert "Traceback" not in third.output and "2024-xianjie-zijin-xiangmu/" not in third.output
    assert (site / "index.html").read_bytes() == index
