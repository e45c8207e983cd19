"""The platform's generated GitLab CI child pipeline (a dynamic child pipeline: the parent's ``generate`` job
writes it and the ``sites`` job runs it with ``trigger: include: artifact:``), and the plan behind it.

Which sites are rebuilt (``--changed-since REF``: the files changed in the platform's repository since REF
decide instead, for the sites inside it): a site whose inputs changed since its last build, as recorded in
``OUT/sites/<id>/build.json`` (kept between pipelines by the CI cache): its repository's commit, the product
commit of its version, the base catalog's fingerprint. So a product upgrade (``product.version``) or a base
catalog change rebuilds every site (but a site pinned to an older version stays), one county's commit rebuilds
that county only, and a site never built, or whose repository could not be read, is built.

One job per site (build and checks, artifacts: the site's folder with site/, checks.json and build.json), then
``report`` (needs every site job, ``when: always``: a failed county is in the report, never hides it), then one
``deploy-<id>`` per site (on the default branch, else manual; without deploy variables it publishes nothing).
GitHub/Gitea Actions get the same plan as a JSON list for a matrix (``--matrix``).
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import site as site_job
from .config import Platform, Site

JOB_PREFIX = "site-"
DEPLOY_PREFIX = "deploy-"
REPORT_JOB = "report"
HEADER = ("# 由 python -m govsite.platform pipeline 生成，不要手工修改：平台的子流水线（每个网站一个作业、监管报告、"
          "各网站发布）。\n")


@dataclass(frozen=True)
class Planned:
    site: Site
    reason: str  # why it is rebuilt, in Chinese (printed in the generate job's log)


class PlanError(Exception):
    """The plan cannot be made (Chinese)."""


def changed_since(platform: Platform, ref: str) -> tuple[str | None, set[Path]]:
    """(why every site is rebuilt or None, the changed files) between ``ref`` and HEAD of the platform's repository."""
    top = site_job.platform_top(platform)
    done = subprocess.run(["git", "diff", "--name-only", "--end-of-options", ref, "HEAD"], cwd=top, capture_output=True,
                          timeout=site_job.GIT_TIMEOUT)
    if done.returncode != 0:
        raise PlanError(f"--changed-since：平台仓库中没有“{ref[:60]}”这个提交或分支。修改办法：写上次生成时的提交号，如 $CI_COMMIT_BEFORE_SHA。")
    files = {(top / line).resolve() for line in done.stdout.decode("utf-8", "replace").splitlines() if line}
    watched = [("platform.yml 有改动（可能升级了产品或调整了网站）", platform.file.resolve()),
               ("省基础目录有改动", platform.base_path.resolve())]
    if site_job.product_repository(platform).resolve() == top.resolve():
        watched += [("产品有改动", (top / name).resolve()) for name in site_job.PRODUCT_FILES]
    for reason, path in watched:
        if any(f == path or path in f.parents for f in files):
            return reason, files
    return None, files


def plan(platform: Platform, out: Path, *, everything: bool = False, since: str | None = None) -> tuple[list[Planned], list[Site]]:
    """(sites to rebuild with the reason, sites unchanged since their last build). ``since``: a commit of the
    platform's repository; a path or submodule site is rebuilt when a file under it changed since then (a url
    site, outside the repository, by its recorded commit)."""
    rebuild: list[Planned] = []
    unchanged: list[Site] = []
    if since is not None:
        everything_reason, files = changed_since(platform, since)
        for site in platform.sites:
            if everything or everything_reason:
                rebuild.append(Planned(site, everything_reason or "要求全部重新生成"))
            elif not site.remote:
                folder = (platform.root / site.source).resolve()
                if any(f == folder or folder in f.parents for f in files):
                    rebuild.append(Planned(site, f"{since[:12]} 之后网站仓库有改动"))
                else:
                    unchanged.append(site)
            else:
                part, rest = plan(dataclasses.replace(platform, sites=(site,)), out)
                rebuild += part
                unchanged += rest
        return rebuild, unchanged
    for site in platform.sites:
        now = site_job.inputs(platform, site, out)
        before = site_job.previous(out, site.id)
        reason = None
        if everything:
            reason = "要求全部重新生成"
        elif before is None:
            reason = "还没有生成过"
        elif not now.commit:
            reason = "网站仓库读取不到（重试）"
        elif before.get("commit") != now.commit:
            reason = "网站仓库有新的提交"
        elif before.get("product_commit") != now.product_commit or before.get("product_version") != platform.version_of(site):
            reason = f"产品版本改为 {platform.version_of(site)}"
        elif before.get("base_catalog") != now.base:
            reason = "省基础目录有改动"
        if reason is None:
            unchanged.append(site)
        else:
            rebuild.append(Planned(site, reason))
    return rebuild, unchanged


