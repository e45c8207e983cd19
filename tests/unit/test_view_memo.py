"""The documents' views and open-data rows kept by input key (govsite.speed.memo, issue 23): a second make()
of unchanged sources makes none of them again and gives the pipeline's own output; an edit makes again
only what reads the edited document; a cached value that differs from a fresh one (an input missing from
the key) fails loudly under ``verify``; the product's code is hashed once per run."""

from __future__ import annotations

import dataclasses
import re

import pytest

from test_speed import AS_OF, _inputs, _site

from govsite import pipeline, speed
from govsite.model.documents import Document
from govsite.parse import schema
from govsite.speed import memo as memos
from govsite.speed import reuse
from govsite.views import opendata
from govsite.views import pages as views

POLICY = "content/departments/nongye/zhengce.md"


@pytest.fixture
def counted(monkeypatch):
    """How many document views and open-data rows the pipeline made."""
    made = {"views": 0, "rows": 0}
    view, row = views.document, opendata.document_row

    def document(*args, **kwargs):
        made["views"] += 1
        return view(*args, **kwargs)

    def document_row(*args, **kwargs):
        made["rows"] += 1
        return row(*args, **kwargs)

    monkeypatch.setattr(views, "document", document)
    monkeypatch.setattr(opendata, "document_row", document_row)
    return made


def _same(made: pipeline.Output, plain: pipeline.Output) -> None:
    assert made.files == plain.files
    assert reuse.content(dict(made.views)) == reuse.content(dict(plain.views))


def test_a_second_make_of_unchanged_sources_makes_no_document_view_or_row(mini, counted):
    inputs = _inputs(mini)
    first = memos.ViewMemo("code")
    pipeline.make(inputs, AS_OF, memo=first)
    documents = counted["views"]
    assert documents >= 3 and counted["rows"] >= 3 and not first.hits
    counted.update(views=0, rows=0)
    second = memos.ViewMemo("code", first.new)
    made = pipeline.make(inputs, AS_OF, memo=second)
    assert counted == {"views": 0, "rows": 0}
    assert second.hits["document"] == documents and second.hits["opendata"] == len(made.site.latest)
    assert second.hits["front matter"] == len(made.site.documents + made.site.revoked) and not second.made
    _same(made, pipeline.make(inputs, AS_OF))


def test_an_edit_makes_again_only_the_views_that_read_the_edited_document(mini, counted):
    inputs = _inputs(mini)
    first = memos.ViewMemo("code")
    pipeline.make(inputs, AS_OF, memo=first)
    policy = mini / POLICY
    policy.write_text(re.sub(r"^标题: (.*)$", r"标题: \1（修订）", policy.read_text(encoding="utf-8"), count=1, flags=re.M),
                      encoding="utf-8")
    counted.update(views=0, rows=0)
    made = pipeline.make(inputs, AS_OF, memo=memos.ViewMemo("code", first.new))
    edited = next(d for d in made.site.documents if d.src_uri == POLICY.removeprefix("content/"))
    readers = {edited.src_uri, *(d.src_uri for d in edited.interpretations + edited.policies)}
    # its 解读 shows its title (a row is keyed by the same inputs as the view: its 解读's row is made again too)
    assert counted == {"views": len(readers), "rows": len(readers)} and len(readers) > 1
    assert "（修订）" in made.views[edited.interpretations[0].src_uri].policies[0].title
    _same(made, pipeline.make(inputs, AS_OF))


def test_another_check_date_that_lapses_a_document_makes_its_view_again(mini, counted):
    inputs = _inputs(mini)
    first = memos.ViewMemo("code")
    pipeline.make(inputs, AS_OF, memo=first)
    later = AS_OF.replace(year=AS_OF.year + 30)  # every 失效日期 has passed
    made = pipeline.make(inputs, later, memo=memos.ViewMemo("code", first.new))
    _same(made, pipeline.make(inputs, later))


