"""机构代码 (govsite.parse.codes): the 统一社会信用代码's check character (GB 32100-2015) and the 组织机构代码's
check digit (GB 11714), refused with the character it should be in every path that reads a code: an
``_org.yml``, the organisations spreadsheet, ``make new-county``'s CODE; and the codes the fixtures and
the benchmark's generated counties carry are valid."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from sheets_support import book, orgs_sheet

from bench import generate as gen
from govsite.model import content as content_model
from govsite.model import orgs as orgs_model
from govsite.parse import codes
from govsite.parse.errors import ErrorCollector
from govsite.tools import import_orgs, new_county

# Codes printed on real certificates (published registrations), and their GB 11714 parts.
REAL = ("91110000600037341L", "91330201MA282UF146", "91330401MA28ADM67R", "12440600MB2C07549J")


@pytest.mark.parametrize("code", REAL)
def test_real_codes_are_valid(code):
    assert codes.problem(code) is None
    assert codes.uscc_check(code[:17]) == code[17]
    assert codes.org_check(code[8:16]) == code[16]  # the embedded 组织机构代码 holds too (not enforced)


@pytest.mark.parametrize("code, expected", [
    ("91110000600037341A", "L"),  # a wrong check character
    ("91110000600073341L", "N"),  # two characters swapped: the check character no longer fits
    ("11522799MB1000001X", "E"),  # the mini fixture's old code
])
def test_a_wrong_check_character_names_the_right_one(code, expected):
    assert codes.problem(code) == f"统一社会信用代码“{code}”的校验码（第18位）应为 {expected}，请核对"


def test_organisation_codes_check_digit():
    assert codes.problem("60003734-1") is None and codes.problem("600037341") is None
    assert codes.problem("MA282UF14") is None  # letters count A = 10 … Z = 35
    assert codes.problem("60003734-2") == "组织机构代码“60003734-2”的校验码（第9位）应为 1，请核对"
    assert codes.org_check("00000006") == "X"  # 11 - 12 mod 11 = 10 → X
    assert codes.org_check("00000000") == "0"  # 11 → 0


def test_the_form_of_a_code():
    assert "不是有效的机构代码" in codes.problem("12345")
    assert "I、O、S、V、Z" in codes.problem("91110000600037341I")
    assert "第3—8位" in codes.problem("91A10000600037341L")
    assert "\x1b" not in codes.problem("9111\x1b0000600037341")  # a message never carries a control character


def test_the_example_and_fixture_codes_are_valid():
    roots = [ROOT / "content", *(p / "content" for p in FIXTURES.iterdir() if (p / "content").is_dir())]
    found = {}
    for path in (p for root in roots if root.is_dir() for p in root.rglob("_org.yml")):
        match = re.search(r"^机构代码:\s*(\S+)", path.read_text(encoding="utf-8"), re.M)
        if match:
            found[path] = match[1]
    assert len(found) >= 5
    assert {path: codes.problem(code) for path, code in found.items() if codes.problem(code)} == {}


@pytest.mark.parametrize("size", list(gen.SHAPES))
def test_generated_counties_carry_valid_codes(size):
    import random
    orgs = gen.plan_orgs(gen.SHAPES[size], random.Random(1))
    assert {o.code: codes.problem(o.code) for o in orgs if codes.problem(o.code)} == {}
    assert len({o.code for o in orgs}) == len(orgs)


def _load_org(tmp_path: Path, code: str) -> str:
    content = tmp_path / "content"
    (content / "county").mkdir(parents=True)
    (content / "county" / "_org.yml").write_text(f"名称: 河清县人民政府\n类型: 县政府\n机构代码: {code}\n", encoding="utf-8")
    errors = ErrorCollector()
    orgs_model.load(content_model.scan(content, tmp_path, errors), tmp_path, set(), errors)
    return errors.report() if errors else ""


def test_an_org_file_with_a_wrong_check_character_is_refused(tmp_path):
    report = _load_org(tmp_path, "11410000MB0A00018A")
    assert "content/county/_org.yml" in report and "机构代码" in report
    assert "统一社会信用代码“11410000MB0A00018A”的校验码（第18位）应为 K，请核对" in report
    assert _load_org(tmp_path / "ok", "11410000MB0A00018K") == ""


def test_the_importer_refuses_a_wrong_check_character_at_its_cell(tmp_path):
    content, catalog = tmp_path / "content", tmp_path / "catalog"
    content.mkdir()
    catalog.mkdir()
    shutil.copy(ROOT / "catalog" / "_topics.yml", catalog)
    rows, merges = orgs_sheet()
    rows[4][4] = "11410000MB0A000340"  # 乡村振兴局: the last character mistyped (9 → 0)
    rows[6][4] = "60003734-2"  # 东街社区 with an old 组织机构代码
    result = import_orgs.parse(book(tmp_path / "orgs.xlsx", {"单位": (rows, merges)}), content, catalog)
    report = result.errors.report()
    assert not result.folders and list(content.iterdir()) == []
    assert "工作表“单位”，第5行，E列（机构代码）：统一社会信用代码“11410000MB0A000340”的校验码（第18位）应为 9，请核对" in report
    assert "第7行，E列（机构代码）：组织机构代码“60003734-2”的校验码（第9位）应为 1，请核对" in report


def test_new_county_refuses_a_code_with_a_wrong_check_character(tmp_path):
    clone = tmp_path / "clone"
    shutil.copytree(FIXTURES / "mini", clone)
    (clone / "govsite.yml").write_text("# product\n", encoding="utf-8")
    before = sorted(p.relative_to(clone) for p in clone.rglob("*"))
    with pytest.raises(new_county.Failed) as failed:
        new_county.make(clone, county="河清县", site_name="河清县人民政府", site_url="https://www.heqing.gov.cn/",
                        identity={}, links={}, code="11410000MB0A00018X")
    assert "统一社会信用代码“11410000MB0A00018X”的校验码（第18位）应为 K，请核对" in str(failed.value)
    assert sorted(p.relative_to(clone) for p in clone.rglob("*")) == before
