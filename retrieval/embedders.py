"""Embedders: one small interface, usable as LangChain ``Embeddings`` and as a Chroma function.

Embedder (a langchain_core ``Embeddings``: embed_documents / embed_query)
├── BundledEmbedder   static model distilled from all-MiniLM-L6-v2, shipped as package data;
│                     the default: offline, no torch, ~45k short sentences/s on one core
├── MiniLMEmbedder    all-MiniLM-L6-v2 itself in numpy (retrieval/minilm.py; optional extra)
├── OpenAIEmbedder    any OpenAI-compatible /embeddings endpoint (retrieval/openai_embedder.py)
└── HashingEmbedder   deterministic bag-of-words hashing; a test double, shipped in the package

Which one the configuration asks for is decided in retrieval/embedder_factory.py, the one module
that imports them all; this one never imports the others.

``embedder.chroma()`` wraps any of them as a chromadb 1.5 ``EmbeddingFunction``. Chroma's own
default downloads an ONNX model, so every collection must be given one of these explicitly, and
:func:`collection_name` puts the embedder's id and dimension in the collection's name so vectors
from two embedders never share a collection.
"""

from __future__ import annotations

import hashlib
import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from langchain_core.embeddings import Embeddings as LangChainEmbeddings

from retrieval.errors import RetrievalConfigError
from retrieval.vectors import Vectors, normalise

if TYPE_CHECKING:
    from model2vec import StaticModel

__all__ = [
    "BundledEmbedder",
    "ChromaEmbeddingFunction",
    "Embedder",
    "HashingEmbedder",
    "Vectors",
    "collection_name",
]


