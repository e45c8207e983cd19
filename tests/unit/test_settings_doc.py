"""Every extra.gov key is declared (parse/settings.py) and documented: the table in the 政务公开办's guide
(docs/admin-guide.md) is the one the declaration makes (make settings-doc), so the two cannot drift apart."""

from __future__ import annotations

from conftest import ROOT

from govsite.parse import schema, settings
from govsite.tools import settings_doc


def test_the_guide_table_is_the_declaration():
    guide = (ROOT / settings_doc.GUIDE).read_text(encoding="utf-8")
    assert settings_doc.GUIDE == "docs/admin-guide.md"
    assert settings_doc.section() in guide, "the extra.gov table in docs/admin-guide.md is out of date: run make settings-doc"


def test_the_table_lists_every_declared_key_and_nested_key():
    keys = [row[0] for row in settings.reference()]
    for f in schema.fields(settings.Settings):
        assert settings.PREFIX + f.key in keys
        if f.kind.record is not None:
            assert all(f"{settings.PREFIX}{f.key}.{g.key}" in keys for g in schema.fields(f.kind.record))
    assert len(keys) == len(set(keys))


def test_rewrite_replaces_only_the_table():
    text = f"before\n{settings_doc.BEGIN}\n| old |\n{settings_doc.END}\nafter\n"
    assert settings_doc.rewrite(text) == f"before\n{settings_doc.section()}\nafter\n"
