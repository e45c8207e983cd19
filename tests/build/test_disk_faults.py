"""A real disk that fills or is read-only while the site is written: the build ends in one Chinese line on
standard output naming the path and the fault (and that site/ is unchanged), no traceback, no English
MkDocs line about it, and the last site stays; ``make check --json`` likewise. The disk is a small tmpfs
mounted for the test: CI runs as root, so there it always runs. Injected faults (EACCES, EIO, the
second process's errors): unit/test_os_errors.py."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BIN, ROOT, build

pytestmark = pytest.mark.skipif(os.geteuid() != 0 and not os.environ.get("CI"),
                                reason="mounting a tmpfs needs root (CI runs as root: there it must run)")

PAGE = 4096  # tmpfs gives every file whole pages


@contextlib.contextmanager
def tmpfs(path: Path, size: str):
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)
    try:
        yield path
    finally:  # lazily: a background deletion of the failed build's folder may still be under way
        subprocess.run(["umount", "-l", str(path)], check=True)


def mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([str(BIN / "mkdocs"), "build", "-d", str(site)], cwd=project, env=env,
                          capture_output=True, text=True)


def old_site(disk: Path) -> Path:
    site = disk / "site"
    site.mkdir()
    (site / "index.html").write_text("OLD", encoding="utf-8")
    return site


def assert_one_line(result: subprocess.CompletedProcess, fault: str, path: str) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr and "Errno" not in result.stdout + result.stderr
    [line] = result.stdout.strip().splitlines()  # MkDocs logs to standard error; the verdict alone is here
    assert line.startswith(f"网站未生成：写入 {path}") and f"失败：{fault}；" in line, line
    assert line.endswith("后重新运行。原有网站（site/）保持不变。"), line
    return line


def site_blocks(site: Path) -> int:
    """What a built site takes on a tmpfs, in bytes."""
    return sum(-(-p.stat().st_size // PAGE) * PAGE for p in site.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def size_of_site(tmp_path_factory) -> int:
    from conftest import make_project
    project = make_project(tmp_path_factory.mktemp("measure"))
    result = build(project)
    assert result.returncode == 0, result.output
    return site_blocks(result.site)


@pytest.mark.parametrize("share", [0, 0.8, 0.93])
def test_a_disk_that_fills_ends_the_build_in_one_line_and_keeps_the_site(mini, size_of_site, share):
    """0: too small for the theme's files (2 MB); 0.8 and 0.93 of the site: full while pages are written and
    indexed for search (Pagefind exits 0 with an empty index there: recognised as a full disk)."""
    size = "2m" if not share else f"{int(size_of_site * share) // 1024}k"
    with tmpfs(mini / "disk", size) as disk:
        site = old_site(disk)
        result = mkdocs_build(mini, site)
        assert_one_line(result, "磁盘空间已满（ENOSPC）", "disk/.site.building-")
        assert [p.name for p in site.iterdir()] == ["index.html"] and (site / "index.html").read_text() == "OLD"
        assert not [p for p in disk.iterdir() if ".building-" in p.name]  # (renamed away at once, deleted after)


def test_a_read_only_disk_ends_the_build_in_one_line_and_keeps_the_site(mini):
    with tmpfs(mini / "disk", "16m") as disk:
        site = old_site(disk)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = mkdocs_build(mini, site)
        assert_one_line(result, "所在的磁盘是只读的（EROFS）", "disk/.site.building-")
        assert (site / "index.html").read_text() == "OLD"


def test_make_check_json_onto_a_full_disk_is_one_line_and_keeps_the_old_report(mini):
    with tmpfs(mini / "disk", "1m") as disk:
        report = disk / "report.json"
        report.write_text("OLD", encoding="utf-8")
        with contextlib.suppress(OSError), open(disk / "filler", "wb") as filler:
            while True:
                filler.write(b"\0" * 65536)
        env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"))
        result = subprocess.run([sys.executable, "-m", "govsite.checks", "--as-of", "2025-06-30", "--json",
                                 "disk/report.json"], cwd=mini, env=env, capture_output=True, text=True)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert result.stderr.strip() == ("检查报告未写入：写入 disk/report.json 失败：磁盘空间已满（ENOSPC）；"
                                         "腾出磁盘空间（删去不用的文件）后重新运行。原有的报告文件保持不变。")
        assert report.read_text(encoding="utf-8") == "OLD" and sorted(p.name for p in disk.iterdir()) == ["filler", "report.json"]
