"""The benchmark of issue 6: build synthetic counties with the product and with a Hugo + Pagefind
reference, side by side, and report time, memory, output and search cost.

    make bench                 # SIZE=S: a few minutes
    make bench SIZE=M          # or L, or S,M,L
    make bench SIZE=S BENCH_ARGS="--compare tests/bench/baseline/2026-11-26.json"   # before/after

tests/bench/baseline/ keeps the results of earlier runs on the project's 2-core, 24 GiB machine (S, M
and L of 2026-11-26: the state before any optimisation), so a change can be compared without rerunning
the old code; .bench/results/ keeps every run (latest.json is the last).

Per size, in one run:

1. ours: ``mkdocs build`` with the hooks (pages + Pagefind index), cold (no site/ or cache left);
   then the project is rebuilt with nothing changed, one document is edited (title and body) and the
   project rebuilt (the one-document-edit time),
   and that output is compared with a clean full build of the edited content;
2. reference: ``hugo`` on the same documents (tests/bench/hugo/) then the same Pagefind extended binary
   over Hugo's output (CLI);
3. at S only, plain Material: documents in the inferred nav, no hooks, default search plugin.

Each build runs as a child process; its wall time and the peak RSS of its whole process tree (sum over
the processes alive at each 50 ms sample, the Pagefind binary included) are measured, plus the largest
single process's exact peak (``wait4``) and the tree's peak PSS (shared pages counted once: a forked
renderer shares most of its parent's heap, which the RSS sum counts twice). Each site is then served over HTTP and Debian's Chromium loads
its search page and runs one query; the bytes of every response are summed.

Results: a Markdown table on stdout and JSON in .bench/results/ (``--compare OLD.json`` prints the
differences to an earlier run).
"""

from __future__ import annotations

import argparse
import datetime
import functools
import http.server
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

from tests.browser import conftest as hosting  # the browser tests' nginx and its config

from . import generate as gen
from .compare import compare_trees

ROOT = gen.ROOT
BIN = Path(sys.executable).parent
WORK = ROOT / ".bench"
QUERY = "乡村振兴"  # a phrase of the sentence pool: found in a good share of the documents
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
SOURCES = ("mkdocs.yml", "govsite.yml", "hooks", "overrides", "catalog", "content")  # all else in a project is output or cache
MB = 1024 * 1024


# --- measuring one build --------------------------------------------------------------------------------

RSS_LIMIT_MB = 0  # set by --rss-limit-mb: a build whose tree goes above it is stopped (the machine is shared)


def measure(cmd: list[str], cwd: Path, log: Path, *, interval: float = 0.05) -> dict:
    """Run ``cmd``; return wall time, peak RSS of its process tree and the largest process's peak.

    The tree is sampled every ``interval`` seconds (psutil); ``wait4`` gives the exact peak of the
    largest single process (Linux: the child or any descendant it waited for). Beside the RSS sum (the
    number the targets use), ``peak_pss_mb``: the tree's PSS sum every 0.5 s, which counts the pages a
    forked renderer shares with its parent once (``pss``). Above ``RSS_LIMIT_MB``
    the tree is killed (result ``"killed": "rss limit"``) rather than letting the machine swap or OOM.
    """
    import psutil

    log.parent.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]  # other work on the machine distorts wall times: recorded with each build
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        root = psutil.Process(proc.pid)
        peak, by_name, timeline, last_point, killed, pagefind_at = 0, {}, [], -1.0, None, None
        peak_pss = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            total = 0
            try:
                members = [root] + root.children(recursive=True)
            except psutil.NoSuchProcess:
                members = []
            for member in members:
                try:
                    rss, name = member.memory_info().rss, member.name()
                except psutil.Error:
                    continue
                total += rss
                by_name[name] = max(by_name.get(name, 0), rss)
                if "pagefind" in name and pagefind_at is None:  # when indexing started (also if killed later)
                    pagefind_at = time.perf_counter() - start
            peak = max(peak, total)
            if RSS_LIMIT_MB and total > RSS_LIMIT_MB * MB and not killed:
                killed = f"rss limit: {round(total / MB)} MB > {RSS_LIMIT_MB} MB"
                for member in reversed(members):  # only the processes this run started
                    try:
                        member.kill()
                    except psutil.Error:
                        pass
            now = time.perf_counter() - start
            if now - last_point >= 0.5:
                timeline.append([round(now, 1), round(total / MB)])
                peak_pss = max(peak_pss, sum(pss(member.pid) for member in members))
                last_point = now
            time.sleep(interval)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    return {"cmd": " ".join(str(c) for c in cmd), "returncode": proc.returncode, "wall_s": round(wall, 2),
            "peak_rss_mb": round(peak / MB), "max_process_rss_mb": round(usage.ru_maxrss / 1024),
            "peak_pss_mb": round(peak_pss / MB),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 2), "load_before": round(load, 2),
            "rss_by_process_mb": {k: round(v / MB) for k, v in sorted(by_name.items()) if v >= MB},
            "rss_timeline": timeline, "log": str(log),
            "pagefind_started_s": round(pagefind_at, 1) if pagefind_at is not None else None} | (
        {"killed": killed} if killed else {})


