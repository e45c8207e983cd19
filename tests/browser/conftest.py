"""Browser tests: the built example county served as a real host serves it — by nginx with the shipped
deploy/nginx/govsite.conf — and driven in Debian's Chromium by Playwright.

They never skip: a missing browser or nginx is a failure (`make test` installs both through
tests/system-deps.sh).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import http.server
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

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


# --- The form editor's working day (test_cms_day.py, test_cms_consultation_day.py) ---------------------
# `make cms` as it runs on an editor's machine — decap-server behind the product's guard (tools/cms_guard.py)
# writing into content/ of a copy of the example county, `mkdocs serve` beside it — and the files on disk.

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
DECAP_SERVER = ROOT / "node_modules" / ".bin" / "decap-server"
DAY_ORG = "chengguan"  # the township whose 信息员 the days follow
DAY_FOLDER = Path("content/townships/chengguan")
FORM_WAIT = 30_000  # ms: Decap loads its bundle and the entry again after every save; slow on a loaded runner
CHECKS_LINE = "\n    checks:"  # the example's mkdocs.yml: where a day's check date (as_of) goes


def wait_for_text(url: str, seconds: float, contains: str = "") -> str:
    """The page at ``url`` once it answers and shows ``contains`` (mkdocs serve rebuilds after a save)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = response.read().decode("utf-8", "replace")
                if contains in text:
                    return text
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} did not show {contains!r} within {seconds} s")
        time.sleep(0.5)


class Day:
    """The project on disk and what the day has written so far."""

    def __init__(self, project: Path, url: str):
        self.project = project
        self.url = url
        self.folder = project / DAY_FOLDER
        self.known: dict[Path, str] = self.snapshot()
        self.written: dict[str, Path] = {}  # step name → the document it wrote
        self.attachment: Path | None = None  # a published attachment

    def snapshot(self) -> dict[Path, str]:
        return {p: p.read_text(encoding="utf-8") for p in sorted((self.project / "content").rglob("*.md"))}

    def front(self, path: Path) -> dict:
        text = path.read_text(encoding="utf-8")
        return yaml.safe_load(text.split("---\n", 2)[1])

    def changes(self) -> tuple[dict[Path, str], dict[Path, str]]:
        """(files added, files changed) since the last step; the snapshot moves on."""
        now = self.snapshot()
        added = {p: t for p, t in now.items() if p not in self.known}
        changed = {p: t for p, t in now.items() if p in self.known and self.known[p] != t}
        removed = set(self.known) - set(now)
        assert not removed, f"documents disappeared: {sorted(removed)}"
        self.known = now
        return added, changed

    def wait_for_change(self, seconds: float = 30) -> tuple[dict[Path, str], dict[Path, str]]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            now = self.snapshot()
            if now != self.known:
                time.sleep(0.5)  # decap-server writes the document, then its assets
                return self.changes()
            time.sleep(0.2)
        return {}, {}

    def numbers(self) -> list[str]:
        return [n for t in self.known.values() for n in re.findall(r"^索引号:\s*(\S+)", t, re.M)]

    def set_check_date(self, day: datetime.date) -> None:
        """The days go by: the check date of the build and of the guard (mkdocs.yml checks.as_of; both read
        it again, mkdocs serve rebuilds when it changes)."""
        config = self.project / "mkdocs.yml"
        text = re.sub(r"\n      as_of: \S+", "", config.read_text(encoding="utf-8"))
        config.write_text(text.replace(CHECKS_LINE, f"{CHECKS_LINE}\n      as_of: {day.isoformat()}", 1), encoding="utf-8")

    def page_url(self, doc: Path) -> str:
        """Where the site publishes ``doc`` (content/<folder>/<year>/<name>.md → <folder>/<year>/<name>/)."""
        return self.url + doc.relative_to(self.project / "content").with_suffix("").as_posix() + "/"


@contextlib.contextmanager
def form_day(folder: Path, *, as_of: datetime.date | None = None):
    """`make cms` on a copy of the example county in ``folder``: decap-server on an inner port, the guard on
    the port the form talks to, `mkdocs serve` for the site and the form (``as_of``: the check date)."""
    assert DECAP_SERVER.exists(), "npm ci (make setup) installs decap-server"
    project = folder / "county"
    for name in ("content", "catalog", "hooks", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    cms_port, upstream_port, site_port = _free_port(), _free_port(), _free_port()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("\n  gov:\n", f"\n  gov:\n    cms:\n      local_backend: http://localhost:{cms_port}/api/v1\n", 1)
    assert CHECKS_LINE in config
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copy(ROOT / "govsite.yml", project / "govsite.yml")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    env.pop("GOV_AS_OF", None)  # the day's check date is the project's own (Day.set_check_date)
    day = Day(project, f"http://127.0.0.1:{site_port}/")
    if as_of:
        day.set_check_date(as_of)
    processes = [
        subprocess.Popen([str(DECAP_SERVER)], cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                         env=dict(env, BIND_HOST="127.0.0.1", PORT=str(upstream_port), GIT_REPO_DIRECTORY=str(project))),
        subprocess.Popen([str(BIN / "python"), "-m", "govsite.tools.cms_guard", "--port", str(cms_port),
                          "--upstream", str(upstream_port), "--root", str(project)], cwd=project,
                         stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, env=dict(env, PYTHONPATH=str(ROOT / "hooks"))),
        subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{site_port}"], cwd=project,
                         stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, env=env),
    ]
    try:
        wait_for_text(day.url + "admin/config.yml", 240, "collections")
        yield day
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    """A form day on today's date (a module may override this fixture with a check date of its own)."""
    with form_day(tmp_path_factory.mktemp("day")) as made:
        yield made


@pytest.fixture(scope="module")
def editor(day, browser):
    """The 信息员's signed-in form editor, for the whole module."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20000)
    page.set_default_navigation_timeout(120_000)  # mkdocs serve holds every request while it rebuilds after a save
    page.on("dialog", lambda dialog: dialog.accept())  # the worst answer to every question Decap asks
    page.goto(day.url + "admin/")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/#/collections/**")
    yield page
    context.close()


def open_new(page, day: Day, org: str = DAY_ORG) -> None:
    page.goto(day.url + f"admin/#/collections/{org}/new")
    expect(page.get_by_label("标题", exact=True)).to_have_value("", timeout=FORM_WAIT)


def select(page, label: str, text: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def publish(page, how: str = "立即发布") -> None:
    page.evaluate("() => { window.dayMarker = true; }")  # gone once the page has loaded again
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_role("menuitem", name=how).click()


def reopened(page) -> None:
    """After a save the page loads again (admin/govsite.js): wait until the form is back."""
    # mkdocs serve holds the reload while it rebuilds after the save (longer when the check date moved too)
    page.wait_for_function("() => !window.dayMarker", timeout=120_000)
    page.get_by_label("标题", exact=True).wait_for(timeout=120_000)
