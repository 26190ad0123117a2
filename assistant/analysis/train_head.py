"""``python -m assistant.analysis.train_head``: train the theme head (theme_head.py) on
theme_training.yaml and the polarity head (polarity_head.py) on that and polarity_training.yaml,
with the bundled static embedder, and write theme_head.npz and polarity_head.npz beside this file.

Run it after any change to the training text or the embedder; a unit test fails until it is run
(tests/unit/assistant/analysis/test_theme_head.py, test_polarity_head.py). Deterministic: the same
text and embedder write the same weights.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.analysis import polarity_head, theme_head
from retrieval.embedders import BundledEmbedder


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=theme_head.head_path(), help="where to write the theme head"
    )
    parser.add_argument(
        "--polarity-out",
        type=Path,
        default=polarity_head.head_path(),
        help="where to write the polarity head",
    )
    parser.add_argument(
        "--c", type=float, default=theme_head.C, help="the theme head's inverse regularisation"
    )
    args = parser.parse_args(argv)
    embedder = BundledEmbedder()
    text = theme_head.training_text()
    examples = theme_head.load_training(text)
    head = theme_head.train(embedder, examples, theme_head.training_hash(text), args.c)
    head.save(args.out)
    print(
        f"wrote {args.out} ({args.out.stat().st_size} bytes): {len(examples)} sentences, "
        f"{len(head.classes)} themes, embedder {head.embedder_id}, C={head.c}"
    )
    texts = polarity_head.training_texts()
    polar = polarity_head.load_training(texts)
    pol = polarity_head.train(embedder, polar, polarity_head.training_hash(texts))
    pol.save(args.polarity_out)
    print(
        f"wrote {args.polarity_out} ({args.polarity_out.stat().st_size} bytes): {len(polar)} "
        f"sentences, classes {', '.join(pol.classes)}, C={pol.c}"
    )


if __name__ == "__main__":
    main()
