"""Pagefind's filter files in one order (govsite.search.canonical): two bundles of the same pages whose
filter values and filters Pagefind wrote in different orders become the same files, named as Pagefind
names them; a file in a format the module does not know leaves the bundle as it was.
(tests/build/test_deterministic_build.py runs it on the real Pagefind's output.)"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
from pathlib import Path

import pytest

from govsite.search import canonical, indexer
from govsite.views.search import Bundle

LANGUAGE = "zh-cn"
VALUES = {"机构": {f"单位{n:02d}": [n, n + 30] for n in range(25)},
          "类型": {"栏目": list(range(0, 60, 2)), "文件": list(range(1, 60, 2))},
          "领域": {"扶贫": [3], "教育": [4, 5]}}


def pagefind_name(body: bytes, length: int) -> str:
    """As Pagefind's utils.rs full_hash: each byte as {:x?}, i.e. hex without a leading zero."""
    return f"{LANGUAGE}_" + "".join(format(b, "x") for b in hashlib.sha1(body).digest())[:length]


def write(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(canonical.SIGNATURE + canonical.encode(value), mtime=0))


def bundle(folder: Path, seed: int) -> Path:
    """A Pagefind bundle as Pagefind 1.5 writes one: filters and their values in the order of ``seed``."""
    shuffle = random.Random(seed).shuffle
    filters = []
    names = list(VALUES)
    shuffle(names)
    for name in names:
        values = [[value, pages] for value, pages in VALUES[name].items()]
        shuffle(values)
        body = canonical.encode([name, values])
        filters.append([name, pagefind_name(body, 7)])
        write(folder / "filter" / f"{filters[-1][1]}.pf_filter", [name, values])
    meta = ["1.5.2", [[f"{LANGUAGE}_abcdef{n}", 100 + n] for n in range(60)], [["a", "z", f"{LANGUAGE}_1234567"]],
            filters, [["date", list(range(60))]], ["title", "机构"]]
    meta_name = pagefind_name(canonical.encode(meta), 13)
    write(folder / f"pagefind.{meta_name}.pf_meta", meta)
    (folder / "fragment").mkdir()
    (folder / "fragment" / f"{LANGUAGE}_abcdef0.pf_fragment").write_bytes(b"untouched")
    entry = {"version": "1.5.2", "languages": {LANGUAGE: {"hash": meta_name, "wasm": None, "page_count": 60}},
             "include_characters": ["_", "＿"]}
    (folder / canonical.ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_pages_in_two_orders_give_the_same_files(tmp_path):
    one, two = bundle(tmp_path / "one", 1), bundle(tmp_path / "two", 2)
    assert tree(one) != tree(two)  # Pagefind's own output differs
    assert canonical.canonicalise(one) and canonical.canonicalise(two)
    assert tree(one) == tree(two)
    assert not canonical.canonicalise(one)  # already canonical: nothing written
    entry = json.loads((one / canonical.ENTRY).read_text(encoding="utf-8"))
    meta = canonical.read(one / f"pagefind.{entry['languages'][LANGUAGE]['hash']}.pf_meta")
    assert entry["languages"][LANGUAGE]["hash"] == pagefind_name(canonical.encode(meta), 13)
    assert [name for name, _ in meta[canonical.FILTERS]] == sorted(VALUES)
    assert len(list(one.glob("*.pf_meta"))) == 1 and len(list((one / "filter").iterdir())) == len(VALUES)
    for name, file in meta[canonical.FILTERS]:
        index = canonical.read(one / "filter" / f"{file}.pf_filter")
        assert index == [name, sorted([value, pages] for value, pages in VALUES[name].items())]
        assert file == pagefind_name(canonical.encode(index), 7)  # named as Pagefind names a file
    assert (one / "fragment" / f"{LANGUAGE}_abcdef0.pf_fragment").read_bytes() == b"untouched"


def test_cbor_is_written_with_the_shortest_heads():
    for value, encoded in [(0, b"\x00"), (23, b"\x17"), (24, b"\x18\x18"), (255, b"\x18\xff"), (256, b"\x19\x01\x00"),
                           (65536, b"\x1a\x00\x01\x00\x00"), ("", b"\x60"), ("字", b"\x63\xe5\xad\x97"),
                           ([1, ["a"]], b"\x82\x01\x81\x61a")]:
        assert canonical.encode(value) == encoded
        assert canonical.decode(encoded) == (value, len(encoded))


@pytest.mark.parametrize("body", [b"\xa1\x61a\x01",  # a map
                                  b"\x9f\x01\xff",  # an indefinite-length array
                                  b"\x82\x61a",  # cut short
                                  b"\x18\x05"],  # 5 in two bytes: would not be written back the same
                         ids=["map", "indefinite", "short", "long-head"])
def test_a_format_it_does_not_know_leaves_the_bundle_as_it_was(tmp_path, body):
    folder = bundle(tmp_path / "b", 1)
    [meta] = folder.glob("*.pf_meta")
    meta.write_bytes(gzip.compress(canonical.SIGNATURE + body))
    before = tree(folder)
    with pytest.raises(canonical.Unexpected):
        canonical.canonicalise(folder)
    assert tree(folder) == before


def test_the_indexer_keeps_a_bundle_it_cannot_read_and_says_so(tmp_path, caplog):
    folder = bundle(tmp_path / "b", 1)
    [meta] = folder.glob("*.pf_meta")
    meta.write_bytes(gzip.compress(canonical.SIGNATURE + b"\xa1\x61a\x01"))
    before = tree(folder)
    indexer._canonicalise(folder, Bundle("d2026", "", ()))  # the search still works: the build goes on
    assert tree(folder) == before
    [record] = caplog.records
    assert record.levelname == "WARNING" and "Search index d2026 left in Pagefind's own order" in record.getMessage()
