"""Feedback read sentence by sentence: each sentence's polarity, confidence, theme and span.

Polarity is the rules' (polarity.py) unless the trained polarity head is sure of another class
(polarity_head.py); the head reads the vectors the theme reader embeds the claims by."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from assistant.analysis import polarity_head, sarcasm
from assistant.analysis.frames import is_frame
from assistant.analysis.polarity import Polarity, Reading, read_polarity
from assistant.analysis.text import split_sentences
from assistant.analysis.themes import STARTERS, ThemeGuess, ThemeReader, cue_scores


@dataclass(frozen=True)
class SentenceReading:
    """One sentence as a careful manager reads it.

    ``claim`` is the clause that carries the point (the whole sentence unless it has a contrast);
    ``minor`` is the conceded clause of a mixed sentence and ``minor_polarity`` its polarity.
    ``span`` is the sentence's (start, end) in the record's text."""

    text: str
    polarity: Polarity
    confidence: float
    theme: str
    span: tuple[int, int]
    claim: str
    minor: str | None = None
    minor_polarity: Polarity | None = None
    cued: bool = True  # the theme rests on a cue, not on the embedder alone (ThemeGuess.cued)
    ask: bool = False  # the claim asks for something (a proposal), rather than reporting it
    # The sentence is about someone else, in feedback addressed to its subject ("Ravi presented
    # at the review and handled it well", in praise of how you coached Ravi): context for the
    # claim, not the claim.
    about_other: bool = False


def _spans(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    out, cursor = [], 0
    for sentence in sentences:
        start = text.find(sentence, cursor)
        start = cursor if start < 0 else start
        out.append((start, start + len(sentence)))
        cursor = start + len(sentence)
    return out


def read_feedback(text: str, themes: ThemeReader | None = None) -> list[SentenceReading]:
    """Each sentence of ``text`` with its polarity and the theme of its dominant claim."""
    return read_many([text], themes)[0]


# Texts read together: the embedder is called once per this many claims (one call per text
# cost HR themes over the demo organisation most of its time in per-call overhead).
BATCH_CLAIMS = 2048


def read_many(texts: list[str], themes: ThemeReader | None = None) -> list[list[SentenceReading]]:
    """``read_feedback`` of each text, with the themes of all their claims read in batches."""
    reader = themes or default_theme_reader()
    split = [split_sentences(t) for t in texts]
    polarities = [[read_polarity(s) for s in sentences] for sentences in split]
    # The theme is the dominant claim's; a claim too short to name one ("but it rarely
    # arrives") takes the whole sentence's.
    claims = [
        r.dominant.text if r.minor is None or cue_scores(r.dominant.text) else s
        for sentences, readings in zip(split, polarities, strict=True)
        for r, s in zip(readings, sentences, strict=True)
    ]
    # The polarity head reads the vectors the theme reader embeds the claims by: no second pass.
    head = polarity_head.head_for(reader.embedder) if reader.signal != "cues" else None
    guesses: list[ThemeGuess] = []
    probs: list[np.ndarray | None] = []
    for start in range(0, len(claims), BATCH_CLAIMS):
        batch = claims[start : start + BATCH_CLAIMS]
        vectors = reader.embed(batch) if head is not None else None
        guesses.extend(reader.read(batch, vectors))
        if head is not None and vectors is not None:
            probs.extend(polarity_head.probabilities(head, vectors))
        else:
            probs.extend([None] * len(batch))
    out, cursor = [], 0
    for text, sentences, readings in zip(texts, split, polarities, strict=True):
        end = cursor + len(sentences)
        signs = [
            polarity_head.combine(r, p) for r, p in zip(readings, probs[cursor:end], strict=True)
        ]
        out.append(_assemble(text, sentences, readings, signs, guesses[cursor:end]))
        cursor = end
    return out


# A sentence that opens by making the one before it concrete ("Concretely, ...", "Try to ...",
# "For example, ...") continues that claim: same theme, and the same sign when its own is weak.
_ELABORATION = re.compile(
    r"^\s*(?:concretely|specifically|for example|for instance|in practice|practically|e\.g\."
    r"|i\.e\.|that means|a good (?:first )?(?:start|step)|one way|try to|try)\b",
    re.I,
)
WEAK = 0.55  # a sign resting on implicit credit or a flipped contrast (polarity.py)


def _continued(sentences: list[SentenceReading]) -> list[SentenceReading]:
    out: list[SentenceReading] = []
    for reading in sentences:
        before = out[-1] if out else None
        if before and before.polarity == "growth" and sarcasm.BRIGHT_VERDICT.match(reading.text):
            # A bare "Great." after a complaint is sarcasm about it; after anything else it is
            # what it says.
            reading = replace(reading, polarity="growth", theme=before.theme, cued=before.cued)
        if before and before.polarity != "neutral" and _ELABORATION.match(reading.text):
            weak = reading.polarity == "neutral" or reading.confidence <= WEAK
            reading = replace(
                reading,
                theme=before.theme,
                cued=before.cued,
                polarity=before.polarity if weak else reading.polarity,
            )
        out.append(reading)
    return out


_YOU = re.compile(r"(?<![\w-])(?:you|your|yours|yourself)(?![\w-])", re.I)
_OPENING_NAME = re.compile(r"^\s*([A-Z][a-z]+)(?:'s)?\s+[a-z]")


def _about_other(text: str, sentence: str) -> bool:
    """``sentence`` opens with a name and does not address anyone, in a text that addresses its
    subject as "you". A name is a capitalised word the text also writes capitalised mid-sentence
    (so "Peers consistently mention..." is not one)."""
    opening = _OPENING_NAME.match(sentence)
    if not opening or _YOU.search(sentence) or not _YOU.search(text):
        return False
    word = opening.group(1)
    if word.lower() in STARTERS:
        return False
    return re.search(rf"(?<=[a-z,;:] ){word}\b", text) is not None


def _assemble(
    text: str,
    sentences: list[str],
    readings: list[Reading],
    signs: list[tuple[Polarity, float]],
    guesses: list[ThemeGuess],
) -> list[SentenceReading]:
    return _continued(
        [
            SentenceReading(
                text=sentence,
                # A sign-off's warm words are manners, not praise (assistant/analysis/frames.py).
                polarity="neutral" if is_frame(sentence) else polarity,
                confidence=confidence,
                theme=guess.theme,
                span=span,
                claim=reading.dominant.text,
                minor=reading.minor.text if reading.minor else None,
                minor_polarity=reading.minor.polarity if reading.minor else None,
                cued=guess.cued,
                ask="ask" in reading.dominant.cues,
                about_other=_about_other(text, sentence),
            )
            for sentence, reading, (polarity, confidence), guess, span in zip(
                sentences, readings, signs, guesses, _spans(text, sentences), strict=True
            )
        ]
    )


_DEFAULT: list[ThemeReader] = []


def default_theme_reader() -> ThemeReader:
    """One shared reader with the bundled embedder (built on first use: loading costs ~0.3 s)."""
    if not _DEFAULT:
        _DEFAULT.append(ThemeReader())
    return _DEFAULT[0]
