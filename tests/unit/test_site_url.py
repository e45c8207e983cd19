"""``site_url`` (govsite.parse.site_url) as mkdocs.yml writes it: a plain http(s) address, refused in
Chinese naming mkdocs.yml and site_url otherwise, before MkDocs or Material uses it: by the build
(``mkdocs build`` and ``mkdocs serve``), by ``make check`` and by ``make new-county``. Real builds:
tests/build/test_settings_build.py."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import FIXTURES
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from govsite import build
from govsite.checks import __main__ as checks_main
from govsite.parse import site_url
from govsite.parse.errors import ErrorCollector
from govsite.tools import new_county

# Each class of the hostile values issue 21 found, as a county could paste it into mkdocs.yml.
REFUSED = {
    "markup": 'https://www.example.gov.cn/"><img src=x onerror=alert(1)>',
    "meta refresh": 'https://www.example.gov.cn/"><meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "single quote": "https://www.example.gov.cn/'onmouseover='alert(1)'",
    "angle bracket": "https://www.example.gov.cn/<script>alert(1)</script>",
    "credentials": "https://admin:secret@www.example.gov.cn/",
    "javascript": "javascript://www.example.gov.cn/%0aalert(1)",
    "backslash": "https://www.example.gov.cn\\@evil.example/",
    "newline": "https://www.example.gov.cn/\nSitemap: https://evil.example/sitemap.xml",
    "tab": "https://www.exa\tmple.gov.cn/",
    "non-http": "ftp://www.example.gov.cn/",
    "file": "file:///srv/site/",
    "IDN": "https://中文.政务/",
    "bad port": "https://www.example.gov.cn:99999/",
    "bad IPv6": "https://[bad/",
    "query": "https://www.example.gov.cn/?from=x",
    "Chinese path": "https://www.example.gov.cn/政务公开/",
}
ACCEPTED = ["https://www.example.gov.cn/", "https://www.example.gov.cn", "https://www.example.gov.cn/xxgk",
            "https://www.example.gov.cn:8443/", "http://127.0.0.1:8000/", "https://xn--fiq228c.xn--zfr164b/"]


def report(value, command="build") -> str:
    errors = ErrorCollector()
    site_url.check(value, command, errors)
    return errors.report() if errors else ""


@pytest.mark.parametrize("name", REFUSED)
@pytest.mark.parametrize("command", ["build", "serve", "gh-deploy", "check"])
def test_a_hostile_or_broken_site_url_is_refused_in_chinese(name, command):
    text = report(REFUSED[name], command)
    assert "mkdocs.yml，字段“site_url”：" in text and "修改办法：" in text, name
    assert "secret" not in text  # a password is never repeated into a log
    assert "\n" not in REFUSED[name] or "U+000A" in text  # nor a line break that would fake a second line


@pytest.mark.parametrize("name, fix", [
    ("IDN", "写成 site_url: https://xn--fiq228c.xn--zfr164b/。"),
    ("credentials", "写成 site_url: https://www.example.gov.cn/。"),
    ("Chinese path", "写成 site_url: https://www.example.gov.cn/%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80/。"),
])
def test_the_fix_is_the_address_meant_when_there_is_one(name, fix):
    """A Chinese domain name is refused, not rewritten: its ASCII form is the fix, so that what every page,
    feed and sitemap publishes is what mkdocs.yml says."""
    assert fix in report(REFUSED[name])


@pytest.mark.parametrize("value", ACCEPTED)
def test_a_plain_address_is_accepted(value):
    assert report(value) == ""


@pytest.mark.parametrize("value, command, refused", [(None, "build", True), ("", "gh-deploy", True), (None, None, True),
                                                      (None, "serve", False), (None, "check", False)])
def test_site_url_is_required_only_to_build(value, command, refused):
    assert bool(report(value, command)) is refused


def write_config(folder, value) -> str:
    (folder / "docs").mkdir(exist_ok=True)
    path = folder / "mkdocs.yml"
    path.write_text(f"site_name: 小县\nsite_url: {json.dumps(value, ensure_ascii=False)}\ndocs_dir: docs\n",
                    encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("value", ["https://www.example.gov.cn/\nDisallow: /", "https://www.exa\tmple.gov.cn/",
                                   'https://www.example.gov.cn/"><img src=x onerror=alert(1)>'])
@pytest.mark.parametrize("command", ["build", "serve"])
def test_the_build_checks_the_value_mkdocs_yml_writes_not_the_one_mkdocs_made(tmp_path, value, command):
    """MkDocs' URL option drops tabs and line breaks (and mkdocs serve replaces site_url with its own address)
    before any hook runs: the build checks the value as written, before anything is built."""
    config = load_config(write_config(tmp_path, value))
    if command == "serve":
        config.site_url = "http://127.0.0.1:8000/"  # as mkdocs serve sets it before the build
    run = build.Run(command, {})
    with pytest.raises(PluginError) as refused:
        build.configure(config, run)
    assert "mkdocs.yml，字段“site_url”：" in str(refused.value)
    assert run.output.staging is None  # refused before the staging folder was chosen


def test_the_value_as_written_is_read_again_from_the_file(tmp_path):
    assert site_url.as_written(write_config(tmp_path, "https://a.gov.cn/\t"))["site_url"] == "https://a.gov.cn/\t"
    assert site_url.as_written("") == {}  # a configuration without a file: the build checks MkDocs' value


@pytest.mark.parametrize("value", ['https://git.example.gov.cn/x"><img src=x onerror=alert(1)>',
                                   "https://user:token@git.example.gov.cn/xian/zhengwu", "javascript://x/%0aalert(1)"])
def test_a_repo_url_material_prints_in_every_header_is_an_address_too(tmp_path, value):
    path = write_config(tmp_path, "https://www.example.gov.cn/")
    with open(path, "a", encoding="utf-8") as stream:
        stream.write(f"repo_url: {json.dumps(value)}\n")
    with pytest.raises(PluginError) as refused:
        build.configure(load_config(path), build.Run("build", {}))
    assert "mkdocs.yml，字段“repo_url”：" in str(refused.value) and "token" not in str(refused.value)


def test_a_repo_name_is_escaped_for_material(tmp_path):
    path = write_config(tmp_path, "https://www.example.gov.cn/")
    with open(path, "a", encoding="utf-8") as stream:
        stream.write('repo_url: "https://git.example.gov.cn/xian/zhengwu"\nrepo_name: "<img src=x onerror=alert(1)>"\n')
    config = load_config(path, site_dir=str(tmp_path / "site"))
    run = build.Run("build", {})
    build.configure(config, run)
    try:
        assert config.repo_name == "&lt;img src=x onerror=alert(1)&gt;"
    finally:
        run.output.abort()


@pytest.mark.parametrize("name", ["markup", "credentials", "bad IPv6"])
def test_make_check_refuses_the_site_url_the_build_would(tmp_path, name, capsys):
    """make check builds nothing, but answers what the build would, in Chinese, with exit status 2."""
    config = write_config(tmp_path, REFUSED[name])
    assert checks_main.main(["-f", config]) == 2
    err = capsys.readouterr().err
    assert err.startswith("检查未完成。") and "mkdocs.yml，字段“site_url”：" in err and "Traceback" not in err


@pytest.mark.parametrize("name", ["markup", "credentials", "newline", "IDN"])
def test_make_new_county_refuses_the_site_url_and_changes_nothing(tmp_path, name):
    clone = tmp_path / "clone"
    shutil.copytree(FIXTURES / "mini", clone)
    (clone / "govsite.yml").write_text("# product\n", encoding="utf-8")
    before = sorted(p.relative_to(clone) for p in clone.rglob("*"))
    with pytest.raises(new_county.Failed) as failed:
        new_county.make(clone, county="河清县", site_name="河清县人民政府", site_url=REFUSED[name],
                        identity={}, links={}, code="11410000MB0A00001X")
    assert "mkdocs.yml，字段“site_url”：" in str(failed.value)
    assert sorted(p.relative_to(clone) for p in clone.rglob("*")) == before
