"""The exceptions of rls-kg. The CLI turns each into one-line messages and an exit status."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "AmbiguousName",
    "GraphNotBuilt",
    "Problem",
    "QueryError",
    "QueryTimeout",
    "RlsKgError",
    "ValidationFailed",
]


class RlsKgError(Exception):
    """Base class of every error rls-kg reports to a user."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the curated data, at a file and line when it has one."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


class ValidationFailed(RlsKgError):
    """The curated data has problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class GraphNotBuilt(RlsKgError):
    """No built graph where one was looked for."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"no built graph at {path}; run `rlskg build` first")

    def __reduce__(self) -> tuple[type[GraphNotBuilt], tuple[Path]]:  # from a worker process, as it was raised
        return (GraphNotBuilt, (self.path,))


class AmbiguousName(RlsKgError):
    """A name matches more than one entity."""

    def __init__(self, name: str, candidates: list[tuple[str, str]]) -> None:
        self.name = name
        self.candidates = candidates
        options = "; ".join(f"{label} ({ident})" for ident, label in candidates)
        super().__init__(
            f"'{name}' matches {len(candidates)} entities: {options}. Which one? Ask again by id or full name."
        )

    def __reduce__(self) -> tuple[type[AmbiguousName], tuple[str, list[tuple[str, str]]]]:
        return (AmbiguousName, (self.name, self.candidates))


class UnknownName(RlsKgError):
    """A name matches no entity; ``similar`` are (id, label) of entities whose names look like it."""

    def __init__(self, name: str, similar: list[tuple[str, str]]) -> None:
        self.name = name
        self.similar = similar
        hint = f"; did you mean: {', '.join(label for _, label in similar)}?" if similar else ""
        super().__init__(f"nothing in the graph is called '{name}'{hint}")

    def __reduce__(self) -> tuple[type[UnknownName], tuple[str, list[tuple[str, str]]]]:
        return (UnknownName, (self.name, self.similar))


class QueryError(RlsKgError):
    """A SPARQL query that cannot be parsed or run."""


class QueryTimeout(QueryError):
    """A SPARQL query that ran past its time limit."""
