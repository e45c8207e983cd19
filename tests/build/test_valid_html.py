"""Valid HTML: the W3C Nu Html Checker (vnu-jar, pinned in package.json, run with Java) reports no error
on one page of every page type of the example county (tests/browser/pages.py).

Before issue 17 it reported 42 errors on 19 page types: Material's CSS-checkbox toggles carried
``autocomplete`` (render/toggles.py), a ``label for="__toc"`` had no control on document pages
(overrides/partials/toc.html), and document bodies jumped from the page's h1 to h3
(parse/markdown.shift_headings)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from browser.pages import page_types
from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _file(site: Path, path: str) -> Path:
    path = path.split("?", 1)[0]
    return site / (path if path.endswith(".html") else path + "index.html")


def test_every_page_type_is_valid_html(example_site, example_model):
    java = shutil.which("java")
    assert java, "Java is required for the Nu Html Checker (make test-deps installs default-jre-headless)"
    assert VNU.exists(), f"{VNU} is missing: make setup (npm ci installs vnu-jar from package-lock.json)"
    files = {name: _file(example_site, path) for name, path in page_types(example_model).items()}
    proc = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json",
                           *sorted({str(f) for f in files.values()})], capture_output=True, text=True)
    messages = json.loads(proc.stderr or proc.stdout or '{"messages": []}')["messages"]
    names = {"file:" + str(f): name for name, f in files.items()}
    errors = [f"{names.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert not errors, "\n".join(errors)
    assert proc.returncode == 0, proc.stderr[-2000:]
