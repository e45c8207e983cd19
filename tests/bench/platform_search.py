"""Measure the platform search (govsite.platform.search) at a simulated province: sites made of the bench
generator's counties (tests/bench/generate.py, documents only: nothing is built, the index needs each site's
opendata/documents.json), indexed by the report job's own code; then the first query's bytes in Chromium.

    .venv/bin/python -m tests.bench.platform_search --sites 20 --documents 2000,1000 --out /tmp/p20
    .venv/bin/python -m tests.bench.platform_search --sites 100 --documents 500 --out /tmp/p100

``--documents`` cycles over the sites (20 sites, 2000,1000: ten of 2,000 and ten of 1,000 documents).

    .venv/bin/python -m tests.bench.platform_search --built PLATFORM_OUT --out /tmp/pbuilt

``--built``: a real platform build (its ``sites/``, hard-linked, not changed): the report job on it, then the
same first query against the platform index and against Pagefind's ``mergeIndex`` of every site's own
document bundles.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "hooks"))

from govsite.platform import job  # noqa: E402

from . import generate  # noqa: E402

_HEAD = re.compile(r"\A---\n(.*?)\n---\n", re.S)
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def county_documents(seed: int, work: Path) -> list[dict]:
    """The documents of the generator's S county ``seed`` as opendata/documents.json rows (newest first)."""
    folder = work / f"gen-{seed}"
    if not (folder / "generated.json").is_file():
        generate.generate(folder, "S", seed=seed, hugo=False)
    content = folder / "project" / "content"
    names = {}
    for org in content.rglob("_org.yml"):
        names[org.parent.relative_to(content).as_posix()] = yaml.load(org.read_text(encoding="utf-8"), Loader)["名称"]
    rows = []
    for path in sorted(content.rglob("*.md")):
        head = _HEAD.match(path.read_text(encoding="utf-8"))
        if not head:
            continue
        meta = yaml.load(head[1], Loader)
        rel = path.relative_to(content).as_posix()
        org = next((names[k] for k in sorted(names, key=len, reverse=True) if rel.startswith(k + "/")), None)
        rows.append({"标题": meta["标题"], "发文字号": meta.get("发文字号"), "发布机构": org,
                     "发布日期": str(meta["发布日期"]), "主题分类": meta.get("主题分类"), "索引号": meta.get("索引号"),
                     "网址": f"https://county{seed}.example.gov.cn/{rel[:-3]}/"})
    return sorted(rows, key=lambda r: r["发布日期"], reverse=True)


