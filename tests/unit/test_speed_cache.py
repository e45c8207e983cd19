"""The speed room's caches between builds: a page's key text (``reuse.content``) is written the way it always
was, with each type's way looked up once; a build reads a feed whose key the last build saved from the
last site instead of writing it again (``speed.feeds.Written``), and the pipeline's output is the same."""

from __future__ import annotations

import collections
import dataclasses
import datetime
import enum
import json
from pathlib import Path

from markupsafe import Markup

from govsite import pipeline, speed, urls
from govsite.render import machine
from govsite.render.output import AtomicOutput
from govsite.search import readings, t2s
from govsite.speed import feeds as speed_feeds
from govsite.speed import reuse

from test_speed import AS_OF, _inputs


def _reference(value) -> str:
    """``content`` as it was written first: every value asked what it is."""
    parts: list[str] = []

    def walk(value):
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            parts.append(type(value).__qualname__ + "(")
            for f in dataclasses.fields(value):
                parts.append(f.name + "=")
                walk(getattr(value, f.name))
                parts.append(",")
            parts.append(")")
        elif isinstance(value, dict):
            parts.append("{")
            for key, item in value.items():
                parts.append(repr(key) + ":")
                walk(item)
                parts.append(",")
            parts.append("}")
        elif isinstance(value, (list, tuple)):
            parts.append("[")
            for item in value:
                walk(item)
                parts.append(",")
            parts.append("]")
        elif isinstance(value, (set, frozenset)):
            parts.append("{" + ",".join(sorted(repr(item) for item in value)) + "}")
        else:
            parts.append(repr(value))

    walk(value)
    return "".join(parts)


@dataclasses.dataclass(frozen=True)
class _Inner:
    name: str
    tags: frozenset = frozenset()


@dataclasses.dataclass
class _Outer:
    inner: _Inner
    kind: type = _Inner  # a class as a value: its repr, not its fields
    extra: dict = dataclasses.field(default_factory=dict, repr=False)  # not in repr, still in the key


class _Colour(enum.Enum):
    RED = "红"


def test_the_key_text_is_what_it_was(mini):
    made = pipeline.make(_inputs(mini), AS_OF)
    text = reuse._Text()  # kept over every view, as page_keys does
    for view in made.views.values():
        assert reuse.content(view, text) == _reference(view)
    odd = [_Outer(_Inner("甲", frozenset({"b", "a"})), extra={"k": [1, (2, None)]}),
           collections.namedtuple("Pair", "a b")(1, "二"), {3, 1}, Markup("<b>粗</b>"), _Colour.RED, _Inner,
           [1.5, True, datetime.date(2025, 1, 2)], b"bytes"]
    for value in odd:
        assert reuse.content(value, text) == _reference(value) == reuse.content(value)
    assert "extra=" in reuse.content(odd[0])


def _build_output(site: Path) -> AtomicOutput:
    output = AtomicOutput()
    Path(output.begin(str(site))).mkdir(parents=True)
    return output


def test_a_build_takes_unchanged_feeds_from_the_last_site(mini, tmp_path, monkeypatch):
    """A build (not mkdocs serve): feeds whose view and code are the last build's are read from the last site."""
    inputs, site = _inputs(mini), tmp_path / "site"
    first = speed.Speed(command="build").begin(_build_output(site))
    made = first.make(inputs, AS_OF)
    assert first.old_feeds is not None and first.old_feeds.taken == 0
    assert {urls.FEED, urls.open_data_file("documents", "json"), urls.open_data_file("documents", "csv"),
            readings.PATH, t2s.PATH} <= set(first.old_feeds.keys)  # feeds, open data, the search page's tables
    site.mkdir()  # the last site, as the swap leaves it, and its keys
    for uri in first.old_feeds.keys:
        (site / uri).parent.mkdir(parents=True, exist_ok=True)
        (site / uri).write_bytes(made.files[uri])
    reuse.keys_file(site).write_text(json.dumps({"format": reuse.FORMAT, speed_feeds.KEYS: first.old_feeds.keys}),
                                     encoding="utf-8")
    changed = urls.FEED  # the whole site's feed
    (site / changed).write_bytes(b"not read: its key is another")
    keys = json.loads(reuse.keys_file(site).read_text(encoding="utf-8"))
    keys[speed_feeds.KEYS][changed] = "another"
    reuse.keys_file(site).write_text(json.dumps(keys), encoding="utf-8")

    plain = pipeline.make(inputs, AS_OF).files
    written: list[str] = []
    atom = machine.atom
    monkeypatch.setattr(machine, "atom", lambda feed: written.append(feed.uri) or atom(feed))
    monkeypatch.setattr(readings, "readings", lambda: written.append(readings.PATH) or {})  # not made again
    second = speed.Speed(command="build").begin(_build_output(site))
    again = second.make(inputs, AS_OF)
    assert written == [changed]  # only the feed whose key differs is written again
    assert second.old_feeds.taken == len(first.old_feeds.keys) - 1
    assert again.files == plain


def test_a_feed_is_written_again_when_the_code_changes(mini, tmp_path):
    made = pipeline.make(_inputs(mini), AS_OF)
    feed = next(f for f in machine_feeds(made))
    site = tmp_path / "site"
    (site / feed.uri).parent.mkdir(parents=True)
    (site / feed.uri).write_bytes(b"old bytes")
    old = speed_feeds.Written(site, {}, "code-1")
    old.atom(feed)
    same = speed_feeds.Written(site, old.keys, "code-1")
    assert same.atom(feed) == b"old bytes" and same.taken == 1
    other = speed_feeds.Written(site, old.keys, "code-2")
    assert other.atom(feed) == machine.atom(feed) and other.taken == 0
    assert speed_feeds.code_key(Path(speed.__file__).parent.parent) == speed_feeds.code_key(Path(speed.__file__).parent.parent)


def machine_feeds(made: pipeline.Output):
    from govsite.views import feeds as feed_views
    return feed_views.plan(made.site, made.meta.absolute, site_name="站", author="站")
