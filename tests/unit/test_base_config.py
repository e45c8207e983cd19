"""County settings apart from product plumbing (issue 12): the county's mkdocs.yml inherits the product's
MkDocs settings from govsite.yml (MkDocs ``INHERIT``) and holds only its own."""

from __future__ import annotations

import shutil

import yaml
from conftest import ROOT
from mkdocs.config import load_config

from govsite.speed import reuse

PLUMBING = ("theme", "hooks", "plugins", "markdown_extensions", "exclude_docs", "validation", "extra_css",
            "extra_javascript")


def test_mkdocs_yml_holds_only_county_settings():
    county = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert county["INHERIT"] == "govsite.yml"
    assert [key for key in PLUMBING if key in county] == []
    assert set(county) <= {"INHERIT", "site_name", "site_description", "site_url", "docs_dir", "site_dir",
                           "use_directory_urls", "extra", "copyright", "repo_url", "edit_uri"}
    assert set(county["extra"]) == {"gov"}


def test_the_merged_configuration_has_the_product_settings(tmp_path):
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    assert config["theme"].name == "material" and config["theme"].custom_dir.endswith("overrides")
    assert config["theme"]["font"] is False and config["theme"]["language"] == "zh"
    assert list(config["hooks"]) == ["hooks/govsite_hooks.py"]
    assert "search" not in config["plugins"]
    assert "toc" in config["markdown_extensions"] and config["exclude_docs"] is not None
    assert config["extra"]["generator"] is False and config["extra"]["gov"]["catalog_dir"] == "catalog"
    assert config["site_name"] == yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"]


def test_a_change_to_the_base_file_renders_everything(tmp_path):
    for name in ("mkdocs.yml", "govsite.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    config = tmp_path / "mkdocs.yml"
    assert reuse.inherited(config) == [tmp_path / "govsite.yml"]
    before = reuse.site_key(tmp_path, config, [], [])
    base = tmp_path / "govsite.yml"
    base.write_text(base.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert reuse.site_key(tmp_path, config, [], []) != before
