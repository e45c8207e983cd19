"""One example of every page type of the example county, chosen from its model."""

from __future__ import annotations

from conftest import url_path


def page_types(model) -> dict[str, str]:
    columns = list(model.columns.values())
    county_column = next(c for c in columns if c.documents and c.org.kind in ("县政府", "部门"))
    empty_column = next(c for c in columns if not c.documents)
    tree = model.tree
    with_interpretation = next(d for d in model.documents if d.interpretations)
    void = next(d for d in model.documents if d.validity != "有效")
    word = with_interpretation.title[:4]
    return {
        "home": "",
        "xxgk": "xxgk/",
        "catalog": "catalog/yiwu-jiaoyu/",
        "county column": url_path(county_column.page_uri),
        "empty column": url_path(empty_column.page_uri),
        "department": url_path(tree.departments[0].page_uri),
        "township": url_path(tree.townships[0].page_uri),
        "village": url_path(tree.townships[0].children[0].page_uri),
        "document with 解读": url_path(with_interpretation.src_uri),
        "失效 document": url_path(void.src_uri),
        "search with results": f"search/?q={word}",
        "site map": "wzdt/",
        "404": "404.html",
    }
