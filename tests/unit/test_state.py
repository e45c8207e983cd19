"""No module-level mutable state: a build's state lives on one object made per run (``build.Run``, held by
the hook entry file as its only state; the build's own on ``build.Build``), and switches are read from the
environment where the run starts, never deep inside.

What a module may hold at its top level, decided here: constants (numbers, strings, tuples, frozensets,
compiled regexes, ``MappingProxyType``s, frozen dataclasses and enums, loggers, ``lru_cache``'d pure
functions: a memo of a pure answer is not state), and tables written out once and never changed afterwards
(a dict of labels, a schema). What it may not: an empty display or an instance of a class of its own made to
be filled at run time (``X = []``, ``X = {}``, ``X = Cache()``), a ``global`` statement, or a function
changing a module-level name (``X.append``, ``X[k] = v``, ``X.a = v``).
"""

from __future__ import annotations

import ast
from pathlib import Path

HOOKS = Path(__file__).resolve().parents[2] / "hooks"
PACKAGE = HOOKS / "govsite"
MUTATORS = {"append", "extend", "add", "update", "pop", "popitem", "clear", "remove", "insert", "setdefault",
            "discard", "sort", "reverse", "__setitem__", "__delitem__"}


def _modules():
    yield from sorted(PACKAGE.rglob("*.py"))


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    return ""


def _top_level_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _mutable_value(value: ast.AST | None, classes: set[str]) -> str | None:
    """Why ``value``, assigned at a module's top level, is state to be filled at run time; None when it is not."""
    if value is None:
        return None
    if isinstance(value, (ast.List, ast.Dict, ast.Set)) and not getattr(value, "elts", getattr(value, "keys", None)):
        return "an empty " + type(value).__name__.lower()  # made to be filled
    if isinstance(value, ast.Call):
        called = _name(value.func)
        if called in classes:
            return f"an instance of {called}"
        if called in ("list", "dict", "set", "bytearray", "collections.defaultdict", "defaultdict", "OrderedDict"):
            return f"{called}()"
    return None


def _frozen(node: ast.ClassDef) -> bool:
    """A frozen dataclass or an enum: its instances cannot change."""
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Call) and _name(decorator.func).endswith("dataclass") and any(
                k.arg == "frozen" and isinstance(k.value, ast.Constant) and k.value.value for k in decorator.keywords):
            return True
    return any(_name(base).endswith(("Enum", "NamedTuple")) for base in node.bases)


def _findings(path: Path, *, allowed: set[str] = frozenset()) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(HOOKS)
    classes = {n.name for n in tree.body if isinstance(n, ast.ClassDef) and not _frozen(n)}
    top = _top_level_names(tree)
    found = []
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if names == ["__all__"] or set(names) <= allowed:
                continue
            if (why := _mutable_value(node.value, classes)) is not None:
                found.append(f"{where}:{node.lineno} {', '.join(names)} = {why}")
    for node in ast.walk(tree):
        if isinstance(node, (ast.Global, ast.Nonlocal)) and isinstance(node, ast.Global):
            if not set(node.names) <= allowed:
                found.append(f"{where}:{node.lineno} global {', '.join(node.names)}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id in top and owner.id not in allowed:
                found.append(f"{where}:{node.lineno} {owner.id}.{node.func.attr}(…)")
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)) and node not in tree.body:
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for target in targets:
                if isinstance(target, (ast.Subscript, ast.Attribute)) and isinstance(target.value, ast.Name) \
                        and target.value.id in top and target.value.id not in allowed:
                    found.append(f"{where}:{node.lineno} {target.value.id}{'[…]' if isinstance(target, ast.Subscript) else '.' + target.attr} changed")
    return sorted(found, key=lambda line: int(line.split(":")[1].split()[0]))


def test_no_module_of_the_package_holds_or_changes_state():
    found = [line for path in _modules() for line in _findings(path)]
    assert found == []


def test_the_hook_entry_holds_one_run_and_nothing_else():
    entry = HOOKS / "govsite_hooks.py"
    assert _findings(entry, allowed={"run"}) == []
    tree = ast.parse(entry.read_text(encoding="utf-8"))
    assert _top_level_names(tree) == {"run"}
    assert [n.names for n in ast.walk(tree) if isinstance(n, ast.Global)] == [["run"]]  # on_startup only


def test_the_scan_finds_state(tmp_path):
    """The scan itself can fail: each kind of state it looks for is found in a module written to hold it."""
    module = tmp_path / "hooks" / "state.py"
    module.parent.mkdir()
    module.write_text(
        "class Cache:\n    pass\n"
        "SEEN = []\nCACHE = Cache()\nBY_NAME: dict = {}\nlast = None\nLIMIT = 3\nWORDS = ('a', 'b')\n"
        "def remember(x):\n    global last\n    last = x\n    SEEN.append(x)\n    BY_NAME[x] = x\n    CACHE.x = x\n",
        encoding="utf-8")
    global HOOKS
    saved, HOOKS = HOOKS, tmp_path / "hooks"
    try:
        found = _findings(module)
    finally:
        HOOKS = saved
    assert found == ["state.py:3 SEEN = an empty list", "state.py:4 CACHE = an instance of Cache",
                     "state.py:5 BY_NAME = an empty dict", "state.py:10 global last", "state.py:12 SEEN.append(…)",
                     "state.py:13 BY_NAME[…] changed", "state.py:14 CACHE.x changed"]


def test_nothing_below_the_edges_reads_the_environment():
    """Switches are read once where a run starts (build.Run, make check, the command-line tools) and passed."""
    edges = {PACKAGE / "build.py", PACKAGE / "checks" / "__main__.py", PACKAGE / "platform" / "__main__.py"} | set(
        (PACKAGE / "tools").rglob("*.py"))
    reads = []
    for path in _modules():
        if path in edges:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) in ("os.environ.get", "os.getenv", "environ.get"):
                reads.append(f"{path.relative_to(HOOKS)}:{node.lineno}")
            elif isinstance(node, ast.Subscript) and _name(node.value) == "os.environ":
                reads.append(f"{path.relative_to(HOOKS)}:{node.lineno}")
    assert reads == []
