"""Shared fixtures: real MkDocs builds of the example county and of small fixture counties."""

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


def build(project: Path, *, tool: str = "mkdocs", site: Path | None = None) -> BuildResult:
    """Run a real `mkdocs build` (or `properdocs build`) in ``project``."""
    site = site or project / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
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
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("hooks", "overrides"):
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return project


@pytest.fixture
def mini(tmp_path) -> Path:
    return make_project(tmp_path, "mini")


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example county (示例县), built once per test session from the repository itself."""
    site = tmp_path_factory.mktemp("example") / "site"
    result = build(ROOT, site=site)
    assert result.returncode == 0, result.output
    return site


@pytest.fixture(scope="session")
def example_model():
    sys.path.insert(0, str(ROOT / "hooks"))
    from govsite import model

    return model.load(ROOT, ROOT / "content", ROOT / "catalog")
