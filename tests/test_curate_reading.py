"""The curator's assistant's reading rules of its third round, each on a short text made up for it.

Every text here was written for its test (none is copied from a page). Each case names the claims a
careful reader takes from it and, where a rule exists to keep one out, a claim the reading must not
propose.
"""

from __future__ import annotations

import pytest

from rlskg.build import BuildResult
from rlskg.curate import Draft, propose
from rlskg.curate.candidates import label_of
from rlskg.curate.page import language_note, units
from rlskg.curate.propose import CAUSAL_LANGUAGE
from rlskg.model.coverage import CAUSAL_LANGUAGE as COVERAGE_WORDS

Key = tuple[str, str, str]

CASES: dict[str, tuple[str, set[Key], set[Key]]] = {
    # structure: a hard-wrapped paragraph is one sentence
    "wrapped-lines": (
        "Low iron stores\nmay trigger restless legs\nsyndrome in some\npeople.\n",
        {("LowFerritin", "triggers", "RLS")},
        set(),
    ),
    # a list of short lines in lower case stays a list
    "lower-case-list": (
        "Causes of restless legs syndrome include:\ndiabetes\nkidney failure\npregnancy\n",
        {("Diabetes", "causes", "RLS"), ("KidneyFailure", "causes", "RLS"), ("Pregnancy", "causes", "RLS")},
        set(),
    ),
    # long hyphen lines next to each other are a list; a noun lead-in's frame is not given to an item with its own verb
    "noun-lead-in": (
        "Common triggers:\n"
        "- Pregnancy, and it often ends with the birth of the child. In the last months most women notice it "
        "more. Some find that walking around in the evening helps them a great deal more than resting does.\n"
        "- Low iron levels may be linked to restless legs syndrome in some people, a point doctors make often "
        "and which most patients can confirm from their own experience over the years.\n",
        {("Pregnancy", "triggers", "RLS"), ("IronDeficiency", "associatedWith", "RLS")},
        {("IronDeficiency", "triggers", "RLS")},
    ),
    "nested-list": (
        "Restless legs syndrome may be:\n  • Primary, with no clear cause\n"
        "  • Secondary, where it is associated with another condition, such as:\n"
        "      • Diabetes\n      • Kidney failure\n  • Mild\n",
        {("Diabetes", "associatedWith", "RLS"), ("KidneyFailure", "associatedWith", "RLS")},
        {("UnderlyingCondition", "associatedWith", "Diabetes")},
    ),
    "linked-to-colon": (
        "Restless legs syndrome keeps people awake. It has been linked to:\n  • Depression\n  • Anxiety\n",
        {("Depression", "associatedWith", "RLS"), ("RLS", "associatedWith", "+anxiety")},
        set(),
    ),
    "link-between-and-colon": (
        "Doctors study the link between restless legs syndrome and:\n- Diabetes\n- Multiple sclerosis\n",
        {("Diabetes", "associatedWith", "RLS"), ("MultipleSclerosis", "associatedWith", "RLS")},
        set(),
    ),
    "this-includes": (
        "Restless legs syndrome is associated with the following:\n"
        "- Nerve diseases. This includes multiple sclerosis and Parkinson's disease.\n- Diabetes.\n",
        {("MultipleSclerosis", "associatedWith", "RLS"), ("ParkinsonsDisease", "associatedWith", "RLS")},
        set(),
    ),
    "the-following-are": (
        "The following antihistamine medicines that are linked to restless legs syndrome are:\n"
        "  • Promethazine: in some cough syrups\n  • Chlorphenamine: in hay fever tablets\n",
        {("+promethazine", "associatedWith", "RLS"), ("+promethazine", "isMemberOf", "Antihistamine")},
        set(),
    ),
    "title-and-headings": (
        "Medicines that can worsen restless legs syndrome\n\nAntihistamines\n\nThese are in many sleep aids.\n\n"
        "Antipsychotics\n\nThese are used in mental illness.\n",
        {("Medications", "worsens", "RLS"), ("Antihistamine", "worsens", "RLS"), ("Antipsychotic", "worsens", "RLS")},
        set(),
    ),
    # cue words
    "contracted-negation-and-adverb": (
        "The cause of restless legs syndrome isn't really known.",
        {("RLS", "hasCauseStatus", "CauseNotKnown")},
        set(),
    ),
    "a-side-effect-of": (
        "Restless legs syndrome may be a side effect of some antidepressants.",
        {("Antidepressant", "causes", "RLS")},
        set(),
    ),
    "as-a-side-effect": (
        "Lithium and some antidepressants can worsen restless legs syndrome or bring it on as a side effect.",
        {("Lithium", "causes", "RLS"), ("Lithium", "worsens", "RLS"), ("Antidepressant", "causes", "RLS")},
        set(),
    ),
    "risk-and-tendency": (
        "Alcohol use can make restless legs syndrome worse. Certain genes contribute to the risk of restless legs "
        "syndrome. There seems to be a genetic tendency.",
        {("Alcohol", "worsens", "RLS"), ("Genetics", "increasesRiskOf", "RLS")},
        set(),
    ),
    "relief-after-stopping": (
        "Caffeine may trigger restless legs syndrome or aggravate existing restless legs syndrome symptoms. "
        "Cutting out caffeine can provide some relief.",
        {("Caffeine", "worsens", "RLS"), ("Caffeine", "stoppingImproves", "RLS")},
        set(),
    ),
    # phrases and their members
    "bracket-examples": (
        "Restless legs syndrome can be caused by another illness (a long-term disease like diabetes or kidney "
        "failure).",
        {("UnderlyingCondition", "causes", "RLS"), ("Diabetes", "causes", "RLS"), ("KidneyFailure", "causes", "RLS")},
        set(),
    ),
    "class-with-examples": (
        "Certain medicines, such as antihistamines and antipsychotics, can make restless legs syndrome worse. "
        "Some conditions, such as multiple sclerosis, are linked to restless legs syndrome.",
        {
            ("Medications", "worsens", "RLS"),
            ("Antihistamine", "worsens", "RLS"),
            ("MultipleSclerosis", "associatedWith", "RLS"),
        },
        {("MultipleSclerosis", "isMemberOf", "UnderlyingCondition")},
    ),
    "relative-members": (
        "Some of the illnesses that are associated with restless legs syndrome are diabetes and kidney failure.",
        {("Diabetes", "associatedWith", "RLS"), ("KidneyFailure", "associatedWith", "RLS")},
        {("Diabetes", "associatedWith", "UnderlyingCondition")},
    ),
    "taking-after-a-class": (
        "Some medicines can make restless legs syndrome worse. Ask a pharmacist if you are taking antihistamines or "
        "antidepressants.",
        {("Antihistamine", "worsens", "RLS"), ("Antidepressant", "worsens", "RLS")},
        set(),
    ),
    "shared-head-over-a-list": (
        "Deficiencies of iron, vitamin B 12 and folic acid are associated with restless legs syndrome.",
        {("IronDeficiency", "associatedWith", "RLS"), ("+vitamin B12 deficiency", "associatedWith", "RLS")},
        set(),
    ),
    "people-by-a-share": (
        "Over one fifth of patients with restless legs syndrome also suffer from vein disease.",
        {("+vein disease", "associatedWith", "RLS")},
        set(),
    ),
    # subjects
    "after-a-subordinate-clause": (
        "Although there is no firm proof, restless legs syndrome appears to be linked to diabetes.",
        {("Diabetes", "associatedWith", "RLS")},
        set(),
    ),
    "a-kind-of-problem-caused-by": (
        "Restless legs syndrome is often a secondary condition caused by iron deficiency.",
        {("IronDeficiency", "causes", "RLS")},
        set(),
    ),
    "absolute-with-clause": (
        "The cause of restless legs syndrome is unknown, although there appears to be a genetic link, with the "
        "condition occurring more frequently in families.",
        {("FamilyHistory", "increasesRiskOf", "RLS")},
        {("FamilyHistory", "increasesRiskOf", "Genetics")},
    ),
    "both-and-a-triggers-effect": (
        "Common triggers of restless legs syndrome include:\n- Coffee and alcohol. Both can make it hard to sleep.\n",
        {("Caffeine", "triggers", "RLS"), ("Alcohol", "leadsTo", "SleepLoss")},
        set(),
    ),
    "the-feeling-is-the-condition": (
        "The feeling in the legs can cause poor sleep. The sensations worsen during periods of inactivity. Restless "
        "legs syndrome is more common in women, and it often gets worse as you get older.",
        {("RLS", "causes", "SleepLoss"), ("OlderAge", "worsens", "RLS"), ("FemaleSex", "increasesRiskOf", "RLS")},
        {("OlderAge", "increasesRiskOf", "RLS"), ("RLS", "worsens", "+inactivity")},
    ),
    "during-a-state": (
        "Many women develop restless legs syndrome during pregnancy. Some people have symptoms during long flights.",
        {("Pregnancy", "associatedWith", "RLS")},
        set(),
    ),
    # mechanisms
    "a-chemical-that-controls": (
        "Restless legs syndrome may come from too little dopamine, a chemical that controls muscle movement. "
        "Serotonin plays a role in regulating dopamine.",
        {("Dopamine", "worksIn", "MovementControl"), ("Serotonin", "isInvolvedIn", "+dopamine regulation")},
        {("Serotonin", "contributesTo", "Dopamine")},
    ),
    "which-works-in": (
        "The body uses iron to make dopamine, which works in the part of the brain that controls movement. Restless "
        "legs syndrome is linked to iron deficiency.",
        {("Iron", "isUsedToMake", "Dopamine"), ("Dopamine", "worksIn", "MovementControl")},
        set(),
    ),
    # what is no claim
    "treatment-and-link-words": (
        "Correcting the iron deficiency may help reduce symptoms of restless legs syndrome. Research into the cause "
        "of restless legs syndrome is ongoing. Kidney failure can cause restless legs syndrome. Because of this, a "
        "doctor may review any current medications.",
        {("KidneyFailure", "causes", "RLS")},
        {("IronDeficiency", "affects", "RLS"), ("+ongoing", "causes", "RLS"), ("Medications", "causes", "RLS")},
    ),
    # fifth round: people of two kinds, after a word that leads the sentence on, are the risk's subjects
    "people-of-two-kinds": (
        "Restless legs syndrome is common. For example, the elderly and pregnant women are more likely to "
        "suffer from the disorder.\n",
        {("OlderAge", "increasesRiskOf", "RLS"), ("Pregnancy", "increasesRiskOf", "RLS")},
        {("OlderAge", "associatedWith", "Pregnancy")},
    ),
    # what is said of a class of drugs is not said of the drugs named as its examples
    "members-keep-to-their-class": (
        "Anti-sickness drugs (for example metoclopramide) can worsen restless legs syndrome.\n",
        {("Antiemetic", "worsens", "RLS"), ("Metoclopramide", "isMemberOf", "Antiemetic")},
        {("Metoclopramide", "worsens", "RLS")},
    ),
    # drugs in brackets after their class are its members, and the class keeps its own relation
    "bracketed-drugs": (
        "Taking dopamine agonists (ropinirole, pramipexole) for years can make restless legs syndrome worse.\n",
        {("+ropinirole", "isMemberOf", "+dopamine agonists"), ("+dopamine agonists", "worsens", "RLS")},
        {("+ropinirole", "worsens", "RLS"), ("Dopamine", "worsens", "RLS")},
    ),
    # the second of two joined clauses has its own subject
    "second-clause-subject": (
        "Iron is needed to make dopamine and low ferritin may trigger restless legs syndrome.\n",
        {("LowFerritin", "triggers", "RLS")},
        {("Iron", "triggers", "RLS"), ("Dopamine", "triggers", "RLS")},
    ),
    # "not sure" after the question of the cause says the cause is not known; about something else it does not
    "not-sure-of-the-cause": (
        "What causes restless legs syndrome? Doctors are not sure. Genes probably play a part.\n",
        {("RLS", "hasCauseStatus", "CauseNotKnown")},
        set(),
    ),
    "not-sure-of-something-else": (
        "Restless legs syndrome improves with iron. Doctors are not sure why iron helps some people.\n",
        set(),
        {("RLS", "hasCauseStatus", "CauseNotKnown")},
    ),
    # a generic noun is no name of a narrower class: "acid-reducing drugs" are not "medications"
    "narrower-class-than-medications": (
        "People taking acid-reducing drugs were more likely to suffer restless legs syndrome.\n",
        {("+acid-reducing drugs", "increasesRiskOf", "RLS")},
        {("Medications", "increasesRiskOf", "RLS")},
    ),
    # "restless legs" names the condition; "more commonly affects" says who is at risk
    "restless-legs-more-commonly-affects": (
        "Restless legs can be set off by caffeine. The condition more commonly affects women.\n",
        {("Caffeine", "triggers", "RLS"), ("FemaleSex", "increasesRiskOf", "RLS")},
        set(),
    ),
    # "those patients with X" name X, not the things listed before; more of a thing is not less of it
    "those-patients-with": (
        "Restless legs syndrome has causes. These include:\n- Diabetes\n- Pregnancy\n"
        "Those patients with high iron stores may also suffer from the syndrome.\n",
        {("+high iron stores", "associatedWith", "RLS")},
        {("Diabetes", "associatedWith", "RLS"), ("LowFerritin", "associatedWith", "RLS")},
    ),
    # "you're more likely to get it if you're X": X is the risk
    "you-if-you": (
        "Restless legs syndrome is common. You're more likely to get it if you're pregnant or a woman.\n",
        {("Pregnancy", "increasesRiskOf", "RLS"), ("FemaleSex", "increasesRiskOf", "RLS")},
        set(),
    ),
    # a part with a verb of its own after "and" is a clause, not one more object
    "and-a-clause-of-its-own": (
        "Low iron is linked to restless legs syndrome, and people with diabetes often improve with exercise.\n",
        {("IronDeficiency", "associatedWith", "RLS")},
        {("IronDeficiency", "associatedWith", "Diabetes")},
    ),
    # "have been blamed", its other end unsaid: the page's condition
    "have-been-blamed": (
        "Restless legs syndrome has many causes. Diabetes and kidney disease have also been blamed.\n",
        {("Diabetes", "causes", "RLS"), ("KidneyDisease", "causes", "RLS")},
        {("RLS", "causes", "Diabetes")},
    ),
    # a second cue after "and therefore it is ..." is said of "it", not of the first cue's subject
    "a-pronoun-clause-between-two-cues": (
        "Restless legs syndrome\n\nLying down brings on the symptoms and therefore it is most commonly noticed "
        "at night and interferes with sleep.\n",
        {("LyingDown", "triggers", "RLS")},
        {("LyingDown", "affects", "+sleep"), ("LyingDown", "affects", "SleepLoss")},
    ),
    # "more severe in" the elderly: age worsens the condition
    "more-severe-in": (
        "Restless legs syndrome can start at any age. It tends to be more severe in the elderly.\n",
        {("OlderAge", "worsens", "RLS")},
        set(),
    ),
    # a lead-in that says no relation ("These include:") passes its items to the heading above
    "bare-lead-under-a-heading": (
        "Causes of restless legs syndrome\n\n  \u2022 Often none is found\n  \u2022 These include:\n"
        "    \u2022 Basal ganglia dysfunction\n    \u2022 Low brain iron levels\n",
        {("+basal ganglia dysfunction", "causes", "RLS"), ("BrainIronDysfunction", "causes", "RLS")},
        {("IronDeficiency", "causes", "RLS")},
    ),
    # "lack of" is not shared with conditions named on their own
    "lack-of-is-not-shared-with-conditions": (
        "Restless legs syndrome\n\nLack of sleep, anxiety and depression may trigger restless legs syndrome.\n",
        {("SleepLoss", "triggers", "RLS"), ("Depression", "triggers", "RLS"), ("+anxiety", "triggers", "RLS")},
        {("+lack of anxiety", "triggers", "RLS"), ("+lack of depression", "triggers", "RLS")},
    ),
    # words that are no name a reader would give a thing: a place on the page, a comparison, a procedure
    "no-junk-names": (
        "Restless legs syndrome\n\nBelow, we list what can cause restless legs syndrome. The longer you sit "
        "still, the more it worsens. Avoiding can cause restless legs syndrome. Stress is more stressful, "
        "which can worsen restless legs syndrome.\n",
        set(),
        {
            ("+below", "causes", "RLS"),
            ("+longer", "worsens", "RLS"),
            ("+avoiding", "causes", "RLS"),
            ("+more stressful", "worsens", "RLS"),
        },
    ),
    # "the mechanism behind" names a cause; "currently unknown" says the cause is not known
    "mechanism-behind-and-currently-unknown": (
        "Restless legs syndrome\n\nLow brain iron emerges as the main mechanism behind restless legs syndrome. "
        "Its exact cause is still debated elsewhere, and the cause for RLS is currently unknown.\n",
        {("BrainIronDysfunction", "causes", "RLS"), ("RLS", "hasCauseStatus", "CauseNotKnown")},
        set(),
    ),
    # where in the body the symptoms are felt is no thing that acts on the condition
    "a-body-part-is-no-name": (
        "Restless legs syndrome\n\nThe arms and trunk can also be affected, but less commonly so.\n",
        set(),
        {("+trunk", "affects", "RLS"), ("+arms", "affects", "RLS")},
    ),
    # a coordination stopped as a whole keeps every part; what helps of itself is not stopped
    "stopping-a-coordination": (
        "Restless legs syndrome\n\nCutting back on caffeine, alcohol and nicotine can help relieve symptoms.\n",
        {("Caffeine", "stoppingImproves", "RLS"), ("Alcohol", "stoppingImproves", "RLS")},
        set(),
    ),
    "what-helps-is-not-stopped": (
        "Restless legs syndrome\n\nThere is no cure, but reducing triggers, regular exercise and medications can "
        "help manage restless legs syndrome.\n",
        set(),
        {("+regular exercise", "stoppingImproves", "RLS"), ("Medications", "stoppingImproves", "RLS")},
    ),
    # the review's cases: each of these once said more than its words
    "activates-is-no-trigger": (
        "Restless legs syndrome\n\nExercise activates the muscles of the legs.\n",
        set(),
        {("+exercise", "triggers", "RLS")},
    ),
    "blamed-for-something-else": (
        "Restless legs syndrome\n\nCaffeine has been blamed for insomnia, not restless legs syndrome.\n",
        set(),
        {("Caffeine", "causes", "RLS")},
    ),
    "not-more-likely-if-you": (
        "Restless legs syndrome\n\nYou're not more likely to get restless legs syndrome if you're a woman.\n",
        set(),
        {("FemaleSex", "increasesRiskOf", "RLS")},
    ),
    "why-something-else-is-not-known": (
        "Restless legs syndrome\n\nNo one knows why symptoms are worse at night. Doctors are not sure, which "
        "treatment works best.\n",
        set(),
        {("RLS", "hasCauseStatus", "CauseNotKnown")},
    ),
    "people-on-average": (
        "Restless legs syndrome\n\nPeople on average are more likely to develop restless legs syndrome after 40. "
        "Patients taking part in the study were more likely to get it.\n",
        set(),
        {("+average", "increasesRiskOf", "RLS"), ("+part in the study", "increasesRiskOf", "RLS")},
    ),
    "a-bracket-beside-a-class": (
        "Restless legs syndrome\n\nDopamine agonists (and levodopa) can worsen restless legs syndrome over time.\n",
        {("+dopamine agonists", "worsens", "RLS")},
        {("+levodopa", "isMemberOf", "+dopamine agonists")},
    ),
    "a-relative-clause-is-no-clause-of-its-own": (
        "Restless legs syndrome\n\nIron deficiency, which is common, and pregnancy can trigger restless legs "
        "syndrome. Caffeine, which is a stimulant, and alcohol may worsen it.\n",
        {("IronDeficiency", "triggers", "RLS"), ("Pregnancy", "triggers", "RLS"), ("Caffeine", "worsens", "RLS")},
        {("+stimulants", "worsens", "RLS")},
    ),
}


