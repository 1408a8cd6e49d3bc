"""The code's own checks: ruff (lint and format), mypy, and what `rlskg why` does not import."""

from __future__ import annotations

import subprocess
import sys

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
