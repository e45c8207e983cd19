"""The pipelines' build steps run (issue 13): the commands of the GitLab check and build jobs (the same make
targets the Gitea and GitHub workflows run, tests/unit/test_ci_pipelines.py) in a copy of the project, as a
runner would on a fresh clone: the checks report and the site are where the artifacts take them from, an
editor's mistake fails both jobs with the Chinese message in the log, and a broken check (a rule at level
error) fails the check job only: the build job makes the site the deploy job publishes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE_AS_OF

ROOT = Path(__file__).resolve().parents[2]
FILES = ("Makefile", "mkdocs.yml", "govsite.yml", "requirements.txt", "requirements-dev.txt", "package.json",
         "package-lock.json", ".gitlab-ci.yml")
FOLDERS = ("hooks", "overrides", "catalog", "content", "deploy")
# What make setup installs, its stamp and the files it is installed from (the Makefile's STAMP and NODE_STAMP).
CACHES = ((".venv", ".installed", ("requirements.txt", "requirements-dev.txt")),
          ("node_modules", ".installed", ("package.json", "package-lock.json")))


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("ci") / "county"
    project.mkdir()
    for name in FILES:
        shutil.copy2(ROOT / name, project / name)  # with their times: make setup finds .venv up to date
    for name in FOLDERS:
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name, stamp, inputs in CACHES:  # installed already (make setup): the runner's cache
        if not (ROOT / name / stamp).is_file():
            continue  # not installed: make setup installs into the copy's own folder
        (project / name).symlink_to(ROOT / name)
        # Never older than what it was installed from, as in a runner's cache: make setup must not reinstall
        # through the link (npm ci empties the linked folder, which other checkouts share: a worktree's own
        # package.json is as new as the worktree, newer than the shared install).
        installed = (ROOT / name / stamp).stat().st_mtime
        for input_ in inputs:
            copied = project / input_
            os.utime(copied, (installed, min(copied.stat().st_mtime, installed)))
    return project


def job_script(project: Path, job: str) -> list[str]:
    return yaml.safe_load((project / ".gitlab-ci.yml").read_text(encoding="utf-8"))[job]["script"]


def run_job(project: Path, job: str, as_of: str = EXAMPLE_AS_OF) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", GOV_AS_OF=as_of, CI="true")
    script = "set -e\n" + "\n".join(job_script(project, job))
    return subprocess.run(["bash", "-c", script], cwd=project, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)


def test_check_and_build_jobs_produce_their_artifacts(clone):
    stamps = {name: (clone / name / stamp).stat().st_mtime for name, stamp, _ in CACHES if (clone / name).is_symlink()}
    check = run_job(clone, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "检查结果" in (clone / "ci-report/checks.txt").read_text(encoding="utf-8")
    assert (clone / "ci-report/checks.json").stat().st_size > 0
    build = run_job(clone, "build")
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert (clone / "site/index.html").is_file() and (clone / "site/maintainers/checks/index.html").is_file()
    assert "网站已生成" in build.stdout
    # make setup found the runner's cache up to date: it left the installs the copy links to as they were
    assert {name: (clone / name / stamp).stat().st_mtime for name, stamp, _ in CACHES if name in stamps} == stamps


def test_an_editors_mistake_fails_both_jobs_in_chinese(clone):
    document = next(p for p in sorted((clone / "content/townships").rglob("*.md")) if "栏目: " in p.read_text(encoding="utf-8"))
    original = document.read_text(encoding="utf-8")
    document.write_text(original.replace("栏目: ", "栏目: meiyou-", 1), encoding="utf-8")
    try:
        check = run_job(clone, "check")
        assert check.returncode == 2
        assert "标准目录中没有编号为“meiyou-" in check.stdout and "内容有填写错误" in check.stderr
        build = run_job(clone, "build")
        assert build.returncode != 0
        log = build.stdout + build.stderr
        assert "标准目录中没有编号为“meiyou-" in log and "修改办法" in log and "网站生成失败" in log
    finally:
        document.write_text(original, encoding="utf-8")


def test_a_failing_check_fails_the_check_job_and_not_the_build(clone):
    """首页不更新 (an error by default, 单项否决) at a check date long after the example's newest document."""
    config = clone / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    assert "      home_not_updated: warning\n" in original
    config.write_text(original.replace("      home_not_updated: warning\n", ""), encoding="utf-8")  # the default
    try:
        check = run_job(clone, "check", as_of="2030-06-30")
        assert check.returncode != 0, check.stdout[-3000:] + check.stderr[-3000:]
        assert "检查未通过：有设为“错误”的问题" in check.stderr and "网站照常生成和发布" in check.stderr
        report = json.loads((clone / "ci-report/checks.json").read_text(encoding="utf-8"))
        assert report["ok"] is False
        assert [f["rule"] for f in report["findings"] if f["severity"] == "error"] == ["home_not_updated"]
        assert "首页不更新（home_not_updated）" in (clone / "ci-report/checks.txt").read_text(encoding="utf-8")
        build = run_job(clone, "build", as_of="2030-06-30")
        assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
        assert (clone / "site/index.html").is_file() and "网站已生成" in build.stdout
        assert json.loads((clone / "site/maintainers/checks/report.json").read_text(encoding="utf-8"))["ok"] is False
        assert "政务公开检查未通过：网站已生成，可以发布" in (clone / "ci-report/build.log").read_text(encoding="utf-8")
        assert "注意：政务公开检查未通过" in build.stdout
    finally:
        config.write_text(original, encoding="utf-8")
