"""The layers of the package keep to their rules, and their picture to the code.

Read from the source with `ast` (docs/architecture.py), nothing imported. A rule the code
breaks today is listed below as an exception, with what to fix; an exception that is no
longer needed fails too, so that it is taken out.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType

from support import REPO


def _load_architecture() -> ModuleType:
    spec = importlib.util.spec_from_file_location("architecture", REPO / "docs" / "architecture.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


arch = _load_architecture()
MODULES: dict[str, Path] = arch.modules()
IMPORTS = arch.imports(MODULES)

# What each group may import besides itself: a group's key (docs/architecture.py `GROUPS`),
# or one module where only that module of its group may be imported.
ALLOWED: dict[str, set[str]] = {
    "root": set(),  # vocab, config, resources: third-party only
    "reasoner": {"root"},
    "loader": {"root", "reasoner"},
    "core": {"root"},
    "store": {"core", "root", "lexkg.loader.terms", "lexkg.loader.graphfile"},
    "services": {"store", "core", "root", "reasoner"},
    "routes": {"services", "lexkg.server.store.base", "core", "root"},
    # create_app, the front and granian wire everything; only the command line imports them.
    "app": {"routes", "services", "store", "core", "loader", "reasoner", "root"},
    # The command line may import anything (`lexkg.__main__` is in its group); nothing imports it.
    "cli": {"app", "routes", "services", "store", "core", "loader", "reasoner", "root"},
}
# Imports that break a rule today, (importing module, imported module) → what to fix.
IMPORT_EXCEPTIONS: dict[tuple[str, str], str] = {}

# SPARQL text: a query form's keyword, then WHERE or a group's `{` (uppercase, as written;
# after a lowercase letter too, as in the "\nSELECT" of a script kept as a raw string).
SPARQL_TEXT = re.compile(
    r"(?<![A-Z0-9_])(?:SELECT|CONSTRUCT|ASK|DESCRIBE)\b.{0,300}?(?:\bWHERE\b|\{)", re.S
)
# SPARQL text in a route module today, (file, the text up to WHERE or `{`) → what to fix.
SPARQL_EXCEPTIONS: dict[tuple[str, str], str] = {}


def test_picture_is_drawn_from_the_current_code() -> None:
    checked_in = (REPO / "docs" / "architecture.dot").read_text(encoding="utf-8")
    assert checked_in == arch.dot_source(), (
        "docs/architecture.dot is not the picture of the current imports: "
        "run `python docs/architecture.py` and commit docs/architecture.dot and .svg"
    )


def test_every_group_has_rules_and_modules() -> None:
    assert set(ALLOWED) == {g.key for g in arch.GROUPS}
    for module in MODULES:
        assert arch.group_of(module) is not None, f"{module} belongs to no group"


def _broken_rules() -> dict[tuple[str, str], str]:
    broken = {}
    for imp in IMPORTS:
        if not (imp.target == "lexkg" or imp.target.startswith("lexkg.")):
            continue
        source, target = arch.group_of(imp.module), arch.group_of(imp.target)
        assert source is not None
        if target is None:
            broken[imp.module, imp.target] = f"{imp.path}:{imp.line}: {imp.target} is in no group"
            continue
        allowed = ALLOWED[source.key]
        if target == source or target.key in allowed or imp.target in allowed:
            continue
        broken[imp.module, imp.target] = (
            f"{imp.path}:{imp.line}: {imp.module} imports {imp.target} "
            f"({source.key} → {target.key}); {source.key} may import only "
            f"{', '.join(sorted(allowed)) or 'third-party modules'}"
        )
    return broken


def test_imports_keep_to_the_layers() -> None:
    broken = _broken_rules()
    new = [message for key, message in broken.items() if key not in IMPORT_EXCEPTIONS]
    assert not new, "imports across the layers' rules:\n" + "\n".join(new)
    stale = [f"{m} → {t}" for m, t in IMPORT_EXCEPTIONS if (m, t) not in broken]
    assert not stale, "exceptions no longer needed, take them out: " + ", ".join(stale)


def _route_files() -> dict[str, Path]:
    return {m: p for m, p in MODULES.items() if m.startswith("lexkg.server.routes")}


def test_no_route_imports_pyoxigraph() -> None:
    routes = _route_files()
    found = [
        f"{imp.path}:{imp.line}: {imp.module} imports {imp.target}"
        for imp in IMPORTS
        if imp.module in routes and imp.target.split(".")[0] == "pyoxigraph"
    ]
    assert not found, "routes are HTTP only; pyoxigraph is the store's:\n" + "\n".join(found)


def _strings(tree: ast.AST) -> list[tuple[ast.expr, str]]:
    """The string literals of a module (f-strings with their values as …)."""
    found: list[tuple[ast.expr, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node, node.value))
        elif isinstance(node, ast.JoinedStr):
            parts = [v.value if isinstance(v, ast.Constant) else "…" for v in node.values]
            found.append((node, "".join(map(str, parts))))
    return found


def _line(node: ast.expr, text: str, offset: int) -> int:
    """The line of *offset* in a literal's *text*, where its lines are the source's."""
    if node.end_lineno is not None and node.end_lineno - node.lineno == text.count("\n"):
        return node.lineno + text.count("\n", 0, offset)
    return node.lineno


def test_no_route_holds_sparql_text() -> None:
    found: dict[tuple[str, str], str] = {}
    for path in _route_files().values():
        where = path.relative_to(REPO).as_posix()
        for node, text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            for match in SPARQL_TEXT.finditer(text):
                snippet = " ".join(match[0].split())
                line = _line(node, text, match.start())
                found.setdefault((where, snippet), f"{where}:{line}: {snippet!r}")
    new = [message for key, message in found.items() if key not in SPARQL_EXCEPTIONS]
    assert not new, "SPARQL text in routes (it belongs in a service or queries/):\n" + "\n".join(
        new
    )
    stale = [f"{w}: {s!r}" for w, s in SPARQL_EXCEPTIONS if (w, s) not in found]
    assert not stale, "exceptions no longer needed, take them out: " + ", ".join(stale)


def _documented_packages() -> list[str]:
    """The dotted names in the first column of the layers' table of docs/architecture.md."""
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")][2:]
    names = [n for row in rows for n in re.findall(r"`([\w.]+)`", row.split("|")[1])]
    assert names, "no packages found in the table under '## Layers' of docs/architecture.md"
    return names


def test_packages_in_the_documented_table_exist() -> None:
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    folders: dict[str, str] = setuptools["package-dir"]
    declared = set(setuptools["packages"])
    missing = []
    for name in _documented_packages():
        owners = [p for p in folders if name == p or name.startswith(f"{p}.")]
        if not owners:
            missing.append(name)
            continue
        package = max(owners, key=len)
        path = REPO / folders[package] / name.removeprefix(package).lstrip(".").replace(".", "/")
        is_package = (path / "__init__.py").is_file() and name in declared
        if not (is_package or path.with_suffix(".py").is_file()):
            missing.append(name)
    assert not missing, f"docs/architecture.md names packages that do not exist: {missing}"
