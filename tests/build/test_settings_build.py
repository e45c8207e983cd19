"""Settings a county types, through a real ``mkdocs build`` of the mini county (issue 21): a hostile or broken
``site_url`` or form-editor backend is refused in Chinese naming mkdocs.yml and the key, with no traceback,
before anything is built (the last good site/ untouched); a plain one is published as written; the 404
page carries the Content-Security-Policy like every page. Each value's message: unit/test_site_url.py,
unit/test_cms_backend.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import build, make_project

from govsite.render import csp


def set_key(config: Path, key: str, value) -> None:
    """Replace a top-level key's line of mkdocs.yml (JSON is YAML: any string, escapes included)."""
    text = config.read_text(encoding="utf-8")
    line = f"{key}: {json.dumps(value, ensure_ascii=False)}"
    text, count = re.subn(rf"^{key}:.*$", lambda _: line, text, flags=re.M)
    assert count == 1
    config.write_text(text, encoding="utf-8")


def files(site: Path) -> dict:
    return {p.relative_to(site): (p.read_bytes(), p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """The mini county built once: each test changes mkdocs.yml, builds, and puts mkdocs.yml back."""
    project = make_project(tmp_path_factory.mktemp("settings"))
    first = build(project)
    assert first.returncode == 0, first.output
    return project


@pytest.fixture
def project(county):
    config = county / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    yield county
    config.write_text(text, encoding="utf-8")


def refused(project: Path, field: str) -> str:
    """Build; assert the refusal and that nothing of the site changed; the output."""
    before = files(project / "site")
    result = build(project)
    assert result.returncode != 0, result.output
    assert "Traceback" not in result.output
    assert f"mkdocs.yml，字段“{field}”：" in result.output and "修改办法：" in result.output, result.output
    assert "原有网站（site/）保持不变" in result.output
    assert files(project / "site") == before, "site/ changed after a refused build"
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site.building")]
    return result.output


@pytest.mark.parametrize("value, problem", [
    ('https://www.example.gov.cn/"><img src=x onerror=alert(1)>', "含有不能出现在网址中的双引号"),
    ('https://www.example.gov.cn/"><meta http-equiv="refresh" content="0;url=https://evil.example/">', "双引号"),
    ("https://www.example.gov.cn/'onmouseover='alert(1)'", "单引号"),
    ("https://admin:secret@www.example.gov.cn/", "含有用户名或密码"),
    ("javascript://www.example.gov.cn/%0aalert(1)", "不是以 http:// 或 https:// 开头的完整网址"),
    ("https://www.example.gov.cn\\@evil.example/", "反斜杠"),
    ("https://www.example.gov.cn/\nSitemap: https://evil.example/x.xml", "含有换行"),
    ("https://www.exa\tmple.gov.cn/", "含有制表符"),
    ("ftp://www.example.gov.cn/", "不是以 http:// 或 https:// 开头的完整网址"),
    ("https://中文.政务/", "含有中文等非英文字符"),
    ("https://www.example.gov.cn:99999/", "端口“99999”不对"),
    ("https://www.example.gov.cn/#top", "带有 ? 或 # 部分"),
])
def test_a_hostile_or_broken_site_url_is_refused_before_anything_is_built(project, value, problem):
    """MkDocs accepts each of these (it drops the tab and the line break, and keeps the quote that Material
    then prints in every page's canonical link); the product refuses them in on_config."""
    set_key(project / "mkdocs.yml", "site_url", value)
    output = refused(project, "site_url")
    assert problem in output and "secret" not in output


def test_a_repo_url_with_markup_is_refused_too(project):
    """Material prints repo_url unescaped in every page's header (partials/source.html)."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8")
                      + 'repo_url: "https://git.example.gov.cn/x\\"><img src=x onerror=alert(1)>"\n', encoding="utf-8")
    assert "双引号" in refused(project, "repo_url")


def test_a_chinese_domain_names_fix_is_its_ascii_form(project):
    set_key(project / "mkdocs.yml", "site_url", "https://中文.政务/")
    assert "修改办法：写成 site_url: https://xn--fiq228c.xn--zfr164b/。" in refused(project, "site_url")


def test_an_address_without_a_scheme_is_refused_by_mkdocs_itself(project):
    """MkDocs validates site_url before it loads the hooks and refuses a value without scheme://host with its
    own (English) message naming site_url: nothing is built either."""
    before = files(project / "site")
    set_key(project / "mkdocs.yml", "site_url", "javascript:alert(1)")
    result = build(project)
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "Config value 'site_url'" in result.output
    assert files(project / "site") == before


@pytest.mark.xfail(strict=True, reason="MkDocs 1.6.1's URL option lets urlsplit's ValueError escape before any "
                                       "hook loads; make check answers it in Chinese (unit/test_site_url.py)")
def test_a_broken_ipv6_address_is_refused_without_a_traceback(project):
    set_key(project / "mkdocs.yml", "site_url", "https://[bad/")
    result = build(project)
    assert result.returncode != 0 and "Traceback" not in result.output


@pytest.mark.parametrize("value, canonical", [
    ("https://www.example.gov.cn:8443/", "https://www.example.gov.cn:8443/"),
    ("https://www.example.gov.cn/xxgk", "https://www.example.gov.cn/xxgk/"),  # MkDocs adds the slash
])
def test_a_plain_address_with_a_port_or_a_path_is_published_as_written(project, value, canonical):
    set_key(project / "mkdocs.yml", "site_url", value)
    result = build(project)
    assert result.returncode == 0, result.output
    site = project / "site"
    assert f'<link rel="canonical" href="{canonical}">' in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "robots.txt").read_text(encoding="utf-8").endswith(f"Sitemap: {canonical}sitemap.xml\n")


@pytest.mark.parametrize("key, value", [("base_url", "https://git.example.gov.cn; frame-src *"),
                                        ("api_root", "https://git.example.gov.cn connect-src https:"),
                                        ("api_root", "https://*")])
def test_a_form_editor_backend_that_is_not_an_address_is_refused(project, key, value):
    config = project / "mkdocs.yml"
    backend = {"name": "gitlab", "repo": "xian/zhengwu", "base_url": "https://git.example.gov.cn",
               "api_root": "https://git.example.gov.cn/api/v4"} | {key: value}
    text = config.read_text(encoding="utf-8")
    assert "\n  gov:\n" in text
    config.write_text(text.replace("\n  gov:\n", "\n  gov:\n    cms:\n      backend: "
                                   + json.dumps(backend, ensure_ascii=False) + "\n", 1), encoding="utf-8")
    refused(project, f"extra.gov.cms.backend.{key}")


def test_the_404_page_carries_the_policy_like_every_page(county):
    head = (county / "site" / "404.html").read_text(encoding="utf-8").split("<head>", 1)[1]
    assert head.startswith(f'<meta http-equiv="Content-Security-Policy" content="{csp.meta_policy()}">')