def test_a_cached_view_that_differs_from_a_fresh_one_fails_loudly_under_verify(mini):
    inputs = _inputs(mini)
    first = memos.ViewMemo("code")
    pipeline.make(inputs, AS_OF, memo=first)
    for entry in first.new.values():  # as if the key missed an input: the cached view is not the fresh one
        if isinstance(entry[0], views.DocumentView):
            entry[0] = dataclasses.replace(entry[0], title=entry[0].title + "（旧）")
            break
    pipeline.make(inputs, AS_OF, memo=memos.ViewMemo("code", dict(first.new)))  # not verified: taken as kept
    with pytest.raises(memos.StaleView, match="（旧）"):
        pipeline.make(inputs, AS_OF, memo=memos.ViewMemo("code", dict(first.new), verify=True))


def test_every_field_loading_resolves_is_named_in_the_inputs():
    """A field added to ``Document`` that is not its front matter's must be given to the key (and named)."""
    declared = {f.attr for f in schema.fields(Document)}
    resolved = {f.name for f in dataclasses.fields(Document)} - declared
    assert resolved == set(views.DocumentInputs._RESOLVED)


def test_the_memo_is_kept_beside_the_site_and_ignored_when_the_code_differs(mini, tmp_path):
    inputs = _inputs(mini)
    made = memos.ViewMemo("code")
    pipeline.make(inputs, AS_OF, memo=made)
    file = tmp_path / ".site.views.pickle"
    memos.save(file, made)
    assert memos.read(file, "code").keys() == made.new.keys()
    assert memos.read(file, "other code") == {}
    file.write_bytes(b"not a pickle")
    assert memos.read(file, "code") == {}


def test_a_build_reads_the_memo_the_last_build_saved_and_hashes_the_code_once(mini, tmp_path, monkeypatch):
    hashed = []
    code_key = speed.code_key
    monkeypatch.setattr(speed, "code_key", lambda package: hashed.append(package) or code_key(package))
    inputs, room = _inputs(mini), speed.Speed(command="build")
    output = _site(tmp_path)
    first = room.begin(output)
    first.make(inputs, AS_OF)
    assert first.memo.made["document"] > 0 and not first.memo.hits
    memos.save(memos.memo_file(output.target), first.memo)
    second = room.begin(_site(tmp_path))
    second.make(inputs, AS_OF)
    assert not second.memo.made and second.memo.hits == first.memo.made
    assert len(hashed) == 1  # once per run, not per build or per file


def test_page_keys_take_a_kept_views_digest_and_give_the_same_keys(mini):
    inputs = _inputs(mini)
    first = memos.ViewMemo("code")
    made = pipeline.make(inputs, AS_OF, memo=first)
    docs, dest = made.site.documents, made.urls.dest
    plain = reuse.page_keys(dict(made.views), docs, dest, "site", always=set())
    assert reuse.page_keys(dict(made.views), docs, dest, "site", always=set(), known=first) == plain
    second = memos.ViewMemo("code", first.new)
    again = pipeline.make(inputs, AS_OF, memo=second)
    assert all(second.digest(again.views[d.src_uri]) is not None for d in docs)  # learned: not hashed again
    assert reuse.page_keys(dict(again.views), docs, dest, "site", always=set(), known=second) == plain


def test_a_front_matter_with_errors_is_not_kept_and_its_errors_come_again(mini):
    from govsite.parse.errors import ContentErrors

    inputs = _inputs(mini)
    _sub_date = (mini / POLICY).read_text(encoding="utf-8").replace("发布日期: 2025-03-10", "发布日期: 2025-13-10")
    (mini / POLICY).write_text(_sub_date, encoding="utf-8")
    kept = memos.ViewMemo("code")
    for _ in range(2):
        with pytest.raises(ContentErrors, match="发布日期"):
            pipeline.make(inputs, AS_OF, memo=kept)
        kept = memos.ViewMemo("code", kept.new)
    assert kept.old and not any(entry[0] is None for entry in kept.old.values())


@pytest.mark.parametrize("root, content", [("/p", "/p/content"), ("/p", "/p"), ("/p", "/q/content"), ("/", "/content"),
                                           ("/p", "/pp/content"), ("/p", "/p/a/content")])
def test_a_documents_project_path_is_the_one_pathlib_gives(root, content):
    from pathlib import Path

    from govsite.model import documents

    root_, content_ = Path(root), Path(content)
    path = content_ / "org/wen.md"
    expected = path.relative_to(root_).as_posix() if root_ in path.parents else path.as_posix()
    assert documents._project_path(root_, content_, "org/wen.md", path) == expected
