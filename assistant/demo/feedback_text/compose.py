"""A feedback record's text, composed: an opening that carries a behaviour fragment, then optional
details, impact and close, in the giver's voice (the frames are in *_frames.py)."""

from __future__ import annotations

import random

from assistant.demo.behaviours import BEHAVIOURS, Behaviour
from assistant.demo.feedback_text.criticism_frames import (
    ASK,
    ASK_ABOUT,
    CONSTRUCTIVE_ABOUT,
    CONSTRUCTIVE_CLOSE_TO,
    CONSTRUCTIVE_IMPACT,
    CONSTRUCTIVE_MIXED,
    CONSTRUCTIVE_OPEN,
    CONSTRUCTIVE_SARCASTIC,
)
from assistant.demo.feedback_text.praise_frames import (
    PRAISE_BUT,
    PRAISE_CLOSE_ABOUT,
    PRAISE_CLOSE_TO,
    PRAISE_IMPACT,
    PRAISE_OPEN,
    PRAISE_OPEN_ABOUT,
    PRAISE_OPEN_TO,
)
from assistant.demo.feedback_text.review_frames import (
    REVIEW_GROWTH,
    REVIEW_OPEN,
    REVIEW_OVERALL,
    REVIEW_STRENGTH,
)
from assistant.demo.feedback_text.suggestion_frames import (
    SUGGEST_ABOUT,
    SUGGEST_OPEN,
    SUGGEST_REASON,
)
from assistant.demo.slots import Slots, cap, fill

# Kinds whose openings all work spoken to someone or about them.
_NOT_SPOKEN: dict[str, tuple[str, ...]] = {}


def _person(slots: Slots, third: bool) -> None:
    name = slots["name"]
    slots["who"] = name if third else "you"
    slots["Who"] = name if third else "You"
    slots["whose"] = f"{name}'s" if third else "your"
    slots["who_obj"] = name if third else "you"
    slots["who_is"] = f"{name} is" if third else "you are"


def _open(
    rng: random.Random,
    slots: Slots,
    voice: str,
    third: bool,
    banks: tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], tuple[str, ...]],
) -> str:
    """An opening in ``voice``: person-neutral frames, plus spoken-to frames in shared feedback
    or frames about someone in notes about them."""
    common, spoken_to, about = banks
    options = common[voice] + (about if third else spoken_to.get(voice, ()))
    return cap(fill(rng.choice(options), slots))


def _extras(voice: str) -> tuple[float, float, float]:
    """How likely a detail, an impact and a close are in ``voice``."""
    return {
        "terse": (0.1, 0.05, 0.4),
        "long": (1.0, 0.9, 0.9),
        "blunt": (0.4, 0.5, 0.3),
    }.get(voice, (0.65, 0.4, 0.5))


def praise(
    rng: random.Random, slots: Slots, behaviour: str, third: bool, voice: str = "plain"
) -> str:
    b = BEHAVIOURS[behaviour]
    _person(slots, third)
    slots["did"] = fill(rng.choice(b.did), slots)
    slots["ask"] = fill(rng.choice(b.ask), slots)
    parts = [_open(rng, slots, voice, third, (PRAISE_OPEN, PRAISE_OPEN_TO, PRAISE_OPEN_ABOUT))]
    p_detail, p_impact, p_close = _extras(voice)
    if rng.random() < p_detail:
        parts.append(fill(rng.choice(b.detail), slots))
    if rng.random() < p_impact:
        parts.append(fill(rng.choice(PRAISE_IMPACT), slots))
    if rng.random() < 0.12:  # praise with a reservation
        parts.append(cap(fill(rng.choice(PRAISE_BUT), slots)))
    if rng.random() < p_close:
        closes = PRAISE_CLOSE_ABOUT if third else PRAISE_CLOSE_TO[voice]
        parts.append(cap(fill(rng.choice(closes), slots)))
    return cap(" ".join(parts))


def constructive(
    rng: random.Random, slots: Slots, behaviour: str, third: bool, voice: str = "plain"
) -> str:
    b = BEHAVIOURS[behaviour]
    _person(slots, third)
    slots["missed"] = fill(rng.choice(b.missed), slots)
    slots["ask"] = fill(rng.choice(b.ask), slots)
    slots["Ask"] = cap(slots["ask"])
    roll = rng.random()
    if voice == "blunt" and roll < 0.35:
        first = cap(fill(rng.choice(CONSTRUCTIVE_SARCASTIC), slots))
    elif roll < 0.18:
        first = cap(fill(rng.choice(CONSTRUCTIVE_MIXED), slots))
    else:
        first = _open(
            rng, slots, voice, third, (CONSTRUCTIVE_OPEN, _NOT_SPOKEN, CONSTRUCTIVE_ABOUT)
        )
    parts = [first]
    _, p_impact, p_close = _extras(voice)
    if rng.random() < max(p_impact, 0.5):
        parts.append(fill(rng.choice(CONSTRUCTIVE_IMPACT), slots))
    # A terse writer sometimes leaves the fix to the reader.
    if voice != "terse" or rng.random() >= 0.4:
        asks = ASK[voice] + (ASK_ABOUT if third else ())
        parts.append(cap(fill(rng.choice(asks), slots)))
    if not third and rng.random() < p_close * 0.7:
        parts.append(fill(rng.choice(CONSTRUCTIVE_CLOSE_TO), slots))
    return cap(" ".join(parts))


def suggestion(
    rng: random.Random, slots: Slots, behaviour: str, third: bool, voice: str = "plain"
) -> str:
    b = BEHAVIOURS[behaviour]
    _person(slots, third)
    slots["ask"] = fill(rng.choice(b.ask), slots)
    slots["Ask"] = cap(slots["ask"])
    parts = [_open(rng, slots, voice, third, (SUGGEST_OPEN, _NOT_SPOKEN, SUGGEST_ABOUT))]
    if rng.random() < 0.15:  # sometimes the suggestion follows an observation
        parts.insert(0, fill(rng.choice(b.detail), slots))
    p_detail, _, _ = _extras(voice)
    if rng.random() < p_detail * 0.9:
        parts.append(fill(rng.choice(SUGGEST_REASON), slots))
    return cap(" ".join(parts))


def _name(rng: random.Random, b: Behaviour, slots: Slots) -> str:
    return fill(rng.choice(b.all_names), slots)


def review(
    rng: random.Random,
    slots: Slots,
    behaviours: tuple[str, ...],
    third: bool,
    voice: str = "plain",
) -> str:
    picks = rng.sample(behaviours, k=min(3, len(behaviours)))
    while len(picks) < 3:
        picks.append(picks[0])
    b1, b2, b3 = (BEHAVIOURS[p] for p in picks)
    _person(slots, third)
    slots["did"] = fill(rng.choice(b1.did), slots)
    slots["ask"] = fill(rng.choice(b3.ask), slots)
    slots.update(b1=_name(rng, b1, slots), b2=_name(rng, b2, slots), b3=_name(rng, b3, slots))
    parts = [cap(fill(rng.choice(REVIEW_OPEN[voice]), slots))]
    if voice != "terse":
        parts.append(fill(rng.choice(b1.detail), slots))
        parts.append(cap(f"{slots['who']} also {fill(rng.choice(b2.did), slots)}."))
        if rng.random() < 0.6:
            parts.append(fill(rng.choice(b2.detail), slots))
    parts.append(cap(fill(rng.choice(REVIEW_STRENGTH), slots)))
    parts.append(cap(fill(rng.choice(REVIEW_GROWTH), slots)))
    parts.append(cap(fill(rng.choice(REVIEW_OVERALL), slots)))
    return cap(" ".join(parts))
