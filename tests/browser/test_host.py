"""The example county as a real host serves it: nginx with deploy/nginx/govsite.conf (started by
conftest.py). Headers, status codes, compression and caching over plain HTTP (http.client), then the
Content-Security-Policy as Chromium enforces it."""

from __future__ import annotations

import gzip
import http.client
import socket
import subprocess
from pathlib import Path

import pytest

from govsite.render import csp

from .conftest import DEPLOY, PROBES, nginx_command, nginx_conf
from .pages import page_types

IMMUTABLE = "public, max-age=31536000, immutable"
SECURITY = {
    "Content-Security-Policy": csp.header_policy(),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Strict-Transport-Security": "max-age=31536000",
    "X-Frame-Options": "DENY",
}


def get(host, path: str, *, gzip_ok: bool = False, headers: dict | None = None, method: str = "GET"):
    """(response, body) of one request; body as sent (still compressed if it was)."""
    connection = http.client.HTTPConnection("127.0.0.1", host.port, timeout=10)
    try:
        connection.request(method, path, headers={"Accept-Encoding": "gzip" if gzip_ok else "identity",
                                                  **(headers or {})})
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def one(root: Path, pattern: str) -> str:
    found = sorted(root.glob(pattern))
    assert found, pattern
    return "/" + found[0].relative_to(root).as_posix()


def assert_security_headers(response, what: str) -> None:
    for name, value in SECURITY.items():
        assert response.getheader(name) == value, f"{what}: {name}"
    assert len(response.headers.get_all("Content-Security-Policy")) == 1, what
    assert response.getheader("Server") == "nginx", f"{what}: server_tokens off"


def test_html_page_headers(host):
    response, body = get(host, "/")
    assert response.status == 200
    assert_security_headers(response, "/")
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("Cache-Control") == "no-cache"
    assert body == (host.root / "index.html").read_bytes()


@pytest.mark.parametrize("path", ["/no-such-page/", "/county/no-such-document/", "/assets/javascripts/bundle.00000000.min.js",
                                  "/pagefind/c1/fragment/zh-cn_0000000.pf_fragment"])
def test_404_is_the_sites_page_with_status_404_and_every_header(host, path):
    response, body = get(host, path)
    assert response.status == 404
    assert body == (host.root / "404.html").read_bytes()
    assert_security_headers(response, path)
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("Cache-Control") == "no-cache", "a 404 must never be cached as immutable"


@pytest.mark.parametrize("pattern", ["index.html", "assets/stylesheets/main.*.min.css", "assets/javascripts/bundle.*.min.js",
                                     "assets/javascripts/gov.js", "assets/stylesheets/gov.css",
                                     "probe.json", "assets/images/dzjg.svg"])
def test_text_is_gzipped_when_the_client_accepts_it(host, pattern):
    path = one(host.root, pattern)
    url = path.removesuffix("index.html")
    response, body = get(host, url, gzip_ok=True)
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip", path
    assert "Accept-Encoding" in response.getheader("Vary", "")
    assert gzip.decompress(body) == (host.root / path.lstrip("/")).read_bytes()
    assert_security_headers(response, path)
    plain, body = get(host, url)
    assert plain.getheader("Content-Encoding") is None
    assert body == (host.root / path.lstrip("/")).read_bytes()


def test_gzip_static_serves_the_precompressed_file(host):
    compressed = (host.root / "sitemap.xml.gz").read_bytes()
    response, body = get(host, "/sitemap.xml", gzip_ok=True)
    assert response.getheader("Content-Encoding") == "gzip"
    assert body == compressed and response.getheader("Content-Length") == str(len(compressed))


@pytest.mark.parametrize("pattern", ["assets/stylesheets/main.*.min.css", "assets/javascripts/bundle.*.min.js",
                                     "pagefind/*/fragment/*.pf_fragment", "pagefind/*/index/*.pf_index",
                                     "pagefind/*/*.pf_meta", "pagefind/*/filter/*.pf_filter"])
def test_fingerprinted_files_are_immutable_and_keep_the_security_headers(host, pattern):
    path = one(host.root, pattern)
    response, _ = get(host, path, gzip_ok=True)
    assert response.status == 200
    assert response.getheader("Cache-Control") == IMMUTABLE, path
    assert_security_headers(response, path)  # a location's own add_header would have dropped them


