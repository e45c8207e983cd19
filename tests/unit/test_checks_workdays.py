"""Chinese working days: the 2025 and 2026 Spring Festival and National Day holidays with their 调休
make-up days (domain-notes §6.3, State Council notices), the start day excluded, the repository
holidays file for years the package does not know, and a loud failure for a year known to neither."""

from __future__ import annotations

from datetime import date

import pytest
from checks_support import edit, run
from mkdocs.exceptions import PluginError

from govsite.checks import workdays
from govsite.checks.workdays import Calendar, CalendarError
from govsite.parse.errors import ErrorCollector

# domain-notes §6.3 (国务院办公厅 notices): days off and make-up working days around the long holidays.
OFF = {
    2025: [date(2025, 1, 28), date(2025, 2, 4), date(2025, 10, 1), date(2025, 10, 8)],
    2026: [date(2026, 2, 15), date(2026, 2, 23), date(2026, 10, 1), date(2026, 10, 7)],
}
MAKE_UP = {  # 调休上班: weekend days that are working days
    2025: [date(2025, 1, 26), date(2025, 2, 8), date(2025, 9, 28), date(2025, 10, 11)],
    2026: [date(2026, 2, 14), date(2026, 2, 28), date(2026, 9, 20), date(2026, 10, 10)],
}


@pytest.mark.parametrize("year", [2025, 2026])
def test_holidays_and_make_up_days_match_the_notices(year):
    calendar = Calendar()
    assert not any(calendar.is_workday(day) for day in OFF[year])
    assert all(day.weekday() >= 5 and calendar.is_workday(day) for day in MAKE_UP[year])


@pytest.mark.parametrize("start, count, due", [
    (date(2025, 3, 7), 1, date(2025, 3, 10)),     # Friday → Monday: the start day is not counted
    (date(2025, 3, 10), 0, date(2025, 3, 10)),
    (date(2025, 1, 24), 1, date(2025, 1, 26)),    # Sunday 1/26 is a 春节 make-up working day
    (date(2025, 1, 27), 1, date(2025, 2, 5)),     # 春节 1/28–2/4 off
    (date(2025, 1, 20), 20, date(2025, 2, 21)),   # 条例 第二十六条 20 working days across 春节
    (date(2025, 9, 26), 1, date(2025, 9, 28)),    # Sunday 9/28: 国庆 make-up day
    (date(2025, 9, 30), 1, date(2025, 10, 9)),    # 国庆+中秋 10/1–10/8 off
    (date(2025, 10, 10), 1, date(2025, 10, 11)),  # Saturday 10/11: make-up day
    (date(2026, 2, 13), 1, date(2026, 2, 14)),    # Saturday 2/14: make-up day
    (date(2026, 2, 14), 1, date(2026, 2, 24)),    # 春节 2/15–2/23 off
    (date(2026, 2, 27), 1, date(2026, 2, 28)),    # Saturday 2/28: make-up day
    (date(2026, 9, 30), 1, date(2026, 10, 8)),    # 国庆 10/1–10/7 off
    (date(2026, 10, 9), 1, date(2026, 10, 10)),   # Saturday 10/10: make-up day
])
def test_add_workdays(start, count, due):
    assert Calendar().add_workdays(start, count) == due


def test_workdays_between_counts_after_the_start_up_to_the_end():
    calendar = Calendar()
    # 1/26 Sun (调休), 1/27, 2/5, 2/6, 2/7, 2/8 Sat (调休)
    assert calendar.workdays_between(date(2025, 1, 24), date(2025, 2, 8)) == 6
    # 9/28 Sun (调休), 9/29, 9/30, 10/9, 10/10, 10/11 Sat (调休)
    assert calendar.workdays_between(date(2025, 9, 26), date(2025, 10, 12)) == 6
    # 2/14 Sat (调休), 2/24, 2/25, 2/26, 2/27, 2/28 Sat (调休)
    assert calendar.workdays_between(date(2026, 2, 13), date(2026, 2, 28)) == 6
    # 9/20 Sun (调休), 9/21–9/24, 中秋 9/25 off, 9/28–9/30, 10/8, 10/9, 10/10 Sat (调休)
    assert calendar.workdays_between(date(2026, 9, 18), date(2026, 10, 10)) == 11
    assert calendar.workdays_between(date(2025, 3, 10), date(2025, 3, 10)) == 0


def test_due_if_late_agrees_with_add_workdays():
    calendar = Calendar()
    start = date(2025, 1, 20)
    due = calendar.add_workdays(start, 20)
    assert calendar.due_if_late(start, 20, due) is None
    assert calendar.due_if_late(start, 20, date(2025, 1, 27)) is None
    assert calendar.due_if_late(start, 20, date(2025, 2, 22)) == due == date(2025, 2, 21)
    assert calendar.due_if_late(start, 0, start) is None and calendar.due_if_late(start, 0, date(2025, 1, 21)) == start


def test_a_date_on_time_needs_no_later_year():
    # written 2026-12-24, published 2026-12-28: on time whatever 2027's holidays are
    assert Calendar().due_if_late(date(2026, 12, 24), 20, date(2026, 12, 28)) is None


