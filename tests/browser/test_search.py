"""Static Chinese search (Pagefind extended) in real Chromium, on the example county."""

from __future__ import annotations

import gzip
import re
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from govsite import urls

from conftest import ROOT, url_path

PAGE = int(re.search(r"^const PAGE = (\d+);", (ROOT / "overrides/assets/javascripts/search.js").read_text(encoding="utf-8"), re.M)[1])  # results per page (search.js)

# (query, source file of the document that must be among the first 5 results)
QUERIES: list[tuple[str, str]] = [
    # 发文字号
    ("黔府办发〔2020〕8号", "county/2020/qianfubanfa-2020-8.md"),
    ("国办发〔2019〕14号", "county/2019/guobanfa-2019-14.md"),
    ("示教发〔2025〕6号", "departments/jiaoyu/2025/zhaosheng-fangan.md"),
    # two-character terms
    ("低保", "departments/minzheng/2023/tiaozheng-dibao-biaozhun.md"),
    ("扶贫", "townships/qingshan/2020/yidi-banqian-houxu-fuchi.md"),
    ("脱贫攻坚", "townships/qingshan/2021/2021-gonggu-tuopin-xiangmu-gongshi.md"),
    # titles and phrases from bodies
    ("耕地地力保护补贴", "departments/nongye/2025/gengdi-dili-baohu-butie-fangan.md"),
    ("农村危房改造实施方案", "departments/zhujian/2022/nongcun-weifang-gaizao-shishi-fangan.md"),
    ("义务教育招生", "departments/jiaoyu/2025/zhaosheng-fangan.md"),
    ("放宽城镇落户条件", "departments/gongan/2024/hujizhidu-gaige-luohu.md"),
    ("第十五个五年规划纲要", "county/2026/shiwuwu-guihua-gangyao.md"),
    ("公共租赁住房", "departments/zhujian/2019/gonggong-zulin-zhufang-guanli-banfa.md"),
    ("食品安全抽检", "departments/shijian/2025/2025-shipin-choujian-di3qi.md"),
    ("征地补偿安置方案", "departments/ziranziyuan/2024/hexi-zhengdi-buchang-fangan.md"),
    ("养老服务机构名录", "departments/minzheng/2026/yanglao-jigou-minglu.md"),
    ("特困人员救助供养", "departments/minzheng/2021/tekun-gongyang-biaozhun.md"),
    ("法律援助", "departments/sifa/2022/falv-yuanzhu-zhinan.md"),
    ("临时停水", "departments/zhujian/2026/chengqu-tingshui-tongzhi.md"),
    ("茶产业", "townships/longquan/2023/chaye-chanye-fazhan-shishi-yijian.md"),
    ("创业担保贷款", "departments/renshe/2020/chuangye-danbao-daikuan-zhinan.md"),
    ("春风行动", "departments/renshe/2025/2025-chunfeng-xingdong.md"),
    ("生态环境质量", "departments/huanbao/2025/2024-huanjing-zhiliang-gongbao.md"),
    ("送戏下乡", "departments/wenlv/2023/2023-songxi-xiaxiang-jihua.md"),
    ("基层政务公开标准化规范化", "county/2020/qianfubanfa-2020-8.md"),
    ("易地扶贫搬迁", "townships/qingshan/2020/yidi-banqian-houxu-fuchi.md"),
    ("一事一议", "townships/qingshan/songlin/2023/2023-yishiyiyi-gongshi.md"),
    ("龙潭村财务收支", "townships/longquan/longtan/2026/2026-10-caiwu-shouzhi.md"),
    ("城乡居民基本养老保险", "departments/renshe/2025/2026-chengxiang-jumin-yanglao-jiaofei.md"),
    ("政务公开工作要点", "county/2024/2024-zhengwu-gongkai-yaodian.md"),
    ("医疗卫生机构名录", "departments/weijian/2026/yiliao-jigou-minglu.md"),
]



