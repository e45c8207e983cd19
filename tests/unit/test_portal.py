"""The portal's home sections and the 政策文件 list (views.pages.home_sections, policy_pages): the rules
that choose their documents, newest first, and bounded pages."""

from __future__ import annotations

import datetime
from dataclasses import replace

from govsite import urls
from govsite.views import pages


def test_home_sections_follow_their_rules(example_model):
    u = urls.Urls(True)
    sections = pages.home_sections(example_model, u)
    by_url = {urls.Urls(True).url(d.src_uri): d for d in example_model.documents}
    for key, rule in (("policies", urls.is_policy), ("interpretations", lambda d: d.is_interpretation),
                      ("notices", pages.is_notice)):
        entries = sections[key]
        assert 1 <= len(entries) <= pages.HOME_SECTION, key
        assert all(rule(by_url[e.url]) for e in entries), key
        dates = [e.published for e in entries]
        assert dates == sorted(dates, reverse=True), key
    assert all(by_url[e.url].number for e in sections["policies"])
    assert {t.title for t in sections["township_news"]} == {t.name for t in example_model.tree.townships}
    assert 1 <= len(sections["domains"]) <= pages.HOME_DOMAINS
    standard = {i.domain.name for i in urls.standard_items(example_model)}
    assert not standard & {d.title for d in sections["domains"]}


def test_policy_list_is_by_year_newest_first_with_every_policy_once(example_model):
    u = urls.Urls(True)
    views = pages.policy_pages(example_model, u, [])
    assert set(views) == set(urls.policy_pages(example_model))
    assert urls.POLICIES_INDEX in views
    rows = [r for v in views.values() for r in v.rows]
    policies = [d for d in example_model.documents if urls.is_policy(d)]
    assert len(rows) == len({r.url for r in rows}) == len(policies)
    first = views[urls.POLICIES_INDEX]
    assert first.year == max(d.published.year for d in policies)
    assert [r.published for r in first.rows] == sorted((r.published for r in first.rows), reverse=True)
    assert all(r.number for r in rows)
    assert [f.label for f in first.filters] == ["发布机构", "主题分类", "有效性"]
    assert first.hide == ("navigation", "toc")


def test_a_large_year_is_split_into_bounded_pages(example_model):
    policy = next(d for d in example_model.documents if urls.is_policy(d))
    many = [replace(policy, index_number=f"X-{n:05d}", published=datetime.date(2030, 1, 1) + datetime.timedelta(n % 300))
            for n in range(urls.POLICY_PAGE_SIZE * 2 + 1)]
    site = replace(example_model, documents=many)
    site.__dict__.pop("latest", None)
    views = pages.policy_pages(site, urls.Urls(True), [])
    assert list(views) == [urls.POLICIES_INDEX, "zcwj/2.md", "zcwj/3.md"]
    assert max(len(v.rows) for v in views.values()) == urls.POLICY_PAGE_SIZE
    assert views["zcwj/3.md"].pagination.total == 3


def test_without_policies_the_list_page_still_exists(example_model):
    site = replace(example_model, documents=[d for d in example_model.documents if not urls.is_policy(d)])
    site.__dict__.pop("latest", None)
    views = pages.policy_pages(site, urls.Urls(True), [])
    assert list(views) == [urls.POLICIES_INDEX] and not views[urls.POLICIES_INDEX].rows


def test_primary_nav_defaults_to_the_sites_sections_then_its_links(example_model):
    from govsite.parse import settings as settings_

    loaded = settings_.Settings(links={"依申请公开": "https://example.gov.cn/ysqgk/"})
    entries = pages.primary_nav(example_model, loaded, urls.Urls(True))
    assert [e.title for e in entries] == ["首页", "政府信息公开", "政策文件", "乡镇（街道）", "依申请公开"]
    assert [e.section for e in entries] == ["", "xxgk/", "zcwj/", "townships/", None]
    assert entries[0].url == "./"


def test_primary_nav_as_configured_site_paths_and_urls(example_model):
    from govsite.parse import settings as settings_

    loaded = settings_.Settings(primary_nav={"首页": "/", "政策文件": "/zcwj/", "在线办事": "https://zwfw.example.cn/"})
    entries = pages.primary_nav(example_model, loaded, urls.Urls(True))
    assert [(e.title, e.url, e.section) for e in entries] == [
        ("首页", "./", ""), ("政策文件", "zcwj/", "zcwj/"), ("在线办事", "https://zwfw.example.cn/", None)]
