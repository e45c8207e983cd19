"""Regulatory checks (政务公开检查): what inspectors look for, reported before they do.

One module per check family (``columns``, ``updates``, ``timeliness``, ``interpretation``, ``dates``,
``index_numbers``, ``links``, ``revoked``, ``validity``, ``annual``, ``consultations``), each declaring the ``RULES`` it implements and a
``check(ctx)`` that yields ``Finding``s; ``rules`` declares every rule's default severity and the
options of ``extra.gov.checks`` in mkdocs.yml; ``workdays`` counts Chinese working days; ``report``
renders the result. ``python -m govsite.checks`` (make check) runs them without building and fails on a
rule set to error; the build runs them through ``for_build``, reporting the findings and never stopping
on them.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import replace
from pathlib import Path

from ..model.site import Site
from ..parse import schema
from ..parse.errors import ErrorCollector
from . import (annual, columns, consultations, dates, index_numbers, interpretation, links, revoked, rules, timeliness, updates,
               validity, workdays)
from .context import Context
from .report import JSON_URI, PAGE_URI, Report
from .rules import LABELS, Finding
from .workdays import CalendarError

__all__ = ["CHECKS", "JSON_URI", "PAGE_URI", "CalendarError", "Finding", "Report", "announce", "check_date",
           "environment_date", "for_build", "run"]

CHECKS = (columns, updates, timeliness, interpretation, dates, index_numbers, links, revoked, validity, annual,
          consultations)
AS_OF_ENV = "GOV_AS_OF"  # read where a run starts (build.Run, make check), handed in as a date

log = logging.getLogger("mkdocs.plugins.govsite.checks")


def run(site: Site, *, root: Path, content_dir: Path, catalog_dir: Path, options: dict | None = None,
        as_of: datetime.date | None = None) -> Report:
    """Run every enabled check on ``site``.

    The check date is ``as_of`` (the caller's: make check's --as-of or GOV_AS_OF), else ``as_of`` in the
    options, else today. Mistakes in the options or in catalog/_holidays.yml raise ``PluginError``
    (all of them, in Chinese); a working-day count in a year no calendar knows raises ``CalendarError``.
    """
    return _findings(_context(site, root=root, content_dir=content_dir, catalog_dir=catalog_dir,
                              options=options, as_of=as_of))


def _context(site: Site, *, root: Path, content_dir: Path, catalog_dir: Path, options: dict | None,
             as_of: datetime.date | None) -> Context:
    errors = ErrorCollector()
    settings = rules.settings(options, errors)
    calendar = workdays.load(catalog_dir, root, errors)
    day = as_of or settings.as_of or datetime.date.today()
    errors.raise_if_any()
    return Context(site, day, settings, calendar, root, content_dir)


def _findings(ctx: Context) -> Report:
    settings = ctx.settings
    findings: list[Finding] = []
    for module in CHECKS:
        if not settings.enabled(*module.RULES):
            continue
        for finding in module.check(ctx):
            severity = settings.severity[finding.rule]
            if severity != "off":
                findings.append(replace(finding, severity=severity))
    takedowns = revoked.takedowns(ctx) if settings.enabled("revoked") else []
    return Report(ctx.site, ctx.as_of, settings, findings, takedowns)


BUILD_LOG_LINES = 40  # lines of findings printed by a build, per severity; make check prints them all


def check_date(options: dict | None, given: datetime.date | None = None) -> datetime.date:
    """The check date of a run: ``given`` (--as-of, GOV_AS_OF), else ``as_of`` in the options, else today.
    Settled before the model is made (``model.load(as_of=…)``: the documents' validity on that day);
    mistakes in the options are the checks' to report (``run``)."""
    return given or rules.settings(options, ErrorCollector()).as_of or datetime.date.today()


def for_build(site: Site, *, root: Path, content_dir: Path, catalog_dir: Path, options: dict | None,
              as_of: datetime.date | None = None) -> Report:
    """The build's run. The findings never stop the build: a site that loads is a correct site, and
    whether it passes the checks depends on the check date (a column goes stale, the home page is not
    updated for two weeks), so a build that stopped on them would publish on Monday what it refuses on
    Tuesday. They are logged here (head of the list) and summed up at the end of the build (``announce``);
    ``make check`` (the CI's check job) fails on errors. A check that cannot finish (``CalendarError``: a
    year no calendar knows) is reported the same way. Mistakes in the options or in catalog/_holidays.yml
    still stop the build (``PluginError``): they are the county's settings, not findings."""
    ctx = _context(site, root=root, content_dir=content_dir, catalog_dir=catalog_dir, options=options, as_of=as_of)
    try:
        report = _findings(ctx)
    except CalendarError as exc:
        report = Report(site, ctx.as_of, ctx.settings, [], unfinished=str(exc))
    if report.unfinished:
        log.warning("政务公开检查未完成（网站照常生成）：%s", report.unfinished)
    for severity, found in (("error", report.errors), ("warning", report.warnings)):
        if not found:
            continue
        text = report.text(severity).splitlines()
        if len(text) > BUILD_LOG_LINES:  # a large county has thousands: the build log keeps the head
            text = text[:BUILD_LOG_LINES] + [f"……（其余 {len(text) - BUILD_LOG_LINES} 行略）", report.summary()]
        log.warning("政务公开检查：%s %d 条（%s完整报告见网站 %s，或运行 make check）\n%s",
                    LABELS[severity], len(found), "设为 error 的规则被违反；" if severity == "error" else "",
                    PAGE_URI.removesuffix("index.md"), "\n".join(text))
    return report


def announce(report: Report) -> None:
    """The last lines of a build's log: the check result, in one place the maintainers see. A site that
    fails the checks is built and may be published all the same; the check step (make check, the CI's
    check job) is what fails."""
    if report.ok:
        log.info("政务公开检查：%s", report.summary())
        return
    log.warning("政务公开检查未通过：网站已生成，可以发布；下面的问题不阻止发布，但要尽快改正"
                "（make check 列出全部问题并以失败结束，CI 中的 check 作业显示为失败；报告见网站 %s）。\n%s",
                PAGE_URI.removesuffix("index.md"), report.summary())


def environment_date(value: str | None, errors: ErrorCollector) -> datetime.date | None:
    """The value of GOV_AS_OF (read by the caller where its run starts) as a date; a mistake goes to ``errors``."""
    value = (value or "").strip()
    if not value:
        return None
    day, problem = schema.parse_date(value)
    if problem:
        errors.add(f"环境变量 {AS_OF_ENV}", problem, "检查日期写成 YYYY-MM-DD，如 make site AS_OF=2026-06-30（即 GOV_AS_OF=2026-06-30）；不设则为当天。")
    return day
