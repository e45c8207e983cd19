"""The site's Content-Security-Policy, declared once.

Every page gets it as a ``<meta http-equiv>`` (``secure``), and the shipped nginx configuration
(deploy/nginx/govsite.conf, checked equal to ``header_policy()`` by tests/unit/test_nginx_conf.py)
sends it as a header. No script runs unless it is a file of the site itself or one of the theme's
own inline scripts listed by hash below, so nothing an editor commits can run script.

Standard library only: this module must stay importable without MkDocs.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re

# The inline scripts Material and overrides/main.html put on every page, as CSP source expressions.
# Measured on the example county (all 2,699 pages) built with ``extra.scope: /`` so that Material's
# partials/javascripts/base.html renders the same text at every page depth. A change of Material
# version or of an inline script in overrides/ changes them: ``secure`` then stops the build,
# naming the script, and the new hash goes here (and into deploy/nginx/govsite.conf).
INLINE_SCRIPT_HASHES: tuple[str, ...] = (
    # Material partials/javascripts/base.html: __md_scope, __md_hash, __md_get, __md_set
    "'sha256-exqRXrW/0laiImCrTE8a70vxyyY10FJVIppytLf/dbY='",
    # overrides/main.html: 长辈模式 class on <html> before first paint
    "'sha256-yuk3B8oxvwC3Pl/iiPhTdLEgwHfHiVQwFTNbKfrrpY0='",
    # Material partials/javascripts/palette.html (included by overrides/partials/header.html)
    "'sha256-DrEMJJ29sL7vIloQzly+VUGMxKcBTMII+OfW7Y8AkG4='",
    # Material main.html / base.html: open the content tab named by location.hash
    "'sha256-/8wPdzX9q0NNJXyA5lzsLojXFpkeaXVxhbfkUOQaWy8='",
)

# (directive, sources). 'wasm-unsafe-eval': Pagefind compiles its WebAssembly search engine; it
# allows WebAssembly compilation only, not eval(). style-src keeps 'unsafe-inline' because Material
# sets style attributes; styles cannot run script.
_POLICY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'", "'wasm-unsafe-eval'", *INLINE_SCRIPT_HASHES)),
    ("style-src", ("'self'", "'unsafe-inline'")),
    ("img-src", ("'self'", "data:")),
    ("font-src", ("'self'",)),
    ("connect-src", ("'self'",)),
    ("frame-src", ("'none'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
)
# Only honoured in a response header (a <meta> policy ignores it, with a console warning).
_HEADER_ONLY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("frame-ancestors", ("'none'",)),
)


def _join(directives) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives)


@functools.cache
def header_policy() -> str:
    """The policy as the Content-Security-Policy response header (with frame-ancestors)."""
    return _join(_POLICY + _HEADER_ONLY)


@functools.cache
def meta_policy() -> str:
    """The policy as the content of ``<meta http-equiv="Content-Security-Policy">``."""
    return _join(_POLICY)


_META_NAME = 'http-equiv="Content-Security-Policy"'
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.I)
# One pass over the page: every <script …>…</script> (an unclosed one runs to the end of the page,
# as in a browser). The body is matched unrolled ([^<]* chunks), twice as fast as a lazy .*?.
# Attribute values holding ">" are not expected in the theme's markup.
_SCRIPT = re.compile(r"<script(?=[\s>/])([^>]*)>([^<]*(?:<(?!/script[\s/>])[^<]*)*)"
                     r"(?:</script[\s/>]|\Z)", re.I)
_SRC = re.compile(r"(?:^|\s)src\s*=", re.I)
_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
# Types a browser executes (HTML "prepare the script element"), so script-src must allow their
# inline text. importmap and speculationrules are not JavaScript but are still governed by
# script-src; any other type (application/json, application/ld+json, text/template) is a data block.
_EXECUTABLE_TYPES = frozenset({
    "", "module", "importmap", "speculationrules",
    "application/ecmascript", "application/javascript", "application/x-ecmascript",
    "application/x-javascript", "text/ecmascript", "text/javascript", "text/javascript1.0",
    "text/javascript1.1", "text/javascript1.2", "text/javascript1.3", "text/javascript1.4",
    "text/javascript1.5", "text/jscript", "text/livescript", "text/x-ecmascript", "text/x-javascript",
})
_ALLOWED = frozenset(INLINE_SCRIPT_HASHES)


@functools.lru_cache(maxsize=256)
def _allowed(text: str) -> bool:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'" in _ALLOWED


def _executable(attrs: str) -> bool:
    if _SRC.search(attrs):  # an external file: allowed by 'self' (or blocked), never by hash
        return False
    match = _TYPE.search(attrs)
    if match is None:
        return True
    value = next(group for group in match.groups() if group is not None)
    return value.strip().lower() in _EXECUTABLE_TYPES


def secure(html: str) -> str:
    """``html`` with the policy as a ``<meta>`` right after ``<head>``, before any script.

    Raises ``ValueError`` if the page holds an inline script the policy would block (its hash is
    not in INLINE_SCRIPT_HASHES): a developer error, since the header would block it as well.
    A page without ``<head>`` (not a full HTML document) and a page already secured (the tag
    right after ``<head>``) are returned as they are, after the same check.
    """
    for match in _SCRIPT.finditer(html):
        if _executable(match.group(1)) and not _allowed(text := match.group(2)):
            raise ValueError("inline script not allowed by the Content-Security-Policy "
                             f"(add its hash to govsite/render/csp.py if it is the theme's own): {text[:80]!r}")
    head = _HEAD.search(html)
    if head is None:
        return html
    end = head.end()
    if html.startswith(_meta_tag(), end):
        return html
    return f"{html[:end]}{_meta_tag()}{html[end:]}"


@functools.cache
def _meta_tag() -> str:
    return f'<meta {_META_NAME} content="{meta_policy()}">'


# The form editor's pages (admin/, render/admin.py) only: Decap CMS compiles its configuration schema
# with ajv (new Function), so script-src needs 'unsafe-eval' there; it styles itself inline (emotion),
# shows uploads as blob: and data: images, and talks to its backend (decap-server, Gitea, GitLab).
# It loads nothing but its own files. The public pages keep the policy above.
_ADMIN_POLICY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'", "'unsafe-eval'", "'wasm-unsafe-eval'")),
    ("style-src", ("'self'", "'unsafe-inline'")),
    ("img-src", ("'self'", "data:", "blob:")),
    ("font-src", ("'self'", "data:")),
    ("connect-src", ("'self'", "blob:")),
    ("frame-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
)


# A source the form editor's connect-src may add: scheme://host[:port], nothing else (no space or ";" that
# would start another directive, no wildcard, no bare scheme like "https:" that allows every host).
_ORIGIN = re.compile(r"https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
                     r"|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?")


def admin_policy(connect: tuple[str, ...] = ()) -> str:
    """The form editor's policy as a ``<meta>`` content; ``connect``: the backends' origins (render.admin
    makes them from parsed addresses). Anything else raises ``ValueError``: a developer's error."""
    for origin in connect:
        if not _ORIGIN.fullmatch(origin):
            raise ValueError(f"not an origin for the form editor's connect-src: {origin!r}")
    return _join(tuple((name, sources + connect if name == "connect-src" else sources)
                       for name, sources in _ADMIN_POLICY))


def admin_header_policy(connect: tuple[str, ...] = ()) -> str:
    """The same as a response header (deploy/nginx/govsite-admin.conf)."""
    return f"{admin_policy(connect)}; {_join(_HEADER_ONLY)}"
