"""Chinese working days (工作日): weekends and statutory holidays off, 调休 make-up days on.

Two sources, never a guess (domain-notes §6.3):

- the ``chinesecalendar`` package (``import chinese_calendar``) for the years it knows; it follows each
  year's State Council notice (国务院办公厅关于部分节假日安排的通知) and raises for other years;
- ``catalog/_holidays.yml`` for the years it does not know yet (a new year's notice usually comes out in
  November, before the package is updated). A year listed there wins over the package.

A date in a year known to neither raises ``CalendarError`` with a message saying how to add the year.
Counting excludes the start day: the first working day *after* the start is day 1 (期间 practice,
"自…次日起算"), so ``add_workdays(start, 20)`` is the last day of a 20-working-day limit.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import chinese_calendar

from ..parse import kinds, schema, yamlfile
from ..parse.errors import ErrorCollector

HOLIDAYS_FILE = "_holidays.yml"  # in catalog/; files starting with _ are not domains
_RANGE = re.compile(r"^\s*(\S+)\s*(?:至|~|到)\s*(\S+)\s*$")


class CalendarError(Exception):
    """A working-day count needs a year that neither source knows. The message is for editors (Chinese)."""

    def __init__(self, year: int, holidays_file: str, purpose: str = "") -> None:
        self.year = year
        low, high = package_years()
        where = f"（{purpose}）" if purpose else ""
        super().__init__(
            f"无法计算工作日{where}：没有 {year} 年的节假日安排。chinesecalendar {_package_version()} "
            f"只含 {low}—{high} 年，{holidays_file} 中也没有 {year} 年。不会按普通周末猜测。\n"
            f"    修改办法：按国务院办公厅《关于{year}年部分节假日安排的通知》，在 {holidays_file} 中增加：\n"
            f"    {year}:\n"
            f"      节假日: [{year}-01-01, {year}-MM-DD 至 {year}-MM-DD]   # 放假的日期，含其中的周末\n"
            f"      调休上班: [{year}-MM-DD]                           # 周末调休上班的日期\n"
            f"    或把 requirements.txt 中的 chinesecalendar 升级到含 {year} 年的版本。")


@dataclass(frozen=True, kw_only=True)
class HolidayYear:
    """One year's entry of catalog/_holidays.yml, as editors write it."""

    holidays: tuple[str, ...] = schema.field(
        "节假日", kinds.Texts(), "放假的日期（含其中的周末），可写单日 2027-01-01 或连续几天 2027-02-06 至 2027-02-13", required=True)
    workdays: tuple[str, ...] = schema.field("调休上班", kinds.Texts(), "周末调休上班的日期", default=())


@dataclass(frozen=True)
class YearSchedule:
    """One year's 节假日安排 from catalog/_holidays.yml."""

    holidays: frozenset[datetime.date]  # days off, weekends inside a holiday included
    workdays: frozenset[datetime.date]  # 调休上班: weekend days that are working days


@functools.lru_cache(maxsize=None)
def _package_workday(day: datetime.date) -> bool:
    """chinesecalendar's answer (fixed for a given version; slow: it checks its input each call).
    Raises NotImplementedError for a year it does not know (not cached)."""
    return chinese_calendar.is_workday(day)


@dataclass
class Calendar:
    years: dict[int, YearSchedule] = field(default_factory=dict)  # from the holidays file
    holidays_file: str = f"catalog/{HOLIDAYS_FILE}"

    def knows(self, year: int) -> bool:
        return year in self.years or _package_knows(year)

    def is_workday(self, day: datetime.date, purpose: str = "") -> bool:
        schedule = self.years.get(day.year)
        if schedule is not None:
            return day in schedule.workdays or (day.weekday() < 5 and day not in schedule.holidays)
        try:
            return _package_workday(day)
        except NotImplementedError:
            raise CalendarError(day.year, self.holidays_file, purpose) from None

    def add_workdays(self, start: datetime.date, count: int, purpose: str = "") -> datetime.date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
        day, seen = start, 0
        while seen < count:
            day += datetime.timedelta(days=1)
            if self.is_workday(day, purpose):
                seen += 1
        return day

    def due_if_late(self, start: datetime.date, count: int, actual: datetime.date,
                    purpose: str = "") -> datetime.date | None:
        """The due date (``add_workdays(start, count)``) when ``actual`` is after it; None when on time.

        Walks no further than needed: a date on time never needs a later year's calendar (a document of
        late December does not wait for next year's holiday notice).
        """
        day, seen = start, 0
        while seen < count:
            if day >= actual:
                return None  # reached before the limit ran out
            day += datetime.timedelta(days=1)
            if self.is_workday(day, purpose):
                seen += 1
        return day if actual > day else None

    def workdays_between(self, start: datetime.date, end: datetime.date, purpose: str = "") -> int:
        """Working days in (start, end]: how many working days after ``start`` ``end`` falls."""
        count, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            count += self.is_workday(day, purpose)
        return count


