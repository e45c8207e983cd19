"""Field kinds (parse/kinds.py): each kind is one class that reads a value from YAML (with its Chinese
message), writes it as open data, in a spreadsheet cell and back, and as a form widget, so that adding a kind
or a value of a vocabulary touches one place (issue 23)."""

from __future__ import annotations

import ast
import dataclasses
import datetime
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from checks_support import load
from conftest import FIXTURES, ROOT

from govsite.model.catalog import Item, LimitKind, TimeRule, UpdateCycle
from govsite.model.documents import Attachment, Document, Validity
from govsite.parse import kinds, schema
from govsite.parse.errors import ErrorCollector
from govsite.views import cms, opendata, pages

HOOKS = ROOT / "hooks" / "govsite"


def read(kind: kinds.Kind, value, default=None):
    """``value`` read as YAML gives it, by a one-field record of ``kind``: (value, errors)."""
    record = dataclasses.make_dataclass("One", [("x", object, schema.field("值", kind, "值", default=default))],
                                        kw_only=True)
    errors = ErrorCollector()
    made = schema.record(record, {"值": value}, errors, "x.yml")
    return (made.x if made else None), [(e.problem, e.fix) for e in errors.errors]


def field_of(kind: kinds.Kind, key: str = "值", **options) -> schema.Field:
    record = dataclasses.make_dataclass("One", [("x", object, schema.field(key, kind, "说明", **options))], kw_only=True)
    return schema.fields(record)[0]


# kind, as YAML gives it, as the program holds it, as open data, as a spreadsheet cell
ROUND_TRIPS = [
    (kinds.Text(), "停水通知", "停水通知", "停水通知", "停水通知"),
    (kinds.Texts(), ["《条例》", "第二条\n第三款"], ("《条例》", "第二条\n第三款"), ["《条例》", "第二条\n第三款"],
     "《条例》\n\n第二条\n第三款"),
    (kinds.Words(), ["fupin", "jiaoyu"], ("fupin", "jiaoyu"), ["fupin", "jiaoyu"], "fupin、jiaoyu"),
    (kinds.Slug(), "fupin-01", "fupin-01", "fupin-01", "fupin-01"),
    (kinds.Int(), 12, 12, 12, "12"),
    (kinds.Bool(), True, True, True, "是"),
    (kinds.Date(), "2025-03-05", datetime.date(2025, 3, 5), "2025-03-05", "2025-03-05"),
    (kinds.MonthDay(), "01-31", (1, 31), "01-31", "01-31"),
    (kinds.Choice(UpdateCycle), "每季度", UpdateCycle.QUARTERLY, "每季度", "每季度"),
    (kinds.Choices(("政府网站", "政府公报", "其他")), ["政府网站", "其他"], ("政府网站", "其他"), ["政府网站", "其他"],
     "■政府网站 □政府公报 ■其他"),
    (kinds.Record(TimeRule), {"类型": "自然日", "天数": 20, "起算": "批准日期"},
     TimeRule(kind=LimitKind.DAYS, days=20, start="批准日期"), {"类型": "自然日", "天数": 20, "起算": "批准日期"},
     "自然日 20 批准日期"),
]


@pytest.mark.parametrize("kind, written, held, data, cell", ROUND_TRIPS, ids=lambda v: type(v).__name__)
def test_a_value_goes_through_yaml_open_data_and_a_cell_and_back(kind, written, held, data, cell):
    value, errors = read(kind, written)
    assert errors == [] and value == held
    assert kind.to_data(value) == data
    assert json.loads(json.dumps(kind.to_data(value), ensure_ascii=False)) == data  # plain JSON types
    assert kind.to_cell(value) == cell
    back = kind.from_cell(cell, "值")
    assert back == written
    assert read(kind, back)[0] == held


def test_a_vocabulary_value_is_its_member_and_still_its_text():
    value, _ = read(kinds.Choice(UpdateCycle), "两周")
    assert value is UpdateCycle.TWO_WEEKS and value == "两周" and f"{value}" == "两周"
    assert value.window == UpdateCycle.TWO_WEEKS.window and value.first_kind
    f = field_of(kinds.Choice(UpdateCycle), default="半年")  # a declared default is a member too
    assert f.default is UpdateCycle.HALF_YEAR and type(kinds.Choice(UpdateCycle).to_data(f.default)) is str


