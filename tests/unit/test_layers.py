"""The package's layers: load → validate → model → urls → views → render → check → index → pipeline (the pure
build) → build (its MkDocs adapter). Each module
imports only from its own layer or the layers before it, and never imports a project module inside
a function (that is how import cycles hide)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "hooks" / "govsite"
ORDER = ["parse", "model", "urls", "views", "render", "checks", "search", "pipeline", "build", "tools", "platform"]


def _layer(module: str) -> str:
    """govsite.views.pages → views; govsite.urls → urls."""
    return module.split(".")[1] if "." in module else ""


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def _imports(module: str, path: Path):
    """(imported govsite module, line, inside a function?) of every project import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    functions = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                 for n in ast.walk(f)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            if name == "govsite" or name.startswith("govsite."):
                yield name, node.lineno, id(node) in functions


def test_every_layer_imports_only_from_earlier_layers():
    wrong = []
    for module, path in _modules():
        mine = _layer(module)
        if mine not in ORDER:
            continue
        for target, line, _ in _imports(module, path):
            theirs = _layer(target)
            if theirs in ORDER and ORDER.index(theirs) > ORDER.index(mine):
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} ({mine}) imports {target} ({theirs})")
    assert wrong == []


def test_no_project_import_inside_a_function():
    inside = [f"{path.relative_to(PACKAGE)}:{line} imports {target}"
              for module, path in _modules() for target, line, nested in _imports(module, path) if nested]
    assert inside == []


def test_the_layers_cover_the_package():
    layers = {_layer(module) for module, _ in _modules()} - {""}
    assert layers <= set(ORDER)


def test_the_hook_entry_only_dispatches():
    entry = PACKAGE.parent / "govsite_hooks.py"
    tree = ast.parse(entry.read_text(encoding="utf-8"))
    assert len(entry.read_text(encoding="utf-8").splitlines()) < 120
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("govsite")}
    assert imported <= {"govsite", "govsite.parse.settings", "govsite.render.output"}
