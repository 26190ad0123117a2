"""The analysis stage: feedback read sentence by sentence, as a careful manager reads it.

text.py (sentences, contrasts) -> polarity.py (+ cues.py) and themes.py (+ taxonomy.yaml)
-> reading.py (``read_feedback``). Scored on evals/devset by ``python -m evals.devset``.
"""

from assistant.analysis.polarity import Polarity
from assistant.analysis.reading import SentenceReading, read_feedback

__all__ = ["Polarity", "SentenceReading", "read_feedback"]
