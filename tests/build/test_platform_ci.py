"""The platform through a real CI engine (issue 27): a simulated province of 3 generated counties (one listed by
url and pinned to an older product version, one whose content does not build) and a site whose repository is
missing, built by gitlab-ci-local (``--force-shell-executor``, 2 parallel jobs) from the example platform's
.gitlab-ci.yml: the ``generate`` job writes the child pipeline, the ``sites`` job runs it (``trigger: include:
artifact:``). The good counties are built with their checks and deviations; the failing ones say why in Chinese
and do not stop the others; then a one-county edit rebuilds that county only.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.bench import platform as province

ROOT = Path(__file__).resolve().parents[2]

# Skipped only outside CI (no Node.js here): in CI, make test has installed both, and a missing one fails.
pytestmark = pytest.mark.skipif(not os.environ.get("CI") and (not province.GITLAB_CI_LOCAL.exists()
                                                             or shutil.which("rsync") is None),
                                reason="gitlab-ci-local (npm ci) and rsync (tests/system-deps.sh) are needed")

MISSING = "  - {id: missing, name: 缺仓库县, path: sites/nowhere}\n"
BROKEN = """---
标题: 一篇日期写错的文件
栏目: fdzdgk-01
发布日期: 2026-13-45
---
正文。
"""


def _jobs(folder: Path) -> set[str]:
    return {k for k, v in yaml.safe_load((folder / "platform-build" / "child.yml").read_text(encoding="utf-8")).items()
            if isinstance(v, dict) and "script" in v}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("province") / "platform"
    older = subprocess.run(["git", "rev-parse", "HEAD~1"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    sites = province.make_province(folder, 3, pinned={1: older}, remote={1}, extra=MISSING)
    broken = folder / "sites" / "county-03"
    org = sorted(p.parent for p in (broken / "content").rglob("_org.yml"))[0]
    (org / "broken.md").write_text(BROKEN, encoding="utf-8")
    province.git(broken, "add", "content")
    province.git(broken, "commit", "-qm", "一篇日期写错的文件")
    seconds, log = province.run_pipeline(folder, jobs=2)
    return {"folder": folder, "sites": sites, "older": older, "head": head, "log": log, "seconds": seconds,
            "records": province.records(folder), "jobs": _jobs(folder)}


def test_every_site_gets_a_job_and_the_good_ones_are_built(built):
    records, folder = built["records"], built["folder"]
    assert built["jobs"] == {"site-county-01", "site-county-02", "site-county-03", "site-missing", "report",
                             "deploy-county-01", "deploy-county-02", "deploy-county-03", "deploy-missing"}, built["log"]
    assert set(records) == {"county-01", "county-02", "county-03", "missing"}
    for site_id in ("county-01", "county-02"):
        record = records[site_id]
        assert record["status"] == "ok", record["error"]
        assert record["built"] == province.AS_OF and record["error"] is None and record["seconds"] > 0
        out = folder / "platform-build" / "sites" / site_id
        assert (out / "site" / "index.html").is_file()
        checks = json.loads((out / "checks.json").read_text(encoding="utf-8"))
        assert checks["as_of"] == province.AS_OF and "findings" in checks
        assert json.loads((out / "deviations.json").read_text(encoding="utf-8"))["mandatory_missing"] == []
    assert records["county-01"]["name"] == built["sites"][0]["name"]
    assert records["county-01"]["commit"] == province.git(folder / "sites" / "county-01", "rev-parse", "HEAD")


def test_a_pinned_site_builds_with_its_older_product_version(built):
    records = built["records"]
    assert records["county-02"]["product_version"] == built["older"]
    assert records["county-02"]["product_commit"] == built["older"] and records["county-02"]["pinned"] is True
    assert records["county-01"]["product_version"] == built["head"] and records["county-01"]["pinned"] is False


def test_a_failing_county_and_a_missing_repository_are_named_and_do_not_stop_the_others(built):
    records = built["records"]
    broken, missing = records["county-03"], records["missing"]
    assert broken["status"] == "failed" and "站点“county-03”" in broken["error"] and "发布日期" in broken["error"]
    assert "Traceback" not in broken["error"]
    assert missing["status"] == "failed"
    assert "站点“missing”，字段“path”" in missing["error"] and "不存在" in missing["error"]
    assert not (built["folder"] / "platform-build" / "sites" / "county-03" / "site").exists()
    assert "report" in built["log"]  # the report job ran after the failed site jobs (when: always)


def test_a_one_county_edit_rebuilds_that_county_only(built):
    folder = built["folder"]
    province.edit_one(folder, "county-01")
    seconds, log = province.run_pipeline(folder, jobs=2)
    after = province.records(folder)
    # the missing repository is retried (its commit is unknown); the broken county's commit did not change
    assert _jobs(folder) == {"site-county-01", "site-missing", "report", "deploy-county-01", "deploy-missing"}, log
    assert after["county-01"]["commit"] == province.git(folder / "sites" / "county-01", "rev-parse", "HEAD")
    assert after["county-01"]["commit"] != built["records"]["county-01"]["commit"]
    assert "没有变化，不重新生成：county-02、county-03" in log
    # not rebuilt: the unchanged county's last build is carried over and recorded as skipped; the broken one,
    # unchanged too, is still the failure it was (nothing of it is in place)
    unchanged = built["records"]["county-02"]
    assert after["county-02"] == unchanged | {"status": "skipped", "skipped_on": province.AS_OF}, log
    assert after["county-03"] == built["records"]["county-03"]
    public = folder / "platform-build" / "public"
    report = json.loads((public / "jianguan" / "report.json").read_text(encoding="utf-8"))
    rows = {row["id"]: row for row in report["sites"]}
    assert rows["county-02"]["status"] == "skipped" and rows["county-03"]["status"] == "failed"
    assert report["summary"]["failed"] == 2  # county-03 and the missing repository; not the skipped one
    page = (public / "jianguan" / "index.html").read_text(encoding="utf-8")
    row = page[page.index('id="site-county-02"'):]
    assert f"未变更（沿用上次构建，{unchanged['built']}）" in row[:row.index("</tr>")]
    assert (folder / "platform-build" / "sites" / "county-02" / "site" / "index.html").is_file()


# --- the county's own pipeline ------------------------------------------------------------------------------

COUNTY_FILES = ("Makefile", "mkdocs.yml", "govsite.yml", "requirements.txt", "requirements-dev.txt", "package.json",
                "package-lock.json", ".gitlab-ci.yml")
COUNTY_FOLDERS = ("hooks", "overrides", "catalog", "content", "deploy")


def test_the_county_pipeline_runs_its_check_and_build_jobs(tmp_path):
    """The county's .gitlab-ci.yml (until now only schema-checked) run by gitlab-ci-local on main: the check job
    writes the checks report, the build job the site, each as its artifact; deploy has no DEPLOY_METHOD: skipped."""
    county = tmp_path / "county"
    county.mkdir()
    for name in COUNTY_FILES:
        shutil.copy2(ROOT / name, county / name)
    for name in COUNTY_FOLDERS:
        shutil.copytree(ROOT / name, county / name, ignore=shutil.ignore_patterns("__pycache__"))
    # The runner's caches: the Python environment linked (never older than its inputs: make setup must not
    # reinstall through the link), node_modules an empty installed stamp (the site is built without admin/).
    (county / ".venv").symlink_to(ROOT / ".venv")
    installed = (ROOT / ".venv" / ".installed").stat().st_mtime
    (county / "node_modules").mkdir()
    (county / "node_modules" / ".installed").touch()
    for name in ("requirements.txt", "requirements-dev.txt", "package.json", "package-lock.json"):
        os.utime(county / name, (installed - 60, installed - 60))
    (county / ".gitignore").write_text(".venv\nnode_modules\nsite/\nci-report/\n.gitlab-ci-local/\n", encoding="utf-8")
    province.git(county, "init", "-q", "-b", "main")
    province.git(county, "add", ".")
    province.git(county, "commit", "-qm", "县网站")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    env |= {"GOV_AS_OF": "2026-11-30", "NO_MKDOCS_2_WARNING": "1", "FORCE_COLOR": "0"}
    done = subprocess.run([str(province.GITLAB_CI_LOCAL), "--force-shell-executor", "--concurrency", "1", "check", "build"],
                          cwd=county, env=env, capture_output=True, text=True, timeout=1800)
    log = done.stdout + done.stderr
    assert done.returncode == 0, log[-4000:]
    assert "PASS" in log and "check" in log and "FAIL" not in log, log[-4000:]
    assert json.loads((county / "ci-report" / "checks.json").read_text(encoding="utf-8"))["as_of"] == "2026-11-30"
    assert (county / "site" / "index.html").is_file()
    artifacts = county / ".gitlab-ci-local" / "artifacts"
    assert (artifacts / "check" / "ci-report" / "checks.json").is_file()
    assert (artifacts / "build" / "site" / "index.html").is_file()
