"""Nothing is changed after it is made: the model is made for its check date (a document's validity is
settled when it is loaded, ``model.load(as_of=…)``), the checks only read it, and a page completes a copy of
its view with what its body gives (``DocumentPage.shown``) instead of writing into the view it was given."""

from __future__ import annotations

import dataclasses
import datetime

from checks_support import FIXTURE_OPTIONS, POLICY, edit
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files

from govsite import checks, urls
from govsite.model import site as model
from govsite.parse.errors import ErrorCollector
from govsite.render.pages import DocumentPage
from govsite.views import pages

U = urls.Urls(True)


def snapshot(value, seen=None) -> object:
    """Every field of ``value``, deeply (dataclass fields only: a ``cached_property`` worked out on first
    use is not a change); a value met again is named by its place in the walk."""
    seen = {} if seen is None else seen
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if id(value) in seen:
            return ("seen", seen[id(value)])
        seen[id(value)] = len(seen)
        return (type(value).__name__, tuple((f.name, snapshot(getattr(value, f.name), seen)) for f in dataclasses.fields(value)))
    if isinstance(value, dict):
        return ("dict", tuple((repr(k), snapshot(v, seen)) for k, v in value.items()))
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return (type(value).__name__, tuple(snapshot(v, seen) for v in items))
    return repr(value)


def _load(root, as_of):
    return model.load(root, root / "content", root / "catalog", as_of=as_of)


def test_validity_is_settled_when_the_model_is_made_and_the_checks_change_nothing(mini):
    edit(mini / POLICY, "索引号:", "失效日期: 2025-07-01\n索引号:")
    before, after = _load(mini, datetime.date(2025, 6, 30)), _load(mini, datetime.date(2025, 7, 1))
    [valid], [lapsed] = ([d for d in site.documents if d.file == POLICY] for site in (before, after))
    assert (valid.validity, lapsed.validity) == ("有效", "失效") and before.as_of == datetime.date(2025, 6, 30)
    made = snapshot(after)
    report = checks.run(after, root=mini, content_dir=mini / "content", catalog_dir=mini / "catalog",
                        options=FIXTURE_OPTIONS, as_of=datetime.date(2025, 7, 1))
    assert [f.file for f in report.findings if f.rule == "lapsed"] == [POLICY]
    # the checks on another day read the same model without changing it (no settling afterwards)
    checks.run(after, root=mini, content_dir=mini / "content", catalog_dir=mini / "catalog",
               options=FIXTURE_OPTIONS, as_of=datetime.date(2025, 6, 1))
    assert snapshot(after) == made and lapsed.validity == "失效"


def test_a_page_completes_a_copy_of_its_view(mini, tmp_path):
    site = _load(mini, datetime.date(2025, 6, 30))
    views = pages.generate(site, U, site_name="小县人民政府", links={}, bundles=[])
    doc = next(d for d in site.documents if d.file == POLICY)
    view = pages.document(doc, U, views[urls.column(doc.column)], None)
    made = snapshot(view)
    config = load_config(str(mini / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    file = File(doc.src_uri, str(mini / "content"), str(tmp_path / "site"), use_directory_urls=True)
    page = DocumentPage(doc, view, file, config)
    page.read_source(config)
    errors = ErrorCollector()
    page.convert(config, Files([file]), errors)
    assert not errors and page.content
    assert snapshot(view) == made and view.description == "" and view.record.chars == ""  # as it was made
    assert page.shown is not view and page.shown.description and page.shown.record.chars
    assert page.shown.title == view.title
