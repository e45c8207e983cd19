"""make new-county (govsite.tools.new_county) on a fresh clone: a county from its two spreadsheets builds a
site with every catalog row as columns carrying its elements and no trace of the example county; the
example moves to examples/county/; and the county takes a newer product version with a plain git merge."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE, ROOT, build, url_path
from sheets_support import book, orgs_sheet, standard_sheet, township_csv, variant_sheet

from govsite import urls
from govsite.model import site as model
from govsite.model.catalog import Item
from govsite.parse import schema
from govsite.views.search import READINGS

PRODUCT = ("hooks", "overrides", "govsite.yml", "mkdocs.yml", "content", "catalog")  # what a clone brings
EXAMPLE_TEXT = re.compile(r"示例县|贵州|黔")
GIT = ["git", "-c", "user.name=测试", "-c", "user.email=test@example.gov.cn", "-c", "init.defaultBranch=main",
       "-c", "commit.gpgsign=false"]


def clone_like(folder: Path) -> Path:
    """The product's files as a fresh clone has them (with the example county)."""
    folder.mkdir(parents=True)
    for name in PRODUCT:
        source = (EXAMPLE if name in ("mkdocs.yml", "content", "catalog") else ROOT) / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, folder / name)
    return folder


def new_county(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(project / "hooks"), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "govsite.tools.new_county", *args], cwd=project, env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)


def spreadsheets(folder: Path) -> tuple[Path, Path]:
    """The two spreadsheets of a county: a catalog in two header shapes (the canonical one and a variant
    with 特定群众, 依申请公开, 乡、村级, 三级事项, 网站所属栏目, 五公开), and its organisations."""
    catalog = book(folder / "河清县标准目录.xlsx", {"扶贫": standard_sheet(), "社会救助": variant_sheet()})
    orgs = book(folder / "河清县单位.xlsx", {"单位": orgs_sheet()})
    return catalog, orgs


ARGS = ("--name", "河清县", "--site-url", "https://www.heqing.gov.cn/", "--identity", "主办单位=河清县人民政府办公室",
        "--identity", "网站标识码=4107000001", "--link", "依申请公开=https://www.heqing.gov.cn/ysqgk/")


def test_a_county_from_two_spreadsheets(tmp_path):
    project = clone_like(tmp_path / "clone")
    catalog, orgs = spreadsheets(tmp_path)
    result = new_county(project, *ARGS, "--catalog", str(catalog), "--orgs", str(orgs))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "未导入或需要核对" in result.stdout  # the report of unmapped cells
    example = project / "examples" / "county"
    assert (example / "mkdocs.yml").read_text(encoding="utf-8") == (EXAMPLE / "mkdocs.yml").read_text(encoding="utf-8")
    assert sorted(p.name for p in (example / "catalog").iterdir()) == sorted(p.name for p in (EXAMPLE / "catalog").iterdir())
    built = build(project)
    assert built.returncode == 0, built.output
    site = model.load(project, project / "content", project / "catalog")
    assert len(site.catalog.items) == 5 and len(site.tree.orgs) == 7
    for item in site.catalog.items.values():
        columns = site.columns_by_item.get(item.id, [])
        assert columns or not item.has_columns, item.id
        for column in columns:
            page = (built.site / url_path(urls.column(column)) / "index.html").read_text(encoding="utf-8")
            for f in schema.elements(Item):
                shown = f.element.text(getattr(item, f.attr))
                assert html.escape(shown, quote=False) in page or shown in html.unescape(page), (item.id, f.key)
    # search/pinyin.json is the readings of every GB 2312 character (黔 among them), not the example's text
    leaks = [str(p.relative_to(built.site)) for p in built.site.rglob("*")
             if p.suffix in (".html", ".xml", ".json", ".csv", ".txt") and p.relative_to(built.site).as_posix() != READINGS
             and EXAMPLE_TEXT.search(p.read_text(encoding="utf-8"))]
    assert leaks == []


def test_without_spreadsheets_and_refusals(tmp_path):
    project = clone_like(tmp_path / "clone")
    refused = new_county(project, "--name", "河清县")  # no organisations and no 机构代码
    assert refused.returncode == 1 and "统一社会信用代码" in refused.stderr
    assert not (project / "examples").exists()  # nothing changed
    bad = township_csv(tmp_path / "bad.csv")
    bad.write_text(bad.read_text(encoding="utf-8-sig").replace("全社会", "受众"), encoding="utf-8")
    refused = new_county(project, *ARGS, "--code", "11410000MB0A00018K", "--catalog", str(bad))
    assert refused.returncode == 1 and "文件 bad.csv，工作表“bad”，第3行" in refused.stderr
    assert not (project / "examples").exists()
    made = new_county(project, *ARGS, "--code", "11410000MB0A00018K")  # the shipped standard catalog
    assert made.returncode == 0, made.stderr
    assert [p.name for p in (project / "content").rglob("_org.yml")] == ["_org.yml"]
    assert build(project).returncode == 0


