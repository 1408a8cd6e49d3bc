"""The words of relations on health pages: the cue table and the constructions around it.

Each cue names the relations it may stand for, most specific first; the reader uses the first that
the ontology defines, with the ontology's kind. The regular expressions here are data the reader
interprets: verbs with their auxiliaries, constructions whose subject is not left of the verb
("the main cause of Y is X", "people with X are more likely to develop Y"), and the words that
mark lists, examples, anaphora and generic phrases.
"""

from __future__ import annotations

import re

from rlskg.curate.cues import Cue, CueTable, phrase_pattern

__all__ = [
    "ANAPHOR",
    "APPOSITIVE",
    "AUX",
    "BARE_LEAD",
    "CONDITIONAL",
    "COPULA",
    "COPULA_NOUN",
    "ENUMERATION",
    "EXAMPLES",
    "FAMILIES",
    "INCLUDE",
    "LEADING",
    "MAIN_CAUSE",
    "NIXING",
    "NOUN_BEFORE",
    "NOUN_LEAD",
    "PEOPLE",
    "PEOPLE_HAVE",
    "PEOPLE_ONSET",
    "PEOPLE_RISK",
    "QUANTIFIER",
    "REPORTED",
    "STATUS",
    "STOPPING",
    "TOPIC",
    "TRAILING",
    "USES_TO_CONTROL",
    "USES_TO_MAKE",
    "WITHDRAWAL",
    "YES_NO_QUESTION",
    "relation_pattern",
]


AUX = (
    r"(?:(?:also|often|usually|sometimes|even|both|still|commonly|frequently|generally|not|never|no longer|"
    r"can(?:not)?|may|might|could|will|would|should|must|do|does|did|don['\u2019]t|doesn['\u2019]t|"
    r"didn['\u2019]t|can['\u2019]t|(?:is|are|was|were|had been) (?:once |long |previously |now )?"
    r"(?:thought|believed|known|said|suspected|considered) to|seems? to|appears? to|tends? to|is|are|was|were|be|been|"
    r"being|have|has|had|\w+ly)\s+)*"
)

#: Articles and adjectives that may stand before a cue noun ("one of the most common causes of").
NOUN_LEAD = (
    r"(?:(?:a|an|the|one|one of the|some of the|another|other|two|three|several|an additional|additional)\s+)?"
    r"(?:(?:most|more|very|single|well-documented|biological|common|main|major|leading|known|possible|rare|"
    r"frequent|likely|important|primary|principal|key|strong|strongest|significant|potential|environmental|"
    r"secondary|additional|underlying|usual|other|consistent|probable|recognised|recognized|frequent|direct|sole|"
    r"only|root|real|true|proven|established|important|big|biggest|leading)\s+){0,4}"
)
_PREPOSITION = r"(?:\s+(?:of|for|in|to|behind|with))"


def _phrase(phrase: str, i: int) -> str:
    return phrase_pattern(phrase, f"obj{i}")


def relation_pattern(table: CueTable) -> tuple[list[Cue], re.Pattern[str]]:
    """The relation cues that stand between subject and object, and one pattern that finds them.

    Verb and passive cues stand as the table gives them; a noun cue stands as "(is) a common
    <noun> of". Group ``c{i}`` is the whole match of cue ``i`` with its auxiliaries, ``v{i}`` its
    own words and ``obj{i}`` a gap inside the phrase.
    """
    # at one place the longer reading wins: "caused by" (passive) before "caused" (verb), "the cause of" before "cause"
    cues = table.relation_cues("passive") + table.relation_cues("noun") + table.relation_cues("verb")
    parts = []
    for i, cue in enumerate(cues):
        words = cue.pattern(f"obj{i}")
        if cue.form == "noun":
            words = "|".join(
                rf"{NOUN_LEAD}(?:{_phrase(p, i)})"
                + ("" if re.search(r"\b(?:of|for|in|to|with|behind)$", p) else _PREPOSITION)
                for p in sorted(cue.phrases, key=len, reverse=True)
            )
        parts.append(rf"(?P<c{i}>{AUX}\b(?P<v{i}>{words})(?![\w-]))")
    return cues, re.compile("|".join(parts), re.I)


