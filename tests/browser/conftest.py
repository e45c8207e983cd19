"""Browser tests: the built example county served as a real host serves it — by nginx with the shipped
deploy/nginx/govsite.conf — and driven in Debian's Chromium by Playwright.

They never skip: a missing browser or nginx is a failure (`make test` installs both through
tests/system-deps.sh).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("GOVSITE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
NGINX = os.environ.get("GOVSITE_NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = Path("/etc/nginx/mime.types")
DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nginx"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

# Files the example site lacks, added to the copy nginx serves (tests/browser/test_host.py).
PROBES = {
    ".site.keys.json": b'{"secret": "must never be served"}\n',
    ".git/config": b"[core]\n",
    "assets/.hidden": b"hidden\n",
    "probe.wasm": b"\x00asm\x01\x00\x00\x00",  # the smallest valid WebAssembly module
    # JSON above gzip_min_length (the site's own pagefind-entry.json files are ~180 bytes)
    "probe.json": b'{"items": [' + b", ".join(b'{"n": %d, "text": "\\u653f\\u52a1\\u516c\\u5f00"}' % n for n in range(50)) + b"]}\n",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path):
    """A plain Python HTTP server for ``site`` (no headers, no nginx) for tests that want one."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def nginx_conf(prefix: Path, root: Path, port: int, *, server: str | None = None, moved: bool = False) -> str:
    """A top-level nginx.conf: every path of its own under ``prefix``; one server on 127.0.0.1:``port``
    for ``root`` that includes deploy/nginx/govsite.conf, as a county's server block does (``moved``: and the
    301s of the site's redirects.map, as deploy/nginx/example.conf sets them up)."""
    temp = "\n".join(f'    {name}_temp_path "{prefix}/temp/{name}";'
                     for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    redirects = f'\n        include "{DEPLOY / "govsite-redirects.conf"}";' if moved else ""
    server = server or f"""
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root "{root}";
        include "{DEPLOY / 'govsite.conf'}";{redirects}
    }}"""
    if moved:
        server = f"""
    map $uri $govsite_moved {{
        default "";
        include "{root / 'redirects.map'}";
    }}""" + server
    # pytest's tmp folders are 0700: as root, workers must run as root to read the site.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}daemon off;
worker_processes 1;
pid "{prefix}/nginx.pid";
error_log "{prefix}/error.log" warn;
events {{ worker_connections 256; }}
http {{
    include "{MIME_TYPES}";
    default_type application/octet-stream;
    access_log "{prefix}/access.log";
    sendfile on;
{temp}
{server}
}}
"""


def nginx_command(prefix: Path, *extra: str) -> list[str]:
    return [NGINX, "-p", f"{prefix}/", "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log"), *extra]


def _require_nginx() -> None:
    assert Path(NGINX).exists(), "nginx is required for browser tests (make test-deps, or apt-get install nginx)"
    assert MIME_TYPES.exists(), f"{MIME_TYPES} is missing (apt-get install nginx)"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Host:
    """A running nginx serving ``root`` at ``url``."""

    url: str
    port: int
    root: Path
    prefix: Path
    process: subprocess.Popen

    def log(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM: fast shutdown of master and workers
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_nginx(prefix: Path, root: Path, *, moved: bool = False) -> Host:
    """nginx in the foreground (daemon off) on a free loopback port; retried if the port got taken."""
    _require_nginx()
    (prefix / "temp").mkdir(parents=True, exist_ok=True)
    error = ""
    for _ in range(5):
        (prefix / "nginx.pid").unlink(missing_ok=True)
        port = _free_port()
        (prefix / "nginx.conf").write_text(nginx_conf(prefix, root, port, moved=moved), encoding="utf-8")
        process = subprocess.Popen(nginx_command(prefix), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        host = Host(f"http://127.0.0.1:{port}/", port, root, prefix, process)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and process.poll() is None:
            try:  # the pid file is written once nginx holds its port
                if (prefix / "nginx.pid").exists():
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    return host
            except OSError:
                pass
            time.sleep(0.02)
        host.stop()
        error = process.stderr.read().decode(errors="replace") + host.log()
        if "Address already in use" not in error:
            raise AssertionError(f"nginx did not start:\n{error}")
    raise AssertionError(f"nginx found no free port:\n{error}")


def link_tree(source: Path, target: Path) -> Path:
    """A copy of ``source`` made of hard links (a copy where linking is impossible)."""
    def link(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    shutil.copytree(source, target, copy_function=link)
    return target


@pytest.fixture(scope="session")
def host_root(example_site, tmp_path_factory) -> Path:
    """What nginx serves: the built example county, plus the probe files of PROBES."""
    root = link_tree(example_site, tmp_path_factory.mktemp("host") / "site")
    for name, content in PROBES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root


@pytest.fixture(scope="session")
def host(host_root, tmp_path_factory):
    host = start_nginx(tmp_path_factory.mktemp("nginx"), host_root)
    yield host
    host.stop()


@pytest.fixture(scope="session")
def base_url(host) -> str:
    return host.url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian chromium is required for browser tests (make test-deps, or apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
