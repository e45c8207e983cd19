"""``python -m govsite.platform <command>``: the platform's command line (docs/platform.md).

- ``check --config platform.yml``: platform.yml and the base catalog checked (every mistake together);
- ``pipeline --config platform.yml --out child.yml [--state OUT] [--changed-since REF] [--all] [--matrix]``: the GitLab CI child pipeline
  of the sites whose inputs changed (``--matrix``: their ids as JSON, for GitHub/Gitea Actions);
- ``build --config platform.yml [--site ID] [--out OUT]``: build one site (a CI job), or every site in turn;
- ``status --config platform.yml [--out OUT]``: each site's last build (exit 1 when one is not built);
- ``skip --out OUT --site ID…``: record sites unchanged since their last build as skipped (the child pipeline's
  report job runs it for the sites the plan left out; their last build is carried over);
- ``deploy --out OUT --site ID``: publish one built site (deploy/ci/ci.sh deploy; nothing without DEPLOY_METHOD);
- ``report --out OUT [--previous …] [--version …]``: the platform report and search (platform/job.py).

Exit status: 0 done; 1 a site failed (its build.json says why; the other sites were built); 2 platform.yml
or the command line is wrong (nothing was built).
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import base as base_catalog
from . import pipeline, site as site_job
from ..checks import AS_OF_ENV
from ..parse.kinds import SLUG
from .config import PlatformError, load

DEFAULT_OUT = "platform-build"
DEFAULT_CONFIG = "platform.yml"
REPORT_MODULE = "govsite.platform.job"  # the report job (i27-report's part)


def _config(path: str):
    try:
        return load(Path(path))
    except PlatformError as exc:
        print(str(exc), file=sys.stderr)
        return None


def _base_problems(platform) -> list[str]:
    base, errors = base_catalog.load(platform.base_path)
    if errors:
        return ["platform.yml，字段“base_catalog.path”：省基础目录有错误（与县的 catalog/ 格式相同）：", *errors]
    _, problems = base_catalog.mandatory_items(platform, base)
    return [p.format("platform.yml") for p in problems]


def _check(args) -> int:
    platform = _config(args.config)
    if platform is None:
        return 2
    problems = _base_problems(platform)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    print(f"平台设置正确：{len(platform.sites)} 个网站，产品版本 {platform.product_version}。")
    return 0


def _pipeline(args) -> int:
    platform = _config(args.config)
    if platform is None:
        return 2
    problems = _base_problems(platform)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    try:
        rebuild, unchanged = pipeline.plan(platform, Path(args.state), everything=args.all, since=args.changed_since)
    except (pipeline.PlanError, site_job.SiteError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    for planned in rebuild:
        print(f"重新生成 {planned.site.id}（{planned.site.name}）：{planned.reason}")
    if unchanged:
        print("没有变化，不重新生成：" + "、".join(s.id for s in unchanged))
    text = pipeline.matrix(rebuild) if args.matrix else pipeline.child(
        platform, rebuild, args.state, python=args.python or pipeline.default_python(),
        pythonpath=args.pythonpath or pipeline.default_pythonpath(), unchanged=unchanged)
    Path(args.out).write_text(text, encoding="utf-8")
    return 0


def _build(args) -> int:
    platform = _config(args.config)
    if platform is None:
        return 2
    if args.site:
        chosen = platform.site(args.site)
        if chosen is None:
            print(f"platform.yml 中没有网站“{args.site}”：可选 " + "、".join(s.id for s in platform.sites) + "。", file=sys.stderr)
            return 2
        sites = [chosen]
    else:
        sites = list(platform.sites)
    failed = 0
    for chosen in sites:
        record = site_job.build(platform, chosen, Path(args.out), as_of=os.environ.get(AS_OF_ENV),
                                venvs=Path(os.environ[site_job.VENVS_ENV]) if os.environ.get(site_job.VENVS_ENV) else None)
        if record["status"] == "ok":
            print(f"{chosen.id}（{chosen.name}）：已生成，{record['seconds']} 秒（产品版本 {record['product_version']}）。")
        else:
            failed += 1
            print(f"{chosen.id}（{chosen.name}）：生成失败。\n{record['error']}", file=sys.stderr)
    return 1 if failed else 0


def _status(args) -> int:
    platform = _config(args.config)
    if platform is None:
        return 2
    bad = 0
    for chosen in platform.sites:
        record = site_job.previous(Path(args.out), chosen.id)
        if record is None:
            bad += 1
            print(f"{chosen.id}（{chosen.name}）：还没有生成")
            continue
        state = {"ok": "已生成", "failed": "生成失败", "skipped": "未变更（沿用上次构建）"}.get(record.get("status"), "状态不明")
        bad += record.get("status") not in site_job.CARRIED
        print(f"{chosen.id}（{chosen.name}）：{state}，产品版本 {record.get('product_version')}，检查日期 {record.get('built')}，"
              f"{record.get('seconds')} 秒")
    print(f"共 {len(platform.sites)} 个网站，{bad} 个没有生成好（原因见 {args.out}/sites/<编号>/build.json 和 build.log）。")
    return 1 if bad else 0


def _skip(args) -> int:
    bad = [s for s in args.site if not SLUG.match(s)]
    if bad:
        print(f"网站编号“{bad[0][:40]}”格式不对：用 platform.yml 中的 id。", file=sys.stderr)
        return 2
    for site_id in args.site:
        record = site_job.skip(Path(args.out), site_id, as_of=os.environ.get(AS_OF_ENV))
        if record is None:
            print(f"{site_id}：没有变化，但没有可沿用的上次生成结果（上次生成失败或还没有生成过），保持原来的生成状态。")
        else:
            print(f"{site_id}（{record.get('name')}）：没有变化，沿用 {record.get('built')} 生成的网站和检查结果。")
    return 0


def _deploy(args) -> int:
    if not SLUG.match(args.site):
        print(f"网站编号“{args.site[:40]}”格式不对：用 platform.yml 中的 id。", file=sys.stderr)
        return 2
    folder = Path(args.out) / site_job.SITES / args.site
    if not os.environ.get("DEPLOY_METHOD"):
        print(f"{args.site}：没有设置发布变量（DEPLOY_METHOD 等，见 deploy/ci/README.md），不发布。")
        return 0
    if not (folder / "site" / "index.html").is_file():
        print(f"{args.site}：没有生成好的网站（{folder / 'site'}），不能发布。", file=sys.stderr)
        return 1
    # ci.sh publishes ./site of its project: a scratch project holding this site's folder and the product's script.
    work = Path(args.out) / site_job.WORK / f"deploy-{args.site}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "deploy" / "ci").mkdir(parents=True)
    shutil.copy2(Path(__file__).resolve().parents[3] / "deploy" / "ci" / "ci.sh", work / "deploy" / "ci" / "ci.sh")
    (work / "site").symlink_to((folder / "site").resolve())
    env = dict(os.environ)
    if env.get("DEPLOY_PATH"):
        env["DEPLOY_PATH"] = env["DEPLOY_PATH"].rstrip("/") + "/" + args.site  # one folder per site under the web root
    if env.get("DEPLOY_S3_BUCKET"):
        env["DEPLOY_S3_PREFIX"] = env.get("DEPLOY_S3_PREFIX", "") + args.site + "/"
    return subprocess.run(["bash", "deploy/ci/ci.sh", "deploy"], cwd=work, env=env).returncode


def _report(argv: list[str]) -> int:
    try:
        # Imported by name: the report job is a separate part of the platform, shipped on its own.
        job = importlib.import_module(REPORT_MODULE)
    except ImportError:
        print("平台报告模块（govsite/platform/job.py）没有安装：用包含它的产品版本运行报告作业。", file=sys.stderr)
        return 2
    return job.main(argv)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["report"]:
        return _report(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m govsite.platform", description="政府网站集约化平台：生成、检查、发布各网站")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="检查 platform.yml 和省基础目录")
    check.add_argument("--config", default=DEFAULT_CONFIG)
    plan = commands.add_parser("pipeline", help="生成 GitLab CI 子流水线（只含有变化的网站）")
    plan.add_argument("--config", default=DEFAULT_CONFIG)
    plan.add_argument("--out", required=True, help="写到哪个文件，如 child.yml")
    plan.add_argument("--state", default=DEFAULT_OUT, help="上次生成的结果（各网站的 build.json）所在目录")
    plan.add_argument("--all", action="store_true", help="不论有无变化，全部重新生成")
    plan.add_argument("--changed-since", metavar="REF", help="按平台仓库中 REF 之后改动的文件判断（本仓库中的网站）；不写则与上次生成的记录比较")
    plan.add_argument("--matrix", action="store_true", help="输出要生成的网站编号（JSON），供 GitHub/Gitea Actions 的 matrix 使用")
    plan.add_argument("--python", help="作业运行的 Python（默认：当前的，相对仓库根目录）")
    plan.add_argument("--pythonpath", help="产品 hooks/ 的路径（默认：当前产品的）")
    build = commands.add_parser("build", help="生成一个网站（--site）或全部网站")
    build.add_argument("--config", default=DEFAULT_CONFIG)
    build.add_argument("--out", default=DEFAULT_OUT)
    build.add_argument("--site")
    status = commands.add_parser("status", help="列出各网站最近一次生成的结果")
    status.add_argument("--config", default=DEFAULT_CONFIG)
    status.add_argument("--out", default=DEFAULT_OUT)
    skipped = commands.add_parser("skip", help="记录没有变化、沿用上次生成结果的网站")
    skipped.add_argument("--out", default=DEFAULT_OUT)
    skipped.add_argument("--site", action="append", required=True)
    deploy = commands.add_parser("deploy", help="发布一个已生成的网站")
    deploy.add_argument("--out", default=DEFAULT_OUT)
    deploy.add_argument("--site", required=True)
    args = parser.parse_args(argv)
    return {"check": _check, "pipeline": _pipeline, "build": _build, "status": _status, "skip": _skip,
            "deploy": _deploy}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
