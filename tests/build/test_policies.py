"""The 政策文件 list of the example county (views.pages.policy_pages, overrides/policies.html): a
server-rendered table of the documents with a 发文字号, newest first, one year per page, with an
external filter script (no inline script) and every row shown without it."""

from __future__ import annotations

import re

from govsite import urls


def test_policy_list_is_a_table_of_policies_newest_first(example_site, example_model):
    html = (example_site / "zcwj/index.html").read_text(encoding="utf-8")
    policies = sorted((d for d in example_model.documents if urls.is_policy(d)), key=lambda d: d.sort_key(),
                      reverse=True)
    newest = policies[0].published.year
    this_year = [d for d in policies if d.published.year == newest]
    assert [h for h in re.findall(r'<th scope="col">([^<]+)</th>', html)] == ["标题", "发文字号", "成文日期", "发布日期", "有效性"]
    rows = re.findall(r'<tr data-org="([^"]*)" data-topic="([^"]*)" data-validity="([^"]*)">\s*<th scope="row"><a href="[^"]*">([^<]+)</a>', html)
    assert [r[3] for r in rows] == [d.title for d in this_year]
    assert all(d.number in html for d in this_year)
    # the filter form is hidden until the external script shows it; the year is a link
    assert re.search(r'<form class="gov-policy-filters" id="policy-filters" hidden>', html)
    assert re.search(r'<script src="[./]*assets/javascripts/policies\.js" defer></script>', html)
    for label in ("发布机构", "主题分类", "有效性"):
        assert f">{label}</label>" in html
    assert f'<span aria-current="page">{newest}年（{len(this_year)}）</span>' in html
    older = sorted({d.published.year for d in policies} - {newest}, reverse=True)
    for year in older:
        assert f'href="../zcwj/{year}/"' in html or f'href="{year}/"' in html
        page = (example_site / f"zcwj/{year}/index.html").read_text(encoding="utf-8")
        assert page.count("<tr data-org=") == sum(d.published.year == year for d in policies)
    # the side navigation is hidden: the table takes the page's width
    assert re.search(r'data-md-type="navigation" hidden>', html)
    assert (example_site / "assets/javascripts/policies.js").exists()


def test_policy_list_is_linked_from_home_and_xxgk(example_site):
    for page in ("index.html", "xxgk/index.html"):
        assert re.search(r'<a href="[./]*zcwj/">政策文件</a>', (example_site / page).read_text(encoding="utf-8")), page


def test_policies_are_in_the_navigation_the_primary_navigation_and_the_sitemap(example_site):
    sitemap = (example_site / "wzdt/index.html").read_text(encoding="utf-8")
    main = sitemap[sitemap.index('id="gov-main"'):]
    assert re.search(r'<a href="(\.\./)?zcwj/">政策文件</a>', main)
    assert re.search(r'<nav class="md-nav md-nav--primary".*?href="(\.\./)?zcwj/"', sitemap, re.S)
    primary = re.search(r'<nav class="gov-primary" aria-label="主导航">(.*?)</nav>', sitemap, re.S).group(1)
    assert [t for t in re.findall(r'>([^<>]+)</a>', primary)][:4] == ["首页", "政府信息公开", "政策文件", "乡镇（街道）"]
    policies = (example_site / "zcwj/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="\./" aria-current="page">政策文件</a>', policies)
