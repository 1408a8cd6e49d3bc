"""The prefixes of the project's RDF files, SPARQL and answers, as plain strings.

Kept apart from :mod:`rlskg.model.ontology` so that a query can be checked, run and written without
importing rdflib (a tenth of a second at every start of ``rlskg sparql``); the ontology builds its
rdflib namespaces from these.
"""

from __future__ import annotations

__all__ = ["NAMESPACES"]

#: The prefixes the project's RDF files, SPARQL and answers use.
NAMESPACES: dict[str, str] = {
    "rls": "https://w3id.org/rls-kg/",
    "claim": "https://w3id.org/rls-kg/claim/",
    "source": "https://w3id.org/rls-kg/source/",
    "publisher": "https://w3id.org/rls-kg/publisher/",
    "disagreement": "https://w3id.org/rls-kg/disagreement/",
    "tension": "https://w3id.org/rls-kg/tension/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "dcterms": "http://purl.org/dc/terms/",
    "obo": "http://purl.obolibrary.org/obo/",
    "biolink": "https://w3id.org/biolink/vocab/",
    "foaf": "http://xmlns.com/foaf/0.1/",
}
