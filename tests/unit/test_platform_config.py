"""platform.yml (issue 27): each bad input is a Chinese message naming platform.yml, the site and the field,
all of them together; the base catalog's deviations (missing, renamed, added, mandatory) per county; the plan
of which sites a pipeline rebuilds; the generated child pipeline's shape (GitLab's schema)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "hooks"))

from govsite.platform import base as base_catalog  # noqa: E402
from govsite.platform import pipeline, site as site_job  # noqa: E402
from govsite.platform.__main__ import main  # noqa: E402
from govsite.platform.config import PlatformError, load  # noqa: E402

EXAMPLE = ROOT / "examples" / "platform"
DOMAIN = """领域: 测试
排序: 1
来源:
  - 编号: s
    名称: 来源
事项:
"""
ITEM = """  - 编号: {id}
    一级事项: {name}
    公开内容: 内容
    公开依据: 条例
    公开时限: 20个工作日
    时限规则: {{类型: 工作日, 天数: 20}}
    公开主体: 县政府
    公开渠道和载体: [政府网站]
    公开对象: 全社会
    公开方式: 主动
    公开层级: [县级]
    来源: s
{extra}"""


def _catalog(folder: Path, items: list[tuple[str, str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "catalog" / "_topics.yml", folder / "_topics.yml")
    text = DOMAIN + "".join(ITEM.format(id=i, name=n, extra=e) for i, n, e in items)
    (folder / "ceshi.yml").write_text(text, encoding="utf-8")
    return folder


def _write(tmp_path: Path, text: str) -> Path:
    _catalog(tmp_path / "base", [("ceshi-01", "甲", ""), ("ceshi-02", "乙", "")])
    path = tmp_path / "platform.yml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """name: 平台
product: {version: v1}
base_catalog: {path: base, mandatory: [ceshi-01]}
sites:
  - {id: a, name: 甲县, path: sites/a}
  - {id: b, name: 乙县, url: "https://git.example.org/b.git", branch: main}
  - {id: c, name: 丙县, submodule: sites/c, product_version: v0, pin_reason: 等待目录调整}
