"""A SPARQL 1.1 endpoint elsewhere: asking it a query, and loading a build into it (Graph Store Protocol).

Only http and https addresses are asked (:func:`check_endpoint`), within a deadline that holds for the
whole answer; a refusal (4xx) is the query's fault, a failure (5xx) or an answer that is not SPARQL the
endpoint's.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from rlskg.errors import QueryError, QueryTimeout, RlsKgError
from rlskg.sparql.store import Source, as_rdflib, open_store

T = TypeVar("T")

__all__ = ["EndpointFailed", "Remote", "check_endpoint", "is_endpoint", "push", "remote_evaluate", "remote_solutions"]


class EndpointFailed(RlsKgError):
    """A remote endpoint could not be reached, failed on its side (5xx), or answered what is not SPARQL."""


def is_endpoint(location: object) -> bool:
    """Whether ``location`` names a SPARQL endpoint (an http or https address) rather than a file.

    >>> is_endpoint("http://127.0.0.1:7878/query"), is_endpoint("build/rls.ttl")
    (True, False)
    """
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


def check_endpoint(url: str) -> str:
    """``url`` when it is an http or https address with a host, for a one-line error before any request.

    Raises
    ------
    RlsKgError
        For any other address (a file: or ftp: one included: urllib would open those too).

    Examples
    --------
    >>> check_endpoint("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/query'
    >>> check_endpoint("file:///etc/passwd")
    Traceback (most recent call last):
    ...
    rlskg.errors.RlsKgError: 'file:///etc/passwd' is not the http(s) address of a SPARQL endpoint

    """
    from urllib.parse import urlsplit  # noqa: PLC0415

    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:  # a port that is not a number, or out of range
        port_ok = False
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok or any(c.isspace() for c in url):
        raise RlsKgError(f"'{url[:200]}' is not the http(s) address of a SPARQL endpoint")
    return url


@dataclass(frozen=True)
class Remote:
    """A SPARQL 1.1 Protocol endpoint (its query address), such as Oxigraph's ``/query``."""

    url: str


def _http(
    url: str, *, data: bytes | None, headers: dict[str, str], method: str, deadline: float | None
) -> tuple[int, str, bytes]:
    """(status, content type, body) of one HTTP exchange; the body is read before ``deadline``."""
    import urllib.error  # noqa: PLC0415
    import urllib.request  # noqa: PLC0415

    remaining = None if deadline is None else max(deadline - time.monotonic(), 0.001)
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        response = urllib.request.urlopen(request, timeout=remaining)
    except urllib.error.HTTPError as error:
        response = error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError) or isinstance(error, TimeoutError):
            raise QueryTimeout(f"{url} did not answer within the time limit") from None
        raise EndpointFailed(f"cannot reach {url}: {reason}") from None
    with response:
        chunks = []
        try:
            while chunk := response.read(65536):
                chunks.append(chunk)
                if deadline is not None and time.monotonic() > deadline:
                    raise QueryTimeout(f"{url} was still sending its answer at the time limit")
        except TimeoutError:
            raise QueryTimeout(f"{url} did not answer within the time limit") from None
        return response.status, response.headers.get("Content-Type", ""), b"".join(chunks)


def _refusal(url: str, status: int, body: bytes) -> RlsKgError:
    first = next((line for line in body.decode("utf-8", errors="replace").splitlines() if line.strip()), "")
    failed = EndpointFailed if status >= 500 else QueryError  # a 5xx is the endpoint's fault, not the query's
    return failed(f"{url} answered {status}: {first.strip()[:300]}")


def _remote_answer(
    remote: Remote, text: str, form: str, timeout: float | None, dataset: tuple[list[str], list[str]] | None
) -> tuple[str, bytes]:
    """Send a query text to a remote endpoint; its answer's content type and body.

    The body is a SPARQL JSON result for SELECT and ASK, N-Triples or Turtle for a graph.
    """
    from urllib.parse import urlencode  # noqa: PLC0415

    graph = form in ("CONSTRUCT", "DESCRIBE")
    accept = "application/n-triples, text/turtle;q=0.9" if graph else "application/sparql-results+json"
    deadline = None if not timeout else time.monotonic() + timeout
    fields = [("query", text)]
    if dataset is not None:
        fields += [("default-graph-uri", iri) for iri in dataset[0]] + [("named-graph-uri", iri) for iri in dataset[1]]
    status, content_type, body = _http(
        remote.url,
        data=urlencode(fields).encode(),
        headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
        deadline=deadline,
    )
    if status != 200:
        raise _refusal(remote.url, status, body)
    return content_type, body