def pss(pid: int) -> int:
    """A process's proportional set size in bytes (Linux; 0 elsewhere or once it has gone): a page shared
    by n processes counts 1/n in each. The RSS sum counts the heap a forked child shares with its parent
    twice; the PSS sum counts it once (sampled every 0.5 s: reading it walks the process's page tables)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            return next((int(line.split()[1]) * 1024 for line in rollup if line.startswith("Pss:")), 0)
    except OSError:
        return 0


FLAKES = ("搜索索引生成失败（Pagefind）",)  # product failures seen to pass on a second try: retried once, recorded


def build(cmd: list[str], cwd: Path, log: Path, what: str) -> dict:
    """``measure`` a build that must succeed; a known flaky failure is retried once (and recorded)."""
    result = measure(cmd, cwd, log)
    if result["returncode"] != 0:
        text = log.read_text(encoding="utf-8", errors="replace")
        flake = next((f for f in FLAKES if f in text), None)
        if flake:
            failed = log.with_suffix(".failed.log")
            log.replace(failed)
            print(f"    {what} failed with a known flaky error ({flake}); retrying once (log {failed})", flush=True)
            result = measure(cmd, cwd, log) | {"retried_after": flake, "failed_log": str(failed)}
    return checked(result, what)


class BuildKilled(Exception):
    def __init__(self, result: dict, what: str):
        super().__init__(f"{what}: stopped at the RSS limit ({result['killed']})")
        self.result = result


def checked(result: dict, what: str) -> dict:
    if result.get("killed"):
        raise BuildKilled(result, what)
    if result["returncode"] != 0:
        tail = Path(result["log"]).read_text(encoding="utf-8", errors="replace")[-4000:]
        raise SystemExit(f"{what} failed (exit {result['returncode']}); log {result['log']}:\n{tail}")
    return result


def site_stats(site: Path, bundle: Path | None, *, skip: tuple[str, ...] = ()) -> dict:
    html = [p for p in site.rglob("*.html") if not any(p.relative_to(site).as_posix().startswith(s) for s in skip)]
    html_bytes = sum(p.stat().st_size for p in html)
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    stats = {"html_pages": len(html), "html_bytes": html_bytes, "output_bytes": total,
             "bytes_per_page": round(html_bytes / len(html)) if html else 0}
    if bundle is not None and bundle.exists():
        files = [p for p in bundle.rglob("*") if p.is_file()]
        stats |= {"search_bundle_bytes": sum(p.stat().st_size for p in files), "search_bundle_files": len(files)}
    return stats


# --- the three builds ---------------------------------------------------------------------------------

def refresh_project(project: Path) -> None:
    """Fresh copies of mkdocs.yml, hooks/, overrides/; nothing but sources left (a cold build)."""
    for entry in project.iterdir():
        if entry.name not in SOURCES:
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    gen.install_product(project)


def build_ours(work: Path, documents: int, *, edit: bool) -> dict:
    project = work / "project"
    refresh_project(project)
    full = build([str(BIN / "mkdocs"), "build"], project, work / "logs" / "ours.log", "mkdocs build")
    result = {"documents": documents, **full, **site_stats(project / "site", project / "site" / "pagefind")}
    result |= _search_log(Path(full["log"]))
    if edit:
        result["edit"] = edit_rebuild(work, project)
    return result


def _search_log(log: Path) -> dict:
    """The hooks log 'Search index: N pages in K bundle(s), T s after the last page, S MB' and MkDocs
    'Documentation built in T seconds'."""
    text = log.read_text(encoding="utf-8", errors="replace")
    out = {}
    if m := re.search(r"Search index: (\d+) pages in (\d+) bundle\(s\), ([\d.]+) s after the last page", text):
        out |= {"search_pages_indexed": int(m[1]), "search_bundles": int(m[2]), "search_after_render_s": float(m[3])}
    if m := re.search(r"Documentation built in ([\d.]+) seconds", text):
        out["mkdocs_reported_s"] = float(m[1])
    return out


def edit_target(content: Path) -> Path:
    """The document edited by the one-document-edit test: the middle one in path order (deterministic)."""
    docs = sorted(p for p in content.rglob("*.md"))
    return docs[len(docs) // 2]


def edited(text: str) -> str:
    """Title changed (so column lists and the search index change too) and a paragraph added."""
    def retitle(m: re.Match) -> str:
        value = m[1]
        return f"标题: {value[:-1]}（修订）\"" if value.startswith('"') else f"标题: {value}（修订）"
    text = re.sub(r"^标题: (.*)$", retitle, text, count=1, flags=re.M)
    return text.rstrip("\n") + "\n\n（本文于发布后修订：更正了第二段中的数据。）\n"


def edit_rebuild(work: Path, project: Path) -> dict:
    """Rebuild with nothing changed (timed: a county's site is built again and again, so the edit below
    finds the site before the last one to build in, as every later build does), then edit one document,
    rebuild in place (timed), compare with a clean full build of the edited content."""
    target = edit_target(project / "content")
    original = target.read_bytes()
    unchanged = build([str(BIN / "mkdocs"), "build"], project, work / "logs" / "ours-unchanged.log",
                      "mkdocs build, nothing changed")
    try:
        target.write_text(edited(original.decode("utf-8")), encoding="utf-8")
        rebuild = build([str(BIN / "mkdocs"), "build"], project, work / "logs" / "ours-edit.log",
                        "mkdocs build after the edit")
        clean = work / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        clean.mkdir()
        for name in SOURCES:
            copy = functools.partial(shutil.copytree, copy_function=os.link) if name == "content" else shutil.copytree
            copy(project / name, clean / name) if (project / name).is_dir() else shutil.copy(project / name, clean / name)
        build([str(BIN / "mkdocs"), "build"], clean, work / "logs" / "ours-clean.log",
              "clean mkdocs build of the edited content")
        comparison = compare_trees(project / "site", clean / "site")
        shutil.rmtree(clean, ignore_errors=True)
    finally:
        target.write_bytes(original)
    return {"document": target.relative_to(project).as_posix(), "wall_s": rebuild["wall_s"],
            "unchanged_s": unchanged["wall_s"], "cpu_s": rebuild.get("cpu_s"),
            "peak_rss_mb": rebuild["peak_rss_mb"], "equal_to_full_build": comparison["equal"],
            "comparison": comparison}


def build_reference(work: Path, documents: int) -> dict:
    """Hugo on the same documents, then the product's Pagefind extended binary over Hugo's output."""
    site = work / "hugo"
    for name in ("hugo.toml", "layouts", "static"):
        target = site / name
        shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
        src = gen.HUGO_TEMPLATE / name
        shutil.copytree(src, target) if src.is_dir() else shutil.copy(src, target)
    shutil.rmtree(site / "public", ignore_errors=True)
    from importlib.metadata import distribution
    hugo_bin = Path(distribution("hugo").locate_file("hugo/binaries/hugo"))  # the binary, without the wrapper
    from pagefind_bin_extended import get_executable
    hugo_run = checked(measure([str(hugo_bin), "--quiet", "-d", "public"], site, work / "logs" / "hugo.log"), "hugo")
    pagefind = checked(measure([str(get_executable()), "--site", "public"], site, work / "logs" / "hugo-pagefind.log"),
                       "pagefind over Hugo's output")
    pf_log = Path(pagefind["log"]).read_text(encoding="utf-8", errors="replace")
    indexed = re.search(r"Indexed (\d+) pages?", pf_log)
    result = {"documents": documents, "wall_s": round(hugo_run["wall_s"] + pagefind["wall_s"], 2),
              "cpu_s": round((hugo_run.get("cpu_s") or 0) + (pagefind.get("cpu_s") or 0), 2),
              "peak_rss_mb": max(hugo_run["peak_rss_mb"], pagefind["peak_rss_mb"]),
              "max_process_rss_mb": max(hugo_run["max_process_rss_mb"], pagefind["max_process_rss_mb"]),
              "steps": {"hugo": hugo_run, "pagefind": pagefind},
              "search_pages_indexed": int(indexed[1]) if indexed else None, "search_index_s": pagefind["wall_s"]}
    return result | site_stats(site / "public", site / "public" / "pagefind", skip=("bench-search.html",))


PLAIN_CONFIG = """# Plain Material, no hooks: every document in the inferred nav (what the product avoids).
site_name: 示例县人民政府
docs_dir: ../project/content
site_dir: site
theme:
  name: material
  language: zh
