"""What the parts of the reader share: the page being read, and the steps each part leaves to another.

The reader (:class:`rlskg.curate.extract.Reader`) is made of parts, one per way of reading a page:
lists (:mod:`rlskg.curate.lists`), set phrases (:mod:`rlskg.curate.named`) and the second reading
anchored on cues (:mod:`rlskg.curate.anchored`). Each part calls steps that another part or the
reader itself does: add a candidate, ground words, find a clause's frames. They are declared here,
once, so that each part reads and type-checks on its own; the reader's own steps take their place.
"""

from __future__ import annotations

import re

from rlskg.curate.candidates import Candidate, Mention
from rlskg.curate.constructions import Frame
from rlskg.curate.cues import Cue, CueTable
from rlskg.curate.grounding import EntityIndex, Grounding
from rlskg.curate.mentions import Phrase
from rlskg.curate.page import Unit
from rlskg.model.ontology import Ontology

__all__ = ["ReaderSteps"]


class ReaderSteps:
    """The page a part of the reader reads, and the steps it calls that the reader does."""

    text: str
    masked: str  # the text with every bracket blanked out, same offsets
    units: list[Unit]
    candidates: list[Candidate]
    topic: str | None
    index: EntityIndex
    ontology: Ontology
    cues: CueTable
    cue_list: list[Cue]
    cue_re: re.Pattern[str]
    _unit: Unit | None  # the unit being read

    def _topic_names_in(self, words: str) -> list[tuple[int, int]]:
        """Where ``words`` name the page's topic (the mention reading's)."""
        raise NotImplementedError

    def _add(  # noqa: PLR0917 - one candidate's pieces, as the reader's
        self,
        frame: Frame,
        relations: tuple[str, ...],
        subject: Mention,
        obj: Mention,
        span: tuple[int, int],
        quantifier: str | None,
    ) -> None:
        """Propose one candidate: ``subject`` in the first of ``relations`` the ontology defines to ``obj``."""
        raise NotImplementedError

    def _phrase(self, start: int, end: int, *, brackets: bool = True) -> Phrase:
        """Ground the words in ``[start, end)``."""
        raise NotImplementedError

    def _entities(self, start: int, end: int, *, propose: bool = True, listing: bool = False) -> list[Mention]:
        """The entities of a coordinated phrase."""
        raise NotImplementedError

    def _scan(self, start: int, end: int, *, whole: bool = False) -> list[Mention]:
        """The known names anywhere in ``[start, end)``."""
        raise NotImplementedError

    def _grounded(self, start: int, end: int, grounding: Grounding, words: str | None = None) -> Mention:
        """A mention of what ``grounding`` names."""
        raise NotImplementedError

    def _frames(self, cs: int, ce: int) -> list[Frame]:
        """The frames of the clause ``[cs, ce)``."""
        raise NotImplementedError

    def _realise(self, frame: Frame, unit: Unit, cs: int, ce: int) -> set[int]:
        """Turn a frame into candidates; the units it consumed."""
        raise NotImplementedError

    def _set_group(self, mentions: list[Mention], span: tuple[int, int], *, inline: bool) -> None:
        """Remember what "these" stands for."""
        raise NotImplementedError

    def _a_member_named(self, mention: Mention, start: int) -> bool:
        """Whether ``mention`` is an example of a class of drugs named before it (the list reading's)."""
        raise NotImplementedError

    def _type_of(self, mention: Mention) -> str | None:
        """The class of what a mention names, when the graph or the vocabulary knows it."""
        raise NotImplementedError