COPULA_NOUN = re.compile(r"\b(?:are|is|were|was)\s+(?:triggers|causes)$", re.I)
NOUN_BEFORE = re.compile(r"\b(?:the|a|an|no|main|specific|common|possible|its|their|what|known|exact|root)\s*$", re.I)
EXAMPLES = re.compile(r",?\s*\b(?:such as|including|like|for example,?|e\.g\.,?)(?:\s*:)?(?:\s+|$)", re.I)
#: A question answered yes or no ("Does caffeine cause RLS?"): it frames no list below it as claims,
#: while a question that asks what ("What causes RLS?") is answered by its list.
YES_NO_QUESTION = re.compile(
    r"^\W*(?:does|do|did|can|could|is|are|was|were|will|would|may|might|should|has|have)\b[^?]*\?\s*$", re.I
)
#: A lead-in that says no relation of its own, nor a hedge, only that a list follows: "These include:".
#: Its items take the frame above it (its parent item's, its heading's).
BARE_LEAD = re.compile(
    r"^\W*(?:these|they|examples?)\s+(?:include|includes|are)\s*:?\s*$",
    re.I,
)
ANAPHOR = re.compile(
    r"^(?:(?:all|both|each|any|many|some|most)\s+(?:of\s+)?)?(?:these|those|they|them|such)\b|"
    r"^the\s+(?:medicines?|drugs?|medications?|substances?|conditions|things|factors|triggers)\s*$|"
    r"^the\s+other\s+(?:conditions?|diseases?|disorders?|illness(?:es)?|problems?)\s*$",
    re.I,
)
APPOSITIVE = re.compile(
    r"^(?:a|an)\s+(?:\w+\s+)?(?:medicines?|drugs?|medications?|conditions?|diseases?|types?|kinds?|forms?)\b", re.I
)
CONDITIONAL = re.compile(
    r"^(?:if|when|whether|unless|do|does|can|could|should|ask|talk|see|learn|read|find out|discover|click|explore|"
    r"here['\u2019]?s)\b",
    re.I,
)
TOPIC = re.compile(
    r"^(?:it|it['\u2019]s|its|(?:the|this) (?:disorder|condition|syndrome|disease|symptoms?)|"
    r"(?:the|these) (?:feelings?|sensations?|urge|discomfort)(?: in (?:the|your) legs)?$|"
    r"(?:(?:the|your|these|its) )?(?:\w+ )?symptoms?)\b",
    re.I,
)
LEADING = re.compile(
    r"^(?:\s|[,;:\-\u2013\u2014\"\u201c\u2018\u2019'\u2022*]|\b(?:however|and|or|but|also|then|so|that|which|to|by|"
    r"in many cases|in some cases|in most cases|often|sometimes|usually|having|being|getting|both|either|"
    r"possibly|probably|perhaps|potentially|"
    r"taking|using|drinking|eating|consuming|existing|"
    r"therefore|thus|hence|in addition|additionally|furthermore|moreover|ultimately|normally|are|is|while|although|"
    r"though|whereas|"
    r"(?:a person|your|their|one|someone)['\u2019]s|"
    r"there (?:is|are|was|were)(?: \w+)? (?:evidence|signs?|indications?) (?:of|for|that)|there (?:is|are)|"
    r"there (?:appears|seems) to be)\b)+",
    re.I,
)
TRAILING = re.compile(
    r"(?:\s|[,;:.\-\u2013\u2014\"\u201d\u2019']|(?<=[.,)])\d{1,3}\b|\b(?:that|which|who|and|or|but|also|both|is|are|was|were|be|been|"
    r"being|may|might|can|could|will|would|should|has|have|had|often|usually|in|of|on|at|to|for|with|by|from|"
    r"(?:thought|believed|considered|known|said|"
    r"suspected|seems?|appears?|tends?) to)\b)+$",
    re.I,
)
QUANTIFIER = re.compile(
    r"^(?:the (?:\w+ )?most common|the main|the major|the leading|some|many|certain|several|most|all(?: of)?)\b", re.I
)
ENUMERATION = re.compile(
    r"^(?P<head>[\w\s'\u2019-]{0,60}?)\s*\b(?P<verb>include|includes|are|is|comprise)\b\s*"
    r"(?P<q>some|many|several|the following)?\s*:?\s*(?P<rest>.*?)[.;]?$",
    re.I,
)
INCLUDE = re.compile(r"\s+\b(?:include|includes)\b\s*(?:some|the following)?\s*:?\s*", re.I)
WITHDRAWAL = re.compile(r"^(?:withdrawal|stopping|quitting) (?:from |of )?", re.I)
STATUS = re.compile(
    r"\b(?P<v>causes?)\b(?: of (?P<s>[^,;]+?))? (?:is|are) (?:still )?"
    r"(?:not (?:yet )?(?:known|clear|understood)|unknown|unclear)|"
    r"\bno (?:known |clear |single )?(?P<v2>cause) (?:(?:can be|is|has been|could be) (?:found|identified)|for\b)",
    re.I,
)
MAIN_CAUSE = re.compile(
    r"\b(?P<q>the (?:main|most common|leading|primary|major|usual)) (?P<v>cause) (?:of (?P<o>.+?) )?"
    r"(?P<aux>is|are|may be|might be|seems to be) (?P<s>.+?)[.;]?$",
    re.I,
)
USES_TO_CONTROL = re.compile(
    r"\b(?P<v>uses?) (?P<s>[\w\s-]+?) to (?:control|regulate|coordinate) (?P<o>[^;.]+?)[.;]?$", re.I
)
USES_TO_MAKE = re.compile(
    r"\b(?P<v>uses?) (?P<s>[\w\s-]+?) to (?:make|produce|build|create) (?P<o>[^;.]+?)"
    r"(?: and to (?P<v2>\w+) (?P<o2>[^;.]+?))?[.;]?$",
    re.I,
)
PEOPLE = (
    r"\b(?:[Mm]ost |[Mm]any |[Ss]ome )?(?:people|those|patients|women|men|children|adults|anyone|individuals|persons|"
    r"sufferers) "
    r"(?:with|whose|who have|who had|who are|who take|taking(?! part\b)|who) (?P<s>.+?)"
)
PEOPLE_RISK = re.compile(
    PEOPLE + r" (?:also )?(?:are|is) (?P<v>(?:more|much more) likely to (?:develop|get|have)) (?P<o>.+?)[.;]?$", re.I
)
PEOPLE_ONSET = re.compile(PEOPLE + r" (?P<v>tend to (?:get|develop)) (?P<o>.+?) earlier\b.*$", re.I)
PEOPLE_HAVE = re.compile(
    PEOPLE + r" (?P<v>(?:(?:often|usually|also|commonly|frequently) )*(?:have|experience|suffer from|develop)) "
    r"(?P<o>.+?)[.;]?$",
    re.I,
)
STOPPING = re.compile(
    r"^(?P<o>.+?) (?P<v>(?:\w+ )?(?:may |can |will |often )?(?:get|gets|got) better|improve[s]?|go(?:es)? away)"
    r"(?: or (?:may |can )?(?:even )?(?:go(?:es)? away|improve))? (?:if|when|after|once) "
    r"(?P<s>.+?) (?:is|are) (?:stopped|removed|avoided|cut out)[.;]?$",
    re.I,
)
NIXING = re.compile(
    r"\b(?P<v>nixing|stopping|quitting|avoiding|cutting out|cutting back on|giving up) (?P<s>[\w\s-]+?)"
    r" (?:will |can |may |often |should |might )?(?:help|helps|ease|eases|improve|improves)\b",
    re.I,
)
FAMILIES = re.compile(
    r"\b(?P<v>(?:(?:seems?|appears?|tends?) to |often |may |can |sometimes |usually |commonly |frequently )?"
    r"(?:runs?|running) in (?:the )?famil(?:y|ies))\b",
    re.I,
)