def test_wrong_values_are_refused_with_the_kinds_message():
    assert read(kinds.Choice(UpdateCycle), "每周") == (None, [("“每周”不是允许的值", "可选值：两周、半年、一年、每月、每季度、每年、长期。")])
    assert read(kinds.Date(), "2025-02-30") == (None, [("“2025-02-30”不是存在的日期", "应填写日期，格式 YYYY-MM-DD（如 2024-03-05）。")])
    assert read(kinds.Text(max_length=3), "四个字符") == (None, [("太长（4 个字符，最多 3 个）", "缩短到 3 个字符以内。")])
    assert read(kinds.Counts(("甲", "乙", "总计")), [1, 2])[1] == [
        ("应为 3 个数（甲、乙、总计），实际是2 个数", "按表头顺序填写 3 个非负整数（甲、乙、总计），如 [0, 0, 0]。")]


def test_a_cell_a_kind_cannot_read_says_why():
    with pytest.raises(kinds.CellProblem) as raised:
        kinds.Bool().from_cell("也许", "需要解读")
    assert (raised.value.problem, raised.value.fix) == ("“也许”不是“是”或“否”", "填写 是 或 否。")
    with pytest.raises(kinds.CellProblem) as raised:
        kinds.Choice(UpdateCycle).from_cell("每周", "更新周期")
    assert raised.value.problem == "“每周”不是“更新周期”的可选值"
    with pytest.raises(kinds.CellProblem, match="时限规则“工作日 二十”无法识别"):
        kinds.Record(TimeRule).from_cell("工作日 二十", "时限规则")
    notes = []
    assert kinds.Choices(("政府网站", "其他")).from_cell("■政府网站 ■微博", "公开渠道和载体",
                                                     note=lambda *n: notes.append(n)) == ["政府网站"]
    assert notes == [("“公开渠道和载体”中的“微博”不在可选值中，未导入", "可选值：政府网站、其他；其他渠道可选“其他”并写入备注。")]


def test_each_kind_is_its_own_form_widget():
    def widget(kind, **options):
        f = field_of(kind, **options)
        return f.kind.widget(f, cms._base(f), lambda sub, nested=False: cms._base(sub) | {"nested": nested})

    date = widget(kinds.Date(), required=True)
    assert (date["widget"], date["format"], date["default"]) == ("datetime", "YYYY-MM-DD", "{{now}}")
    assert widget(kinds.Choice(Validity), default="有效") == {
        "name": "值", "label": "值", "required": False, "hint": "说明", "widget": "select", "options": ["有效", "失效", "废止"],
        "default": "有效"}
    assert type(widget(kinds.Choice(Validity), default="有效")["default"]) is str  # YAML-safe, not the member
    assert widget(kinds.Choices(("甲", "乙")))["multiple"] is True
    assert widget(kinds.Text(max_length=200))["widget"] == "string" and widget(kinds.Text())["widget"] == "text"
    assert widget(kinds.Texts())["hint"] == "说明；多个用英文逗号分隔"
    assert [w["name"] for w in widget(kinds.ListOf(Attachment))["fields"]] == ["名称", "文件"]
    nested = widget(kinds.Record(TimeRule))
    assert nested["widget"] == "object" and all(w["nested"] for w in nested["fields"])
    assert nested["hint"] == "说明；填写时类型必填"


def test_make_new_examples_come_from_the_declaration_or_the_kind():
    fields = {f.key: f for f in schema.fields(Document)}
    assert fields["发文字号"].example == "〔{year}〕1号"  # declared
    assert fields["有效性"].example == "有效"  # a choice: its default
    assert fields["主题词"].example == "…"  # a text: nothing to suggest
    assert kinds.Date().explain() == "，YYYY-MM-DD" and kinds.Choice(("甲", "乙")).explain() == "：甲、乙"


def test_a_new_kind_is_one_class_the_schema_the_open_data_and_the_form_use():
    @dataclasses.dataclass(frozen=True)
    class Phone(kinds.Text):
        hint = "电话号码（如 0851-1234567）"

        def parse(self, value, where):
            text, problem = super().parse(value, where)
            return (None, f"“{value}”不是电话号码") if text and not text.replace("-", "").isdigit() else (text, problem)

        def to_data(self, value):
            return value.replace("-", "")

        def widget(self, f, out, sub):
            return out | {"widget": "string", "pattern": ["^[0-9-]+$", "应为电话号码"]}

    assert read(Phone(), "打电话") == (None, [("“打电话”不是电话号码", "应填写电话号码（如 0851-1234567）。")])
    f = field_of(Phone(), key="电话")
    assert f.data("0851-1234567") == "08511234567"
    assert cms._field(f, {})["pattern"] == ["^[0-9-]+$", "应为电话号码"]


