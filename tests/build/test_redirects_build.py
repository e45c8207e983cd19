"""A published URL never breaks (issue 24): an organisation's folder renamed (机构改革: 曾用网址名) and a catalog
item renumbered (目录调整: 曾用编号) leave static redirect pages at every old URL, out of sitemap.xml; a redirect
that would cover a live page, or an old id still in use, is refused naming the file."""

from __future__ import annotations

import http.client
import re
import shutil

from browser.conftest import start_nginx
from conftest import build


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _refresh_target(html: str) -> str:
    return re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html)[1]


def test_a_renamed_department_and_a_renumbered_item_keep_their_old_urls(mini):
    first = build(mini, site=mini / "before")
    assert first.returncode == 0, first.output
    before = {p.relative_to(first.site).as_posix() for p in first.site.rglob("index.html")}
    # 机构改革: 农业农村局 renamed, its folder with it; 目录调整: fupin-01 renumbered fupin-11
    shutil.move(mini / "content/departments/nongye", mini / "content/departments/nongyenongcun")
    _edit(mini / "content/departments/nongyenongcun/_org.yml", "类型: 部门", "类型: 部门\n曾用网址名: [nongye]")
    _edit(mini / "catalog/fupin.yml", "  - 编号: fupin-01\n", "  - 编号: fupin-11\n    曾用编号: [fupin-01]\n")
    result = build(mini)
    assert result.returncode == 0, result.output
    after = {p.relative_to(result.site).as_posix() for p in result.site.rglob("index.html")}
    assert before - after == set()  # every old page is still answered
    old_org = (result.site / "departments/nongye/index.html").read_text(encoding="utf-8")
    assert _refresh_target(old_org) == "../nongyenongcun/"
    assert '<meta name="robots" content="noindex">' in old_org
    assert '<link rel="canonical" href="https://www.example.gov.cn/departments/nongyenongcun/">' in old_org
    assert '<a href="../nongyenongcun/">' in old_org  # a visible link, no script needed
    old_doc = (result.site / "departments/nongye/zhengce/index.html").read_text(encoding="utf-8")
    assert _refresh_target(old_doc) == "../../nongyenongcun/zhengce/"
    # the old column, at the old folder and at the new one, goes to the renumbered item's column
    assert _refresh_target((result.site / "departments/nongyenongcun/fupin-01/index.html").read_text(encoding="utf-8")) \
        == "../fupin-11/"
    assert (result.site / "departments/nongyenongcun/fupin-11/index.html").is_file()
    # documents that name the old 编号 are in the new column
    column = (result.site / "departments/nongyenongcun/fupin-11/index.html").read_text(encoding="utf-8")
    assert "zhengce/" in column
    sitemap = (result.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "departments/nongye/" not in sitemap and "fupin-01/" not in sitemap
    assert "departments/nongyenongcun/fupin-11/" in sitemap


def test_a_redirect_over_a_live_page_and_an_old_id_still_used_are_refused(mini):
    _edit(mini / "content/departments/nongye/_org.yml", "类型: 部门", "类型: 部门\n曾用网址名: [townships/chengguan]")
    _edit(mini / "catalog/fupin.yml", "  - 编号: fupin-01\n", "  - 编号: fupin-01\n    曾用编号: [fupin-02]\n")
    result = build(mini)
    assert result.returncode != 0
    assert "content/departments/nongye/_org.yml" in result.output and "仍是本站的页面" in result.output
    assert "catalog/fupin.yml" in result.output and "曾用编号“fupin-02”仍是" in result.output
    assert "Traceback" not in result.output
    assert not (mini / "site").exists()


def _valid_code(body: str) -> str:
    from govsite.parse import codes

    return body + codes.uscc_check(body)


def test_a_department_merged_into_another_keeps_every_url(mini):
    """机构改革 (issue 24): 林业局 merged into 农业农村局. Its folder stays with 撤并 in its _org.yml: every URL of the
    site before the merger still answers, its documents at the same URL with the same 索引号, its page a notice
    naming the successor and the date with a link, out of the menus and sitemap.xml."""
    code = _valid_code("11522799MB1000038")
    linye = mini / "content/departments/linye"
    linye.mkdir()
    (linye / "_org.yml").write_text(f"名称: 小县林业局\n类型: 部门\n机构代码: {code}\n负责领域: [fupin]\n", encoding="utf-8")
    (linye / "guihua.md").write_text(
        "---\n标题: 小县林业发展规划\n栏目: fupin-01\n成文日期: 2025-02-03\n发布日期: 2025-02-10\n"
        f"发文字号: 小林发〔2025〕1号\n主题分类: 民政、扶贫、救灾\\扶贫\n索引号: {code}/2025-00001\n---\n\n规划正文。\n",
        encoding="utf-8")
    first = build(mini, site=mini / "before")
    assert first.returncode == 0, first.output
    before = {p.relative_to(first.site).as_posix() for p in first.site.rglob("index.html")}
    assert "departments/linye/index.html" in before and "departments/linye/guihua/index.html" in before

    _edit(linye / "_org.yml", "负责领域: [fupin]\n", "负责领域: [fupin]\n撤并:\n  日期: 2025-06-01\n  职责划入: [nongye]\n")
    result = build(mini)
    assert result.returncode == 0, result.output
    after = {p.relative_to(result.site).as_posix() for p in result.site.rglob("index.html")}
    assert before - after == set()  # every old page is still answered
    document = (result.site / "departments/linye/guihua/index.html").read_text(encoding="utf-8")
    assert "小县林业发展规划" in document and f"{code}/2025-00001" in document  # same URL, same 索引号
    notice = (result.site / "departments/linye/index.html").read_text(encoding="utf-8")
    assert "小县林业局已于 2025年6月1日 撤并" in notice and '<a href="../nongye/">小县农业农村局</a>' in notice
    assert '<meta name="robots" content="noindex">' in notice and "<script" not in notice
    assert '<a href="fupin-01/">' in notice  # its column, where its documents are
    home = (result.site / "index.html").read_text(encoding="utf-8")
    assert "departments/linye/" not in home.split("<main", 1)[0]  # not in the menu
    sitemap = (result.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "departments/linye/</loc>" not in sitemap and "departments/linye/guihua/" in sitemap


def test_a_merger_into_an_organisation_that_does_not_exist_builds_nothing(mini):
    _edit(mini / "content/departments/nongye/_org.yml", "类型: 部门", "类型: 部门\n撤并: {日期: 2025-06-01, 职责划入: [linye]}")
    result = build(mini)
    assert result.returncode != 0
    assert "content/departments/nongye/_org.yml" in result.output and "字段“撤并.职责划入”" in result.output
    assert "职责划入的单位“linye”不存在" in result.output and "Traceback" not in result.output
    assert not (mini / "site").exists()


def _get(host, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", host.port, timeout=10)
    connection.request("GET", path)
    return connection.getresponse()


def test_under_the_shipped_nginx_configuration_an_old_url_is_a_real_301(mini, tmp_path):
    """deploy/nginx/example.conf's map of the build's redirects.map, and govsite-redirects.conf: a monitoring
    system or search engine gets "301 Moved Permanently" with every header; without the map the static page answers."""
    shutil.move(mini / "content/departments/nongye", mini / "content/departments/nongyenongcun")
    _edit(mini / "content/departments/nongyenongcun/_org.yml", "类型: 部门", "类型: 部门\n曾用网址名: [nongye]")
    result = build(mini)
    assert result.returncode == 0, result.output
    assert '"/departments/nongye/zhengce/" "/departments/nongyenongcun/zhengce/";' in \
        (result.site / "redirects.map").read_text(encoding="utf-8")
    host = start_nginx(tmp_path / "nginx", result.site, moved=True)
    try:
        for old, new in (("/departments/nongye/", "/departments/nongyenongcun/"),
                         ("/departments/nongye/index.html", "/departments/nongyenongcun/"),
                         ("/departments/nongye/zhengce/", "/departments/nongyenongcun/zhengce/")):
            response = _get(host, old)
            assert (response.status, response.getheader("Location")) == (301, new), old
            assert response.getheader("Content-Security-Policy") and response.getheader("X-Frame-Options") == "DENY"
        assert _get(host, "/departments/nongyenongcun/").status == 200
        assert _get(host, "/departments/nongyenongcun/zhengce/").status == 200
    finally:
        host.stop()
    plain = start_nginx(tmp_path / "plain", result.site)  # govsite.conf alone: the static page answers
    try:
        response = _get(plain, "/departments/nongye/")
        assert response.status == 200 and 'http-equiv="refresh"' in response.read().decode("utf-8")
    finally:
        plain.stop()
