"""The voices feedback is written in, and which one each giver writes in."""

from __future__ import annotations

import zlib

VOICES = ("plain", "terse", "long", "hedged", "non_native", "warm", "blunt")
_VOICE_WEIGHTS = (26, 16, 12, 15, 12, 10, 9)
_VOICE_TOTAL = sum(_VOICE_WEIGHTS)


def voice_of(writer: str) -> str:
    """The voice ``writer`` (an email) writes in: fixed per person, the same on every run."""
    point = zlib.crc32(writer.encode("utf-8")) % _VOICE_TOTAL
    for voice, weight in zip(VOICES, _VOICE_WEIGHTS, strict=True):
        if point < weight:
            return voice
        point -= weight
    return VOICES[0]
