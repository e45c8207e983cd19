"""speed.frontmatter: front matter of unchanged files is taken from the last build, any change
to a file (or to the parsing code) parses it again, and a damaged cache is ignored."""

import os
import pickle

from govsite.speed import frontmatter as fc


def test_unchanged_files_come_from_the_last_build_and_changed_ones_do_not(tmp_path):
    doc, other = tmp_path / "a.md", tmp_path / "b.md"
    doc.write_text("---\n标题: 甲\n---\n", encoding="utf-8")
    other.write_text("---\n标题: 乙\n---\n", encoding="utf-8")
    store = tmp_path / ".site.front-matter.pickle"
    first = fc.FrontMatterStore(store)
    for path, value in ((doc, "甲"), (other, "乙")):
        identity, cached = first.get(path)
        assert cached is None
        first.put(path, identity, value)
    first.save()
    second = fc.FrontMatterStore(store)
    assert second.get(doc)[1] == "甲" and second.hits == 1
    other.write_text("---\n标题: 丙\n---\n", encoding="utf-8")  # same size: the times and inode tell
    assert second.get(other)[1] is None
    second.save()
    third = fc.FrontMatterStore(store)
    assert third.get(doc)[1] == "甲" and third.get(other)[1] is None  # only what this build read is kept


def test_a_touched_file_is_parsed_again(tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text("x", encoding="utf-8")
    cache = fc.FrontMatterStore(tmp_path / "c")
    cache.put(doc, cache.get(doc)[0], "old")
    cache.save()
    stat = doc.stat()
    os.utime(doc, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert fc.FrontMatterStore(tmp_path / "c").get(doc)[1] is None


def test_a_damaged_or_foreign_cache_is_ignored(tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text("x", encoding="utf-8")
    store = tmp_path / "c"
    store.write_bytes(b"not a pickle")
    assert fc.FrontMatterStore(store).get(doc)[1] is None
    identity = fc._identity(doc.stat())
    store.write_bytes(pickle.dumps({"fingerprint": "older parsing code", "entries": {str(doc): (identity, "stale")}}))
    assert fc.FrontMatterStore(store).get(doc)[1] is None
    store.write_bytes(pickle.dumps({"fingerprint": fc._FINGERPRINT, "entries": {str(doc): (identity, "kept")}}))
    assert fc.FrontMatterStore(store).get(doc)[1] == "kept"


def test_no_file_means_no_cache(tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text("x", encoding="utf-8")
    cache = fc.FrontMatterStore(None)
    cache.put(doc, cache.get(doc)[0], "v")
    cache.save()
    assert list(tmp_path.iterdir()) == [doc]


def test_the_catalog_from_the_cache_is_the_catalog_parsed(tmp_path):
    from conftest import EXAMPLE

    from govsite.model import catalog
    from govsite.parse.errors import ErrorCollector

    store = tmp_path / ".site.front-matter.pickle"
    first = fc.FrontMatterStore(store)
    parsed = catalog.load(EXAMPLE / "catalog", EXAMPLE, ErrorCollector(), first)
    first.save()
    again = fc.FrontMatterStore(store)
    cached = catalog.load(EXAMPLE / "catalog", EXAMPLE, ErrorCollector(), again)
    assert again.hits == len([p for p in (EXAMPLE / "catalog").glob("*.yml") if not p.name.startswith("_")])
    assert [(i.id, i.name, i.tiers, i.role) for i in cached.items.values()] == \
        [(i.id, i.name, i.tiers, i.role) for i in parsed.items.values()]


def test_the_process_that_wrote_the_cache_does_not_read_it_back(tmp_path, monkeypatch):
    """mkdocs serve: the next rebuild takes the entries from memory; a cache file written since by another
    process (a different file) is read."""
    doc = tmp_path / "a.md"
    doc.write_text("x", encoding="utf-8")
    store = tmp_path / "c"
    written = {}  # the process's memory of what it wrote: on the hooks' run (build.Run), not in a module
    cache = fc.FrontMatterStore(store, written)
    cache.put(doc, cache.get(doc)[0], "mine")
    cache.save()
    loads = []
    real_load = pickle.load
    monkeypatch.setattr(fc.pickle, "load", lambda stream: loads.append(1) or real_load(stream))
    assert fc.FrontMatterStore(store, written).get(doc)[1] == "mine" and loads == []
    identity = fc._identity(doc.stat())
    other = tmp_path / "other"
    other.write_bytes(pickle.dumps({"fingerprint": fc._FINGERPRINT, "entries": {str(doc): (identity, "theirs")}}))
    os.replace(other, store)
    assert fc.FrontMatterStore(store, written).get(doc)[1] == "theirs" and loads == [1]