@pytest.mark.parametrize("pattern", ["index.html", "xxgk/index.html", "404.html", "pagefind/*/pagefind-entry.json",
                                     "pagefind/*/pagefind.js", "pagefind/*/wasm.*.pagefind", "assets/javascripts/gov.js"])
def test_files_that_keep_their_name_are_no_cache(host, pattern):
    path = one(host.root, pattern)
    response, _ = get(host, path)
    assert response.status == 200
    assert response.getheader("Cache-Control") == "no-cache", path


def test_no_cache_html_revalidates_with_304(host):
    response, _ = get(host, "/xxgk/")
    etag = response.getheader("ETag")
    assert etag
    again, body = get(host, "/xxgk/", headers={"If-None-Match": etag})
    assert again.status == 304 and body == b""


def test_directory_urls(host):
    response, body = get(host, "/xxgk/")
    assert response.status == 200 and body == (host.root / "xxgk" / "index.html").read_bytes()
    redirect, _ = get(host, "/xxgk")
    assert redirect.status == 301 and redirect.getheader("Location") == "/xxgk/"
    assert_security_headers(redirect, "/xxgk")


@pytest.mark.parametrize("name", [name for name in PROBES if "/." in "/" + name])
def test_dot_files_are_404(host, name):
    assert (host.root / name).exists()
    response, body = get(host, "/" + name)
    assert response.status == 404
    assert body == (host.root / "404.html").read_bytes()
    assert_security_headers(response, name)


def test_wasm_is_application_wasm(host):
    response, body = get(host, "/probe.wasm")
    assert response.status == 200 and body == PROBES["probe.wasm"]
    assert response.getheader("Content-Type") == "application/wasm"


def raw(host, request: bytes) -> tuple[int, dict[str, list[str]], bytes]:
    """(status, header values by name, body) of a request sent as bytes: what http.client refuses to send
    (a malformed request line, TRACE, a header too large) is what nginx answers by itself."""
    with socket.create_connection(("127.0.0.1", host.port), timeout=10) as sock:
        sock.sendall(request)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, list[str]] = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers.setdefault(name, []).append(value.strip())
    return int(status.split()[1]), headers, body


CLOSE = b"Host: localhost\r\nConnection: close\r\n"


