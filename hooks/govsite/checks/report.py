"""The check report in three forms: Chinese text grouped by organisation with a summary line (the
terminal and the build log), JSON (for tools), and a page for the site maintainers (generated, not in
the nav, ``noindex``, outside the search index).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

from typing import ClassVar

from .. import urls
from ..model.orgs import Organisation
from ..model.site import Site
from ..views.pages import Link, View
from .columns import FIRST_KIND
from .revoked import LIMIT as TAKEDOWN_LIMIT
from .revoked import Takedown
from .rules import LABELS, RULES, RULES_BY_ID, Finding, Settings

PAGE_URI = urls.CHECKS
JSON_URI = urls.CHECKS_JSON
SITE_WIDE = "全站"


@dataclass(frozen=True)
class FindingRow:
    severity: str  # 错误 | 警告
    rule: str
    rule_id: str
    file: str | None
    field: str | None
    column: Link | None
    columns: int
    message: str
    cites: str


@dataclass(frozen=True)
class FindingGroup:
    anchor: str
    title: str
    org: Link | None  # the organisation's disclosure page
    rows: list[FindingRow]


@dataclass(frozen=True)
class RuleRow:
    title: str
    id: str
    severity: str
    default: str
    doc: str
    regulation: str


@dataclass(kw_only=True)
class ChecksView(View):
    """The maintainers' check report page: reachable by its URL only, never indexed."""

    template: ClassVar[str] = "checks.html"
    as_of: datetime.date
    scope: str
    summary: str
    json: str
    groups: list[FindingGroup]
    revoked: list[str]
    rules: list[RuleRow]
    unfinished: str = ""  # why the checks could not finish (a year no calendar knows), when they could not


