"""The platform's report job, run after the site jobs: the monitoring report (``report``) and the platform
home with its search (``search``), both under ``OUT/public/``.

``python -m govsite.platform report --out OUT [--previous PREVIOUS/report.json]`` (the platform CLI hands
``report`` to ``main``), or ``python -m govsite.platform.job`` with the same options.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import report, search


def run(out: Path, *, version: str | None = None, previous: Path | None = None, sites_url: str | None = None,
        title: str = "信息资源库") -> tuple[report.Report, dict]:
    started = time.monotonic()
    made = report.write(out, version=version, previous=previous)
    measured = search.write(out, made.sites, title=title, sites_url=sites_url)
    return made, measured | {"total_seconds": round(time.monotonic() - started, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govsite.platform report",
                                     description="平台监管报告和信息资源库检索：汇总各网站的检查结果和公开文件")
    parser.add_argument("--out", default="platform-build", help="平台构建的输出目录（默认 platform-build）")
    parser.add_argument("--previous", help="上次生成的 jianguan/report.json，用于列出变化")
    parser.add_argument("--version", help="平台的产品版本（platform.yml），用于判断哪些网站落后")
    parser.add_argument("--sites-url", help="各网站发布在平台之下时的地址前缀（如 /sites/）；不填则链接到各网站自己的网址")
    parser.add_argument("--title", default="信息资源库", help="平台首页的标题")
    args = parser.parse_args(argv)
    out = Path(args.out)
    try:
        made, measured = run(out, version=args.version, previous=Path(args.previous) if args.previous else None,
                             sites_url=args.sites_url, title=args.title)
    except (report.ReportError, search.SearchError) as exc:
        print(f"平台报告未生成：{exc}", file=sys.stderr)
        return 2
    for note in measured["notes"]:
        print(f"注意：{note}", file=sys.stderr)
    print(f"平台报告（检查日期 {made.as_of}）：{len(made.sites)} 个网站，生成失败或无结果 {len(made.failed)} 个，"
          f"触及单项否决 {len(made.vetoed)} 个：{out / report.PUBLIC / report.PAGE_DIR / 'index.html'}")
    print(f"信息资源库：{measured['documents']} 篇文件，索引 {measured['index_bytes']} 字节（{measured['files']} 个文件），"
          f"Pagefind {measured['seconds']} 秒：{out / report.PUBLIC / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