markdown_extensions: [tables]
"""


def build_plain(work: Path, documents: int) -> dict:
    plain = work / "plain"
    shutil.rmtree(plain, ignore_errors=True)
    plain.mkdir(parents=True)
    (plain / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    run = checked(measure([str(BIN / "mkdocs"), "build"], plain, work / "logs" / "plain.log"), "plain Material build")
    stats = site_stats(plain / "site", plain / "site" / "search")
    return {"documents": documents, **run, **stats}


# --- the first search query in Chromium ------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# The reference is served with the same compression as ours (deploy/nginx/govsite.conf's gzip lines),
# without the product's security headers (its search page has inline script).
GZIP_ONLY = "\n".join(re.findall(r"^gzip[^;]*;", (ROOT / "deploy" / "nginx" / "govsite.conf").read_text(encoding="utf-8"),
                                  re.MULTILINE))


def _host(site: Path, prefix: Path, kind: str):
    """Debian's nginx as a county serves the site: ours with deploy/nginx/govsite.conf (headers, gzip,
    gzip_static), the others with its compression only. Falls back to Python's server (no gzip) when
    nginx is missing; the result says which."""
    if not Path(hosting.NGINX).exists():
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}/", server.shutdown, "python http.server (no gzip)"
    shutil.rmtree(prefix, ignore_errors=True)
    prefix.mkdir(parents=True)
    if kind == "ours":
        host = hosting.start_nginx(prefix, site)
        return host.url, host.stop, "nginx + deploy/nginx/govsite.conf"
    port = hosting._free_port()
    (prefix / "temp").mkdir()
    (prefix / "nginx.conf").write_text(hosting.nginx_conf(prefix, site, port, server=f"""
    server {{
        listen 127.0.0.1:{port};
        root "{site}";
        {GZIP_ONLY}
    }}"""), encoding="utf-8")
    process = subprocess.Popen(hosting.nginx_command(prefix), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    host = hosting.Host(f"http://127.0.0.1:{port}/", port, site, prefix, process)
    for _ in range(500):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            assert process.poll() is None, host.log()
            time.sleep(0.02)
    return host.url, host.stop, "nginx, gzip lines of deploy/nginx/govsite.conf"


def first_query(browser, site: Path, kind: str, query: str, prefix: Path) -> dict:
    """Load the site's search page as a host serves it (nginx, gzip), run ``query``, wait until the
    network is idle; sum the bytes transferred (compressed) and the bodies (uncompressed)."""
    base, stop, served_by = _host(site, prefix, kind)
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(120_000)
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    try:
        if kind == "ours":
            page.goto(base + "search/?q=" + quote(query))
            page.wait_for_function("() => /找到|没有找到/.test(document.getElementById('search-status').textContent)")  # a function: the CSP forbids eval
        elif kind == "reference":
            page.goto(base + "bench-search.html?q=" + quote(query))
            page.wait_for_function("() => window.benchDone")
        else:  # plain Material: the header search (lunr over search_index.json in a web worker)
            first = min(p.relative_to(site).as_posix() for p in site.rglob("index.html"))  # no home page
            page.goto(base + first[:-len("index.html")])
            page.keyboard.press("/")  # Material's search shortcut focuses the header search box
            page.keyboard.type(query)
            page.wait_for_function(
                "() => /\\d|没有/.test((document.querySelector('.md-search-result__meta') || {}).textContent || '')")
        page.wait_for_load_state("networkidle")
        status = page.evaluate("""() => (document.getElementById('search-status')
            || document.getElementById('status') || document.querySelector('.md-search-result__meta') || {}).textContent""")
        total = search = uncompressed = 0
        by_kind: dict[str, list[int]] = {}  # kind → [requests, bytes]
        by_request: list[list] = []  # [path, bytes as transferred]: where the bytes go, request by request
        for request in finished:
            size = request.sizes()["responseBodySize"]  # as transferred (encoded)
            response = request.response()
            uncompressed += len(response.body()) if response is not None else size
            total += size
            kind = _request_kind(request.url)
            if kind.startswith("search"):
                search += size
            entry = by_kind.setdefault(kind, [0, 0])
            entry[0], entry[1] = entry[0] + 1, entry[1] + size
            by_request.append([request.url.removeprefix(base).split("?", 1)[0], size])
        return {"url": page.url, "requests": len(finished), "total_bytes": total, "search_bytes": search,
                "uncompressed_bytes": uncompressed, "served_by": served_by,
                "by_kind": by_kind, "by_request": sorted(by_request, key=lambda r: -r[1]), "status": (status or "").strip()}
    finally:
        context.close()
        stop()


def _request_kind(url: str) -> str:
    path = url.split("?", 1)[0]
    if "/pagefind/" in path:
        for suffix, kind in ((".pf_fragment", "fragments"), (".pf_index", "index chunks"), (".pf_filter", "filters"),
                             (".pf_meta", "meta"), (".pagefind", "wasm")):
            if path.endswith(suffix):
                return f"search: {kind}"
        return "search: js/css"
    if "search_index.json" in path or "/workers/search" in path or path.endswith("/search.js"):
        return "search: index/js"
    if path.endswith(".html") or path.endswith("/"):
        return "page"
    return "assets"


# --- report -----------------------------------------------------------------------------------------------

COLUMNS = [("docs", "documents", "{:,}"), ("HTML pages", "html_pages", "{:,}"), ("wall s", "wall_s", "{:.1f}"),
           ("CPU s", "cpu_s", "{:.1f}"),
           ("pages/s", "pages_per_s", "{:.0f}"), ("peak RSS MB", "peak_rss_mb", "{:,}"),
           ("KB/page", "kb_per_page", "{:.1f}"), ("search bundle MB", "bundle_mb", "{:.1f}"),
           ("first query KB (gzip)", "query_kb", "{:,.0f}"), ("uncompressed KB", "query_raw_kb", "{:,.0f}"),
           ("of it search KB", "search_kb", "{:,.0f}"), ("no-change rebuild s", "unchanged_s", "{:.1f}"), ("1-doc rebuild s", "edit_s", "{:.1f}"),
           ("rebuild = full", "edit_equal", "{}")]
RATIO_KEYS = ("wall_s", "cpu_s", "pages_per_s", "peak_rss_mb", "kb_per_page", "bundle_mb", "query_kb", "query_raw_kb",
              "search_kb")


def flat(build: dict) -> dict:
    out = dict(build)
    out["pages_per_s"] = build["html_pages"] / build["wall_s"] if build.get("wall_s") else None
    out["kb_per_page"] = build.get("bytes_per_page", 0) / 1000
    out["bundle_mb"] = build["search_bundle_bytes"] / 1e6 if build.get("search_bundle_bytes") else None
    out["query_kb"] = build["first_query"]["total_bytes"] / 1000 if build.get("first_query") else None
    out["search_kb"] = build["first_query"]["search_bytes"] / 1000 if build.get("first_query") else None
    raw = (build.get("first_query") or {}).get("uncompressed_bytes")
    out["query_raw_kb"] = raw / 1000 if raw else None
    if build.get("edit"):
        out["edit_s"], out["edit_equal"] = build["edit"]["wall_s"], "yes" if build["edit"]["equal_to_full_build"] else "NO"
        out["unchanged_s"] = build["edit"].get("unchanged_s")
    return out


def _cell(fmt: str, value) -> str:
    return "–" if value is None else fmt.format(value)


def table(results: dict) -> str:
    lines = ["| size | build | " + " | ".join(c[0] for c in COLUMNS) + " |", "|---|---|" + "---|" * len(COLUMNS)]
    for size, builds in results.items():
        flats = {name: flat(b) for name, b in builds.items() if name in ("ours", "reference", "plain")}
        labels = {"ours": "ours (MkDocs+hooks+Pagefind)", "reference": "Hugo + Pagefind",
                  "plain": "plain Material, docs in nav"}
        for name, row in flats.items():
            lines.append(f"| {size} | {labels[name]} | " + " | ".join(_cell(fmt, row.get(key)) for _, key, fmt in COLUMNS) + " |")
        for name in ("ours_killed", "reference_killed"):
            if name in builds:
                b = builds[name]
                started = f"; Pagefind started at {b['pagefind_started_s']:.0f} s" if b.get("pagefind_started_s") else ""
                lines.append(f"| {size} | {name.split('_')[0]}: **stopped** ({b['killed']}) after {b['wall_s']:.0f} s{started} | "
                             + " | ".join("" for _ in COLUMNS) + " |")
        if "ours" in flats and "reference" in flats:
            ours, ref = flats["ours"], flats["reference"]
            cells = []
            for _, key, _fmt in COLUMNS:
                if key in RATIO_KEYS and ours.get(key) and ref.get(key):
                    cells.append(f"{ours[key] / ref[key]:.2f}×")
                else:
                    cells.append("")
            lines.append(f"| {size} | **ours / reference** | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def breakdown(results: dict) -> str:
    lines = ["| size | build | step times | CPU s | load before | indexed pages | peak RSS by process (MB) | first query (search part) |",
             "|---|---|---|---|---|---|---|---|"]
    for size, builds in results.items():
        if "ours" in builds:
            b = builds["ours"]
            after = b.get("search_after_render_s")
            steps = (f"{b['wall_s']} s, of which Pagefind after the last page {after} s "
                     f"({b.get('search_bundles')} bundles, indexed while rendering)") if after is not None else f"{b['wall_s']} s"
            lines.append(f"| {size} | ours | {steps} | {b.get('cpu_s')} | {b.get('load_before')} | "
                         f"{b.get('search_pages_indexed')} | {_rss(b)} | {_query(b)} |")
        if "reference" in builds:
            b = builds["reference"]
            hugo_step, pagefind_step = b["steps"]["hugo"], b["steps"]["pagefind"]
            steps = f"hugo {hugo_step['wall_s']} s + Pagefind {pagefind_step['wall_s']} s"
            rss = "; ".join(_rss(s) for s in b["steps"].values())
            lines.append(f"| {size} | reference | {steps} | {round(hugo_step.get('cpu_s', 0) + pagefind_step.get('cpu_s', 0), 1)} | "
                         f"{hugo_step.get('load_before')} | {b.get('search_pages_indexed')} | {rss} | {_query(b)} |")
        if "plain" in builds:
            b = builds["plain"]
            lines.append(f"| {size} | plain | {b['wall_s']} s | {b.get('cpu_s')} | {b.get('load_before')} | – | "
                         f"{_rss(b)} | {_query(b)} |")
    return "\n".join(lines)


def _query(build: dict) -> str:
    q = build.get("first_query")
    if not q:
        return build.get("first_query_error", "–")[:60]
    plain = f", {q['uncompressed_bytes'] / 1000:,.0f} KB uncompressed" if q.get("uncompressed_bytes") else ""
    return (f"{q['total_bytes'] / 1000:,.0f} KB in {q['requests']} requests ({q['search_bytes'] / 1000:,.0f} KB search"
            f"{plain}); {q['status']}")


def requests_table(query: dict) -> str:
    """The first query's bytes by kind, then request by request (largest first), to see where they go."""
    lines = [f"  {kind}: {count} requests, {size / 1000:,.1f} KB" for kind, (count, size) in sorted(query["by_kind"].items())]
    lines += [f"    {size / 1000:7,.1f} KB  {path}" for path, size in query["by_request"]]
    return "\n".join(lines)


