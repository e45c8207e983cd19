"""The form editor in the built example county: admin/config.yml generated from the catalog and the
organisation tree, the Decap CMS bundle served by the site itself, and the admin page kept out of the
navigation, the sitemap and the search index, under its own Content-Security-Policy."""

from __future__ import annotations

import functools
import http.server
import re
import threading
import urllib.request
from pathlib import Path

import pytest
import yaml

from govsite.views import cms

from govsite.model.documents import Document
from govsite.parse import schema
from govsite.render import csp

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cms_config(example_site) -> dict:
    return yaml.safe_load((example_site / "admin" / "config.yml").read_text(encoding="utf-8"))


def test_every_organisation_and_item_has_its_place(cms_config, example_model):
    collections = {c["name"]: c for c in cms_config["collections"]}
    with_columns = {org_id for org_id, _ in example_model.columns}
    assert set(collections) == with_columns
    for (org_id, item_id), column in example_model.columns.items():
        collection = collections[org_id]
        assert collection["folder"] == f"content/{column.org.folder}"
        field = next(f for f in collection["fields"] if f["name"] == "栏目")
        assert {"label": cms.item_label(column.item), "value": item_id} in field["options"]
        assert cms.item_label(column.item).startswith(column.item.domain.name)  # its 领域 first, then its path
    for collection in collections.values():
        org = example_model.tree.orgs[collection["name"]]
        names = [f["name"] for f in collection["fields"]]
        # a notice's fields first, then the body and its attachments, then the rest (folded under 更多)
        assert names[:len(cms.FIRST) + 2] == [*cms.FIRST, "body", "附件"]
        assert sorted(names) == sorted([f.key for f in schema.fields(Document) if f.key not in cms.NOT_IN_FORM] + ["body"])
        number = next(f for f in collection["fields"] if f["name"] == "索引号")
        assert re.fullmatch(number["pattern"][0], number["default"]) and number["default"].startswith(org.code + "/")
        assert collection["delete"] is False  # 撤销, never deleted


def test_options_come_from_the_catalog_and_the_tree(cms_config, example_model):
    fields = {f["name"]: f for f in cms_config["collections"][0]["fields"]}
    assert set(fields["有效性"]["options"]) == {"有效", "失效", "废止"}
    assert "发布机构" not in fields  # 代其他单位发布 never validated in the form (views/cms.py NOT_IN_FORM)
    repost = {f["name"]: f for f in fields["转载"]["fields"]}
    assert repost["发布机构"]["widget"] == "string"  # the original authority's name, free text
    topics = fields["主题分类"]["options"]
    assert "综合政务\\政务公开" in topics and all(example_model.catalog.topic_known(t) for t in topics)
    required = {f.key for f in schema.fields(Document) if f.required}
    assert {name for name, f in fields.items() if f.get("required", True) and name != "body"} == required


def test_the_next_index_number_follows_the_highest_used(cms_config, example_model):
    chengguan = next(c for c in cms_config["collections"] if c["name"] == "chengguan")
    number = next(f for f in chengguan["fields"] if f["name"] == "索引号")["default"]
    code, year_serial = number.split("/")
    year = int(year_serial[:4])
    used = [int(d.index_number[-5:]) for d in example_model.documents + example_model.revoked
            if d.index_number.startswith(f"{code}/{year}-")]
    assert int(year_serial[-5:]) == max(used, default=0) + 1


def test_local_backend_and_editorial_workflow(cms_config):
    assert cms_config["local_backend"] == {"url": "http://localhost:8081/api/v1"}
    assert cms_config["publish_mode"] == "editorial_workflow"
    assert cms_config["locale"] == "zh_Hans"


def test_the_admin_page_is_private_and_has_its_own_policy(example_site):
    page = (example_site / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1].replace("&#x27;", "'")
    assert policy == csp.admin_policy(("http://localhost:8081",))
    assert "'unsafe-eval'" in policy and "'unsafe-eval'" not in csp.meta_policy()
    assert "<script>" not in page and 'src="decap-cms.js"' in page
    assert "admin/" not in (example_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "admin/" not in (example_site / "index.html").read_text(encoding="utf-8")  # not in the nav
    assert "data-pagefind-body" not in page  # Pagefind indexes only the pages that carry it


def test_the_bundle_is_served_by_the_site(example_site):
    assert (ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js").is_file(), "npm ci (make setup)"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(example_site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/admin/"
        for name in ("", "config.yml", "decap-cms.js"):
            with urllib.request.urlopen(base + name) as response:
                assert response.status == 200
        chunks = [p.name for p in (example_site / "admin").glob("*.decap-cms.js")]
        assert chunks and not list((example_site / "admin").glob("*.map"))
    finally:
        server.shutdown()
