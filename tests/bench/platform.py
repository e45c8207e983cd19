"""A simulated province for the platform (issue 27): N generated counties, each its own git repository, one
platform repository (platform.yml, the base catalog, the example platform's .gitlab-ci.yml), built through the
real pipeline file by gitlab-ci-local (``--force-shell-executor``), with 2 parallel jobs by default.

The counties are generated like ``make bench`` (tests/bench/generate.py): sizes S and XS mixed; every fourth
county has no document of the current year (its columns are stale on purpose); the small ones leave most
columns empty. tests/build/test_platform_ci.py builds 3 of them; the measurement builds 20 once:

    .venv/bin/python -m tests.bench.platform --counties 20 --out .bench/platform --jobs 2

which records the total and per-site times of a first build, then of a one-county edit (only that county is
rebuilt), in ``OUT/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

from . import generate as county_generator

ROOT = Path(__file__).resolve().parents[2]
GITLAB_CI_LOCAL = ROOT / "node_modules" / ".bin" / "gitlab-ci-local"
EXAMPLE_PLATFORM = ROOT / "examples" / "platform"
AS_OF = "2026-11-30"  # the check date of every build (same inputs → same bytes)
NAMES = ["青山", "白水", "红岩", "金沙", "松林", "石桥", "花溪", "龙潭", "凤岗", "柳江",
         "桃源", "梅岭", "竹山", "云台", "兰溪", "杏坛", "荷塘", "枫林", "雁门", "鹤鸣"]
EXAMPLE_NAME = county_generator.COUNTY  # the example mkdocs.yml's county, replaced by each generated one
THIS_YEAR = re.compile(r"^发布日期: 2026-", re.M)
PIPELINE_TIMEOUT = 3600


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.email=bench@example.org", "-c", "user.name=bench", *args], cwd=folder,
                          check=True, capture_output=True, text=True).stdout.strip()


def size_of(number: int) -> str:
    return "S" if number % 5 == 4 else "XS"


def make_county(folder: Path, number: int) -> str:
    """One county's repository (its own mkdocs.yml, content/, catalog/), committed; returns its name."""
    name = NAMES[number % len(NAMES)] + ("县" if number < len(NAMES) else f"{number}县")
    scratch = folder.parent / f".gen-{folder.name}"
    shutil.rmtree(scratch, ignore_errors=True)
    county_generator.generate(scratch, size_of(number), seed=number + 1, hugo=False)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.move(str(scratch / "project" / "content"), folder / "content")
    shutil.move(str(scratch / "project" / "catalog"), folder / "catalog")
    shutil.rmtree(scratch, ignore_errors=True)
    settings = (county_generator.EXAMPLE / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(settings.replace(EXAMPLE_NAME, name), encoding="utf-8")
    if number % 4 == 1:  # stale on purpose: nothing published this year
        for page in (folder / "content").rglob("*.md"):
            if THIS_YEAR.search(page.read_text(encoding="utf-8")):
                page.unlink()
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "mkdocs.yml", "content", "catalog")
    git(folder, "commit", "-qm", f"{name}网站")
    return name


def make_province(folder: Path, count: int, *, pinned: dict[int, str] | None = None, remote: set[int] = frozenset(),
                  extra: str = "") -> list[dict]:
    """The platform repository in ``folder`` with ``count`` counties; ``pinned``: county number → product
    commit; ``remote``: counties listed by url (a bare clone, file://) instead of path."""
    folder.mkdir(parents=True)
    shutil.copytree(EXAMPLE_PLATFORM / "base", folder / "base")
    shutil.copy(EXAMPLE_PLATFORM / ".gitlab-ci.yml", folder / ".gitlab-ci.yml")
    # The platform repository holds the product (a clone of it): here its Python and hooks are linked in.
    (folder / ".venv").symlink_to(ROOT / ".venv")
    (folder / "hooks").symlink_to(ROOT / "hooks")
    sites = []
    # The product's commit now, not HEAD: a commit made while the province is built is not an upgrade.
    version = git(ROOT, "rev-parse", "HEAD")
    lines = ["name: 模拟省政府网站集约化平台", f"product: {{version: {version}, repository: {ROOT}}}",
             "base_catalog: {path: base, mandatory: [xxgk]}", "sites:"]
    for number in range(count):
        site_id = f"county-{number + 1:02d}"
        name = make_county(folder / "sites" / site_id, number)
        entry = f"  - {{id: {site_id}, name: {name}"
        if number in remote:
            bare = folder / "remotes" / f"{site_id}.git"
            subprocess.run(["git", "clone", "-q", "--bare", str(folder / "sites" / site_id), str(bare)], check=True)
            shutil.rmtree(folder / "sites" / site_id)
            entry += f", url: \"file://{bare}\", branch: main"
        else:
            entry += f", path: sites/{site_id}"
        if pinned and number in pinned:
            entry += f", product_version: {pinned[number]}, pin_reason: 等待本县完成目录调整"
        lines.append(entry + "}")
        sites.append({"id": site_id, "name": name, "size": size_of(number)})
    (folder / "platform.yml").write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    (folder / ".gitignore").write_text("sites/\nremotes/\nplatform-build/\n.gitlab-ci-local/\n.venv\nhooks\n", encoding="utf-8")
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "platform.yml", "base", ".gitlab-ci.yml", ".gitignore")
    git(folder, "commit", "-qm", "平台")
    return sites


