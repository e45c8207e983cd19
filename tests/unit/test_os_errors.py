"""An OS error while the site is written (disk full, no permission, read-only disk, I/O error) ends the build in
one Chinese line naming the path, never a traceback, and the last site stays (``build.failed``,
``AtomicOutput.failure``); ``make check --json`` likewise. The errors are injected here; tests/build/
test_disk_faults.py fills and write-protects a real disk."""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import Abort, PluginError

import govsite_hooks
from govsite import build, speed
from govsite.checks import __main__ as checks_main
from govsite.parse.errors import os_problem
from govsite.render import output as output_module
from govsite.render.output import AtomicOutput

FAULTS = {  # errno: what the line says
    errno.ENOSPC: "磁盘空间已满（ENOSPC）",
    errno.EACCES: "没有写入权限（EACCES）",
    errno.EROFS: "所在的磁盘是只读的（EROFS）",
    errno.EIO: "磁盘读写出错（I/O 错误）（EIO）",
}


def fault(code: int, path=None) -> OSError:
    return OSError(code, os.strerror(code), *([str(path)] if path is not None else []))


@pytest.fixture
def site(tmp_path) -> Path:
    """A project folder with the last good site in site/."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("OLD", encoding="utf-8")
    return tmp_path / "site"


def one_line(raised) -> str:
    line = str(raised.value)
    assert "\n" not in line and "Traceback" not in line and "Errno" not in line
    return line


@pytest.mark.parametrize("code", FAULTS)
def test_os_problem_names_the_path_the_fault_and_the_fix(code):
    line = os_problem(fault(code, "/srv/site/a/index.html"))
    assert line.startswith(f"写入 /srv/site/a/index.html 失败：{FAULTS[code]}；") and line.endswith("后重新运行。")


def test_a_copy_names_the_file_it_wrote_not_the_one_it_read():
    error = OSError(errno.ENOSPC, "No space left on device", "/venv/material/app.js", None, "/srv/site/app.js")
    assert os_problem(error).startswith("写入 /srv/site/app.js 失败")


def test_a_failed_write_names_no_file_so_the_folder_written_is_named():
    assert os_problem(fault(errno.ENOSPC), "/srv/.site.building-1").startswith("写入 /srv/.site.building-1 失败")


@pytest.mark.parametrize("code", FAULTS)
def test_a_build_that_meets_an_os_error_ends_in_one_chinese_line_and_keeps_the_last_site(site, code):
    output = AtomicOutput()
    staging = Path(output.begin(str(site)))
    (staging / "page").mkdir(parents=True)
    with pytest.raises(Abort) as raised:
        build.failed(None, output, fault(code, staging / "page" / "index.html"))
    line = one_line(raised)
    assert line == (f"网站未生成：写入 {staging / 'page' / 'index.html'} 失败：{FAULTS[code]}；"
                    f"{line.split('；', 1)[1].split('。')[0]}。原有网站（site/）保持不变。")
    assert (site / "index.html").read_text(encoding="utf-8") == "OLD" and not staging.exists()


def test_the_first_build_does_not_claim_a_last_site(tmp_path):
    output = AtomicOutput()
    output.begin(str(tmp_path / "site"))
    with pytest.raises(Abort) as raised:
        build.failed(None, output, fault(errno.ENOSPC))
    assert one_line(raised).endswith("后重新运行。") and "保持不变" not in str(raised.value)


def test_an_os_error_behind_another_error_is_found(site):
    """The search index raises a PluginError from the OSError of a link, say."""
    output = AtomicOutput()
    output.begin(str(site))
    try:
        try:
            raise fault(errno.ENOSPC, site.parent / "x")
        except OSError as exc:
            raise PluginError("搜索索引生成失败（Pagefind）：…") from exc
    except PluginError as wrapped:
        error = wrapped
    with pytest.raises(Abort) as raised:
        build.failed(None, output, error)
    assert "磁盘空间已满（ENOSPC）" in one_line(raised)


def test_other_errors_are_left_to_mkdocs(site):
    output = AtomicOutput()
    staging = Path(output.begin(str(site)))
    staging.mkdir()
    build.failed(None, output, PluginError("网站未生成：发现 1 处内容错误"))
    build.failed(None, output, ValueError("x"))
    assert not staging.exists() and (site / "index.html").read_text(encoding="utf-8") == "OLD"


def test_the_mkdocs_event_raises_the_line(site, monkeypatch):
    """on_build_error is the hooks' last word on a failed build (MkDocs prints an Abort as it is)."""
    run = build.Run("build", {})
    run.output.begin(str(site))
    monkeypatch.setattr(govsite_hooks, "run", run)
    with pytest.raises(Abort) as raised:
        govsite_hooks.on_build_error(error=fault(errno.ENOSPC))
    assert one_line(raised).startswith("网站未生成：写入 ") and "原有网站（site/）保持不变" in str(raised.value)


