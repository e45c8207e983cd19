"""A small platform build made by hand, in the on-disk shape of the platform contract (issue 27): three
counties built for real from copies of tests/fixtures/mini under other names, one of them with every
document three years older (so its columns are stale), and one site whose build failed.

    OUT/sites/<id>/site/        the built site
    OUT/sites/<id>/checks.json  its checks JSON (site/maintainers/checks/report.json)
    OUT/sites/<id>/build.json   the build record
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import build, make_project

AS_OF = "2025-06-10"
VERSION = "1.4.0"
# id → (name, county word, title prefix of its policy, years back, product version)
COUNTIES = {
    "jiaxian": ("甲县人民政府", "甲县", "甲县", 0, VERSION),
    "yiqu": ("乙区人民政府", "乙区", "乙区", 0, VERSION),
    "bingshi": ("丙市人民政府", "丙市", "丙市", 3, "1.3.0"),  # stale columns, an older product
}
FAILED = ("dingqi", "丁旗人民政府", "网站生成失败：content/county/_org.yml 第 1 行：缺少字段“名称”")
POLICY_TITLE = "巩固拓展脱贫攻坚成果实施办法"  # the mini county's policy (…/nongye/zhengce.md), after its name


def _shift_years(project: Path, years: int) -> None:
    for path in sorted((project / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for year in (2026, 2025, 2024, 2023, 2019):  # newest first: a year is never shifted twice
            text = text.replace(str(year), str(year - years))
        path.write_text(text, encoding="utf-8")


def make_county(tmp: Path, site_id: str) -> Path:
    name, county, prefix, years, _ = COUNTIES[site_id]
    project = make_project(tmp / f"src-{site_id}")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("示例县人民政府", name).replace("county: 示例县", f"county: {county}")
    config.write_text(text.replace("https://www.example.gov.cn/", f"https://{site_id}.example.gov.cn/"), encoding="utf-8")
    for path in sorted((project / "content").rglob("*.md")) + sorted((project / "content").rglob("_org.yml")):
        path.write_text(path.read_text(encoding="utf-8").replace("小县", prefix), encoding="utf-8")
    if years:
        _shift_years(project, years)
    return project


def make_platform(tmp: Path) -> Path:
    """OUT with the three counties built and the failed one recorded; returns OUT."""
    out = tmp / "platform-build"
    for site_id, (name, _, _, years, version) in COUNTIES.items():
        project = make_county(tmp, site_id)
        folder = out / "sites" / site_id
        result = build(project, site=folder / "site", env={"GOV_AS_OF": AS_OF})
        assert result.returncode == 0, result.output
        shutil.copy(folder / "site" / "maintainers" / "checks" / "report.json", folder / "checks.json")
        record = {"site": site_id, "name": name, "status": "ok", "error": None, "product_version": version,
                  "commit": "0" * 40, "built": AS_OF, "seconds": 1.0}
        (folder / "build.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    site_id, name, error = FAILED
    (out / "sites" / site_id).mkdir(parents=True)
    record = {"site": site_id, "name": name, "status": "failed", "error": error, "product_version": VERSION,
              "commit": "1" * 40, "built": AS_OF, "seconds": 0.5}
    (out / "sites" / site_id / "build.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return out
