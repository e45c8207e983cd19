"""The same inputs and the same check date give the same site, byte for byte, on any day (issue 23).

The example county is built twice with the same check date (GOV_AS_OF) on two days years apart, the
clock faked with libfaketime (Debian's faketime, installed by tests/system-deps.sh): every file of the two
sites is compared. Nothing the build writes may read the clock (the form editor's year is the check
date's), and Pagefind's filter files, which Pagefind writes in a different order on every run, are put in
one order (govsite.search.canonical), here checked on Pagefind's own output too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pagefind_bin_extended import get_executable

from conftest import EXAMPLE_AS_OF, ROOT, build, example_project
from govsite.render import admin
from govsite.search import canonical
from govsite.search.indexer import index_site

FAKETIME = shutil.which("faketime")
needs_faketime = pytest.mark.skipif(FAKETIME is None, reason="faketime missing: bash tests/system-deps.sh installs it")
DAYS = ("2027-03-01 09:30:00", "2031-12-31 23:50:00")  # a spring morning; New Year's Eve, ten minutes to midnight


def faked(day: str) -> dict[str, str]:
    """The environment that makes a process (and its children) see ``day`` on its clock. Monotonic clocks
    stay real: timeouts and the build's phases measure real time."""
    return {"LD_PRELOAD": _libfaketime(), "FAKETIME": f"@{day}", "FAKETIME_DONT_FAKE_MONOTONIC": "1",
            "FAKETIME_DONT_RESET": "1"}


def _libfaketime() -> str:
    found = subprocess.run([FAKETIME, "-f", "+0", "sh", "-c", "echo $LD_PRELOAD"], capture_output=True, text=True)
    return found.stdout.strip()


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@needs_faketime
def test_the_same_inputs_and_check_date_give_the_same_site_on_any_day(tmp_path):
    for day in DAYS:  # the clock is faked indeed, for Python's datetime too
        shown = subprocess.run([sys.executable, "-c", "import datetime; print(datetime.date.today())"],
                               env=dict(os.environ, **faked(day)), capture_output=True, text=True)
        assert shown.stdout.strip() == day[:10], shown
    project = example_project(tmp_path)
    sites = []
    for n, day in enumerate(DAYS):
        result = build(project, site=tmp_path / f"day{n}" / "site", env={"GOV_AS_OF": EXAMPLE_AS_OF, **faked(day)})
        assert result.returncode == 0, result.output
        assert f"检查结果（{EXAMPLE_AS_OF}）" in result.output
        sites.append(tree(result.site))
    first, second = sites
    assert sorted(first) == sorted(second)
    differing = [path for path in first if first[path] != second[path]]
    assert differing == []
    assert any(path.endswith(".pf_filter") for path in first)
    if (ROOT / admin.BUNDLE / admin.SCRIPT).is_file():  # the form editor is built (npm ci): its year is the check date's
        assert "admin/config.yml" in first


def _small_site(folder: Path) -> Path:
    """Thirty pages in one of twenty organisations each, of one type: filters of many values and of one."""
    for n in range(30):
        page = folder / f"p{n}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f'<!doctype html><html lang="zh-CN"><head><title>文件{n}</title></head><body data-pagefind-body>'
                        f'<h1>关于第{n}号事项的通知</h1><p data-pagefind-filter="机构">单位{n % 20:02d}</p>'
                        f'<p data-pagefind-filter="类型">文件</p><p>正文{n}：政务公开。</p></body></html>',
                        encoding="utf-8")
    return folder


def test_pagefind_bundles_of_the_same_pages_are_the_same_files(tmp_path):
    bundles = []
    for n in range(3):
        site = _small_site(tmp_path / f"site{n}")
        index_site(str(site), expected_pages=30)
        bundles.append(tree(site / "pagefind"))
    assert bundles[0] == bundles[1] == bundles[2]


def test_a_filter_pagefind_wrote_in_order_keeps_pagefinds_name(tmp_path):
    """The names canonical gives are Pagefind's: a filter of one value (in order already) keeps its name."""
    site, out = _small_site(tmp_path / "site"), tmp_path / "out"
    subprocess.run([str(get_executable()), "--site", str(site), "--output-path", str(out), "--quiet"], check=True)

    def filters() -> dict[str, str]:
        [meta] = out.glob("*.pf_meta")
        return dict(canonical.read(meta)[canonical.FILTERS])

    before = filters()
    assert set(before) == {"机构", "类型"}
    canonical.canonicalise(out)
    after = filters()
    assert after["类型"] == before["类型"]
    assert (out / "filter" / f"{after['机构']}.pf_filter").is_file() and len(list((out / "filter").iterdir())) == 2
