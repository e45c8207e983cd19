"""A reposted document (转载) in a real build: its page's metadata block names the original authority, its
索引号 and source link, and the search record's 机构 meta is that authority (issue 12)."""

from __future__ import annotations

import re

from conftest import build

SHANXI = "11140500012420117H/2019-00001"


def test_a_reposted_document_page(mini):
    (mini / "content/departments/nongye/zhuanzai.md").write_text(
        "---\n标题: 山西省人民政府关于巩固脱贫成果的意见\n栏目: fupin-01\n成文日期: 2025-04-01\n发布日期: 2025-04-08\n"
        "主题分类: 民政、扶贫、救灾\\扶贫\n索引号: 11522799MB10000299/2025-00050\n"
        f"转载:\n  发布机构: 山西省人民政府\n  索引号: {SHANXI}\n  来源网址: https://www.shanxi.gov.cn/zfxxgk/1.html\n"
        "---\n\n正文。\n", encoding="utf-8")
    result = build(mini)
    assert result.returncode == 0, result.output
    html = (result.site / "departments/nongye/zhuanzai/index.html").read_text(encoding="utf-8")
    assert re.search(r'<th scope="row">发布机构</th>\s*<td>山西省人民政府</td>', html)
    assert f"小县农业农村局转载；原索引号 {SHANXI}；" in html
    assert 'href="https://www.shanxi.gov.cn/zfxxgk/1.html"' in html
    assert "<td>11522799MB10000299/2025-00050</td>" in html  # its own 索引号
    assert '<span data-pagefind-meta="机构">山西省人民政府</span>' in html
    assert '<span data-pagefind-filter="机构">小县农业农村局</span>' in html  # filtered under the county organisation
