"""speed.parallel: which pages the second process renders, and what it reports to the parent (a real
fork, with stand-in pages)."""

import logging
import os
from types import SimpleNamespace

import pytest

from govsite.parse.errors import ErrorCollector
from govsite.speed import parallel


def pages(n, prefix="p"):
    return [f"{prefix}{i}/index.html" for i in range(n)]


def test_share_alternates_by_cost_and_keeps_the_first_page():
    order = pages(1000)
    documents = set(order[::2])
    child = parallel.share(order, documents=documents, reused=set())
    assert order[0] not in child
    cost = lambda share: sum(parallel.DOCUMENT_WEIGHT if p in documents else 1 for p in share)
    parent = set(order) - child
    assert abs(cost(child) - cost(parent)) <= parallel.DOCUMENT_WEIGHT
    # interleaved, not halves: both processes go through the bundles in the same order
    assert order[1] in child or order[2] in child
    assert any(p in child for p in order[-10:]) and any(p in parent for p in order[-10:])


def test_share_leaves_reused_pages_and_small_builds_to_one_process(monkeypatch):
    order = pages(1000)
    reused = set(order[:700])
    assert parallel.share(order, documents=set(), reused=reused) == set()  # 300 to render: one process
    child = parallel.share(order, documents=set(), reused=set(order[:100]))
    assert not child & set(order[:100])
    assert parallel.share(order, documents=set(), reused=set(), one_process=True) == set()


def fake(uri):
    return SimpleNamespace(file=SimpleNamespace(dest_uri=uri))


def run(render, n=5, after=lambda done: None, errors=None):
    worker = parallel.Worker({f"d{i}" for i in range(n)})
    errors = errors if errors is not None else ErrorCollector()
    worker.start([fake(f"d{i}") for i in range(n)], render, before_child=lambda: errors, after_pages=after)
    return worker, errors


def test_the_child_reports_pages_errors_and_warnings_to_the_parent(tmp_path):
    errors = ErrorCollector()

    def render(page):
        (tmp_path / page.file.dest_uri).write_text("x")
        if page.file.dest_uri == "d3":
            errors.add("content/a.md", "正文中有脚本，网站不能发布", "删去它")
            logging.getLogger("mkdocs.structure.pages").warning("a link that goes nowhere")

    worker, _ = run(render, errors=errors)
    written, report = worker.finish()
    assert sorted(written) == [f"d{i}" for i in range(5)] and all((tmp_path / f"d{i}").exists() for i in range(5))
    assert [e.problem for e in report["errors"]] == ["正文中有脚本，网站不能发布"]
    assert ("mkdocs.structure.pages", logging.WARNING, "a link that goes nowhere") in report["records"]
    assert not report["failure"]
    assert not errors  # the parent's own collector is untouched: the errors came through the pipe


def test_a_failing_child_is_a_failure_of_the_build():
    def render(page):
        if page.file.dest_uri == "d2":
            raise RuntimeError("template broke on d2")

    worker, _ = run(render)
    written, report = worker.finish()
    assert set(written) == {"d0", "d1"} and "template broke on d2" in report["failure"]


def test_a_child_that_dies_is_a_failure_too():
    worker, _ = run(lambda page: os._exit(3))
    written, report = worker.finish()
    assert written == [] and report["failure"]


def test_poll_gives_pages_as_they_are_written():
    import time

    worker, _ = run(lambda page: time.sleep(0.01), n=20)
    seen = []
    for _ in range(200):
        seen += worker.poll()
        time.sleep(0.01)
        if len(seen) == 20:
            break
    written, report = worker.finish()
    assert sorted(seen + written) == sorted(f"d{i}" for i in range(20)) and not report["failure"]


def test_abort_kills_the_child():
    import time

    worker, _ = run(lambda page: time.sleep(60), n=1)
    pid = worker.pid
    worker.abort()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)


def _rss_mb() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS"))


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="Linux: RSS from /proc")
def test_freed_memory_is_given_back_before_the_fork():
    # 10 KB strings (malloc'd, below the mmap threshold), every other one kept: the freed ones are holes
    # inside the heap, which free() alone never returns to the system
    held = [("公" * 5000) + str(i) for i in range(20000)]
    kept = held[1::2]
    before = _rss_mb()
    del held
    import gc
    gc.collect()
    freed = _rss_mb()
    assert parallel.give_back()
    after = _rss_mb()
    assert before - freed < 50  # (the holes stay resident without it)
    assert freed - after >= 40, (before, freed, after)  # the whole pages of ~100 MB of holes
    assert len(kept) == 10000
