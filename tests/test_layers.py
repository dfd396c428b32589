"""The import graph: no circles, and no arrow from a lower layer back up (docs/architecture.md).

Read from the source with `ast`, so a lazy import inside a function counts
too; an import under `if TYPE_CHECKING:` is for type hints only and does not.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("content", "skill", "intents", "local_runner", "bench", "deploy")

# Lowest first. A module belongs to the layer of the longest prefix that names it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("content", ("content",)),
    ("skill runtime services", (
        "skill.logs", "skill.ssml", "skill.apla", "skill.screening", "skill.reminders", "skill.screens",
        "skill.api_client", "skill.persistence", "skill.roots", "skill.invoke", "skill.verifier",
    )),
    ("conversation core", (
        "intents.handlers.followup", "intents.handlers.mode", "intents.handlers.state",
        "intents.handlers.turn", "intents.handlers.base", "intents.handlers.slots",
        "intents.handlers.rotation",
    )),
    ("intents", ("intents",)),
    ("skill entry points", ("skill",)),
    ("tools", ("local_runner", "bench", "deploy")),
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")}


def _type_checking_only(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `path` imports, each named as precisely as the import names it."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if _type_checking_only(node):
            return
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules
                     else node.module for alias in node.names]
        found.update(name for name in names if name in modules)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def layer_of(module: str) -> int:
    best, best_length = -1, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    return best


MODULES = project_modules()
GRAPH = {module: imports(path, MODULES) - {module} for module, path in MODULES.items()}


def test_every_module_has_a_layer():
    assert [m for m in MODULES if layer_of(m) < 0] == []


def test_no_arrow_from_a_lower_layer_back_up():
    back = [f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
            for module, targets in GRAPH.items() for target in sorted(targets)
            if layer_of(target) > layer_of(module)]
    assert back == []


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle, as the modules along it, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (circle := visit(target)):
                return circle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (circle := visit(module)):
            return circle
    return None


def test_no_import_circles():
    circle = find_circle(GRAPH)
    assert circle is None, " -> ".join(circle)


@pytest.mark.parametrize(("graph", "circular"), [
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, True),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, False),
    ({"a": {"a"}}, True),
])
def test_the_circle_finder_finds_circles(graph, circular):
    assert (find_circle(graph) is not None) == circular


def test_the_import_reader_sees_lazy_imports_and_skips_type_hints(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from content.items import Idea\n"
        "def later():\n    from content.parser import parse\n"
        "from skill import ssml\n",
        encoding="utf-8")
    assert imports(source, MODULES) == {"content.parser", "skill.ssml"}
