"""make new (govsite.tools.new): the next 索引号 counts every number ever written, the refusals write
nothing, the front matter is the declaration's, and file names never collide."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from govsite.model import index_numbers
from govsite.model import site as model
from govsite.model.documents import Document
from govsite.parse import markdown, schema, yamlfile
from govsite.parse.errors import ErrorCollector
from govsite.tools import new
from govsite.tools.project import Project, Refused

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "mini"
NONGYE = "11522799MB10000299"  # departments/nongye: fupin-01, fupin-02 (2019-00001, 2025-00001, 2025-00002)
DAY = datetime.date(2025, 6, 3)


def spell(title: str) -> list[str]:
    return new.pinyin(title)  # in this process: no child per test


@pytest.fixture
def county(tmp_path) -> Path:
    project = tmp_path / "county"
    shutil.copytree(FIXTURE, project)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def make(county: Path, org="nongye", item="fupin-01", title="关于做好扶贫资金公示的通知", day=DAY):
    return new.create(Project.load(county / "mkdocs.yml"), org, item, title, day, spell)


def files(county: Path) -> set[str]:
    return {p.relative_to(county).as_posix() for p in (county / "content").rglob("*") if p.is_file()}


def front(path: Path) -> dict:
    meta, offset = markdown.split_front_matter(path.read_text(encoding="utf-8"))
    return yamlfile.load(meta, path.name, ErrorCollector(), line_offset=offset)


def test_the_next_serial_follows_the_highest_of_the_organisation_and_year(county):
    created = make(county)
    assert created.index_number == f"{NONGYE}/2025-00003"
    assert make(county, day=datetime.date(2019, 1, 2)).index_number == f"{NONGYE}/2019-00002"
    assert make(county, day=datetime.date(2030, 1, 2)).index_number == f"{NONGYE}/2030-00001"


def test_revoked_documents_and_files_that_do_not_load_keep_their_numbers(county):
    folder = county / "content" / "departments" / "nongye"
    (folder / "revoked.md").write_text(
        f"---\n标题: 已撤销\n栏目: fupin-01\n成文日期: 2025-01-02\n发布日期: 2025-01-02\n主题分类: 综合政务\n"
        f"索引号: {NONGYE}/2025-00007\n撤销:\n  撤销日期: 2025-02-01\n  下架日期: 2025-02-02\n---\n正文\n", encoding="utf-8")
    assert make(county).index_number == f"{NONGYE}/2025-00008"
    (folder / "broken.md").write_text(f"---\n标题: [未闭合\n索引号: {NONGYE}/2025-00011\n---\n", encoding="utf-8")
    assert make(county).index_number == f"{NONGYE}/2025-00012"
    (folder / "no-front-matter.md").write_text(f"索引号：{NONGYE}/2025-00020\n", encoding="utf-8")
    (folder / "gbk.md").write_bytes(f"---\n标题: 旧文件\n索引号: {NONGYE}/2025-00030\n---\n".encode("gbk"))
    assert make(county).index_number == f"{NONGYE}/2025-00031"
    (folder / "other.md").write_text("---\n索引号: 11522799MB1000010C/2025-00090\n---\n", encoding="utf-8")
    assert make(county).index_number == f"{NONGYE}/2025-00032"  # another organisation's number


def test_a_year_with_no_free_serial_is_refused(county):
    (county / "content" / "departments" / "nongye" / "last.md").write_text(
        f"---\n索引号: {NONGYE}/2025-99999\n---\n", encoding="utf-8")
    before = files(county)
    with pytest.raises(Refused, match="2025 年的索引号流水号已用完"):
        make(county)
    assert files(county) == before


def test_an_unknown_organisation_is_refused(county):
    before = files(county)
    with pytest.raises(Refused, match="没有编号或名称为“nongy”的单位.*nongye"):
        make(county, org="nongy")
    assert files(county) == before


def test_an_item_without_a_column_is_refused_with_the_items_that_have_one(county):
    before = files(county)
    with pytest.raises(Refused) as refused:
        make(county, org="chengguan", item="fupin-01")
    message = str(refused.value)
    assert "城关镇人民政府没有栏目" in message and "fupin-03" in message and "fupin-01  " not in message
    with pytest.raises(Refused, match="标准目录中没有编号或名称为“nope”的事项"):
        make(county, item="nope")
    assert files(county) == before


@pytest.mark.parametrize("title", ["", "   ", "\n\t"])
def test_an_empty_title_is_refused(county, title):
    before = files(county)
    with pytest.raises(Refused, match="标题不能为空"):
        make(county, title=title)
    assert files(county) == before


def test_a_title_the_declaration_refuses_is_refused(county):
    before = files(county)
    with pytest.raises(Refused, match="太长"):
        make(county, title="长" * 600)
    assert files(county) == before


def test_the_required_fields_are_filled_and_every_field_is_explained(county):
    created = make(county)
    assert created.path.parent == county / "content" / "departments" / "nongye" / "2025"
    data = front(created.path)
    required = [f.key for f in schema.fields(Document) if f.required]
    assert list(data) == required  # filled, in declaration order; the optional ones are comments
    assert data["栏目"] == "fupin-01" and data["成文日期"] == data["发布日期"] == "2025-06-03"
    assert data["主题分类"] == "民政、扶贫、救灾\\扶贫"  # what the item's documents use
    text = created.path.read_text(encoding="utf-8")
    for f in schema.fields(Document):
        line = next(line for line in text.splitlines() if line.lstrip("# ").startswith(f"{f.key}:"))
        assert f"# {f.doc}" in line or f.doc in line, line
    site = model.load(county, county / "content", county / "catalog")  # the whole county still loads
    assert created.index_number in {d.index_number for d in site.documents}


def test_titles_needing_quotes_stay_titles(county):
    for title in ("#1 关于: 通知", "'引号' 与 \"双引号\"", "2025-06-03", "- 列表"):
        assert front(make(county, title=title).path)["标题"] == title
    model.load(county, county / "content", county / "catalog")


def test_file_names_are_pinyin_and_never_overwrite(county):
    first = make(county, title="城关镇关于银行网点的通知")
    second = make(county, title="城关镇关于银行网点的通知")
    assert first.path.name == "cheng-guan-zhen-guan-yu-yin-hang-wang-dian-de-tong-zhi.md"
    assert second.path.name == "cheng-guan-zhen-guan-yu-yin-hang-wang-dian-de-tong-zhi-2.md"
    assert first.index_number != second.index_number
    assert len(new.slug("政" * 200, spell)) <= new.SLUG_LENGTH
    assert make(county, title="《》——").path.name == "20250603.md"  # nothing to spell: the date


def test_the_command_line(county, capsys):
    config = str(county / "mkdocs.yml")
    assert new.main(["-f", config, "--org", "nongye", "--item", "fupin-02", "--title", "通知", "--date", "2025-06-03"],
                    interactive=False) == 0
    assert f"{NONGYE}/2025-00003" in capsys.readouterr().out
    assert new.main(["-f", config, "--org", "nongye"], interactive=False) == 1
    assert "缺少 ITEM、TITLE" in capsys.readouterr().err


def test_interactive_lists_are_numbered_and_filtered(county, capsys):
    answers = iter(["城关", "fupin-03", "", "村级扶贫项目公示"])
    code = new.main(["-f", str(county / "mkdocs.yml"), "--date", "2025-06-03"], ask=lambda prompt: next(answers),
                    interactive=True)
    assert code == 0
    out = capsys.readouterr().out
    assert "1. 小县人民政府（county）" in out and "已选择：城关镇人民政府（chengguan）" in out
    assert "11522799MB10000374/2025-00001" in out


def test_index_numbers_scan_reads_every_form():
    assert index_numbers.numbers_in("---\n索引号: 'A1/2024-00003'\n解读对象: [B2/2023-00009]\n---\n正文 C/2022-00001") == [
        ("A1", 2024, 3), ("B2", 2023, 9)]
    assert index_numbers.next_serial({("A", 2024): 99998}, "A", 2024) == 99999
    assert index_numbers.next_serial({("A", 2024): 99999}, "A", 2024) is None


def give_phone(county: Path, lines="电话: 0851-1234567\n地址: 县政务中心3楼\n") -> None:
    org = county / "content" / "departments" / "nongye" / "_org.yml"
    org.write_text(org.read_text(encoding="utf-8") + lines, encoding="utf-8")


def mark_for_consultation(county: Path, item="fupin-01") -> None:
    catalog = county / "catalog" / "fupin.yml"
    text = catalog.read_text(encoding="utf-8")
    assert f"  - 编号: {item}\n" in text
    catalog.write_text(text.replace(f"  - 编号: {item}\n", f"  - 编号: {item}\n    意见征集: true\n", 1), encoding="utf-8")


def test_a_consultation_is_made_with_its_period_and_ways_filled_in(county):
    give_phone(county)
    created = new.create(Project.load(county / "mkdocs.yml"), "nongye", "fupin-01", "扶贫项目管理办法（征求意见稿）",
                         DAY, spell, new.CONSULTATION)
    data = front(created.path)
    assert data["意见征集"] == {"征集开始": "2025-06-03", "征集截止": "2025-07-02", "电话": "0851-1234567",
                            "信函地址": "小县农业农村局（县政务中心3楼）"}
    text = created.path.read_text(encoding="utf-8")
    assert "  # 邮箱: " in text and "  # 缩短理由: " in text and "  # 草案类型: " in text  # the rest to fill in
    site = model.load(county, county / "content", county / "catalog", as_of=DAY)
    doc = next(d for d in site.documents if d.index_number == created.index_number)
    assert doc.consultation.days == new.CONSULTATION_DAYS and str(doc.consultation_state) == "征集中"


def test_a_consultation_without_a_way_to_comment_is_refused(county):
    before = files(county)
    with pytest.raises(Refused) as refused:
        new.create(Project.load(county / "mkdocs.yml"), "nongye", "fupin-01", "征求意见稿", DAY, spell, new.CONSULTATION)
    assert "content/departments/nongye/_org.yml" in str(refused.value) and "“电话”或“地址”" in str(refused.value)
    assert files(county) == before


def test_kind_on_the_command_line_and_the_catalogs_mark(county, capsys):
    give_phone(county)
    config = str(county / "mkdocs.yml")
    assert new.main(["-f", config, "--org", "nongye", "--item", "fupin-01", "--title", "征求意见稿", "--date", "2025-06-03",
                     "--kind", "意见征集"], interactive=False) == 0
    assert "意见征集：核对征集开始" in capsys.readouterr().out
    mark_for_consultation(county)
    assert new.main(["-f", config, "--org", "nongye", "--item", "fupin-01", "--title", "通知", "--date", "2025-06-03"],
                    interactive=False) == 0
    assert "通常需公开征求意见；新建征求意见稿时加 KIND=意见征集" in capsys.readouterr().out
    answers = iter(["2", "另一份征求意见稿"])  # a marked column asks which kind
    assert new.main(["-f", config, "--org", "nongye", "--item", "fupin-01", "--date", "2025-06-03"],
                    ask=lambda prompt: next(answers), interactive=True) == 0
    out = capsys.readouterr().out
    assert "2. 征求意见稿" in out and "意见征集：核对征集开始" in out