# Typed as citizens type (issue 25): (query, source file of the document that must be among the first 5)
TYPED: list[tuple[str, str]] = [
    ("fangxun kanghan", "townships/longquan/2026/2026-fangxun-yingji-yuan.md"),  # full pinyin, words spaced
    ("fangxunkanghan", "townships/longquan/2026/2026-fangxun-yingji-yuan.md"),  # full pinyin, no spaces
    ("fxkh", "townships/longquan/2026/2026-fangxun-yingji-yuan.md"),  # initials
    ("防汛kh", "townships/longquan/2026/2026-fangxun-yingji-yuan.md"),  # mixed
    ("chuangye danbao daikuan", "departments/renshe/2020/chuangye-danbao-daikuan-zhinan.md"),  # longer than looked up
    ("falü yuanzhu", "departments/sifa/2022/falv-yuanzhu-zhinan.md"),  # ü
    ("falv yuanzhu", "departments/sifa/2022/falv-yuanzhu-zhinan.md"),  # ü as v
    ("統計公報", "county/2026/2025-tongji-gongbao.md"),  # traditional characters
    ("義務教育招生", "departments/jiaoyu/2025/zhaosheng-fangan.md"),  # traditional characters
    ("棚护区改造", "county/2021/chengnan-pengqu-zhengshou-jueding.md"),  # a homophone slip (户 → 护)
    ("龙泉 应急预案", "townships/longquan/2026/2026-fangxun-yingji-yuan.md"),  # words apart in the title
]


def run_search(page, base_url, **params) -> list[str]:
    """Open the search page with ``params``; return the result paths in order."""
    page.goto(base_url + "search/?" + urlencode(params))
    page.wait_for_function("() => /找到|没有找到/.test(document.getElementById('search-status').textContent)")
    hrefs = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.getAttribute('href'))")
    return [urlparse(h).path.lstrip("/") for h in hrefs]


def all_results(page, base_url, **params) -> list[str]:
    results = run_search(page, base_url, **params)
    while page.locator("#search-more").is_visible():
        more(page)
        results = [urlparse(h).path.lstrip("/") for h in
                   page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.getAttribute('href'))")]
    return results


def more(page) -> None:
    """Press 显示更多结果 and wait until the list grew or the button went (nothing more was found)."""
    shown = page.locator("#search-results li").count()
    page.click("#search-more")
    page.wait_for_function(f"""() => document.querySelectorAll('#search-results li').length > {shown}
        || (document.getElementById('search-more').hidden && !/正在/.test(document.getElementById('search-status').textContent))""")


def count(page) -> None:
    """Press 统计全部结果 (the whole index counted on request, issue 25) and wait for the count. Not offered
    when the status already counts every document (the search read every document bundle)."""
    if not page.locator("#search-count").is_visible():
        assert "继续向" not in page.locator("#search-status").inner_text()
        return
    page.click("#search-count")
    page.wait_for_function("() => document.getElementById('search-count').hidden")


def test_query_set_is_large_enough():
    assert len(QUERIES) >= 20