def _keys(draft: Draft) -> set[Key]:
    return {
        (c.subject.id or "+" + label_of(c.subject), c.predicate, c.object.id or "+" + label_of(c.object))
        for c in draft.candidates
    }


@pytest.mark.parametrize("name", list(CASES))
def test_a_reading_rule_on_a_made_up_text(name: str, result: BuildResult) -> None:
    text, expected, absent = CASES[name]
    keys = _keys(propose(text, {"id": "made-up"}, result.curation, result.ontology))
    assert expected <= keys, f"missing {expected - keys}"
    assert not (absent & keys), f"proposed {absent & keys}"


def test_a_hard_wrapped_paragraph_is_one_unit_and_a_heading_stays_one() -> None:
    text = "Why it happens\nIn many people the\ncondition may be set off by\nlow iron.\nNext.\n"
    found = [(u.kind, u.text) for u in units(text)]
    assert found == [
        ("heading", "Why it happens"),
        ("sentence", "In many people the\ncondition may be set off by\nlow iron."),
        ("sentence", "Next."),
    ]


def test_a_short_page_not_in_english_says_why_its_draft_is_empty(result: BuildResult) -> None:
    german = "Das Restless-Legs-Syndrom ist eine Erkrankung des Nervensystems."
    draft = propose(german, {"id": "de"}, result.curation, result.ontology)
    assert not draft.candidates
    assert "does not read as English" in draft.summary()
    # a short list of names in English is neither refused nor said to be another language
    assert language_note("Caffeine\nAlcohol\nIron deficiency") is None
    english = propose("Triggers\n- Caffeine\n- Alcohol\n", {"id": "en"}, result.curation, result.ontology)
    assert "does not read as English" not in english.summary()


@pytest.mark.parametrize(
    "sentence",
    ["Iron deficiency is a common cause.", "It runs in families.", "Symptoms get better when caffeine is avoided."],
)
def test_the_assistant_marks_every_sentence_the_coverage_check_marks(sentence: str) -> None:
    assert COVERAGE_WORDS.search(sentence)
    assert CAUSAL_LANGUAGE.search(sentence)
    assert CAUSAL_LANGUAGE.search("Stress sets off the symptoms.") and not COVERAGE_WORDS.search("Stress sets off.")
