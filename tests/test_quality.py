"""The code's own checks: ruff (lint and format), mypy, the length of functions, what `rlskg why` does not import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "ruff", "check", "src", "tests"],
        [sys.executable, "-m", "ruff", "format", "--check", "src", "tests"],
        [sys.executable, "-m", "mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_code_is_clean(command: list[str]) -> None:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_front_door_names_are_all_importable() -> None:
    import rlskg

    assert sorted(rlskg.__all__) == sorted(rlskg._HOMES)
    for name in rlskg.__all__:
        assert getattr(rlskg, name) is not None


def test_why_pays_for_neither_rdflib_nor_pyvis_nor_shacl() -> None:
    script = (
        "import sys, contextlib, io\n"
        "from rlskg.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['why', 'diabetes']) == 0\n"
        "print(sorted(m for m in ('rdflib', 'pyvis', 'shacl', 'jinja2', 'owlrl') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


#: The longest a function of the package may be, in lines from its ``def`` to its last line.
LONGEST = 80
PACKAGE = ROOT / "src" / "rlskg"


def _functions() -> list[tuple[Path, str, int]]:
    """Every function and method of the package, nested ones included: (file, qualified name, lines)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        stack: list[tuple[ast.AST, str]] = [(tree, "")]
        while stack:
            node, prefix = stack.pop()
            for child in ast.iter_child_nodes(node):
                name = prefix
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    name = f"{prefix}{child.name}."
                    if not isinstance(child, ast.ClassDef):
                        assert child.end_lineno is not None
                        found.append((path, name[:-1], child.end_lineno - child.lineno + 1))
                stack.append((child, name))
    return found


def test_no_function_is_over_80_lines() -> None:
    functions = _functions()
    assert len(functions) > 500 and any(n == "KnowledgeGraph.why" for _, n, _ in functions)  # it reads them all
    long = [(str(path.relative_to(ROOT)), name, lines) for path, name, lines in functions if lines > LONGEST]
    assert long == []


def _imports_at_load() -> dict[str, set[str]]:
    """Each module of the package and the modules of the package it imports when it is loaded.

    Imports inside functions are left out: they run when called, and are the way to import late.
    """
    source = PACKAGE.parent
    modules = {
        ".".join(p.relative_to(source).with_suffix("").parts).removesuffix(".__init__"): p
        for p in PACKAGE.rglob("*.py")
    }
    imports: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found: set[str] = set()
        for node in tree.body:
            for child in node.body if isinstance(node, ast.If) else [node]:  # `if TYPE_CHECKING:` too
                if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                    named = {f"{child.module}.{alias.name}" for alias in child.names}
                    found |= {m for m in (child.module, *named) if m in modules}
                elif isinstance(child, ast.Import):
                    found |= {alias.name for alias in child.names if alias.name in modules}
        imports[module] = found - {module}
    return imports


def test_no_module_imports_itself_back() -> None:
    imports = _imports_at_load()
    assert "rlskg.curate.propose" in imports and "rlskg.cli" in imports  # it reads them all
    circles = []
    for start in imports:
        stack, seen = [(start, [start])], set()
        while stack:
            module, path = stack.pop()
            for target in imports[module]:
                if target == start:
                    circles.append(" -> ".join([*path, start]))
                elif target not in seen:
                    seen.add(target)
                    stack.append((target, [*path, target]))
    assert circles == []
