"""Helpers for the tests of ``govsite.checks``: load a fixture project, run the checks, compare findings."""

from __future__ import annotations

import datetime
from pathlib import Path

from govsite import checks
from govsite.model import site as model

POLICY = "content/departments/nongye/zhengce.md"  # fupin-01 (需要解读), 2025-03-03 → 2025-03-10
INTERPRETATION = "content/departments/nongye/jiedu.md"  # fupin-02, 2025-03-11, 解读对象 the policy
OLD = "content/departments/nongye/old.md"  # fupin-01, 失效, 2019
PROJECT_SITE = "content/townships/chengguan/dongjie/xiangmu.md"  # fupin-03, 2025-06-03


# Body links the links check accepts (unit/test_checks_links.py), and that work in a built site
# (build/test_checks_build.py).
GOOD_LINKS = ("参见[政策解读](jiedu.md)、[解读页面](../jiedu/)、[资金分配表](files/fenpei.csv \"CSV\")、[本单位](/departments/nongye/)、"
              "[首页](/)、[外部](https://www.gov.cn/)、[邮件](mailto:nongye@example.gov.cn)、[本页](#top)、"
              "[标准目录](../../catalog/fupin/index.md)。\n")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load(project: Path) -> model.Site:
    return model.load(project, project / "content", project / "catalog")


# The mini county's newest document is 2025-06-03 and most tests check it weeks or months later: 首页不更新
# (home_not_updated) is off unless a test sets it (unit/test_checks_updates.py).
FIXTURE_OPTIONS = {"home_not_updated": "off"}


def run(project: Path, as_of: str, options: dict | None = None) -> checks.Report:
    """The checks on the model made for the check date, as the build runs them."""
    day = datetime.date.fromisoformat(as_of)
    site = model.load(project, project / "content", project / "catalog", as_of=day)
    options = FIXTURE_OPTIONS | (options or {})
    return checks.run(site, root=project, content_dir=project / "content", catalog_dir=project / "catalog",
                      options=options, as_of=day)


def found(report: checks.Report, rule: str) -> list[tuple]:
    """The findings of one rule as comparable tuples: (severity, organisation id, column, file, field, message)."""
    return [(f.severity, f.org.id if f.org else None, f.column, f.file, f.field, f.message)
            for f in report.findings if f.rule == rule]
