"""Generated pages of a small county: pagination, home, breadcrumbs."""

import re

from conftest import build


def add_documents(project, count):
    folder = project / "content/departments/nongye/2024"
    folder.mkdir()
    for n in range(1, count + 1):
        (folder / f"n{n:03d}.md").write_text(
            f"---\n标题: 第{n}号扶贫通知\n栏目: fupin-01\n成文日期: 2024-01-02\n发布日期: 2024-{1 + n // 28:02d}-{1 + n % 28:02d}\n"
            f"主题分类: 民政、扶贫、救灾\\扶贫\n索引号: 11522799MB10000299/2024-{n:05d}\n---\n\n正文{n}。\n",
            encoding="utf-8")


def test_columns_are_paginated_by_twenty(mini):
    add_documents(mini, 45)  # + 2 fixture documents = 47 → 3 pages
    result = build(mini)
    assert result.returncode == 0, result.output
    column = result.site / "departments/nongye/fupin-01"
    pages = [column / "index.html", column / "2/index.html", column / "3/index.html"]
    assert all(p.exists() for p in pages) and not (column / "4").exists()
    items = [len(re.findall(r'<time datetime=', p.read_text(encoding="utf-8"))) for p in pages]
    assert items == [20, 20, 7]
    second = pages[1].read_text(encoding="utf-8")
    assert '<span aria-current="page">2</span>' in second and 'aria-label="分页"' in second
    assert "共 47 条" in second
    # only the column's first page carries its description into the search index
    assert "data-pagefind-body" in pages[0].read_text(encoding="utf-8") and "data-pagefind-body" not in second


def test_home_lists_latest_documents_with_dates(mini):
    result = build(mini)
    html = (result.site / "index.html").read_text(encoding="utf-8")
    assert "最新公开" in html and '<time datetime="2025-06-03">' in html
    assert "城关镇人民政府" in html and "小县农业农村局" in html


def test_missing_identity_items_warn(mini):
    config = mini / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      网站标识码: \"5227220001\"\n", "").replace("      ICP备案号: 黔ICP备00000000号\n", ""),
                      encoding="utf-8")
    result = build(mini)
    assert result.returncode == 0, result.output
    warning = next(line for line in result.output.splitlines() if "网站标识信息不完整" in line)
    assert "网站标识码" in warning and "ICP备案号" in warning and "主办单位" not in warning


def test_footer_carries_identity(mini):
    result = build(mini)
    html = (result.site / "index.html").read_text(encoding="utf-8")
    assert "网站标识信息不完整" not in result.output
    assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=52272202000001"' in html
    assert "黔ICP备00000000号" in html and "网站地图" in html
