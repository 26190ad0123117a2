"""The overlap check counts the drafter's cues in the generator's banks, per theme written for."""

from __future__ import annotations

from dataclasses import fields

from assistant.analysis.themes import load_taxonomy
from assistant.demo.behaviours import BEHAVIOURS, Behaviour
from evals.generator_overlap import (
    BANK_SIGNS,
    FRAMES,
    INTENDED,
    SLOT_VALUES,
    BankSentence,
    bank_sentences,
    measure,
    render,
)


def test_every_behaviour_and_bank_is_labelled() -> None:
    # A new behaviour or fragment bank must say what theme and sign it is written for.
    assert set(INTENDED) == set(BEHAVIOURS)
    assert set(INTENDED.values()) <= set(load_taxonomy().themes)
    banks = {f.name for f in fields(Behaviour) if f.name != "label"}
    assert banks == set(BANK_SIGNS)


def test_bank_sentences_cover_fragments_frames_and_slot_values() -> None:
    sentences = bank_sentences()
    fragments = sum(len(getattr(b, bank)) for b in BEHAVIOURS.values() for bank in BANK_SIGNS)
    assert sum(s.source.startswith("behaviours.") for s in sentences) == fragments
    assert any(s.theme == FRAMES and s.source.startswith("checkin_text.") for s in sentences)
    assert any(s.theme == SLOT_VALUES for s in sentences)
    assert not any("{" in s.text for s in sentences)  # placeholders filled with stand-ins


def test_a_cue_of_the_theme_written_for_is_counted_and_plain_text_is_not() -> None:
    spec = load_taxonomy().themes["documentation"]
    cue = next(c for c in spec.cues if " " in c)  # a phrase: matched whole, as written
    overlap = measure(
        [
            BankSentence("t.cued", "documentation", "strength", f"You {cue} for the team."),
            BankSentence("t.plain", "documentation", "strength", "Zed did it on Zed."),
        ],
        read=False,
    )
    (row,) = overlap.rows
    assert (row.sentences, row.own_cue, row.any_cue, row.phrase_cue) == (2, 1, 1, 1)
    assert overlap.phrases[cue] == ["t.cued"]
    assert "documentation" in render(overlap, read=False)
