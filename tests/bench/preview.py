"""How fast an edit shows under ``make serve`` (issue 13): start ``mkdocs serve`` on a county, edit one
document, and time until the served page shows the edit.

    make bench-preview                          # the example county (a scratch copy of this repository's)
    make bench-preview PREVIEW_SIZE=M           # a generated county of 10,000 documents (tests/bench/generate.py)
    .venv/bin/python -m tests.bench.preview --size example --edits 5

Per edit: a sentence with a fresh token is appended to the body and the title changes (so the column and
the search bundle change too, as in ``make bench``'s one-document edit); the clock runs from the write
until an HTTP GET of the document's page returns the token (MkDocs' server holds requests while a rebuild
runs, so the first answer after the rebuild is the new page). The server's own ``Build steps`` line of
each rebuild is reported beside it. Targets (issue 23): ≤ 1 s at the example county, ≤ 3 s at M (issue 13 had 2 and 5).

Results: a table on stdout and JSON in .bench/preview/results/. The first (full) build of ``mkdocs serve``
is reported as ``first_build_s``; the edits are rebuilds, incremental since this change.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from . import generate as gen

ROOT = gen.ROOT
BIN = Path(sys.executable).parent
WORK = ROOT / ".bench" / "preview"
SOURCES = ("mkdocs.yml", "govsite.yml", "hooks", "overrides", "catalog", "content")
TARGETS = {"example": 1.0, "M": 3.0}  # seconds, issue 23 (issue 13 had 2 and 5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def example_project(work: Path) -> Path:
    """A fresh copy of the repository's county (sources only) in ``work/project``."""
    project = work / "project"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, project / name)
    return project


def generated_project(work: Path, size: str, seed: int = 1) -> Path:
    """A generated county (generated again only when the generator or catalog changed), fresh product files."""
    stamp = work / "generated.json"
    summary = json.loads(stamp.read_text()) if stamp.exists() else {}
    if summary.get("fingerprint") != gen.fingerprint(size, seed):
        print(f"[{size}] generating …", flush=True)
        gen.generate(work, size, seed=seed, hugo=False)
    project = work / "project"
    gen.install_product(project)
    for stale in project.glob(".site*"):
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    shutil.rmtree(project / "site", ignore_errors=True)
    return project


def page_url(base: str, content: Path, document: Path) -> str:
    rel = document.relative_to(content).as_posix()
    return base + (rel[:-len("index.md")] if rel.endswith("index.md") else rel[:-3] + "/")


def fetch(url: str, timeout: float = 600) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def wait_for(url: str, token: str | None, deadline: float, *, absent: bool = False, server=None) -> float:
    """Poll ``url`` until it answers 200 and contains ``token`` (or, ``absent``, no longer does)."""
    while True:
        try:
            status, text = fetch(url)
            if status == 200 and (token is None or ((token in text) != absent)):
                return time.monotonic()
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        if server is not None and server.poll() is not None:
            raise SystemExit(f"mkdocs serve stopped (exit {server.returncode})")
        if time.monotonic() > deadline:
            raise SystemExit(f"{url}: no {'absence of ' if absent else ''}{token!r} in time")
        time.sleep(0.02)


def edited(original: str, token: str) -> str:
    text = re.sub(r"^(标题: ?)(.*)$", lambda m: m[1] + (m[2][:-1] + f"（{token}）\"" if m[2].startswith('"')
                                                            else m[2] + f"（{token}）"), original, count=1, flags=re.M)
    return text.rstrip("\n") + f"\n\n（{token}：本文于发布后修订。）\n"


def build_steps(log: Path, after: int) -> tuple[list[str], int]:
    text = log.read_text(encoding="utf-8", errors="replace")
    lines = [m[1] for m in re.finditer(r"Build steps \(s\): (.*)", text)]
    return lines[after:], len(lines)


