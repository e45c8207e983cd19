"""One example of every page type of the example county, chosen from its model."""

from __future__ import annotations

from conftest import url_path

from govsite import urls


def page_types(model) -> dict[str, str]:
    columns = list(model.columns.values())
    county_column = next(c for c in columns if c.documents and c.org.kind in ("县政府", "部门"))
    empty_column = next(c for c in columns if c.is_empty)
    tree = model.tree
    with_interpretation = next(d for d in model.documents if d.interpretations)
    void = next(d for d in model.documents if d.validity != "有效")
    consultation = next(d for d in model.documents if d.consultation and d.feedback)  # 意见征集, closed, answered
    word = with_interpretation.title[:4]
    return {
        "home": "",
        "xxgk": "xxgk/",
        "catalog": "catalog/yiwu-jiaoyu/",
        "county column": url_path(urls.column(county_column)),
        "empty column": url_path(urls.column(empty_column)),
        "department": url_path(urls.org(tree.departments[0])),
        "township": url_path(urls.org(tree.townships[0])),
        "village": url_path(urls.org(tree.townships[0].children[0])),
        "document with 解读": url_path(with_interpretation.src_uri),
        "失效 document": url_path(void.src_uri),
        "意见征集 document": url_path(consultation.src_uri),
        "意见采纳情况 document": url_path(consultation.feedback.src_uri),
        "search with results": f"search/?q={word}",
        "site map": "wzdt/",
        "404": "404.html",
        # the generated pages without a document of their own
        "aggregate": url_path(urls.xxgk_item(urls.standard_items(model)[0])),
        "fdzdgk": url_path(urls.FDZDGK),
        "org group": url_path(urls.group(next(iter(urls.groups(model))))),
        "catalog index": url_path(urls.CATALOG_INDEX),
        "checks": url_path(urls.CHECKS),
        "policies": url_path(urls.POLICIES_INDEX),  # 政策文件
        "consultations": url_path(urls.CONSULTATIONS),  # 意见征集
        # 政府信息公开工作年度报告: the county government's (its tables 二、三、四)
        "annual report": url_path(urls.annual_report(next(r for r in urls.published_reports(model)
                                                         if r.org.kind == "县政府"))),
        "open data": url_path(urls.OPEN_DATA),  # 开放数据
    }
