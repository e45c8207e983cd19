"""An http(s) address a setting gives (``site_url``, the form editor's backend), parsed strictly: what reaches
a page, a feed, ``robots.txt``, ``admin/config.yml`` or a Content-Security-Policy is
``scheme://host[:port]/path`` and nothing else.

Browsers, MkDocs, Material's templates and nginx each read a doubtful address their own way (browsers drop
tabs and line breaks anywhere and read ``\\`` as ``/``; MkDocs keeps a quote that then ends Material's
``href="…"``; a CSP source list ends at a space or ``;``). Rather than predict every reader, a doubtful
address is refused: no whitespace, control or invisible format characters, no quote, ``<``, ``>``,
backslash or backtick, no user name or password, no query or fragment, a port from 1 to 65535, a path of
unreserved characters and %XX escapes. The host is an ASCII host name or an IP address: a Chinese domain
name (中文域名, e.g. under .政务) is refused with its ASCII form (punycode, ``xn--…``) as the fix, so the
published address is exactly the one written in mkdocs.yml.

Standard library only.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

SCHEMES = ("http", "https")
MAX_LENGTH = 255  # characters: a site's address or a Git host's API root, never a document's URL
SHOWN = 60  # characters of a refused value quoted in a message

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_PATH = re.compile(r"(?:[A-Za-z0-9._~/-]|%[0-9A-Fa-f]{2})*")
_PATH_CHAR = re.compile(r"[A-Za-z0-9._~/-]")
# A quote ends an attribute, < and > open markup, a backtick is a quote to old browsers and in templates,
# and browsers read a backslash as a slash ("https://a.gov.cn\@evil.cn" goes to evil.cn).
_REFUSED = {'"': "双引号", "'": "单引号", "<": "“<”", ">": "“>”", "`": "反引号“`”", "\\": "反斜杠“\\”（浏览器把它当作 /）"}
_SPACE_NAMES = {" ": "空格", "\t": "制表符", "\n": "换行", "\r": "回车", "\u3000": "全角空格", "\u00a0": "不换行空格"}


@dataclass(frozen=True)
class WebUrl:
    """An address that passed ``parse``: lower-case scheme and host, the port as given, the path as given."""

    scheme: str
    host: str  # an ASCII host name, an IPv4 address, or an IPv6 address in brackets
    port: int | None
    path: str  # "" or beginning with "/"

    @property
    def origin(self) -> str:
        """``scheme://host[:port]``: a Content-Security-Policy source expression."""
        return f"{self.scheme}://{self.host}" + (f":{self.port}" if self.port is not None else "")

    def __str__(self) -> str:
        return self.origin + self.path