def run(size: str, edits: int, work_root: Path) -> dict:
    work = work_root / size
    work.mkdir(parents=True, exist_ok=True)
    project = example_project(work) if size == "example" else generated_project(work, size)
    if (ROOT / "node_modules").is_dir() and not (project / "node_modules").exists():
        (project / "node_modules").symlink_to(ROOT / "node_modules")  # the form editor's bundle, as `make serve`
    content = project / "content"
    document = sorted(content.rglob("*.md"))[len(list(content.rglob("*.md"))) // 2]
    original = document.read_text(encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    url = page_url(base, content, document)
    log = work / "serve.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    started = time.monotonic()
    server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                              stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env)
    result: dict = {"size": size, "document": document.relative_to(project).as_posix(), "edits": [],
                    "load_before": round(os.getloadavg()[0], 2), "date": datetime.datetime.now().isoformat(timespec="seconds")}
    try:
        wait_for(url, None, started + 3600, server=server)
        result["first_build_s"] = round(time.monotonic() - started, 1)
        print(f"[{size}] first build (mkdocs serve): {result['first_build_s']} s", flush=True)
        _, seen = build_steps(log, 0)
        for n in range(edits):
            time.sleep(1.0)  # let the watcher settle
            token = f"预览计时{n}{int(time.time()) % 100000}"
            load = os.getloadavg()[0]
            cpu_before = _cpu(server.pid)
            written = time.monotonic()
            document.write_text(edited(original, token), encoding="utf-8")
            shown = wait_for(url, token, written + 600, server=server)
            seconds = round(shown - written, 2)
            time.sleep(0.2)
            steps, seen = build_steps(log, seen)
            entry = {"seconds": seconds, "load_before": round(load, 2), "server_cpu_s": round(_cpu(server.pid) - cpu_before, 2),
                     "build_steps": steps}
            result["edits"].append(entry)
            print(f"[{size}] edit {n + 1}: shown after {seconds} s (load {load:.1f}; server CPU {entry['server_cpu_s']} s; "
                  f"{'; '.join(steps)})", flush=True)
        document.write_text(original, encoding="utf-8")
        wait_for(url, "预览计时", time.monotonic() + 600, absent=True, server=server)
    finally:
        document.write_text(original, encoding="utf-8")
        server.send_signal(signal.SIGINT)  # as Ctrl-C: MkDocs shuts down and removes its folders
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    times = [e["seconds"] for e in result["edits"]]
    if times:
        result["median_s"] = statistics.median(times)
        result["best_s"] = min(times)
    result["target_s"] = TARGETS.get(size)
    return result


def _cpu(pid: int) -> float:
    """User + system CPU seconds of the server process and its children (Pagefind), from /proc."""
    total = 0.0
    try:
        import psutil
        proc = psutil.Process(pid)
        for p in [proc, *proc.children(recursive=True)]:
            try:
                t = p.cpu_times()
                total += t.user + t.system + getattr(t, "children_user", 0) + getattr(t, "children_system", 0)
            except psutil.Error:
                pass
    except Exception:
        return 0.0
    return total


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Time an edit under mkdocs serve until the served page shows it.")
    parser.add_argument("--size", default="example", help="example (the repository's county), S, M or a comma-separated list")
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--work", type=Path, default=WORK)
    args = parser.parse_args(argv)
    results = []
    for size in [s.strip() for s in args.size.split(",") if s.strip()]:
        size = size if size == "example" else size.upper()
        if size != "example" and size not in gen.SHAPES:
            parser.error(f"unknown size {size}")
        results.append(run(size, args.edits, args.work))
    out = args.work / "results" / f"{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print("\n| county | first build s | edit → page shown, median s | best s | target s |\n|---|---|---|---|---|")
    for r in results:
        print(f"| {r['size']} | {r.get('first_build_s')} | {r.get('median_s')} | {r.get('best_s')} | {r.get('target_s') or '–'} |")
    print(f"\n{out}")


if __name__ == "__main__":
    main()