"""


def _problems(tmp_path: Path, text: str) -> str:
    with pytest.raises(PlatformError) as caught:
        load(_write(tmp_path, text))
    return str(caught.value)


def test_a_correct_platform_loads(tmp_path):
    platform = load(_write(tmp_path, GOOD))
    assert [s.id for s in platform.sites] == ["a", "b", "c"]
    assert [s.kind for s in platform.sites] == ["path", "url", "submodule"]
    assert platform.version_of(platform.sites[0]) == "v1"
    assert platform.version_of(platform.sites[2]) == "v0"
    assert platform.mandatory == ("ceshi-01",)


def test_a_site_listed_twice_names_the_site_and_field(tmp_path):
    text = GOOD + "  - {id: a, name: 又一个甲县, path: sites/a2}\n"
    message = _problems(tmp_path, text)
    assert "站点“a”" in message and "字段“id”" in message and "重复" in message and "第1项" in message


def test_an_unknown_key_anywhere_is_named_and_all_are_reported_together(tmp_path):
    text = GOOD.replace("name: 平台", "name: 平台\nsitse: []").replace("path: sites/a}", "path: sites/a, brnach: main}")
    message = _problems(tmp_path, text)
    assert "2 处错误" in message
    assert "不认识的设置项“sitse”" in message
    assert "站点“a”，字段“brnach”：不认识的设置项" in message
    assert "Traceback" not in message


def test_a_site_needs_exactly_one_repository_and_a_pin_needs_its_reason(tmp_path):
    text = GOOD.replace("path: sites/a}", "path: sites/a, url: \"https://x.org/a.git\"}").replace(", pin_reason: 等待目录调整", "")
    message = _problems(tmp_path, text)
    assert "站点“a”" in message and "只能写一个" in message
    assert "站点“c”，字段“pin_reason”" in message


def test_bad_ids_versions_and_urls_are_refused(tmp_path):
    text = GOOD.replace("id: b,", "id: 乙,").replace("{version: v1}", "{version: \"v1; rm -rf /\"}").replace(
        "https://git.example.org/b.git", "not a url")
    message = _problems(tmp_path, text)
    assert "字段“product.version”" in message and "不是 git 标签或提交号" in message
    assert "字段“id”" in message and "格式不对" in message
    assert "字段“url”" in message


def test_a_missing_base_catalog_folder_and_missing_sites(tmp_path):
    message = _problems(tmp_path, "name: 平台\nproduct: {version: v1}\nbase_catalog: {path: nowhere}\n")
    assert "字段“base_catalog.path”" in message and "不存在" in message
    assert "字段“sites”" in message


def test_not_yaml_and_not_a_mapping(tmp_path):
    assert "YAML" in _problems(tmp_path, "sites: [a\n")
    assert "设置项" in _problems(tmp_path, "- a\n")


# --- the base catalog --------------------------------------------------------------------------------------

def test_deviations_missing_renamed_added_and_mandatory(tmp_path):
    base = _catalog(tmp_path / "base", [("ceshi-01", "甲", ""), ("ceshi-02", "乙", ""), ("ceshi-03", "丙", ""), ("ceshi-04", "丁", "")])
    county = _catalog(tmp_path / "county", [("ceshi-02", "乙（本县叫法）", ""), ("ceshi-05", "戊", "    曾用编号: [ceshi-03]\n"),
                                            ("ceshi-09", "本县增加", "")])
    base_cat, errors = base_catalog.load(base)
    county_cat, county_errors = base_catalog.load(county)
    assert errors == [] and county_errors == []
    found = base_catalog.compare("a", base_cat, county_cat, ["ceshi-01", "ceshi-03"])
    assert [m["id"] for m in found.missing] == ["ceshi-01", "ceshi-04"]
    assert {(r["base"], r["county"]) for r in found.renamed} == {("ceshi-02", "ceshi-02"), ("ceshi-03", "ceshi-05")}
    assert [a["id"] for a in found.added] == ["ceshi-09"]
    assert found.mandatory_missing == ["ceshi-01"]  # ceshi-03 was renamed, not dropped
    base_catalog.write(tmp_path / "out", found, "甲县")
    assert json.loads((tmp_path / "out" / "deviations.json").read_text(encoding="utf-8"))["mandatory_missing"] == ["ceshi-01"]
    text = (tmp_path / "out" / "deviations.txt").read_text(encoding="utf-8")
    assert "缺少 2 项，改名 2 项，增加 1 项" in text and "必须保留" in text
    message = base_catalog.mandatory_error("a", found)
    assert "站点“a”" in message and "base_catalog.mandatory" in message and "ceshi-01" in message


def test_a_mandatory_entry_the_base_lacks_is_named(tmp_path):
    platform = load(_write(tmp_path, GOOD.replace("mandatory: [ceshi-01]", "mandatory: [ceshi, nope-01]")))
    base, _ = base_catalog.load(platform.base_path)
    items, problems = base_catalog.mandatory_items(platform, base)
    assert items == ["ceshi-01", "ceshi-02"]  # a domain file name stands for all its items
    assert len(problems) == 1 and problems[0].field == "base_catalog.mandatory" and "nope-01" in problems[0].problem


def test_the_example_platform_checks(capsys):
    assert main(["check", "--config", str(EXAMPLE / "platform.yml")]) == 0
    assert main(["check", "--config", str(EXAMPLE / "nowhere.yml")]) == 2
    assert "不存在" in capsys.readouterr().err


# --- the plan and the child pipeline -----------------------------------------------------------------------

def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args], cwd=folder, check=True,
                          capture_output=True, text=True).stdout.strip()


def _repo(folder: Path) -> None:
    folder.mkdir(parents=True)
    _git(folder, "init", "-q", "-b", "main")
    (folder / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    _git(folder, "add", "mkdocs.yml")
    _git(folder, "commit", "-qm", "one")


def _record(out: Path, platform, site) -> None:
    record = {"status": "ok", "product_version": platform.version_of(site)} | site_job.inputs(platform, site, out).as_json()
    (out / "sites" / site.id).mkdir(parents=True, exist_ok=True)
    (out / "sites" / site.id / "build.json").write_text(json.dumps(record), encoding="utf-8")


def test_only_changed_sites_are_planned_and_a_product_or_base_change_plans_all(tmp_path):
    product = tmp_path / "product"
    _repo(product)
    first = _git(product, "rev-parse", "HEAD")
    (product / "x").write_text("2", encoding="utf-8")
    _git(product, "add", "x")
    _git(product, "commit", "-qm", "two")
    for name in ("a", "b"):
        _repo(tmp_path / "sites" / name)
    text = (f"name: 平台\nproduct: {{version: main, repository: product}}\nbase_catalog: {{path: base}}\nsites:\n"
            "  - {id: a, name: 甲县, path: sites/a}\n  - {id: b, name: 乙县, path: sites/b}\n"
            f"  - {{id: c, name: 丙县, path: sites/b, product_version: {first}, pin_reason: 等待}}\n")
    platform = load(_write(tmp_path, text))
    out = tmp_path / "out"
    rebuild, _ = pipeline.plan(platform, out)
    assert [p.site.id for p in rebuild] == ["a", "b", "c"]  # never built
    for site in platform.sites:
        _record(out, platform, site)
    assert pipeline.plan(platform, out)[0] == []
    (tmp_path / "sites" / "a" / "mkdocs.yml").write_text("site_name: y\n", encoding="utf-8")
    _git(tmp_path / "sites" / "a", "commit", "-qam", "edit")
    rebuild, unchanged = pipeline.plan(platform, out)
    assert [(p.site.id, p.reason) for p in rebuild] == [("a", "网站仓库有新的提交")]
    assert [s.id for s in unchanged] == ["b", "c"]
    _record(out, platform, platform.sites[0])
    (product / "x").write_text("3", encoding="utf-8")
    _git(product, "commit", "-qam", "upgrade")
    assert [p.site.id for p in pipeline.plan(platform, out)[0]] == ["a", "b"]  # c is pinned: it stays
    for site in platform.sites:
        _record(out, platform, site)
    (tmp_path / "base" / "ceshi.yml").write_text((tmp_path / "base" / "ceshi.yml").read_text(encoding="utf-8") + "\n",
                                                 encoding="utf-8")
    assert [p.site.id for p in pipeline.plan(platform, out)[0]] == ["a", "b", "c"]


def _gitlab_errors(data: dict) -> list[str]:
    spec = json.loads(files("check_jsonschema.builtin_schemas.vendor").joinpath("gitlab-ci.json").read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(spec)(spec)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def test_the_child_pipeline_has_a_job_per_site_a_report_after_all_and_deploys(tmp_path):
    platform = load(_write(tmp_path, GOOD))
    text = pipeline.child(platform, [pipeline.Planned(s, "") for s in platform.sites[:2]], "platform-build",
                          python=".venv/bin/python", pythonpath="hooks")
    assert text == pipeline.child(platform, [pipeline.Planned(s, "") for s in platform.sites[:2]], "platform-build",
                                  python=".venv/bin/python", pythonpath="hooks")
    data = yaml.safe_load(text)
    assert _gitlab_errors(data) == []
    assert {"site-a", "site-b", "report", "deploy-a", "deploy-b"} <= set(data)
    assert "site-c" not in data
    assert data["site-a"]["artifacts"]["paths"] == ["platform-build/sites/a/"]
    assert data["report"]["when"] == "always"
    assert [n["job"] for n in data["report"]["needs"]] == ["site-a", "site-b"]
    assert "govsite.platform report" in data["report"]["script"][0]
    assert data["deploy-a"]["rules"][-1]["when"] == "manual"


def test_the_parent_pipeline_triggers_the_generated_child():
    data = yaml.safe_load((EXAMPLE / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert _gitlab_errors(data) == []
    include = data["sites"]["trigger"]["include"][0]
    assert include == {"artifact": "platform-build/child.yml", "job": "generate"}
    assert "platform-build/child.yml" in data["generate"]["artifacts"]["paths"]


def test_deploy_without_deploy_variables_publishes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DEPLOY_METHOD", raising=False)
    assert main(["deploy", "--out", str(tmp_path), "--site", "a"]) == 0
    assert "不发布" in capsys.readouterr().out


def test_a_county_dropping_a_mandatory_item_fails_its_job_before_building(tmp_path):
    text = GOOD.replace("  - {id: b, name: 乙县, url: \"https://git.example.org/b.git\", branch: main}\n", "").replace(
        "  - {id: c, name: 丙县, submodule: sites/c, product_version: v0, pin_reason: 等待目录调整}\n",
        "  - {id: nowhere, name: 丁县, path: sites/nowhere}\n")
    platform = load(_write(tmp_path, text))
    county = tmp_path / "sites" / "a"
    _catalog(county / "catalog", [("ceshi-02", "乙", "")])  # ceshi-01, mandatory, dropped
    (county / "mkdocs.yml").write_text("site_name: 甲县\n", encoding="utf-8")
    out = tmp_path / "out"
    record = site_job.build(platform, platform.site("a"), out)
    assert record["status"] == "failed"
    assert "站点“a”" in record["error"] and "base_catalog.mandatory" in record["error"] and "ceshi-01" in record["error"]
    assert not (out / "work").exists()  # refused before anything was built
    assert json.loads((out / "sites" / "a" / "build.json").read_text(encoding="utf-8"))["status"] == "failed"
    assert json.loads((out / "sites" / "a" / "deviations.json").read_text(encoding="utf-8"))["mandatory_missing"] == ["ceshi-01"]
    missing = site_job.build(platform, platform.site("nowhere"), out)
    assert missing["status"] == "failed" and "站点“nowhere”，字段“path”" in missing["error"] and "不存在" in missing["error"]


@pytest.mark.parametrize("forge", ["github", "gitea"])
def test_the_matrix_workflows_are_valid_and_run_one_job_per_changed_site(forge):
    spec = json.loads(files("check_jsonschema.builtin_schemas.vendor").joinpath("github-workflows.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((EXAMPLE / f".{forge}" / "workflows" / "platform.yml").read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    validator = jsonschema.validators.validator_for(spec)(spec)
    assert [e.message for e in validator.iter_errors(data)] == []
    assert data["jobs"]["site"]["strategy"]["matrix"]["site"] == "${{ fromJSON(needs.plan.outputs.sites) }}"
    assert "--matrix" in data["jobs"]["plan"]["steps"][-1]["run"]
    assert data["jobs"]["report"]["if"] == "always()"
    artifact = "v4" if forge == "github" else "v3"  # Gitea's artifact service speaks the v3 protocol
    uses = [s["uses"] for j in data["jobs"].values() for s in j["steps"] if "artifact" in s.get("uses", "")]
    assert uses and all(u.endswith(artifact) for u in uses)


def test_the_matrix_plan_is_the_changed_site_ids(tmp_path):
    platform = load(_write(tmp_path, GOOD))
    assert json.loads(pipeline.matrix([pipeline.Planned(s, "") for s in platform.sites])) == ["a", "b", "c"]


def test_the_make_targets_exist():
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("platform", "platform-pipeline", "platform-check"):
        assert f"\n{target}: setup" in text
    assert "--force-shell-executor" in text


def test_changed_since_a_commit_plans_the_sites_whose_files_changed(tmp_path):
    """--changed-since REF: the platform repository's diff decides for the sites inside it; platform.yml or the
    base catalog changed → every site; an unknown REF is a Chinese error."""
    _repo(tmp_path / "product")
    platform_dir = tmp_path / "platform"
    platform_dir.mkdir()
    text = ("name: 平台\nproduct: {version: main, repository: ../product}\nbase_catalog: {path: base}\nsites:\n"
            "  - {id: a, name: 甲县, path: sites/a}\n  - {id: b, name: 乙县, path: sites/b}\n")
    path = _write(platform_dir, text)
    for name in ("a", "b"):
        (platform_dir / "sites" / name).mkdir(parents=True)
        (platform_dir / "sites" / name / "mkdocs.yml").write_text(f"site_name: {name}\n", encoding="utf-8")
    _git(platform_dir, "init", "-q", "-b", "main")
    _git(platform_dir, "add", ".")
    _git(platform_dir, "commit", "-qm", "one")
    (platform_dir / "sites" / "a" / "mkdocs.yml").write_text("site_name: a2\n", encoding="utf-8")
    _git(platform_dir, "commit", "-qam", "a")
    platform = load(path)
    rebuild, unchanged = pipeline.plan(platform, tmp_path / "out", since="HEAD~1")
    assert [p.site.id for p in rebuild] == ["a"] and [s.id for s in unchanged] == ["b"]
    with (platform_dir / "base" / "ceshi.yml").open("a", encoding="utf-8") as f:
        f.write("\n")
    _git(platform_dir, "commit", "-qam", "base")
    rebuild, _ = pipeline.plan(platform, tmp_path / "out", since="HEAD~1")
    assert [(p.site.id, p.reason) for p in rebuild] == [("a", "省基础目录有改动"), ("b", "省基础目录有改动")]
    with pytest.raises(pipeline.PlanError, match="没有“nope”这个提交"):
        pipeline.plan(platform, tmp_path / "out", since="nope")


def test_an_unchanged_site_is_recorded_skipped_with_its_last_build_carried_over(tmp_path, capsys):
    out = tmp_path / "out"
    kept = {"site": "a", "name": "甲县", "status": "ok", "error": None, "product_version": "v1", "commit": "c" * 40,
            "product_commit": "p" * 40, "base_catalog": "f", "built": "2026-10-31", "seconds": 12.5}
    for site_id, status in (("a", "ok"), ("b", "failed")):
        folder = out / "sites" / site_id
        (folder / "site").mkdir(parents=True)
        (folder / "site" / "index.html").write_text("<p>上次的网站</p>", encoding="utf-8")
        (folder / "checks.json").write_text("{}", encoding="utf-8")
        (folder / "build.json").write_text(json.dumps(kept | {"site": site_id, "status": status,
                                                              "error": "生成失败" if status == "failed" else None}),
                                           encoding="utf-8")
    failed_before = (out / "sites" / "b" / "build.json").read_bytes()
    assert main(["skip", "--out", str(out), "--site", "a", "--site", "b"]) == 0
    assert json.loads((out / "sites" / "a" / "build.json").read_text(encoding="utf-8")) == kept | {
        "status": "skipped", "skipped_on": site_job.check_date(None)}
    assert (out / "sites" / "a" / "site" / "index.html").read_text(encoding="utf-8") == "<p>上次的网站</p>"
    assert (out / "sites" / "b" / "build.json").read_bytes() == failed_before  # a failure stays a failure
    printed = capsys.readouterr().out
    assert "a（甲县）：没有变化，沿用 2026-10-31 生成的网站和检查结果。" in printed and "b：没有变化，但没有可沿用的上次生成结果" in printed
    assert site_job.skip(out, "nowhere") is None
    assert main(["skip", "--out", str(out), "--site", "../x"]) == 2


def test_a_skipped_site_stays_unchanged_and_the_report_job_records_the_skips_first(tmp_path):
    _repo(tmp_path / "sites" / "a")
    _repo(tmp_path / "product")
    text = (f"name: 平台\nproduct: {{version: main, repository: product}}\nbase_catalog: {{path: base}}\nsites:\n"
            "  - {id: a, name: 甲县, path: sites/a}\n")
    platform = load(_write(tmp_path, text))
    out = tmp_path / "out"
    _record(out, platform, platform.sites[0])
    record = json.loads((out / "sites" / "a" / "build.json").read_text(encoding="utf-8"))
    (out / "sites" / "a" / "build.json").write_text(json.dumps(record | {"status": "skipped"}), encoding="utf-8")
    rebuild, unchanged = pipeline.plan(platform, out)
    assert rebuild == [] and [s.id for s in unchanged] == ["a"]
    data = yaml.safe_load(pipeline.child(platform, rebuild, "platform-build", python="py", pythonpath="hooks",
                                         unchanged=unchanged))
    assert _gitlab_errors(data) == []
    assert data["report"]["script"] == ['"$GOVSITE_PYTHON" -m govsite.platform skip --out "$PLATFORM_OUT" --site a',
                                        '"$GOVSITE_PYTHON" -m govsite.platform report --out "$PLATFORM_OUT" --version main']


def _product_with_requirements(tmp_path: Path, *texts: str) -> list[str]:
    """A product repository with one commit per requirements.txt text; their commits."""
    product = tmp_path / "product"
    product.mkdir()
    _git(product, "init", "-q", "-b", "main")
    commits = []
    for n, text in enumerate(texts):
        (product / "requirements.txt").write_text(text, encoding="utf-8")
        (product / "n").write_text(str(n), encoding="utf-8")
        _git(product, "add", "requirements.txt", "n")
        _git(product, "commit", "-qm", f"v{n}")
        commits.append(_git(product, "rev-parse", "HEAD"))
    return commits


def _pinned(tmp_path: Path, version: str):
    _repo(tmp_path / "sites" / "a")
    return load(_write(tmp_path, "name: 平台\nproduct: {version: main, repository: product}\nbase_catalog: {path: base}\n"
                                 f"sites:\n  - {{id: a, name: 甲县, path: sites/a, product_version: {version}, pin_reason: 等待}}\n"
                                 "  - {id: b, name: 乙县, path: sites/a}\n"))


def test_a_pinned_version_with_the_same_requirements_builds_with_the_platform_s_environment(tmp_path):
    older, _ = _product_with_requirements(tmp_path, "mkdocs==1.6.1\n", "mkdocs==1.6.1\n")
    platform = _pinned(tmp_path, older)
    for site in platform.sites:
        assert site_job.environment(platform, site, tmp_path / "out") == (Path(sys.executable).parent, site_job.CURRENT)
    assert not (tmp_path / "out" / site_job.VENVS).exists()


def test_a_pinned_version_with_other_requirements_gets_its_own_environment_once(tmp_path, monkeypatch):
    older, _ = _product_with_requirements(tmp_path, "# no package of its own\n", "mkdocs==1.6.1\n")
    platform = _pinned(tmp_path, older)
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # nothing to download: an empty requirements file installs offline
    found, label = site_job.environment(platform, platform.sites[0], tmp_path / "out")
    assert found.parent.parent == tmp_path / "out" / site_job.VENVS and (found / "python").is_file()
    assert label.startswith(f"产品版本 {older} 自己的 Python 环境（venvs/")
    assert (found.parent / "requirements.txt").read_text(encoding="utf-8") == "# no package of its own\n"
    (found.parent / "marker").touch()
    assert site_job.environment(platform, platform.sites[0], tmp_path / "out")[0] == found  # made once, reused
    assert (found.parent / "marker").exists()


def test_a_pinned_version_whose_environment_cannot_be_made_fails_and_says_why(tmp_path, monkeypatch):
    older, _ = _product_with_requirements(tmp_path, "govsite-no-such-package==0.0.0\n", "mkdocs==1.6.1\n")
    platform = _pinned(tmp_path, older)
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    with pytest.raises(site_job.SiteError) as caught:
        site_job.environment(platform, platform.sites[0], tmp_path / "out", tmp_path / "cache")
    message = str(caught.value)
    assert message.startswith(f"platform.yml，站点“a”，字段“product_version”：产品版本“{older}”的依赖（requirements.txt）与平台版本“main”不同")
    assert "没有用平台当前的环境生成" in message and "PIP_INDEX_URL" in message and "Traceback" not in message
    assert list((tmp_path / "cache").iterdir()) == []  # nothing half-made is left to be taken for an environment


@pytest.mark.parametrize("forge", ["github", "gitea"])
def test_the_matrix_report_job_records_the_sites_it_did_not_rebuild_as_skipped(forge, tmp_path):
    data = yaml.safe_load((EXAMPLE / f".{forge}" / "workflows" / "platform.yml").read_text(encoding="utf-8"))
    script = next(s["run"] for s in data["jobs"]["report"]["steps"] if "govsite.platform report" in s.get("run", ""))
    script = script[:script.index(".venv/bin/python -m govsite.platform report")]  # the report itself: elsewhere
    record = {"site": "", "name": "县", "status": "ok", "error": None, "built": "2026-10-31"}
    for site_id, where in (("same", "platform-build/sites/same"), ("edited", "downloaded/site-edited")):
        folder = tmp_path / where
        (folder / "site").mkdir(parents=True)
        (folder / "site" / "index.html").write_text("<p>网站</p>", encoding="utf-8")
        (folder / "checks.json").write_text("{}", encoding="utf-8")
        (folder / "build.json").write_text(json.dumps(record | {"site": site_id}), encoding="utf-8")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    python = tmp_path / ".venv" / "bin" / "python"  # this environment's (a link would lose its packages)
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "hooks")})
    assert done.returncode == 0, done.stderr
    status = {s: json.loads((tmp_path / "platform-build" / "sites" / s / "build.json").read_text(encoding="utf-8"))["status"]
              for s in ("same", "edited")}
    assert status == {"same": "skipped", "edited": "ok"}