def _rss(build: dict) -> str:
    pss = f"; tree PSS {build['peak_pss_mb']:,}" if build.get("peak_pss_mb") else ""  # (older results: none)
    return ", ".join(f"{name} {mb:,}" for name, mb in build.get("rss_by_process_mb", {}).items()) + pss


def compare_runs(old: dict, new: dict) -> str:
    lines = ["| size | build | metric | before | after | change |", "|---|---|---|---|---|---|"]
    for size, builds in new["sizes"].items():
        for name, build in builds.items():
            if name not in ("ours", "reference", "plain"):
                continue
            before = old.get("sizes", {}).get(size, {}).get(name)
            stopped = old.get("sizes", {}).get(size, {}).get(f"{name}_killed")
            if not before:
                if stopped:
                    lines.append(f"| {size} | {name} | wall s | stopped after {stopped['wall_s']:.0f} s "
                                 f"({stopped['killed']}) | {build['wall_s']:.1f} | |")
                continue
            a, b = flat(before), flat(build)
            for label, key, fmt in COLUMNS:
                if key in ("documents", "edit_equal") or a.get(key) is None or b.get(key) is None:
                    continue
                change = f"{(b[key] - a[key]) / a[key] * 100:+.0f}%" if a[key] else ""
                lines.append(f"| {size} | {name} | {label} | {_cell(fmt, a[key])} | {_cell(fmt, b[key])} | {change} |")
    return "\n".join(lines)


