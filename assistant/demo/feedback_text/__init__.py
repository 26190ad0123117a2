"""Feedback prose: many voices, each a set of frames filled with behaviour fragments.

Shared feedback speaks to the receiver ("you ..."); manager-only feedback and private notes speak
about them ("Dana ..."). Frames say {who}/{Who}/{whose} so that one frame serves both; frames
that only make sense spoken to someone (thanks, "you should be proud") are kept apart (``*_TO``).

Every giver writes in a voice of their own (:func:`voice_of`): plain, terse, long, hedged,
non-native English, warm or blunt. On top of the voice a record can be mixed (praise with a
reservation, criticism that credits first), negated ("it wasn't ideal that ..."), or, from blunt
writers, sarcastic. A text is an opening that carries a fragment, then optional details, impact
and close, so two people rarely share a sentence. Written from how people write to each other at
work, not from the drafter's lexicon (evals/generator_overlap.py measures what they share).

The frames are in praise_frames.py, criticism_frames.py, suggestion_frames.py and
review_frames.py (FRAME_MODULES, with the voices), put together by compose.py.
"""

from __future__ import annotations

from assistant.demo.feedback_text import (
    criticism_frames,
    praise_frames,
    review_frames,
    suggestion_frames,
    voices,
)
from assistant.demo.feedback_text.compose import constructive, praise, review, suggestion
from assistant.demo.feedback_text.voices import VOICES, voice_of

# The modules whose banks of sentences the generator-overlap eval reads, in the order written.
FRAME_MODULES = (voices, praise_frames, criticism_frames, suggestion_frames, review_frames)

__all__ = [
    "FRAME_MODULES",
    "VOICES",
    "constructive",
    "praise",
    "review",
    "suggestion",
    "voice_of",
]
