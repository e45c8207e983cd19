"""The benchmark's generator and output comparison (tests/bench/): fast, and without the bench-only
packages (hugo, psutil, pyinstrument); `make bench` itself runs the large sizes. The generated county's
build: build/test_bench_build.py."""

from __future__ import annotations

import gzip
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from bench import generate as gen
from bench.compare import compare_trees


def _digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """The tiny county (size XS: 50 documents), generated once for this module."""
    out = tmp_path_factory.mktemp("bench") / "XS"
    gen.generate(out, "XS")
    return out


def test_generator_is_deterministic(tiny, tmp_path):
    again = tmp_path / "XS"
    gen.generate(again, "XS")
    assert _digest(tiny) == _digest(again)
    other = tmp_path / "seed2"
    gen.generate(other, "XS", seed=2)
    assert _digest(other / "project" / "content") != _digest(tiny / "project" / "content")


def test_generated_county_is_valid_for_the_product(tiny):
    from govsite.model import site as model

    project = tiny / "project"
    site = model.load(project, project / "content", project / "catalog")  # raises on any editor error
    shape = gen.SHAPES["XS"]
    assert len(site.documents) == shape.documents
    assert len(site.tree.departments) == shape.departments
    assert len(site.tree.townships) == shape.townships
    assert len(site.tree.villages) == shape.villages
    assert any(doc.policies for doc in site.documents), "some 解读 pairs"
    assert {"县政府", "部门"} <= {doc.org.kind for doc in site.documents}
    for doc in site.documents:
        assert doc.published >= doc.written
        assert 2019 <= doc.written.year <= 2026 and doc.published <= gen.LAST_DAY
        assert doc.index_number.startswith(doc.org.code + f"/{doc.published.year}-")
        assert 300 <= len(Path(project / "content" / doc.src_uri).read_text(encoding="utf-8")) <= 6000


def test_generated_hugo_content_mirrors_the_documents(tiny):
    documents = [p for p in (tiny / "hugo" / "content").rglob("*.md") if p.name != "_index.md"]
    assert len(documents) == gen.SHAPES["XS"].documents
    text = documents[0].read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: ") and "\n索引号: " in text


def _write(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def test_compare_ignores_build_times_and_pagefind_filter_order(tmp_path):
    page = "<p>发布日期 2024-03-05</p>".encode()
    a = _write(tmp_path / "a", {
        "doc/index.html": page, "sitemap.xml": b"<url><lastmod>2026-11-26</lastmod></url>",
        "sitemap.xml.gz": gzip.compress(b"<lastmod>2026-11-26</lastmod>", mtime=1),
        "footer/index.html": b"built 2026-11-26T06:00:01Z",
        "pagefind/filter/zh-cn_1234567.pf_filter": gzip.compress(b"pagefind_dcd AB"),
        "pagefind/pagefind-entry.json": b'{"hash":"zh-cn_aaaaaaa"}'})
    b = _write(tmp_path / "b", {
        "doc/index.html": page, "sitemap.xml": b"<url><lastmod>2026-11-27</lastmod></url>",
        "sitemap.xml.gz": gzip.compress(b"<lastmod>2026-11-27</lastmod>", mtime=2),
        "footer/index.html": b"built 2026-11-27T07:30:00Z",
        "pagefind/filter/zh-cn_89abcde.pf_filter": gzip.compress(b"pagefind_dcd BA"),
        "pagefind/pagefind-entry.json": b'{"hash":"zh-cn_bbbbbbb"}'})
    assert compare_trees(a, b)["equal"]


def test_compare_reports_changed_pages_and_search_data(tmp_path):
    a = _write(tmp_path / "a", {"doc/index.html": "<p>2024-03-05</p>".encode(), "old/index.html": b"x",
                                "pagefind/filter/zh-cn_1234567.pf_filter": gzip.compress(b"pagefind_dcd A")})
    b = _write(tmp_path / "b", {"doc/index.html": "<p>2024-03-06</p>".encode(), "new/index.html": b"x",
                                "pagefind/filter/zh-cn_1234567.pf_filter": gzip.compress(b"pagefind_dcd B")})
    result = compare_trees(a, b)
    assert not result["equal"]
    assert result["only_in_a"] == ["old/index.html"] and result["only_in_b"] == ["new/index.html"]
    assert result["differing"][0] == "doc/index.html" and "pagefind" in result["differing"][1]


def _rss(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:"))


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="Linux: PSS from /proc")
def test_the_memory_a_forked_child_shares_is_counted_once_in_pss():
    """The bench's PSS (``run.pss``, read from /proc: no psutil, which only ``make bench`` installs)."""
    from bench import run

    # a parent holding ~150 MB forks a child that keeps it (shared, untouched) while both are measured
    script = ("import os, time\nheld = bytearray(150 * 2**20)\nfor i in range(0, len(held), 4096): held[i] = 1\n"
              "pid = os.fork()\nif pid: print(pid, flush=True)\ntime.sleep(3)\nif pid: os.waitpid(pid, 0)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        pids = (parent.pid, int(parent.stdout.readline()))
        rss, pss = sum(_rss(pid) for pid in pids), sum(run.pss(pid) for pid in pids)
    finally:
        parent.wait()
    mb = 2**20
    assert rss >= 300 * mb  # both processes count the shared heap
    assert 150 * mb <= pss <= rss - 120 * mb  # counted once


def test_the_first_query_is_listed_by_kind_then_request_by_request_largest_first():
    """Where the first query's bytes go (issue 25): the bench prints each kind's requests and bytes, then every
    request, largest first, by its path on the site."""
    from bench import run

    query = {"by_kind": {"search: wasm": [1, 68_000], "assets": [2, 40_500]},
             "by_request": [["pagefind/d2026q3/wasm.unknown.pagefind", 68_000],
                            ["assets/javascripts/bundle.a5f9d56c.min.js", 34_900],
                            ["assets/javascripts/search-core.js", 5_600]]}
    assert run.requests_table(query).splitlines() == [
        "  assets: 2 requests, 40.5 KB",
        "  search: wasm: 1 requests, 68.0 KB",
        "       68.0 KB  pagefind/d2026q3/wasm.unknown.pagefind",
        "       34.9 KB  assets/javascripts/bundle.a5f9d56c.min.js",
        "        5.6 KB  assets/javascripts/search-core.js",
    ]
