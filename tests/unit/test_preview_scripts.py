"""The scripts the build writes for editors (render/preview.py ``fill``): the preview's error box has one
source (render/preview_banner.js) for the site's pages and the form editor, and the form editor's script
takes 有效性's default from the model rather than spelling it again."""

from __future__ import annotations

import json
import re

import pytest

from govsite.model.documents import Validity
from govsite.render import admin, preview


def test_the_error_box_is_written_once_and_into_both_scripts():
    box = preview.errors_box()
    assert box.startswith("function (report, placement)") and box.endswith("}")
    for source, script in ((preview.SCRIPT_SOURCE, preview.script()), (admin.OWN_SOURCE, admin.own_script())):
        text = source.read_text(encoding="utf-8")
        assert "createElement(\"section\")" not in text, f"{source.name} builds a box of its own"
        assert script.count(box) == 1 and "GOVSITE_" not in script


def test_the_form_editor_knows_validitys_default_from_the_model():
    script = admin.own_script()
    assert re.search(r"var VALID = (\S+);", script)[1] == json.dumps(Validity.VALID.value, ensure_ascii=False)
    assert '"有效"' not in admin.OWN_SOURCE.read_text(encoding="utf-8")


def test_a_placeholder_without_a_value_is_refused_at_build_time():
    with pytest.raises(ValueError, match="GOVSITE_NOWHERE"):
        preview.fill("var a = GOVSITE_ERRORS_BOX; var b = GOVSITE_NOWHERE;", {preview.ERRORS_BOX: "1"})
    assert preview.fill("var a = GOVSITE_ERRORS_BOX;", {preview.ERRORS_BOX: "f"}) == "var a = f;"
