"""The words of relations on health pages: the cue table and the constructions around it.

Each cue names the relations it may stand for, most specific first; the reader uses the first that
the ontology defines, with the ontology's kind. The regular expressions here are data the reader
interprets: verbs with their auxiliaries, constructions whose subject is not left of the verb
("the main cause of Y is X", "people with X are more likely to develop Y"), and the words that
mark lists, examples, anaphora and generic phrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ANAPHOR",
    "APPOSITIVE",
    "AUX",
    "CONDITIONAL",
    "COPULA",
    "COPULA_NOUN",
    "CUES",
    "CUE_RE",
    "ENUMERATION",
    "EXAMPLES",
    "FAMILIES",
    "INCLUDE",
    "LEADING",
    "MAIN_CAUSE",
    "NIXING",
    "NOUN_BEFORE",
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
    "USES_TO_MAKE",
    "WITHDRAWAL",
    "Cue",
]


@dataclass(frozen=True)
class Cue:
    """A verb or phrase that says a relation: its pattern, the relations it may name, and its voice."""

    pattern: str
    relations: tuple[str, ...]  # preferred first
    passive: bool = False


AUX = (
    r"(?:(?:also|often|usually|sometimes|even|both|still|commonly|frequently|generally|not|never|no longer|"
    r"can(?:not)?|may|might|could|will|would|should|must|do|does|did|don['\u2019]t|doesn['\u2019]t|"
    r"didn['\u2019]t|can['\u2019]t|(?:is|are|was|were|had been) (?:once |long |previously |now )?"
    r"(?:thought|believed|known|said|suspected) to|seems? to|appears? to|tends? to|is|are|was|were|be|been|"
    r"being|have|has|had|\w+ly)\s+)*"
)

#: Relation cues of health pages. The verb group ``v`` is the cue's core.
CUES: tuple[Cue, ...] = (
    Cue(r"(?:caused|brought on|set off) by", ("causes",), passive=True),
    Cue(r"triggered by", ("triggers",), passive=True),
    Cue(r"due to|because of|a (?:result|consequence) of", ("causes",), passive=True),
    Cue(r"worsened by|made worse by", ("worsens",), passive=True),
    Cue(
        r"(?:increase[sd]?|raise[sd]?) (?:your |the |a person['\u2019]s |their |one['\u2019]s )?"
        r"(?:risk|chances?|odds) (?:of|for)(?: developing| getting| having)?",
        ("increasesRiskOf",),
    ),
    Cue(
        r"(?:is|are) (?:a |an )?(?:common |major |main |known |strong )?risk factors? (?:of|for)", ("increasesRiskOf",)
    ),
    Cue(
        r"(?:a |an |the |one )?(?:(?:common|main|major|leading|known|possible|rare|frequent|likely|important) )*"
        r"causes? of",
        ("causes",),
    ),
    Cue(r"cause[sd]?|causing", ("causes",)),
    Cue(r"bring(?:s)? on|brought on|set(?:s)? off", ("triggers",)),
    Cue(r"trigger(?:s|ed)?", ("triggers",)),
    Cue(r"worsen(?:s|ed)?|aggravate[sd]?", ("worsens",)),
    Cue(r"make[s]? (?P<obj>[\w\s'\u2019-]{1,40}?) worse", ("worsens",)),
    Cue(r"contribute[sd]? to", ("contributesTo", "affects")),
    Cue(r"affect(?:s|ed)?|lower(?:s|ed)?|reduce[sd]?|deplete[sd]?", ("affects",)),
    Cue(r"works? (?:in|on)", ("affects",)),
    Cue(r"lead(?:s)? to|led to|result(?:s|ed)? in", ("leadsTo",)),
    Cue(r"steal(?:s)?|rob(?:s)? (?:you )?of|disrupt(?:s)?", ("leadsTo",)),
    Cue(r"(?<=can )mean", ("leadsTo",)),
    Cue(r"(?:closely |strongly |often )?(?:linked|related|associated|tied|connected) (?:to|with)", ("associatedWith",)),
    Cue(r"used (?:to treat|for treating|against)", ("treats",)),
    Cue(r"treat(?:s)?", ("treats",)),
)

CUE_RE = re.compile(
    "|".join(
        rf"(?P<c{i}>{AUX}\b(?P<v{i}>{cue.pattern.replace('(?P<obj>', f'(?P<obj{i}>')})\b)" for i, cue in enumerate(CUES)
    ),
    re.I,
)
COPULA_NOUN = re.compile(r"\b(?:are|is|were|was)\s+(?:triggers|causes)$", re.I)
NOUN_BEFORE = re.compile(r"\b(?:the|a|an|no|main|specific|common|possible|its|their|what|known|exact|root)\s*$", re.I)
EXAMPLES = re.compile(r",?\s*\b(?:such as|including|like|for example,?|e\.g\.,?)\s+", re.I)
ANAPHOR = re.compile(
    r"^(?:(?:all|both|each|any|many|some|most)\s+(?:of\s+)?)?(?:these|those|they|them|such)\b|"
    r"^the\s+(?:medicines?|drugs?|medications?|substances?|conditions|things|factors|triggers)\s*$",
    re.I,
)
APPOSITIVE = re.compile(
    r"^(?:a|an)\s+(?:\w+\s+)?(?:medicines?|drugs?|medications?|conditions?|diseases?|types?|kinds?|forms?)\b", re.I
)
CONDITIONAL = re.compile(r"^(?:if|when|whether|unless|do|does|can|could|should|ask|talk|see)\b", re.I)
TOPIC = re.compile(
    r"^(?:it|it['\u2019]s|its|the (?:disorder|condition|syndrome|disease|symptoms?)|(?:\w+ )?symptoms?)\b", re.I
)
LEADING = re.compile(
    r"^(?:\s|[,;:\-\u2013\u2014\"\u201c]|\b(?:however|and|or|but|also|then|so|that|which|to|in many cases|"
    r"in some cases|often|sometimes|usually)\b)+",
    re.I,
)
TRAILING = re.compile(r"(?:\s|[,;:.\-\"\u201d]|\b(?:that|which|who|and|or|but|also|both)\b)+$", re.I)
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
USES_TO_MAKE = re.compile(
    r"\b(?P<v>uses?) (?P<s>[\w\s-]+?) to (?:make|produce|build|create) (?P<o>[^;.]+?)"
    r"(?: and to (?P<v2>\w+) (?P<o2>[^;.]+?))?[.;]?$",
    re.I,
)
PEOPLE = (
    r"\b(?:[Mm]ost |[Mm]any |[Ss]ome )?(?:people|those|patients|women|men|children|adults|anyone) "
    r"(?:with|whose|who have|who had) (?P<s>.+?)"
)
PEOPLE_RISK = re.compile(
    PEOPLE + r" (?:also )?(?:are|is) (?P<v>(?:more|much more) likely to (?:develop|get|have)) (?P<o>.+?)[.;]?$", re.I
)
PEOPLE_ONSET = re.compile(PEOPLE + r" (?P<v>tend to (?:get|develop)) (?P<o>.+?) earlier\b.*$", re.I)
PEOPLE_HAVE = re.compile(PEOPLE + r" (?P<v>(?:often |usually )?have) (?P<o>.+?)[.;]?$", re.I)
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
    r"\b(?P<v>(?:(?:seems?|appears?|tends?) to |often |may |can )?(?:runs?|running) in (?:the )?famil(?:y|ies))\b", re.I
)


COPULA = re.compile(
    r"\s+(?:are|is|were|was)\s+(?:(?:a|an|the|common|known|possible|likely|main|major)\s+)?"
    r"(?:triggers?|factors?|things?|causes?|conditions?|substances?|medicines?)\s+(?:that|which)\s*$",
    re.I,
)
REPORTED = re.compile(
    r"\b(?:(?:suggests?|shows?|say|says|know|knows) that|(?:think|thinks|believe|believes|suspect|suspects|found)"
    r"(?: that)?)\s+",
    re.I,
)
