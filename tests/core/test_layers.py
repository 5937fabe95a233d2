"""The layers keep to their imports, and rules never touch the file system (docs/architecture.md).

Both scans read the sources with ``ast``, so they see every module whatever it imports at run time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import deploylint

PACKAGE = Path(deploylint.__file__).parent

#: what each layer may not import (a module of the package, by dotted prefix)
FORBIDDEN = {
    "rules": (
        "deploylint.parsers",
        "deploylint.engine",
        "deploylint.links",
        "deploylint.project",
        "deploylint.cache",
    ),
    "models": (
        "deploylint.parsers",
        "deploylint.engine",
        "deploylint.links",
        "deploylint.project",
        "deploylint.rules",
    ),
}

#: layer breaks that remain, each to be moved into the model (issue #22): the test fails when one
#: goes away, so the list only shrinks (empty: rules and models import only the model layer)
KNOWN_BREAKS: set[str] = set()

#: calls that read or probe the file system
FS_METHODS = frozenset(
    {
        "exists", "is_file", "is_dir", "is_symlink", "read_text", "read_bytes", "open", "iterdir",
        "rglob", "lstat", "scandir", "listdir", "samefile",
    }
)  # fmt: skip
#: (deploylint.paths.resolve also reads links, but only folds a path the model gave: allowed)
FS_FUNCTIONS = frozenset({"open", "read_regular", "scandir", "listdir"})


def _modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def _imports(tree: ast.AST) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out += [(node.module, node.lineno)]
            out += [(f"{node.module}.{a.name}", node.lineno) for a in node.names]
    return out


def _breaks(layer: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in _modules(layer):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bad = [
            f"line {line}: {name}"
            for name, line in _imports(tree)
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer])
        ]
        if bad:
            found[path.relative_to(PACKAGE).as_posix()] = bad
    return found


def test_layers_import_only_what_they_may() -> None:
    found = {**_breaks("rules"), **_breaks("models")}
    new = {k: v for k, v in found.items() if k not in KNOWN_BREAKS}
    assert new == {}, "a rule or model imports a layer below the model; move what it needs into models/"
    assert sorted(KNOWN_BREAKS - set(found)) == [], "fixed: remove these from KNOWN_BREAKS"


def _fs_calls(tree: ast.AST) -> list[str]:
    out: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        fn = node.func
        if isinstance(fn, ast.Name) and fn.id in FS_FUNCTIONS:
            out.append(f"line {node.lineno}: {fn.id}()")
        elif isinstance(fn, ast.Attribute) and fn.attr in FS_METHODS:
            receiver = ast.unparse(fn.value)
            # the project model answers for the tree (confined to the root, cached): allowed
            if receiver.split(".")[0] != "project":
                out.append(f"line {node.lineno}: {receiver}.{fn.attr}()")
        elif isinstance(fn, ast.Attribute) and ast.unparse(fn.value) in ("os", "os.path", "shutil", "io"):
            if fn.attr not in ("relpath", "sep", "fspath"):
                out.append(f"line {node.lineno}: {ast.unparse(fn)}()")
    return out


def test_rules_do_not_touch_the_file_system() -> None:
    found = {}
    for path in _modules("rules"):
        calls = _fs_calls(ast.parse(path.read_text(encoding="utf-8")))
        if calls:
            found[path.relative_to(PACKAGE).as_posix()] = calls
    assert found == {}, "ask the project model (Project.is_file, Project.exists) instead"


def test_the_scan_sees_a_file_system_call() -> None:
    text = "def f(p, project):\n    project.is_file(p)\n    return (p / 'x').is_file() or open(p)\n"
    assert _fs_calls(ast.parse(text)) == ["line 3: p / 'x'.is_file()", "line 3: open()"]
