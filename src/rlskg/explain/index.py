"""A large build's networkx view on disk, walked one ring at a time: the why engine reads only what it needs.

The build of a large graph writes ``rls.network.sqlite`` (SQLite, from Python's standard library)
beside ``rls.nt``. :class:`NetworkIndex` has the protocol of :mod:`rlskg.explain.moves` and the names
of :mod:`rlskg.explain.names`, so the engine walks it as it walks the view in memory, and a
why-question costs what its answer needs, not what the graph weighs:

- the names, folded as :func:`rlskg.explain.names.normalize` folds them, to resolve the question,
  with tables of words and character trigrams for suggestions;
- the moves a chain may make, ring by ring (one query a ring), in the directions the ontology's
  relation kinds are followed;
- the claims of the chains found, the claims an answer cites beside them, the refuted claims about
  the subject and the records noting why.

``tests/test_index.py`` checks that every entity's answer is the one the whole graph gives.

Examples
--------
>>> import tempfile
>>> from rlskg.explain.engine import Explainer
>>> from rlskg.kg import load_network
>>> with tempfile.TemporaryDirectory() as folder:
...     path = Path(folder) / "rls.network.sqlite"
...     write_index(load_network(), path)
...     index = NetworkIndex(path)
...     print(index.resolve("Paxil"), Explainer(index, index).why("Paxil").verdict)
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
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from rlskg.errors import RlsKgError
from rlskg.explain.moves import Claim, Move, Relation
from rlskg.explain.names import names_of, normalize, singular

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
        names.update((normalize(name), node_id[node]) for name in names_of(node, data))
    keys = sorted(names)
    db.executemany("INSERT INTO names VALUES (?, ?)", keys)
    db.executemany("INSERT INTO singulars VALUES (?, ?)", sorted({(singular(k), n) for k, n in keys}))
    singular_keys = {singular(k) for k, _ in keys}
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
    """A built graph's index on disk: its names and moves, read as each question needs them.

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
        self._frame: dict[str, Any] = json.loads(meta["frame"])
        self._order: list[str] = json.loads(meta["order"])
        self.number_of_nodes, self.number_of_edges = int(meta["nodes"]), int(meta["edges"])
        self._keys = int(meta["keys"])  # how many distinct folded names
        self._labels_read: dict[str, str] = {}  # an answer names the same entities many times

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def _rows(self, sql: str, *args: object) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # -------------------------------------------------------------- names

    def resolve(self, name: str) -> list[str]:
        """The entity ids a name could mean, as :class:`rlskg.explain.names.EntityNames` gives them."""
        return sorted(self._node_names(self._resolve(name)))

    def _resolve(self, name: str) -> list[int]:
        key = normalize(name)
        if not key:
            return []
        for table, probe in (("names", key), ("singulars", singular(key))):
            found = self._rows(f"SELECT node FROM {table} WHERE key = ?", probe)
            if found:
                return [n for (n,) in found]
        words = sorted(set(singular(key).split()))
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

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Entities whose names look like ``name``, as :class:`rlskg.explain.names.EntityNames` finds them.

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
        return found[:limit]

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
        words = sorted(set(singular(key).split()))
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
        if ident not in self._labels_read:
            found = self._labels([ident])
            if ident not in found:
                raise KeyError(ident)
            self._labels_read[ident] = found[ident]
        return self._labels_read[ident]

    # -------------------------------------------------------------- moves and claims

    @property
    def frame(self) -> Mapping[str, Any]:
        return self._frame

    def moves(
        self, ring: Collection[str], forward: Collection[str], backward: Collection[str]
    ) -> list[tuple[str, Move]]:
        ids = _dumps(sorted(self._ids(ring).values()))
        found = [(a, Move(b, key, kind, "forward")) for a, b, key, kind in self._leaving(ids, forward, "src", "dst")]
        found += [(a, Move(b, key, kind, "backward")) for a, b, key, kind in self._leaving(ids, backward, "dst", "src")]
        return found

    def _leaving(self, ids: str, kinds: Collection[str], at: str, to: str) -> list[tuple[str, str, str, str]]:
        """(ring entity, other entity, predicate, kind) of the edges of ``kinds`` whose ``at`` end is in the ring."""
        if not kinds:
            return []
        sql = (
            f"SELECT a.name, b.name, e.key, e.kind FROM edges AS e JOIN nodes AS a ON a.id = e.{at}"
            f" JOIN nodes AS b ON b.id = e.{to} WHERE e.{at} {_IN} AND e.kind {_IN}"
        )
        return self._rows(sql, ids, _dumps(sorted(kinds)))

    def claims(self, relations: Collection[Relation]) -> dict[Relation, list[Claim]]:
        wanted = set(relations)
        ids = self._ids({end for s, _, o in wanted for end in (s, o)})
        sql = "SELECT a.name, e.key, b.name, e.data FROM edges AS e JOIN nodes AS a ON a.id = e.src JOIN nodes AS b"
        sql += f" ON b.id = e.dst WHERE e.src {_IN} AND e.dst {_IN}"
        subjects, objects = ({ids[r[end]] for r in wanted} for end in (0, 2))
        numbers: dict[Relation, list[int]] = {}
        for s, key, o, data in self._rows(sql, _dumps(sorted(subjects)), _dumps(sorted(objects))):
            if (s, key, o) in wanted:
                numbers[(s, key, o)] = json.loads(data)["claims"]
        read = self._numbered(n for found in numbers.values() for n in found)
        return {relation: [read[n] for n in numbers[relation]] for relation in wanted}

    def records(self, ids: Collection[str]) -> dict[str, Claim]:
        sql = f"SELECT name, data FROM claims WHERE name {_IN} AND listed = 1"
        return {name: json.loads(data) for name, data in self._rows(sql, _dumps(sorted(ids)))}

    def refuted(self, node: str) -> list[Claim]:
        sql = (
            "SELECT c.data FROM refuted AS r JOIN claims AS c ON c.id = r.claim JOIN nodes AS n ON n.id = r.node"
            " WHERE n.name = ? ORDER BY c.id"
        )
        return [json.loads(data) for (data,) in self._rows(sql, node)]

    def notes(self, ids: Collection[str]) -> dict[str, dict[str, Any]]:
        """The disagreements and tensions that these claims are part of, in the graph's order."""
        sql = (
            "SELECT DISTINCT n.id, n.type, n.name, n.data FROM noted JOIN notes AS n ON n.id = noted.note"
            f" WHERE noted.claim {_IN} ORDER BY n.id"
        )
        fields = {kind: field for field, kind in _NOTE_TYPES.items()}
        found: dict[str, dict[str, Any]] = {field: {} for field in _NOTE_TYPES if field in self._order}
        for _, kind, name, data in self._rows(sql, _dumps(sorted(ids))):
            found.setdefault(fields[kind], {})[name] = json.loads(data)
        return found

    def _ids(self, names: Iterable[str]) -> dict[str, int]:
        return dict(self._rows(f"SELECT name, id FROM nodes WHERE name {_IN}", _dumps(sorted(set(names)))))

    def _numbered(self, numbers: Iterable[int]) -> dict[int, Claim]:
        sql = f"SELECT id, data FROM claims WHERE id {_IN}"
        return {n: json.loads(data) for n, data in self._rows(sql, _dumps(sorted(set(numbers))))}

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
            **self._frame,
            "claims": {records[n]["id"]: records[n] for n in sorted(listed)},
            **{f: notes.get(f, {}) for f in _NOTE_TYPES},
        }
        G.graph.update((key, whole[key]) for key in self._order)
        return G
