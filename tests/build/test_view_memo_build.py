"""The documents' views kept between builds by input key (govsite.speed.memo, issue 23), checked as they are
used: with GOVSITE_VERIFY_VIEWS every kept view and open-data row is made fresh as well and compared, so an
input the key misses fails the build after the edit that shows it. Edits of every kind an editor makes, one
rebuild each, then the site equals a build with the speed room off."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import build
from test_speed_off import OFF, differences

from govsite import speed

VERIFY = {speed.VERIFY_VIEWS: "1"}
ORG = "content/departments/nongye"
POLICY = f"{ORG}/zhengce.md"
READING = f"{ORG}/jiedu.md"
OLD = f"{ORG}/old.md"


def _sub(project: Path, path: str, pattern: str, replacement: str) -> None:
    file = project / path
    text = file.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert changed != text, (path, pattern)
    file.write_text(changed, encoding="utf-8")


def _new_document(project: Path) -> None:
    text = (project / READING).read_text(encoding="utf-8")
    text = text.replace("2025-00002", "2025-00009").replace("政策解读", "政策图解")
    (project / f"{ORG}/tujie.md").write_text(text, encoding="utf-8")


def _move(project: Path) -> None:
    (project / OLD).rename(project / f"{ORG}/old-2019.md")


EDITS = {
    "title": lambda p: _sub(p, POLICY, r"^标题: (.*)$", r"标题: \1（修订）"),
    "date": lambda p: _sub(p, READING, r"^发布日期: .*$", "发布日期: 2025-03-12"),
    "body": lambda p: (p / POLICY).write_text((p / POLICY).read_text(encoding="utf-8") + "\n补充一段正文。\n",
                                              encoding="utf-8"),
    "new document": _new_document,
    "有效性": lambda p: _sub(p, OLD, r"^有效性: .*$", "有效性: 废止"),
    "失效日期": lambda p: _sub(p, POLICY, r"^索引号: (.*)$", "索引号: \\1\n施行日期: 2025-03-10\n失效日期: 2025-06-01"),
    "解读 link": lambda p: _sub(p, f"{ORG}/tujie.md", r"^解读对象: .*\n", ""),
    "moved document": _move,
    "organisation name": lambda p: _sub(p, f"{ORG}/_org.yml", r"^名称: (.*)$", r"名称: \1（新）"),
    "township name": lambda p: _sub(p, "content/townships/chengguan/_org.yml", r"^名称: (.*)$", r"名称: \1（新）"),
    "catalog text": lambda p: _sub(p, "catalog/fupin.yml", r"^(\s+)二级事项: 规范性文件$", r"\1二级事项: 规范性文件（含政策）"),
    "domain name": lambda p: _sub(p, "catalog/fupin.yml", r"^领域: 扶贫$", "领域: 扶贫开发"),
    "settings": lambda p: _sub(p, "mkdocs.yml", r"^site_name: (.*)$", r"site_name: \1测试"),
}


def test_every_kind_of_edit_rebuilds_with_kept_views_that_equal_fresh_ones(mini, tmp_path):
    first = build(mini, env=VERIFY)
    assert first.returncode == 0, first.output[-3000:]
    again = build(mini, env=VERIFY)
    assert again.returncode == 0, again.output[-3000:]
    assert re.search(r"Documents' views and open-data rows: (\d+) of \1 as the last build made them", again.output)
    for kind, edit in EDITS.items():
        edit(mini)
        result = build(mini, env=VERIFY)
        assert result.returncode == 0, f"{kind}: {result.output[-3000:]}"
        assert "StaleView" not in result.output, kind
    assert "as the last build made them" in result.output  # the last rebuild still kept views
    clean = tmp_path / "clean"
    shutil.copytree(mini, clean, ignore=shutil.ignore_patterns("site", ".site*"))
    slow = build(clean, env=OFF)
    assert slow.returncode == 0, slow.output[-3000:]
    assert differences(result.site, slow.site) == []


def test_a_kept_view_that_is_not_what_its_inputs_make_fails_the_build(mini):
    """The safety net itself: a memo file whose view was tampered with behind its key's back."""
    import pickle

    assert build(mini).returncode == 0
    file = mini / ".site.views.pickle"
    stored = pickle.loads(file.read_bytes())
    entry = next(e for e in stored["entries"].values() if hasattr(e[0], "title") and hasattr(e[0], "meta"))
    entry[0].title += "（旧）"
    file.write_bytes(pickle.dumps(stored))
    checked = build(mini, env=VERIFY)
    assert checked.returncode != 0 and "（旧）" in checked.output
