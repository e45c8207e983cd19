"""One site's job: fetch its repository, check its catalog against the base, build it with the product
version platform.yml gives it, and leave in ``OUT/sites/<id>/`` what the report job reads:

- ``site/``: the built site (``deploy/ci/ci.sh build``, the county's own CI step);
- ``checks.json``: the checks' JSON with every finding (``deploy/ci/ci.sh check`` → ``ci-report/checks.json``);
- ``build.json``: {site, name, status ok|failed|skipped, error, product_version, commit, built, seconds} and
  what decides a rebuild (``product_commit``, ``base_catalog``);
- ``deviations.json`` / ``deviations.txt``: the catalog's deviations from the base (platform/base.py);
- ``build.log``: the check and build output.

The county's build is unchanged: its own ``mkdocs.yml``, ``content/`` and ``catalog/`` are laid over the
product's files (``hooks/``, ``overrides/``, ``govsite.yml``, ``deploy/ci/``) at the site's product version
in ``OUT/work/<id>/``, and built there as its own CI builds it. A failed job leaves the last good ``site/``
and ``checks.json`` as they were; only ``build.json`` says it failed and why (in Chinese).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import base as base_catalog
from .config import Platform, Site

SITES = "sites"
WORK = "work"
REPOS = "repos"
BUILD_FILE = "build.json"
CHECKS_FILE = "checks.json"
LOG_FILE = "build.log"
COUNTY_FILES = ("mkdocs.yml", "content", "catalog")  # a county's own (tools/new_county.py COUNTY_FILES)
PRODUCT_FILES = ("govsite.yml", "hooks", "overrides", "deploy/ci")  # what a county build needs of the product
GIT_TIMEOUT = 600  # seconds for one clone or fetch of a county's repository
STEP_TIMEOUT = 3600  # seconds for one check or build step
LOG_TAIL = 30  # lines of the build's output quoted in build.json's error
REQUIREMENTS = "requirements.txt"  # the product's pinned Python dependencies
VENVS = "venvs"  # OUT/venvs/<digest of a requirements.txt>/: the environment of a pinned version whose pins differ
VENVS_ENV = "PLATFORM_VENVS"  # or this folder (a runner's persistent cache; read by the command line)
VENV_TIMEOUT = 1800  # seconds to make one environment (pip downloads the pinned packages)
CURRENT = "平台当前的 Python 环境"


class SiteError(Exception):
    """This site cannot be built: the Chinese reason (naming platform.yml's site and field)."""


@dataclass(frozen=True)
class Inputs:
    """What a site's build depends on: a change of any of them rebuilds it."""

    commit: str  # the site repository's commit ("" when it cannot be read: missing repository)
    product_commit: str
    base: str  # base catalog fingerprint

    def as_json(self) -> dict:
        return {"commit": self.commit, "product_commit": self.product_commit, "base_catalog": self.base}


def _git(args: list[str], cwd: Path | None = None, *, timeout: int = GIT_TIMEOUT) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=timeout,
                          env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})


def platform_top(platform: Platform) -> Path:
    """The git repository platform.yml is in."""
    found = _git(["rev-parse", "--show-toplevel"], platform.root)
    if found.returncode != 0:
        raise SiteError("platform.yml 不在 git 仓库中。修改办法：在平台仓库中运行（git init 后提交 platform.yml）。")
    return Path(found.stdout.decode().strip())


def product_repository(platform: Platform) -> Path:
    if platform.product_repository is not None:
        return platform.product_repository
    found = _git(["rev-parse", "--show-toplevel"], platform.root)
    if found.returncode != 0:
        raise SiteError(f"platform.yml，字段“product.repository”：platform.yml 不在 git 仓库中，找不到产品。"
                        f"修改办法：写 product.repository: 产品 git 仓库的路径。")
    return Path(found.stdout.decode().strip())


def product_commit(platform: Platform, version: str, field: str) -> str:
    repo = product_repository(platform)
    found = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{version}^{{commit}}"], repo)
    if found.returncode != 0:
        raise SiteError(f"platform.yml，{field}：产品仓库中没有版本“{version}”。修改办法：写产品已有的 git 标签或提交号"
                        f"（git tag 列出标签），或先把该版本取到产品仓库（git fetch --tags）。")
    return found.stdout.decode().strip()


