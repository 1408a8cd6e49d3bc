"""The ontology and the identifiers: labelled, defined, aligned, and only verified ids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from rdflib import RDF, RDFS, SKOS, Graph
from rdflib.namespace import OWL

from rlskg.build import BuildResult
from rlskg.curate.grounding import load_vocabulary
from rlskg.model.ontology import RLS
from rlskg.model.validate import CURIE_BASES

from .conftest import ROOT

REFERENCE = ROOT.parent / "shared" / "reference" / "identifiers.md"
METOCLOPRAMIDE = "Metoclopramide"


def test_every_term_has_label_and_definition() -> None:
    g = Graph().parse(ROOT / "ontology" / "rls.ttl")
    terms = [s for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for s in g.subjects(RDF.type, kind)]
    assert len(terms) > 30
    for term in terms:
        assert g.value(term, RDFS.label) is not None, term
        assert g.value(term, SKOS.definition) is not None, term


def test_every_entity_relation_is_aligned_or_says_why_not() -> None:
    g = Graph().parse(ROOT / "ontology" / "rls.ttl")
    mappings = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
    relations = list(g.subjects(RLS.relationKind, None))
    assert len(relations) == 21
    unaligned = sorted(r for r in relations if not any(g.value(r, m) for m in mappings))
    # A status is not a relation RO or Biolink has; no verified identifier means "is an abnormality of".
    assert unaligned == [RLS.hasCauseStatus, RLS.isAbnormalityOf]


def _reference_grades() -> dict[str, str]:
    """Every identifier of identifiers.md with its grade (A, B or C)."""
    if not REFERENCE.is_file():
        pytest.skip("shared/reference/identifiers.md not present")
    grades: dict[str, str] = {}
    pattern = r'((?:MONDO|DOID|HP|CHEBI|NCIT):C?\d+|D\d{6}|C\d{7})(?:\s*"[^"]*"|\s+[a-z]+)?\s*\(([ABC])\)'
    for found, grade in re.findall(pattern, REFERENCE.read_text(encoding="utf-8")):
        bare = found[0] in "DC" and found[1:].isdigit()  # MeSH and UMLS ids stand without a prefix
        grades[f"{'MESH' if found[0] == 'D' else 'UMLS'}:{found}" if bare else found] = grade
    # graph/vocabulary.yaml carries further verified identifiers, each with its grade and where it was found
    vocabulary = yaml.safe_load((ROOT / "graph" / "vocabulary.yaml").read_text(encoding="utf-8"))
    for term in vocabulary if isinstance(vocabulary, list) else vocabulary.get("terms", []):
        for found, grade in re.findall(r"([A-Za-z]+:[A-Za-z0-9]+) \(([ABC])[,)]", str(term.get("verified") or "")):
            grades.setdefault(found, grade)
    return grades


def _vocabulary_grades() -> dict[str, str]:
    """Every identifier graph/vocabulary.yaml says it verified, with its grade ("MONDO:0005300 (A): where seen")."""
    import yaml

    grades: dict[str, str] = {}
    for record in yaml.safe_load((ROOT / "graph" / "vocabulary.yaml").read_text(encoding="utf-8")):
        for found, grade in re.findall(r"(?:^|\| )([A-Z]+:[\w.]+) \(([ABC])[,)]", record.get("verified") or ""):
            grades[found] = grade
    return grades


def test_only_verified_identifiers_and_grade_c_only_as_close(result: BuildResult) -> None:
    # verified either in the shared reference or in the vocabulary (which says where it saw each id)
    grades = {**_vocabulary_grades(), **_reference_grades()}
    assert len(grades) > 40
    for entity in result.curation.entities:
        for ident in entity.exact:
            assert grades.get(ident) in ("A", "B"), f"{entity.id}: {ident} as exact needs grade A or B"
        for ident in entity.close:
            assert ident in grades, f"{entity.id}: {ident} is not in the reference"


def test_every_entity_of_a_vocabulary_label_carries_the_vocabularys_identifiers(result: BuildResult) -> None:
    # The vocabulary's verified ids the graph can write (its CURIE prefixes), exact as exact and close as
    # close: `rlskg curate accept` adds them to a new entity; this holds the entities made before, or by hand.
    terms = {t.label.casefold(): t for t in load_vocabulary(ROOT / "graph" / "vocabulary.yaml") if t.entity is None}
    named = [(e, terms[e.label.casefold()]) for e in result.curation.entities if e.label.casefold() in terms]
    assert len(named) >= 10 and METOCLOPRAMIDE in {e.id for e, _ in named}
    for entity, term in named:
        for ids, have in ((term.exact, entity.exact), (term.close, entity.close)):
            missing = [i for i in ids if i.split(":")[0] in CURIE_BASES and i not in have]
            assert not missing, f"{entity.id}: the vocabulary's '{term.label}' has {missing}"
    metoclopramide = next(e for e, _ in named if e.id == METOCLOPRAMIDE)
    assert "DRUGBANK:DB01233" in metoclopramide.exact


def test_background_claims_rest_on_verified_identifiers(result: BuildResult) -> None:
    grades = _reference_grades()
    relations = set(re.findall(r"RO:\d{7}", REFERENCE.read_text(encoding="utf-8")))
    assert result.curation.background
    for fact in result.curation.background:
        for term in fact.terms:
            assert term in grades or term in relations, f"{fact.id}: {term} is not a verified identifier"


def test_every_layer_has_its_biolink_provenance(result: BuildResult) -> None:
    import biolink_model  # the Biolink Model's own schema, shipped in the biolink-model package
    import yaml

    schema = Path(next(iter(biolink_model.__path__))) / "schema" / "biolink_model.yaml"
    enums = yaml.safe_load(schema.read_text(encoding="utf-8"))["enums"]
    levels = set(enums["KnowledgeLevelEnum"]["permissible_values"])
    agents = set(enums["AgentTypeEnum"]["permissible_values"])
    assert set(result.ontology.layers) == {"stated", "implied", "background", "entailed"}
    for layer in result.ontology.layers.values():
        assert layer.knowledge_level in levels and layer.agent_type in agents, layer
    assert result.ontology.layers["entailed"].knowledge_level == "logical_entailment"
    assert not result.ontology.layers["entailed"].asserted


def test_entity_types_are_ontology_classes(result: BuildResult) -> None:
    assert {e.type for e in result.curation.entities} <= result.ontology.entity_classes