def environment() -> dict:
    from importlib.metadata import version

    def v(name):
        try:
            return version(name)
        except Exception:
            return None
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain", "hooks", "overrides", "mkdocs.yml", "govsite.yml"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip())
    import psutil
    return {"date": datetime.datetime.now().isoformat(timespec="seconds"), "commit": commit,
            "product_files_dirty": dirty, "cpus": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30),
            "python": platform.python_version(),
            "versions": {n: v(n) for n in ("mkdocs", "mkdocs-material", "pagefind", "pagefind-bin-extended", "hugo",
                                           "Markdown", "Jinja2")}}


# --- main -------------------------------------------------------------------------------------------------

def profile_ours(work: Path) -> Path:
    """One more cold build of ours under pyinstrument (the Python process only; Pagefind shows as a wait)."""
    project = work / "project"
    refresh_project(project)
    out = work / "profile.txt"
    build([str(BIN / "python"), "-m", "pyinstrument", "-r", "text", "-o", str(out), "-m", "mkdocs", "build"],
          project, work / "logs" / "profile.log", "profiled build")
    return out


def run_size(size: str, args) -> dict:
    work = args.work / size
    work.mkdir(parents=True, exist_ok=True)
    stamp = work / "generated.json"
    fingerprint = gen.fingerprint(size, args.seed)
    summary = json.loads(stamp.read_text()) if stamp.exists() else {}
    t = time.perf_counter()
    if summary.get("fingerprint") != fingerprint:
        print(f"[{size}] generating …", flush=True)
        summary = gen.generate(work, size, seed=args.seed)
    summary["generate_s"] = round(time.perf_counter() - t, 1)
    docs = summary["documents"]
    results: dict = {"generated": summary}
    print(f"[{size}] {docs:,} documents, {summary['organisations']} organisations, {summary['columns']:,} columns", flush=True)

    print(f"[{size}] ours: full build …", flush=True)
    try:
        results["ours"] = build_ours(work, docs, edit=not args.no_edit)
        print(f"[{size}] ours: {results['ours']['wall_s']} s, peak {results['ours']['peak_rss_mb']} MB", flush=True)
    except BuildKilled as exc:
        print(f"[{size}] ours: {exc}", flush=True)
        results["ours_killed"] = exc.result | {"documents": docs, "what": str(exc)}
    if not args.no_reference:
        print(f"[{size}] reference: hugo + pagefind …", flush=True)
        try:
            results["reference"] = build_reference(work, docs)
            print(f"[{size}] reference: {results['reference']['wall_s']} s", flush=True)
        except BuildKilled as exc:
            print(f"[{size}] reference: {exc}", flush=True)
            results["reference_killed"] = exc.result | {"documents": docs, "what": str(exc)}
    if size == "S" and not args.no_plain:
        print(f"[{size}] plain Material with documents in the nav …", flush=True)
        results["plain"] = build_plain(work, docs)
        print(f"[{size}] plain: {results['plain']['wall_s']} s", flush=True)
    if not args.no_browser:
        from playwright.sync_api import sync_playwright
        sites = {"ours": work / "project" / "site", "reference": work / "hugo" / "public", "plain": work / "plain" / "site"}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for name in ("ours", "reference", "plain"):
                if name in results:
                    print(f"[{size}] first query in Chromium: {name} …", flush=True)
                    try:
                        results[name]["first_query"] = first_query(browser, sites[name], name, args.query, work / f"nginx-{name}")
                    except Exception as exc:  # report the builds anyway
                        print(f"    first query failed: {exc}", flush=True)
                        results[name]["first_query_error"] = str(exc)
            browser.close()
    if args.profile:
        print(f"[{size}] profiling one build of ours …", flush=True)
        results["profile"] = str(profile_ours(work))
    if not args.keep_sites:
        for name in ("plain",):
            shutil.rmtree(work / name / "site", ignore_errors=True)
    return results


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark: the product against Hugo + Pagefind (issue 6).")
    parser.add_argument("--size", default="S", help="S, M, L or a comma-separated list (default S)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--query", default=QUERY, help=f"the first search query (default {QUERY})")
    parser.add_argument("--work", type=Path, default=WORK, help="scratch folder (default .bench/)")
    parser.add_argument("--json", type=Path, help="results file (default .bench/results/<time>-<sizes>.json)")
    parser.add_argument("--compare", type=Path, help="an earlier results file: print before/after")
    parser.add_argument("--profile", action="store_true", help="also profile one build of ours (pyinstrument)")
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--no-plain", action="store_true")
    parser.add_argument("--no-edit", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--rss-limit-mb", type=int, default=None,
                        help="stop a build whose process tree exceeds this (default: 75%% of total memory)")
    parser.add_argument("--keep-sites", action="store_true", help="keep the plain Material output (large)")
    args = parser.parse_args(argv)
    global RSS_LIMIT_MB
    import psutil
    RSS_LIMIT_MB = args.rss_limit_mb if args.rss_limit_mb is not None else int(psutil.virtual_memory().total * 0.75 / MB)
    sizes = [s.strip().upper() for s in args.size.split(",") if s.strip()]
    for size in sizes:
        if size not in gen.SHAPES:
            parser.error(f"unknown size {size}: choose from {', '.join(gen.SHAPES)}")

    before = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else None  # read before latest.json moves
    report = {"environment": environment(), "args": {k: str(v) for k, v in vars(args).items()}, "sizes": {}}
    out = args.json or args.work / "results" / f"{time.strftime('%Y%m%d-%H%M%S')}-{'-'.join(sizes)}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        report["sizes"][size] = run_size(size, args)
        out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")  # after each size
    shutil.copy(out, out.parent / "latest.json")

    print()
    print(table(report["sizes"]))
    print()
    print(breakdown(report["sizes"]))
    for size, builds in report["sizes"].items():
        edit = builds.get("ours", {}).get("edit")
        if edit and not edit["equal_to_full_build"]:
            c = edit["comparison"]
            print(f"\n[{size}] rebuild after the edit differs from a full build: {c['differing_count']} files differ "
                  f"(e.g. {c['differing'][:5]}), {c['only_in_a_count']} only in the rebuild, "
                  f"{c['only_in_b_count']} only in the full build")
        for name in ("ours", "reference", "plain"):
            query = builds.get(name, {}).get("first_query")
            if query and query.get("by_request"):
                print(f"\n[{size}] {name}: first query, request by request (bytes as transferred)")
                print(requests_table(query))
        if builds.get("profile"):
            print(f"\n[{size}] profile: {builds['profile']}")
    if args.compare:
        print()
        print(compare_runs(before, report))
    print(f"\nResults: {out}")


if __name__ == "__main__":
    main()