@pytest.mark.parametrize("name, kind, level", [("某某区", "区政府", "区"), ("某某旗", "旗政府", "旗")])
def test_a_district_or_a_banner_starts_its_site_in_its_own_words(tmp_path, name, kind, level):
    """A 区 or a 旗 without an organisations spreadsheet: its government's _org.yml says 区政府 (旗政府), not
    县政府, and the site it builds calls it so."""
    project = clone_like(tmp_path / "clone")
    made = new_county(project, "--name", name, "--site-url", "https://www.example.gov.cn/", "--code", "11410000MB0A00018K")
    assert made.returncode == 0, made.stderr
    assert f"生成本{level}的 CODEOWNERS" in made.stdout and "本县" not in made.stdout
    org = yaml.safe_load((project / "content/county/_org.yml").read_text(encoding="utf-8"))
    assert org["类型"] == kind and org["简称"] == kind
    built = build(project)
    assert built.returncode == 0, built.output
    site = model.load(project, project / "content", project / "catalog")
    assert site.tree.county.kind == kind and site.tree.words.government == f"{level}人民政府"
    domain = (built.site / "catalog/fupin/index.html").read_text(encoding="utf-8")
    # the organisation holding the domain's columns, by its 简称 (the shipped catalog's own texts, such as its
    # 公开主体 县人民政府, are the county's to edit)
    assert f">{level}政府</a>" in domain and ">县政府</a>" not in domain


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*GIT, *args], cwd=cwd, capture_output=True, text=True)


def test_a_county_takes_a_product_upgrade_with_a_plain_merge(tmp_path):
    """Upstream changes hooks/, overrides/ and the example's content; the county merges without conflict."""
    upstream = clone_like(tmp_path / "upstream")
    assert git(upstream, "init", "-q").returncode == 0
    git(upstream, "add", "-A")
    assert git(upstream, "commit", "-q", "-m", "product").returncode == 0
    county = tmp_path / "county"
    assert git(tmp_path, "clone", "-q", str(upstream), str(county)).returncode == 0
    catalog, orgs = spreadsheets(tmp_path)
    result = new_county(county, *ARGS, "--catalog", str(catalog), "--orgs", str(orgs))
    assert result.returncode == 0, result.stderr
    git(county, "add", "-A")
    assert git(county, "commit", "-q", "-m", "河清县").returncode == 0

    # A newer product version: a hook, a template and an example document change upstream.
    hook = upstream / "hooks" / "govsite" / "build.py"
    hook.write_text(hook.read_text(encoding="utf-8") + "\n# upstream: a newer product version\n", encoding="utf-8")
    template = upstream / "overrides" / "main.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n{#- upstream template change -#}\n", encoding="utf-8")
    footer = next(p for p in sorted((upstream / "overrides").rglob("*.html")) if "footer" in p.name)
    footer.write_text(footer.read_text(encoding="utf-8").replace("</footer>", "<!-- gov-upgrade-1 --></footer>", 1),
                      encoding="utf-8")
    document = next(p for p in sorted((upstream / "content" / "departments").rglob("*.md")))
    document.write_text(document.read_text(encoding="utf-8") + "\n升级后的示例段落。\n", encoding="utf-8")
    git(upstream, "add", "-A")
    assert git(upstream, "commit", "-q", "-m", "product upgrade").returncode == 0

    merged = git(county, "pull", "--no-rebase", "--no-edit", "-q", "origin", "main")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert git(county, "diff", "--name-only", "--diff-filter=U").stdout == ""  # no conflict
    assert "upstream: a newer product version" in (county / "hooks" / "govsite" / "build.py").read_text(encoding="utf-8")
    moved = county / "examples" / "county" / document.relative_to(upstream)
    assert "升级后的示例段落" in moved.read_text(encoding="utf-8")  # the example follows, aside
    assert not (county / document.relative_to(upstream)).exists()
    assert "河清县" in (county / "mkdocs.yml").read_text(encoding="utf-8")
    built = build(county)
    assert built.returncode == 0, built.output
    assert "gov-upgrade-1" in (built.site / "index.html").read_text(encoding="utf-8")
