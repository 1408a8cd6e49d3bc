"""The curated knowledge as Python values, read from ontology/ and graph/ with file:line for every problem.

:mod:`.ontology` is what the ontology declares (classes, relations and what each kind means, layers,
verdicts, publisher types, licences); :mod:`.curation` the curated records; :mod:`.sources` the source
texts the quotes come from; :mod:`.validate` the checks of meaning; :mod:`.provenance` publishers,
licences, versions and copies (their checks and their RDF), :mod:`.copies` the runs of words two pages
share and :mod:`.reconstruction` a page's quotes checked against each other when its text is absent;
:mod:`.entail` the engine's rule, a member shares what is said of its class; :mod:`.built` what a build
made, as the artifacts read it.
"""
