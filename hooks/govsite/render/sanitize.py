"""Document bodies: the HTML allow-list, the editors' list of what it removes, and the sanitizer.

Document bodies are Markdown written by township clerks; Python-Markdown passes raw HTML through, and
``attr_list`` lets ``{: onclick=… }`` set any attribute. The allow-list below is declared once and
used by both halves of this module:

* :func:`problems` lists, in document order and in Chinese, every element, attribute and URL the
  allow-list would remove, so that the build can tell the editor (with :func:`line_of` for the line);
* :func:`clean` removes them (``nh3``, i.e. ammonia + html5ever), on every body, as defence in depth.

What the allow-list keeps: the elements Python-Markdown produces with the project's extensions
(``tables`` with ``use_align_attribute: True``, ``attr_list``, ``md_in_html``, ``admonition``,
``toc``) and the few inline elements a government document needs. No ``style`` anywhere (so tables
must be rendered with ``use_align_attribute: True``), no ``on*``, no ``srcset``; ``href``/``src``
only ``http:``, ``https:``, ``mailto:`` or relative (incl. ``#fragment``). ``class`` is allowed on
``div``/``span``/``p`` (admonitions, ``[TOC]``), ``id`` where ``attr_list``/``toc`` set it.
No ``rel`` is added to links: ``target`` is not allowed, so a link cannot open a window that gets
``window.opener``, and ``rel="noopener"`` would only change every link of every page.

What :func:`clean` changes in a body that :func:`problems` finds nothing in (html5ever re-serialises):

* void elements lose the XHTML slash: ``<br />`` → ``<br>``, ``<img … />`` → ``<img …>``,
  ``<hr />`` → ``<hr>`` (Python-Markdown's default output format is XHTML-style);
* attribute values are double-quoted (``title='x'`` → ``title="x"``, ``href`` → ``href=""``);
  whitespace inside tags and the case of tag and attribute names are normalised;
* character references other than ``&amp;`` ``&lt;`` ``&gt;`` ``&nbsp;`` (and ``&quot;`` in
  attributes) become the characters (``&copy;`` → ``©``, ``&#12288;`` → U+3000, ``&quot;`` in text
  → ``"``); so Python-Markdown's obfuscated e-mail autolinks (``<a href="&#109;&#97;…">``) come out
  as plain ``mailto:`` links;
* comments, ``<!DOCTYPE>`` and ``<?…>`` are removed (not reported as problems);
* HTML's implied structure is made explicit (``<p>a<p>b`` → ``<p>a</p><p>b</p>``, ``<tbody>`` in a
  raw ``<table>`` without one, a ``<div>`` inside ``<p>`` closes the ``<p>``; stray end tags dropped).

Hostile input: the scanner is linear (no recursion; every construct is parsed once, unterminated
ones run to the end of the input as in HTML) and nh3 is given only input whose cost is bounded.
html5ever is quadratic (and can multiply its output) on deep nesting, many stray or misnested end
tags and many open formatting elements (``<b id=1><b id=2>…``, ``<div><b id=N>x</div>`` × N), so
:func:`clean` hands nh3 the body as it is only when it is strictly nested, at most
:data:`MAX_DEPTH` deep with at most :data:`MAX_FORMATTING` open formatting elements and without
SVG/MathML; any other body is first re-serialised from the scanner's tokens, strictly nested, with
the tags past those limits dropped (and :func:`problems` reports the limit). html5ever is also
quadratic in the ``&`` characters of one text node, so a body with more than 4096 ``&`` is rewritten
too, the text split by empty comments (which nh3 removes, so the text comes out as it was).

The scanner is :class:`html.parser.HTMLParser`'s loop with its tag, comment and markup-declaration
parsers replaced by ones that follow the WHATWG tokenizer, as html5ever does: the stdlib's (3.11)
misreads ``<!-->``, ``--!>``, ``<![CDATA[ >``, ``</script foo>`` and end tags' quoted attributes, in
ways that hide a following ``<img onerror>`` from the list, and rescans the rest of the input after
each unterminated construct (120 KB of ``<a `` take it minutes).
"""