@pytest.mark.parametrize("query,source", QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_its_document_in_the_first_five(page, base_url, query, source):
    results = run_search(page, base_url, q=query, 排序="relevance")
    assert url_path(source) in results[:5], results[:5]


@pytest.mark.parametrize("query,source", TYPED, ids=[q for q, _ in TYPED])
@pytest.mark.parametrize("order", ["relevance", "date-desc"])
def test_a_query_typed_as_citizens_type_finds_its_document_in_the_first_five(page, base_url, query, source, order):
    results = run_search(page, base_url, q=query, 排序=order)
    assert url_path(source) in results[:5], results[:5]


def test_a_traditional_query_says_it_was_searched_in_simplified(page, base_url):
    run_search(page, base_url, q="統計公報")
    assert page.locator("#search-status").inner_text().startswith("已按简体“统计公报”搜索。")


# Homophone and near-homophone slips (issue 25): (query, the page's suggestion, source file it then finds in the top 5)
SLIPS = [
    ("棚护区改造", "棚户区改造", "county/2021/chengnan-pengqu-zhengshou-jueding.md"),  # 户 → 护: the same syllable
    ("生态环境资量", "生态环境质量", "departments/huanbao/2025/2024-huanjing-zhiliang-gongbao.md"),  # zhi → zi: a near one
]


@pytest.mark.parametrize("query,suggested,source", SLIPS, ids=[q for q, _, _ in SLIPS])
def test_a_slip_is_offered_the_corrected_query_as_a_link(page, base_url, query, suggested, source):
    requested = []
    page.on("request", lambda request: requested.append(urlparse(request.url).path))
    run_search(page, base_url, q=query, 排序="relevance")
    offer = page.locator("#search-suggestion")
    offer.wait_for()
    assert offer.inner_text() == f"您是不是要找：{suggested}"
    assert any(path.endswith("/assets/javascripts/search-suggest.js") for path in requested)  # the slip finder, now
    link = offer.locator("a")
    assert parse_qs(urlparse(link.get_attribute("href")).query) == {"q": [suggested], "排序": ["relevance"]}
    with page.expect_navigation():
        link.click()
    page.wait_for_function("() => /找到|没有找到/.test(document.getElementById('search-status').textContent)")
    results = [urlparse(h).path.lstrip("/") for h in
               page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.getAttribute('href'))")]
    assert url_path(source) in results[:5], results[:5]
    assert page.locator("#search-suggestion").count() == 0  # found literally: nothing to offer


def test_a_query_found_literally_offers_nothing_and_reads_no_pinyin_table(page, base_url):
    requested = []
    page.on("request", lambda request: requested.append(urlparse(request.url).path))
    run_search(page, base_url, q="棚户区改造")
    assert page.locator("#search-suggestion").count() == 0
    assert not any(path.endswith("/search/pinyin.json") for path in requested)
    assert not any(path.endswith("/search-suggest.js") for path in requested)  # nor the slip finder's script
    assert any(path.endswith("/search-core.js") for path in requested)


def test_a_query_the_newest_bundle_answers_reads_no_filter_file(page, base_url):
    """The first page of a query comes from the newest document bundle alone: a search of one document bundle in
    an instance that holds only it needs neither the 类型 nor the 批次 filter, and each costs a filter file."""
    requested = []
    page.on("request", lambda request: requested.append(urlparse(request.url).path))
    results = run_search(page, base_url, q="2026年")
    assert len(results) == PAGE and "以来发布的文件" in page.locator("#search-status").inner_text()
    assert any("/pagefind/d2026/fragment/" in path for path in requested)
    assert not any(path.endswith(".pf_filter") for path in requested), [p for p in requested if "filter" in p]
    while not any("/pagefind/d2019/" in path for path in requested) and page.locator("#search-more").is_visible():
        more(page)  # until the next bundle is merged: now the 批次 filter keeps each step to its bundle
    assert any("/pagefind/d2019/fragment/" in path for path in requested)
    assert any(path.endswith(".pf_filter") for path in requested)
    listed = [urlparse(h).path.lstrip("/") for h in
              page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.getAttribute('href'))")]
    assert len(listed) == len(set(listed)) > PAGE  # no result of the first bundle listed again


def test_the_search_page_scripts_are_served_without_comments_from_a_level_9_gz(page, base_url, host_root):
    """Our own scripts and stylesheets reach the reader without comments (render.minify), and nginx sends the
    precompressed .gz (gzip_static) made at level 9, Material's bundle too."""
    sizes = {}
    page.on("requestfinished", lambda request: sizes.__setitem__(urlparse(request.url).path,
                                                                (request.sizes()["responseBodySize"], request.response())))
    run_search(page, base_url, q="政务公开")
    served = {path: response for path, (_, response) in sizes.items() if "/assets/" in path and path.endswith((".js", ".css"))}
    assert {"/assets/javascripts/search.js", "/assets/javascripts/search-core.js", "/assets/stylesheets/gov.css"} <= set(served)
    for path, response in served.items():
        gz = host_root / (path.lstrip("/") + ".gz")
        assert response.headers.get("content-encoding") == "gzip", path
        assert sizes[path][0] == gz.stat().st_size, path  # the .gz as it is, not gzipped anew by nginx
        assert len(gzip.decompress(gz.read_bytes())) == len(response.body()), path
        if "/assets/javascripts/search" in path:
            text = response.body().decode("utf-8")
            assert not re.search(r"^\s*//|^\s+", text, re.M), path  # no comment line, no indentation


def test_excerpts_come_from_the_text_not_the_metadata_block(page, base_url):
    run_search(page, base_url, q="政务公开", 排序="relevance")
    excerpts = page.eval_on_selector_all("#search-results li .gov-result__excerpt", "els => els.map(e => e.textContent)")
    assert len(excerpts) >= 5
    for excerpt in excerpts:
        assert not re.search(r"文件信息|索引号|主题分类|发布机构", excerpt), excerpt
    marked = page.eval_on_selector_all("#search-results li .gov-result__excerpt mark", "els => els.map(e => e.textContent)")
    assert any(m in ("政务", "公开", "政务公开") for m in marked)  # the match is marked


def test_township_filter_returns_only_that_township_and_its_villages(page, base_url, example_model):
    township = max(example_model.tree.townships, key=lambda t: sum(
        1 for d in example_model.documents if d.org is t or d.org.parent is t))
    own = {url_path(d.src_uri) for d in example_model.documents if d.org is township or d.org.parent is township}
    columns = {url_path(urls.column(c)) for c in example_model.columns.values()
               if c.org is township or c.org.parent is township}
    results = all_results(page, base_url, 乡镇=township.name, 类型="文件")
    assert results and set(results) <= own
    assert set(results) == own  # every document of the township and its villages, nothing else
    results = all_results(page, base_url, 乡镇=township.name)
    assert set(results) <= own | columns


def test_year_filter_returns_only_that_year(page, base_url, example_model):
    year = 2025
    expected = {url_path(d.src_uri) for d in example_model.documents if d.published.year == year}
    results = all_results(page, base_url, 年份=str(year))
    assert results and set(results) == expected


def test_results_are_newest_first_with_dates(page, base_url, example_model):
    org = max(example_model.tree.orgs.values(), key=lambda o: sum(d.org is o for d in example_model.documents))
    run_search(page, base_url, 机构=org.name, 类型="文件")
    dates = page.eval_on_selector_all("#search-results li time", "els => els.map(e => e.getAttribute('datetime'))")
    assert len(dates) == min(PAGE, sum(d.org is org for d in example_model.documents))
    assert dates == sorted(dates, reverse=True)


def test_a_document_number_comes_first_even_sorted_by_date(page, base_url, example_model):
    doc = next(d for d in example_model.documents if d.number == "黔府办发〔2020〕8号")
    results = run_search(page, base_url, q=doc.number)
    assert len(results) > 1 and results[0] == url_path(doc.src_uri)


def test_void_documents_are_marked_and_status_is_polite(page, base_url, example_model):
    void = next(d for d in example_model.documents if d.validity != "有效")
    run_search(page, base_url, q=void.title)
    item = page.locator("#search-results li", has=page.locator(f"a[href$='{url_path(void.src_uri)}']"))
    assert void.validity in item.inner_text()
    status = page.locator("#search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"


def test_header_search_from_home_and_document_pages(page, base_url, example_model):
    doc = next(d for d in example_model.documents if d.number)
    for start in ("", url_path(doc.src_uri)):
        page.goto(base_url + start)
        page.fill("#gov-search-q", doc.number)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_function("() => /找到|没有找到/.test(document.getElementById('search-status')?.textContent)")
        assert page.locator(f"#search-results a[href$='{url_path(doc.src_uri)}']").count() == 1
        with page.expect_navigation():
            page.locator(f"#search-results a[href$='{url_path(doc.src_uri)}']").click()
        assert page.locator("h1").inner_text() == doc.title


def test_search_within_a_township_from_its_page(page, base_url, example_model):
    township = example_model.tree.townships[0]
    page.goto(base_url + url_path(urls.org(township)))
    with page.expect_navigation():
        page.click("form.gov-scoped-search button")
    page.wait_for_function("() => /找到|没有找到|请输入/.test(document.getElementById('search-status')?.textContent)")
    assert page.locator("select[name='乡镇']").input_value() == township.name


def test_search_page_explains_the_way_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "search/")
    text = page.locator("article").inner_text()
    assert "JavaScript" in text and page.locator("article a[href$='catalog/']").count() >= 1
    context.close()


@pytest.fixture(scope="module")
def bundled_url(tmp_path_factory):
    """The tiny fixture county indexed in bundles of at most 1 page (extra.gov.search.bundle_pages)."""
    from conftest import build, make_project

    from .conftest import serve

    project = make_project(tmp_path_factory.mktemp("bundled"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  gov:\n", "  gov:\n    search: {bundle_pages: 1}\n", 1),
                      encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    assert "in 12 bundle(s)" in result.output  # d2025m06, d2025m03, d2024, d2019, c1…c8
    server = serve(result.site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_a_bundled_index_searches_every_bundle(page, bundled_url):
    requested = []
    page.on("request", lambda request: requested.append(urlparse(request.url).path))
    results = run_search(page, bundled_url, q="资金", 类型="文件")
    assert len([p for p in requested if p.endswith(".pagefind")]) == 1  # bundles merge into one instance: one wasm
    assert set(results) == {"townships/chengguan/dongjie/xiangmu/", "departments/nongye/zhengce/", "departments/nongye/old/"}
    results = run_search(page, bundled_url, 乡镇="城关镇人民政府", 类型="文件")
    assert results == ["townships/chengguan/dongjie/xiangmu/"]
    results = run_search(page, bundled_url, 机构="小县农业农村局", 类型="文件")
    assert results == ["departments/nongye/jiedu/", "departments/nongye/zhengce/", "departments/nongye/old/"]
    results = run_search(page, bundled_url, 机构="小县农业农村局", 类型="文件", 排序="date-asc")
    assert results == ["departments/nongye/old/", "departments/nongye/zhengce/", "departments/nongye/jiedu/"]


def test_a_first_query_reads_only_the_fragments_its_first_page_needs(page, base_url):
    """The example county's index is in bundles (documents d2026 and d2019, which packs 2019–2025; column
    descriptions c1, c2): the newest documents fill the first page, and nothing else is read; asked to
    count, the older bundle and the column bundles are only counted (their metadata and filter files), and
    their fragments are not downloaded until the reader asks for more."""
    requested = []
    page.on("request", lambda request: requested.append(urlparse(request.url).path))
    results = run_search(page, base_url, 有效性="有效")
    assert len(results) == PAGE
    assert any("/pagefind/d2026/fragment/" in path for path in requested)
    assert not any(re.search(r"/pagefind/(d2019|c\d+)/", path) for path in requested)  # the count is on request
    assert "以来发布的文件" in page.locator("#search-status").inner_text()  # says how far it searched
    count(page)
    assert any(re.search(r"/pagefind/d2019/filter/", path) for path in requested)  # counted: its filter files
    assert not any(re.search(r"/pagefind/d2019/index/", path) for path in requested)  # not every index chunk
    assert not any(re.search(r"/pagefind/(d2019|c\d+)/fragment/", path) for path in requested)
    counted = re.match(r"找到 (\d+) 条(以上)?结果，已列出.*以来发布的", page.locator("#search-status").inner_text())
    assert counted, page.locator("#search-status").inner_text()
    more(page)
    assert any("/pagefind/d2019/fragment/" in path for path in requested)  # the next page reads back in time
    while page.locator("#search-more").is_visible():
        more(page)
    listed = page.locator("#search-results li").count()
    assert listed >= int(counted[1]) if counted[2] else listed == int(counted[1])  # the count held
    assert page.locator("#search-status").inner_text() == f"找到 {listed} 条结果"


@pytest.mark.parametrize("params", [{"有效性": "有效"}, {"q": "养老"}, {"q": "补贴"}, {"q": "fxkh"}],
                         ids=["filter", "words", "word", "pinyin"])
def test_the_count_is_what_show_more_lists_in_the_end(page, base_url, example_model, params):
    """Asked (统计全部结果), the page says how many results the whole county holds (issue 25), not only its
    newest bundle; pressing 显示更多结果 to the end lists that many (or more than the limit says, 100 条以上)."""
    run_search(page, base_url, **params)
    if params.get("q") == "fxkh":  # a pinyin query is not counted: it says how far it searched, as before
        assert not page.locator("#search-count").is_visible()
        status = page.locator("#search-status").inner_text()
        assert status.startswith("找到") and "已列出" not in status, status
        return
    count(page)
    status = page.locator("#search-status").inner_text()
    listed = all_results(page, base_url, **params)
    pages = {url_path(d.src_uri) for d in example_model.documents}
    documents = [path for path in listed if path in pages]
    if status.startswith("找到 100 条以上"):  # counting stopped at its limit
        assert len(documents) >= 100
    elif "q" in params:  # a query counts the documents (the column descriptions' bundles are large)
        assert status.startswith(f"找到 {len(documents)} 条文件"), (status, len(listed))
    else:  # filters count every page they select
        assert status.startswith(f"找到 {len(listed)} 条结果"), status
    assert len(listed) <= PAGE or "已列出" in status or "继续搜索栏目说明" in status or "继续" not in status, status
