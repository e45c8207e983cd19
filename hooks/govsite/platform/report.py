"""Platform monitoring (监管): every site's checks JSON and build record aggregated into one static report
for the platform's office, in three forms: a page (``public/jianguan/index.html``), ``report.json`` (for tools
and for the next run's "change since the last build"), and an XLSX in the shape of a quarterly
self-inspection (自查) summary.

Inputs, per site (the platform build's contract): ``OUT/sites/<id>/build.json`` (status, product version,
check date) and ``OUT/sites/<id>/checks.json``, the checks JSON with the per-rule findings (``python -m
govsite.checks --json``, the same document as ``site/maintainers/checks/report.json``). A site whose build
failed, was skipped or left no readable file is a row that says so: one bad site never stops the report.

The 单项否决 verdicts use the national thresholds of 国办秘函〔2019〕19号 (the checks' default limits), not a
site's own settings: a site that turned a rule to ``warning`` or ``off`` is judged like every other.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import re
import sys
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import jinja2
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ..checks.rules import RULES_BY_ID, Settings, defaults
from ..render import csp

SITES = "sites"
PUBLIC = "public"
PAGE_DIR = "jianguan"  # OUT/public/jianguan/: the report page, report.json and the XLSX
REPORT_JSON = "report.json"
XLSX = "zicha.xlsx"
CSS = "assets/platform.css"
CHECKS_FILE = "checks.json"
BUILD_FILE = "build.json"
STATUSES = {"ok": "已生成", "failed": "生成失败", "skipped": "未变更（沿用上次构建）"}
# A site in place with this run's checks: built now, or unchanged since its last build (its artifacts carried over).
IN_PLACE = ("ok", "skipped")
MISSING = "missing"  # no (readable) build.json: the report's own status
STATUS_LABELS = STATUSES | {MISSING: "无构建记录"}
FORMAT = 1  # report.json's format: a --previous report of another format is refused

LIMITS: Settings = defaults()  # 国办秘函〔2019〕19号: 空白栏目 ≥ 5, 栏目不更新 ≥ 5 and ≥ 10
HOME_WINDOW_DAYS = 14  # 首页不更新: 监测2周 (checks.updates)

# The 单项否决 indicators the report shows, by key: (label, rule id of the checks giving the finding)
VETOES = {
    "home": ("首页不更新", "home_not_updated"),
    "stale": ("栏目不更新（动态要闻、通知公告、政策文件）", "stale_columns_total"),
    "long_stale": ("栏目不更新（长期未更新）", "long_stale_columns_total"),
    "empty": ("空白栏目", "empty_columns_total"),
    "fake_date": ("弄虚作假（日期晚于检查日期）", "future_date"),
}
_TEMPLATES = Path(__file__).with_name("templates")
_ASSETS = Path(__file__).with_name("assets")


class ReportError(Exception):
    """A problem with the report's own inputs (not a site's): Chinese, naming the file and the fix."""


@dataclass
class SiteRow:
    id: str
    name: str
    status: str  # ok | failed | skipped | missing
    error: str | None = None
    product_version: str | None = None
    behind: bool = False
    pin_reason: str | None = None  # platform.yml: why the site is held at an older product version
    commit: str | None = None
    built: str | None = None
    seconds: float | None = None
    as_of: str | None = None
    documents: int | None = None
    errors: int | None = None
    warnings: int | None = None
    vetoes: list[str] = field(default_factory=list)  # keys of VETOES hit
    home_latest: str | None = None
    empty_columns: int | None = None
    stale_columns: int | None = None  # stale_column findings: every kind
    stale_first_kind: int | None = None
    stale_other_kind: int | None = None
    overdue_documents: int | None = None  # 超过公开时限 (timeliness findings)
    annual_status: str | None = None
    annual_date: str | None = None
    by_rule: dict[str, int] = field(default_factory=dict)
    findings: list[str] = field(default_factory=list)  # one key per finding (``finding_key``), sorted
    # a failed job leaves the last good site (online still) and its checks.json: the row shows those
    last_good: bool = False

    @property
    def checked(self) -> bool:
        return self.as_of is not None

    @property
    def failed(self) -> bool:
        return self.status not in IN_PLACE

    @property
    def status_text(self) -> str:
        """The status as the report shows it: an unchanged site says which build it carries over."""
        if self.status == "skipped":
            return f"未变更（沿用上次构建，{self.built}）" if self.built else STATUSES["skipped"]
        return STATUS_LABELS[self.status] + (f"：{self.error}" if self.error else "")

    @property
    def verdict(self) -> str:
        if not self.checked:
            return "无检查结果"
        verdict = "不合格（单项否决）" if self.vetoes else "未触及单项否决"
        return verdict + ("（上次生成的网站）" if self.last_good else "")


@dataclass
class Change:
    """What changed for one site since the previous report."""

    id: str
    name: str
    note: str  # Chinese: what can be compared
    new: list[str] = field(default_factory=list)  # finding descriptions
    resolved: list[str] = field(default_factory=list)
    new_vetoes: list[str] = field(default_factory=list)
    resolved_vetoes: list[str] = field(default_factory=list)


@dataclass
class Report:
    as_of: str | None  # the newest check date of the sites
    version: str | None  # the product version sites are compared with
    sites: list[SiteRow]
    changes: list[Change] | None = None  # None: no previous report given
    previous_as_of: str | None = None

    @property
    def failed(self) -> list[SiteRow]:
        return [s for s in self.sites if s.failed]

    @property
    def vetoed(self) -> list[SiteRow]:
        return [s for s in self.sites if s.vetoes]

    def to_dict(self) -> dict:
        return {"format": FORMAT, "as_of": self.as_of, "product_version": self.version,
                "summary": {"sites": len(self.sites), "failed": len(self.failed), "vetoed": len(self.vetoed),
                            "behind": sum(s.behind for s in self.sites)},
                "sites": [asdict(s) | {"verdict": s.verdict} for s in self.sites],
                "previous_as_of": self.previous_as_of,
                "changes": None if self.changes is None else [asdict(c) for c in self.changes]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1, sort_keys=False) + "\n"


# ---------------------------------------------------------------- reading the sites

def finding_key(finding: dict) -> str:
    """A finding's identity across runs: rule, organisation, column and file (the message holds dates and
    counts that change while the problem stays the same)."""
    org = (finding.get("organisation") or {}).get("id") or ""
    return "|".join([finding.get("rule") or "", org, finding.get("column") or "", finding.get("file") or "",
                     finding.get("field") or ""])


def describe_key(key: str) -> str:
    """A finding key as the report shows it: rule title and where."""
    rule, org, column, file, fld = (key.split("|") + [""] * 5)[:5]
    title = RULES_BY_ID[rule].title if rule in RULES_BY_ID else rule
    where = file or (f"{org} 栏目 {column}" if column else org) or "全站"
    return f"{title}：{where}" + (f" 字段“{fld}”" if fld else "")


def _read_json(path: Path, what: str) -> tuple[dict | None, str | None]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, f"缺少{what} {path.name}"
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return None, f"{what} {path.name} 无法读取（{type(exc).__name__}）：请重新生成该网站"
    if not isinstance(data, dict):
        return None, f"{what} {path.name} 格式不对（应为 JSON 对象）：请重新生成该网站"
    return data, None


def _text(value) -> str | None:
    return None if value is None else str(value)


def read_site(folder: Path) -> SiteRow:
    """One site's row from ``folder`` (OUT/sites/<id>/); problems become the row's error, never an exception."""
    site_id = folder.name
    build, problem = _read_json(folder / BUILD_FILE, "构建记录")
    if build is None:
        return SiteRow(site_id, site_id, MISSING, f"{problem}（{SITES}/{site_id}/）")
    status = build.get("status")
    row = SiteRow(site_id, _text(build.get("name")) or site_id, status if status in STATUSES else MISSING,
                  _text(build.get("error")), _text(build.get("product_version")), commit=_text(build.get("commit")),
                  built=_text(build.get("built")), pin_reason=_text(build.get("pin_reason")),
                  seconds=build.get("seconds") if isinstance(build.get("seconds"), (int, float)) else None)
    if status not in STATUSES:
        row.error = (f"构建记录 {SITES}/{site_id}/{BUILD_FILE} 的 status 应为 {'、'.join(STATUSES)} 之一，"
                     f"实际是 {status!r}")
        return row
    if status not in IN_PLACE:
        row.error = row.error or STATUSES[status]
        checks, _ = _read_json(folder / CHECKS_FILE, "检查结果")
        if checks is not None and (folder / "site").is_dir():
            try:
                _read_checks(row, checks)
                row.last_good = True
            except (KeyError, TypeError, ValueError, AttributeError):
                row.as_of = None
        return row
    checks, problem = _read_json(folder / CHECKS_FILE, "检查结果")
    if checks is None:
        row.error = f"网站已生成，但{problem}（{SITES}/{site_id}/）"
        return row
    try:
        _read_checks(row, checks)
    except (KeyError, TypeError, ValueError, AttributeError):
        row.error = f"检查结果 {SITES}/{site_id}/{CHECKS_FILE} 格式不对：请用本平台的产品版本重新生成该网站"
        row.as_of = None
    return row


def _read_checks(row: SiteRow, checks: dict) -> None:
    summary = checks["summary"]
    findings = checks["findings"]
    row.as_of = str(checks["as_of"])
    by_rule: dict[str, int] = {}
    for f in findings:
        by_rule[f["rule"]] = by_rule.get(f["rule"], 0) + 1
    row.by_rule = dict(sorted(by_rule.items()))
    row.findings = sorted({finding_key(f) for f in findings})
    row.documents = int(summary["documents"])
    row.errors, row.warnings = int(summary["errors"]), int(summary["warnings"])
    row.empty_columns = int(summary["empty_columns"])
    row.stale_columns = by_rule.get("stale_column", 0)
    row.overdue_documents = by_rule.get("timeliness", 0)
    # numbers of a product that reports them (checks.report.monitored); an older one: from its findings only
    first, other = summary.get("stale_first_kind"), summary.get("stale_other_kind")
    row.stale_first_kind = int(first) if first is not None else None
    row.stale_other_kind = int(other) if other is not None else None
    row.home_latest = summary.get("home_latest")
    as_of = datetime.date.fromisoformat(row.as_of)
    vetoes = set()
    if "home_not_updated" in by_rule or (row.home_latest and datetime.date.fromisoformat(row.home_latest)
                                         < as_of - datetime.timedelta(days=HOME_WINDOW_DAYS)):
        vetoes.add("home")
    if "stale_columns_total" in by_rule or (row.stale_first_kind or 0) >= LIMITS.stale_column_limit:
        vetoes.add("stale")
    if "long_stale_columns_total" in by_rule or (row.stale_other_kind or 0) >= LIMITS.long_stale_column_limit:
        vetoes.add("long_stale")
    if "empty_columns_total" in by_rule or row.empty_columns >= LIMITS.empty_column_limit:
        vetoes.add("empty")
    if "future_date" in by_rule:
        vetoes.add("fake_date")
    row.vetoes = [key for key in VETOES if key in vetoes]
    annual = summary.get("annual_report")
    if annual is None:
        row.annual_status = "未知（该网站的产品版本不报告年报情况）"
    elif not annual.get("column"):
        row.annual_status = "无年报栏目"
    else:
        row.annual_date = annual.get("latest")
        year = annual.get("year")
        state = "未按时发布" if annual.get("overdue") else ("已发布" if row.annual_date else "从未发布")
        row.annual_status = state + (f"（最新 {year} 年度）" if year else "")


def _version_key(version: str | None) -> tuple:
    return tuple(int(n) for n in re.findall(r"\d+", version or "")) or (-1,)


def aggregate(out: Path, *, version: str | None = None, previous: dict | None = None) -> Report:
    """The report of the platform build in ``out``. ``version``: the platform's product version (platform.yml);
    without it, the newest version a site was built with."""
    sites_dir = out / SITES
    if not sites_dir.is_dir():
        raise ReportError(f"找不到 {sites_dir}：平台构建的输出目录中应有 {SITES}/<网站编号>/（先运行平台构建，再生成报告）")
    rows = [read_site(folder) for folder in sorted(sites_dir.iterdir()) if folder.is_dir()]
    if not rows:
        raise ReportError(f"{sites_dir} 中没有任何网站：先运行平台构建，再生成报告")
    versions = [r.product_version for r in rows if r.product_version]
    version = version or (max(versions, key=_version_key) if versions else None)
    for row in rows:
        row.behind = bool(version and row.product_version and _version_key(row.product_version) < _version_key(version))
    dates = [r.as_of for r in rows if r.as_of] or [r.built for r in rows if r.built]
    report = Report(max(dates) if dates else None, version, rows)
    if previous is not None:
        report.previous_as_of = previous.get("as_of")
        report.changes = changes(previous, rows)
    return report


def changes(previous: dict, rows: list[SiteRow]) -> list[Change]:
    """Per site: findings and 单项否决 items new or resolved since ``previous`` (a report.json)."""
    before = {s["id"]: s for s in previous.get("sites", []) if isinstance(s, dict) and "id" in s}
    out = []
    for row in rows:
        old = before.get(row.id)
        if old is None:
            out.append(Change(row.id, row.name, "新加入平台的网站，上次报告中没有"))
            continue
        if not row.checked or (row.last_good and old.get("as_of") == row.as_of):
            out.append(Change(row.id, row.name, "本次没有生成（见生成状态），没有新的检查结果可以比较"))
            continue
        if old.get("as_of") is None:
            out.append(Change(row.id, row.name, "上次没有检查结果，本次的问题都列为新增",
                              new=[describe_key(k) for k in row.findings],
                              new_vetoes=[VETOES[k][0] for k in row.vetoes]))
            continue
        was, now = set(old.get("findings", [])), set(row.findings)
        old_vetoes = set(old.get("vetoes", []))
        out.append(Change(row.id, row.name, f"与 {old.get('as_of')} 的检查结果比较",
                          [describe_key(k) for k in sorted(now - was)], [describe_key(k) for k in sorted(was - now)],
                          [VETOES[k][0] for k in row.vetoes if k not in old_vetoes],
                          [VETOES[k][0] for k in VETOES if k in old_vetoes and k not in row.vetoes]))
    for site_id in sorted(set(before) - {r.id for r in rows}):
        out.append(Change(site_id, str(before[site_id].get("name") or site_id), "已不在平台上（本次没有这个网站）"))
    return out


def read_previous(path: Path) -> dict:
    data, problem = _read_json(path, "上次的报告")
    if data is None:
        raise ReportError(f"--previous {path}：{problem}（应为上次生成的 {PAGE_DIR}/{REPORT_JSON}）")
    if data.get("format") != FORMAT or not isinstance(data.get("sites"), list):
        raise ReportError(f"--previous {path}：不是本平台报告的 {REPORT_JSON}（format 应为 {FORMAT}），"
                          "请指定上次生成的报告文件")
    return data


# ---------------------------------------------------------------- writing

def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def quarter(as_of: str | None) -> str:
    if not as_of:
        return ""
    day = datetime.date.fromisoformat(as_of)
    return f"{day.year}年第{(day.month - 1) // 3 + 1}季度"


def html(report: Report) -> str:
    page = _environment().get_template("report.html").render(
        report=report, vetoes=VETOES, statuses=STATUS_LABELS, quarter=quarter(report.as_of), css=f"../{CSS}",
        json_file=REPORT_JSON, xlsx_file=XLSX, home="../")
    return csp.secure(page)


# The XLSX: a quarterly 自查 summary sheet (title row, two-row header with the 单项否决 group merged, one row
# per site, a note row) and a sheet of the findings that changed.
XLSX_COLUMNS = (
    ("序号", None, 6), ("网站名称", None, 22), ("网站编号", None, 14), ("检查日期", None, 12),
    ("首页不更新", "单项否决指标", 10), ("栏目不更新（动态要闻等）", "单项否决指标", 14),
    ("栏目不更新（长期）", "单项否决指标", 12), ("空白栏目", "单项否决指标", 10), ("弄虚作假", "单项否决指标", 10),
    ("自查结论", None, 18), ("空白栏目数", None, 10), ("未按期更新栏目数", None, 12), ("超过公开时限文件数", None, 12),
    ("年报情况", None, 22), ("年报发布日期", None, 12), ("产品版本", None, 12), ("生成状态", None, 24),
)
_EPOCH = datetime.datetime(2000, 1, 1)


def _veto_cell(row: SiteRow, key: str) -> str:
    if not row.checked:
        return "—"
    return "否决" if key in row.vetoes else "通过"


def xlsx(report: Report) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "自查汇总"
    width = len(XLSX_COLUMNS)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.cell(1, 1, f"政府网站{quarter(report.as_of)}自查情况汇总表").font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = centre
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(2, 1, f"检查日期：{report.as_of or '—'}　产品版本：{report.version or '—'}　网站数：{len(report.sites)}")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    column = 1
    while column <= width:
        title, group, _ = XLSX_COLUMNS[column - 1]
        if group is None:
            ws.cell(3, column, title)
            ws.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
            column += 1
            continue
        span = 1
        while column + span <= width and XLSX_COLUMNS[column + span - 1][1] == group:
            span += 1
        ws.cell(3, column, group)
        ws.merge_cells(start_row=3, start_column=column, end_row=3, end_column=column + span - 1)
        for n in range(span):
            ws.cell(4, column + n, XLSX_COLUMNS[column - 1 + n][0])
        column += span
    for r in (3, 4):
        for c in range(1, width + 1):
            ws.cell(r, c).font = Font(bold=True)
            ws.cell(r, c).alignment = centre
            ws.cell(r, c).border = border
    for n, row in enumerate(report.sites, 1):
        values = [n, row.name, row.id, row.as_of or "—", *(_veto_cell(row, k) for k in VETOES), row.verdict,
                  row.empty_columns, row.stale_columns, row.overdue_documents, row.annual_status or "—", row.annual_date or "—",
                  (row.product_version or "—") + ("（落后）" if row.behind else "")
                  + (f"（固定版本：{row.pin_reason}）" if row.pin_reason else ""),
                  row.status_text]
        for c, value in enumerate(values, 1):
            cell = ws.cell(4 + n, c, "—" if value is None else value)
            cell.border = border
            cell.alignment = Alignment(vertical="center", wrap_text=True)
    note = 5 + len(report.sites)
    ws.cell(note, 1, "说明：单项否决指标按国办秘函〔2019〕19号判定（空白栏目超过（含）5个；动态要闻、通知公告、政策文件类"
                     "栏目累计超过（含）5个未更新；应更新但长期未更新的栏目超过（含）10个；首页2周无更新；伪造发稿日期），"
                     "任一项否决即为不合格。数字来自各网站生成时的政务公开检查。")
    ws.merge_cells(start_row=note, start_column=1, end_row=note, end_column=width)
    ws.cell(note, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[note].height = 48
    for c, (_, _, w) in enumerate(XLSX_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "C5"
    if report.changes is not None:
        sheet = wb.create_sheet("变化情况")
        sheet.append(["网站名称", "网站编号", "比较", "变化", "内容"])
        for change in report.changes:
            sheet.append([change.name, change.id, change.note, "", ""])
            for label, items in (("新增单项否决", change.new_vetoes), ("消除单项否决", change.resolved_vetoes),
                                 ("新增问题", change.new), ("已解决问题", change.resolved)):
                for item in items:
                    sheet.append([change.name, change.id, "", label, item])
        for c, w in zip("ABCDE", (22, 14, 28, 14, 60)):
            sheet.column_dimensions[c].width = w
    # same inputs → same bytes: the document's dates are the check date, and every zip entry's time fixed
    stamp = datetime.datetime.fromisoformat(report.as_of) if report.as_of else _EPOCH
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "govsite"
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fixed_zip(buffer.getvalue(), stamp)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_zip(data: bytes, stamp: datetime.datetime) -> bytes:
    """openpyxl stamps the file with the time it saves it (docProps/core.xml) and each zip entry with the
    clock: both become the check date."""
    out = io.BytesIO()
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _MODIFIED.sub(rb"\g<1>" + when + rb"\g<2>", body)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, body)
    return out.getvalue()


def _write(path: Path, data: bytes | str) -> None:
    """Write through a temporary file, so that a failed run leaves the previous file as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    temporary.replace(path)


def write(out: Path, *, version: str | None = None, previous: Path | None = None) -> Report:
    """Aggregate ``out`` and write the report's files under ``out/public/``."""
    report = aggregate(out, version=version, previous=read_previous(previous) if previous else None)
    public = out / PUBLIC
    files = {public / PAGE_DIR / REPORT_JSON: report.to_json(), public / PAGE_DIR / XLSX: xlsx(report),
             public / PAGE_DIR / "index.html": html(report),
             public / CSS: (_ASSETS / "platform.css").read_bytes()}
    for path, data in files.items():
        _write(path, data)
    return report