@dataclass
class Report:
    site: Site
    as_of: datetime.date
    settings: Settings
    findings: list[Finding]
    takedowns: list[Takedown] = field(default_factory=list)  # empty when the revoked rule is off
    unfinished: str = ""  # the build's run only: why the checks stopped (CalendarError's message); no findings then

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when no rule set to ``error`` is broken (and the checks finished)."""
        return not self.errors and not self.unfinished

    def counts(self) -> dict[str, int]:
        """Findings per rule id, in declaration order, rules without findings left out."""
        counts = {rule.id: 0 for rule in RULES}
        for finding in self.findings:
            counts[finding.rule] += 1
        return {rule: n for rule, n in counts.items() if n}

    def groups(self, findings: list[Finding] | None = None) -> list[tuple[Organisation | None, list[Finding]]]:
        """Findings by organisation: the whole site first, then the county, departments, townships
        each followed by its villages; within a group, errors first."""
        findings = self.findings if findings is None else findings
        order = {None: 0} | {org.id: n for n, org in enumerate(_org_order(self.site), 1)}
        by_org: dict[str | None, list[Finding]] = {}
        for finding in findings:
            by_org.setdefault(finding.org.id if finding.org else None, []).append(finding)
        orgs = self.site.tree.orgs
        return [(orgs.get(key) if key else None, sorted(items, key=lambda f: f.severity != "error"))
                for key, items in sorted(by_org.items(), key=lambda kv: order.get(kv[0], len(order)))]

    def summary(self) -> str:
        if self.unfinished:
            return f"检查结果（{self.as_of}）：检查未完成（无法计算工作日，见报告），未通过。"
        counts = "、".join(f"{_rule_title(rule)} {n}" for rule, n in self.counts().items())
        verdict = "未通过（有设为 error 的规则被违反）" if self.errors else "通过"
        return (f"检查结果（{self.as_of}）：错误 {len(self.errors)} 条，警告 {len(self.warnings)} 条"
                + (f"（{counts}）" if counts else "") + f"，{verdict}。")

    def scope(self) -> str:
        site = self.site
        empty = sum(1 for c in site.columns.values() if c.is_empty)
        return (f"检查范围：{len(site.tree.orgs)} 个单位，{len(site.columns)} 个栏目（其中空白栏目 {empty} 个），"
                f"{len(site.documents)} 篇文件，已撤销文件 {len(site.revoked)} 篇。")

    def text(self, severity: str | None = None) -> str:
        """The report as text; ``severity`` limits it to errors or to warnings."""
        findings = [f for f in self.findings if severity in (None, f.severity)]
        lines = [f"政务公开检查报告（检查日期 {self.as_of}）", self.scope()]
        if self.unfinished:
            lines += ["", self.unfinished]
        for org, items in self.groups(findings):
            lines.append("")
            lines.append(f"【{org.name if org else SITE_WIDE}】" + (f" {org.folder}" if org else "")
                         + f"  {_tally(items)}")
            for finding in items:
                lines.append(f"  [{LABELS[finding.severity]}] {_rule_title(finding.rule)}（{finding.rule}）"
                             + (f" {finding.where}" if finding.where else "") + f"：{finding.message}")
                lines.append(f"      依据：{finding.cites}")
        if self.site.revoked and severity is None:
            lines += ["", "【已撤销文件】"] + [f"  {line}" for line in self.revoked_lines()]
        lines += ["", self.summary()]
        return "\n".join(lines)

    def revoked_lines(self) -> list[str]:
        status = {id(t.doc): t for t in self.takedowns}
        lines = []
        for doc in self.site.revoked:
            r = doc.revocation
            line = f"{doc.file}（{doc.title}）：撤销 {r.revoked}，下架 {r.taken_down}"
            takedown = status.get(id(doc))
            if takedown:
                line += ("，按时下架" if takedown.on_time
                         else f"，超时（应在 {takedown.due} 前，{TAKEDOWN_LIMIT} 个工作日内）")
            lines.append(line)
        return lines

    def to_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "ok": self.ok,
            "unfinished": self.unfinished or None,
            "summary": {"errors": len(self.errors), "warnings": len(self.warnings), "by_rule": self.counts(),
                        "organisations": len(self.site.tree.orgs), "columns": len(self.site.columns),
                        "empty_columns": sum(1 for c in self.site.columns.values() if c.is_empty),
                        "documents": len(self.site.documents), "revoked": len(self.site.revoked),
                        "text": self.summary()} | self.monitored(),
            "rules": [{"id": r.id, "severity": self.settings.severity[r.id], "default": r.default,
                       "title": r.title, "regulation": r.regulation, "doc": r.doc} for r in RULES],
            "findings": [_finding_dict(f) for f in self.findings],
            "revoked": [_takedown_dict(doc, {id(t.doc): t for t in self.takedowns}.get(id(doc)))
                        for doc in self.site.revoked],
        }

    def monitored(self) -> dict:
        """The numbers a platform's monitoring (govsite.platform.report) compares across sites, whatever each
        site's severities and limits: the stale columns of each 栏目不更新 kind, the home page's newest date and
        the county government's annual report (its 年报 column)."""
        stale = {(f.org.id, f.column) for f in self.findings if f.rule == "stale_column" and f.org and f.column}
        cycles = [self.site.columns[key].item.update_cycle for key in stale if key in self.site.columns]
        latest = self.site.latest[0].published if self.site.latest else None
        county = self.site.tree.county
        annual = [c for c in self.site.columns.values() if c.item.role == "年报" and county and c.org is county]
        reports = sorted((r for c in annual for r in c.reports), key=lambda r: r.year, reverse=True)
        newest = max((c.latest for c in annual if c.latest), default=None)
        return {"stale_first_kind": sum(c in FIRST_KIND for c in cycles),
                "stale_other_kind": sum(c not in FIRST_KIND for c in cycles),
                "home_latest": latest.isoformat() if latest else None,
                "annual_report": {"column": bool(annual), "year": reports[0].year if reports else None,
                                  "latest": newest.isoformat() if newest else None,
                                  "overdue": any(f.rule == "stale_column" and county and f.org is county
                                                 and f.column in {c.item.id for c in annual} for f in self.findings)}}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def page(self, u: urls.Urls) -> ChecksView:
        """The maintainers' page (template ``checks.html``): reachable by its URL only."""
        groups = []
        for org, items in self.groups():
            rows = [FindingRow(LABELS[f.severity], _rule_title(f.rule), f.rule, f.file, f.field,
                               Link(f"栏目 {f.column}", u.url(f"{urls.column_folder(org, f.column)}/index.md"))
                               if f.column and org and not f.file else None,
                               len(f.columns), f.message, f.cites) for f in items]
            groups.append(FindingGroup(f"org-{org.id}" if org else "org-site", org.name if org else SITE_WIDE,
                                       Link(f"{org.name}的公开页面", u.url(urls.org(org))) if org else None, rows))
        return ChecksView(src_uri=PAGE_URI, title="政务公开检查报告", crumbs=[Link("首页", u.url(urls.HOME))],
                          robots="noindex", as_of=self.as_of, scope=self.scope(), summary=self.summary(),
                          json="report.json", groups=groups,
                          revoked=self.revoked_lines() if self.site.revoked else [],
                          rules=[RuleRow(r.title, r.id, self.settings.severity[r.id], r.default, r.doc, r.regulation)
                                 for r in RULES], unfinished=self.unfinished)


def _rule_title(rule_id: str) -> str:
    return RULES_BY_ID[rule_id].title


def _tally(findings: list[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    parts = ([f"错误 {errors} 条"] if errors else []) + (
        [f"警告 {len(findings) - errors} 条"] if len(findings) > errors else [])
    return "，".join(parts)


def _org_order(site: Site) -> list[Organisation]:
    tree = site.tree
    ordered = ([tree.county] if tree.county else []) + tree.departments
    for township in tree.townships:
        ordered += [township] + township.children
    return ordered + [o for o in tree.orgs.values() if o not in ordered]


def _finding_dict(f: Finding) -> dict:
    return {"rule": f.rule, "severity": f.severity,
            "organisation": {"id": f.org.id, "name": f.org.name} if f.org else None,
            "column": f.column, "columns": list(f.columns), "file": f.file, "field": f.field, "message": f.message, "regulation": f.cites}


def _takedown_dict(doc, takedown: Takedown | None) -> dict:
    r = doc.revocation
    return {"file": doc.file, "title": doc.title, "index_number": doc.index_number,
            "organisation": {"id": doc.org.id, "name": doc.org.name},
            "revoked": r.revoked.isoformat(), "taken_down": r.taken_down.isoformat(), "reason": r.reason,
            "due": takedown.due.isoformat() if takedown and takedown.due else None,
            "on_time": takedown.on_time if takedown else None}
