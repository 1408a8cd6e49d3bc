"""A large build's networkx view on disk, read one neighbourhood at a time.

The build of a large graph writes ``rls.network.sqlite`` (SQLite, from Python's standard library)
beside ``rls.nt``. A why-question reads from it only what its answer can need, so it costs what
the answer needs, not what the graph weighs:

- the names, folded as :func:`rlskg.explain.normalize` folds them, to resolve the question;
- the moves a chain may make, ``max_hops`` rings deep: from the subject toward the target, along
  the directions the ontology's relation kinds are followed (``rls:follows``), never through the
  target; and from the target downstream (``rls:downstream``), never through the subject;
- the subject's own relations (for the "how it is connected" suggestions), the claims on every edge
  read, the claims that contradict or stand in tension with them and the records noting why, and
  the refuted claims about the subject.

The :class:`~rlskg.explain.Explainer` then walks that neighbourhood as it would walk the whole graph:
every entity a chain can leave from comes with every move it has, so the search makes the same moves in
the same order and the answer is the same (``tests/test_index.py`` checks it entity by entity).

Examples
--------
>>> import tempfile
>>> from rlskg.kg import KnowledgeGraph
>>> G = KnowledgeGraph.open().to_networkx()
>>> with tempfile.TemporaryDirectory() as folder:
...     path = Path(folder) / "rls.network.sqlite"
...     write_index(G, path)
...     index = NetworkIndex(path)
...     print(index.resolve("Paxil"), index.why("Paxil").verdict)
...     index.close()
['Paroxetine'] associated

"""

from __future__ import annotations

import difflib
import heapq
import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, overload

import networkx as nx

from rlskg.errors import RlsKgError
from rlskg.explain import Answer, Explainer, Ref, Suggestion, _singular, normalize

__all__ = ["NetworkIndex", "write_index"]

