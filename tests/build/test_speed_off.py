"""The speed room switched off (GOVSITE_NO_SPEED=1: ``govsite.speed``) gives the same site, byte for byte,
file for file, Pagefind's files included: a full build of the example county, and an incremental rebuild of
the mini county after an edit. The comparison is exact (no file is normalised), so a page the speed room
took over stale fails it: shown here with a last site tampered with behind the keys' back."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import EXAMPLE_AS_OF, build, example_project

from govsite import speed

POLICY = "content/departments/nongye/zhengce.md"
OFF = {speed.OFF: "1"}
STALE = "townships/chengguan/dongjie/xiangmu/index.html"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(a: Path, b: Path) -> list[str]:
    """Every file that is in one site only, or holds other bytes in the other."""
    first, second = tree(a), tree(b)
    return sorted(path for path in first.keys() | second.keys() if first.get(path) != second.get(path))


def _retitle(project: Path) -> None:
    policy = project / POLICY
    policy.write_text(re.sub(r"^标题: (.*)$", r"标题: \1（修订）", policy.read_text(encoding="utf-8"), count=1, flags=re.M),
                      encoding="utf-8")


def test_the_example_county_is_the_same_with_the_speed_room_off(tmp_path):
    project = example_project(tmp_path)
    fast = build(project, site=tmp_path / "fast" / "site", env={"GOV_AS_OF": EXAMPLE_AS_OF})
    slow = build(project, site=tmp_path / "slow" / "site", env={"GOV_AS_OF": EXAMPLE_AS_OF, **OFF})
    assert fast.returncode == 0 and slow.returncode == 0, fast.output[-3000:] + slow.output[-3000:]
    assert "Rendering in two processes" in fast.output and "Rendering in two processes" not in slow.output
    assert differences(fast.site, slow.site) == []
    assert any(path.endswith(".pf_filter") for path in tree(fast.site))  # Pagefind's files are compared too
    # speed off leaves nothing for a later build to take over, and keeps no spare
    assert sorted(p.name for p in (tmp_path / "slow").iterdir() if p.name.startswith(".site.")) == []


def test_an_incremental_rebuild_is_the_same_as_a_build_with_the_speed_room_off(mini, tmp_path):
    for _ in range(2):  # the second leaves the first site as the spare
        assert build(mini).returncode == 0
    _retitle(mini)
    fast = build(mini)
    assert fast.returncode == 0, fast.output
    assert "Incremental build:" in fast.output and "kept in place" in fast.output  # reuse and the spare at work
    clean = tmp_path / "clean"
    shutil.copytree(mini, clean, ignore=shutil.ignore_patterns("site", ".site*"))
    slow = build(clean, env=OFF)
    assert slow.returncode == 0, slow.output
    assert "Incremental build" not in slow.output and "Front matter of" not in slow.output
    assert differences(fast.site, slow.site) == []
    # speed off in the same project: the last build's keys and the spare go (they do not describe its site),
    # so the next fast build takes nothing over from a site it did not key
    (mini / POLICY).write_text((mini / POLICY).read_text(encoding="utf-8") + "\n补充一段正文。\n", encoding="utf-8")
    off = build(mini, env=OFF)
    assert off.returncode == 0, off.output
    assert not (mini / ".site.keys.json").exists() and not (mini / ".site.spare").exists()
    written = tree(off.site)
    again = build(mini)
    assert again.returncode == 0 and "Incremental build:" not in again.output, again.output
    assert tree(again.site) == written


def test_a_stale_page_taken_over_is_caught(mini, tmp_path):
    """A page the last build wrote, changed behind the keys' back: the speed room takes it over (its key is
    unchanged), and the comparison with the speed room off names it."""
    assert build(mini).returncode == 0
    stale = mini / "site" / STALE  # a page of another organisation: the edit below leaves it alone
    stale.write_text(stale.read_text(encoding="utf-8").replace("</body>", "<p>STALE</p></body>"), encoding="utf-8")
    _retitle(mini)
    fast = build(mini)
    assert fast.returncode == 0 and "Incremental build:" in fast.output, fast.output
    clean = tmp_path / "clean"
    shutil.copytree(mini, clean, ignore=shutil.ignore_patterns("site", ".site*"))
    slow = build(clean, env=OFF)
    assert slow.returncode == 0, slow.output
    assert differences(fast.site, slow.site) == [STALE]
