"""The pipelines' build steps run (issue 13): the commands of the GitLab check and build jobs (the same make
targets the Gitea and GitHub workflows run, tests/unit/test_ci_pipelines.py) in a copy of the project, as a
runner would on a fresh clone: the checks report and the site are where the artifacts take them from, and an
editor's mistake fails both jobs with the Chinese message in the log."""

from __future__ import annotations

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


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("ci") / "county"
    project.mkdir()
    for name in FILES:
        shutil.copy2(ROOT / name, project / name)  # with their times: make setup finds .venv up to date
    for name in FOLDERS:
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in (".venv", "node_modules"):  # installed already (make setup): the runner's cache
        if (ROOT / name).exists():
            (project / name).symlink_to(ROOT / name)
    return project


def job_script(project: Path, job: str) -> list[str]:
    return yaml.safe_load((project / ".gitlab-ci.yml").read_text(encoding="utf-8"))[job]["script"]


def run_job(project: Path, job: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", GOV_AS_OF=EXAMPLE_AS_OF, CI="true")
    script = "set -e\n" + "\n".join(job_script(project, job))
    return subprocess.run(["bash", "-c", script], cwd=project, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)


def test_check_and_build_jobs_produce_their_artifacts(clone):
    check = run_job(clone, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "检查结果" in (clone / "ci-report/checks.txt").read_text(encoding="utf-8")
    assert (clone / "ci-report/checks.json").stat().st_size > 0
    build = run_job(clone, "build")
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert (clone / "site/index.html").is_file() and (clone / "site/maintainers/checks/index.html").is_file()
    assert "网站已生成" in build.stdout


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
