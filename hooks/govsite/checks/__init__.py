"""Regulatory checks (政务公开检查): what inspectors look for, reported before they do.

One module per check family (``columns``, ``updates``, ``timeliness``, ``interpretation``, ``dates``,
``index_numbers``, ``links``, ``revoked``, ``validity``, ``annual``), each declaring the ``RULES`` it implements and a
``check(ctx)`` that yields ``Finding``s; ``rules`` declares every rule's default severity and the
options of ``extra.gov.checks`` in mkdocs.yml; ``workdays`` counts Chinese working days; ``report``
renders the result. ``python -m govsite.checks`` runs them without building; the build runs them
through ``for_build``.
"""

from __future__ import annotations

import datetime
import logging
import os
from dataclasses import replace
from pathlib import Path

from mkdocs.exceptions import PluginError

from ..model import documents as documents_module
from ..model.site import Site
from ..parse import schema
from ..parse.errors import ErrorCollector
from . import (annual, columns, dates, index_numbers, interpretation, links, revoked, rules, timeliness, updates,
               validity, workdays)
from .context import Context
from .report import JSON_URI, PAGE_URI, Report
from .rules import Finding
from .workdays import CalendarError

__all__ = ["CHECKS", "JSON_URI", "PAGE_URI", "CalendarError", "Finding", "Report", "for_build", "run"]

CHECKS = (columns, updates, timeliness, interpretation, dates, index_numbers, links, revoked, validity, annual)
AS_OF_ENV = "GOV_AS_OF"

log = logging.getLogger("mkdocs.plugins.govsite.checks")


def run(site: Site, *, root: Path, content_dir: Path, catalog_dir: Path, options: dict | None = None,
        as_of: datetime.date | None = None) -> Report:
    """Run every enabled check on ``site``.

    The check date is ``as_of``, else the environment variable GOV_AS_OF, else ``as_of`` in the
    options, else today. Mistakes in the options or in catalog/_holidays.yml raise ``PluginError``
    (all of them, in Chinese); a working-day count in a year no calendar knows raises ``CalendarError``.
    """
    errors = ErrorCollector()
    settings = rules.settings(options, errors)
    calendar = workdays.load(catalog_dir, root, errors)
    day = as_of or _env_as_of(errors) or settings.as_of or datetime.date.today()
    errors.raise_if_any()
    documents_module.settle(site.documents, day)  # 失效日期 passed: shown as 失效 (the views read it)
    ctx = Context(site, day, settings, calendar, root, content_dir)
    findings: list[Finding] = []
    for module in CHECKS:
        if not settings.enabled(*module.RULES):
            continue
        for finding in module.check(ctx):
            severity = settings.severity[finding.rule]
            if severity != "off":
                findings.append(replace(finding, severity=severity))
    takedowns = revoked.takedowns(ctx) if settings.enabled("revoked") else []
    return Report(site, day, settings, findings, takedowns)


BUILD_LOG_LINES = 40  # warning lines printed by a build; make check prints them all


def for_build(site: Site, *, root: Path, content_dir: Path, catalog_dir: Path, options: dict | None) -> Report:
    """The build's run: warnings are logged, errors fail the build with the Chinese report."""
    try:
        report = run(site, root=root, content_dir=content_dir, catalog_dir=catalog_dir, options=options)
    except CalendarError as exc:
        raise PluginError(f"网站未生成：{exc}") from None
    if report.errors:
        raise PluginError(f"网站未生成：政务公开检查发现 {len(report.errors)} 处错误（设为 error 的规则），"
                          f"请逐条修改后重新生成。\n{report.text()}\n原有网站（site/）保持不变。")
    if report.warnings:
        text = report.text("warning").splitlines()
        if len(text) > BUILD_LOG_LINES:  # a large county has thousands: the build log keeps the head
            text = text[:BUILD_LOG_LINES] + [f"……（其余 {len(text) - BUILD_LOG_LINES} 行略）", report.summary()]
        log.warning("政务公开检查：警告 %d 条（完整报告见网站 %s，或运行 make check）\n%s",
                    len(report.warnings), PAGE_URI.removesuffix("index.md"), "\n".join(text))
    return report


def _env_as_of(errors: ErrorCollector) -> datetime.date | None:
    value = os.environ.get(AS_OF_ENV, "").strip()
    if not value:
        return None
    day, problem = schema.parse_date(value)
    if problem:
        errors.add(f"环境变量 {AS_OF_ENV}", problem, "检查日期写成 YYYY-MM-DD，如 make site AS_OF=2026-06-30（即 GOV_AS_OF=2026-06-30）；不设则为当天。")
    return day
