"""索引号: the year part follows 发布日期 (duplicates and malformed numbers are build errors already)."""

from __future__ import annotations

from checks_support import POLICY, edit, found, run


def test_index_number_year_differs_from_publication_year(mini):
    assert found(run(mini, "2025-06-30"), "index_number") == []
    edit(mini / POLICY, "索引号: 11522799MB10000299/2025-00001", "索引号: 11522799MB10000299/2024-00001")
    edit(mini / "content/departments/nongye/jiedu.md", "/2025-00001", "/2024-00001")
    report = run(mini, "2025-06-30")
    assert found(report, "index_number") == [
        ("warning", "nongye", "fupin-01", POLICY, "索引号",
         "索引号 11522799MB10000299/2024-00001 的年份 2024 与发布日期 2025-03-10 的年份不一致；"
         "索引号一经分配不再改变，今后按发布年份编号即可")]
    assert report.findings[-1].cites.startswith("《政府信息公开目录系统实施指引（试行）》")
