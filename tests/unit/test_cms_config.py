"""The form editor's configuration (views/cms.py) and page (render/admin.py), without a build."""

from __future__ import annotations

import datetime

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


def test_villages_are_labelled_with_their_township(example_model):
    labels = {c["name"]: c["label"] for c in _config(example_model)["collections"]}
    village = example_model.tree.townships[0].children[0]
    assert labels[village.id] == f"{village.parent.label} › {village.name}"


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
