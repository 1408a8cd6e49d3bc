"""Ask why in a browser: `rlskg serve`, the SPARQL endpoint and the web pages beside it.

One address serves a person and a program: each page answers HTML to a browser and JSON or RDF to a
client that asks for it (:mod:`.media`). The pages come in families, a module each: the home page
(:mod:`.home`), why (:mod:`.why`), the linked-data pages of every IRI (:mod:`.entity`), the graph
drawn (:mod:`.graph`) and the query page (:mod:`.query`); what they share is :mod:`.pages`. The SPARQL
1.1 Protocol is :mod:`.sparql`; :mod:`.app` puts it all together and :mod:`.server` serves it.
"""
