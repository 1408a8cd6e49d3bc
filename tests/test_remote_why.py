"""Why against a triplestore a user already runs: Oxigraph's own server on loopback, holding the pushed build.

tests/test_why.py asks its cases of this graph too; here, what only a remote graph does.
"""

from __future__ import annotations

import json
import re

import pytest

import rlskg
from rlskg.cli import main
from rlskg.explain.remote import neighbourhood


def test_only_the_neighbourhood_is_fetched(pushed: str) -> None:
    near, found = neighbourhood(pushed, "fatigue", max_hops=1)
    assert found == "Fatigue"
    claims = {str(s).rsplit("/", 1)[1] for s in near.subjects() if "/claim/" in str(s)}
    subjects = {c for c in claims if "." not in c}  # the claims, not their evidence and selectors
    local = rlskg.open().to_networkx().graph["claims"].values()
    assert subjects == {c["id"] for c in local if "Fatigue" in (c["subject"], c["object"])} != set()


def test_cli_why_endpoint(pushed: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["why", "Tofranil", "--format", "json", "--endpoint", pushed]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "associated"
    assert main(["why", "broccoli", "--endpoint", pushed]) == 1
    assert "Unknown: nothing in the graph is called" in capsys.readouterr().out
    assert main(["why", "diabetes", "--endpoint", "http://127.0.0.1:9/none"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("rlskg: cannot reach http://127.0.0.1:9/none")


def test_every_entity_answers_as_the_local_graph(pushed: str) -> None:
    """The directed fetch (moves first, then only their claims) loses nothing any answer needs."""
    local = rlskg.open()
    remote = rlskg.open(pushed)
    names = sorted(local.to_networkx().nodes)
    assert len(names) > 40
    for name in names:
        for target in ("RLS", "Dopamine"):
            try:
                here = local.why(name, target, max_paths=50).to_dict()
            except (rlskg.RlsKgError, ValueError) as error:
                with pytest.raises(type(error), match=re.escape(str(error))):
                    remote.why(name, target, max_paths=50)
                continue
            assert remote.why(name, target, max_paths=50).to_dict() == here, (name, target)
