"""Compare two built sites file by file, ignoring build timestamps (the one-document-edit check).

Two full builds of the same content must be byte-identical except for timestamps: sitemap.xml's
``<lastmod>`` (the build date) and any ISO date-time with a time of day. Document dates (YYYY-MM-DD
alone) are content and are compared.

Pagefind 1.5.2 writes its filter files (and so the hashes in their names, in pf_meta and in
pagefind-entry.json) in a different order on every run of the same input. Those files are compared by
content up to order and hashes (their decompressed bytes, hashes masked, as a sorted multiset); the index
chunks and fragments, which are deterministic, are compared exactly.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from pathlib import Path

_LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")
_DATETIME = re.compile(rb"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")
_TEXT = (".html", ".xml", ".json", ".js", ".css", ".txt")
_UNORDERED = re.compile(r"(^|/)pagefind/(?:[^/]+/)?(filter/[^/]+\.pf_filter|[^/]+\.pf_meta|pagefind-entry\.json)$")
_HASH = re.compile(rb"[a-z]{2}(?:-[a-z]+)?_[0-9a-f]{7,}")


def normalise(rel: str, data: bytes) -> bytes:
    if rel.endswith(".gz"):
        data, rel = gzip.decompress(data), rel[:-3]  # the gzip header holds the build time too
    if rel.endswith(_TEXT):
        data = _DATETIME.sub(b"<TIME>", _LASTMOD.sub(b"<lastmod/>", data))
    return data


def unordered_key(rel: str, data: bytes) -> tuple[str, bytes]:
    """A Pagefind filter/meta/entry file as (kind, its bytes sorted, hashes masked): equal up to order."""
    if not rel.endswith(".json"):
        data = gzip.decompress(data)
    return rel.rsplit(".", 1)[-1], bytes(sorted(_HASH.sub(b"#", data)))


def files_of(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def compare_trees(a: Path, b: Path, *, limit: int = 20) -> dict:
    """{"equal", "files", "only_in_a", "only_in_b", "differing", "differing_count"} (lists cut to ``limit``)."""
    files_a, files_b = files_of(a), files_of(b)
    unordered = []
    for files in (files_a, files_b):
        keys = Counter(unordered_key(rel, files[rel].read_bytes()) for rel in files if _UNORDERED.search(rel))
        unordered.append(keys)
        for rel in [rel for rel in files if _UNORDERED.search(rel)]:
            del files[rel]
    only_a = sorted(set(files_a) - set(files_b))
    only_b = sorted(set(files_b) - set(files_a))
    differing = []
    for rel in sorted(set(files_a) & set(files_b)):
        data_a, data_b = files_a[rel].read_bytes(), files_b[rel].read_bytes()
        if data_a != data_b and normalise(rel, data_a) != normalise(rel, data_b):
            differing.append(rel)
    if unordered[0] != unordered[1]:
        kinds = sorted({k for k, _ in (unordered[0] - unordered[1]) + (unordered[1] - unordered[0])})
        differing.append(f"pagefind/ filter or metadata contents ({', '.join(kinds)})")
    return {"equal": not (only_a or only_b or differing), "files": len(files_a),
            "only_in_a": only_a[:limit], "only_in_a_count": len(only_a),
            "only_in_b": only_b[:limit], "only_in_b_count": len(only_b),
            "differing": differing[:limit], "differing_count": len(differing),
            "differing_sizes": {rel: [files_a[rel].stat().st_size, files_b[rel].stat().st_size]
                                for rel in differing[:limit] if rel in files_a}}
