"""The form editor's backend (extra.gov.cms.backend, parse.settings) and its Content-Security-Policy
(render.admin, render.csp): every address is parsed, a value that is not an address is refused in Chinese
naming its key, and the editor's connect-src is made of parsed origins only, never of the text written."""

from __future__ import annotations

import pytest

from govsite.parse import settings
from govsite.parse.errors import ErrorCollector
from govsite.parse.settings import CmsOptions
from govsite.render import admin, csp

GITLAB = {"name": "gitlab", "repo": "xian/zhengwu", "base_url": "https://git.example.gov.cn",
          "api_root": "https://git.example.gov.cn/api/v4", "app_id": "abc", "auth_type": "pkce",
          "auth_endpoint": "oauth/authorize"}
# What issue 21 found (the first two) and their relatives: each would add a source or a directive.
INJECTED = [
    ("base_url", "https://git.example.gov.cn; frame-src *"),
    ("api_root", "https://git.example.gov.cn connect-src https:"),
    ("api_root", "https:"),
    ("api_root", "https://*"),
    ("api_root", "*"),
    ("base_url", "https://git.example.gov.cn;script-src"),
    ("proxy_url", "http://localhost:8081/api/v1 'unsafe-inline'"),
    ("identity_url", "https://git.example.gov.cn\\@evil.example"),
    ("gateway_url", "javascript:alert(1)"),
    ("graphql_api_root", "data:text/html,x"),
    ("base_url", "https://user:token@git.example.gov.cn"),
    ("api_root", "https://git.example.gov.cn/api/v4?x=1"),
    ("base_url", 'https://git.example.gov.cn/"><script>'),
    ("auth_endpoint", "//evil.example/oauth/authorize"),
    ("auth_endpoint", "javascript:alert(1)"),
    ("base_url", ["https://git.example.gov.cn"]),
]


def load(gov: dict):
    errors = ErrorCollector()
    return settings.load({"gov": gov}, errors), errors


def directives(policy: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (part.split() for part in policy.split("; "))}


@pytest.mark.parametrize("key, value", INJECTED)
def test_a_backend_value_that_is_not_an_address_is_refused_naming_its_key(key, value):
    _, errors = load({"cms": {"backend": GITLAB | {key: value}}})
    assert [e.field for e in errors.errors] == [f"extra.gov.cms.backend.{key}"], errors.report()
    assert errors.errors[0].file == "mkdocs.yml" and "网址" in errors.errors[0].fix
    assert "token" not in errors.report()


@pytest.mark.parametrize("backend, problem", [
    ({"name": "gitlab", "site_domain": "https://x.example/ ; frame-src *"}, "“site_domain”的值"),
    ({"name": "gitlab", "repo": "xian/zhengwu\x1b[2J"}, "“repo”的值"),
    ({"name": "gitlab", "repo": ["a", "b"]}, "应为文字、数字或 true/false"),
    ({"name": "gitlab", "commit_messages": {"create": {"nested": 1}}}, "应为文字、数字或 true/false"),
])
def test_other_backend_values_are_plain_values(backend, problem):
    _, errors = load({"cms": {"backend": backend}})
    assert [e.field for e in errors.errors] == ["extra.gov.cms.backend"] and problem in errors.errors[0].problem


@pytest.mark.parametrize("value", ["http://localhost:8081/api/v1 ; frame-src *", "localhost:8081", "http://*:8081/"])
def test_the_local_backend_is_an_address(value):
    _, errors = load({"cms": {"local_backend": value}})
    assert [e.field for e in errors.errors] == ["extra.gov.cms.local_backend"]


def test_a_real_backend_is_accepted_and_its_origins_are_parsed():
    backend = GITLAB | {"base_url": "https://GIT.Example.gov.cn:3000/", "identity_url": "/.netlify/identity",
                        "commit_messages": {"create": "新建 {{collection}}“{{slug}}”"}, "squash_merges": True}
    loaded, errors = load({"cms": {"backend": backend}})
    assert not errors, errors.report()
    assert admin.origins(loaded.cms) == ("http://localhost:8081", "https://git.example.gov.cn:3000",
                                         "https://git.example.gov.cn")


@pytest.mark.parametrize("key, value", [(k, v) for k, v in INJECTED if k in settings.BACKEND_FETCHED])
def test_the_editors_policy_never_carries_the_text_written(key, value):
    """Even a value the settings would refuse (options made without them) adds nothing but a parsed origin."""
    options = CmsOptions(backend=GITLAB | {key: value})
    policy = directives(csp.admin_policy(admin.origins(options)))
    assert policy["frame-src"] == ["'self'"] and policy["script-src"] == ["'self'", "'unsafe-eval'", "'wasm-unsafe-eval'"]
    assert set(policy) == {name for name, _ in csp._ADMIN_POLICY}
    assert policy["connect-src"][:2] == ["'self'", "blob:"]
    assert all(source in ("http://localhost:8081", "https://git.example.gov.cn") for source in policy["connect-src"][2:])
    assert 'content="' in admin.page(options) and "frame-src *" not in admin.page(options)


@pytest.mark.parametrize("source", ["https://git.example.gov.cn; frame-src *", "https:", "*", "https://*",
                                    "'unsafe-inline'", "https://git.example.gov.cn/api", "https://a b"])
def test_the_policy_takes_origins_only(source):
    with pytest.raises(ValueError, match="not an origin"):
        csp.admin_policy((source,))
    assert "https://git.example.gov.cn:3000" in csp.admin_header_policy(("https://git.example.gov.cn:3000", "http://[::1]:8081"))
