"""The build runs the checks: their findings never stop it (errors and warnings are logged, summed up at
the end of the log; make check is what fails); it publishes the maintainers' page (noindex, not in the nav,
not in the search index) and report.json; revoked documents and their files are not published; mistakes in
the checks' options stop it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
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


def test_errors_are_reported_and_the_site_is_published(mini, monkeypatch):
    """A rule set to error is broken (a 发布日期 after the check date, the home page not updated for two weeks:
    单项否决 items that come and go with the check date): the build still makes the whole site, reports the
    findings in Chinese with a summary at the end of its log and on the maintainers' page; make check fails."""
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "      home_not_updated: error\n", encoding="utf-8")
    passing = build(mini, site=mini / "passing", env={"GOV_AS_OF": "2025-06-10"})
    assert passing.returncode == 0, passing.output
    assert "政务公开检查：检查结果（2025-06-10）：错误 0 条" in passing.output
    for as_of, rule, text in (("2025-06-02", "future_date", "发布日期 2025-06-03 晚于检查日期 2025-06-02"),
                              ("2025-06-30", "home_not_updated", "首页最近一次更新是 2025-06-03")):
        result = build(mini, site=mini / f"site-{as_of}", env={"GOV_AS_OF": as_of})
        assert result.returncode == 0 and "Traceback" not in result.output, result.output
        assert "网站未生成" not in result.output
        pages = sorted(p.relative_to(result.site) for p in result.site.rglob("*.html"))
        assert pages == sorted(p.relative_to(passing.site) for p in passing.site.rglob("*.html"))  # the whole site
        entry = json.loads((result.site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
        assert sum(lang["page_count"] for lang in entry["languages"].values()) == 13
        report = json.loads((result.site / "maintainers/checks/report.json").read_text(encoding="utf-8"))
        assert report["ok"] is False and [f["rule"] for f in report["findings"] if f["severity"] == "error"] == [rule]
        page = (result.site / "maintainers/checks/index.html").read_text(encoding="utf-8")
        assert f"检查结果（{as_of}）：错误 1 条" in page and "未通过" in page and text in page
        log = result.output.splitlines()
        assert f"政务公开检查：错误 1 条（设为 error 的规则被违反；" in result.output and text in result.output
        # the summary closes the build's log (MkDocs's own "Documentation built" line after it)
        last = max(n for n, line in enumerate(log) if "政务公开检查未通过：网站已生成，可以发布" in line)
        assert log[last + 1].startswith(f"检查结果（{as_of}）：错误 1 条") and "未通过" in log[last + 1]
        assert [line for line in log[last + 2:] if line.startswith(("INFO", "WARNING"))] == [
            line for line in log[last + 2:] if "Documentation built in" in line]
        checked = subprocess.run([sys.executable, "-m", "govsite.checks", f"--as-of={as_of}"], cwd=mini,
                                 env=dict(os.environ, PYTHONPATH="hooks"), capture_output=True, text=True)
        assert checked.returncode == 1, checked.stdout + checked.stderr  # make check: the step that fails
        assert text in checked.stdout and "未通过（有设为 error 的规则被违反）" in checked.stdout


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