def _not_a_result(remote: Remote, content_type: str, error: Exception) -> EndpointFailed:
    reason = " ".join(str(error).split())[:200] or type(error).__name__
    return EndpointFailed(f"{remote.url} answered what is not a SPARQL result ({content_type}): {reason}")


def remote_evaluate(
    remote: Remote, text: str, form: str, timeout: float | None, dataset: tuple[list[str], list[str]] | None = None
) -> tuple[Any, ...]:
    """Run a query text on a remote endpoint; the answer as :func:`rlskg.sparql.evaluate` gives it.

    ``dataset`` is the protocol's (default-graph-uri list, named-graph-uri list), sent on as given.

    Raises
    ------
    QueryError
        When the endpoint refuses the query (a 4xx answer).
    QueryTimeout
        When the answer is not complete within ``timeout`` seconds.
    EndpointFailed
        When the endpoint cannot be reached, fails (a 5xx answer), or answers what is not a SPARQL result.

    """
    if form not in ("CONSTRUCT", "DESCRIBE"):
        return remote_solutions(remote, text, timeout, dataset, lambda found: as_rdflib(found, form))
    import pyoxigraph  # noqa: PLC0415

    content_type, body = _remote_answer(remote, text, form, timeout, dataset)
    fmt = pyoxigraph.RdfFormat.TURTLE if "turtle" in content_type else pyoxigraph.RdfFormat.N_TRIPLES
    try:  # parsed by Oxigraph's parser (10x faster than rdflib's), as it is read
        return as_rdflib(pyoxigraph.parse(body, fmt, without_named_graphs=True, rename_blank_nodes=True), form)
    except (SyntaxError, ValueError) as error:
        raise _not_a_result(remote, content_type, error) from None


def remote_solutions(
    remote: Remote,
    text: str,
    timeout: float | None,
    dataset: tuple[list[str], list[str]] | None,
    read: Callable[[Any], T],
) -> T:
    """Run a SELECT or ASK text on a remote endpoint; what ``read`` makes of Oxigraph's solutions or boolean.

    Oxigraph parses the answer as ``read`` goes through it, so a fault anywhere in the body is met
    inside ``read``, and said as the endpoint's. Raises as :func:`remote_evaluate`.
    """
    import pyoxigraph  # noqa: PLC0415

    content_type, body = _remote_answer(remote, text, "SELECT", timeout, dataset)
    try:
        return read(pyoxigraph.parse_query_results(body, pyoxigraph.QueryResultsFormat.JSON))
    except (SyntaxError, ValueError) as error:
        raise _not_a_result(remote, content_type, error) from None


def push(store_url: str, source: Source, graph: str | None = None, timeout: float | None = 600) -> dict[str, int]:
    """Load a build into a triplestore with the Graph Store Protocol; the triples sent, by graph.

    Each named graph of the source replaces the graph of that name, and the default graph the
    store's default graph; with ``graph`` everything goes into that one graph instead.
    """
    import pyoxigraph  # noqa: PLC0415

    local = open_store(source)
    parts: list[tuple[str | None, Any]] = [(None, pyoxigraph.DefaultGraph())]
    parts += [(g.value, g) for g in local.named_graphs() if isinstance(g, pyoxigraph.NamedNode)]
    bodies: dict[str | None, bytearray] = {}
    for name, part in parts:
        target = graph if graph is not None else name
        data = local.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=part)
        if data:
            bodies.setdefault(target, bytearray()).extend(data)
    sent: dict[str, int] = {}
    deadline = None if not timeout else time.monotonic() + timeout
    from urllib.parse import quote  # noqa: PLC0415

    for target, payload in bodies.items():
        url = f"{store_url}?default" if target is None else f"{store_url}?graph={quote(target, safe='')}"
        status, _, body = _http(
            url,
            data=bytes(payload),
            headers={"Content-Type": "application/n-triples"},
            method="PUT",
            deadline=deadline,
        )
        if status not in (200, 201, 204):
            raise _refusal(url, status, body)
        sent[target or "default graph"] = payload.count(b"\n")
    return sent