def _relative(path: Path) -> str:
    return os.path.relpath(path, Path.cwd())


def child(platform: Platform, rebuild: list[Planned], out: str, *, python: str, pythonpath: str,
          unchanged: list[Site] = ()) -> str:
    """The child pipeline's YAML (same plan → same bytes). The report job first records the ``unchanged``
    sites as skipped (their last build carried over, site_job.skip), then writes the report."""
    config = _relative(platform.file)
    site_jobs = [JOB_PREFIX + p.site.id for p in rebuild]
    doc: dict = {
        "stages": ["build", "report", "deploy"],
        "variables": {"PLATFORM_CONFIG": config, "PLATFORM_OUT": out, "GOVSITE_PYTHON": python, "PYTHONPATH": pythonpath},
    }
    for planned in rebuild:
        site = planned.site
        doc[JOB_PREFIX + site.id] = {
            "stage": "build",
            "needs": [],
            "script": [f'"$GOVSITE_PYTHON" -m govsite.platform build --config "$PLATFORM_CONFIG" --out "$PLATFORM_OUT" --site {site.id}'],
            # the last good site of an earlier pipeline stays when this build fails
            "cache": {"key": "platform-state", "paths": [f"{out}/sites/"], "policy": "pull"},
            "artifacts": {"when": "always", "paths": [f"{out}/sites/{site.id}/"], "expire_in": "30 days"},
        }
    report_version = platform.product_version
    doc[REPORT_JOB] = {
        "stage": "report",
        "needs": [{"job": j, "artifacts": True} for j in site_jobs],
        "when": "always",
        "script": ([f'"$GOVSITE_PYTHON" -m govsite.platform skip --out "$PLATFORM_OUT" '
                    + " ".join(f"--site {s.id}" for s in unchanged)] if unchanged else [])
        + [f'"$GOVSITE_PYTHON" -m govsite.platform report --out "$PLATFORM_OUT" --version {report_version}'],
        # the sites not rebuilt this time come from the state of the last pipeline; this one becomes the next state
        "cache": {"key": "platform-state", "paths": [f"{out}/sites/"], "policy": "pull-push"},
        "artifacts": {"when": "always", "paths": [f"{out}/public/"], "expire_in": "90 days"},
    }
    for planned in rebuild:
        site = planned.site
        doc[DEPLOY_PREFIX + site.id] = {
            "stage": "deploy",
            "needs": [{"job": JOB_PREFIX + site.id, "artifacts": True}],
            "script": [f'"$GOVSITE_PYTHON" -m govsite.platform deploy --out "$PLATFORM_OUT" --site {site.id}'],
            "resource_group": f"deploy-{site.id}",
            "rules": [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}, {"when": "manual", "allow_failure": True}],
        }
    return HEADER + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=200)


def matrix(rebuild: list[Planned]) -> str:
    """The site ids to rebuild as JSON, for a GitHub/Gitea Actions matrix (``fromJSON``)."""
    return json.dumps([p.site.id for p in rebuild])


def default_python() -> str:
    """The Python the jobs run: this one, relative to the checkout (the runners' checkouts differ in place)."""
    return _relative(Path(sys.executable))


def default_pythonpath() -> str:
    return _relative(Path(__file__).resolve().parents[2])