#: Bumped when the tables change; an index of another version is refused with a hint to rebuild.
VERSION = "1"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE nodes (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, data TEXT NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, node INTEGER NOT NULL, PRIMARY KEY (key, node)) WITHOUT ROWID;
CREATE TABLE singulars (key TEXT NOT NULL, node INTEGER NOT NULL, PRIMARY KEY (key, node)) WITHOUT ROWID;
CREATE TABLE words (word TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (word, key)) WITHOUT ROWID;
CREATE TABLE grams (gram TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (gram, key)) WITHOUT ROWID;
CREATE TABLE edges (
  id INTEGER PRIMARY KEY, src INTEGER NOT NULL, dst INTEGER NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE claims (id INTEGER PRIMARY KEY, name TEXT NOT NULL, listed INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE refuted (node INTEGER NOT NULL, claim INTEGER NOT NULL, PRIMARY KEY (node, claim)) WITHOUT ROWID;
CREATE TABLE notes (id INTEGER PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE noted (claim TEXT NOT NULL, note INTEGER NOT NULL, PRIMARY KEY (claim, note)) WITHOUT ROWID;
"""
# Made after the rows are in: one sort per index rather than a b-tree grown row by row.
_INDEXES = """
CREATE INDEX edges_out ON edges (src, kind, dst);
CREATE INDEX edges_in ON edges (dst, kind, src);
CREATE INDEX claims_name ON claims (name, listed);
"""
_NOTE_TYPES = {"disagreements": "disagreement", "tensions": "tension"}
_BATCH = 50_000
_IN = "IN (SELECT value FROM json_each(?))"  # a list of values as one JSON parameter


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _grams(key: str) -> set[str]:
    """The character trigrams of a folded name, padded so that short names have some."""
    padded = f"  {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _names_of(node: str, data: dict[str, Any]) -> Iterator[str]:
    # the names the why engine resolves by: as Explainer.__init__ reads them
    yield from (node, data["label"], *data["synonyms"], *data["exact"], *data["close"])


def write_index(G: nx.MultiDiGraph, path: Path) -> None:
    """Write the networkx view ``G`` of a built graph as an index at ``path`` (a new file).

    The same graph gives the same bytes: rows go in the graph's own order.
    """
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;")
        db.executescript(_SCHEMA)
        db.execute("BEGIN")
        _write(db, G)
        db.execute("COMMIT")
        db.executescript(_INDEXES)
    finally:
        db.close()


def _write(db: sqlite3.Connection, G: nx.MultiDiGraph) -> None:
    node_id = {node: number for number, node in enumerate(G)}
    db.executemany(
        "INSERT INTO nodes VALUES (?, ?, ?)", ((node_id[n], n, _dumps(data)) for n, data in G.nodes(data=True))
    )
    names: set[tuple[str, int]] = set()
    for node, data in G.nodes(data=True):
        names.update((normalize(name), node_id[node]) for name in _names_of(node, data))
    keys = sorted(names)
    db.executemany("INSERT INTO names VALUES (?, ?)", keys)
    db.executemany("INSERT INTO singulars VALUES (?, ?)", sorted({(_singular(k), n) for k, n in keys}))
    singular_keys = {_singular(k) for k, _ in keys}
    db.executemany("INSERT INTO words VALUES (?, ?)", sorted({(w, k) for k in singular_keys for w in k.split()}))
    name_keys = sorted({k for k, _ in keys})
    db.executemany("INSERT INTO grams VALUES (?, ?)", sorted((g, k) for k in name_keys for g in _grams(k)))

    claims: dict[str, dict[str, Any]] = G.graph["claims"]
    claim_id = {name: number for number, name in enumerate(claims)}
    rows: list[tuple[int, str, int, str]] = [(claim_id[n], n, 1, _dumps(c)) for n, c in claims.items()]

    def edge_claims(records: list[dict[str, Any]]) -> list[int]:
        ids = []
        for record in records:
            number = claim_id.get(record["id"])
            if number is None or claims[record["id"]] != record:  # a claim only an edge holds
                number = len(rows)
                rows.append((number, record["id"], 0, _dumps(record)))
            ids.append(number)
        return ids

    batch: list[tuple[int, int, int, str, str, str]] = []
    for number, (u, v, key, data) in enumerate(G.edges(keys=True, data=True)):
        stored = {**data, "claims": edge_claims(data["claims"])}
        batch.append((number, node_id[u], node_id[v], key, data["kind"], _dumps(stored)))
        if len(batch) >= _BATCH:
            db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?, ?)", batch)
            batch.clear()
    db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?, ?)", batch)
    for start in range(0, len(rows), _BATCH):
        db.executemany("INSERT INTO claims VALUES (?, ?, ?, ?)", rows[start : start + _BATCH])

    refuted: set[tuple[int, int]] = set()
    for name, claim in claims.items():  # as Explainer.__init__ files them: both ends must be entities
        if claim["certainty"] == "refuted" and claim["subject"] in node_id and claim["object"] in node_id:
            refuted.update((node_id[claim[end]], claim_id[name]) for end in ("subject", "object"))
    db.executemany("INSERT INTO refuted VALUES (?, ?)", sorted(refuted))

    number = 0
    for field, kind in _NOTE_TYPES.items():
        for name, record in G.graph.get(field, {}).items():
            db.execute("INSERT INTO notes VALUES (?, ?, ?, ?)", (number, kind, name, _dumps(record)))
            db.executemany("INSERT OR IGNORE INTO noted VALUES (?, ?)", ((c, number) for c in record["claims"]))
            number += 1

    frame = {key: value for key, value in G.graph.items() if key not in ("claims", *_NOTE_TYPES)}
    meta = {
        "version": VERSION,
        "frame": _dumps(frame),
        "order": _dumps(list(G.graph)),
        "nodes": str(G.number_of_nodes()),
        "keys": str(len(name_keys)),
        "edges": str(G.number_of_edges()),
    }
    db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))


class NetworkIndex:
    """A built graph's index on disk: why, resolve and suggest, reading only what each question needs.

    Safe to share between threads: reads go through one connection under a lock.
    """

    #: How many names sharing trigrams with an unknown name are compared with it for suggestions.
    candidates = 2_000

    def __init__(self, path: Path) -> None:
        try:
            self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            version = self._db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        except sqlite3.DatabaseError as error:
            raise RlsKgError(f"{path} is not an index written by `rlskg build`: {error}") from None
        if version is None or version[0] != VERSION:
            raise RlsKgError(f"{path} was written by another version of rlskg; rebuild it with `rlskg build`")
        self.path = path
        self._lock = threading.Lock()
        meta = dict(self._db.execute("SELECT key, value FROM meta"))
        self.frame: dict[str, Any] = json.loads(meta["frame"])
        self._order: list[str] = json.loads(meta["order"])
        self.number_of_nodes, self.number_of_edges = int(meta["nodes"]), int(meta["edges"])
        self._keys = int(meta["keys"])  # how many distinct folded names
        kinds = self.frame["kinds"]
        self._forward = sorted(k for k, v in kinds.items() if v["follows"] in ("forward", "both"))
        self._backward = sorted(k for k, v in kinds.items() if v["follows"] in ("backward", "both"))
        self._downstream = sorted(k for k in self._forward if kinds[k]["downstream"])

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def _rows(self, sql: str, *args: object) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # -------------------------------------------------------------- names

    def resolve(self, name: str) -> list[str]:
        """The entity ids a name could mean, as :meth:`rlskg.explain.Explainer.resolve` gives them."""
        return sorted(self._node_names(self._resolve(name)))

    def _resolve(self, name: str) -> list[int]:
        key = normalize(name)
        if not key:
            return []
        for table, probe in (("names", key), ("singulars", _singular(key))):
            found = self._rows(f"SELECT node FROM {table} WHERE key = ?", probe)
            if found:
                return [n for (n,) in found]
        words = sorted(set(_singular(key).split()))
        keys = [k for (k,) in self._rows(self._all_words(len(words)), *words)]
        return self._nodes_of("singulars", keys)

    @staticmethod
    def _all_words(count: int) -> str:
        return " INTERSECT ".join(["SELECT key FROM words WHERE word = ?"] * count)

    def _nodes_of(self, table: str, keys: list[str]) -> list[int]:
        sql = f"SELECT DISTINCT node FROM {table} WHERE key IN (SELECT value FROM json_each(?))"
        return [n for (n,) in self._rows(sql, _dumps(keys))]

    def _node_names(self, ids: Iterable[int]) -> list[str]:
        sql = "SELECT name FROM nodes WHERE id IN (SELECT value FROM json_each(?))"
        return [n for (n,) in self._rows(sql, _dumps(list(ids)))]

    def suggest(self, name: str, limit: int = 5) -> list[Suggestion]:
        """Entities whose names look like ``name``, as :meth:`rlskg.explain.Explainer.suggest` finds them.

        Notes
        -----
        The fuzzy part compares ``name`` with the :attr:`candidates` names sharing the most character
        trigrams with it, not with every name (unless the graph has no more names than that): the same
        suggestions for a misspelling, at a cost bounded however many names the graph has; a name
        alike only in scattered letters may be missed.

        """
        key = normalize(name)
        close = difflib.get_close_matches(key, self._similar(key), n=limit * 2, cutoff=0.6)
        found: list[str] = []
        for candidate in (*close, *self._sharing(key)):
            nodes = self._nodes_of("names", [candidate]) or self._nodes_of("singulars", [candidate])
            found.extend(n for n in sorted(self._node_names(nodes)) if n not in found)
            if len(found) >= limit:
                break
        labels = self._labels(found[:limit])
        return [Suggestion(Ref(n, labels[n]), "a similar name") for n in found[:limit]]

    def _similar(self, key: str) -> list[str]:
        if self._keys <= self.candidates:  # few enough to compare with every one, as the whole graph does
            return [k for (k,) in self._rows("SELECT DISTINCT key FROM names")]
        counts: Counter[str] = Counter()
        for gram in sorted(_grams(key)):
            counts.update(k for (k,) in self._rows("SELECT key FROM grams WHERE gram = ? LIMIT 20000", gram))
        # difflib's ratio is at most 2 * min / (len(a) + len(b)): a name far longer or shorter never passes
        near = ((k, c) for k, c in counts.items() if 2 * min(len(k), len(key)) >= 0.6 * (len(k) + len(key)))
        return [k for k, _ in heapq.nlargest(self.candidates, near, key=lambda kc: (kc[1], kc[0]))]

    def _sharing(self, key: str) -> Iterator[str]:
        """The singular names sharing a word with ``key``, in order, read lazily."""
        words = sorted(set(_singular(key).split()))
        lists = [[k for (k,) in self._rows("SELECT key FROM words WHERE word = ? ORDER BY key", w)] for w in words]
        last = None
        for k in heapq.merge(*lists):
            if k != last:
                yield k
                last = k

    def _labels(self, names: list[str]) -> dict[str, str]:
        sql = "SELECT name, data FROM nodes WHERE name IN (SELECT value FROM json_each(?))"
        return {n: json.loads(d)["label"] for n, d in self._rows(sql, _dumps(names))}

    def label(self, ident: str) -> str:
        """The label of an entity."""
        found = self._labels([ident])
        if ident not in found:
            raise KeyError(ident)
        return found[ident]

    # -------------------------------------------------------------- neighbourhoods

    def why(self, name: str, target: str = "RLS", *, max_paths: int = 5, max_hops: int = 4) -> Answer:
        """Why is ``name`` linked to ``target``? The same answer as the whole graph gives.

        See :meth:`rlskg.explain.Explainer.why`; the same errors, raised by the same engine.
        """
        subjects, targets = self._resolve(name), self._resolve(target)
        graph, refuted = self.neighbourhood(subjects, targets, max_hops)
        engine = _Neighbourhood(graph, self, refuted)
        return engine.why(name, target, max_paths=max_paths, max_hops=max_hops)

    def neighbourhood(
        self, subjects: list[int], targets: list[int], max_hops: int
    ) -> tuple[nx.MultiDiGraph, dict[str, list[dict[str, Any]]]]:
        """The part of the graph a why-question can reach, as a networkx view the engine walks.

        ``subjects`` and ``targets`` are what the question's names resolve to; only when each is one
        entity, and not the same, are chains looked for. The claims are read when the engine reads
        them (it reads those of the chains it found); the refuted claims about the subject come apart.
        """
        nodes, edges, refuted = {*subjects, *targets}, set[int](), list[dict[str, Any]]()
        if len(subjects) == 1 and len(targets) == 1 and subjects != targets and max_hops >= 1:
            (subject,), (target,) = subjects, targets
            edges |= self._walk(subject, target, max_hops, self._forward, self._backward)
            edges |= self._walk(target, subject, max_hops, self._downstream, [])
            edges |= self._around(subject)
            sql = "SELECT c.data FROM refuted AS r JOIN claims AS c ON c.id = r.claim WHERE r.node = ? ORDER BY c.id"
            refuted = [json.loads(data) for (data,) in self._rows(sql, subject)]
        G = self._graph(nodes, edges, {e for c in refuted for e in (c["subject"], c["object"])})
        return G, {self._node_names(subjects)[0]: refuted} if refuted else {}

    def _walk(self, source: int, stop: int, max_hops: int, forward: list[str], backward: list[str]) -> set[int]:
        """The edges of every move a search from ``source`` may make within ``max_hops``, not leaving ``stop``."""
        reached, ring, edges = {source}, {source}, set[int]()
        for _ in range(max_hops):
            ring.discard(stop)  # a chain ends at its target: the search never leaves it
            if not ring:
                break
            found = self._moves(ring, forward, backward)
            edges.update(e for e, _ in found)
            ring = {n for _, n in found} - reached
            reached |= ring
        return edges

    def _moves(self, ring: set[int], forward: list[str], backward: list[str]) -> list[tuple[int, int]]:
        ids = _dumps(sorted(ring))
        found: list[tuple[int, int]] = []
        if forward:
            found += self._rows(f"SELECT id, dst FROM edges WHERE src {_IN} AND kind {_IN}", ids, _dumps(forward))
        if backward:
            found += self._rows(f"SELECT id, src FROM edges WHERE dst {_IN} AND kind {_IN}", ids, _dumps(backward))
        return found

    def _around(self, node: int) -> set[int]:
        rows = self._rows("SELECT id FROM edges WHERE src = ? UNION SELECT id FROM edges WHERE dst = ?", node, node)
        return {e for (e,) in rows}

    def _graph(self, nodes: set[int], edges: set[int], names: set[str]) -> nx.MultiDiGraph:
        sql = f"SELECT src, dst, key, data FROM edges WHERE id {_IN} ORDER BY id"
        edge_rows = [(s, d, k, json.loads(data)) for s, d, k, data in self._rows(sql, _dumps(sorted(edges)))]
        for s, d, _, _ in edge_rows:
            nodes.update((s, d))
        nodes.update(i for (i,) in self._rows(f"SELECT id FROM nodes WHERE name {_IN}", _dumps(sorted(names))))
        G = nx.MultiDiGraph()
        name_of = {}
        for number, name, data in self._rows(
            f"SELECT id, name, data FROM nodes WHERE id {_IN} ORDER BY id", _dumps(sorted(nodes))
        ):
            name_of[number] = name
            G.add_node(name, **json.loads(data))
        claims = _Claims(self)
        for s, d, k, data in edge_rows:
            data["claims"] = _EdgeClaims(data["claims"], claims)
            G.add_edge(name_of[s], name_of[d], key=k, **data)
        numbers = sorted({c for *_, data in edge_rows for c in data["claims"].numbers})
        G.graph.update(self.frame, claims=claims, **self._notes(numbers))
        return G

    def _records(self, numbers: Iterable[int]) -> dict[int, dict[str, Any]]:
        sql = f"SELECT id, data FROM claims WHERE id {_IN}"
        return {n: json.loads(data) for n, data in self._rows(sql, _dumps(sorted(numbers)))}

    def _notes(self, numbers: list[int]) -> dict[str, dict[str, Any]]:
        """The disagreements and tensions that a claim of these numbers is part of, in the graph's order."""
        sql = (
            "SELECT DISTINCT n.id, n.type, n.name, n.data FROM claims AS c JOIN noted ON noted.claim = c.name"
            f" JOIN notes AS n ON n.id = noted.note WHERE c.id {_IN} ORDER BY n.id"
        )
        fields = {kind: field for field, kind in _NOTE_TYPES.items()}
        found: dict[str, dict[str, Any]] = {field: {} for field in _NOTE_TYPES if field in self._order}
        for _, kind, name, data in self._rows(sql, _dumps(numbers)):
            found.setdefault(fields[kind], {})[name] = json.loads(data)
        return found

    # -------------------------------------------------------------- the whole graph

    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole networkx view, as the build made it: a new graph the caller owns."""
        G = nx.MultiDiGraph()
        name_of = {}
        for number, name, data in self._rows("SELECT id, name, data FROM nodes ORDER BY id"):
            name_of[number] = name
            G.add_node(name, **json.loads(data))
        records = {n: json.loads(d) for n, d in self._rows("SELECT id, data FROM claims ORDER BY id")}
        for s, d, k, data in self._rows("SELECT src, dst, key, data FROM edges ORDER BY id"):
            attributes = json.loads(data)
            attributes["claims"] = [records[c] for c in attributes["claims"]]
            G.add_edge(name_of[s], name_of[d], key=k, **attributes)
        listed = {n for (n,) in self._rows("SELECT id FROM claims WHERE listed = 1")}
        notes: dict[str, dict[str, Any]] = {}
        fields = {kind: field for field, kind in _NOTE_TYPES.items()}
        for kind, name, data in self._rows("SELECT type, name, data FROM notes ORDER BY id"):
            notes.setdefault(fields[kind], {})[name] = json.loads(data)
        whole = {
            **self.frame,
            "claims": {records[n]["id"]: records[n] for n in sorted(listed)},
            **{f: notes.get(f, {}) for f in _NOTE_TYPES},
        }
        G.graph.update((key, whole[key]) for key in self._order)
        return G


class _Claims(Mapping[str, dict[str, Any]]):
    """The graph's claims by id, each read from the index when first asked for."""

    def __init__(self, index: NetworkIndex) -> None:
        self._index = index
        self._read: dict[str, dict[str, Any] | None] = {}

    def __getitem__(self, name: str) -> dict[str, Any]:
        if name not in self._read:
            found = self._index._rows("SELECT data FROM claims WHERE name = ? AND listed = 1", name)
            self._read[name] = json.loads(found[0][0]) if found else None
        record = self._read[name]
        if record is None:
            raise KeyError(name)
        return record

    def __iter__(self) -> Iterator[str]:
        return (n for (n,) in self._index._rows("SELECT name FROM claims WHERE listed = 1 ORDER BY id"))

    def __len__(self) -> int:
        return int(self._index._rows("SELECT COUNT(*) FROM claims WHERE listed = 1")[0][0])


class _EdgeClaims(Sequence[dict[str, Any]]):
    """The claims of one edge, read from the index when the engine first reads them (for a chain's step)."""

    def __init__(self, numbers: list[int], claims: _Claims) -> None:
        self.numbers = numbers
        self._claims = claims
        self._records: list[dict[str, Any]] | None = None

    def _read(self) -> list[dict[str, Any]]:
        if self._records is None:
            found = self._claims._index._records(self.numbers)
            self._records = [found[n] for n in self.numbers]
        return self._records

    @overload
    def __getitem__(self, item: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, item: slice) -> Sequence[dict[str, Any]]: ...
    def __getitem__(self, item: int | slice) -> dict[str, Any] | Sequence[dict[str, Any]]:
        return self._read()[item]

    def __len__(self) -> int:
        return len(self.numbers)


class _Neighbourhood(Explainer):
    """The why engine over one neighbourhood, suggesting similar names from the whole index."""

    def __init__(self, G: nx.MultiDiGraph, index: NetworkIndex, refuted: dict[str, list[dict[str, Any]]]) -> None:
        self._refuted_given = refuted
        super().__init__(G)
        self._index = index

    def _refuted_claims(self) -> dict[str, list[dict[str, Any]]]:
        return self._refuted_given  # read with the neighbourhood: the subject's, in the graph's order

    def suggest(self, name: str, limit: int = 5) -> list[Suggestion]:
        return self._index.suggest(name, limit)
