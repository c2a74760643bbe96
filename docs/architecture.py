"""The picture of lexkg's layers, drawn from the code: which group of modules imports which.

Reads the import statements of every module of the package with `ast` (nothing is imported),
groups the modules by layer, and writes ``docs/architecture.dot`` and, where Graphviz's ``dot``
is installed, ``docs/architecture.svg``. Run it after changing what imports what::

    python docs/architecture.py

``tests/test_architecture.py`` checks that the checked-in ``architecture.dot`` is what this
writes, and that the imports keep to the layers' rules.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "FOLDERS",
    "GROUPS",
    "Group",
    "Import",
    "dependencies",
    "dot_source",
    "group_of",
    "imports",
    "main",
    "modules",
]

REPO = Path(__file__).resolve().parents[1]
DOT_FILE = REPO / "docs" / "architecture.dot"
SVG_FILE = REPO / "docs" / "architecture.svg"

# The source folders holding code, and the import packages they are installed as
# (pyproject.toml's package-dir).
FOLDERS = {
    "lexkg": "lexkg",
    "loader": "lexkg.loader",
    "reasoner": "lexkg.reasoner",
    "server": "lexkg.server",
}


@dataclass(frozen=True)
class Group:
    """A layer: the modules under `packages` (a module belongs to the longest that names it)."""

    key: str
    title: str
    packages: tuple[str, ...]
    role: str


# The picture's order, top to bottom: each layer above the ones it imports.
GROUPS: tuple[Group, ...] = (
    Group("cli", "lexkg.cli", ("lexkg.cli", "lexkg.__main__"), "the command line"),
    Group("app", "lexkg.server", ("lexkg.server",), "create_app, the front, granian: the wiring"),
    Group("routes", "lexkg.server.routes", ("lexkg.server.routes",), "HTTP only"),
    Group("services", "lexkg.server.services", ("lexkg.server.services",), "what pages show"),
    Group("store", "lexkg.server.store", ("lexkg.server.store",), "SPARQL stores, stacked"),
    Group("core", "lexkg.server.core", ("lexkg.server.core",), "errors, SPARQL text, formats"),
    Group("loader", "lexkg.loader", ("lexkg.loader",), "texts → RDF"),
    Group("reasoner", "lexkg.reasoner", ("lexkg.reasoner",), "OWL reasoning"),
    Group("root", "lexkg", ("lexkg",), "vocabularies, configuration, package data"),
)
_BY_KEY = {g.key: g for g in GROUPS}


@dataclass(frozen=True, order=True)
class Import:
    """One name an import statement brings in: `module` imports `target` at `path`:`line`."""

    module: str
    target: str
    path: str
    line: int


def modules(repo: Path = REPO) -> dict[str, Path]:
    """Every module of the package by its dotted name, in order of name."""
    found: dict[str, Path] = {}
    for folder, package in FOLDERS.items():
        for path in (repo / folder).rglob("*.py"):
            parts = path.relative_to(repo / folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join((package, *parts))] = path
    return dict(sorted(found.items()))


def imports(known: dict[str, Path], repo: Path = REPO) -> list[Import]:
    """Every import of every module in *known*, third-party ones too, in order.

    ``from a.b import c`` imports ``a.b.c`` where that is a module, else ``a.b``. Imports
    inside functions count as much as those at the top.
    """
    found: set[Import] = set()
    for module, path in known.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        where = path.relative_to(repo).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(node, package)
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                    for alias in node.names
                ]
            else:
                continue
            found.update(Import(module, target, where, node.lineno) for target in targets)
    return sorted(found)


def _absolute(node: ast.ImportFrom, package: str) -> str:
    """The module a ``from … import`` names, a relative one resolved against *package*."""
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    base = ".".join(parts[: len(parts) - node.level + 1])
    return f"{base}.{node.module}" if node.module else base


def group_of(module: str) -> Group | None:
    """The group of a lexkg module (None for a module of no group, or not lexkg's)."""
    best: tuple[int, Group] | None = None
    for group in GROUPS:
        for package in group.packages:
            if (module == package or module.startswith(f"{package}.")) and (
                best is None or len(package) > best[0]
            ):
                best = (len(package), group)
    return best[1] if best else None


def dependencies(found: Iterable[Import]) -> list[tuple[Group, Group]]:
    """The pairs of different groups of which the first imports the second, in `GROUPS` order."""
    order = {g.key: i for i, g in enumerate(GROUPS)}
    pairs = set()
    for imp in found:
        source, target = group_of(imp.module), group_of(imp.target)
        if source and target and source != target:
            pairs.add((source.key, target.key))
    ranked = sorted(pairs, key=lambda pair: (order[pair[0]], order[pair[1]]))
    return [(_BY_KEY[a], _BY_KEY[b]) for a, b in ranked]


def _label(group: Group, members: list[str]) -> str:
    names = [m.removeprefix(f"{group.title}.") for m in members if m != group.title]
    lines = [group.title, f"({group.role})", *textwrap.wrap(", ".join(names), 44)]
    return "\\n".join(line.replace('"', '\\"') for line in lines)


def dot_source(repo: Path = REPO) -> str:
    """The DOT text of the picture: one box per group listing its modules, one arrow per
    dependency between groups."""
    known = modules(repo)
    members: dict[str, list[str]] = {g.key: [] for g in GROUPS}
    for module in known:
        group = group_of(module)
        if group is not None:
            members[group.key].append(module)
    out = [
        "// Drawn by docs/architecture.py from the import statements of the code; do not edit.",
        "digraph lexkg {",
        '  graph [rankdir=TB, nodesep=0.3, ranksep=0.45, fontname="Helvetica"];',
        '  node [shape=box, style="rounded,filled", fillcolor="#f4f4f4", fontname="Helvetica",'
        " fontsize=10];",
        '  edge [color="#555555", arrowsize=0.7];',
    ]
    out += [f'  {g.key} [label="{_label(g, members[g.key])}"];' for g in GROUPS]
    for a, b in dependencies(imports(known, repo)):
        # The command line may import anything and every layer the root: drawn light.
        light = a.key == "cli" or b.key == "root"
        style = ' [color="#bbbbbb"]' if light else ""
        out.append(f"  {a.key} -> {b.key}{style};")
    out.append("}")
    return "\n".join(out) + "\n"


def main() -> int:
    source = dot_source()
    DOT_FILE.write_text(source, encoding="utf-8")
    print(f"wrote {DOT_FILE.relative_to(REPO)}")
    dot = shutil.which("dot")
    if dot is None:
        print("Graphviz's dot is not installed: docs/architecture.svg not drawn", file=sys.stderr)
        return 0
    svg = subprocess.run(
        [dot, "-Tsvg"], input=source.encode("utf-8"), capture_output=True, check=True
    ).stdout
    SVG_FILE.write_bytes(svg)
    print(f"wrote {SVG_FILE.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
