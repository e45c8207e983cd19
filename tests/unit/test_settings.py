"""The declared settings of ``extra.gov`` (parse.settings): defaults, the search bundle size under its
name (bundle_pages) and its old one (shard_pages), and Chinese errors naming the key."""

from __future__ import annotations

import pytest

from govsite.parse import schema, settings
from govsite.parse.errors import ErrorCollector


def load(gov: dict | None):
    errors = ErrorCollector()
    loaded = settings.load({} if gov is None else {"gov": gov}, errors)
    return loaded, errors


def test_defaults_when_nothing_is_set():
    loaded, errors = load(None)
    assert not errors
    assert loaded.search.pages == settings.BUNDLE_PAGES == 1000 and loaded.catalog_dir == "catalog"
    assert loaded.identity == settings.Identity() and loaded.links is None and loaded.checks is None


def test_bundle_pages_and_its_old_name():
    assert load({"search": {"bundle_pages": 500}})[0].search.pages == 500
    assert load({"search": {"shard_pages": 300}})[0].search.pages == 300  # still accepted
    loaded, errors = load({"search": {"bundle_pages": 500, "shard_pages": 300}})
    assert not errors and loaded.search.pages == 300


@pytest.mark.parametrize("value, problem", [
    ("两千", "应为整数，实际是“两千”"),
    (0, "应为正整数，实际是 0"),
    (-5, "应为正整数，实际是 -5"),
    (True, "应为整数，实际是“True”"),
])
def test_a_bad_bundle_size_is_named_in_chinese(value, problem):
    _, errors = load({"search": {"bundle_pages": value}})
    [error] = errors.errors
    assert error.format().startswith(f"mkdocs.yml，字段“extra.gov.search.bundle_pages”：{problem}")
    assert "\n    修改办法：" in error.format()
    assert "网站未生成：发现 1 处内容错误" in errors.report()


def test_a_bad_old_name_value_is_named_too():
    _, errors = load({"search": {"shard_pages": "很多"}})
    assert [e.format().split("\n")[0] for e in errors.errors] == [
        "mkdocs.yml，字段“extra.gov.search.shard_pages”：应为整数，实际是“很多”"]


def test_unknown_keys_suggest_the_declared_ones():
    _, errors = load({"search": {"bundle_page": 10}, "countyy": "示例县"})
    texts = [e.format() for e in errors.errors]
    assert any(t.startswith("mkdocs.yml，字段“extra.gov.search.bundle_page”：不认识的字段") and "bundle_pages" in t
               for t in texts), texts
    assert any(t.startswith("mkdocs.yml，字段“extra.gov.countyy”：不认识的字段") and "是否应为“county”" in t
               for t in texts), texts


def test_every_setting_is_declared_once_with_a_description():
    for record in (settings.Settings, settings.SearchOptions, settings.Identity):
        declared = schema.fields(record)
        assert declared and all(f.doc for f in declared)
        assert len({f.key for f in declared}) == len(declared)
    identity, errors = load({"identity": {"主办单位": "县政府办公室", "网站标识码": 5227220001}})
    assert not errors and identity.identity.sponsor == "县政府办公室" and identity.identity.site_code == "5227220001"


def test_header_banner_must_be_a_file_of_the_site_and_primary_nav_links_web_links():
    loaded, errors = load({"banner": "assets/images/banner.svg", "primary_nav": {"政策文件": "zcwj/"}})
    assert not errors and loaded.banner == "assets/images/banner.svg" and loaded.primary_nav == {"政策文件": "zcwj/"}
    _, errors = load({"banner": "https://cdn.example.com/a.png", "primary_nav": {"坏": "javascript:alert(1)"}})
    assert {e.field for e in errors.errors} == {"extra.gov.banner", "extra.gov.primary_nav"}


@pytest.mark.parametrize("target", ["java\tscript:alert(1)", "java\nscript:alert(1)", " javascript:alert(1)",
                                    "javascript\r:alert(1)", "\x01javascript:alert(1)"])
def test_a_link_a_browser_reads_as_javascript_is_refused(target):
    """Browsers drop tabs and line breaks anywhere in a URL (and spaces and control characters at its ends):
    these are javascript: links in a page, so primary_nav and links refuse them as javascript: itself."""
    _, errors = load({"primary_nav": {"坏": target}, "links": {"坏": target}})
    assert {e.field for e in errors.errors} == {"extra.gov.primary_nav", "extra.gov.links"}


@pytest.mark.parametrize("banner", ["\\\\cdn.example.com/a.png", "/\\cdn.example.com/a.png", "/\t/cdn.example.com/a.png"])
def test_a_banner_a_browser_loads_from_another_host_is_refused(banner):
    """A backslash is a slash to a browser and a tab is dropped: these load the image from another host."""
    _, errors = load({"banner": banner})
    assert {e.field for e in errors.errors} == {"extra.gov.banner"}


@pytest.mark.parametrize("banner", ["assets/images/missing.svg", "../../etc/passwd", "/etc/passwd", 5])
def test_a_banner_that_is_not_a_file_of_the_site_is_an_error_naming_the_field(banner):
    """A banner the build does not publish (missing, outside the repository) is a broken image on every
    page: an error naming mkdocs.yml, the field and the fix, not a silent build."""
    site_files = {"assets/images/banner.svg"}
    loaded, errors = load({"banner": banner})
    settings.check_banner(loaded, site_files.__contains__, errors)
    assert [(e.file, e.field) for e in errors.errors] == [("mkdocs.yml", "extra.gov.banner")]
    assert "不是本站的文件" in errors.errors[0].problem and "assets/images/banner.svg" in errors.errors[0].fix
    loaded, errors = load({"banner": "/assets/images/banner.svg?v=2"})
    settings.check_banner(loaded, site_files.__contains__, errors)
    assert not errors
