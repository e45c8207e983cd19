"""The nginx map of the redirect pages (views/redirects.files, redirects.MAP): an old URL answered with a real 301 under the
shipped nginx configuration; lines nginx's parser could misread are left to the static page."""

from __future__ import annotations

import datetime

from govsite import urls
from govsite.model import site as model
from govsite.views import redirects


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _load(mini):
    return model.load(mini, mini / "content", mini / "catalog", as_of=datetime.date(2026, 6, 30))


def test_each_redirect_page_is_a_map_line_under_the_sites_path(mini):
    _edit(mini / "catalog/fupin.yml", "  - 编号: fupin-01\n", "  - 编号: fupin-11\n    曾用编号: [fupin-01]\n")
    site = _load(mini)
    u = urls.Urls(True)
    pages = redirects.files(site, u, "https://www.example.gov.cn/")
    lines = redirects.files(site, u, "https://www.example.gov.cn/county-site/")[redirects.MAP].splitlines()
    assert lines[0].startswith("#")
    entries = dict(line.rstrip(";").split(" ") for line in lines[1:])
    assert entries['"/county-site/departments/nongye/fupin-01/"'] == '"/county-site/departments/nongye/fupin-11/"'
    assert entries['"/county-site/departments/nongye/fupin-01/index.html"'] == '"/county-site/departments/nongye/fupin-11/"'
    # every redirect page has its line (folders twice: with and without index.html), nothing else
    redirect_pages = {dest for dest, page in pages.items() if 'http-equiv="refresh"' in page}
    assert {e.strip('"').removeprefix("/county-site/") for e in entries} == \
        redirect_pages | {d.removesuffix("index.html") for d in redirect_pages}


def test_a_county_without_redirects_has_a_map_of_comments_only(mini):
    site = _load(mini)
    text = redirects.files(site, urls.Urls(True), None)[redirects.MAP]
    assert [line for line in text.splitlines() if not line.startswith("#")] == []


def test_a_url_nginx_would_misread_is_left_to_its_static_page():
    for bad in ('/a"b/', "/a b/", "/$host/", "/a%20b/", "/a;b/", "/a\\b/", "/a{b}/"):
        assert not redirects._MAP_SAFE.fullmatch(bad), bad
    assert redirects._MAP_SAFE.fullmatch("/departments/nongye/政策/")
