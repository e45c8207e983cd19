"""The build runs the checks: errors stop it with the Chinese report (no traceback, the last good site
kept), warnings are logged; it publishes the maintainers' page (noindex, not in the nav, not in the search
index) and report.json; revoked documents and their files are not published."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin

from checks_support import GOOD_LINKS, POLICY, edit
from conftest import build


def test_warnings_are_logged_and_the_report_is_published(mini, monkeypatch):
    monkeypatch.setenv("GOV_AS_OF", "2025-06-30")
    result = build(mini)
    assert result.returncode == 0, result.output
    # 首页不更新 is the fourth: the newest document is 2025-06-03 (a warning in the repository's mkdocs.yml)
    assert "WARNING -  政务公开检查：警告 4 条（完整报告见网站 maintainers/checks/，或运行 make check）" in result.output
    assert "本单位 2 个栏目中有空白栏目 2 个" in result.output
    page = (result.site / "maintainers/checks/index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in page and "data-pagefind-body" not in page
    assert "检查结果（2025-06-30）：错误 0 条，警告 4 条（空白栏目 3、首页不更新 1），通过。" in page
    report = json.loads((result.site / "maintainers/checks/report.json").read_text(encoding="utf-8"))
    assert report["as_of"] == "2025-06-30" and report["summary"]["warnings"] == 4
    others = [p for p in result.site.rglob("*.html") if "maintainers" not in p.parts]
    assert not [p for p in others if "maintainers/checks" in p.read_text(encoding="utf-8")]  # linked from nowhere


def test_errors_fail_the_build_with_the_report(mini, monkeypatch):
    monkeypatch.setenv("GOV_AS_OF", "2025-06-30")
    good = build(mini)
    assert good.returncode == 0, good.output
    snapshot = {p.relative_to(good.site): p.read_bytes() for p in good.site.rglob("*") if p.is_file()}
    monkeypatch.setenv("GOV_AS_OF", "2025-06-02")  # 东街社区's 项目公示 is dated 2025-06-03
    result = build(mini)
    assert result.returncode != 0 and "Traceback" not in result.output
    for text in ("网站未生成：政务公开检查发现 1 处错误", "content/townships/chengguan/dongjie/xiangmu.md 字段“发布日期”",
                 "发布日期 2025-06-03 晚于检查日期 2025-06-02", "国办秘函〔2019〕19号", "原有网站（site/）保持不变"):
        assert text in result.output, result.output
    after = {p.relative_to(result.site): p.read_bytes() for p in result.site.rglob("*") if p.is_file()}
    assert after == snapshot


def test_option_mistakes_fail_the_build(mini):
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "      broken_links: warning\n", encoding="utf-8")
    result = build(mini)
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "mkdocs.yml，字段“extra.gov.checks.broken_links”：不认识的字段" in result.output
    assert "是否应为“broken_link”" in result.output


def test_revoked_documents_and_their_files_are_not_published(mini):
    edit(mini / POLICY, "附件:", "撤销:\n  撤销日期: 2025-04-01\n  下架日期: 2025-04-02\n附件:")
    result = build(mini)
    assert result.returncode == 0, result.output
    site = result.site
    assert not (site / "departments/nongye/zhengce").exists()
    assert not (site / "departments/nongye/files/fenpei.csv").exists()
    column = (site / "departments/nongye/fupin-01/index.html").read_text(encoding="utf-8")
    assert "小县2019年扶贫资金管理办法" in column and "巩固拓展脱贫攻坚成果实施办法" not in column
    assert "巩固拓展脱贫攻坚成果实施办法</a>" not in (site / "index.html").read_text(encoding="utf-8")
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == 12  # 13 with the policy
    assert "已撤销文件" in (site / "maintainers/checks/index.html").read_text(encoding="utf-8")


def test_links_the_check_accepts_work_in_the_built_site(mini):
    edit(mini / POLICY, "制定本办法。\n", "制定本办法。\n\n" + GOOD_LINKS)
    result = build(mini)
    assert result.returncode == 0, result.output
    html_file = result.site / "departments/nongye/zhengce/index.html"
    html = html_file.read_text(encoding="utf-8")
    body = html[html.index('<div class="gov-body">'):]
    body = body[:body.index("</div>")]
    hrefs = [h for h in re.findall(r'href="([^"]+)"', body) if not re.match(r"^[a-z]+:|^#", h)]
    assert len(hrefs) == 6
    for href in hrefs:
        target = Path(unquote(urljoin("/departments/nongye/zhengce/", href)).lstrip("/"))
        path = result.site / target
        assert (path / "index.html" if href.endswith("/") else path).exists(), href
