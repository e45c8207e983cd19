"""The Content-Security-Policy module (govsite.render.csp): policy text and ``secure`` on small pages."""

from __future__ import annotations

import base64
import hashlib

import pytest

from govsite import build
from govsite.render import csp

THEME_SCRIPT = 'try{if(localStorage.getItem("gov-elder")==="1")document.documentElement.classList.add("gov-elder")}catch(e){}'


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def page(body: str = "", head: str = "") -> str:
    return (f'<!doctype html>\n<html lang="zh-CN">\n  <head>\n    <meta charset="utf-8">{head}\n'
            f"  </head>\n  <body>{body}</body>\n</html>\n")


def directives(policy: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (part.split() for part in policy.split("; "))}


def test_meta_is_inserted_right_after_head_before_the_first_script():
    html = page(head=f"<script>{THEME_SCRIPT}</script>", body='<script src="x.js"></script>')
    out = csp.secure(html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp.meta_policy()}">'
    assert out.count(meta) == 1
    assert out.index("<head>") + len("<head>") == out.index(meta)
    assert out.index(meta) < out.index("<script")
    assert out.replace(meta, "") == html


def test_secure_twice_inserts_one_meta():
    once = csp.secure(page(head=f"<script>{THEME_SCRIPT}</script>"))
    assert csp.secure(once) == once


def test_head_with_attributes_and_page_without_head():
    out = csp.secure('<html><head data-x="1"><title>t</title></head></html>')
    assert out.startswith('<html><head data-x="1"><meta http-equiv="Content-Security-Policy"')
    assert csp.secure("") == ""
    assert csp.secure("<header>no document head</header>") == "<header>no document head</header>"


@pytest.mark.parametrize(("script", "named"), [
    ("<script>alert(1)</script>", "alert(1)"),
    ("<SCRIPT>alert(1)</SCRIPT>", "alert(1)"),
    ('<script type="text/javascript">alert(1)</script>', "alert(1)"),
    ("<script type=module>import('/x.js')</script>", "import('/x.js')"),
    ('<script type="importmap">{"imports": {}}</script>', '{"imports": {}}'),
    (f"<script> {THEME_SCRIPT}</script>", f" {THEME_SCRIPT}"[:80]),  # one space changes the hash
    ("<script>alert(1)", "alert(1)</body>"),  # unclosed: a browser runs it to the end of the page
])
def test_unknown_inline_script_raises_naming_it(script, named):
    with pytest.raises(ValueError, match="inline script not allowed") as error:
        csp.secure(page(body=script))
    assert repr(named)[:-1] in str(error.value)


def test_error_names_only_the_first_80_characters():
    body = "console.log('" + "x" * 200 + "')"
    with pytest.raises(ValueError) as error:
        csp.secure(page(body=f"<script>{body}</script>"))
    assert repr(body[:80]) in str(error.value) and body[:81] not in str(error.value)


@pytest.mark.parametrize("script", [
    '<script id="__config" type="application/json">{"base": "..", "features": []}</script>',
    "<script type='application/ld+json'>{\"@type\": \"GovernmentOrganization\"}</script>",
    '<script src="assets/javascripts/bundle.min.js"></script>',
    '<script type="module" src="assets/javascripts/search.js"></script>',
    '<script src="x.js">alert("ignored by browsers when src is set")</script>',
    f"<script>{THEME_SCRIPT}</script>",
])
def test_data_blocks_external_and_theme_scripts_pass(script):
    assert "Content-Security-Policy" in csp.secure(page(body=script))


def test_data_src_attribute_is_not_src():
    with pytest.raises(ValueError):
        csp.secure(page(body='<script data-src="x.js">alert(1)</script>'))


def test_policy_directives():
    meta, header = directives(csp.meta_policy()), directives(csp.header_policy())
    assert meta["default-src"] == ["'self'"]
    assert meta["frame-src"] == ["'none'"] and meta["object-src"] == ["'none'"]
    assert meta["connect-src"] == ["'self'"]
    assert meta["img-src"] == ["'self'", "data:"]
    assert meta["base-uri"] == ["'self'"] and meta["form-action"] == ["'self'"]
    script_src = meta["script-src"]
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert script_src[:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert script_src[2:] == list(csp.INLINE_SCRIPT_HASHES)
    assert sha256(THEME_SCRIPT) in script_src
    assert "frame-ancestors" not in meta  # ignored in <meta>
    assert header.pop("frame-ancestors") == ["'none'"]
    assert header == meta
    assert '"' not in csp.meta_policy() and "&" not in csp.meta_policy()  # safe in content="…"


def test_hashes_are_well_formed():
    for source in csp.INLINE_SCRIPT_HASHES:
        assert source.startswith("'sha256-") and source.endswith("='")
        assert len(base64.b64decode(source[8:-1])) == 32


def test_the_themes_static_pages_get_the_meta_policy_too():
    """404.html is rendered by MkDocs as a static template (on_post_template, not on_post_page); nginx
    also sends it for its own errors: it carries the policy like every page."""
    out = build.post_template(page(head=f"<script>{THEME_SCRIPT}</script>"), "404.html")
    assert out.count('<meta http-equiv="Content-Security-Policy"') == 1
    assert out.index("<head>") + len("<head>") == out.index('<meta http-equiv="Content-Security-Policy"')
    assert build.post_template("User-agent: *\n", "robots.txt") == "User-agent: *\n"
