"""``python -m govsite.checks [--as-of YYYY-MM-DD] [--json PATH] [-f mkdocs.yml]``: run every check on
the content without building the site (``make check``; hooks/ must be on PYTHONPATH).

Exit status: 0 when no rule set to ``error`` is broken (warnings allowed), 1 when one is, 2 when the
content cannot be loaded, a working-day count needs a year no calendar knows, or the ``--json`` file cannot
be written (one Chinese line naming it: disk full, no permission …; a file already there is left as it was).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils.yaml import yaml_load

from ..model import site as model
from ..parse import arguments, schema, site_url
from ..parse.errors import ErrorCollector, os_problem
from . import AS_OF_ENV, CalendarError, check_date, environment_date, run


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    config_file = Path(args.config_file).resolve()
    if not config_file.exists():
        print(f"找不到配置文件 {args.config_file}：请在项目文件夹（含 mkdocs.yml）中运行，或用 -f 指定。", file=sys.stderr)
        return 2
    with config_file.open(encoding="utf-8") as stream:
        config = yaml_load(stream) or {}
    root = config_file.parent
    gov = (config.get("extra") or {}).get("gov") or {}
    content_dir = root / config.get("docs_dir", "docs")
    catalog_dir = root / gov.get("catalog_dir", "catalog")
    try:
        errors = ErrorCollector()
        site_url.check(config.get(site_url.FIELD), "check", errors)  # what the build would refuse first
        environment = environment_date(os.environ.get(AS_OF_ENV), errors)  # read here, where the run starts
        errors.raise_if_any()
        day = check_date(gov.get("checks"), args.as_of or environment)
        site = model.load(root, content_dir, catalog_dir, as_of=day)
        report = run(site, root=root, content_dir=content_dir, catalog_dir=catalog_dir,
                     options=gov.get("checks"), as_of=day)
    except (PluginError, CalendarError) as exc:
        print(f"检查未完成。\n{exc}", file=sys.stderr)
        return 2
    print(report.text())
    if args.json and not _write(Path(args.json), report.to_json() + "\n"):
        return 2
    return 0 if report.ok else 1


def _write(path: Path, text: str) -> bool:
    """The JSON report, whole or not at all (a temporary file renamed over it); an OS error is one line."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
        return True
    except OSError as exc:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        kept = "原有的报告文件保持不变。" if path.is_file() else ""
        named = OSError(exc.errno, exc.strerror)  # the file asked for, not the temporary one
        print(f"检查报告未写入：{os_problem(named, path)}{kept}", file=sys.stderr)
        return False


def _date(value: str) -> datetime.date:
    day, problem = schema.parse_date(value)
    if problem:
        raise argparse.ArgumentTypeError(f"{problem}，应写成 YYYY-MM-DD，如 AS_OF=2026-06-30。")
    return day


def _parser() -> arguments.ArgumentParser:
    parser = arguments.ArgumentParser(prog="make check", description="政务公开检查：不生成网站，检查全部内容并输出报告。")
    parser.add_argument("--as-of", variable="AS_OF", type=_date, metavar="YYYY-MM-DD",
                        help="检查日期（默认：环境变量 GOV_AS_OF、mkdocs.yml 中的 extra.gov.checks.as_of，或当天）")
    parser.add_argument("--json", variable="JSON", type=arguments.file_path, metavar="PATH", help="另把报告写成 JSON 文件")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="FILE", help="配置文件（默认 mkdocs.yml）")
    return parser


if __name__ == "__main__":
    sys.exit(main())