def test_no_consumer_compares_kind_names():
    """A kind is asked, never named: no module outside parse/kinds.py compares a field's kind with a string."""
    names = {"text", "texts", "date", "bool", "int", "slug", "enum", "enums", "mdday", "mapping", "list", "pairs",
             "raw", "count", "counts", "amount"}
    wrong = []
    for path in sorted(HOOKS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and any(
                    isinstance(side, ast.Attribute) and side.attr == "kind" and isinstance(side.value, ast.Name)
                    and side.value.id == "f" for side in (node.left, *node.comparators)):
                constants = [c for c in ast.walk(node) if isinstance(c, ast.Constant) and c.value in names]
                if constants:
                    wrong.append(f"{path.relative_to(HOOKS)}:{node.lineno}")
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                    "field", "declare") and len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                wrong.append(f"{path.relative_to(HOOKS)}:{node.lineno} (declared with a kind name)")
    assert wrong == []


# --- vocabularies -----------------------------------------------------------------------------------------


def test_checks_columns_names_no_update_cycle():
    """The update cycles are listed once, in UpdateCycle: checks/columns.py asks each value its window."""
    tree = ast.parse((HOOKS / "checks" / "columns.py").read_text(encoding="utf-8"))
    constants = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and type(node.value) is str}
    assert constants & {str(cycle) for cycle in UpdateCycle} == set()
    assert [str(c) for c in Item.__dataclass_fields__["update_cycle"].metadata["schema"].kind.choices] == [
        str(c) for c in UpdateCycle]


WEEKLY = '    WEEKLY = "每周", Window(days=7), "某某办法（每周更新）", "每周更新的信息"\n'
ANCHOR = '    LONG_TERM = "长期", None'
CHECK = """
import datetime, json, sys
from pathlib import Path
from govsite import checks
from govsite.model import site as model
root = Path(sys.argv[1])
site = model.load(root, root / "content", root / "catalog")
out = {}
for day in ("2025-06-10", "2025-06-11"):
    report = checks.run(site, root=root, content_dir=root / "content", catalog_dir=root / "catalog",
                        options={"home_not_updated": "off", "long_stale_column_limit": 1},
                        as_of=datetime.date.fromisoformat(day))
    out[day] = [[f.rule, f.message, f.cites] for f in report.findings
                if f.column == "fupin-03" or f.rule == "long_stale_columns_total"]
print(json.dumps(out, ensure_ascii=False))
"""


