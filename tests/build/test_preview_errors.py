"""Issue 22: an editor's error never freezes the preview. Under `mkdocs serve`, MkDocs holds every request
until a rebuild succeeds; a save the build refuses now leaves the last good site served, lists the errors
in preview-errors.json (shown above every page and the form: render/preview.py), and clears them when the
error is fixed. Before any good build, the home page is the list of errors."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import BIN, make_project

POLICY = "content/departments/nongye/zhengce.md"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _unstamped(page: bytes) -> bytes:
    """A served page without the reload stamp mkdocs serve adds (livereload(epoch, request))."""
    return re.sub(rb"livereload\(\d+, *\d+\)", b"", page)


def _until(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if (value := check()):
                return value
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"not within {seconds} s: {what}")


@pytest.fixture
def serve(tmp_path):
    started = []

    def start(project: Path) -> str:
        port = _free_port()
        process = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        started.append(process)
        return f"http://127.0.0.1:{port}/"

    yield start
    for process in started:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log = process.stdout.read().decode("utf-8", "replace")
        assert "Traceback" not in log


def test_a_refused_save_keeps_the_last_good_site_served_with_the_errors(tmp_path, serve):
    project = make_project(tmp_path)
    url = serve(project)
    home = _until(lambda: _get(url)[0] == 200 and _get(url)[1], 120, "the first build")
    script = _get(url + "assets/javascripts/govsite-preview.js")
    assert script[0] == 200 and b"preview-errors.json" in script[1]
    assert b"govsite-preview.js" in home  # every page of a preview loads it
    assert _get(url + "preview-errors.json")[0] == 404

    policy = project / POLICY
    good = policy.read_text(encoding="utf-8")
    policy.write_text(good.replace("栏目: fupin-01", "栏目: fupin-99"), encoding="utf-8")
    report = _until(lambda: _get(url + "preview-errors.json")[0] == 200 and json.loads(_get(url + "preview-errors.json")[1]),
                    120, "the errors of the refused save")
    assert report["headline"].startswith("预览未更新：发现 1 处错误")
    [error] = report["errors"]
    assert error["file"] == POLICY and error["field"] == "栏目" and "fupin-99" in error["problem"] and error["fix"]
    started = time.monotonic()
    status, page = _get(url, timeout=5)  # answered at once, not held until the error is fixed
    assert status == 200 and time.monotonic() - started < 5
    assert _unstamped(page) == _unstamped(home)  # the last good site, as it was

    policy.write_text(good, encoding="utf-8")  # fixed: the errors go
    _until(lambda: _get(url + "preview-errors.json")[0] == 404, 120, "the errors cleared after the fix")
    assert _get(url)[0] == 200


def test_before_any_good_build_the_home_page_lists_the_errors(tmp_path, serve):
    project = make_project(tmp_path)
    policy = project / POLICY
    policy.write_text(policy.read_text(encoding="utf-8").replace("栏目: fupin-01", "栏目: fupin-99"), encoding="utf-8")
    url = serve(project)
    page = _until(lambda: _get(url)[0] == 200 and _get(url)[1].decode("utf-8"), 120, "the list of errors")
    assert "网站未生成" in page and POLICY in page and "fupin-99" in page
    assert "<script" not in page.split("</ol>")[0].split("<ol>")[1]  # the errors are text, escaped
