"""The layering, checked from the code's own imports (see docs/architecture.md)."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from ui import nav

STDLIB = set(sys.stdlib_module_names)
PAGE_PATH = re.compile(r"pages/\d\d_\w+\.py")
MAX_LINES = 300


def python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, top_level_only: bool = False) -> set[str]:
    """Every module `path` imports (relative imports resolved), at any depth or only at the
    top level of the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}  # `from ui import x`
    return found


def ui_graph(top_level_only: bool = True) -> dict[str, set[str]]:
    modules = {module_name(p): p for p in python_files("ui")}
    return {name: {m for m in imports(path, top_level_only) if m in modules and m != name}
            for name, path in modules.items()}


def test_engine_imports_only_numpy_and_the_standard_library():
    for path in python_files("engine"):
        for name in imports(path):
            top = name.split(".")[0]
            assert top in STDLIB or top in {"numpy", "engine", ""}, f"{path.name} imports {name}"


@pytest.mark.parametrize("module", ["ui.state", "ui.nav", "ui.content"])
def test_pure_modules_never_reach_streamlit(module):
    graph = ui_graph(top_level_only=False)
    seen, todo = set(), [module]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        path = ROOT / (current.replace(".", "/") + ".py")
        if not path.exists():
            path = ROOT / current.replace(".", "/") / "__init__.py"
        outside = {m.split(".")[0] for m in imports(path)}
        assert not outside & {"streamlit", "plotly"}, f"{current} (via {module}) imports {outside}"
        todo += graph.get(current, set())


def test_no_step_imports_another_step():
    steps = {f"ui.walk.{p.module.rsplit('.', 1)[1]}" for p in nav.STEPS}
    assert steps == {p.module for p in nav.STEPS}
    for step in steps:
        path = ROOT / (step.replace(".", "/") + ".py")
        others = (imports(path) & steps) - {step}
        assert not others, f"{step} imports {others}"


def test_every_page_file_is_registered_exactly_once():
    on_disk = sorted(["app.py"] + [f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")])
    registered = sorted(p.script for p in nav.PAGES)
    assert registered == on_disk
    assert len({p.id for p in nav.PAGES}) == len(nav.PAGES)


def test_page_files_only_hand_their_path_to_the_shell():
    for script in (p.script for p in nav.PAGES):
        lines = [line for line in (ROOT / script).read_text().splitlines() if line.strip()]
        assert lines == ["from ui.shell.page import run", "run(__file__)"], script


def test_only_the_registry_writes_a_page_path():
    offenders = [str(p.relative_to(ROOT)) for p in python_files("ui", "engine", "bench", "pages")
                 if p.name != "nav.py" and PAGE_PATH.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_every_registered_module_exists_and_renders():
    for page in nav.PAGES:
        path = ROOT / (page.module.replace(".", "/") + ".py")
        assert "def render(ctx" in path.read_text(encoding="utf-8"), page.module


def test_no_import_cycle_in_ui():
    graph = ui_graph()
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                pytest.fail("import cycle: " + " → ".join(path[path.index(nxt):] + [nxt]))
            if nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [node])


def test_no_late_imports_of_our_own_modules():
    """A function-level import of ui/ only ever dodged a cycle; the cycles are gone."""
    for path in python_files("ui"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.ImportFrom | ast.Import):
                        names = [inner.module or ""] if isinstance(inner, ast.ImportFrom) else [
                            a.name for a in inner.names]
                        assert not any(n.startswith("ui") for n in names), \
                            f"{path.name}:{inner.lineno} imports {names} inside {node.name}"


def test_modules_stay_small():
    long = {str(p.relative_to(ROOT)): n for p in python_files("ui", "engine")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
