"""The platform's generated GitLab CI child pipeline (a dynamic child pipeline: the parent's ``generate`` job
writes it and the ``sites`` job runs it with ``trigger: include: artifact:``), and the plan behind it.

Which sites are rebuilt: a site whose inputs changed since its last build, as recorded in
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

import json
import os
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


def plan(platform: Platform, out: Path, *, everything: bool = False) -> tuple[list[Planned], list[Site]]:
    """(sites to rebuild with the reason, sites unchanged since their last build)."""
    rebuild: list[Planned] = []
    unchanged: list[Site] = []
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


def child(platform: Platform, rebuild: list[Planned], out: str, *, python: str, pythonpath: str) -> str:
    """The child pipeline's YAML (same plan → same bytes)."""
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
        "script": [f'"$GOVSITE_PYTHON" -m govsite.platform report --out "$PLATFORM_OUT" --version {report_version}'],
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
