"""Pagefind's output in one order: the same pages give the same files, byte for byte.

Pagefind 1.5 collects a bundle's filters in hash maps seeded at random (``pagefind/src/index/mod.rs``:
"TODO: Change filter indexes to BTree to give them a stable hash"). The values inside each filter file
(``filter/<lang>_<hash>.pf_filter``) and the list of filters in the metadata file
(``pagefind.<lang>_<hash>.pf_meta``) come out in a different order on every run, and since each file
is named by the digest of its content, so do their names and ``pagefind-entry.json``. Everything else
Pagefind writes is already in a fixed order (pages by number, words sorted).

``canonicalise`` rewrites those files with the values and the filters sorted, names them as Pagefind
names files (``<lang>_`` and the first characters of the SHA-1 of the content, in Pagefind's hex
without leading zeros: ``utils.rs`` ``full_hash``) and compresses them with a fixed gzip (level 9, no
time stamp), so two runs on the same pages give the same bundle. The search reads both as maps
(``pagefind_web/src/filter_index.rs``), so the order changes nothing for a visitor.

Each file is decoded with a small CBOR reader for the types Pagefind writes (unsigned integers, text,
arrays); a file this reader does not understand, or cannot write back to the same bytes, raises
``Unexpected`` and the bundle is left as Pagefind wrote it (a newer Pagefind: the site is still right).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

SIGNATURE = b"pagefind_dcd"  # before the CBOR of every compressed file (output/mod.rs)
ENTRY = "pagefind-entry.json"
FILTER_HASH = 7  # Pagefind's short names: filters &hash[0..=6], metadata &hash[0..=12] (index/mod.rs)
META_HASH = 13
FILTERS, SORTS = 3, 4  # positions in the metadata array: [version, pages, index chunks, filters, sorts, …]
_UINT, _TEXT, _ARRAY = 0, 3, 4  # CBOR major types


class Unexpected(ValueError):
    """A file is not in the format this module knows (another Pagefind version)."""


def canonicalise(bundle: Path) -> bool:
    """Rewrite ``bundle``'s filter and metadata files in sorted order (see the module's docstring).
    Returns whether anything changed; raises ``Unexpected`` before writing anything it cannot read."""
    entry_file = bundle / ENTRY
    entry_text = entry_file.read_text(encoding="utf-8")
    entry = json.loads(entry_text)
    plans = [_plan(bundle, language, info["hash"]) for language, info in sorted(entry["languages"].items())]
    changed = False
    for language, old_meta, meta_body, filters in plans:
        for old, new, body in filters:
            changed |= _replace(bundle / "filter" / f"{old}.pf_filter", bundle / "filter" / f"{new}.pf_filter", body)
        new_meta = _name(language, meta_body, META_HASH)
        changed |= _replace(bundle / f"pagefind.{old_meta}.pf_meta", bundle / f"pagefind.{new_meta}.pf_meta", meta_body)
        entry["languages"][language]["hash"] = new_meta
    # Pagefind writes the entry compactly (serde_json); the languages in sorted order, like the rest.
    entry["languages"] = dict(sorted(entry["languages"].items()))
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    if text != entry_text:
        _write(entry_file, text.encode("utf-8"))
        changed = True
    return changed


def _plan(bundle: Path, language: str, meta_hash: str) -> tuple[str, str, bytes, list[tuple[str, str, bytes]]]:
    """What one language's files become: (language, old metadata name, its new content, and per filter
    (old name, new name, new content))."""
    meta = read(bundle / f"pagefind.{meta_hash}.pf_meta")
    if not (isinstance(meta, list) and len(meta) > FILTERS and _pairs(meta[FILTERS])):
        raise Unexpected(f"pagefind.{meta_hash}.pf_meta: no list of filters at position {FILTERS}")
    filters, taken = [], set()
    for name, old in sorted(meta[FILTERS]):
        index = read(bundle / "filter" / f"{old}.pf_filter")
        if not (isinstance(index, list) and len(index) == 2 and index[0] == name and _pairs(index[1])):
            raise Unexpected(f"filter/{old}.pf_filter: not the values of the filter “{name}”")
        body = encode([name, sorted(index[1])])  # values are distinct: sorted by value alone
        new = _name(language, body, FILTER_HASH, taken)
        taken.add(new)
        filters.append((name, old, new, body))
    meta[FILTERS] = [[name, new] for name, _, new, _ in filters]
    if len(meta) > SORTS and _pairs(meta[SORTS]):
        meta[SORTS] = sorted(meta[SORTS])
    return language, meta_hash, encode(meta), [(old, new, body) for _, old, new, body in filters]


def _pairs(value) -> bool:
    return isinstance(value, list) and all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) for p in value)


def _name(language: str, body: bytes, length: int, taken: set[str] = frozenset()) -> str:
    digest = "".join(f"{byte:x}" for byte in hashlib.sha1(body).digest())  # Pagefind's {:x?}: no leading zeros
    while f"{language}_{digest[:length]}" in taken and length < len(digest):
        length += 1  # two filters of one bundle with the same short digest (Pagefind lengthens it too)
    return f"{language}_{digest[:length]}"


def _replace(old: Path, new: Path, body: bytes) -> bool:
    content = gzip.compress(SIGNATURE + body, compresslevel=9, mtime=0)
    if old == new and old.read_bytes() == content:
        return False
    _write(new, content)
    if old != new:
        old.unlink()
    return True


def _write(path: Path, content: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)


def read(path: Path):
    """A compressed Pagefind file's content, decoded; ``Unexpected`` unless it writes back to the same bytes."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise Unexpected(f"{path.name}: no {SIGNATURE.decode()} signature")
    body = data[len(SIGNATURE):]
    value, end = decode(body)
    if end != len(body) or encode(value) != body:
        raise Unexpected(f"{path.name}: CBOR this reader does not write back the same")
    return value


def decode(data: bytes, at: int = 0):
    """One CBOR item at ``at``: (value, the offset after it). Integers, text and arrays only."""
    if at >= len(data):
        raise Unexpected("CBOR cut short")
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        if at + size > len(data):
            raise Unexpected("CBOR cut short")
        argument = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise Unexpected(f"CBOR item {data[at - 1]:#x} (indefinite length or reserved)")
    if major == _UINT:
        return argument, at
    if major == _TEXT:
        if at + argument > len(data):
            raise Unexpected("CBOR cut short")
        try:
            return data[at:at + argument].decode("utf-8"), at + argument
        except UnicodeDecodeError as exc:
            raise Unexpected(f"CBOR text: {exc}") from None
    if major == _ARRAY:
        items = []
        for _ in range(argument):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    raise Unexpected(f"CBOR major type {major}")


def encode(value) -> bytes:
    """``value`` as CBOR the way Pagefind's minicbor writes it: shortest heads, definite lengths."""
    out = bytearray()
    _encode(value, out)
    return bytes(out)


def _encode(value, out: bytearray) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, str, list)):
        raise Unexpected(f"cannot write {type(value).__name__} as Pagefind's CBOR")
    if isinstance(value, int):
        _head(_UINT, value, out)
    elif isinstance(value, str):
        text = value.encode("utf-8")
        _head(_TEXT, len(text), out)
        out += text
    else:
        _head(_ARRAY, len(value), out)
        for item in value:
            _encode(item, out)


def _head(major: int, argument: int, out: bytearray) -> None:
    if argument < 0:
        raise Unexpected("negative integer")
    if argument < 24:
        out.append(major << 5 | argument)
        return
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            out.append(major << 5 | info)
            out += argument.to_bytes(size, "big")
            return
    raise Unexpected("integer too large")