def test_mkdocs_own_english_line_about_the_same_error_is_not_shown(caplog):
    logger = logging.getLogger("mkdocs.commands.build")
    with caplog.at_level(logging.ERROR, logger="mkdocs.commands.build"):
        logger.error("Error building page 'a.md': [Errno 28] No space left on device")
        logger.error("Error building page 'b.md': something else")
    assert [r.getMessage() for r in caplog.records] == ["Error building page 'b.md': something else"]


def test_the_second_process_passes_its_os_error_on():
    """speed.parallel's child reports an OSError as such; the parent raises it for build.failed."""
    error = fault(errno.ENOSPC, "/srv/.site.building-1/a/index.html")
    shortcuts = speed.Speed().begin(AtomicOutput())
    shortcuts.worker = SimpleNamespace(started=True, finish=lambda: ([], {"os_error": error, "failure": str(error)}))
    state = SimpleNamespace(speed=shortcuts, indexer=None, render_errors=SimpleNamespace(errors=[]))
    with pytest.raises(OSError) as raised:
        build._join(state, AtomicOutput())
    assert raised.value is error


def test_a_swap_that_fails_puts_the_last_site_back(site, monkeypatch):
    output = AtomicOutput()
    staging = Path(output.begin(str(site)))
    staging.mkdir()
    (staging / "index.html").write_text("NEW", encoding="utf-8")
    real = os.replace

    def replace(source, target):
        if Path(source) == staging:
            raise fault(errno.EIO, source)
        return real(source, target)

    monkeypatch.setattr(output_module.os, "replace", replace)
    with pytest.raises(OSError):
        output.commit()
    assert (site / "index.html").read_text(encoding="utf-8") == "OLD"
    monkeypatch.setattr(output_module.os, "replace", real)
    with pytest.raises(Abort) as raised:
        build.failed(None, output, fault(errno.EIO, staging))
    assert "原有网站（site/）保持不变" in one_line(raised)


def test_a_full_disk_is_recognised_where_a_tool_does_not_say_why(tmp_path, monkeypatch):
    """Pagefind exits 0 with an empty index file when the disk fills (search.indexer asks disk_full)."""
    monkeypatch.setattr(output_module.shutil, "disk_usage", lambda path: SimpleNamespace(free=4096))
    full = output_module.disk_full(tmp_path)
    assert full.errno == errno.ENOSPC and full.filename == str(tmp_path)
    monkeypatch.setattr(output_module.shutil, "disk_usage", lambda path: SimpleNamespace(free=10 << 20))
    assert output_module.disk_full(tmp_path) is None


