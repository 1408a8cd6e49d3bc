"""Who says it, and how old their word is: corroboration counted by independent publishers.

A publisher counts once however many of its pages, or versions of a page, say a thing; a copy (a page
``derived_from`` another publisher's) carries the word of the page it copies, so it counts once, with
its original, under the original's publisher. What a standard ontology records (background) and what
the engine concludes (entailed) are no publisher's word and count for nothing here.

A page's words are known to have stood on its ``as_of`` day (the date it states; for an undated copy
its original's; else the day it was retrieved: :func:`rlskg.rdf.network.words_as_of`). Whether they are
over ten years old is decided when an answer is made, from the day given (the clock's by default),
never when the graph is built.

Examples
--------
>>> page = dict(publisher="", title="", derived_from="", date="2015-01-24", as_of="2015-01-24")
>>> webmd = _Page(id="webmd", short_name="WebMD", publisher_id="webmd", original_publisher="webmd", **page)
>>> copy = _Page(id="ws", short_name="WS", publisher_id="ws", original_publisher="webmd", **{**page, "date": ""})
>>> copy = copy._replace(derived_from="webmd", publisher_short="Washington Sleep")
>>> found = Support.of([webmd, copy], {"webmd": "WebMD"})
>>> found.text()
"stated by 1 publisher (2 pages, 1 a copy): WebMD (and Washington Sleep's copy)"
>>> found.age(dt.date(2026, 12, 7))
'all its sources are over ten years old: newest 2015'

"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

__all__ = ["OLD_YEARS", "PAGE_LAYERS", "Backer", "Page", "Support", "ten_years_before"]

#: An answer resting only on pages whose words are older than this many years says so.
OLD_YEARS = 10
_NUMBERS = {5: "five", 10: "ten", 15: "fifteen", 20: "twenty"}
#: The knowledge layers whose claims are a page's word (a curator's reading of a page is still that page's).
PAGE_LAYERS = ("stated", "implied")


class Page(Protocol):
    """What corroboration reads of a source (:class:`rlskg.explain.answer.SourceRef` has it)."""

    @property
    def id(self) -> str: ...
    @property
    def short_name(self) -> str: ...
    @property
    def publisher_id(self) -> str: ...
    @property
    def publisher_short(self) -> str: ...
    @property
    def original_publisher(self) -> str: ...
    @property
    def derived_from(self) -> str: ...
    @property
    def date(self) -> str: ...
    @property
    def as_of(self) -> str: ...


class _Page(NamedTuple):
    """A page as plain values, for the examples."""

    id: str
    short_name: str
    title: str
    publisher: str
    date: str
    derived_from: str
    publisher_id: str
    original_publisher: str
    publisher_short: str = ""
    as_of: str = ""


def ten_years_before(today: dt.date) -> dt.date:
    """The day :data:`OLD_YEARS` years before ``today`` (the 28th for a 29th of February).

    >>> ten_years_before(dt.date(2028, 2, 29))
    datetime.date(2018, 2, 28)
    """
    try:
        return today.replace(year=today.year - OLD_YEARS)
    except ValueError:
        return today.replace(year=today.year - OLD_YEARS, day=28)


@dataclass(frozen=True)
class Backer:
    """One independent publisher behind a thing: its own pages and the copies of them by others."""

    id: str
    name: str  # its short name
    pages: tuple[str, ...]  # its own pages (and versions), by id
    copies: tuple[tuple[str, str], ...]  # (page id, the copying publisher's short name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "pages": list(self.pages),
            "copies": [{"page": page, "by": by} for page, by in self.copies],
        }


@dataclass(frozen=True)
class Support:
    """The publishers whose pages say a thing, each counted once, and how recent their words are."""

    backers: tuple[Backer, ...]  # by name
    newest: str  # the latest ``as_of`` of the pages ("" when none is known)
    undated: tuple[str, ...]  # the pages that state no date, by id
    unknown_age: int  # pages of which no day is known at all (neither stated, copied nor retrieved)

    @classmethod
    def of(cls, pages: Iterable[Page], names: Mapping[str, str] | None = None) -> Support:
        """The support of ``pages`` (an ontology's or the engine's records are left out).

        ``names`` gives a publisher's short name by id, for an original publisher none of the pages is by.
        """
        found = {p.id: p for p in pages if p.publisher_id}
        by_whom: dict[str, list[Page]] = {}
        for page in found.values():
            by_whom.setdefault(page.original_publisher or page.publisher_id, []).append(page)
        backers = []
        for whom, group in by_whom.items():
            own = sorted(p.id for p in group if not p.derived_from)
            name = next((p.publisher_short for p in group if p.publisher_id == whom and p.publisher_short), "")
            copies = tuple(sorted((p.id, p.publisher_short or p.publisher_id) for p in group if p.derived_from))
            backers.append(Backer(whom, name or (names or {}).get(whom) or whom, tuple(own), copies))
        days = [p.as_of for p in found.values() if p.as_of]
        return cls(
            tuple(sorted(backers, key=lambda b: (b.name.lower(), b.id))),
            max(days, default=""),
            tuple(sorted(p.id for p in found.values() if not p.date)),
            len(found) - len(days),
        )

    @property
    def publishers(self) -> int:
        """How many independent publishers: copies and other versions add none."""
        return len(self.backers)

    @property
    def pages(self) -> int:
        return sum(len(b.pages) + len(b.copies) for b in self.backers)

    @property
    def copies(self) -> int:
        return sum(len(b.copies) for b in self.backers)

    @property
    def names(self) -> list[str]:
        return [b.name for b in self.backers]

    def old(self, today: dt.date) -> bool:
        """Whether every page's words are known to be over ten years old on ``today``."""
        return bool(self.backers) and not self.unknown_age and self.newest < ten_years_before(today).isoformat()

    def age(self, today: dt.date) -> str:
        """What an answer resting on these pages says of their age on ``today``: "" unless all are old."""
        if not self.old(today):
            return ""
        return f"all its sources are over {_NUMBERS.get(OLD_YEARS, str(OLD_YEARS))} years old: newest {self.newest[:4]}"

    def counts(self) -> str:
        """'2 publishers (4 pages, 1 a copy)'."""
        publishers, pages, copies = self.publishers, self.pages, self.copies
        copied = f", {copies} a cop{'ies' if copies > 1 else 'y'}" if copies else ""
        return (
            f"{publishers} publisher{'s' if publishers != 1 else ''} ({pages} page{'s' if pages != 1 else ''}{copied})"
        )

    def says(self) -> str:
        """Who says it, on one side of a difference: 'NHLBI (2 pages) says'.

        Several publishers: 'NHLBI; WebMD (2 publishers, 3 pages) say'.
        """
        pages = f"{self.pages} page{'s' if self.pages != 1 else ''}"
        if self.publishers == 1:
            return f"{self.who()} ({pages}) says"
        return f"{self.who()} ({self.publishers} publishers, {pages}) say"

    def who(self) -> str:
        """The publishers by name, each with the copies of its pages: 'NHLBI; WebMD (and Washington Sleep's copy)'."""
        named = []
        for b in self.backers:
            copiers = " and ".join(name + "'s" for name in dict.fromkeys(by for _, by in b.copies))
            also = f" (and {copiers} cop{'ies' if len(b.copies) > 1 else 'y'})" if copiers else ""
            named.append(b.name + also)
        return "; ".join(named)

    def text(self) -> str:
        """In words: 'stated by 2 publishers (4 pages, 1 a copy): NHLBI; WebMD (and Washington Sleep's copy)'."""
        if not self.backers:
            return "stated by no publisher's page"
        return f"stated by {self.counts()}: {self.who()}"

    def to_dict(self, today: dt.date | None = None) -> dict[str, Any]:
        """As the JSON answer gives it; ``age`` only when ``today`` is given (it is not the graph's to keep)."""
        found: dict[str, Any] = {
            "publishers": self.publishers,
            "pages": self.pages,
            "copies": self.copies,
            "names": self.names,
            "who": self.who(),
            "by_publisher": [b.to_dict() for b in self.backers],
            "newest": self.newest,
            "undated": list(self.undated),
            "age_unknown": self.unknown_age,
            "text": self.text(),
        }
        if today is not None:
            found["age"] = {"today": today.isoformat(), "over_ten_years": self.old(today), "note": self.age(today)}
        return found
