"""``python -m assistant.analysis.train_head``: train the theme head (theme_head.py) on
theme_training.yaml with the bundled static embedder and write theme_head.npz beside this file.

Run it after any change to the training text or the embedder; a unit test fails until it is run
(tests/unit/assistant/analysis/test_theme_head.py). Deterministic: the same text and embedder
write the same weights.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.analysis.theme_head import (
    C,
    head_path,
    load_training,
    train,
    training_hash,
    training_text,
)
from retrieval.embedders import BundledEmbedder


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=head_path(), help="where to write the weights")
    parser.add_argument("--c", type=float, default=C, help="inverse regularisation")
    args = parser.parse_args(argv)
    text = training_text()
    examples = load_training(text)
    head = train(BundledEmbedder(), examples, training_hash(text), args.c)
    head.save(args.out)
    print(
        f"wrote {args.out} ({args.out.stat().st_size} bytes): {len(examples)} sentences, "
        f"{len(head.classes)} themes, embedder {head.embedder_id}, C={head.c}"
    )


if __name__ == "__main__":
    main()
