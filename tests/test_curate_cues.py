"""The cue table (ontology/cues.yaml): read by the assistant, said in the ontology's terms, shown in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from rlskg.build import BuildResult
from rlskg.curate.cues import CueTable, load_cues
from rlskg.curate.page import CurateError

from .conftest import ROOT

BEGIN, END = "<!-- cue table: generated from ontology/cues.yaml -->", "<!-- end of cue table -->"


@pytest.fixture(scope="module")
def table() -> CueTable:
    return load_cues(ROOT / "ontology" / "cues.yaml")


def test_the_readme_shows_the_table_as_the_file_has_it(table: CueTable) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n") + "\n"
    assert shown == table.markdown(), (
        "the README's cue table is stale: paste the output of "
        '`python -c "from rlskg.curate.cues import load_cues; print(load_cues().markdown())"`'
    )


def test_every_relation_and_certainty_is_the_ontologys(table: CueTable, result: BuildResult) -> None:
    for cue in table.table:
        assert set(cue.relations) <= set(result.ontology.relations), cue
        if cue.certainty is not None:
            assert cue.certainty in result.ontology.certainties, cue
    signals = {cue.signal for cue in table.table}
    # the words the issue asks for: cause, trigger, worsening, risk, association, context, negation, hedging
    assert {"cause", "trigger", "worsening", "risk", "association", "context", "negation", "hedge"} <= signals


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("cues: [{signal: cause, form: sideways, phrases: [cause]}]", "unknown form 'sideways'", id="form"),
        pytest.param("cues: [{signal: cause}]", "needs a signal and a list of phrases", id="phrases"),
        pytest.param("- just a list", "a mapping with a list 'cues'", id="shape"),
    ],
)
def test_a_malformed_table_is_one_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "cues.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CurateError, match=message) as error:
        load_cues(path)
    assert "\n" not in str(error.value)


def test_a_phrase_added_to_the_table_is_read(tmp_path: Path, result: BuildResult) -> None:
    from rlskg.curate import propose

    text = "Restless legs syndrome (RLS) is common. Long car journeys can unsettle RLS."
    before = propose(text, {"id": "x"}, result.curation, result.ontology)
    assert not before.candidates
    own = (ROOT / "ontology" / "cues.yaml").read_text(encoding="utf-8")
    path = tmp_path / "cues.yaml"
    path.write_text(own + "- signal: worsening\n  form: verb\n  phrases: [unsettle]\n  relations: [worsens]\n", "utf-8")
    after = propose(text, {"id": "x"}, result.curation, result.ontology, cues=load_cues(path))
    assert [(c.predicate, c.object.id, c.cue) for c in after.candidates] == [("worsens", "RLS", "can unsettle")]
