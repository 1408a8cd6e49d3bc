"""Noun phrases beside a relation cue, found with the closed classes of English words.

No model is loaded: the word classes that close a noun phrase (determiners, pronouns, prepositions,
conjunctions, auxiliaries, adverbs and the verbs health pages use) are lists here, and a noun phrase
is what stands between them: modifiers and a head ("low serum ferritin"), a complement of a noun
that takes one ("deficiency in vitamin B12", "problems with dopamine"), a gerund with its object
("sitting for long periods", "taking certain medications"), and a coordination of such phrases ("A,
B, and C", "A as well as B"). The phrase after a cue is its object; the phrase that ends before it
its subject, or, when the cue is coordinated with an earlier verb ("causes problems ... and can lead
to"), the subject of the clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Token", "is_name", "object_after", "subject_before", "tokens"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DETERMINERS = _words(
    "a an the this that these those some any many much several certain other another each every all both few "
    "more most no such various numerous additional own"
)
PRONOUNS = _words("it its they them their theirs you your we our us he she his her him i me my someone anyone there")
PREPOSITIONS = _words(
    "of in on at to for from by with without about into onto over under between among through during before after "
    "since until within across against toward towards around near than as like via per despite"
)
CONJUNCTIONS = _words(
    "and or but nor yet so because although though while whereas if when whether unless where which that who whom "
    "whose what how why once then therefore thus hence however"
)
AUXILIARIES = _words(
    "is are was were be been being am have has had do does did can could may might will would shall should must "
    "isn't aren't wasn't weren't don't doesn't didn't can't cannot won't wouldn't haven't hasn't"
)
#: Adverbs that end "-ly" are adverbs too, but for these nouns and adjectives.
NOT_ADVERBS = _words("family early elderly daily only belly lonely ugly holy")
ADVERBS = _words(
    "also often usually sometimes even still very not never always already just again too almost quite rather "
    "perhaps maybe up down out off away together instead"
)
#: The verbs of health pages that are never a noun's modifier or head (their -ing forms may head a gerund).
VERBS = _words(
    "cause causes caused trigger triggers triggered lead leads led result results resulted include includes "
    "included affect affects affected make makes made play plays played seem seems seemed appear appears appeared "
    "occur occurs occurred develop develops developed experience experiences experienced get gets got take takes "
    "took taken use uses help helps helped become becomes became show shows showed shown suggest suggests "
    "suggested find finds found know knows knew known think thinks thought believe believes believed say says said "
    "report reports reported describe describes described struggle struggles suffer suffers suffered tend tends "
    "need needs want wants feel feels felt keep keeps go goes went gone come comes came give gives gave given start "
    "starts started begin begins began stop stops stopped improve improves improved worsen worsens worsened "
    "increase increases raise raises reduce reduces strike strikes struck run runs ran pass passes passed involve "
    "involves involved explain explains explained identify identifies identified link links associate associates "
    "contribute contributes contributed remain remains remained exist exists existed resolve resolves resolved "
    "disappear disappears disappeared relieve relieves relieved prevent prevents prevented see sees saw seen "
    "call calls called diagnose diagnosed treat treats treated damage damages damaged produce produces produced "
    "characterise characterised characterize characterized accompany accompanied wake wakes woke bring brings "
    "brought associated linked related connected due obtain obtains obtained contain contains contained "
    "place places placed measure measures measured check checks checked test tests tested order orders ordered "
    "look looks looked examine examines examined ask asks asked talk talks talked speak speaks spoke seek seeks "
    "sought learn learns learned read reads mean means meant allow allows allowed require requires required "
    "indicate indicates indicated support supports supported propose proposes proposed lessen lessens lessened "
    "relieve ease eases eased notice notices noticed feel move moves moved sit sits sat lie lies lay walk walks "
    "activate activates activated provoke provokes provoked"
)
#: Nouns whose complement ("of X", "in X", "with X") belongs to their phrase: "lack of iron", "problems with dopamine".
RELATIONAL = _words(
    "deficiency deficiencies lack shortage insufficiency level levels problem problems abnormality abnormalities "
    "dysfunction imbalance metabolism concentration concentrations damage disease diseases disorder disorders "
    "inability use loss history changes change disruption transmission conditions condition function amount "
    "amounts excess overuse withdrawal disturbance disturbances variety number kinds types forms stores "
    "communication control regulation failure injury injuries periods period development onset symptoms symptom "
    "signs risk cases severity"
)
#: People, whose "with" belongs to their phrase: "patients with elevated iron stores".
_PEOPLE_NOUNS = _words("people patients persons individuals adults children women men sufferers")
#: Places in the body, which belong to the phrase they follow: "iron in the brain".
PLACES = _words("brain body blood bloodstream legs leg nerves nerve spine spinal muscles muscle arms tissues cells")
#: Nouns whose complement is a verb's: "the inability to make good use of iron".
_ABILITY = _words("inability ability failure")
#: Words of a gerund that go with its verb: "lying down", "cutting back on".
PARTICLES = _words("down up out off back")
_CLOSED = DETERMINERS | PRONOUNS | PREPOSITIONS | CONJUNCTIONS | AUXILIARIES | ADVERBS
_TOKEN = re.compile(r"[A-Za-z0-9\u00c0-\u024f][\w'\u2019\u00c0-\u024f-]*|[^\w\s]")
_EXAMPLES = _words("such including like e.g")
_COMPLEMENT = ("of", "in", "with", "to", "for", "on")
#: The quantities "too" opens as part of a noun phrase: "too much caffeine".
_TOO = _words("much many little few")
#: Words that say where or when with "to" after a noun: "exercise close to bedtime".
_NEAR = _words("close near next prior")
#: Determiners that take "of" before the phrase they pick from: "any of these conditions".
_PARTITIVE = _words("any all some each many most both either none one several")


@dataclass(frozen=True)
class Token:
    """A word or a mark of punctuation, lower-cased, with its offsets."""

    text: str
    start: int
    end: int

    @property
    def word(self) -> bool:
        return self.text[0].isalnum()


def tokens(text: str, start: int, end: int) -> list[Token]:
    """The tokens of ``text[start:end]``."""
    return [Token(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _verb(word: str) -> bool:
    return word in VERBS or word in AUXILIARIES


def _content(token: Token) -> bool:
    """A word that may stand in a noun phrase: not a closed-class word, not a verb, not an adverb in -ly."""
    word = token.text
    if not token.word or word in _CLOSED or _verb(word):
        return False
    return not (word.endswith("ly") and word not in NOT_ADVERBS)


def _gerund(token: Token) -> bool:
    return token.word and token.text.endswith("ing") and len(token.text) > 4 and token.text not in _CLOSED


def _phrase_end(found: list[Token], i: int) -> int:
    """The index after the simple noun phrase that starts at ``found[i]`` (``i`` if none does)."""
    j = _skip(found, i + _too_much(found, i), DETERMINERS)
    gerund = j < len(found) and _gerund(found[j])
    if gerund:  # "sitting for long periods", "taking certain medications", "lying down in bed"
        j = _skip(found, j + 1, PARTICLES)
        if j < len(found) and found[j].text in PREPOSITIONS - {"than", "as", "like"}:
            j += 1
        j = _skip(found, j, DETERMINERS)
    if 0 < j < len(found) and found[j].text == "of" and found[j - 1].text in _PARTITIVE:
        j = _skip(found, j + 1, DETERMINERS)  # "having any of these conditions"
    start = j
    while j < len(found) and (_content(found[j]) or (j > start and _noun_use(found, j))):
        if j > start and found[j].text in _NEAR and j + 1 < len(found) and found[j + 1].text == "to":
            j = _skip(found, j + 2, DETERMINERS | PRONOUNS)  # "exercise close to bedtime": when belongs to it
            continue
        j += 1
        # a complement of a noun that takes one: "levels of ferritin", "problems with dopamine"
        if (
            j + 1 < len(found)
            and (found[j].text in _COMPLEMENT or (found[j].text == "with" and found[j - 1].text in _PEOPLE_NOUNS))
            and found[j - 1].text in RELATIONAL | _PEOPLE_NOUNS
            and (_content(found[j + 1]) or found[j + 1].text in DETERMINERS)
        ):
            j = _skip(found, j + 1, DETERMINERS)
        elif j + 1 < len(found) and found[j].text in ("in", "on", "of", "to") and _place(found, j + 1):
            j = _skip(found, j + 1, DETERMINERS | PRONOUNS)  # "iron in the brain": where it is belongs to it
        elif (
            j + 2 < len(found) and found[j - 1].text in _ABILITY and found[j].text == "to" and _verb(found[j + 1].text)
        ):
            j = _skip(found, j + 2, DETERMINERS | ADVERBS)  # "the brain's inability to use iron"
    if j > start:
        return j
    return start if gerund and start > i else i


def _too_much(found: list[Token], i: int) -> int:
    """1 where "too" opens a phrase of quantity ("too much caffeine", "too little sleep"), else 0."""
    return int(found[i].text == "too" and i + 1 < len(found) and found[i + 1].text in _TOO) if i < len(found) else 0


def _place(found: list[Token], j: int) -> bool:
    """Whether a place in the body follows: "the brain", "your legs", "the brain's"."""
    k = _skip(found, j, DETERMINERS | PRONOUNS)
    return k < len(found) and found[k].text.removesuffix("'s").removesuffix("\u2019s") in PLACES


def _noun_use(found: list[Token], j: int) -> bool:
    """Whether a verb's form stands as a noun after a modifier: "the faulty use of iron", "nerve damage to"."""
    word = found[j].text
    following = found[j + 1].text if j + 1 < len(found) else ""
    return word in VERBS and not word.endswith(("ed", "ing")) and following in _COMPLEMENT