class Embedder(LangChainEmbeddings, ABC):
    """Turns texts into fixed-size float vectors (L2-normalised, so dot product = cosine)."""

    # Whether computing a vector here costs less than reading it back from the index (an
    # in-process model: yes; an HTTP endpoint: no). Exact scoring re-embeds what its memo lacks
    # when it is, and reads the vectors back from Chroma when it is not (retrieval/exact.py).
    local: bool = False

    @property
    @abstractmethod
    def id(self) -> str:
        """Stable name of the model and its version; part of the collection name."""

    @property
    @abstractmethod
    def dimension(self) -> int: ...

    @abstractmethod
    def embed(self, texts: Sequence[str]) -> Vectors:
        """Document vectors as one ``(len(texts), dimension)`` float32 array."""

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Query vectors; the same as documents unless a model embeds queries differently."""
        return self.embed(texts)

    # LangChain's interface
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return cast(list[list[float]], self.embed(texts).tolist())

    def embed_query(self, text: str) -> list[float]:
        return cast(list[float], self.embed_queries([text])[0].tolist())

    def chroma(self) -> ChromaEmbeddingFunction:
        """This embedder as a Chroma embedding function."""
        return ChromaEmbeddingFunction(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r}, dimension={self.dimension})"


# ---------------------------------------------------------------------------------------------
# Bundled static model


def bundled_model_dir() -> Path:
    """Where the distilled model ships (built by ``python -m retrieval.build_embedder``)."""
    # Next to this module, not importlib.resources: a test run can make "retrieval" a namespace
    # package (tests/unit/retrieval), whose MultiplexedPath takes one joinpath part at a time.
    return Path(__file__).resolve().parent / "data" / "minilm-static"


@cache
def _load_static_model(path: Path) -> StaticModel:
    from model2vec import StaticModel  # imported here: loading it costs ~0.3 s

    # model2vec treats a path that does not exist as a Hugging Face repo id and downloads it.
    # Refuse instead: the bundled model must come from the package, never the network.
    if not (path / "model.safetensors").is_file():
        raise RetrievalConfigError(f"no static embedding model at {path} (package data missing?)")
    return StaticModel.from_pretrained(path, normalize=True)


class BundledEmbedder(Embedder):
    """Static embeddings distilled from all-MiniLM-L6-v2: offline, CPU-only, no torch."""

    local = True

    def __init__(self, path: Path | None = None, *, batch_size: int = 1024):
        self._path = path or bundled_model_dir()
        self._model = _load_static_model(self._path)
        self._batch_size = batch_size
        config: dict[str, Any] = dict(self._model.config)
        self._id = str(config.get("cadence_id") or self._path.name)
        self._dimension = int(self._model.dim)

    @property
    def id(self) -> str:
        return self._id

    @property
    def dimension(self) -> int:
        return self._dimension

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self._dimension), dtype=np.float32)
        # model2vec forks worker processes above 10k texts; on a shared 2-core box that costs
        # more than it saves, and forking a process that holds DB/Chroma handles is unsafe.
        vectors = self._model.encode(
            list(texts), batch_size=self._batch_size, use_multiprocessing=False
        )
        return normalise(vectors)


# ---------------------------------------------------------------------------------------------
# Test double

_WORD = re.compile(r"\w+")


class HashingEmbedder(Embedder):
    """Signed feature hashing of lower-cased words: deterministic, instant, no model.

    Texts that share words get similar vectors, which is enough to test ranking, filtering and
    sync logic without a real model. Not for production use.
    """

    local = True

    def __init__(self, dimension: int = 64):
        if dimension < 2:
            raise ValueError("dimension must be at least 2")
        self._dimension = dimension

    @property
    def id(self) -> str:
        return "hashing-v1"

    @property
    def dimension(self) -> int:
        return self._dimension

    def embed(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
                value = int.from_bytes(digest, "little")
                out[row, value % self._dimension] += 1.0 if value >> 63 else -1.0
        return normalise(out)


# ---------------------------------------------------------------------------------------------
# Chroma adapter


class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """An :class:`Embedder` in chromadb's ``EmbeddingFunction`` protocol.

    Chroma persists ``name()`` and ``get_config()`` with the collection and may rebuild a function
    from them (``build_from_config``) when a collection is opened without one. We never want that
    (it is how Chroma ends up downloading its default model, or embedding with the wrong model),
    so a rebuilt function only carries the config and refuses to embed: open collections with the
    embedder passed explicitly.
    """

    def __init__(
        self,
        embedder: Embedder | None = None,
        *,
        embedder_id: str | None = None,
        dimension: int | None = None,
    ):
        self._embedder = embedder
        self._id = embedder.id if embedder else embedder_id
        self._dimension = embedder.dimension if embedder else dimension
        if not self._id or not self._dimension:
            raise ValueError("ChromaEmbeddingFunction needs an embedder or its id and dimension")

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._require().embed(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return list(self._require().embed_queries(list(input)))

    def _require(self) -> Embedder:
        if self._embedder is None:
            raise RetrievalConfigError(
                f"this Chroma collection was embedded with {self._id!r} ({self._dimension} dims); "
                "open it with that embedder passed explicitly"
            )
        return self._embedder

    @staticmethod
    def name() -> str:
        return "cadence"

    def get_config(self) -> dict[str, Any]:
        return {"embedder_id": self._id, "dimension": self._dimension}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingFunction:
        return ChromaEmbeddingFunction(
            embedder_id=str(config["embedder_id"]), dimension=int(config["dimension"])
        )

    @staticmethod
    def validate_config(config: dict[str, Any]) -> None:
        if not config.get("embedder_id") or not isinstance(config.get("dimension"), int):
            raise ValueError(f"invalid cadence embedding function config: {config}")

    def validate_config_update(
        self, old_config: dict[str, Any], new_config: dict[str, Any]
    ) -> None:
        if old_config != new_config:
            raise ValueError("a collection's embedder cannot change; build a new collection")

    def default_space(self) -> Space:
        return "cosine"  # our vectors are unit length; cosine distance is what ranking means

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]


# ---------------------------------------------------------------------------------------------
# Naming

_CHROMA_NAME_MAX = 63  # chromadb's check_index_name: 3-63 chars of [A-Za-z0-9._-], alnum ends


def collection_name(embedder: Embedder, prefix: str = "cadence") -> str:
    """A Chroma collection name unique to the embedder's id and dimension.

    ``cadence__minilm-static-v1__256``. Characters Chroma rejects become ``-``; a name too long
    for Chroma keeps a hash of the full id so two long ids still differ.
    """
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", embedder.id).strip("-_") or "embedder"
    name = f"{prefix}__{slug}__{embedder.dimension}"
    if len(name) > _CHROMA_NAME_MAX:
        digest = hashlib.sha256(embedder.id.encode()).hexdigest()[:8]
        keep = _CHROMA_NAME_MAX - len(f"{prefix}__-{digest}__{embedder.dimension}")
        name = f"{prefix}__{slug[:keep].rstrip('-_')}-{digest}__{embedder.dimension}"
    return name
