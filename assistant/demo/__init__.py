"""The demo organisation: a realistic, deterministic company with planted facts.

``generate()`` returns an import bundle; ``cadence demo`` generates and imports it. The planted
facts that tests and evals rely on are in :data:`PLANTED` (see PLANTED.md).
"""

from assistant.demo.generate import generate
from assistant.demo.planted import ALL_CANARIES, PLANTED, Planted

__all__ = ["ALL_CANARIES", "PLANTED", "Planted", "generate"]