def make(out: Path, sites: int, sizes: list[int], work: Path) -> int:
    shutil.rmtree(out, ignore_errors=True)
    pool: list[dict] = []
    seed = 0
    total = 0
    for n in range(sites):
        wanted = sizes[n % len(sizes)]
        while len(pool) < wanted:  # a generated county (2,000 documents) feeds as many sites as it fills
            seed += 1
            pool += county_documents(seed, work)
        rows, pool = pool[:wanted], pool[wanted:]
        site_id = f"site{n + 1:03d}"
        base = f"https://{site_id}.example.gov.cn/"
        rows = [r | {"网址": base + r["网址"].split("/", 3)[3]} for r in rows]
        site = out / "sites" / site_id / "site"
        (site / "opendata").mkdir(parents=True)
        (site / "opendata" / "documents.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        (site / "data.json").write_text(json.dumps({"dataset": [{"landingPage": base + "opendata/"}]}), encoding="utf-8")
        build = {"site": site_id, "name": f"第{n + 1}号人民政府", "status": "ok", "error": None, "product_version": "1.0.0",
                 "commit": "0" * 40, "built": "2026-11-30", "seconds": 0}
        (out / "sites" / site_id / "build.json").write_text(json.dumps(build, ensure_ascii=False), encoding="utf-8")
        checks = {"as_of": "2026-11-30", "ok": True, "summary": {"errors": 0, "warnings": 0, "empty_columns": 0,
                                                                 "documents": len(rows)}, "findings": []}
        (out / "sites" / site_id / "checks.json").write_text(json.dumps(checks), encoding="utf-8")
        total += len(rows)
    return total


def first_query(public: Path, query: str, page: str = "") -> dict:
    """Bytes a browser downloads for the home page and its first search (cold cache), by kind of file."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from browser.conftest import ARGS, CHROMIUM, serve

    server = serve(public)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    got: list[tuple[str, int]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            tab = browser.new_page()
            tab.on("response", lambda r: got.append((r.url, len(r.body()) if r.ok else 0)))
            started = time.monotonic()
            tab.goto(url + page + "?q=" + query)
            tab.wait_for_function("() => /找到|没有找到/.test(document.getElementById('search-status').textContent)",
                                  timeout=120000)
            seconds = time.monotonic() - started
            status = tab.inner_text("#search-status")
            browser.close()
    finally:
        server.shutdown()
    kinds: dict[str, int] = {}
    counts: dict[str, int] = {}
    for address, size in got:
        kind = kind_of(address)
        kinds[kind] = kinds.get(kind, 0) + size
        counts[kind] = counts.get(kind, 0) + 1
    return {"bytes": sum(s for _, s in got), "requests": len(got), "by_kind": kinds, "requests_by_kind": counts,
            "seconds": round(seconds, 2), "status": status}


def kind_of(address: str) -> str:
    """What a downloaded file is: Pagefind's fragments, index chunks, filters, metadata or wasm, or its name."""
    path = address.split("?")[0]
    for folder in ("fragment", "index", "filter"):
        if f"/pagefind/{folder}/" in path or re.search(rf"/pagefind/[^/]+/{folder}/", path):
            return folder
    name = path.rsplit("/", 1)[-1] or "index.html"
    if name.endswith(".pf_meta"):
        return "meta"
    return "wasm" if name.startswith("wasm.") else name


_MERGE_JS = """
const bundles = %s;
const q = new URLSearchParams(location.search).get("q");
const pagefind = await import(bundles[0] + "pagefind.js");
const instance = pagefind.createInstance({ basePath: bundles[0] });
for (const b of bundles.slice(1)) await instance.mergeIndex(b);
await instance.init();
const found = await instance.search(q);
await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
document.getElementById("search-status").textContent = "找到 " + found.results.length;
"""


def merged_site_bundles(out: Path, root: Path) -> int:
    """Under ``root`` (served): every site's own Pagefind bundles and a page that merges its document bundles."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser.conftest import link_tree

    bundles = []
    for site in sorted((out / "sites").iterdir()):
        pagefind = site / "site" / "pagefind"
        if not pagefind.is_dir():
            continue
        link_tree(pagefind, root / "sites" / site.name / "pagefind")
        if (pagefind / "pagefind-entry.json").is_file():
            bundles.append(f"/sites/{site.name}/pagefind/")
        else:  # a bundled site: its document bundles (d…), not its column descriptions
            bundles += [f"/sites/{site.name}/pagefind/{b.name}/" for b in sorted(pagefind.iterdir()) if b.name.startswith("d")]
    (root / "merge").mkdir()
    (root / "merge" / "index.html").write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body><p id="search-status"></p>'
        '<script type="module" src="merge.js"></script></body></html>', encoding="utf-8")
    (root / "merge" / "merge.js").write_text(_MERGE_JS % json.dumps(bundles), encoding="utf-8")
    return len(bundles)


def built(platform: Path, out: Path) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from browser.conftest import link_tree

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    link_tree(platform / "sites", out / "sites")
    _, measured = job.run(out)
    public = out / "public"
    site = next(p for p in sorted((out / "sites").iterdir()) if (p / "site" / "opendata" / "documents.json").is_file())
    title = json.loads((site / "site" / "opendata" / "documents.json").read_text(encoding="utf-8"))[0]["标题"]
    bundles = merged_site_bundles(out, public)
    return {"documents": measured["documents"], "index_bytes": measured["index_bytes"], "index_files": measured["files"],
            "pagefind_seconds": measured["seconds"], "report_job_seconds": measured["total_seconds"], "query": title,
            "platform_index": first_query(public, title),
            "merge_index": {"bundles": bundles, **first_query(public, title, page="merge/")}}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--documents", default="2000,1000")
    parser.add_argument("--out", default="/tmp/platform-search")
    parser.add_argument("--work", default="/tmp/platform-search-gen")
    parser.add_argument("--built", help="a real platform build's output folder (its sites/ are only read)")
    args = parser.parse_args()
    out, work = Path(args.out), Path(args.work)
    if args.built:
        print(json.dumps(built(Path(args.built), out), ensure_ascii=False, indent=1))
        return 0
    started = time.monotonic()
    total = make(out, args.sites, [int(n) for n in args.documents.split(",")], work)
    prepared = time.monotonic() - started
    _, measured = job.run(out)
    public = out / "public"
    index = public / "search" / "pagefind"
    sizes = {"index_bytes": sum(p.stat().st_size for p in index.rglob("*") if p.is_file()),
             "index_files": sum(1 for p in index.rglob("*") if p.is_file()),
             "home_bytes": (public / "index.html").stat().st_size}
    title = json.loads((out / "sites" / "site007" / "site" / "opendata" / "documents.json").read_text(encoding="utf-8"))[3]["标题"]
    result = {"sites": args.sites, "documents": total, "prepare_seconds": round(prepared, 1),
              "pagefind_seconds": measured["seconds"], "report_job_seconds": measured["total_seconds"], **sizes,
              "query": title, "first_query": first_query(public, title)}
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
