"""The county's CI pipelines (issue 13): .gitlab-ci.yml, .gitea/workflows/site.yml, .github/workflows/site.yml.

Checked against GitLab's and GitHub's JSON schemas (the copies check-jsonschema ships: no network), then for
structure: on a merge request the checks and the build run and publish the report and the preview; on main
the site is deployed, only when the deploy settings exist, after the build alone: the checks are a job of
their own that goes red on a finding without holding the deploy back (a correct site always publishes);
every command is a make target of the Makefile;
nothing secret is written in them. deploy/ci/ci.sh's deploy step runs here with stand-ins for rsync and aws
(tests/build/test_ci_build.py runs the check and build steps for real).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from importlib.resources import files

ROOT = Path(__file__).resolve().parents[2]
GITLAB = ROOT / ".gitlab-ci.yml"
WORKFLOWS = {"github": ROOT / ".github/workflows/site.yml", "gitea": ROOT / ".gitea/workflows/site.yml"}
CI_SCRIPT = ROOT / "deploy/ci/ci.sh"


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {m[1] for m in re.finditer(r"^([A-Za-z0-9_.-]+)\s*:(?!=)", text, re.M)}


def _make_target(command: str) -> str:
    m = re.fullmatch(r"make ([a-z0-9-]+)", command.strip())
    assert m, f"a pipeline step is one make target, so it runs the same on a desk: {command!r}"
    return m[1]


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def _errors(data: dict, schema: str) -> list[str]:
    """Validation errors against a schema check-jsonschema vendors (GitLab's, SchemaStore's GitHub workflow)."""
    text = files("check_jsonschema.builtin_schemas.vendor").joinpath(f"{schema}.json").read_text(encoding="utf-8")
    spec = json.loads(text)
    validator = jsonschema.validators.validator_for(spec)(spec)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("path,schema", [(GITLAB, "gitlab-ci"), (WORKFLOWS["github"], "github-workflows"),
                                         (WORKFLOWS["gitea"], "github-workflows")], ids=["gitlab", "github", "gitea"])
def test_pipeline_files_match_their_schema(path, schema):
    assert _errors(_load(path), schema) == []


def test_the_schema_check_catches_a_broken_file():
    assert _errors({"check": {"stage": "check", "script": 5, "rules": True}}, "gitlab-ci")
    assert _errors({"on": {"push": None}, "jobs": {"build": {"steps": [{"run": "make ci-build"}]}}}, "github-workflows")


def test_gitlab_jobs_rules_and_artifacts():
    ci = _load(GITLAB)
    assert ci["stages"] == ["check", "build", "deploy"]
    targets = make_targets()
    jobs = {name: job for name, job in ci.items() if isinstance(job, dict) and "script" in job}
    assert set(jobs) == {"check", "build", "deploy"}
    for name, job in jobs.items():
        assert job["stage"] == name
        for line in job["script"]:
            assert _make_target(line) in targets, line
    assert [_make_target(line) for job in jobs.values() for line in job["script"]] == ["ci-check", "ci-build", "ci-deploy"]
    for name in ("check", "build"):  # on a merge request and on main
        conditions = [rule["if"] for rule in jobs[name]["rules"]]
        assert any('$CI_PIPELINE_SOURCE == "merge_request_event"' in c for c in conditions)
        assert any("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" in c for c in conditions)
    assert "ci-report/" in jobs["check"]["artifacts"]["paths"] and jobs["check"]["artifacts"]["when"] == "always"
    assert "site/" in jobs["build"]["artifacts"]["paths"]
    deploy_rules = [rule["if"] for rule in jobs["deploy"]["rules"]]
    assert deploy_rules == ["$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $DEPLOY_METHOD"]  # main only, once configured
    # The site it uploads is the build job's artifact; the checks' failure does not hold it back. With `needs`,
    # GitLab starts a job once the jobs it needs succeed, whatever the other jobs of earlier stages did.
    assert jobs["deploy"]["needs"] == ["build"]
    assert jobs["build"]["needs"] == []  # from the start, beside the checks
    check = jobs["check"]
    assert "allow_failure" not in check and "when" not in check  # red when a rule set to error is broken
    assert check["artifacts"]["when"] == "always"  # its report uploaded when it fails too
    assert all(rule.get("when") in (None, "on_success") for job in jobs.values() for rule in job["rules"])
    assert sys.version_info >= (3, 11) and re.fullmatch(r"python:3\.(1[1-9])", ci["default"]["image"])


@pytest.mark.parametrize("forge", ["github", "gitea"])
def test_actions_workflow_jobs_triggers_and_artifacts(forge):
    wf = _load(WORKFLOWS[forge])
    assert "pull_request" in wf["on"] and wf["on"]["push"]["branches"] == ["main"]
    assert wf["permissions"] == {"contents": "read"}
    jobs = wf["jobs"]
    assert set(jobs) == {"check", "build", "deploy"}
    targets = make_targets()
    runs = {name: [_make_target(step["run"]) for step in job["steps"] if "run" in step] for name, job in jobs.items()}
    assert runs == {"check": ["ci-check"], "build": ["ci-build"], "deploy": ["ci-deploy"]}
    assert all(target in targets for names in runs.values() for target in names)
    artifact = "v4" if forge == "github" else "v3"  # Gitea's artifact service speaks the v3 protocol
    uploads = {job: [s["with"]["path"] for s in jobs[job]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
               for job in ("check", "build")}
    assert uploads == {"check": ["ci-report/"], "build": ["site/"]}
    assert all(s["uses"].endswith("@" + artifact) for job in jobs.values() for s in job["steps"] if "artifact@" in s.get("uses", ""))
    report = next(s for s in jobs["check"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert report["if"] == "always()"  # the report is published when the checks fail too
    deploy = jobs["deploy"]
    assert deploy["needs"] == ["build"]  # not the checks: their failure does not hold back a correct site
    assert "always()" not in deploy["if"] and "failure()" not in deploy["if"]  # run on the build's success
    assert "needs" not in jobs["check"] and "needs" not in jobs["build"]
    for step in jobs["check"]["steps"]:  # the check job is red when a rule set to error is broken
        assert "continue-on-error" not in step
    assert "continue-on-error" not in jobs["check"]
    assert "github.ref == 'refs/heads/main'" in deploy["if"] and "github.event_name == 'push'" in deploy["if"]
    assert "vars.DEPLOY_METHOD != ''" in deploy["if"]  # the product repository itself has no deploy settings
    env = next(s for s in deploy["steps"] if s.get("run") == "make ci-deploy")["env"]
    for name, value in env.items():
        secret = name in ("DEPLOY_SSH_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
        assert value == "${{ %s.%s }}" % ("secrets" if secret else "vars", name), (name, value)


@pytest.mark.parametrize("path", [GITLAB, *WORKFLOWS.values(), CI_SCRIPT], ids=lambda p: p.name)
def test_nothing_secret_in_the_repository(path):
    text = path.read_text(encoding="utf-8")
    assert "PRIVATE KEY" not in text
    assert not re.search(r"(?i)(password|passwd|secret_access_key|access_key_id)\s*[:=]\s*['\"]?[A-Za-z0-9/+]{8,}", text)
    assert not re.search(r"StrictHostKeyChecking=no", text)


def test_the_ci_script_is_valid_bash():
    assert subprocess.run(["bash", "-n", str(CI_SCRIPT)]).returncode == 0


# --- the deploy step, with stand-ins for rsync and aws that record their arguments -------------------------

@pytest.fixture
def deploy_env(tmp_path):
    project = tmp_path / "county"
    (project / "deploy/ci").mkdir(parents=True)
    shutil.copy(CI_SCRIPT, project / "deploy/ci/ci.sh")
    (project / "site").mkdir()
    (project / "site/index.html").write_text("<html></html>", encoding="utf-8")
    tools = tmp_path / "tools"
    tools.mkdir()
    for tool in ("rsync", "aws"):
        stub = tools / tool
        stub.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{tmp_path}/{tool}.args"\n', encoding="utf-8")
        stub.chmod(0o755)
    base = {"PATH": f"{tools}:{os.environ['PATH']}", "HOME": str(tmp_path), "LANG": "C.UTF-8"}

    def run(**variables):
        result = subprocess.run(["bash", "deploy/ci/ci.sh", "deploy"], cwd=project, env={**base, **variables},
                                capture_output=True, text=True)
        return result, {tool: (tmp_path / f"{tool}.args").read_text().splitlines()
                        for tool in ("rsync", "aws") if (tmp_path / f"{tool}.args").exists()}
    return run


def test_deploy_without_settings_fails_in_chinese(deploy_env):
    result, called = deploy_env()
    assert result.returncode != 0 and "DEPLOY_METHOD 没有设置" in result.stderr and not called
    result, called = deploy_env(DEPLOY_METHOD="rsync", DEPLOY_HOST="web.example.gov.cn")
    assert result.returncode != 0 and not called
    assert "DEPLOY_PATH DEPLOY_SSH_KEY DEPLOY_KNOWN_HOSTS 没有设置" in result.stderr
    result, _ = deploy_env(DEPLOY_METHOD="ftp")
    assert result.returncode != 0 and "只能是 rsync 或 s3" in result.stderr


def test_deploy_by_rsync_checks_the_host_key(deploy_env):
    result, called = deploy_env(DEPLOY_METHOD="rsync", DEPLOY_HOST="web.example.gov.cn", DEPLOY_USER="deploy",
                                DEPLOY_PATH="/srv/www/", DEPLOY_SSH_KEY="dummy key", DEPLOY_KNOWN_HOSTS="web ssh-ed25519 AAAA")
    assert result.returncode == 0, result.stderr
    args = called["rsync"]
    assert args[-2:] == ["site/", "deploy@web.example.gov.cn:/srv/www/"]
    assert "--delete-after" in args and "--delay-updates" in args
    ssh = args[args.index("-e") + 1]
    assert "StrictHostKeyChecking=yes" in ssh and "UserKnownHostsFile=" in ssh and "-p 22" in ssh


def test_deploy_to_object_storage(deploy_env):
    result, called = deploy_env(DEPLOY_METHOD="s3", DEPLOY_S3_BUCKET="xian-gov", DEPLOY_S3_PREFIX="www/",
                                DEPLOY_S3_ENDPOINT="https://oss.example.com", AWS_ACCESS_KEY_ID="id", AWS_SECRET_ACCESS_KEY="k")
    assert result.returncode == 0, result.stderr
    args = called["aws"]
    assert args[:4] == ["s3", "sync", "site/", "s3://xian-gov/www/"]
    assert "--delete" in args and args[args.index("--endpoint-url") + 1] == "https://oss.example.com"


def test_deploy_refuses_without_a_built_site(deploy_env, tmp_path):
    shutil.rmtree(tmp_path / "county/site")
    result, _ = deploy_env(DEPLOY_METHOD="s3")
    assert result.returncode != 0 and "先运行 make ci-build" in result.stderr