def load(catalog_dir: Path, root: Path, errors: ErrorCollector) -> Calendar:
    """Read ``catalog/_holidays.yml`` if it exists; report every mistake in it (file, year, field)."""
    path = catalog_dir / HOLIDAYS_FILE
    rel = _rel(path, root)
    calendar = Calendar(holidays_file=rel)
    if not path.exists():
        return calendar
    text = yamlfile.read(path, rel, errors)
    data = yamlfile.load(text, rel, errors) if text is not None else None
    if data is None:
        return calendar
    if not isinstance(data, dict):
        errors.add(rel, "应为“年份: {节假日: […], 调休上班: […]}”", "按文件开头注释中的格式填写。")
        return calendar
    for key, entry in data.items():
        line = data.line_of(key)
        year = int(key) if isinstance(key, int) or (isinstance(key, str) and key.isdigit()) else None
        if year is None or not 1949 <= year <= 2200:
            errors.add(rel, f"“{key}”不是年份", "每一项以四位年份开头，如 2027:。", field=str(key), line=line)
            continue
        checked = schema.validate(entry, HolidayYear, errors, rel, prefix=f"{year}.")
        if checked is None:
            continue
        lines = entry.line_of if isinstance(entry, yamlfile.LineDict) else (lambda k: line)
        holidays = _dates(checked["holidays"], year, f"{year}.节假日", lines("节假日"), rel, errors)
        workdays = _dates(checked["workdays"], year, f"{year}.调休上班", lines("调休上班"), rel, errors)
        if holidays is None or workdays is None:
            continue
        for day in sorted(holidays & workdays):
            errors.add(rel, f"{day} 既是节假日又是调休上班日", "核对当年通知，删去其中一处。",
                       field=f"{year}.调休上班", line=lines("调休上班"))
        for day in sorted(workdays):
            if day.weekday() < 5:
                errors.add(rel, f"{day} 是工作日（星期{'一二三四五'[day.weekday()]}），不用写进调休上班",
                           "调休上班只列需要上班的周六、周日。", field=f"{year}.调休上班", line=lines("调休上班"))
        calendar.years[year] = YearSchedule(frozenset(holidays), frozenset(workdays))
    return calendar


def _dates(values, year: int, name: str, line: int, rel: str, errors: ErrorCollector) -> set[datetime.date] | None:
    """Dates and ``A 至 B`` ranges of one list; None when any is wrong (each is reported)."""
    out: set[datetime.date] = set()
    ok = True
    for value in values:
        match = _RANGE.match(value)
        ends = [match[1], match[2]] if match else [value]
        parsed = []
        for text in ends:
            day, problem = schema.parse_date(text)
            if problem:
                errors.add(rel, problem, "日期写成 YYYY-MM-DD，连续几天写成“2027-02-06 至 2027-02-13”。",
                           field=name, line=line)
                ok = False
            elif day.year != year:
                errors.add(rel, f"{day} 不在 {year} 年", f"把它移到 {day.year}: 下，或改正年份。", field=name, line=line)
                ok = False
            else:
                parsed.append(day)
        if len(parsed) == 2:
            first, last = parsed
            if last < first:
                errors.add(rel, f"“{value}”的结束日期早于开始日期", "连续几天写成“开始 至 结束”。", field=name, line=line)
                ok = False
            out.update(first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
        elif len(parsed) == 1 and not match:
            out.update(parsed)
    return out if ok else None


def package_years() -> tuple[int, int]:
    """First and last year the installed chinesecalendar knows."""
    from chinese_calendar import constants

    years = [d.year for d in constants.holidays]
    return min(years), max(years)


def _package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("chinesecalendar")
    except PackageNotFoundError:  # pragma: no cover - the package is imported above
        return ""


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
