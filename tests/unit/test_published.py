"""No published URL ever breaks (issue 24): the list of published URLs (published-urls.txt) against what a build
answers; the 目录调整记录 (catalog/_revisions.yml) as the catalog loads it, and its withdrawn columns' notices."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE

from govsite import urls
from govsite.checks import published
from govsite.model import catalog as catalog_model
from govsite.model import site as site_model
from govsite.parse.errors import ErrorCollector
from govsite.views import redirects, revisions


def test_page_urls_of_output_paths():
    assert published.page_url("index.html") == "/"
    assert published.page_url("departments/jiaoyu/index.html") == "/departments/jiaoyu/"
    assert published.page_url("opendata/documents.csv") == "/opendata/documents.csv"


def test_a_published_url_nothing_answers_is_named_with_the_fix():
    errors = ErrorCollector()
    published.check(["/", "/a/b/", "/%E6%96%87/", "/gone/", "/also-gone/"],
                    ["index.html", "a/b/index.html", "文/index.html"], errors)
    problems = [e.problem for e in errors.errors]
    assert len(problems) == 2 and "/gone/" in problems[0] and "/also-gone/" in problems[1]
    assert all(e.file == published.FILE for e in errors.errors)
    assert "曾用网址名" in errors.errors[0].fix and "曾用编号" in errors.errors[0].fix


def test_thousands_of_lost_urls_are_counted_after_the_first_ones():
    errors = ErrorCollector()
    published.check([f"/x/p{n}/" for n in range(published.LISTED_LIMIT + 5)], [], errors)
    assert len(errors) == published.LISTED_LIMIT + 1
    assert "另有 5 个" in errors.errors[-1].problem


def test_the_list_only_grows_and_leaves_out_the_products_files(tmp_path):
    site = tmp_path / "site"
    for page in ("index.html", "a/index.html", "404.html", "assets/x.html", "maintainers/checks/index.html",
                 "pagefind/x.html", "a/b/index.html", "a/2/index.html", "a/nianbao/2025/index.html"):
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text("x", encoding="utf-8")
    assert published.read(tmp_path) is None  # a county that keeps no list is not checked
    assert published.update(tmp_path, site) == 4
    listed = ["/", "/a/", "/a/b/", "/a/nianbao/2025/"]  # a list's page 2 shifts with its documents: not kept
    assert published.read(tmp_path) == listed
    shutil.rmtree(site / "a" / "b")
    assert published.update(tmp_path, site) == 0
    assert published.read(tmp_path) == listed  # a page gone from the site stays listed


def test_a_lists_later_pages_are_not_lost_urls():
    errors = ErrorCollector()
    published.check(["/a/2/", "/zcwj/3/", "/a/2025/"], [], errors)
    assert [e.problem.split()[1] for e in errors.errors] == ["/a/2025/"]


REVISION = """- 日期: 2026-12-06
  新增:
  - 编号: fupin-01
    名称: 行政法规、规章
  撤销:
  - 编号: fupin-77
    名称: <b>资金</b>分配
    说明: 见“资金公告”<script>
    栏目: [departments/nongye/fupin-77, townships/chengguan/fupin-77, departments/nongye/fupin-01]
"""


@pytest.fixture
def revised(tmp_path) -> Path:
    for folder in ("catalog", "content"):
        shutil.copytree(EXAMPLE / folder, tmp_path / folder)
    (tmp_path / "catalog" / catalog_model.REVISIONS_FILE).write_text(REVISION, encoding="utf-8")
    return tmp_path


def test_withdrawn_columns_keep_an_escaped_noindex_notice_and_the_record_is_a_page(revised):
    errors = ErrorCollector()
    site = site_model.load(revised, revised / "content", revised / "catalog", errors)
    assert not errors, errors.report()
    [revision] = site.catalog.revisions
    assert revision.date == datetime.date(2026, 12, 6)
    u = urls.Urls()
    notices = redirects.notice_files(site, u)
    # a folder whose id is live again (fupin-01 is an item) keeps its page: no notice over it
    assert set(notices) == {"departments/nongye/fupin-77/index.html", "townships/chengguan/fupin-77/index.html"}
    page = notices["departments/nongye/fupin-77/index.html"]
    assert "&lt;b&gt;资金&lt;/b&gt;分配" in page and "&lt;script&gt;" in page and "<script>" not in page
    assert '<meta name="robots" content="noindex">' in page
    assert '<a href="../">示例县农业农村局</a>' in page and '<a href="../../../catalog/tiaozheng/">目录调整记录</a>' in page
    view = revisions.page(site, u)
    assert view.src_uri == urls.REVISIONS and view.revisions[0].withdrawn[0].name == "<b>资金</b>分配"


def test_a_catalog_never_revised_has_no_record_page(example_model):
    assert revisions.page(example_model, urls.Urls()) is None


def test_an_unreadable_record_names_its_file(tmp_path):
    path = tmp_path / catalog_model.REVISIONS_FILE
    path.write_text("日期: 2026-12-06\n", encoding="utf-8")
    errors = ErrorCollector()
    assert catalog_model.load_revisions(path, tmp_path, errors) == ()
    assert errors.errors[0].file == catalog_model.REVISIONS_FILE and "应为列表" in errors.errors[0].problem
    path.write_text("- 日期: 昨天\n  撤销: [{编号: a}]\n", encoding="utf-8")
    errors = ErrorCollector()
    catalog_model.load_revisions(path, tmp_path, errors)
    assert {e.field for e in errors.errors} >= {"日期"}


def test_a_domain_file_may_not_take_the_record_pages_name(tmp_path):
    folder = tmp_path / "catalog"
    shutil.copytree(EXAMPLE / "catalog", folder)
    shutil.copy(folder / "fupin.yml", folder / f"{catalog_model.REVISIONS_PAGE}.yml")
    errors = ErrorCollector()
    catalog_model.load(folder, tmp_path, errors)
    assert any(e.file == f"catalog/{catalog_model.REVISIONS_PAGE}.yml" and "目录调整记录" in e.fix for e in errors.errors)
