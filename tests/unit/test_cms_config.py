"""The form editor's configuration (views/cms.py) and page (render/admin.py), without a build."""

from __future__ import annotations

import datetime
import json

import pytest
import yaml

from govsite.parse import settings
from govsite.parse.errors import ErrorCollector
from govsite.parse.settings import CmsOptions
from govsite.render import admin, csp
from govsite.views import cms

DAY = datetime.date(2026, 12, 1)
GITLAB = {"name": "gitlab", "repo": "xian/zhengwu", "base_url": "https://git.example.gov.cn",
          "api_root": "https://git.example.gov.cn/api/v4", "app_id": "abc", "auth_type": "pkce"}


def _config(site, **options) -> dict:
    return cms.config(site, CmsOptions(**options), content="content", today=DAY)


def test_without_a_backend_the_editor_is_the_local_preview(example_model):
    config = _config(example_model)
    assert config["backend"]["name"] == "proxy" and config["local_backend"]["url"] == settings.LOCAL_BACKEND
    assert config["publish_mode"] == "editorial_workflow"


def test_a_gitlab_backend_is_written_as_given_with_the_editorial_workflow(example_model):
    config = _config(example_model, backend=GITLAB)
    assert config["backend"] == GITLAB and config["publish_mode"] == "editorial_workflow"
    assert admin.origins(CmsOptions(backend=GITLAB)) == ("http://localhost:8081", "https://git.example.gov.cn")


def test_gitea_has_no_editorial_workflow_in_decap(example_model):
    config = _config(example_model, backend={"name": "gitea", "repo": "xian/zhengwu"})
    assert config["publish_mode"] == "simple"


def test_the_yaml_shares_repeated_option_lists(example_model):
    text = cms.dump(_config(example_model))
    assert "&id" in text and len(text) < 400_000
    assert yaml.safe_load(text)["collections"][0]["fields"][0]["name"] == "标题"


def test_organisations_are_grouped_county_departments_townships_with_their_villages(example_model):
    """Decap 3.16 lists collections ungrouped (no dividers, no nesting of collections): the config's order
    keeps each group together and every label starts with its group."""
    tree = example_model.tree
    labels = [c["label"] for c in _config(example_model)["collections"]]
    groups = [label.split(" › ")[0] for label in labels]
    assert groups[0] == "县政府" and labels[0] == f"县政府 › {tree.county.name}"
    firsts = {g: groups.index(g) for g in groups}
    lasts = {g: len(groups) - 1 - groups[::-1].index(g) for g in groups}
    order = sorted(firsts, key=firsts.get)
    assert order[:2] == ["县政府", "部门"] and set(order[2:]) <= {"乡镇", "街道"}
    assert all(lasts[a] < firsts[b] for a, b in zip(order, order[1:])), "each group is one run of the sidebar"
    township = tree.townships[0]
    village = township.children[0]
    at = labels.index(f"{township.kind} › {township.name}")
    assert labels[at + 1] == f"{township.kind} › {township.label} › {village.name}", "villages follow their township"


def test_each_organisation_names_its_editors_and_those_above_it(example_model):
    """admin/govsite.js lists the signed-in editor's organisations first: it needs who edits what
    (_org.yml 编辑; a township's editors edit its villages too)."""
    config = _config(example_model)
    people = config[cms.EDITORS_KEY]
    township = next(t for t in example_model.tree.townships if t.editors and t.children)
    village = township.children[0]
    assert people[township.id] == list(township.editors)
    assert set(township.editors) <= set(people[village.id])
    assert all(set(names) == set(cms.editors(example_model.tree.orgs[org])) for org, names in people.items())
    text = cms.dump(config)
    last = text.rstrip("\n").rsplit("\n", 1)[1]
    assert last.startswith(f"{cms.EDITORS_KEY}: {{") and json.loads(last.partition(": ")[2]) == people
    assert yaml.safe_load(text)[cms.EDITORS_KEY] == people and cms.EDITORS_KEY in config, "dump leaves the config"


@pytest.mark.parametrize("raw, message", [
    ({"cms": {"backend": "gitea"}}, "应为若干“字段: 值”，且有 name"),
    ({"cms": {"publish_mode": "draft"}}, "不是允许的值"),
    ({"cms": {"local_backend": "localhost:8081"}}, "不是网址"),
    ({"cms": {"backends": {}}}, "不认识的字段"),
])
def test_bad_cms_settings_are_chinese_errors(raw, message):
    errors = ErrorCollector()
    settings.load({"gov": raw}, errors)
    assert message in errors.report() and "extra.gov.cms" in errors.report()


def test_only_the_admin_page_may_eval():
    assert "'unsafe-eval'" in csp.admin_policy() and "'unsafe-eval'" not in csp.header_policy()
    assert "connect-src 'self' blob: https://git.example.gov.cn;" in csp.admin_policy(("https://git.example.gov.cn",))
    assert csp.admin_header_policy().endswith("frame-ancestors 'none'")
    page = admin.page(CmsOptions())
    assert 'name="robots" content="noindex, nofollow"' in page and "<script>" not in page


def _fields(config: dict):
    """Every field of every collection's form, nested fields included, as (path, field)."""
    def walk(fields, path):
        for f in fields:
            yield f"{path}{f['name']}", f
            yield from walk(f.get("fields", []), f"{path}{f['name']}.")
    for collection in config["collections"]:
        yield from walk(collection.get("fields", []), "")


def test_an_optional_record_left_untouched_writes_nothing(example_model):
    """Decap writes the defaults of an object's fields even when the editor never opens it: a default inside
    意见征集 gave every document the form saved an incomplete consultation the build refused, so the saved
    document never appeared (tests/browser/test_cms.py)."""
    config = _config(example_model)
    consultation = [f for path, f in _fields(config) if path == "意见征集"]
    assert consultation and all(not f.get("required") for f in consultation)
    for path, f in _fields(config):
        if path.startswith("意见征集."):
            assert "default" not in f, path
