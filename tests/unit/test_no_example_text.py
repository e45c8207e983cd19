"""Product code names no county (issue 12): the example county (示例县) and its province live in content/,
catalog/, mkdocs.yml and the test fixtures only, so another county's site never shows them."""

from __future__ import annotations

import re

from conftest import FIXTURES, ROOT

from govsite.model import site as model
from govsite.views import pages

EXAMPLE = re.compile(r"示例县|黔|贵州|guizhou", re.IGNORECASE)


def test_hooks_and_overrides_name_neither_the_example_county_nor_its_province():
    found = []
    for folder in ("hooks", "overrides"):
        for path in sorted((ROOT / folder).rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:  # images and other binary files
                continue
            found += [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
                      for n, line in enumerate(text.splitlines(), 1) if EXAMPLE.search(line)]
    assert found == []


def test_the_search_placeholder_comes_from_the_content():
    root = FIXTURES / "mini"
    site = model.load(root, root / "content", root / "catalog")
    newest = next(d for d in site.latest if d.number)
    assert pages.search_placeholder(site) == f"如：{newest.item.name}、{newest.number}"


# The words a county-level government that is not a 县 (区, 县级市, 旗 …) must not find on its pages: the
# county's own words come from ``Words`` (``gov_site.words`` in templates), never from the product's text.
COUNTY_WORDS = re.compile(r"县|乡镇")
# Citizen- and editor-facing text made outside the templates: the strings (docstrings and comments aside) of
# the views (views/cms.py is the editors' form), of the documents' messages (what a 信息员 reads when a save
# or a build refuses a document) and of the form editor's and the preview's own code. The search filter's
# name 乡镇 is its URL parameter (?乡镇=…), kept as a contract with the links counties have published.
FACING = ("hooks/govsite/views/*.py", "hooks/govsite/model/documents.py", "hooks/govsite/render/admin.py",
          "hooks/govsite/render/preview.py")
FACING_SCRIPTS = "hooks/govsite/render/*.js"
KNOWN = {("search.py", "乡镇")}


def _template_text(path) -> str:
    return re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)


def test_no_template_says_county_or_township_where_the_countys_words_belong():
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in sorted((ROOT / "overrides").rglob("*.html"))
             for n, line in enumerate(_template_text(path).splitlines(), 1) if COUNTY_WORDS.search(line)]
    assert found == []


def _strings(path) -> list[tuple[int, str]]:
    """The string constants of a module (line, text), docstrings aside."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_no_view_or_message_says_county_or_township_where_the_countys_words_belong():
    found = [f"{path.name}:{line}: {text[:60]}" for path in sorted(p for pattern in FACING for p in ROOT.glob(pattern))
             for line, text in _strings(path) if COUNTY_WORDS.search(text) and (path.name, text) not in KNOWN]
    assert found == []


# What the 政务公开办 meets in the tools that start and keep a site (make new-county, import-orgs, codeowners,
# annual-report): no text takes the county for a 县 (本县, 全县, 县名, 县人民政府, 县民政局 …). Examples of a
# name (某某县) and the 类型 自治县政府 are not that; nor is the spreadsheet's alias 县人民政府 → 县政府.
ASSUMING_A_COUNTY = re.compile(r"本县|全县|县名|(?<![某治])县(?:人民)?政府|县民政局|县直")
STARTING_TOOLS = ("new_county.py", "import_orgs.py", "codeowners.py", "annual_report.py")
KNOWN_ALIASES = {("import_orgs.py", "县人民政府"), ("import_orgs.py", "县政府"), ("import_orgs.py", "县直部门")}


def test_the_tools_that_start_a_site_take_no_county_for_a_county():
    found = [f"{name}:{line}: {text[:60]}" for name in STARTING_TOOLS
             for line, text in _strings(ROOT / "hooks/govsite/tools" / name)
             if ASSUMING_A_COUNTY.search(text) and (name, text) not in KNOWN_ALIASES]
    assert found == []


def test_the_form_editors_scripts_say_neither_county_nor_township():
    found = [f"{path.name}:{n}: {line.strip()}" for path in sorted(ROOT.glob(FACING_SCRIPTS))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if COUNTY_WORDS.search(re.sub(r"//.*", "", line))]
    assert found == []