COPULA = re.compile(
    r"\s+(?:are|is|were|was)\s+(?:(?:a|an|the|common|known|possible|likely|main|major)\s+)?"
    r"(?:triggers?|factors?|things?|causes?|conditions?|substances?|medicines?)\s+(?:that|which)\s*$",
    re.I,
)
REPORTED = re.compile(
    r"\b(?:(?:suggests?|shows?|say|says|know|knows|is|was) that|it is (?:\w+ )?(?:certain|clear|known|likely|"
    r"possible|thought|believed|accepted) that|"
    r"(?:think|thinks|believe|believes|suspect|suspects|found)(?: that)?|(?:reveals?|revealed) that|"
    r"(?:has|have) (?:identified|found|shown|"
    r"discovered|linked)|"
    r"supports? the (?:concept|idea|theory|hypothesis|view) (?:of|that)|(?:indicating|indicates|showing|shows|"
    r"demonstrating|demonstrates|confirming|confirms) that|"
    r"points to research (?:indicating|showing|suggesting) that)\s+",
    re.I,
)


def mask_parentheses(text: str) -> str:
    """``text`` with every parenthesis, brackets included, blanked out (same length, same offsets)."""
    out = list(text)
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        if depth:
            out[i] = " "
        if ch == ")" and depth:
            depth -= 1
    return "".join(out)


def parentheses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The top-level parentheses in ``text[start:end]`` as (open, close) offsets."""
    found, depth, opened = [], 0, 0
    for i in range(start, end):
        if text[i] == "(":
            if depth == 0:
                opened = i
            depth += 1
        elif text[i] == ")" and depth:
            depth -= 1
            if depth == 0:
                found.append((opened, i))
    return found


def clauses(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence split at semicolons, each part trimmed of its end punctuation."""
    parts, at = [], start
    for m in re.finditer(r";", masked[start:end]):
        parts.append((at, start + m.start()))
        at = start + m.end()
    parts.append((at, end))
    trimmed = []
    for left, right in parts:
        s, e = left, right
        while s < e and masked[s].isspace():
            s += 1
        while e > s and (masked[e - 1].isspace() or (masked[e - 1] in ".!" and len(parts) > 1)):
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def bare_subject(masked: str, start: int, end: int) -> tuple[int, int]:
    """A subject without its reporting frame ("research suggests that X") or copula ("X are triggers that")."""
    if CONDITIONAL.match(masked[start:end].strip()):  # "if you think a medicine is causing ..." is advice
        return start, end
    reported = None
    for reported in REPORTED.finditer(masked, start, end):  # noqa: B007 - the last one
        pass
    if reported is not None:
        start = reported.end()
    copula = COPULA.search(masked, start, end)
    if copula is not None:
        end = copula.start()
    return start, end


def clause_end(masked: str, start: int, end: int) -> int:
    """Where an object ends: before ", but", ", according to", " -- ", a colon list or the clause end."""
    m = re.search(
        r",\s+(?:but|which|while|although|though|who|whereas|according to)\b|\s+(?:--|\u2013|\u2014)\s|[.!?](?=\s|$)|"
        r",\s*[\"\u201d]|"
        r"\s+than\b|,\s+and\s+(?:there|it|this|they|these|we|you)\b",
        masked[start:end],
    )
    return start + m.start() if m else end
