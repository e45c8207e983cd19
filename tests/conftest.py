"""Shared fixtures: real MkDocs builds of the example county and of small fixture counties, and the
loaded example county; the test tiers (``unit/`` fast and in-process; ``build/`` and ``browser/`` slow)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIN = Path(sys.executable).parent


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path


def build(project: Path, *, tool: str = "mkdocs", site: Path | None = None, env: dict | None = None) -> BuildResult:
    """Run a real `mkdocs build` (or `properdocs build`) in ``project`` (``env``: extra variables)."""
    site = site or project / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", **(env or {}))
    proc = subprocess.run([str(BIN / tool), "build", "-d", str(site)], cwd=project, env=env,
                          capture_output=True, text=True)
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site)


def url_path(src_uri: str) -> str:
    """Site-relative URL of a source URI (use_directory_urls), e.g. a/b.md → a/b/."""
    path = src_uri[:-len("index.md")] if src_uri.endswith("index.md") else src_uri[:-3] + "/"
    return path


def make_project(tmp: Path, fixture: str = "mini") -> Path:
    """A project folder: the repository's mkdocs.yml, hooks and overrides with a fixture county."""
    project = tmp / "project"
    shutil.copytree(FIXTURES / fixture, project)
    for config in ("mkdocs.yml", "govsite.yml"):  # the county's settings and the product's, which it inherits
        shutil.copy((EXAMPLE if config == "mkdocs.yml" else ROOT) / config, project / config)
    for folder in ("hooks", "overrides"):
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return project


@pytest.fixture
def mini(tmp_path) -> Path:
    return make_project(tmp_path, "mini")


# The example county's check date: its checks page (stale columns, …) is the same whatever the day
# (tests/build/test_golden.py). After its newest document, 2026-11-16.
EXAMPLE_AS_OF = "2026-11-30"


# The example county: the product repository's own mkdocs.yml, content/ and catalog/; in a county's
# repository (after `make new-county`) those are the county's, and the example is in examples/county/.
EXAMPLE = ROOT / "examples" / "county" if (ROOT / "examples" / "county" / "mkdocs.yml").is_file() else ROOT


def example_project(tmp: Path) -> Path:
    """A folder that builds the example county: the repository itself, or examples/county/ beside the
    product's files."""
    if EXAMPLE == ROOT:
        return ROOT
    project = tmp / "example-county"
    shutil.copytree(EXAMPLE, project)
    shutil.copy(ROOT / "govsite.yml", project / "govsite.yml")
    for folder in ("hooks", "overrides"):
        (project / folder).symlink_to(ROOT / folder)
    return project


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example county (示例县), built once per test session (``EXAMPLE``), checked as of EXAMPLE_AS_OF."""
    tmp = tmp_path_factory.mktemp("example")
    site = tmp / "site"
    result = build(example_project(tmp), site=site, env={"GOV_AS_OF": EXAMPLE_AS_OF})
    assert result.returncode == 0, result.output
    return site


@pytest.fixture(scope="session")
def example_model():
    """The example county as the build loads it (``govsite.model.site.Site``), without building."""
    from govsite.model import site as model

    return model.load(EXAMPLE, EXAMPLE / "content", EXAMPLE / "catalog")


SLOW_TIERS = ("build", "browser")  # folders of tests/ whose every test is marked slow


def pytest_collection_modifyitems(config, items):
    """Tests under tests/build/ and tests/browser/ (real builds, a browser) are ``slow``:
    ``pytest -m "not slow"`` (make test-fast) runs the fast tier only."""
    here = Path(__file__).resolve().parent
    for item in items:
        try:
            tier = item.path.resolve().relative_to(here).parts[0]
        except ValueError:
            continue
        if tier in SLOW_TIERS:
            item.add_marker(pytest.mark.slow)
