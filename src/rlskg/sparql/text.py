"""Reading a query before it runs: its form, variables, dataset, SERVICE calls and nesting, and its values.

A query is read token by token (comments, strings and IRIs skipped), so an update, a SERVICE call
that federation does not allow or brackets nested too deep are refused before any engine sees the
query, and values given to its variables (``--bind entity=Paxil``) are checked against it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rlskg.errors import QueryError
from rlskg.model.namespaces import NAMESPACES

__all__ = ["MAX_NESTING", "QueryPlan", "Term", "bind", "check", "is_update", "plan", "prefixes", "query_form"]

#: How deep brackets may nest in a query; deeper ones would overflow the parser's stack.
MAX_NESTING = 200
#: A binding's value as it travels to a worker: ("iri" | "literal", text).
Term = tuple[str, str]


def prefixes() -> dict[str, str]:
    """The project's prefixes, predeclared for every query."""
    return dict(NAMESPACES)


_TOKENS = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                   |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
      | (?P<name>[^\W\d][\w.\-]*:[\w.\-%:]*|:[\w.\-%:]*|[^\W\d][\w\-]*)
      | (?P<open>[({\[])
      | (?P<close>[)}\]])
    """,
    re.X | re.S,
)
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


@dataclass(frozen=True)
class QueryPlan:
    """What a query's text says before it is parsed: its variables, dataset, services and nesting."""

    variables: frozenset[str]
    update: bool
    names_dataset: bool
    services: tuple[str | None, ...]
    nesting: int
    #: Where the query's pattern opens (just after its ``{``), to bind values there; None if it has none.
    pattern: int | None = None
    #: Whether a GRAPH clause reads the named graphs.
    graphs: bool = False


def plan(text: str, prefixes: dict[str, str] | None = None) -> QueryPlan:
    """Read a query's keywords, variables and SERVICE endpoints, skipping comments, strings and IRIs.

    A SERVICE endpoint given as a variable is None.

    Examples
    --------
    >>> p = plan('SELECT ?x WHERE { SERVICE <http://example.org/sparql> { ?x ?p "SERVICE" } }')
    >>> p.services, sorted(p.variables), p.update
    (('http://example.org/sparql',), ['p', 'x'], False)
    >>> plan("# DELETE\\nSELECT * FROM <g> WHERE { ?s ?p ?o }").names_dataset
    True
    >>> plan("CLEAR ALL").update
    True
    >>> plan("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").graphs, plan("SELECT * { ?s ?p 'GRAPH' }").graphs
    (True, False)

    """
    declared = dict(prefixes or {})
    variables: set[str] = set()
    update = names_dataset = graphs = False
    services: list[str | None] = []
    depth = deepest = 0
    words: list[str] = []  # the keywords met at depth 0, in order
    pattern: int | None = None
    matches = [m for m in _TOKENS.finditer(text) if m.lastgroup not in ("comment", "string")]
    tokens = [(m.lastgroup, m.group()) for m in matches]
    for position, (kind, value) in enumerate(tokens):
        if kind == "var":
            variables.add(value[1:])
        elif kind == "open":
            if depth == 0 and value == "{" and pattern is None and _opens_pattern(words):
                pattern = matches[position].end()
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth -= 1
        elif kind == "name" and ":" not in value:
            word = value.upper()
            if depth == 0:
                words.append(word)
            if word in _UPDATE_WORDS:
                update = True
            elif word == "FROM":
                names_dataset = True
            elif word == "GRAPH":
                graphs = True
            elif word == "PREFIX" and position + 2 < len(tokens) and tokens[position + 2][0] == "iri":
                declared[tokens[position + 1][1].rstrip(":")] = tokens[position + 2][1][1:-1]
            elif word == "SERVICE":
                services.append(_service_target(tokens[position + 1 :], declared))
    return QueryPlan(frozenset(variables), update, names_dataset, tuple(services), deepest, pattern, graphs)