@pytest.mark.parametrize("request_, status", [
    (b"GARBAGE\r\n\r\n", 400),  # not a request line
    (b"GET / HTTP/1.1 extra\r\n" + CLOSE + b"\r\n", 400),
    (b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", 400),  # HTTP/1.1 without Host
    (b"GET /%zz HTTP/1.1\r\n" + CLOSE + b"\r\n", 400),  # a broken %-escape
    (b"GET /../../etc/passwd HTTP/1.1\r\n" + CLOSE + b"\r\n", 400),
    (b"GET / HTTP/1.1\r\n" + CLOSE + b"X-Big: " + b"a" * 20_000 + b"\r\n\r\n", 400),  # a header too large
    (b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\n" + CLOSE + b"\r\n", 414),
    (b"TRACE / HTTP/1.1\r\n" + CLOSE + b"\r\n", 405),  # refused before any location is chosen
    (b"TRACE /admin/ HTTP/1.1\r\n" + CLOSE + b"\r\n", 405),
    (b"POST / HTTP/1.1\r\n" + CLOSE + b"Content-Length: 0\r\n\r\n", 405),
    (b"DELETE /index.html HTTP/1.1\r\n" + CLOSE + b"\r\n", 405),
    (b"POST / HTTP/1.1\r\n" + CLOSE + b"Content-Length: 99999999\r\n\r\n", 413),
    (b"POST / HTTP/1.1\r\n" + CLOSE + b"Transfer-Encoding: gzip\r\n\r\n", 501),
    (b"GET / HTTP/2.0\r\n" + CLOSE + b"\r\n", 505),
    (b"GET /assets/ HTTP/1.1\r\n" + CLOSE + b"\r\n", 403),  # a folder without index.html
    (b"GET /index.html HTTP/1.1\r\n" + CLOSE + b"If-Unmodified-Since: Mon, 01 Jan 1990 00:00:00 GMT\r\n\r\n", 412),
])
def test_nginxs_own_error_responses_carry_every_header(host, request_, status):
    """Issue 21: nginx's own 400 and 405 (and 414, 501, 505) lacked the CSP and Cache-Control, made from
    variables its early errors never set; error_page answers them with the site's 404 page instead."""
    got, headers, body = raw(host, request_)
    assert got == status
    for name, value in SECURITY.items():
        assert headers.get(name) == [value], f"{status}: {name}"
    assert headers.get("Cache-Control") == ["no-cache"] and headers.get("Server") == ["nginx"]
    assert headers.get("Content-Type") == ["text/html; charset=utf-8"]
    assert body == (host.root / "404.html").read_bytes()


def test_a_range_nginx_cannot_serve_carries_every_header(host):
    """416 comes from the range filter after the file's headers were made: nginx's own short body, and the
    headers (twice over, as nginx does: each copy the same)."""
    got, headers, _ = raw(host, b"GET /index.html HTTP/1.1\r\n" + CLOSE + b"Range: bytes=99999999-\r\n\r\n")
    assert got == 416
    for name, value in SECURITY.items():
        assert headers.get(name) and set(headers[name]) == {value}, name
    assert set(headers.get("Cache-Control", [])) == {"no-cache"}


def test_the_404_page_carries_the_meta_policy_too(host):
    """docs/admin-guide.md says every page carries the policy as a <meta>: the 404 page too (a copy saved or served
    by another host keeps it)."""
    _, body = get(host, "/no-such-page/")
    head = body.decode("utf-8").split("<head>", 1)[1]
    assert head.startswith(f'<meta http-equiv="Content-Security-Policy" content="{csp.meta_policy()}">')


def test_example_server_and_snippet_pass_nginx_t(host, tmp_path):
    """deploy/nginx/example.conf as a county installs it: snippets/govsite.conf under the configuration
    folder; its placeholder certificate paths replaced by a throwaway self-signed pair."""
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "govsite.conf").symlink_to(DEPLOY / "govsite.conf")
    (tmp_path / "snippets" / "govsite-redirects.conf").symlink_to(DEPLOY / "govsite-redirects.conf")
    (tmp_path / "temp").mkdir()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=www.example.gov.cn",
                    "-days", "1", "-keyout", tmp_path / "key.pem", "-out", tmp_path / "cert.pem"],
                   check=True, capture_output=True)
    example = (DEPLOY / "example.conf").read_text(encoding="utf-8")
    example = (example.replace("/etc/ssl/govsite/www.example.gov.cn.fullchain.pem", str(tmp_path / "cert.pem"))
               .replace("/etc/ssl/govsite/www.example.gov.cn.key", str(tmp_path / "key.pem"))
               .replace("/srv/govsite/site/", f"{host.root}/"))  # the built site: its redirects.map
    assert str(tmp_path / "cert.pem") in example and str(tmp_path / "key.pem") in example
    (tmp_path / "example.conf").write_text(example, encoding="utf-8")
    (tmp_path / "nginx.conf").write_text(nginx_conf(tmp_path, host.root, 0, server=f'include "{tmp_path}/example.conf";'))
    result = subprocess.run(nginx_command(tmp_path, "-t"), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


# --- The policy as Chromium enforces it (the header from nginx; the <meta> once the build adds it). ---

_VIOLATIONS = """
    window.__csp = [];
    document.addEventListener('securitypolicyviolation',
        e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '')));
"""


@pytest.fixture(scope="module")
def types(example_model):
    return page_types(example_model)


def test_no_page_type_violates_the_policy(browser, base_url, types):
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(_VIOLATIONS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    failures = {}
    for name, path in types.items():
        errors.clear()
        response = page.goto(base_url + path)
        assert response.headers["content-security-policy"] == csp.header_policy()
        if name == "search with results":
            page.wait_for_selector("#search-results li")
        page.wait_for_load_state("networkidle")
        found = page.evaluate("window.__csp") + errors
        if found:
            failures[name] = found
    context.close()
    assert not failures


def test_an_injected_inline_script_does_not_run(page, base_url):
    page.add_init_script(_VIOLATIONS)
    page.goto(base_url)
    ran = page.evaluate("""() => {
        const s = document.createElement('script');
        s.textContent = 'window.__ran = true';
        document.head.append(s);
        return window.__ran === true;
    }""")
    assert ran is False
    page.wait_for_function("() => window.__csp.length > 0")
    assert page.evaluate("window.__csp")[0].startswith("script-src")
    # (Playwright's own evaluate is exempt from the policy; a string timer runs as the page's code.)
    page.evaluate("setTimeout('window.__evaled = true', 0)")
    page.wait_for_function("() => window.__csp.length > 1")
    assert page.evaluate("window.__evaled") is None
    assert page.evaluate("window.__csp")[1].startswith("script-src")
