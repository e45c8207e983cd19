"""The theme's scripts and stylesheets as the site serves them: its own without comments and indentation,
and every one beside its gzip at level 9 (``<file>.gz``, which nginx's gzip_static sends instead of
compressing at its own level, 5 in deploy/nginx/govsite.conf).

The readable files in ``overrides/assets/`` stay the ones people edit; the build writes each as a
generated file (``File.generated``) whose content is the smaller text, so the speed room's reuse keys it
by content like any generated file. Measured on the search page at M (issue 25): ~8 KB gzip of a first query, with the .gz files.

Not a general minifier: it knows the JavaScript and CSS this project writes (strings, template
literals with ``${…}``, regular expression literals, ``//`` and ``/* */`` comments) and changes nothing
but comments and whitespace. Line breaks stay (JavaScript's automatic semicolons depend on them).
"""

from __future__ import annotations

import gzip
import re

# The theme's scripts and stylesheets: its own in these folders are served smaller, and every one directly in
# them (Material's bundle and main stylesheet too; not Material's search worker and language files below them,
# which this site does not load) gets its .gz.
ASSET_FOLDERS = ("assets/javascripts/", "assets/stylesheets/")
GZIP_LEVEL = 9  # the smallest gzip: made once per build, sent on every page view (level 5 → 9: ~1 KB per search page)
# A `/` after one of these (or at the start) begins a regular expression literal, not a division.
_REGEX_AFTER = frozenset("(,=:[!&|?{};+-*%<>~^")
_REGEX_KEYWORDS = frozenset({"return", "typeof", "case", "in", "of", "delete", "void", "throw", "new", "do", "else", "yield", "await"})
_WORD = re.compile(r"[A-Za-z0-9_$]")


def wanted(src_uri: str) -> bool:
    """Whether ``src_uri`` (a theme file) is served smaller: the theme's own ``.js`` and ``.css`` files,
    not Material's (already ``.min``)."""
    return src_uri.startswith(ASSET_FOLDERS) and src_uri.endswith((".js", ".css")) and ".min." not in src_uri


def precompressed(src_uri: str) -> bool:
    """Whether ``src_uri`` (a theme file) is written with a ``.gz`` beside it."""
    folder, _, name = src_uri.rpartition("/")
    return folder + "/" in ASSET_FOLDERS and name.endswith((".js", ".css"))


def gzipped(content: bytes) -> bytes:
    """``content`` as its ``.gz``: level 9, no time stamp (the same bytes from build to build)."""
    return gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)


def minified(src_uri: str, text: str) -> str:
    """``text`` (the file at ``src_uri``) without comments and indentation."""
    return javascript(text) if src_uri.endswith(".js") else stylesheet(text)


def javascript(text: str) -> str:
    """JavaScript without comments; each line without its indentation and trailing spaces.

    Strings, template literals and regular expressions are copied as they are: a template literal spanning
    lines keeps its lines (its whitespace is its value)."""
    out: list[str] = []  # pieces; "\0" + piece marks a literal whose whitespace must stay
    code: list[str] = []

    def flush() -> None:
        if code:
            out.append(_code_lines("".join(code)))
            code.clear()

    def last_significant() -> str:
        return ("".join(code) or (out[-1][1:] if out else "")).rstrip()

    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "/" and text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise ValueError("unterminated /* comment")
            code.append("\n" if "\n" in text[i:end] else " ")  # a comment across lines ends a line (semicolons)
            i = end + 2
            continue
        if c in "'\"`" or (c == "/" and _starts_regex(last_significant())):
            end = _literal_end(text, i)
            flush()
            out.append("\0" + text[i:end])
            i = end
            continue
        code.append(c)
        i += 1
    flush()
    return _join(out)


def _starts_regex(before: str) -> bool:
    if not before:
        return True
    if before[-1] in _REGEX_AFTER:
        return True
    word = re.search(r"[A-Za-z_$][A-Za-z0-9_$]*$", before)
    return bool(word) and word.group(0) in _REGEX_KEYWORDS


def _literal_end(text: str, start: int) -> int:
    """The index after the string, template or regular expression literal starting at ``start``."""
    quote, i, n = text[start], start + 1, len(text)
    in_class = False
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if quote == "`" and text.startswith("${", i):
            i = _code_end(text, i + 2)
            continue
        if quote == "/":
            if c == "[":
                in_class = True
            elif c == "]":
                in_class = False
            elif c == "/" and not in_class:
                i += 1
                while i < n and _WORD.match(text[i]):  # flags
                    i += 1
                return i
            elif c == "\n":
                raise ValueError("unterminated regular expression")
        elif c == quote:
            return i + 1
        elif c == "\n" and quote != "`":
            raise ValueError("unterminated string")
        i += 1
    raise ValueError(f"unterminated literal {quote}")


def _code_end(text: str, i: int) -> int:
    """The index after the ``}`` closing a template literal's ``${`` (its code may hold strings and braces)."""
    depth = 1
    while i < len(text):
        c = text[i]
        if c in "'\"`":
            i = _literal_end(text, i)
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if not depth:
                return i + 1
        i += 1
    raise ValueError("unterminated ${")


def _code_lines(code: str) -> str:
    """Code between literals: runs of spaces and tabs made one space; line breaks kept, one per run."""
    code = re.sub(r"[ \t\r\f\v]+", " ", code)
    return re.sub(r" ?\n[\s]*", "\n", code)


def _join(pieces: list[str]) -> str:
    return "".join(p[1:] if p.startswith("\0") else p for p in pieces).strip() + "\n"


def stylesheet(text: str) -> str:
    """CSS without comments; whitespace around ``{ } ; ,`` and at line ends dropped."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise ValueError("unterminated /* comment")
            out.append(" ")
            i = end + 2
            continue
        if c in "'\"":
            end = _literal_end(text, i)
            out.append("\0" + text[i:end] + "\0")
            i = end
            continue
        out.append(c)
        i += 1
    parts = "".join(out).split("\0")
    for k in range(0, len(parts), 2):  # even parts are outside strings
        part = re.sub(r"\s+", " ", parts[k])
        parts[k] = re.sub(r" ?([{};,]) ?", r"\1", part)
    return "".join(parts).strip() + "\n"
