"""The shipped nginx configuration (deploy/nginx/govsite.conf), parsed without nginx: its
Content-Security-Policy is the one govsite.render.csp declares, and its headers survive nginx's
add_header inheritance. tests/browser/test_host.py checks what a real nginx sends."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from govsite.render import csp

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nginx"
_TOKEN = re.compile(r"""\s+|#[^\n]*|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([{};])|([^\s{};"'#]+)""")


@dataclass
class Directive:
    name: str
    args: list[str]
    block: list[Directive] | None = None
    line: int = 0


def tokens(text: str):
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        assert match, f"cannot tokenize at {text[pos:pos + 40]!r}"
        pos = match.end()
        double, single, punct, word = match.groups()
        line = text.count("\n", 0, match.start()) + 1
        if double is not None or single is not None:
            yield "word", double if double is not None else single, line
        elif punct:
            yield punct, punct, line
        elif word:
            yield "word", word, line


def parse(text: str) -> list[Directive]:
    """nginx's configuration syntax: directives `name args… ;` and blocks `name args… { … }`."""
    stack: list[list[Directive]] = [[]]
    words: list[str] = []
    start = 0
    for kind, value, line in tokens(text):
        if kind == "word":
            if not words:
                start = line
            words.append(value)
        elif kind == ";":
            assert words, f"line {line}: empty directive"
            stack[-1].append(Directive(words[0], words[1:], line=start))
            words = []
        elif kind == "{":
            directive = Directive(words[0], words[1:], block=[], line=start)
            stack[-1].append(directive)
            stack.append(directive.block)
            words = []
        else:
            assert not words and len(stack) > 1, f"line {line}: unbalanced }}"
            stack.pop()
    assert not words and len(stack) == 1, "unterminated directive or block"
    return stack[0]


@pytest.fixture(scope="module")
def conf() -> list[Directive]:
    return parse((DEPLOY / "govsite.conf").read_text(encoding="utf-8"))


def headers(directives: list[Directive]) -> dict[str, list[str]]:
    return {d.args[0]: d.args[1:] for d in directives if d.name == "add_header"}


def locations(directives: list[Directive]) -> dict[str, list[Directive]]:
    return {" ".join(d.args): d.block for d in directives if d.name == "location"}


def _set(directives, name):
    return next(d.args[1] for d in directives if d.name == "set" and d.args[0] == name)


def test_csp_header_equals_the_policy_of_the_build(conf):
    assert headers(conf)["Content-Security-Policy"] == ["$govsite_csp", "always"]
    assert _set(conf, "$govsite_csp") == csp.header_policy()


def test_the_form_editor_has_its_own_policy_and_only_it(conf):
    admin = locations(conf)["^~ /admin/"]
    assert _set(admin, "$govsite_csp") == csp.admin_header_policy()
    assert "'unsafe-eval'" not in csp.header_policy() and "'unsafe-eval'" in csp.admin_header_policy()


def test_security_headers_at_server_level_always(conf):
    server = headers(conf)
    assert server["X-Content-Type-Options"] == ["nosniff", "always"]
    assert server["Referrer-Policy"] in (["strict-origin-when-cross-origin", "always"], ["same-origin", "always"])
    assert server["Strict-Transport-Security"] == ["max-age=31536000", "always"]
    assert server["X-Frame-Options"] == ["DENY", "always"]
    assert server["Cache-Control"] == ["$govsite_cache_control", "always"]
    assert all(args[-1] == "always" for args in server.values())


def test_no_location_drops_the_server_headers(conf):
    """A location with any add_header of its own inherits none of the server's."""
    def walk(directives, inside):
        for d in directives:
            if d.name == "add_header":
                assert not inside, f"line {d.line}: add_header inside a location drops the security headers"
            if d.block is not None:
                walk(d.block, inside or d.name in ("location", "if"))
    walk(conf, False)


def test_caching(conf):
    sets = {" ".join(d.args) for d in conf if d.name == "set" and d.args[0] == "$govsite_cache_control"}
    assert sets == {"$govsite_cache_control no-cache"}
    immutable = [pattern for pattern, block in locations(conf).items()
                 if any(d.name == "set" and d.args == ["$govsite_cache_control", "public, max-age=31536000, immutable"]
                        for d in block)]
    regexes = [re.compile(p.removeprefix("~ ")) for p in immutable]

    def cached(path):
        return any(r.search(path) for r in regexes)

    for path in ("/assets/stylesheets/main.57a0d79d.min.css", "/assets/javascripts/bundle.a5f9d56c.min.js",
                 "/assets/javascripts/bundle.a5f9d56c.min.js.map", "/assets/stylesheets/palette.fb2fffe2.min.css",
                 "/assets/javascripts/workers/search.973d3a69.min.js",
                 "/pagefind/c1/fragment/zh-cn_01bd5b2.pf_fragment", "/pagefind/c1/index/zh-cn_1bc148f.pf_index",
                 "/pagefind/d2019/filter/zh-cn_4a89782.pf_filter", "/pagefind/c1/pagefind.zh-cn_ce19c2ba2acbc.pf_meta"):
        assert cached(path), path
    for path in ("/", "/index.html", "/xxgk/", "/404.html", "/assets/javascripts/gov.js", "/assets/stylesheets/gov.css",
                 "/pagefind/c1/pagefind.js", "/pagefind/c1/pagefind-entry.json", "/pagefind/c1/wasm.unknown.pagefind",
                 "/sitemap.xml"):
        assert not cached(path), path


