"""Modules a newcomer can read: no import cycle in data_layer, no module of many jobs.

A cycle (a imports b, b imports a, even lazily inside a function) means neither
module can be understood, tested or moved alone; a module of thousands of lines
usually does several jobs. Both crept in once (issue 13: boundary_import ↔
geography; a 1,784-line demo.py): these tests keep them out.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 600
# Modules another change owns at the moment; each names the issue that will split it.
KNOWN_LONG: dict[str, str] = {}
# Catalogues of text, not logic (both languages of every string), and schema history.
NOT_CODE = ("ui/strings/", "migrations/")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _data_layer_files() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted((ROOT / "data_layer").rglob("*.py"))}


def _imports(path: Path, name: str, modules: set[str]) -> set[str]:
    """Every data_layer module `path` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from pkg import mod` imports the module pkg.mod; `from mod import name`, mod
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        found.update(t for t in targets if t in modules and t != name)
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the list of modules around it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_data_layer_has_no_import_cycle():
    files = _data_layer_files()
    modules = set(files)
    graph = {name: _imports(path, name, modules) for name, path in files.items()}
    assert "data_layer.boundary_import" in graph["data_layer.cli"]  # the graph sees lazy imports
    assert _cycle(graph) is None, " → ".join(_cycle(graph) or [])
    for name in sorted(modules):  # and each imports on its own, in any order
        importlib.import_module(name)


def test_the_cycle_check_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_does_too_many_jobs():
    too_long = {}
    for folder in ("data_layer", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith(NOT_CODE):
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES and relative not in KNOWN_LONG:
                too_long[relative] = lines
    assert not too_long, f"split by job (at most {MAX_LINES} lines): {too_long}"
    for relative in KNOWN_LONG:  # an exception that is no longer needed goes
        lines = len((ROOT / relative).read_text(encoding="utf-8").splitlines())
        assert lines > MAX_LINES, f"{relative} is {lines} lines now: drop it from KNOWN_LONG"