def _version_field(site: Site) -> str:
    return f"站点“{site.id}”，字段“product_version”" if site.product_version else "字段“product.version”"


def source_folder(platform: Platform, site: Site, out: Path) -> Path:
    if site.remote:
        return out / REPOS / site.id
    return platform.root / site.source


def site_commit(platform: Platform, site: Site, out: Path) -> str:
    """The commit a site's build would use, without fetching it (a url: ls-remote); "" when unknown."""
    if site.remote:
        found = _git(["ls-remote", "--end-of-options", site.source, f"refs/heads/{site.branch}"])
        line = found.stdout.decode().split()
        return line[0] if found.returncode == 0 and line else ""
    folder = source_folder(platform, site, out)
    if not folder.is_dir():
        return ""
    found = _git(["rev-parse", "HEAD"], folder)
    top = _git(["rev-parse", "--show-toplevel"], folder)
    if found.returncode == 0 and top.returncode == 0 and Path(top.stdout.decode().strip()).resolve() == folder.resolve():
        return found.stdout.decode().strip()
    return "files:" + _files_digest(folder)  # a plain folder: its county files' digest stands for a commit


def _files_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for name in COUNTY_FILES:
        top = folder / name
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
        for path in paths:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def inputs(platform: Platform, site: Site, out: Path) -> Inputs:
    try:
        product = product_commit(platform, platform.version_of(site), _version_field(site))
    except SiteError:
        product = ""
    return Inputs(site_commit(platform, site, out), product, base_catalog.fingerprint(platform.base_path))


def fetch(platform: Platform, site: Site, out: Path) -> Path:
    """The site's repository on this machine (cloned or updated for a url; initialised for a submodule)."""
    folder = source_folder(platform, site, out)
    if site.kind == "url":
        if (folder / ".git").is_dir():
            done = _git(["fetch", "--depth", "1", "origin", "--end-of-options", site.branch], folder)
            done = done if done.returncode else _git(["checkout", "--force", "--detach", "FETCH_HEAD"], folder)
        else:
            shutil.rmtree(folder, ignore_errors=True)
            folder.parent.mkdir(parents=True, exist_ok=True)
            done = _git(["clone", "--quiet", "--depth", "1", "--branch", site.branch, "--end-of-options", site.source, str(folder)])
        if done.returncode != 0:
            raise SiteError(f"platform.yml，站点“{site.id}”，字段“url”：取不到网站仓库 {site.source}（分支 {site.branch}）："
                            f"{_last_line(done.stderr)}。修改办法：检查仓库地址、分支名和 CI 的访问权限（部署密钥或访问令牌）。")
        return folder
    if site.kind == "submodule" and not (folder / "mkdocs.yml").is_file():
        _git(["submodule", "update", "--init", "--depth", "1", "--", site.source], platform.root)
    if not folder.is_dir():
        raise SiteError(f"platform.yml，站点“{site.id}”，字段“{site.kind}”：网站仓库“{site.source}”不存在。"
                        f"修改办法：改正路径" + ("，或运行 git submodule update --init 取到子模块" if site.kind == "submodule" else "")
                        + "；其他网站照常生成。")
    if not (folder / "mkdocs.yml").is_file():
        raise SiteError(f"platform.yml，站点“{site.id}”，字段“{site.kind}”：“{site.source}”中没有 mkdocs.yml，不是网站仓库。"
                        f"修改办法：指向县网站仓库的根目录（有 mkdocs.yml、content/、catalog/ 的文件夹）。")
    return folder


def _last_line(data: bytes) -> str:
    lines = [line for line in data.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1][:200] if lines else "没有输出"


def install_product(platform: Platform, site: Site, work: Path) -> None:
    """The product's files at the site's version into ``work`` (replacing older ones)."""
    repo = product_repository(platform)
    commit = product_commit(platform, platform.version_of(site), _version_field(site))
    for name in PRODUCT_FILES:
        target = work / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
    head = _git(["rev-parse", "HEAD"], repo)
    if head.returncode == 0 and head.stdout.decode().strip() == commit:
        # The version is the checkout's own: its files as they are (a CI checkout is clean).
        for name in PRODUCT_FILES:
            source = repo / name
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, work / name, ignore=shutil.ignore_patterns("__pycache__"))
            elif source.is_file():
                shutil.copy2(source, work / name)
        return
    archive = _git(["archive", "--format=tar", commit, "--", *PRODUCT_FILES], repo)
    if archive.returncode != 0:
        raise SiteError(f"platform.yml，{_version_field(site)}：产品版本“{platform.version_of(site)}”中缺少生成网站需要的文件"
                        f"（{_last_line(archive.stderr)}）。修改办法：改用较新的产品版本。")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(work, filter="data")


