"""Constructions whose subject or object is not simply left and right of a relation cue.

"The main cause of Y is X", "people with X are more likely to develop Y", "women are more likely
to get Y", "Y gets better when X is stopped", "stopping X may help", "it runs in families", "the
brain uses X to make Y", "RLS is thought to be genetic", and the status of a cause ("the cause is
unknown", "idiopathic"). Their words come from the cue table where the table has them (people,
stopping, relief, status); the shapes are here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from rlskg.curate.chunks import object_after, subject_before
from rlskg.curate.cues import CueTable, phrase_pattern, read_certainty
from rlskg.curate.mentions import PhraseReader
from rlskg.curate.page import Unit
from rlskg.curate.patterns import (
    FAMILIES,
    MAIN_CAUSE,
    NOUN_LEAD,
    PEOPLE,
    PEOPLE_HAVE,
    PEOPLE_ONSET,
    STATUS,
    STOPPING,
    USES_TO_CONTROL,
    USES_TO_MAKE,
    bare_subject,
    clause_end,
)
from rlskg.model.ontology import Ontology

__all__ = ["ConstructionReader", "Frame"]


@dataclass
class Frame:
    """One reading of one cue: relations, subject and object spans, and the certainty cue.

    ``object_topic``: an object the clause leaves unsaid is the page's topic ("X is a common
    trigger"); ``object_status``: the object is the ontology's status that the cause is not known;
    ``named``: a list's frame said by a noun alone ("Secondary causes:", "common factors"), which an
    item that says its own relation does not take.
    """

    relations: tuple[str, ...]
    subject: tuple[int, int]
    object: tuple[int, int]
    cue: tuple[int, int]
    certainty: str
    negated: bool
    quantifier: str | None = None
    subject_is_cue: bool = False
    object_topic: bool = False
    object_status: bool = False
    verb: str = ""  # the cue's own word, lower case ("reduces")
    named: bool = False  # said with a noun of a lead-in or heading ("Risk factors"), not with a verb


#: People named by a kind, who are the subject themselves ("women are more likely to get RLS").
_A_KIND_OF_PEOPLE = (
    r"(?:(?:pregnant|older|elderly|young|younger|middle-aged|obese|overweight)\s+)?(?:women|men|females|males|"
    r"adults|smokers|drinkers|children|teenagers|the elderly|older people)"
)
#: ..., after a word that leads a sentence on ("For example, ...") and coordinated ("the elderly and pregnant women").
_KIND_OF_PEOPLE = (
    r"(?:(?:for example|for instance|in particular|also|similarly|likewise),?\s+)?"
    rf"(?P<s>{_A_KIND_OF_PEOPLE}(?:(?:,\s*|,?\s+(?:and|or)\s+){_A_KIND_OF_PEOPLE})*)"
)
_COPULA = (
    r"(?:\s+(?:also|often|usually|generally))?(?:\s+(?:are|is|may be|might be|can be|were|tend to be|seem to be))?"
)
_HOW_MUCH = (
    r"(?:\s+(?:also|much|far|slightly|somewhat|significantly|nearly|almost|about|around|roughly|\w+\s+times|twice|"
    r"three times))*"
)
#: "X plays a large part", "X and Y are thought to be implicated": a part in the condition, its object unsaid.
_ROLE = re.compile(
    r"^(?P<s>.+?)\s+(?P<v>(?:(?:also|may|might|can|could|often|is|are|thought to|believed to|likely to|be)\s+)*"
    r"(?:plays?|playing|has|have)\s+an?\s+(?:\w+\s+){0,2}(?:part|role)|"
    r"(?:(?:is|are|may be|might be|have been|has been)\s+)(?:(?:also|often|thought to be|believed to be|strongly)\s+)*"
    r"implicated)(?:\s+in\s+(?P<o>[^,;]+?))?(?=\s*[,;]|\s+(?:with|in)\b|[.;,]?$)",
    re.I,
)
#: "a higher risk of RLS in those who have relatives with it": the trait of the people is the risk.
_RISK_IN = re.compile(
    r"\b(?P<v>(?:higher|greater|increased|elevated|raised) (?:risk|chance|likelihood)) (?:of|for) (?P<o>.+?) "
    r"(?:in|among) (?:those|people|persons|individuals|anyone|someone|women|men|adults|children) "
    r"(?:who (?:have|has|had|are)|with) (?P<s>.+?)[.;]?$",
    re.I,
)
#: "If you are pregnant, you are more likely to experience RLS": what you are or have is the risk.
_IF_YOU = re.compile(
    r"\b(?:if|when) you(?: (?:are|have|had|were)|['\u2019](?:re|ve)) (?!it\b)(?P<s>[^,;]+?),? (?:then )?"
    r"you(?: (?:are|may be|might be|will be|could be)|['\u2019]re) "
    r"(?P<v>(?:\w+ )?(?:more likely|likelier|at (?:a )?(?:higher|greater|increased) risk)) "
    r"(?:to (?:\w+ )?|of |for )?(?P<o>.+?)[.;]?$",
    re.I,
)
#: "You're more likely to get it if you're older, a woman or pregnant": what you are or have is the risk.
_YOU_IF = re.compile(
    r"\byou(?:['\u2019]re|\s+are)\s+"
    r"(?P<v>(?:(?!not\b|never\b|no\b)\w+\s+)?(?:more likely|likelier|at (?:a )?(?:higher|greater|increased) risk))"
    r"\s+(?:to\s+(?:suffer from|get|develop|have|experience|be affected by)\s+|of\s+|for\s+)(?P<o>.+?),?\s+"
    r"(?:if|when)\s+you(?:['\u2019](?:re|ve)|\s+(?:are|have|had|were))?\s+(?P<s>[^;]+?)[.;]?$",
    re.I,
)
#: What helps of itself, not by being stopped: "reducing triggers, regular exercise, and medications can help".
_HELPS = re.compile(
    r"\b(?:exercise|medications?|medicines?|therap(?:y|ies)|treatments?|massage|stretch\w*|supplements?)\b", re.I
)
#: A sentence that lists treatments: what it says to avoid relieves the condition.
_TREATMENTS_INCLUDE = re.compile(
    r"\b(?:treatments?|self-help measures|lifestyle changes|home remedies)\b[^.]{0,40}?\b(?:include|includes|are)\b",
    re.I,
)
#: "the association between X and Y", "a link between X and Y".
_BETWEEN = re.compile(
    r"\b(?P<v>(?:association|link|connection|relationship|correlation)s?) between (?P<s>.+?) and\b\s*(?P<o>[^,;.]+)",
    re.I,
)
#: "researchers associate X with Y", "the genetic variants researchers associate with RLS".
_ASSOCIATE = re.compile(
    r"\b(?P<v>associate[sd]?|link(?:s|ed)?|connect(?:s|ed)?) (?P<s>.+?) with (?P<o>[^,;.]+)|"
    r"^(?:\w+\s+){0,3}?(?P<s2>[\w\s'-]+?) (?:that )?(?:researchers|scientists|experts|doctors|studies) (?:have )?"
    r"(?P<v2>associated?|linked?) with (?P<o2>[^,;.]+)",
    re.I,
)
#: What people come to have during a state: "Some women experience RLS during pregnancy" (a link of the two).
_DURING = re.compile(
    r"\b(?P<v>(?:experience|develop|get|have|suffer from)s?)\s+(?P<o>(?:[\w'\u2019/-]+\s+){0,5}?[\w'\u2019/-]+)\s+"
    r"during\s+(?P<s>[^,;.]+)",
    re.I,
)
#: People of a state who have the condition: "20 out of 100 pregnant women develop RLS".
_KIND_HAVE = re.compile(
    r"\b(?P<s>pregnant|obese|overweight|diabetic|anemic|anaemic)\s+(?:women|people|adults|patients|mothers|"
    r"individuals)\s+(?:\w+\s+)?(?P<v>(?:develop|experience|have|get|suffer from)s?)\s+(?P<o>[^,;]+?)[.;]?$",
    re.I,
)
#: A finding in people with the condition: "diminished brain iron in patients with RLS", "ferritin is low in RLS
#: patients".
_IN_PATIENTS = re.compile(
    r"^(?P<s>.+?)(?:,?\s+(?:is|are|was|were)\s+(?P<adj>low|high|reduced|diminished|decreased|elevated|increased|"
    r"common|frequent|present|abnormal))?\s+(?P<v>in|among)\s+(?:(?:patients|people|persons|individuals|those|adults|"
    r"children|women|men)\s+with\s+(?P<o>[\w\s'-]+?)|(?P<o2>[\w-]+)\s+(?:patients|sufferers))(?=\s+(?:even|despite|who|"
    r"when|whose|and|but)\b|[,.;]|$)",
    re.I,
)
_GENETIC = re.compile(
    r"\b(?P<o>(?:restless legs? syndrome|RLS|it|the condition|the disorder)(?:\s*\([^)]*\))?)\s+"
    r"(?:(?:is|are|can be|may be|is thought to be|is believed to be|appears to be|seems to be|is often|is usually|"
    r"is sometimes|often is)\s+)+(?P<v>genetic|inherited|hereditary)\b",
    re.I,
)


class ConstructionReader(PhraseReader):
    """The constructions of a reader (see :class:`rlskg.curate.extract.Reader`)."""

    cues: CueTable
    cue_re: re.Pattern[str]
    ontology: Ontology
    _finding: dict[tuple[int, int], str]
    _unit: Unit | None

    @cached_property
    def _people(self) -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
        """One pattern per people cue of the table, with "people with X" and "women" as subjects."""
        found = []
        for cue in self.cues.relation_cues("people"):
            for phrase in cue.phrases:
                words = phrase_pattern(phrase, "o")
                tail = r"" if "<x>" in phrase else r"\s+(?P<o>.+?)"
                end = r"(?:\s+than\b.*)?[.;]?$"
                found.append(
                    (re.compile(PEOPLE + _COPULA + _HOW_MUCH + rf"\s+(?P<v>{words}){tail}{end}", re.I), cue.relations)
                )
                found.append(
                    (
                        re.compile(rf"^{_KIND_OF_PEOPLE}{_COPULA}{_HOW_MUCH}\s+(?P<v>{words}){tail}{end}", re.I),
                        cue.relations,
                    )
                )
        return found

    @cached_property
    def _noun_subjects(self) -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
        """Noun cues whose subject stands after "is": "the strongest risk factor ... is iron insufficiency"."""
        found = []
        for cue in self.cues.relation_cues("noun"):
            words = cue.pattern("x")
            link = r"(?P<link>associated with|linked to|related to|connected to)"
            copula = r"(?:is|are|was|were|may be|might be|seems to be|appears to be|remains?)"
            pattern = (
                rf"\b(?:the|a|an|one of the)\s+{NOUN_LEAD}(?P<v>{words})(?:\s+(?:of|for|in|behind|{link})\s+"
                rf"(?P<o>[^,;]+?))?\s+{copula}\s+"
                r"(?!(?:not|unknown|unclear|still|yet|poorly|largely|thought|believed|ongoing|under)\b)"
                r"(?P<s>[^,;]+?)[.;]?$"
            )
            found.append((re.compile(pattern, re.I), cue.relations))
        return found

    @cached_property
    def _stopping(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        stop = self.cues.words("stopping").pattern
        chained = rf"(?:{stop})(?:\s+(?:or|and)\s+(?:complete\s+|total\s+)?(?:{stop}))*"
        return re.compile(chained, re.I), self.cues.relief

    def _span(self, cs: int, m: re.Match[str], group: str) -> tuple[int, int]:
        start = cs + m.start(group)
        return (start, clause_end(self.masked, start, cs + m.end(group)))

    def _frame(
        self,
        clause: tuple[int, int],
        m: re.Match[str],
        relations: tuple[str, ...],
        spans: tuple[tuple[int, int], ...],
        **kw: object,
    ) -> Frame:
        cs, _ = clause
        v = str(kw.get("verb") or "v")
        reading = read_certainty(self.cues, self.text, clause, cs + m.start(v), (cs + m.start(v), cs + m.end(v)))
        quantifier = kw.get("quantifier")
        return Frame(
            relations,
            spans[0],
            spans[1],
            (min(reading.cue_start, cs + m.start(v)), reading.cue_end),
            reading.certainty,
            reading.negated,
            quantifier if isinstance(quantifier, str) else None,
            bool(kw.get("subject_is_cue")),
            object_topic=True,
        )

    def _special(self, cs: int, ce: int) -> list[Frame] | None:
        """Frames of the constructions of a clause, or None when it has none of them."""
        clause = self.masked[cs:ce]
        if (m := MAIN_CAUSE.search(clause)) is not None:
            o = self._span(cs, m, "o") if m.group("o") else (cs, cs)
            return [self._frame((cs, ce), m, ("causes",), (self._span(cs, m, "s"), o), quantifier=m.group("q").lower())]
        for pattern, relations in self._noun_subjects:
            if (m := pattern.search(clause)) is not None:
                o = self._span(cs, m, "o") if m.group("o") else (cs, cs)
                frames = [self._frame((cs, ce), m, relations, (self._span(cs, m, "s"), o))]
                if m.group("link"):  # "the strongest risk factor associated with RLS": a link as well
                    frames.append(self._frame((cs, ce), m, ("associatedWith",), (self._span(cs, m, "s"), o)))
                return frames
        if (m := USES_TO_CONTROL.search(clause)) is not None:
            return [
                self._frame((cs, ce), m, ("isNeededFor", "affects"), (self._span(cs, m, "s"), self._span(cs, m, "o")))
            ]
        if (m := USES_TO_MAKE.search(clause)) is not None:
            frames = [self._frame((cs, ce), m, ("isUsedToMake",), (self._span(cs, m, "s"), self._span(cs, m, "o")))]
            if m.group("o2"):
                spans = (self._span(cs, m, "s"), self._span(cs, m, "o2"))
                frames.append(self._frame((cs, ce), m, ("isNeededFor", "affects"), spans))
            return frames
        if (m := _RISK_IN.search(clause) or _IF_YOU.search(clause) or _YOU_IF.search(clause)) is not None:
            return [self._frame((cs, ce), m, ("increasesRiskOf",), (self._span(cs, m, "s"), self._span(cs, m, "o")))]
        for pattern, relations in self._people:
            m = pattern.search(clause)
            if m is not None and not self.cue_re.search(self.masked, cs, cs + m.start()):  # the people are the subject
                o = self._span(cs, m, "o") if m.group("o") else (cs, cs)
                return [self._frame((cs, ce), m, relations, (self._span(cs, m, "s"), o))]
        if (m := PEOPLE_ONSET.search(clause)) is not None:
            spans = (self._span(cs, m, "s"), self._span(cs, m, "o"))
            return [self._frame((cs, ce), m, ("advancesOnsetOf", "associatedWith"), spans)]
        return self._stopping_frames(cs, ce) or self._other_frames(cs, ce)

    def _stopping_frames(self, cs: int, ce: int) -> list[Frame] | None:
        """Frames of "Y gets better if X is stopped", "stopping X may help", "symptoms improve if you stop X"."""
        clause = self.masked[cs:ce]
        if (m := STOPPING.search(clause)) is not None:
            return [self._frame((cs, ce), m, ("stoppingImproves",), (self._span(cs, m, "s"), self._span(cs, m, "o")))]
        stop_words, relief_words = self._stopping
        relief = relief_words.search(self.masked, cs, ce)
        stop = stop_words.search(self.masked, cs, ce)
        if stop is not None and relief is None and self._in_treatment(cs, stop.start()):
            # "Treatment may include lifestyle changes ...; avoidance of tobacco, alcohol, caffeine"
            subject = (stop.end(), clause_end(self.masked, stop.end(), ce))
            return [Frame(("stoppingImproves",), subject, (cs, cs), (stop.start(), stop.end()), "stated", False)]
        if relief is None or stop is None:
            return None
        if stop.start() < relief.start():
            # "Cutting out caffeine can provide some relief": what is stopped is the phrase after the stopping word
            subject = object_after(self.masked, stop.end(), relief.start()) or (stop.end(), relief.start())
            helps = _HELPS.search(self.masked, *subject)
            if helps is not None:  # "reducing triggers, regular exercise, and medications can help": what helps
                parts = list(re.finditer(r",|\s(?:and|or)\s", self.masked[subject[0] : helps.start()]))
                subject = (subject[0], subject[0] + parts[0].start()) if parts else subject
            obj = (relief.end(), clause_end(self.masked, relief.end(), ce))
        elif re.search(r"\b(?:if|when|once|after|by)\b", self.masked[relief.end() : stop.start()], re.I):
            subject = (stop.end(), clause_end(self.masked, stop.end(), ce))
            obj = (cs, relief.start())
        else:
            return None
        reading = read_certainty(self.cues, self.text, (cs, ce), relief.start(), (relief.start(), relief.end()))
        cue = (min(stop.start(), reading.cue_start), max(stop.end(), reading.cue_end))
        return [Frame(("stoppingImproves",), subject, obj, cue, reading.certainty, reading.negated, object_topic=True)]

    def _in_treatment(self, cs: int, stop: int) -> bool:
        """Whether a stopping phrase opens its clause in a sentence that lists treatments."""
        unit = self._unit
        if unit is None or self.masked[cs:stop].strip(" ,-") not in ("", "such as", "including", "and"):
            return False
        return _TREATMENTS_INCLUDE.search(self.masked, unit.start, cs) is not None

    def _other_frames(self, cs: int, ce: int) -> list[Frame] | None:
        clause = self.masked[cs:ce]
        if (m := FAMILIES.search(clause)) is not None and not self._has_cue(cs + m.end(), ce):
            # what runs in families is the noun phrase before the verb ("as it runs in families": it)
            before = subject_before(self.masked, cs, cs + m.start("v"))
            spans = (self._span(cs, m, "v"), before or (cs, cs + m.start("v")))
            return [self._frame((cs, ce), m, ("increasesRiskOf",), spans, subject_is_cue=True)]
        for pattern, groups in ((_BETWEEN, ("s", "o")), (_ASSOCIATE, ("s", "o")), (_ASSOCIATE, ("s2", "o2"))):
            m = pattern.search(clause)
            if m is not None and m.group(groups[0]) and m.group(groups[1]):
                verb = "v" if m.group("v") else "v2"
                spans = (self._span(cs, m, groups[0]), self._span(cs, m, groups[1]))
                return [self._frame((cs, ce), m, ("associatedWith",), spans, verb=verb)]
        if (m := _IN_PATIENTS.search(clause)) is not None and not self._has_cue(cs, ce) and self.topic:
            found = self._in_patients(cs, ce, m)
            if found:
                return found
        if (m := _ROLE.search(clause)) is not None and not self._has_cue(cs, min(ce, cs + m.end("v") + 4)):
            o = self._span(cs, m, "o") if m.group("o") else (cs + m.end("v"), cs + m.end("v"))
            subject = bare_subject(self.masked, *self._span(cs, m, "s"))  # "they suspect that genes play a role"
            return [self._frame((cs, ce), m, ("contributesTo", "affects"), (subject, o))]
        if (m := _GENETIC.search(clause)) is not None:
            spans = ((cs + m.start("v"), cs + m.end("v")), self._span(cs, m, "o"))
            return [self._frame((cs, ce), m, ("causes",), spans, subject_is_cue=True)]
        if (m := _DURING.search(clause) or _KIND_HAVE.search(clause)) is not None and not self._has_cue(cs, ce):
            found = [self._frame((cs, ce), m, ("associatedWith",), (self._span(cs, m, "s"), self._span(cs, m, "o")))]
            if self._of_topic(*found[0].object):  # "Some women experience RLS during pregnancy"
                return found
        if (m := PEOPLE_HAVE.search(clause)) is not None and not self._has_cue(cs, ce):
            # people who have the condition and also have something: a link (its effects are set phrases)
            return [self._frame((cs, ce), m, ("associatedWith",), (self._span(cs, m, "s"), self._span(cs, m, "o")))]
        return None

    def _of_topic(self, start: int, end: int) -> bool:
        """Whether words name the page's topic, alone or by its symptoms ("RLS", "symptoms of RLS", not "symptoms")."""
        words = self.masked[start:end]
        named = bool(self._topic_names_in(words))
        phrase = self._phrase(start, end)
        return named and (phrase.kind == "topic" or all(m.id == self.topic for m in phrase.mentions))

    def _in_patients(self, cs: int, ce: int, m: re.Match[str]) -> list[Frame]:
        """A finding in people with the topic; "ferritin is low" names the finding "low ferritin"."""
        group = "o" if m.group("o") else "o2"
        named = self.index.ground(m.group(group))
        if named is None or named.id != self.topic:
            return []
        subject = bare_subject(self.masked, *self._span(cs, m, "s"))
        frame = self._frame((cs, ce), m, ("associatedWith",), (subject, self._span(cs, m, group)))
        if m.group("adj"):
            self._finding[frame.subject] = m.group("adj").lower()
        return [frame]

    def _has_cue(self, cs: int, ce: int) -> bool:
        return self.cue_re.search(self.masked, cs, ce) is not None

    def _status_frames(self, cs: int, ce: int) -> list[Frame]:
        """Frames of "the cause of X is unknown", "idiopathic", "no known cause": X's cause is not known."""
        relation = next((r.name for r in self.ontology.relations.values() if r.kind == "status"), None)
        words = self.cues.status.search(self.masked, cs, ce)
        if relation is None or words is None:
            return []
        old = STATUS.search(self.masked[cs:ce])
        subject = self._span(cs, old, "s") if old is not None and old.group("s") else (cs, cs)
        return [
            Frame((relation,), subject, (cs, cs), (words.start(), words.end()), "stated", False, object_status=True)
        ]
