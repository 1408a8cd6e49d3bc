"""The hand-read gold of benchmarks/curate/ is well formed: its form only, never the assistant's reading.

pages.yaml lists every page with a split the evaluation takes, and each page has one gold file (and
each gold file one page). A gold row is the README's "[subject, predicate, object]" or the same with
"refuted": the predicate a relation of the ontology, each name of a side (alternatives split by " | ")
an entity of graph/entities.yaml, a status of the ontology, or a new name written "+name". Nothing here
runs `rlskg curate` or scores a draft, so a split read by hand and frozen stays unread by the assistant.
"""

from __future__ import annotations

import datetime
import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from rlskg.model.ontology import Ontology, load_ontology

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks" / "curate"
ENTRY_FIELDS = {"page", "split", "url", "publisher", "type", "date_stated", "licence", "sha256", "characters"}
GOLD_FIELDS = {"page", "read_on", "claims"}
SHA256 = re.compile(r"[0-9a-f]{64}")


def _pages() -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = yaml.safe_load((BENCH / "pages.yaml").read_text(encoding="utf-8"))
    return listed


def _gold_files() -> list[Path]:
    return sorted((BENCH / "gold").glob("*.yaml"))


def _evaluation() -> ModuleType:
    """benchmarks/curate_eval.py as a module, for the splits its --split takes (nothing is run)."""
    spec = importlib.util.spec_from_file_location("curate_eval", ROOT / "benchmarks" / "curate_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return load_ontology(ROOT / "ontology" / "rls.ttl")


@pytest.fixture(scope="module")
def entity_ids() -> frozenset[str]:
    entities = yaml.safe_load((ROOT / "graph" / "entities.yaml").read_text(encoding="utf-8"))
    return frozenset(entity["id"] for entity in entities)


def test_every_page_has_one_gold_file_and_every_gold_file_a_page() -> None:
    pages = [entry["page"] for entry in _pages()]
    assert len(pages) == len(set(pages)), "a page is listed twice in pages.yaml"
    assert sorted(page.removesuffix(".txt") for page in pages) == [path.stem for path in _gold_files()]


def test_every_split_is_one_the_evaluation_takes() -> None:
    splits = _evaluation().SPLITS
    assert "all" not in splits  # "all" is the option that takes every split, never a page's split
    assert {entry["split"] for entry in _pages()} <= set(splits)


@pytest.mark.parametrize("entry", _pages(), ids=lambda entry: entry["page"])
def test_a_page_entry_names_its_text_and_where_it_came_from(entry: dict[str, Any]) -> None:
    assert set(entry) == ENTRY_FIELDS
    assert entry["page"].endswith(".txt")
    assert entry["url"].startswith(("http://", "https://"))
    assert SHA256.fullmatch(entry["sha256"]), entry["sha256"]
    assert isinstance(entry["characters"], int) and entry["characters"] > 0
    assert all(isinstance(entry[field], str) and entry[field] for field in ENTRY_FIELDS - {"characters"})


def _names(side: str) -> list[str]:
    return side.split(" | ")


@pytest.mark.parametrize("path", _gold_files(), ids=lambda path: path.stem)
def test_a_gold_file_is_rows_of_the_protocol(path: Path, ontology: Ontology, entity_ids: frozenset[str]) -> None:
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert GOLD_FIELDS <= set(gold) <= GOLD_FIELDS | {"left_out"}
    assert gold["page"] == path.stem + ".txt"
    assert isinstance(gold["read_on"], datetime.date)
    assert all(isinstance(item, str) for item in gold.get("left_out") or [])
    rows = gold["claims"]
    assert rows, "a gold file with no claims"
    known = entity_ids | ontology.statuses
    for row in rows:
        assert isinstance(row, list) and len(row) in (3, 4) and all(isinstance(part, str) for part in row), row
        assert row[3:] in ([], ["refuted"]), row
        assert row[1] in ontology.relations, row
        for name in _names(row[0]) + _names(row[2]):
            assert name in known or (name.startswith("+") and name[1:].strip() == name[1:] != ""), (name, row)
    assert len({tuple(row) for row in rows}) == len(rows), "a row is written twice"
