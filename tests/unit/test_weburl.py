"""An http(s) address a setting gives (govsite.parse.weburl): what passes is scheme://host[:port]/path and
nothing else; what a browser, MkDocs or a CSP would read differently is refused, with the likely address
as the fix where there is one."""

from __future__ import annotations

import pytest

from govsite.parse import weburl


@pytest.mark.parametrize("value, scheme, host, port, path", [
    ("https://www.example.gov.cn/", "https", "www.example.gov.cn", None, "/"),
    ("https://www.example.gov.cn", "https", "www.example.gov.cn", None, ""),
    ("http://127.0.0.1:8000/", "http", "127.0.0.1", 8000, "/"),
    ("https://www.example.gov.cn:8443/xxgk", "https", "www.example.gov.cn", 8443, "/xxgk"),
    ("HTTPS://WWW.Example.GOV.CN/Zwgk/", "https", "www.example.gov.cn", None, "/Zwgk/"),
    ("https://[::1]:8443/a/", "https", "[::1]", 8443, "/a/"),
    ("https://xn--fiq228c.xn--zfr164b/", "https", "xn--fiq228c.xn--zfr164b", None, "/"),
    ("https://www.example.gov.cn/a%20b/~x_y.z-1/", "https", "www.example.gov.cn", None, "/a%20b/~x_y.z-1/"),
    ("http://localhost:8081/api/v1", "http", "localhost", 8081, "/api/v1"),
])
def test_an_address_is_its_parts(value, scheme, host, port, path):
    url = weburl.parse(value)
    assert (url.scheme, url.host, url.port, url.path) == (scheme, host, port, path)
    assert url.origin == f"{scheme}://{host}" + (f":{port}" if port else "")
    assert str(url) == url.origin + path


@pytest.mark.parametrize("value, problem", [
    ('https://www.example.gov.cn/"><img src=x onerror=alert(1)>', "双引号"),
    ("https://www.example.gov.cn/'onmouseover='alert(1)'", "单引号"),
    ("https://www.example.gov.cn/<script>", "“<”"),
    ("https://www.example.gov.cn/`x`", "反引号"),
    ("https://www.example.gov.cn\\@evil.example/", "反斜杠"),
    ("https://www.example.gov.cn/\nDisallow: /", "换行（第 28 个字符）"),
    ("https://www.exa\tmple.gov.cn/", "制表符"),
    ("https://www.example.gov.cn/\u3000", "全角空格"),
    ("https://www.example.gov.cn/a b/", "空格"),
    ("https://www.example.gov.cn/\u200b", "U+200B"),
    ("https://www.example.gov.cn/\x1b[2J", "U+001B"),
    ("https://www.example.gov.cn/\u202e", "U+202E"),
    ("javascript://www.example.gov.cn/%0aalert(1)", "不是以 http:// 或 https:// 开头的完整网址"),
    ("javascript:alert(1)", "不是以 http:// 或 https:// 开头的完整网址"),
    ("ftp://www.example.gov.cn/", "不是以 http:// 或 https:// 开头的完整网址"),
    ("www.example.gov.cn", "不是以 http:// 或 https:// 开头的完整网址"),
    ("//www.example.gov.cn/", "不是以 http:// 或 https:// 开头的完整网址"),
    ("https:", "不是以 http:// 或 https:// 开头的完整网址"),
    ("https://", "缺少域名"),
    ("https://admin:secret@www.example.gov.cn/", "含有用户名或密码"),
    ("https://www.example.gov.cn/?from=x", "带有 ? 或 # 部分"),
    ("https://www.example.gov.cn/#top", "带有 ? 或 # 部分"),
    ("https://www.example.gov.cn:99999/", "端口“99999”不对"),
    ("https://www.example.gov.cn:0/", "端口“0”不对"),
    ("https://www.example.gov.cn:http/", "端口“http”不对"),
    ("https://www.example.gov.cn:/", "端口“”不对"),
    ("https://[bad/", "IPv6 地址"),
    ("https://[::g]/", "IPv6 地址"),
    ("https://1.2.3/", "IP 地址“1.2.3”不对"),
    ("https://*/", "域名“*”不对"),
    ("https://*.example.gov.cn/", "不对"),
    ("https://www..gov.cn/", "不对"),
    ("https://www.example.gov.cn./", "不对"),
    ("https://-www.example.gov.cn/", "不对"),
    ("https://www_x.example.gov.cn/", "不对"),
    ("https://xn--zz.cn/", "xn--"),
    ("https://www.example.gov.cn//evil.example/", "路径以 // 开头"),
    ("https://www.example.gov.cn/%zz/", "两位十六进制数"),
    ("https://www.example.gov.cn/a;b/", "“;”"),
    ("https://www.example.gov.cn/" + "a" * 300, "过长"),
    (5, "不是网址文字"),
    (None, "不是网址文字"),
])
def test_a_doubtful_address_is_refused_saying_why(value, problem):
    with pytest.raises(weburl.Refused) as refused:
        weburl.parse(value)
    assert problem in refused.value.problem


@pytest.mark.parametrize("value, suggestion", [
    ("https://中文.政务/", "https://xn--fiq228c.xn--zfr164b/"),
    ("https://中文。政务/xxgk/", "https://xn--fiq228c.xn--zfr164b/xxgk/"),  # a full-width full stop, as typed
    ("https://ｗｗｗ.example.gov.cn/", "https://www.example.gov.cn/"),  # full-width letters
    ("https://admin:secret@www.example.gov.cn:8443/", "https://www.example.gov.cn:8443/"),
    ("https://www.example.gov.cn/政务公开/", "https://www.example.gov.cn/%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80/"),
])
def test_a_refused_address_suggests_the_one_it_means(value, suggestion):
    """A Chinese domain name (中文域名) is refused with its ASCII form: the address published in every page,
    feed and sitemap is then exactly the one mkdocs.yml says."""
    with pytest.raises(weburl.Refused) as refused:
        weburl.parse(value)
    assert refused.value.suggestion == suggestion
    assert str(weburl.parse(suggestion)) == suggestion


def test_a_value_is_shown_without_invisible_characters_or_a_password():
    assert weburl.shown("https://a.gov.cn/\n\x1b[31m x") == "https://a.gov.cn/U+000AU+001B[31m x"
    assert "secret" not in weburl.shown("https://admin:secret@www.example.gov.cn/")
    assert weburl.shown("https://www.example.gov.cn/" + "a" * 100).endswith("…")


@pytest.mark.parametrize("path", ["oauth/authorize", "/.netlify/identity", "", "/api/v1/"])
def test_a_path_alone(path):
    assert weburl.check_path(path) == path


@pytest.mark.parametrize("path", ["//evil.example/x", "/a b", "/a\"b", "/%"])
def test_a_path_alone_that_leaves_the_site_or_breaks_out_is_refused(path):
    with pytest.raises(weburl.Refused):
        weburl.check_path(path)
