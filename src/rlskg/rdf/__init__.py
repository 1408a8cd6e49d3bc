"""The curated knowledge as RDF, and the RDF as the networkx view the why engine and the view read.

:mod:`.graph` makes one rdflib graph of a graph of the shipped size (reified claims with PROV-O
provenance and Web Annotation evidence); :mod:`.bulk` streams a large one as N-Triples, checks it part
by part, and makes its networkx view straight from the records; :mod:`.network` is the networkx view.
"""
