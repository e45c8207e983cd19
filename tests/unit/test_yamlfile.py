from govsite.parse import yamlfile
from govsite.parse.errors import ErrorCollector


def test_keeps_line_numbers_and_dates_as_text():
    errors = ErrorCollector()
    data = yamlfile.load("a: 1\nb:\n  c: 2024-02-30\n", "x.yml", errors)
    assert not errors
    assert data.line_of("b") == 2
    assert data["b"]["c"] == "2024-02-30"  # not a date object: schema parses it and names the field


def test_fullwidth_colon_gets_a_specific_hint():
    errors = ErrorCollector()
    assert yamlfile.load("标题：示例\n栏目: [\n", "doc.md", errors) is None
    message = errors.report()
    assert "doc.md" in message and "中文冒号" in message


def test_duplicate_keys_are_reported_with_line():
    errors = ErrorCollector()
    yamlfile.load("标题: 一\n栏目: x\n标题: 二\n", "doc.md", errors, line_offset=1)
    assert len(errors) == 1
    error = errors.errors[0]
    assert (error.field, error.line) == ("标题", 4)