def test_a_year_known_to_neither_source_fails_loudly():
    calendar = Calendar()
    assert calendar.knows(2026) and not calendar.knows(2027)
    with pytest.raises(CalendarError) as raised:
        calendar.add_workdays(date(2026, 12, 24), 20, purpose="核对 content/x.md 的公开时限")
    message = str(raised.value)
    assert raised.value.year == 2027
    assert "没有 2027 年的节假日安排" in message and "content/x.md" in message
    assert "catalog/_holidays.yml" in message and "2027:" in message and "调休上班" in message
    with pytest.raises(CalendarError, match="2003"):
        calendar.is_workday(date(2003, 5, 1))


def holidays_file(tmp_path, text):
    catalog = tmp_path / "catalog"
    catalog.mkdir(exist_ok=True)
    (catalog / "_holidays.yml").write_text(text, encoding="utf-8")
    errors = ErrorCollector()
    return workdays.load(catalog, tmp_path, errors), errors


# Test data only: a made-up 2027 schedule in the file's format (not the real notice).
SCHEDULE_2027 = "2027:\n  节假日: [2027-01-01, 2027-02-05 至 2027-02-12]\n  调休上班: [2027-02-13]\n"


def test_the_holidays_file_supplies_a_missing_year(tmp_path):
    calendar, errors = holidays_file(tmp_path, SCHEDULE_2027)
    assert not errors and calendar.knows(2027)
    assert not calendar.is_workday(date(2027, 1, 1)) and not calendar.is_workday(date(2027, 2, 8))
    assert calendar.is_workday(date(2027, 2, 13))  # Saturday make-up day
    assert calendar.add_workdays(date(2027, 2, 4), 1) == date(2027, 2, 13)
    assert calendar.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)  # across the year boundary


def test_a_year_in_the_holidays_file_wins_over_the_package(tmp_path):
    calendar, errors = holidays_file(tmp_path, "2026:\n  节假日: [2026-03-02]\n")
    assert not errors
    assert not calendar.is_workday(date(2026, 3, 2))
    assert calendar.is_workday(date(2026, 2, 16))  # the package's 春节 no longer applies


def test_mistakes_in_the_holidays_file_name_the_file_year_and_field(tmp_path):
    _, errors = holidays_file(tmp_path, (
        "2027:\n  节假日: [2027-02-30, 2026-10-01, 2027-02-12 至 2027-02-05]\n  调休上班: [2027-02-10]\n"
        "2028:\n  放假: [2028-01-01]\n"
        "明年:\n  节假日: [2028-01-01]\n"))
    text = errors.report()
    assert "catalog/_holidays.yml" in text
    for expected in ("字段“2027.节假日”：“2027-02-30”不是存在的日期", "2026-10-01 不在 2027 年", "结束日期早于开始日期",
                     "字段“2028.放假”：不认识的字段", "字段“2028.节假日”：缺少必填字段", "“明年”不是年份"):
        assert expected in text, text
    _, errors = holidays_file(tmp_path, "2027:\n  节假日: [2027-01-01]\n  调休上班: [2027-01-01, 2027-02-10]\n")
    text = errors.report()
    assert "字段“2027.调休上班”：2027-01-01 既是节假日又是调休上班日" in text
    assert "2027-02-10 是工作日（星期三），不用写进调休上班" in text


def test_a_broken_holidays_file_stops_the_checks(mini):
    (mini / "catalog/_holidays.yml").write_text("2027:\n  节假日: 2027-01-01 2027-01-02\n", encoding="utf-8")
    with pytest.raises(PluginError, match="catalog/_holidays.yml"):
        run(mini, "2025-06-30")


def test_checks_needing_a_missing_year_fail_then_pass_once_the_year_is_added(mini):
    edit(mini / "content/departments/nongye/zhengce.md", "成文日期: 2025-03-03", "成文日期: 2026-12-24")
    edit(mini / "content/departments/nongye/zhengce.md", "发布日期: 2025-03-10", "发布日期: 2027-01-29")
    edit(mini / "content/departments/nongye/jiedu.md", "发布日期: 2025-03-11", "发布日期: 2027-01-29")
    edit(mini / "content/departments/nongye/jiedu.md", "成文日期: 2025-03-10", "成文日期: 2027-01-29")
    edit(mini / "content/departments/nongye/zhengce.md", "/2025-00001", "/2027-00001")
    edit(mini / "content/departments/nongye/jiedu.md", "/2025-00001", "/2027-00001")
    with pytest.raises(CalendarError, match="没有 2027 年的节假日安排"):
        run(mini, "2027-02-01")
    (mini / "catalog/_holidays.yml").write_text(SCHEDULE_2027, encoding="utf-8")
    report = run(mini, "2027-02-01")
    late = [f for f in report.findings if f.rule == "timeliness"]
    # 20 working days after 2026-12-24 with the file's 2027: 12/25, 12/28–12/31, 1/4–1/8, 1/11–1/15, 1/18–1/22
    assert [f.message for f in late] == [
        "发布日期 2027-01-29 超过公开时限：成文日期 2026-12-24 起 20 个工作日内，应在 2027-01-22 前发布，晚了 7 天"]
