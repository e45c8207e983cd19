import shutil

import pytest
from conftest import FIXTURES

from govsite.model import catalog
from govsite.parse.errors import ErrorCollector


@pytest.fixture
def catalog_dir(tmp_path):
    shutil.copytree(FIXTURES / "mini" / "catalog", tmp_path / "catalog")
    return tmp_path / "catalog"


def load(catalog_dir):
    errors = ErrorCollector()
    return catalog.load(catalog_dir, catalog_dir.parent, errors), errors


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_valid_catalog_loads(catalog_dir):
    cat, errors = load(catalog_dir)
    assert not errors, errors.report()
    assert [d.id for d in cat.domains] == ["xxgk", "fupin"]  # ordered by 排序
    item = cat.items["fupin-02"]
    assert item.time_rule.kind == "工作日" and item.time_rule.days == 3 and item.time_rule.start == "政策发布日期"
    assert cat.items["fupin-01"].needs_interpretation is True
    assert cat.items["xxgk-nianbao"].time_rule.deadline == (1, 31)


def test_web_publication_defaults_from_channels(catalog_dir):
    cat, _ = load(catalog_dir)
    assert cat.items["fupin-01"].has_columns
    assert not cat.items["fupin-04"].web  # village notice board only (特定群体 named list)
    assert not cat.items["fupin-04"].has_columns


def test_unknown_key_names_file_item_and_field(catalog_dir):
    edit(catalog_dir / "fupin.yml", "    需要解读: true", "    需要解毒: true")
    _, errors = load(catalog_dir)
    [error] = errors.errors
    assert (error.file, error.item, error.field) == ("catalog/fupin.yml", "fupin-01", "需要解毒")
    assert "需要解读" in error.fix  # suggests the close match


def test_missing_element(catalog_dir):
    edit(catalog_dir / "fupin.yml", "    公开主体: 县农业农村局\n", "")
    _, errors = load(catalog_dir)
    assert [(e.field, e.item) for e in errors.errors] == [("公开主体", "fupin-01")]
    assert "缺少必填字段" in errors.report()


def test_bad_enum_value_lists_the_allowed_ones(catalog_dir):
    edit(catalog_dir / "fupin.yml", "公开渠道和载体: [政府网站, 政务服务中心]", "公开渠道和载体: [政府网站, 微信群]")
    _, errors = load(catalog_dir)
    [error] = errors.errors
    assert error.field == "公开渠道和载体" and "微信群" in error.problem and "政府公报" in error.fix


def test_duplicate_item_id(catalog_dir):
    edit(catalog_dir / "fupin.yml", "编号: fupin-02", "编号: fupin-01")
    cat, errors = load(catalog_dir)
    [error] = errors.errors
    assert error.field == "编号" and error.item == "fupin-01" and "重复" in error.problem
    assert error.line is not None


def test_time_rule_needs_days(catalog_dir):
    edit(catalog_dir / "fupin.yml", "时限规则: {类型: 工作日, 天数: 3, 起算: 政策发布日期}", "时限规则: {类型: 工作日}")
    _, errors = load(catalog_dir)
    [error] = errors.errors
    assert error.field == "时限规则.天数"


def test_unknown_source(catalog_dir):
    edit(catalog_dir / "fupin.yml", "    来源: zhiyin\n", "    来源: nowhere\n")
    _, errors = load(catalog_dir)
    assert errors.errors[0].field == "来源" and "nowhere" in errors.errors[0].problem


def test_topics(catalog_dir):
    cat, _ = load(catalog_dir)
    assert cat.topic_known("综合政务\\政务公开")
    assert cat.topic_known("综合政务")
    assert not cat.topic_known("综合政务\\扶贫")