def _requirements(platform: Platform, version: str, field: str) -> bytes:
    repo = product_repository(platform)
    shown = _git(["show", f"{product_commit(platform, version, field)}:{REQUIREMENTS}"], repo)
    return shown.stdout if shown.returncode == 0 else b""


def environment(platform: Platform, site: Site, out: Path, venvs: Path | None = None) -> tuple[Path, str]:
    """(the bin folder whose python and mkdocs build the site, what it is, in Chinese). A site at the platform's
    version, or pinned to one with the same requirements.txt, builds with the platform's own environment; a
    version pinning other packages builds with an environment of its own, made once per requirements digest
    under OUT/venvs/ (or ``venvs``: $PLATFORM_VENVS) with pip. When it cannot be made, the site fails and says why: an older
    product is never run on packages it was not written for."""
    current = Path(sys.executable).parent
    if not site.product_version:
        return current, CURRENT
    wanted = _requirements(platform, site.product_version, _version_field(site))
    if wanted == _requirements(platform, platform.product_version, "字段“product.version”"):
        return current, CURRENT
    digest = hashlib.sha256(wanted).hexdigest()[:16]
    folder = (venvs or out / VENVS) / digest
    made = folder / ".made"
    label = f"产品版本 {site.product_version} 自己的 Python 环境（{VENVS}/{digest}）"
    if made.is_file():
        return folder / "bin", label
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / REQUIREMENTS).write_bytes(wanted)
    # without a pip of its own: the platform's pip installs into it (faster; the build needs no pip)
    steps = ([sys.executable, "-m", "venv", "--without-pip", str(folder)],
             [sys.executable, "-m", "pip", "--python", str(folder / "bin" / "python"), "install", "--quiet",
              "--disable-pip-version-check", "-r", str(folder / REQUIREMENTS)])
    for step in steps:
        try:
            done = subprocess.run(step, capture_output=True, timeout=VENV_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            done = subprocess.CompletedProcess(step, 1, b"", str(exc).encode())
        if done.returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            raise SiteError(
                f"platform.yml，{_version_field(site)}：产品版本“{site.product_version}”的依赖（{REQUIREMENTS}）与平台版本"
                f"“{platform.product_version}”不同，需要为它单独准备 Python 环境，但准备失败（{_last_line(done.stdout + done.stderr)}）。"
                f"该网站没有用平台当前的环境生成（旧版本在新依赖上可能生成错误的网站），上次生成的网站保持不变。修改办法：让 runner "
                f"能访问 PyPI 或内部镜像（pip 的 PIP_INDEX_URL）后重新运行，或取消该网站的固定版本（删去 product_version）。")
    made.write_text(digest + "\n", encoding="utf-8")
    return folder / "bin", label


def install_county(folder: Path, work: Path) -> None:
    for name in COUNTY_FILES:
        target = work / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        source = folder / name
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.is_file():
            shutil.copy2(source, target)


def _run(step: str, work: Path, log, bin_folder: Path) -> int:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    env["GOVSITE_BIN"] = str(bin_folder)  # the site's product version's environment (environment())
    log.write(f"$ deploy/ci/ci.sh {step}\n")
    log.flush()
    done = subprocess.run(["bash", "deploy/ci/ci.sh", step], cwd=work, stdout=log, stderr=subprocess.STDOUT, env=env,
                          timeout=STEP_TIMEOUT)
    return done.returncode


def _tail(path: Path) -> str:
    lines = [line for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
             if line.strip() and not line.startswith("$ ")]  # not the step headers _run writes
    return "\n".join(lines[-LOG_TAIL:])


def check_date(given: str | None) -> str:
    """The check date of the run (GOV_AS_OF, read by the command line), else today."""
    return (given or "").strip() or datetime.date.today().isoformat()


def _replace(source: Path, target: Path) -> None:
    """Move a built folder into place; the old one goes only once the new one is there."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    shutil.move(str(source), str(target))
    shutil.rmtree(old, ignore_errors=True)


def build(platform: Platform, site: Site, out: Path, *, as_of: str | None = None, venvs: Path | None = None) -> dict:
    """Build one site; write and return its build.json (never raises for the site's own failures)."""
    started = time.monotonic()
    folder_out = out / SITES / site.id
    folder_out.mkdir(parents=True, exist_ok=True)
    record = {"site": site.id, "name": site.name, "status": "ok", "error": None,  # (no skipped_on: built now)
              "product_version": platform.version_of(site), "pinned": bool(site.product_version),
              "pin_reason": site.pin_reason, "built": check_date(as_of)}
    record |= inputs(platform, site, out).as_json()
    log_path = folder_out / LOG_FILE
    try:
        folder = fetch(platform, site, out)
        record["commit"] = site_commit(platform, site, out)
        base, base_errors = base_catalog.load(platform.base_path)
        if base_errors:
            raise SiteError("platform.yml，字段“base_catalog.path”：省基础目录有错误：\n" + "\n".join(base_errors[:10]))
        mandatory, problems = base_catalog.mandatory_items(platform, base)
        if problems:
            raise SiteError("\n".join(p.format("platform.yml") for p in problems))
        county, _ = base_catalog.load(folder / "catalog")  # its own errors are its build's to report
        deviations = base_catalog.compare(site.id, base, county, mandatory)
        base_catalog.write(folder_out, deviations, site.name)
        if deviations.mandatory_missing:
            raise SiteError(base_catalog.mandatory_error(site.id, deviations))
        work = out / WORK / site.id
        work.mkdir(parents=True, exist_ok=True)
        install_product(platform, site, work)
        install_county(folder, work)
        bin_folder, record["environment"] = environment(platform, site, out, venvs)
        shutil.rmtree(work / "site", ignore_errors=True)
        with log_path.open("w", encoding="utf-8") as log:
            checked = _run("check", work, log, bin_folder)
            built = _run("build", work, log, bin_folder) if checked in (0, 1) else checked
        if built != 0 or not (work / "site" / "index.html").is_file():
            raise SiteError(f"站点“{site.id}”（{site.name}）的网站生成失败，上次生成的网站保持不变。按下面的中文提示修改该网站仓库后重新提交：\n"
                            + _tail(log_path))
        _replace(work / "site", folder_out / "site")
        shutil.copy2(work / "ci-report" / "checks.json", folder_out / CHECKS_FILE)
    except SiteError as exc:
        record["status"], record["error"] = "failed", str(exc)
    except (OSError, subprocess.SubprocessError) as exc:
        record["status"] = "failed"
        record["error"] = f"站点“{site.id}”（{site.name}）的网站生成中断（{type(exc).__name__}：{str(exc)[:200]}）；上次生成的网站保持不变。重新运行该作业。"
    record["seconds"] = round(time.monotonic() - started, 2)
    (folder_out / BUILD_FILE).write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                         encoding="utf-8")
    return record


CARRIED = ("ok", "skipped")  # statuses whose site/ and checks.json a skipped site carries over


def skip(out: Path, site_id: str, *, as_of: str | None = None) -> dict | None:
    """Record that a site unchanged since its last build was not rebuilt this time: its build.json says
    "skipped" (with the date it was skipped on) and keeps the last build's fields, ``built`` among them, as
    its ``site/`` and ``checks.json`` stay. A site whose last build failed (or left no site) is left as it
    is: it is not in place, and the report says so. Returns the record written, or None."""
    record = previous(out, site_id)
    folder = out / SITES / site_id
    if record is None or record.get("status") not in CARRIED or not (folder / "site" / "index.html").is_file() \
            or not (folder / CHECKS_FILE).is_file():
        return None
    record = record | {"status": "skipped", "error": None, "skipped_on": check_date(as_of)}
    (folder / BUILD_FILE).write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                     encoding="utf-8")
    return record


def previous(out: Path, site_id: str) -> dict | None:
    path = out / SITES / site_id / BUILD_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
