"""The package's import graph has no cycle, every module imports, and no top-level
function of drift is left unused."""

from __future__ import annotations

import ast
import graphlib
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "drift"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _owner(name: str) -> str:
    """The drift module that ``name`` (a module or a name inside one) lives in."""
    while name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """Nodes under ``if TYPE_CHECKING:``, which never run."""
    return {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }


def import_graph() -> dict[str, set[str]]:
    """Module -> the drift modules it imports, at the top or inside a function (a lazy
    import closes a cycle just the same); imports for type checkers only are left out."""
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        graph[module] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_nodes(tree)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], base]).strip(".")
                names = [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                if name.split(".")[0] == "drift" and _owner(name) != module:
                    graph[module].add(_owner(name))
    return graph


def test_import_graph_has_no_cycle():
    try:
        tuple(graphlib.TopologicalSorter(import_graph()).static_order())
    except graphlib.CycleError as exc:
        pytest.fail("import cycle: " + " -> ".join(exc.args[1]))


def _references(path: Path, package: str) -> set[tuple[str, str]]:
    """``(module, name)`` pairs a file uses: names imported from a drift module, attributes
    read from a drift module bound to a name, names used in the same module, and names in
    ``__all__``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}
    used: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("drift"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if full in MODULES:
                    aliases[alias.asname or alias.name] = full
                else:
                    used.add((_owner(node.module), alias.name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    aliases[alias.asname or alias.name] = alias.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            used.add((aliases[node.value.id], node.attr))
        elif isinstance(node, ast.Attribute):
            used.add((ast.unparse(node.value), node.attr))  # drift.encoders.encode and the like
        elif isinstance(node, ast.Name) and package:
            used.add((package, node.id))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and package:
            used.add((package, node.value))  # __all__, and names looked up by string
    return used


def test_no_unused_top_level_function():
    """Every top-level function of drift is used: in its own module, imported or read as an
    attribute by another module or a script, or shown in the README's Python API (a
    function only the tests call is dead code)."""
    readme = set(re.findall(r"(\w+)\(", (ROOT / "README.md").read_text(encoding="utf-8")))
    used: set[tuple[str, str]] = set()
    for module, path in MODULES.items():
        used |= _references(path, module)
    for path in (ROOT / "scripts").glob("*.py"):
        used |= _references(path, "")
    unused = []
    for module, path in MODULES.items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            decorated = isinstance(node, ast.FunctionDef) and node.decorator_list
            hook = getattr(node, "name", "").startswith("__")  # a module's __getattr__, __dir__: Python calls them
            if isinstance(node, ast.FunctionDef) and not (decorated or hook) and (module, node.name) not in used and node.name not in readme:
                unused.append(f"{module}.{node.name}")
    assert not unused, f"defined but never used: {unused}"


def test_package_imports_nothing_heavy():
    """``import drift`` loads no model library (models load on first use)."""
    code = "import sys, drift; print(sorted(m for m in ('torch', 'transformers', 'datasets') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_import_all_modules_in_one_process():
    for module in MODULES:
        if module != "drift.__main__":  # `python -m drift` runs the CLI
            importlib.import_module(module)