def _opens_pattern(words: list[str]) -> bool:
    """Whether a ``{`` after these keywords opens the query's pattern (not a CONSTRUCT template)."""
    forms = [w for w in words if w in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")]
    if not forms:
        return False
    if forms[0] != "CONSTRUCT":
        return True
    # CONSTRUCT { template } WHERE { pattern }; the short form CONSTRUCT WHERE { ... } takes no VALUES
    return words[-1] == "WHERE" and words[-2:] != ["CONSTRUCT", "WHERE"]


def _service_target(rest: list[tuple[str | None, str]], prefixes: dict[str, str]) -> str | None:
    if rest and rest[0][0] == "name" and rest[0][1].upper() == "SILENT":
        rest = rest[1:]
    if not rest:
        return None
    kind, value = rest[0]
    if kind == "iri":
        return value[1:-1]
    if kind == "name" and ":" in value:
        prefix, _, local = value.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else None
    return None


def check(text: str, prefixes: dict[str, str], federation: Iterable[str] = ()) -> QueryPlan:
    """The query's plan, after refusing updates, SERVICE calls not allowed, and too deep nesting.

    Raises
    ------
    QueryError
        For an update request, a SERVICE endpoint not in ``federation``, or nesting deeper than
        MAX_NESTING.

    """
    found = plan(text, prefixes)
    if found.update:
        raise QueryError("updates are not allowed: the graph is read-only")
    allowed = set(federation)
    for target in found.services:
        if target is None or target not in allowed:
            named = f"<{target}>" if target else "an endpoint given by a variable"
            raise QueryError(
                f"SERVICE {named} is not allowed: federation is off unless it is turned on for named endpoints"
            )
    if found.nesting > MAX_NESTING:
        raise QueryError(f"the query nests brackets {found.nesting} deep; at most {MAX_NESTING} are allowed")
    return found


def is_update(text: str) -> bool:
    """Whether the text is a SPARQL Update request (which a read-only graph refuses).

    Examples
    --------
    >>> is_update("PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }")
    True
    >>> is_update("SELECT * WHERE { ?s ?p ?o }")
    False

    """
    return plan(text).update


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's form, from its first such keyword.

    Examples
    --------
    >>> query_form("PREFIX ex: <http://example.org/select> construct WHERE { ?s ?p 'ASK' }")
    'CONSTRUCT'

    """
    for match in _TOKENS.finditer(text):
        if match.lastgroup == "name" and match.group().upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return match.group().upper()
    return "SELECT"


def bind(
    text: str,
    bindings: dict[str, str],
    resolve: Callable[[str], str] | None = None,
) -> dict[str, Term]:
    """The values given to a query's variables, checked against the query and the graph.

    A value is an IRI in angle brackets, a prefixed name (``rls:Diabetes``), text in double quotes
    (a literal), or else a name of an entity as ``why`` accepts it (``Paxil``), which ``resolve``
    turns into an entity id (raising for an unknown or ambiguous name).

    Raises
    ------
    QueryError
        When the query has no such variable.

    """
    variables = plan(text, prefixes()).variables
    terms: dict[str, Term] = {}
    for name, value in bindings.items():
        if name not in variables:
            listed = ", ".join(f"?{v}" for v in sorted(variables)) or "none"
            raise QueryError(f"the query has no variable ?{name} to bind (its variables: {listed})")
        prefix, _, local = value.partition(":")
        if value.startswith("<") and value.endswith(">"):
            terms[name] = ("iri", value[1:-1])
        elif len(value) >= 2 and value[0] == value[-1] == '"':
            terms[name] = ("literal", value[1:-1])
        elif local and prefix in NAMESPACES:
            terms[name] = ("iri", str(NAMESPACES[prefix]) + local)
        elif resolve is not None:
            terms[name] = ("iri", NAMESPACES["rls"] + resolve(value))
        else:
            terms[name] = ("iri", NAMESPACES["rls"] + value)
    return terms