def test_a_new_update_cycle_is_one_member_and_the_checks_use_it(tmp_path):
    """As a developer adds one: a member added to UpdateCycle (a copy of hooks/), used by a catalog item, is
    accepted by the catalog and gives stale columns by its own window and regulation."""
    hooks = tmp_path / "hooks"
    shutil.copytree(ROOT / "hooks", hooks, ignore=shutil.ignore_patterns("__pycache__"))
    source = hooks / "govsite/model/catalog.py"
    text = source.read_text(encoding="utf-8")
    assert text.count(ANCHOR) == 1
    source.write_text(text.replace(ANCHOR, WEEKLY + ANCHOR), encoding="utf-8")
    root = tmp_path / "county"
    shutil.copytree(FIXTURES / "mini", root)
    catalog = root / "catalog/fupin.yml"  # fupin-03: 东街社区 has one document, 2025-06-03
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(
        "    公开层级: [乡级, 村级]\n", "    公开层级: [乡级, 村级]\n    更新周期: 每周\n"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", CHECK, str(root)], capture_output=True, text=True,
                          env={"PYTHONPATH": str(hooks), "PATH": "/usr/bin:/bin"}, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [f for f in out["2025-06-10"] if f[0] == "stale_column"] == []  # 2025-06-03 is within the week
    stale = [f for f in out["2025-06-11"] if f[0] == "stale_column"]
    assert stale == [["stale_column", "栏目“扶贫项目公告公示”（更新周期每周）最近一次发布是 2025-06-03，2025-06-04 以来没有新文件",
                      "某某办法（每周更新）"]]
    [total] = [f for f in out["2025-06-11"] if f[0] == "long_stale_columns_total"]
    assert "每周 1 个" in total[1]


def test_validity_says_whether_a_document_is_void(mini):
    assert [v.void for v in Validity] == [False, True, True]
    site = load(mini)
    old, policy = (next(d for d in site.documents if d.src_uri.endswith(name)) for name in ("old.md", "zhengce.md"))
    assert old.validity is Validity.LAPSED and old.validity.void  # as its front matter says
    assert policy.validity is Validity.VALID and not policy.validity.void
    policy.expires = datetime.date(2025, 12, 31)
    # its 失效日期 passed: shown as 失效 on a check date after it
    assert policy.validity_on(datetime.date(2026, 1, 1)) is Validity.LAPSED and policy.stated_validity is Validity.VALID
    assert policy.validity_on(datetime.date(2025, 12, 30)) is Validity.VALID


def test_templates_ask_the_validity_never_compare_its_words():
    for path in sorted((ROOT / "overrides").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert '"有效"' not in text and "'有效'" not in text, path


def test_a_void_entry_is_marked_in_lists():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"), autoescape=True)
    entries = [pages.Entry("甲", "a/", datetime.date(2025, 1, 1), Validity.VALID, "局"),
               pages.Entry("乙", "b/", datetime.date(2025, 1, 2), Validity.REPEALED, "局")]
    env.filters["url"] = str
    html = env.from_string('{% from "partials/doc-list.html" import doc_list %}{{ doc_list(entries) }}').render(
        entries=entries)
    assert html.count("gov-badge--void") == 1 and '<span class="gov-badge gov-badge--void">废止</span>' in html


# --- labels from the declaration -------------------------------------------------------------------------


RENAME = """
import json, sys
from pathlib import Path
import jinja2
from govsite import urls
from govsite.model import site as model
from govsite.parse.settings import CmsOptions
from govsite.views import cms, feeds, opendata, pages, search
import datetime
root, overrides = Path(sys.argv[1]), sys.argv[2]
site = model.load(root, root / "content", root / "catalog")
doc = next(d for d in site.documents if d.number)
u = urls.Urls(True)
views = pages.generate(site, u, site_name="县", links={}, bundles=[])
view = pages.document(doc, u, views[urls.column(doc.column)], None)
env = jinja2.Environment(loader=jinja2.FileSystemLoader(overrides), autoescape=True)
env.filters["cn_date"] = str
block = '{% from "partials/meta-block.html" import meta_block %}{{ meta_block(meta) }}'
meta = env.from_string(block).render(meta=view.meta)
form = cms.config(site, CmsOptions(), content="content", today=datetime.date(2025, 7, 1))
print(json.dumps({
    "meta": meta, "feed": feeds.entry(doc, lambda uri: "https://x.example/" + uri, "x.example").summary,
    "search": search.META["number"], "opendata": opendata.document_fields(),
    "form": [f["label"] for f in form["collections"][0]["fields"]],
}, ensure_ascii=False))
"""


def test_a_field_label_is_its_declared_key_wherever_a_document_is_shown(tmp_path):
    """Renaming 发文字号 in the declaration (a copy of hooks/) renames it in the metadata block, the feeds, the
    search record, the open data and the form: no page types the label."""
    hooks = tmp_path / "hooks"
    shutil.copytree(ROOT / "hooks", hooks, ignore=shutil.ignore_patterns("__pycache__"))
    source = hooks / "govsite/model/documents.py"
    text = source.read_text(encoding="utf-8")
    assert text.count('declare("发文字号"') == 1
    source.write_text(text.replace('declare("发文字号"', 'declare("文号"'), encoding="utf-8")
    root = tmp_path / "county"
    shutil.copytree(FIXTURES / "mini", root)
    for path in (root / "content").rglob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("\n发文字号:", "\n文号:"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", RENAME, str(root), str(ROOT / "overrides")], capture_output=True,
                          text=True, env={"PYTHONPATH": str(hooks), "PATH": "/usr/bin:/bin"}, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert '<th scope="row">文号</th>' in out["meta"] and "发文字号" not in out["meta"]
    assert "；文号：" in out["feed"] and out["search"] == "文号"
    assert "文号" in out["opendata"] and "文号" in out["form"]


def test_pages_take_their_labels_from_the_declaration():
    assert pages.Meta.labels == schema.labels(Document) == pages.PolicyListView.labels
    assert schema.labels(Document)["number"] == "发文字号" and opendata.document_fields()[5] == "发文字号"