def run_pipeline(folder: Path, *, jobs: int = 2) -> tuple[float, str]:
    """The platform's .gitlab-ci.yml through gitlab-ci-local; (wall seconds, its output)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    env |= {"GOV_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1", "FORCE_COLOR": "0", "GCL_TIMESTAMPS": "false"}
    started = time.monotonic()
    done = subprocess.run([str(GITLAB_CI_LOCAL), "--force-shell-executor", "--concurrency", str(jobs),
                           "--variable", "PLATFORM=platform.yml", "--variable", "PLATFORM_OUT=platform-build"],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=PIPELINE_TIMEOUT)
    return round(time.monotonic() - started, 1), done.stdout + done.stderr


def records(folder: Path) -> dict[str, dict]:
    out = {}
    for path in sorted((folder / "platform-build" / "sites").glob("*/build.json")):
        out[path.parent.name] = json.loads(path.read_text(encoding="utf-8"))
    return out


def edit_one(folder: Path, site_id: str) -> None:
    """A one-county edit: a title changed in one document, committed."""
    county = folder / "sites" / site_id
    page = sorted(p for p in (county / "content").rglob("*.md") if p.name != "index.md")[0]
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"^标题: (.*)$", r"标题: \1（修订）", text, count=1, flags=re.M), encoding="utf-8")
    git(county, "commit", "-qam", "修订一篇文件的标题")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / ".bench" / "platform")
    parser.add_argument("--edit", metavar="SITE", help="only edit this county of the province in --out and run the pipeline again")
    args = parser.parse_args(argv)
    if args.edit:
        before = records(args.out)
        edit_one(args.out, args.edit)
        seconds, log = run_pipeline(args.out, jobs=args.jobs)
        (args.out / f"edit-{args.edit}.log").write_text(log, encoding="utf-8")
        after = records(args.out)
        rebuilt = sorted(s for s in after if after[s] != before.get(s))
        result = {"edited": args.edit, "pipeline_seconds": seconds, "rebuilt": rebuilt,
                  "site_seconds": {s: after[s]["seconds"] for s in rebuilt}}
        (args.out / f"edit-{args.edit}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    shutil.rmtree(args.out, ignore_errors=True)
    started = time.monotonic()
    sites = make_province(args.out, args.counties)
    generated = round(time.monotonic() - started, 1)
    first, log_first = run_pipeline(args.out, jobs=args.jobs)
    (args.out / "first.log").write_text(log_first, encoding="utf-8")
    built = records(args.out)
    edited = sites[1]["id"]
    edit_one(args.out, edited)
    second, log_second = run_pipeline(args.out, jobs=args.jobs)
    (args.out / "second.log").write_text(log_second, encoding="utf-8")
    after = records(args.out)
    rebuilt = sorted(s for s in after if after[s].get("seconds") != built.get(s, {}).get("seconds"))
    results = {"counties": args.counties, "jobs": args.jobs, "generate_seconds": generated,
               "first_pipeline_seconds": first, "edit_pipeline_seconds": second, "edited": edited, "rebuilt_after_edit": rebuilt,
               "sites": [s | {"status": built[s["id"]]["status"], "seconds": built[s["id"]]["seconds"]} for s in sites],
               "site_seconds_total": round(sum(built[s["id"]]["seconds"] for s in sites), 1)}
    (args.out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