# --- make check --json ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", FAULTS)
def test_check_report_that_cannot_be_written_is_one_line_and_the_old_file_stays(tmp_path, monkeypatch, capsys, code):
    report = tmp_path / "report.json"
    report.write_text("OLD", encoding="utf-8")

    def write_text(self, *args, **kwargs):
        raise fault(code, self)

    monkeypatch.setattr(Path, "write_text", write_text)
    assert checks_main._write(report, "{}") is False
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"检查报告未写入：写入 {report} 失败：{FAULTS[code]}；")
    assert line.endswith("原有的报告文件保持不变。")
    monkeypatch.undo()
    assert report.read_text(encoding="utf-8") == "OLD" and [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_check_report_into_a_missing_folder(mini, tmp_path):
    from test_checks_main import check
    result = check(mini, "--as-of", "2025-06-30", "--json", str(tmp_path / "missing" / "report.json"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (f"检查报告未写入：写入 {tmp_path / 'missing' / 'report.json'} 失败：所在的文件夹不存在"
                                     "（ENOENT）；先建好该文件夹，或换一个已有的位置后重新运行。")


# --- the tools' writes (make new, make annual-report, make codeowners) -----------------------------


def tool_county(tmp_path) -> Path:
    import shutil
    from conftest import FIXTURES, ROOT
    project = tmp_path / "county"
    shutil.copytree(FIXTURES / "mini", project)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def content_files(project: Path) -> set[Path]:
    return {p for p in project.rglob("*") if p.is_file()}


def faulty_writes(monkeypatch, code=errno.ENOSPC):
    """ENOSPC: the file is made, then the disk fills as it is written (the worst case: a partial file); the
    others: the file cannot be made."""
    real_open, real_write_text = Path.open, Path.write_text

    class Filling:
        def __init__(self, stream):
            self.stream = stream

        def write(self, text):
            self.stream.write(text[:1])
            self.stream.flush()
            raise fault(code)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

    def open_(self, mode="r", *args, **kwargs):
        if "r" in mode:
            return real_open(self, mode, *args, **kwargs)
        if code != errno.ENOSPC:
            raise fault(code, self)
        return Filling(real_open(self, mode, *args, **kwargs))

    def write_text(self, text, *args, **kwargs):
        with open_(self, "w", encoding="utf-8") as stream:
            stream.write(text)

    monkeypatch.setattr(Path, "open", open_)
    monkeypatch.setattr(Path, "write_text", write_text)


@pytest.mark.parametrize("code", FAULTS)
def test_make_new_on_a_full_or_protected_disk_is_one_line_and_leaves_nothing(tmp_path, monkeypatch, code):
    import datetime
    from govsite.tools import new
    from govsite.tools.project import Project, Refused
    project = tool_county(tmp_path)
    before = content_files(project)
    loaded = Project.load(project / "mkdocs.yml")
    faulty_writes(monkeypatch, code)
    with pytest.raises(Refused) as raised:
        new.create(loaded, "nongye", "fupin-01", "关于做好扶贫资金公示的通知", datetime.date(2025, 6, 3), new.pinyin)
    monkeypatch.undo()
    message = str(raised.value)
    assert message.startswith(f"写入 {project}/content/departments/nongye/2025/") and f"失败：{FAULTS[code]}；" in message
    assert content_files(project) == before


def test_make_annual_report_on_a_full_disk_is_one_line_and_leaves_nothing(tmp_path, monkeypatch):
    import datetime
    from govsite.tools import annual_report
    from govsite.tools.project import Refused
    project = tool_county(tmp_path)
    catalog = project / "catalog/fupin.yml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(
        "    二级事项: 规范性文件\n", "    二级事项: 规范性文件\n    年报统计: 行政规范性文件\n", 1), encoding="utf-8")
    before = content_files(project)
    faulty_writes(monkeypatch)
    with pytest.raises(Refused) as raised:
        annual_report.write(project / "mkdocs.yml", "nongye", 2025, today=datetime.date(2026, 1, 5))
    monkeypatch.undo()
    assert str(raised.value).startswith(f"写入 {project}/content/departments/nongye/") and "磁盘空间已满（ENOSPC）" in str(raised.value)
    assert content_files(project) == before


def test_make_codeowners_on_a_full_disk_keeps_the_files_as_they_were(tmp_path, monkeypatch, capsys):
    from govsite.tools import codeowners
    project = tool_county(tmp_path)
    monkeypatch.chdir(project)
    assert codeowners.main([]) == 0
    before = {p: p.read_bytes() for p in content_files(project)}
    faulty_writes(monkeypatch)
    assert codeowners.main([]) == 1
    monkeypatch.undo()
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("未生成 CODEOWNERS：写入 ") and "磁盘空间已满（ENOSPC）" in line
    assert {p: p.read_bytes() for p in content_files(project)} == before