from __future__ import annotations

import functools
import html as _html
import re
import string
from dataclasses import dataclass
from html.entities import html5 as _ENTITIES
from html.parser import HTMLParser
from types import MappingProxyType

import nh3

__all__ = [
    "ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "MAX_DEPTH", "MAX_FORMATTING", "URL_SCHEMES",
    "Problem", "Scan", "clean", "line_of", "problems", "scan",
]

# ---------------------------------------------------------------------------------------------
# The allow-list: element → the attributes it may carry. Declared once; everything below uses it.

_NONE: frozenset[str] = frozenset()
_HEADING = frozenset({"id"})

ALLOWED_ATTRIBUTES = MappingProxyType({
    # h1 is the page title; body headings are shifted one level down before rendering
    "h2": _HEADING, "h3": _HEADING, "h4": _HEADING, "h5": _HEADING, "h6": _HEADING,
    "p": frozenset({"id", "class"}),          # admonition: <p class="admonition-title">
    "br": _NONE, "hr": _NONE,
    "strong": _NONE, "em": _NONE, "b": _NONE, "i": _NONE, "u": _NONE, "s": _NONE,
    "del": _NONE, "ins": _NONE, "mark": _NONE, "small": _NONE, "sup": _NONE, "sub": _NONE,
    "abbr": frozenset({"title"}),
    "blockquote": _NONE, "code": _NONE, "pre": _NONE, "kbd": _NONE,
    "ul": _NONE, "ol": frozenset({"start", "type"}), "li": _NONE,
    "dl": _NONE, "dt": _NONE, "dd": _NONE,
    "table": frozenset({"id"}), "caption": _NONE,
    "thead": _NONE, "tbody": _NONE, "tfoot": _NONE, "tr": _NONE,
    "th": frozenset({"colspan", "rowspan", "scope", "align"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "colgroup": _NONE, "col": frozenset({"span"}),
    "a": frozenset({"href", "title", "id"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "figure": _NONE, "figcaption": _NONE,
    "div": frozenset({"class", "id"}),        # admonition: <div class="admonition note">; [TOC]
    "span": frozenset({"class", "id"}),
})
ALLOWED_TAGS = frozenset(ALLOWED_ATTRIBUTES)

#: Schemes allowed in ``href``/``src``; relative URLs (no scheme, ``#fragment``) are allowed too.
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_URL_ATTRIBUTES = frozenset({("a", "href"), ("img", "src")})

#: Removed together with everything inside them (the rest of the disallowed elements lose only the
#: tags, their text stays). Raw-text elements, whose content would otherwise show as text, and
#: elements whose content is not prose.
_RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"})
_REMOVED_WITH_CONTENT = _RAW_TEXT | {"noscript", "template", "object", "applet", "select", "svg", "math"}

#: Deepest element nesting passed on (Blink's HTML parser stops nesting at 512); deeper tags are
#: dropped by clean() and reported by problems().
MAX_DEPTH = 256
#: Most formatting elements (<b>, <i>, <a>, <font>, …) open at once, for the same reason.
MAX_FORMATTING = 32
# html5ever is also quadratic in the "&" characters of one text node: a body with more than this
# is rewritten, with an empty comment (which nh3 strips, leaving the text as it was) every 256.
_MAX_AMPERSANDS = 4096
_AMPERSAND_RUN = 256

_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(_REMOVED_WITH_CONTENT),
    # "*": no generic attributes (ammonia's default allows lang and title everywhere)
    attributes={"*": set(), **{tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items() if attrs}},
    url_schemes=set(URL_SCHEMES),
    link_rel=None,
    strip_comments=True,
)
# Decides, exactly as _CLEANER does, whether one URL is kept (url crate parsing, schemes, relative).
_URL_JUDGE = nh3.Cleaner(tags={"a"}, attributes={"*": set(), "a": {"href"}},
                         url_schemes=set(URL_SCHEMES), link_rel=None)


@dataclass(frozen=True)
class Problem:
    """Something in a body that the allow-list removes: a description for editors and the source."""

    what: str       # e.g. "不允许的属性 onerror（<img>）"
    snippet: str    # the tag as written (at most 80 characters, "…" when cut), for line_of()


@dataclass(frozen=True)
class Scan:
    """One pass over a body: what the allow-list removes, and whether ``clean`` may take the fast way."""

    problems: list[Problem]
    simple: bool  # strictly nested, within the limits, no SVG/MathML


def scan(html: str) -> Scan:
    """``problems`` and the pass ``clean`` can reuse: the page hands it over (one scan per body), no
    module remembers the last body."""
    scanner = _Scanner(report=True, rebuild=False).scan(html)
    return Scan(scanner.found, scanner.simple)


def problems(html: str) -> list[Problem]:
    """Every element, attribute and URL of ``html`` that the allow-list removes, in document order.

    Comments are removed silently and not listed. Also listed: nesting past :data:`MAX_DEPTH` /
    :data:`MAX_FORMATTING` and a tag left open at the end of the body (HTML then drops it and
    everything after it).
    """
    return scan(html).problems


def clean(html: str, scanned: Scan | None = None) -> str:
    """``html`` with everything the allow-list does not allow removed (see the module docstring);
    ``scanned``: ``scan(html)``, when the caller made it already."""
    simple = scanned.simple if scanned is not None else _Scanner(report=False, rebuild=False).scan(html).simple
    if simple and html.count("&") <= _MAX_AMPERSANDS:
        return _CLEANER.clean(html)
    return _CLEANER.clean(_Scanner(report=False, rebuild=True).scan(html).output())


def line_of(markdown: str, snippet: str, first_line: int = 1) -> int | None:
    """Best-effort line, counted from ``first_line``, where ``snippet`` (a Problem's) comes from.

    Raw HTML is found as written; what Markdown generated is found by its offending part: a URL by
    its text (``[x](javascript:…)``, ``[1]: javascript:…``), an attribute by its name
    (``{: onclick="…" }``), else the tag name. Case-insensitive. None when nothing matches.
    """
    if not markdown or not snippet:
        return None
    text = snippet[:-1] if snippet.endswith("…") else snippet
    for needle in _needles(text):
        found = needle.search(markdown)
        if found:
            return first_line + markdown.count("\n", 0, found.start())
    return None


# ---------------------------------------------------------------------------------------------
# Tokenizing (WHATWG tag syntax; html5ever agrees)

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_LETTERS = frozenset(string.ascii_letters)
_TAG_NAME = re.compile(r"[^\t\n\f\r />]+")
_SEPARATOR = re.compile(r"[\t\n\f\r /]*")
_ATTR_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r /=>]*")
_EQUALS = re.compile(r"[\t\n\f\r ]*=[\t\n\f\r ]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]+")
_COMMENT_END = re.compile(r"--!?>")
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")

_Tag = tuple[str, list[tuple[str, "str | None"]], bool, int]   # name, attributes, self-closing, end


def _parse_tag(raw: str, k: int, *, lenient: bool = False) -> _Tag | None:
    """The tag whose name starts at ``raw[k]`` (a letter): name, attributes, ``/>``, end offset.

    None when the input ends inside the tag (HTML drops such a tag). ``lenient`` (for snippets,
    which may be cut): the input's end ends the tag, and attribute values are left as written.
    """
    decode = (lambda value: value) if lenient else _unescape_attr
    n = len(raw)
    match = _TAG_NAME.match(raw, k)
    name = match.group().translate(_ASCII_LOWER)
    k = match.end()
    attrs: list[tuple[str, str | None]] = []
    while True:
        start = k
        k = _SEPARATOR.match(raw, k).end()
        if k >= n:
            return (name, attrs, False, n) if lenient else None
        if raw[k] == ">":
            return name, attrs, k > start and raw[k - 1] == "/", k + 1
        match = _ATTR_NAME.match(raw, k)
        attr = match.group().translate(_ASCII_LOWER)
        k = match.end()
        equals = _EQUALS.match(raw, k)
        if equals is None:
            attrs.append((attr, None))
            continue
        k = equals.end()
        if k >= n:
            if lenient:
                attrs.append((attr, ""))
                return name, attrs, False, n
            return None
        quote = raw[k]
        if quote in "\"'":
            close = raw.find(quote, k + 1)
            if close < 0:
                if lenient:
                    attrs.append((attr, raw[k + 1:]))
                    return name, attrs, False, n
                return None
            value, k = raw[k + 1:close], close + 1
        elif quote == ">":
            value = ""
        else:
            match = _UNQUOTED.match(raw, k)
            value, k = match.group(), match.end()
        attrs.append((attr, decode(value)))


def _unescape_attr(value: str) -> str:
    """Character references in an attribute value, decoded as HTML does (``&copy=`` stays)."""
    if "&" not in value:
        return value

    def decode(match: re.Match[str]) -> str:
        ref = match.group(1)
        if ref[0] == "#":             # html.unescape drops control characters, which HTML keeps
            text = _html.unescape(match.group())
            if text:
                return text
            return chr(int(ref[2:].rstrip(";"), 16) if ref[1] in "xX" else int(ref[1:].rstrip(";")))
        if ref in _ENTITIES:                       # "amp;", or a legacy "copy" without ";"
            if ref[-1] != ";" and value[match.end():match.end() + 1] == "=":
                return match.group()
            return _ENTITIES[ref]
        return match.group()                       # unknown, or a legacy prefix followed by text

    return _CHARREF.sub(decode, value)


# ---------------------------------------------------------------------------------------------
# The element model: enough of HTML's tree construction to bound html5ever's work

_VOID = frozenset({"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr",
                   "image", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"})
_FORMATTING = frozenset({"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike",
                         "strong", "tt", "u"})
_FOREIGN = frozenset({"svg", "math"})
_SUPPRESS = _REMOVED_WITH_CONTENT - _RAW_TEXT
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CLOSES_P = frozenset({
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p",
    "search", "section", "summary", "ul", "pre", "listing", "form", "plaintext", "table", "hr", "xmp",
    "li", "dd", "dt"}) | _HEADINGS
_SPECIAL = frozenset({
    "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote",
    "body", "br", "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div", "dl",
    "dt", "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "head",
    "header", "hgroup", "hr", "html", "iframe", "img", "input", "keygen", "li", "link", "listing",
    "main", "marquee", "menu", "meta", "nav", "noembed", "noframes", "noscript", "object", "ol", "p",
    "param", "plaintext", "pre", "script", "search", "section", "select", "source", "style", "summary",
    "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "title", "tr", "track",
    "ul", "wbr", "xmp", "svg", "math"}) | _HEADINGS
_LIST_ITEM_STOP = _SPECIAL - {"address", "div", "p"}
_BUTTON_SCOPE = frozenset({"applet", "caption", "html", "table", "td", "th", "marquee", "object",
                           "template", "button", "svg", "math"})
_TABLE_STOP = frozenset({"table", "tbody", "thead", "tfoot", "tr", "template", "html"})
_WALK = 8        # how far down the stack an implied end tag is looked for (beyond: kept open)
_IMPLIES_END_TAGS = _CLOSES_P | {"li", "dd", "dt", "td", "th", "tr", "tbody", "thead", "tfoot",
                                 "option", "optgroup", "a", "nobr", "button"}


class _Scanner(HTMLParser):
    """One pass over a body: its problems, whether it is simple, or its strictly nested rewrite."""

    def __init__(self, *, report: bool, rebuild: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.report = report
        self.rebuild = rebuild
        self.found: list[Problem] = []
        self.simple = True                      # strictly nested, within the limits, no SVG/MathML
        self._out: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (name, start tag written to the rewrite)
        self._open: dict[str, int] = {}
        self._formatting = 0
        self._foreign = 0
        self._suppress = 0
        self._dropped: dict[str, int] = {}
        self._too_deep = self._too_many = False
        self._tag_text = ""
        self._amps = 0                          # "&" written since the last tag (see _AMPERSAND_RUN)

    def scan(self, html: str) -> _Scanner:
        # NUL becomes U+FFFD in tag names and attributes in HTML; it is dropped from text anyway
        self.feed(html.replace("\x00", "\ufffd"))
        self.close()
        for name, written in reversed(self._stack):
            if written:
                self._out.append(f"</{name}>")
        return self

    def output(self) -> str:
        return "".join(self._out)

    # -- the tokenizer's parts (HTMLParser.goahead calls these; none returns -1) --

    def parse_starttag(self, i: int) -> int:
        raw = self.rawdata
        tag = _parse_tag(raw, i + 1)
        if tag is None:
            self._unterminated(raw, i)
            return len(raw)
        name, attrs, self_closing, end = tag
        self._tag_text = raw[i:end]
        self._start(name, attrs, self_closing)
        if name == "plaintext" and not self._foreign:     # the rest of the input is text, as it is
            self.handle_data(raw[end:])
            return len(raw)
        return end

    def parse_endtag(self, i: int) -> int:
        raw = self.rawdata
        if self.cdata_elem is not None:      # goahead stops in raw text only at "</name" + delimiter
            tag = _parse_tag(raw, i + 2)
            self._pop()
            self.clear_cdata_mode()
            return len(raw) if tag is None else tag[3]
        if i + 2 >= len(raw):
            self.handle_data("</")
            return len(raw)
        if raw[i + 2] == ">":
            return i + 3
        if raw[i + 2] not in _LETTERS:
            return self.parse_bogus_comment(i)
        tag = _parse_tag(raw, i + 2)
        if tag is None:
            self._unterminated(raw, i)
            return len(raw)
        self._tag_text = raw[i:tag[3]]
        self._end(tag[0])
        return tag[3]

    def parse_comment(self, i: int, report: int = 1) -> int:
        raw = self.rawdata
        j = i + 4
        if raw.startswith(">", j):           # <!-->
            return j + 1
        if raw.startswith("->", j):          # <!--->
            return j + 2
        found = _COMMENT_END.search(raw, j)
        return len(raw) if found is None else found.end()

    def parse_html_declaration(self, i: int) -> int:
        raw = self.rawdata
        if raw.startswith("<!--", i):
            return self.parse_comment(i)
        if self._foreign and raw.startswith("<![CDATA[", i):
            end = raw.find("]]>", i + 9)
            return len(raw) if end < 0 else end + 3
        return self.parse_bogus_comment(i)   # <!DOCTYPE …>, <![CDATA[ in HTML, <!x>: up to ">"

    def parse_bogus_comment(self, i: int, report: int = 1) -> int:
        end = self.rawdata.find(">", i + 2)
        return len(self.rawdata) if end < 0 else end + 1

    def parse_pi(self, i: int) -> int:       # <? … > is a bogus comment in HTML
        return self.parse_bogus_comment(i)

    def set_cdata_mode(self, elem: str) -> None:
        self.cdata_elem = elem
        self.interesting = re.compile(r"</%s(?=[\t\n\f\r />])" % re.escape(elem), re.I | re.A)

    def get_starttag_text(self) -> str:
        return self._tag_text

    def handle_data(self, data: str) -> None:
        if not self.rebuild or self.cdata_elem is not None or self._suppress or self._foreign:
            return
        text = _html.escape(data, quote=False)
        amps = text.count("&")
        if self._amps + amps < _AMPERSAND_RUN:
            self._amps += amps
            self._out.append(text)
            return
        pieces = text.split("&")
        out = [pieces[0]]
        for piece in pieces[1:]:
            self._amps += 1
            if self._amps >= _AMPERSAND_RUN:
                out.append("<!---->")
                self._amps = 0
            out.append("&")
            out.append(piece)
        self._out.append("".join(out))

    # -- the element model --

    def _start(self, name: str, attrs: list[tuple[str, str | None]], self_closing: bool) -> None:
        if self.report:
            self._check(name, attrs)
        if name in _FOREIGN:
            self.simple = False
        foreign = bool(self._foreign) or name in _FOREIGN
        if not foreign and name in _IMPLIES_END_TAGS:
            self._implied_end_tags(name)
        if name in _VOID or (foreign and self_closing):
            self._write_start(name, attrs)
            return
        raw_text = not foreign and name in _RAW_TEXT
        if not raw_text and (len(self._stack) >= MAX_DEPTH
                             or (name in _FORMATTING and self._formatting >= MAX_FORMATTING)):
            self._drop(name)
            return
        written = self._write_start(name, attrs)
        self._stack.append((name, written))
        self._open[name] = self._open.get(name, 0) + 1
        self._formatting += name in _FORMATTING
        self._foreign += name in _FOREIGN
        self._suppress += name in _SUPPRESS
        if raw_text:
            self.set_cdata_mode(name)

    def _end(self, name: str) -> None:
        if name == "br" and not self._foreign:  # HTML reads </br> as <br>
            self._start("br", [], False)
        elif self._dropped.get(name):
            self._dropped[name] -= 1
        elif not self._open.get(name):
            if name == "p" and not self._foreign:   # and a stray </p> as <p></p>
                self._start("p", [], False)
                self._end("p")
            else:
                self.simple = False             # a stray end tag: html5ever looks down the stack
        elif self._stack[-1][0] == name:
            self._pop()
        else:
            self.simple = False                 # misnested: close what is above it explicitly
            self._pop_to(self._last_index(name))

    def _last_index(self, name: str) -> int:
        for index in range(len(self._stack) - 1, -1, -1):   # amortised: the pops that follow pay
            if self._stack[index][0] == name:
                return index
        raise AssertionError(name)

    def _pop(self) -> None:
        name, written = self._stack.pop()
        self._open[name] -= 1
        self._formatting -= name in _FORMATTING
        self._foreign -= name in _FOREIGN
        self._suppress -= name in _SUPPRESS
        if written:
            self._out.append(f"</{name}>")
            self._amps = 0

    def _pop_to(self, index: int) -> None:
        """Close the element at ``index`` of the stack and everything above it (written explicitly)."""
        while len(self._stack) > index:
            self._pop()

    def _close_walk(self, targets: frozenset[str] | set[str], stops: frozenset[str]) -> None:
        for index in range(len(self._stack) - 1, max(-1, len(self._stack) - 1 - _WALK), -1):
            name = self._stack[index][0]
            if name in targets:
                self.simple = False
                self._pop_to(index)
                return
            if name in stops:
                return

    def _implied_end_tags(self, name: str) -> None:
        """The end tags HTML implies before start tag ``name`` (the common cases, conservatively)."""
        stack = self._stack
        if name == "li":
            self._close_walk({"li"}, _LIST_ITEM_STOP)
        elif name in ("dd", "dt"):
            self._close_walk({"dd", "dt"}, _LIST_ITEM_STOP)
        elif name in ("td", "th"):
            self._close_walk({"td", "th"}, _TABLE_STOP)
        elif name in ("tr", "tbody", "thead", "tfoot"):
            self._close_walk({"td", "th"}, _TABLE_STOP)
            if stack and stack[-1][0] == "tr":
                self.simple = False
                self._pop()
            if name != "tr" and stack and stack[-1][0] in ("tbody", "thead", "tfoot"):
                self.simple = False
                self._pop()
        elif name in ("option", "optgroup"):
            if stack and stack[-1][0] == "option":
                self.simple = False
                self._pop()
            if name == "optgroup" and stack and stack[-1][0] == "optgroup":
                self.simple = False
                self._pop()
        elif name in ("a", "nobr", "button") and self._open.get(name):
            self.simple = False
            self._pop_to(self._last_index(name))
        if name in _CLOSES_P:
            self._close_walk({"p"}, _BUTTON_SCOPE)
        if name in _HEADINGS and stack and stack[-1][0] in _HEADINGS:
            self.simple = False
            self._pop()

    def _drop(self, name: str) -> None:
        self.simple = False
        self._dropped[name] = self._dropped.get(name, 0) + 1
        if not self.report:
            return
        if name in _FORMATTING and len(self._stack) < MAX_DEPTH:
            if not self._too_many:
                self._too_many = True
                self.found.append(Problem(
                    f"格式标签（<b>、<i>、<a> 等）同时打开超过 {MAX_FORMATTING} 层，更深的会被去掉",
                    _short(self._tag_text)))
        elif not self._too_deep:
            self._too_deep = True
            self.found.append(Problem(f"标签嵌套超过 {MAX_DEPTH} 层，更深的标签会被去掉",
                                      _short(self._tag_text)))

    def _write_start(self, name: str, attrs: list[tuple[str, str | None]]) -> bool:
        if not self.rebuild or self._suppress or self._foreign or name not in ALLOWED_TAGS:
            return False
        allowed = ALLOWED_ATTRIBUTES[name]
        seen: set[str] = set()
        parts = [f"<{name}"]
        for attr, value in attrs:
            if attr in allowed and attr not in seen:      # HTML keeps the first of duplicates
                seen.add(attr)
                parts.append(f' {attr}="{_html.escape(value or "", quote=True)}"')
        parts.append(">")
        self._out.append("".join(parts))
        self._amps = 0
        return True

    def _unterminated(self, raw: str, i: int) -> None:
        self.simple = False
        if self.report:
            opening = "</" if raw.startswith("</", i) else "<"
            name = _TAG_NAME.match(raw, i + len(opening)).group()
            self.found.append(Problem(
                f"不完整的标签 {opening}{_short(name, 40)}…（缺少“>”，它和其后的内容都会被丢弃）",
                _short(raw[i:])))

    # -- the allow-list --

    def _check(self, name: str, attrs: list[tuple[str, str | None]]) -> None:
        snippet = _short(self._tag_text)
        allowed = ALLOWED_ATTRIBUTES.get(name)
        if allowed is None:
            self.found.append(Problem(f"不允许的标签 <{_short(name, 40)}>", snippet))
            return
        for attr, value in attrs:
            if attr not in allowed:
                self.found.append(Problem(f"不允许的属性 {_short(attr, 40)}（<{name}>）", snippet))
            elif (name, attr) in _URL_ATTRIBUTES:
                verdict = _url_problem(value or "")
                if verdict:
                    self.found.append(Problem(f"{verdict}（<{name} {attr}>）", snippet))


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_C0_SPACE = "".join(map(chr, range(0x21)))


def _url_problem(url: str) -> str | None:
    """Why the allow-list removes ``url`` (decoded attribute value), or None when it is kept."""
    stripped = re.sub(r"[\t\n\r]", "", url).strip(_C0_SPACE)
    scheme = _SCHEME.match(stripped)
    if scheme and scheme.group(1).lower() not in URL_SCHEMES:
        return f"不允许的链接地址 {_short(scheme.group(1).lower(), 20)}:…"
    if not _url_kept(url):
        return f"无效的链接地址 {_short(url, 40)}"
    return None


@functools.lru_cache(maxsize=4096)
def _url_kept(url: str) -> bool:
    return "href=" in _URL_JUDGE.clean('<a href="%s"></a>' % _html.escape(url, quote=True))


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


# ---------------------------------------------------------------------------------------------
# line_of's search patterns

def _needles(text: str):
    yield re.compile(re.escape(text), re.IGNORECASE)
    k = 2 if text.startswith("</") else 1
    if not text.startswith("<") or len(text) <= k or text[k] not in _LETTERS:
        return
    name, attrs, _, _ = _parse_tag(text, k, lenient=True)
    allowed = ALLOWED_ATTRIBUTES.get(name)
    if allowed is not None:
        for attr, value in attrs:
            if attr not in allowed:
                word = r"(?<![\w-])" + re.escape(attr)
                if value:
                    yield re.compile(word + r"\s*=\s*[\"']?" + re.escape(value[:40]), re.IGNORECASE)
                yield re.compile(word + (r"\s*=" if value is not None else r"(?![\w-])"), re.IGNORECASE)
            elif (name, attr) in _URL_ATTRIBUTES and value and _url_problem(_unescape_attr(value)):
                for form in dict.fromkeys((_unescape_attr(value)[:60], value[:60])):   # as typed, as written
                    yield re.compile(re.escape(form), re.IGNORECASE)
    yield re.compile("<" + re.escape(name) + r"(?![^\t\n\f\r />])", re.IGNORECASE)