class Refused(ValueError):
    """Why a value is not an address (Chinese, to follow the quoted value), and the address it most likely
    means when one can be made (a Chinese domain name in punycode, the address without its password)."""

    def __init__(self, problem: str, suggestion: str | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.suggestion = suggestion


def shown(value: object) -> str:
    """``value`` for a message: at most SHOWN characters, invisible characters as U+XXXX (a line break or an
    escape sequence in a setting must not reach the terminal or the message as itself), a user name and
    password left out (a CI log is read by more people than mkdocs.yml)."""
    text = value if isinstance(value, str) else repr(value)
    text = re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@", r"\1（用户名和密码）@", text)  # never repeated in a log
    out = "".join(f"U+{ord(c):04X}" if _invisible(c) and c != " " else c for c in text[:SHOWN])
    return out + ("…" if len(text) > SHOWN else "")


def parse(value: object) -> WebUrl:
    """``value`` as an absolute http(s) address, or ``Refused``."""
    if not isinstance(value, str):
        raise Refused("不是网址文字")
    if len(value) > MAX_LENGTH:
        raise Refused(f"过长（{len(value)} 个字符，网址最多 {MAX_LENGTH} 个）")
    _check_characters(value)
    match = _SCHEME.match(value)
    if match is None or match.group(1).lower() not in SCHEMES:
        raise Refused("不是以 http:// 或 https:// 开头的完整网址")
    scheme = match.group(1).lower()
    authority, path = re.match(r"([^/?#]*)(.*)", value[match.end():], re.S).groups()
    if "?" in path or "#" in path:
        raise Refused("带有 ? 或 # 部分，不能作为网址")
    if "@" in authority:
        bare = f"{scheme}://{authority.rpartition('@')[2]}{path}"
        raise Refused("含有用户名或密码（“@”及其前面的部分）：写进设置的网址会公开", _suggest(bare))
    host, port = _split_authority(authority)
    if any(ord(c) > 127 for c in host):
        try:
            ascii_host = host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            raise Refused(f"域名“{host}”不对") from None
        again = f"{scheme}://{ascii_host}" + (f":{port}" if port is not None else "") + path
        raise Refused(f"域名“{host}”含有中文等非英文字符（中文域名要写成 xn-- 开头的英文形式）", _suggest(again))
    url = WebUrl(scheme, _check_host(host.lower()), port, "")
    try:
        return WebUrl(url.scheme, url.host, url.port, check_path(path))
    except Refused as refused:
        raise Refused(refused.problem, refused.suggestion and url.origin + refused.suggestion) from None


def check_path(path: str) -> str:
    """A path of unreserved characters and %XX escapes (what follows the host), or ``Refused``; a path with
    Chinese characters gets its escaped form as the suggestion."""
    if path.startswith("//"):
        raise Refused("路径以 // 开头（浏览器会把它当作另一个网站的网址）")
    if _PATH.fullmatch(path):
        return path
    for i, c in enumerate(path):
        if c == "%" and not re.match(r"%[0-9A-Fa-f]{2}", path[i:]):
            raise Refused("路径中的“%”后面应是两位十六进制数（如 %2F）")
        if ord(c) > 127:
            raise Refused(f"路径含有中文等非英文字符“{c}”", quote(path, safe="/%"))
        if c != "%" and not _PATH_CHAR.match(c):
            raise Refused(f"路径含有不能用在网址中的字符“{c}”（只能用英文字母、数字和 - . _ ~ /）")
    raise Refused("路径不对")  # not reached: one of the characters above is the reason


def _check_characters(value: str) -> None:
    for i, c in enumerate(value):
        if _invisible(c):
            name = _SPACE_NAMES.get(c) or f"{'空白' if c.isspace() else '控制或不可见'}字符 U+{ord(c):04X}"
            raise Refused(f"含有{name}（第 {i + 1} 个字符）：读网址的程序会删去或改写它")
        if c in _REFUSED:
            raise Refused(f"含有不能出现在网址中的{_REFUSED[c]}")


def _invisible(c: str) -> bool:
    """Whitespace, control and format characters (zero-width spaces, direction marks, the BOM)."""
    return c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp", "Zs")


def _split_authority(authority: str) -> tuple[str, int | None]:
    if authority.startswith("["):
        match = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\](?::(.*))?", authority)
        if match is None:
            raise Refused(f"IPv6 地址“{authority}”不对")
        try:
            ipaddress.IPv6Address(match.group(1))
        except ValueError:
            raise Refused(f"IPv6 地址“{authority}”不对") from None
        return f"[{match.group(1)}]", _port(match.group(2))
    host, colon, port = authority.partition(":")
    return host, _port(port) if colon else None


def _port(text: str | None) -> int | None:
    if text is None:
        return None
    if not re.fullmatch(r"[0-9]{1,5}", text) or not 1 <= int(text) <= 65535:
        raise Refused(f"端口“{text}”不对：应为 1 到 65535 的数字（不写端口则为 http 的 80、https 的 443）")
    return int(text)


def _check_host(host: str) -> str:
    if not host:
        raise Refused("缺少域名（应为 http(s)://域名/）")
    if host.startswith("["):
        return host
    labels = host.split(".")
    if all(label.isdigit() for label in labels):
        try:
            return str(ipaddress.IPv4Address(host))
        except ValueError:
            raise Refused(f"IP 地址“{host}”不对") from None
    if len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels) or labels[-1].isdigit():
        raise Refused(f"域名“{host}”不对：域名由英文字母、数字和 - 组成，各段以 . 分隔")
    if any(label.startswith("xn--") for label in labels):
        try:
            host.encode("ascii").decode("idna")
        except UnicodeError:
            raise Refused(f"域名“{host}”不对：xn-- 开头的部分不是有效的中文域名编码") from None
    return host


def _suggest(value: str) -> str | None:
    try:
        return str(parse(value))
    except Refused:
        return None