def _skip(found: list[Token], j: int, words: frozenset[str]) -> int:
    while j < len(found) and found[j].text in words:
        j += 1
    return j


def object_after(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The (coordinated) noun phrase that starts at ``start``, within ``end``; None when none does.

    Examples
    --------
    >>> s = "can lead to low levels of ferritin and folate, which triggers it"
    >>> a, b = object_after(s, 12, len(s)); s[a:b]
    'low levels of ferritin and folate'

    """
    found = tokens(text, start, end)
    i = 0
    while i < len(found) and (found[i].text in ADVERBS or found[i].text in ("as", "being")) and not _too_much(found, i):
        i += 1
    j = _phrase_end(found, i)
    if j == i:
        return None
    last = j
    commas: list[int] = []  # a part after a bare comma belongs only to a list that has "and" or "or"
    listed = False
    while j < len(found):
        k = _coordinated(found, j)
        if k is None:
            break
        nxt = _phrase_end(found, k)
        if nxt == k or _has_verb(found, nxt):
            break  # "... dopamine and low ferritin may trigger it": the part with a verb of its own opens a clause
        if found[j].text == "," and k == j + 1:
            commas.append(j)
        else:
            listed = True
        j = last = nxt
    if commas and not listed:
        last = commas[0]
    comma = last < len(found) and found[last].text == ","
    if last + comma < len(found) and found[last + comma].text in _EXAMPLES:  # "conditions(,) such as A, B and C"
        cue = last + comma + (2 if found[last + comma].text == "such" else 1)
        end = _examples_end(found, last + comma)
        last = end if end > cue else last
    return found[i].start, found[last - 1].end


def _has_verb(found: list[Token], j: int) -> bool:
    """Whether a verb of a clause of its own follows at ``found[j]``: "..., and people with X often improve when".

    Auxiliaries that end the words ("caffeine, alcohol and nicotine can" before "help") are the verb of
    the whole coordination, not of its last part.
    """
    if all(t.text in AUXILIARIES | ADVERBS for t in found[j:]):
        return False
    if j < len(found) and (found[j].text in ADVERBS or found[j].text.endswith("ly")):
        j += 1
    return j < len(found) and _verb(found[j].text)


def _coordinated(found: list[Token], j: int) -> int | None:
    """Where the next part of a coordination starts after ``found[j]``, if one does."""
    words = [t.text for t in found[j : j + 3]]
    if words[:3] == ["as", "well", "as"]:
        return j + 3
    if words[:2] in (["along", "with"],):
        return j + 2
    if words[:2] in ([",", "and"], [",", "or"]):
        return j + 2
    if words[:1] in (["and"], ["or"], ["/"], [","], ["&"]):
        nxt = found[j + 1] if j + 1 < len(found) else None
        if nxt is not None and nxt.text in PREPOSITIONS - {"of"} and words[:1] != [","]:
            nxt = found[j + 2] if j + 2 < len(found) else None  # "by lying down or by sitting"
            return j + 2 if nxt is not None and (_content(nxt) or nxt.text in DETERMINERS) else None
        return j + 1 if nxt is not None and (_content(nxt) or nxt.text in DETERMINERS) else None
    return None


def _examples_end(found: list[Token], j: int) -> int:
    """The end of "such as A, B, or C": the examples run to the clause's next verb or boundary."""
    k = j + (2 if found[j].text == "such" else 1)
    while k < len(found) and found[k].text not in (";", ":", ".", "(", ")") and not _verb(found[k].text):
        if found[k].text in CONJUNCTIONS - {"and", "or"}:
            break
        k += 1
    return k


def subject_before(text: str, start: int, end: int, *, participle: bool = False) -> tuple[int, int] | None:
    """The noun phrase that is the subject of a cue at ``end`` within ``[start, end)``; None when none is.

    A finite cue ("can cause", "play a role") is said of its clause's subject, a participle right after
    a noun ("disturbances caused by") of that noun, a relative clause ("which triggers") of the phrase
    before "which".

    Examples
    --------
    >>> s = "Lack of iron causes problems with brain cells and can lead to"
    >>> a, b = subject_before(s, 0, s.index("can")); s[a:b]
    'Lack of iron'
    >>> s = "In addition, low levels of ferritin in some people may trigger"
    >>> a, b = subject_before(s, 0, s.index("may")); s[a:b]
    'low levels of ferritin'
    >>> s = "Thousands of Australians struggle with sleep disturbances caused by"
    >>> a, b = subject_before(s, 0, s.index("caused"), participle=True); s[a:b]
    'sleep disturbances'

    """
    found = tokens(text, start, end)
    k = len(found)
    while k > 0 and found[k - 1].text in ADVERBS | AUXILIARIES:
        if k > 1 and found[k - 1].text in PARTICLES and _gerund(found[k - 2]):
            break  # "lying down": the particle of a gerund
        k -= 1
    relative = k > 0 and found[k - 1].text in ("which", "that", "who")
    if relative or (participle and k > 0 and found[k - 1].text != ","):
        k = _skip_back(found, k - 1 if relative else k, {","})
        i = _phrase_start(found, k)
        if relative and 2 <= i < k and found[i].text in ("a", "an", "the") and found[i - 1].text == ",":
            # "dopamine, a neurotransmitter that controls movement": the appositive names dopamine
            before = _phrase_start(found, i - 1)
            if before < i - 1:
                return found[before].start, found[i - 2].end
        return (found[i].start, found[k - 1].end) if i < k else None
    # a participle after a comma (", causing RLS") and a second verb ("... and cause RLS") are said of the main
    # clause, not of a relative clause in it
    if k > 0 and found[k - 1].text in ("and", "or"):
        i = _clause_start(found, k, _SENTENCE_OPENERS)  # "X is worse when ... and can prevent": X
    else:
        i = _clause_start(found, k, _CLAUSE_OPENERS - {"that", "which", "who"} if participle else _CLAUSE_OPENERS)
    i = _second_subject(found, i, k)
    alone = i + 1 >= k or found[i + 1].text in AUXILIARIES | ADVERBS  # "this" alone, not "this chemical"
    if i < k and found[i].text in ("it", "they", "this", "these") and alone:  # "..., it also sometimes appears as"
        return found[i].start, found[i].end
    return object_after(text, found[i].start, found[k - 1].end) if i < k else None


def _second_subject(found: list[Token], i: int, k: int) -> int:
    """Where the subject of the second of two joined clauses starts.

    "Iron is needed for dopamine and iron deficiency may provoke RLS": the subject of "may provoke" is
    "iron deficiency", not "iron".
    """
    verbs = [j for j in range(i, k) if found[j].text in AUXILIARIES and not _relative_verb(found, j)]
    if not verbs or found[k - 1].text == ",":
        return i
    joins = [j for j in range(verbs[-1] + 1, k) if found[j].text in ("and", "but")]
    if not joins or joins[-1] + 1 >= k:
        return i
    start = joins[-1] + 1
    return start if _phrase_end(found, start) >= k - 1 and _content(found[k - 1]) else i


def _relative_verb(found: list[Token], j: int) -> bool:
    """Whether the verb at ``found[j]`` is a relative clause's: "iron deficiency, which is common, and ..."."""
    return any(t.text in ("which", "that", "who") for t in found[max(0, j - 2) : j])


def _skip_back(found: list[Token], k: int, marks: set[str]) -> int:
    while k > 0 and found[k - 1].text in marks:
        k -= 1
    return k


#: Words that open a clause of their own: the subject of a cue after them is after them.
_CLAUSE_OPENERS = frozenset(
    {
        ";",
        ":",
        "-",
        "\u2013",
        "\u2014",
        "but",
        "because",
        "although",
        "though",
        "while",
        "whereas",
        "so",
        "if",
        "when",
        "where",
        "since",
        "that",
        "which",
        "who",
        "however",
        "therefore",
    }
)


#: Words that open a clause subordinate to the one after its comma.
_SUBORDINATORS = frozenset({"although", "though", "while", "whereas", "because", "since", "if", "when", "unless"})

#: Marks that open a clause whatever comes between: the subject of a second verb ("... and can") is after them.
_SENTENCE_OPENERS = frozenset({";", ":", "-", "\u2013", "\u2014"})


def _clause_start(found: list[Token], k: int, openers: frozenset[str]) -> int:
    """Where the clause of the cue at ``found[k]`` starts, after an opening adverbial ("In addition,")."""
    i = k
    while i > 0 and (found[i - 1].text not in openers or _relative(found, i - 1)) and not _absolute(found, i, k):
        i -= 1
    while i < k and (found[i].text in ADVERBS or found[i].text == ",") and not _too_much(found, i):
        i += 1
    if i > 0 and found[i - 1].text in _SUBORDINATORS:  # "Although there is no evidence, RLS seems to be"
        comma = next((j for j in range(k - 1, i - 1, -1) if found[j].text == ","), None)
        if comma is not None:
            i = comma + 1
            if i + 1 < k and found[i].text == "with":  # "..., with the condition occurring more often in families"
                i += 1
    if i < k and (found[i].text in PREPOSITIONS or found[i].text == "according"):  # "In addition, ...", "According to
        comma = next((j for j in range(i, k) if found[j].text == ","), None)
        if comma is not None:
            i = comma + 1
    return i


def _absolute(found: list[Token], i: int, k: int) -> bool:
    """Whether ", with" before ``found[i]`` opens a clause whose verb ends it: ", with the condition occurring"."""
    return i >= 2 and found[i - 1].text == "with" and found[i - 2].text == "," and _gerund(found[k - 1])


def _relative(found: list[Token], i: int) -> bool:
    """Whether "that", "which" or "who" at ``found[i]`` opens a relative clause inside a noun phrase."""
    return found[i].text in ("that", "which", "who") and i > 0 and (_content(found[i - 1]) or found[i - 1].text == ",")


def _phrase_start(found: list[Token], k: int) -> int:
    """The index where the (coordinated) noun phrase that ends before ``found[k]`` starts (``k`` if none)."""
    i = k
    while i > 0:
        prev = found[i - 1]
        complement = prev.text in _COMPLEMENT and i >= 2 and found[i - 2].text in RELATIONAL
        if _content(prev) or complement:
            i -= 1
        elif prev.text in DETERMINERS and i < k:
            i -= 1
            break
        elif prev.text in ("and", "or", ",", "/", "&") and i < k and i >= 2 and _content(found[i - 2]):
            i -= 1
        elif prev.text == "as" and i >= 3 and [t.text for t in found[i - 3 : i]] == ["as", "well", "as"]:
            i -= 3
        else:
            break
    while i < k and found[i].text in (",", "and", "or", "/", "&", "as", "well"):
        i += 1
    return i


def is_name(words: str) -> bool:
    """Whether ``words`` are a noun phrase a reader would name a thing by.

    Its last word is a noun (no determiner, preposition, conjunction, pronoun or verb ends it), no
    verb or adverb stands inside it but a participle or gerund that modifies ("altered dopamine
    metabolism", "sitting for long periods"), and it is not a place in the body alone ("leg muscles").

    Examples
    --------
    >>> [is_name(w) for w in ["women than", "women disease", "sitting for prolonged periods", "leg muscles"]]
    [False, True, True, False]
    >>> is_name("thousands of australians struggle with sleep disturbances")
    False

    """
    found = tokens(words, 0, len(words))
    found = [t for t in found if t.text not in ("'", "\u2019")]
    place = next((i for i, t in enumerate(found) if t.text == "in" and i and _place(found, i + 1)), None)
    if place is not None and _skip(found, place + 1, DETERMINERS | PRONOUNS) == len(found) - 1:
        found = found[:place]  # "disruption of dopamine levels in the brain" is named by its head
    if not found or not found[0].word or not found[-1].word or not _content(found[-1]):
        return False
    if found[0].text in PREPOSITIONS | CONJUNCTIONS:
        return False
    for i, token in enumerate(found):
        if not token.word:
            if token.text not in ("-", "/", "&", ","):
                return False
            continue
        if token.text in PRONOUNS or token.text in AUXILIARIES or token.text in ("than", "that", "which", "who"):
            return False
        if _verb(token.text) and not (token.text.endswith(("ed", "ing")) and i < len(found) - 1):
            return False
        if token.text.endswith("ly") and token.text not in NOT_ADVERBS and i < len(found) - 1:
            return False
        if token.text in ADVERBS - PARTICLES - {"away"}:  # "most often occurring in the last trimester"
            return False
    if found[-1].text.endswith(("ive", "ous")):  # "periodic repetitive, involuntary movements": an adjective
        return False
    return found[-1].text.removesuffix("'s") not in PLACES or len(found) == 1
