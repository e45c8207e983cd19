from conftest import FIXTURES

from govsite.model import site as model


def load_mini():
    root = FIXTURES / "mini"
    return model.load(root, root / "content", root / "catalog")


def pairs(site):
    return {(org, item) for org, item in site.columns}


def test_county_items_go_to_the_domain_owner_not_every_department():
    site = load_mini()
    assert ("nongye", "fupin-01") in pairs(site)
    assert ("county", "fupin-01") not in pairs(site)


def test_county_government_items_and_every_department_items():
    site = load_mini()
    assert ("county", "xxgk-zhinan") in pairs(site)
    assert ("nongye", "xxgk-zhinan") not in pairs(site)
    assert {("county", "xxgk-nianbao"), ("nongye", "xxgk-nianbao")} <= pairs(site)  # 县级主体: 县政府和各部门


def test_every_department_means_departments_only(mini):
    """县级主体: 各部门 is every county department; the county government is not a department (issue 12)."""
    path = mini / "catalog/xxgk.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("县级主体: 县政府和各部门", "县级主体: 各部门"),
                    encoding="utf-8")
    site = model.load(mini, mini / "content", mini / "catalog")
    county_tier = {org for org, item in pairs(site) if item == "xxgk-nianbao" and not site.tree.orgs[org].is_township}
    assert county_tier == {o.id for o in site.tree.departments} == {"nongye"}
    assert ("county", "xxgk-nianbao") not in pairs(site)


def test_township_and_village_items():
    site = load_mini()
    assert ("chengguan", "fupin-03") in pairs(site)
    assert ("dongjie", "fupin-03") in pairs(site)
    assert ("chengguan", "xxgk-nianbao") in pairs(site)  # 乡级 too
    assert ("dongjie", "xxgk-nianbao") not in pairs(site)


def test_offline_items_get_no_column():
    site = load_mini()
    assert not [key for key in site.columns if key[1] == "fupin-04"]


def test_documents_are_listed_newest_first_and_linked_both_ways():
    site = load_mini()
    column = site.columns[("nongye", "fupin-01")]
    assert [d.src_uri for d in column.documents] == ["departments/nongye/zhengce.md", "departments/nongye/old.md"]
    policy = column.documents[0]
    [interpretation] = policy.interpretations
    assert interpretation.policies == [policy]
    assert policy.attachments[0].src_uri == "departments/nongye/files/fenpei.csv"


def test_domain_without_owner_falls_back_to_county(tmp_path):
    import shutil
    shutil.copytree(FIXTURES / "mini", tmp_path / "m")
    org = tmp_path / "m/content/departments/nongye/_org.yml"
    org.write_text(org.read_text(encoding="utf-8").replace("负责领域: [fupin]\n", ""), encoding="utf-8")
    for doc in ("zhengce.md", "jiedu.md", "old.md"):
        (tmp_path / "m/content/departments/nongye" / doc).unlink()
    site = model.load(tmp_path / "m", tmp_path / "m/content", tmp_path / "m/catalog")
    assert ("county", "fupin-01") in pairs(site) and ("nongye", "fupin-01") not in pairs(site)
