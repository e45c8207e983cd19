"""The speed room (govsite.speed) without building: its off switch is a setting read once where the run starts
(build.Switches) and handed down; off, it keeps and takes over nothing; on, its caches change how fast the
pipeline's output is made, never the output. That a whole site is the same either way:
build/test_speed_off.py."""

from __future__ import annotations

import datetime
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import Files, get_files

from govsite import build, pipeline, speed
from govsite.parse import settings as settings_module
from govsite.parse.errors import ErrorCollector
from govsite.render.output import AtomicOutput
from govsite.speed import reuse

AS_OF = datetime.date(2025, 6, 30)


def test_the_off_switch_is_read_once_where_the_run_starts():
    assert build.Switches.read({speed.OFF: "1"}).no_speed and not build.Switches.read({}).no_speed
    off = build.Run("serve", {speed.OFF: "1"}).speed
    assert not off.enabled and off.one_process and off.render_each  # one process, Material's whole frame
    assert off.feeds is None and off.compiled is None
    on = build.Run("serve", {}).speed
    assert on.enabled and not on.one_process and not on.render_each
    assert on.feeds is not None and on.compiled is not None


def _inputs(project: Path) -> pipeline.Inputs:
    config = load_config(str(project / "mkdocs.yml"))
    errors = ErrorCollector()
    settings = settings_module.load(config.extra, errors)
    errors.raise_if_any()
    files = get_files(config)
    theme = project / "overrides"  # MkDocs adds the theme's files to content/'s (the banner is one)
    return pipeline.Inputs(project, Path(config.docs_dir), settings, config.site_name, config.site_url,
                           config.use_directory_urls, tuple(f.src_uri for f in files.documentation_pages()),
                           frozenset(f.src_uri for f in files) | {p.relative_to(theme).as_posix() for p in theme.rglob("*")})


def _site(tmp_path: Path) -> AtomicOutput:
    output = AtomicOutput()
    Path(output.begin(str(tmp_path / "site"))).mkdir()
    return output


def test_the_caches_change_no_value(mini, tmp_path):
    """Front matter taken from the last build and feeds already written give the pipeline's own output."""
    inputs, room = _inputs(mini), speed.Speed(command="serve")
    first = room.begin(_site(tmp_path))
    first.make(inputs, AS_OF)
    first.parsed.save()
    second = room.begin(_site(tmp_path))
    made = second.make(inputs, AS_OF)
    assert second.parsed.hits > 0 and room.feeds.made  # the caches were used
    plain = pipeline.make(inputs, AS_OF)
    assert made.files == plain.files
    assert reuse.content(dict(made.views)) == reuse.content(dict(plain.views))


def test_off_it_takes_over_nothing_and_leaves_no_keys(mini, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("OLD", encoding="utf-8")
    keys, (spare, spare_keys) = reuse.keys_file(site), speed.spare.paths(site)
    keys.write_text("{}", encoding="utf-8")
    spare.mkdir()
    spare_keys.write_text("{}", encoding="utf-8")
    output = AtomicOutput()
    staging = Path(output.begin(str(site)))
    staging.mkdir()
    (staging / "index.html").write_text("NEW", encoding="utf-8")
    off = speed.Speed(enabled=False).begin(output)
    assert off.parsed is None
    inputs = _inputs(mini)
    made = off.make(inputs, AS_OF)
    assert off.plan(made, Files([]), None, inputs.settings) == set() and off.reuse is None
    off.share(Files([]), set(), set())
    assert off.worker is None and not off.skips_pages
    assert off.commit(None) == site and (site / "index.html").read_text(encoding="utf-8") == "NEW"
    assert not keys.exists() and not spare.exists() and not spare_keys.exists()