def test_serving(conf):
    server = {d.name: d.args for d in conf if d.block is None}
    assert server["charset"] == ["utf-8"]
    assert server["gzip"] == ["on"] and server["gzip_static"] == ["on"]
    for mime in ("text/css", "application/javascript", "text/javascript", "application/json", "image/svg+xml",
                 "application/xml"):
        assert mime in server["gzip_types"]
    assert server["error_page"][-1] == "/404.html" and "404" in server["error_page"]
    blocks = locations(conf)
    assert [d.args for d in blocks["/"] if d.name == "try_files"] == [["$uri", "$uri/", "=404"]]
    dot = next(block for pattern, block in blocks.items() if pattern.startswith("~ /\\."))
    assert [d.args for d in dot if d.name == "return"] == [["404"]]
    wasm = blocks["~ \\.wasm$"]
    assert [d.args for d in wasm if d.name == "default_type"] == [["application/wasm"]]


def test_example_includes_the_snippet_in_its_https_server():
    example = parse((DEPLOY / "example.conf").read_text(encoding="utf-8"))
    servers = [d.block for d in example if d.name == "server"]
    https = [s for s in servers if any(d.name == "listen" and "ssl" in d.args for d in s)]
    plain = [s for s in servers if s not in https]
    assert len(https) == 1 and len(plain) == 1
    assert ["snippets/govsite.conf"] in [d.args for d in https[0] if d.name == "include"]
    assert any(d.name == "root" for d in https[0])
    redirect = locations(plain[0])["/"]
    assert [d.args for d in redirect if d.name == "return"] == [["301", "https://$host$request_uri"]]
    # the build's redirects.map as real 301s: the map at http level, the snippet in the https server
    [moved] = [d for d in example if d.name == "map"]
    assert moved.args == ["$uri", "$govsite_moved"]
    assert ["/srv/govsite/site/redirects.map"] in [d.args for d in moved.block if d.name == "include"]
    assert ["snippets/govsite-redirects.conf"] in [d.args for d in https[0] if d.name == "include"]


def test_the_redirect_snippet_returns_the_maps_target_only_when_there_is_one():
    snippet = parse((DEPLOY / "govsite-redirects.conf").read_text(encoding="utf-8"))
    [condition] = [d for d in snippet if d.name == "if"]
    assert condition.args == ["($govsite_moved)"]
    assert [(d.name, d.args) for d in condition.block] == [("return", ["301", "$govsite_moved"])]


# Every status nginx answers by itself from a static server: a malformed request (400; 494 a header too
# large), a refused method (405), a body or request line too long (413, 414), a failed condition (412),
# TLS client certificates (495-497), misdirected requests (421), an unknown Transfer-Encoding or HTTP
# version (501, 505), and the 5xx a failure or a proxy in front could give. Not 416: the range filter
# answers it with the file's headers already made (tests/browser/test_host.py checks them).
NGINX_ERRORS = {400, 403, 404, 405, 408, 411, 412, 413, 414, 421, 494, 495, 496, 497,
                500, 501, 502, 503, 504, 505, 507}


def test_every_error_nginx_answers_is_the_sites_page_with_every_header(conf):
    """nginx answers a malformed request (400, 414, TRACE's 405, 501, 505) before the server's `set` lines
    run, so the headers made from $govsite_csp and $govsite_cache_control would be missing. error_page
    makes it an internal redirect to a page of the site, which runs them: tests/browser/test_host.py sends
    such requests to a real nginx."""
    [error_page] = [d.args for d in conf if d.name == "error_page"]
    assert error_page[-1] == "/404.html" and not error_page[-1].startswith("=")  # the status stays the error's
    assert {int(code) for code in error_page[:-1]} == NGINX_ERRORS
    # the target is served by the plain location (the server's headers), not by one that sets its own
    target = locations(conf)["/"]
    assert [d.args for d in target if d.name == "try_files"] == [["$uri", "$uri/", "=404"]]
    # the only variables the headers use are set at server level: an internal redirect sets them again
    used = {args[0] for args in headers(conf).values() if args[0].startswith("$")}
    assert used == {d.args[0] for d in conf if d.name == "set"} == {"$govsite_csp", "$govsite_cache_control"}
