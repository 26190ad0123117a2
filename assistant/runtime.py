"""Factories that turn one :class:`Settings` into the clients Cadence needs.

A :class:`Runtime` builds each client the first time it is asked for and hands the same one out
after that; nothing here runs at import time. Tests build a Runtime over their own settings, and
hand it the clients it should use instead of building them (a fast embedder, an index that fails
on cue, an engine with a one-connection pool): ``Runtime(settings, embedder=...)``, or
:meth:`Runtime.provide` on a runtime that already exists.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from assistant.db import make_engine, make_sessionmaker
from assistant.files import private_dir
from assistant.llm import ChatModel, make_model
from assistant.retrieval_config import cadence_errors, chroma_config
from assistant.settings import Settings, get_settings

if TYPE_CHECKING:
    from retrieval.embedders import Embedder
    from retrieval.index import VectorIndex
    from retrieval.lexical import LexicalIndex


class Clients(TypedDict, total=False):
    """The clients a Runtime can be handed instead of building them."""

    engine: Engine
    sessions: sessionmaker[Session]
    llm: ChatModel
    embedder: Embedder
    chroma: Any
    index: VectorIndex
    lexical: LexicalIndex


# Clients built from another: replacing the one drops these, so they are rebuilt over it.
_BUILT_FROM = {"engine": ("sessions",), "chroma": ("index",), "embedder": ("index",)}


class Runtime:
    def __init__(self, settings: Settings | None = None, **clients: Unpack[Clients]):
        self.settings = settings or get_settings()
        self.provide(**clients)

    def provide(self, **clients: Unpack[Clients]) -> Runtime:
        """Use the clients given from now on instead of building them.

        A client built from a replaced one (the session factory from the engine, the index from
        the Chroma client or the embedder) is dropped unless given too, so it is rebuilt over the
        replacement rather than keep using the old one. Returns this runtime."""
        given = dict(clients)
        for name in given:
            for dependent in _BUILT_FROM.get(name, ()):
                if dependent not in given:
                    self.__dict__.pop(dependent, None)
        # Each client is a cached_property, which reads the instance's own value first.
        self.__dict__.update(given)
        return self

    def built(self, name: str) -> bool:
        """Whether the client ``name`` exists yet (built on first use, or provided)."""
        return name in self.__dict__

    @cached_property
    def engine(self) -> Engine:
        private_dir(self.settings.data_dir)
        return make_engine(self.settings.resolved_database_url)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return make_sessionmaker(self.engine)

    @cached_property
    def llm(self) -> ChatModel:
        """The configured model provider (the offline marker when no endpoint is configured)."""
        return make_model(self.settings)

    @cached_property
    def embedder(self) -> Embedder:
        """The configured embedder: the bundled offline model unless CADENCE_EMBEDDER names another;
        it raises the assistant's errors, not retrieval's."""
        from assistant.embedding import configured_embedder  # chromadb/model2vec: on first use

        return configured_embedder(self.settings)

    @cached_property
    def chroma(self) -> Any:
        """The Chroma client: embedded in the data dir, or HTTP when CADENCE_CHROMA_URL is set."""
        from retrieval.index import make_chroma_client

        with cadence_errors():
            return make_chroma_client(chroma_config(self.settings))

    @cached_property
    def index(self) -> VectorIndex:
        """The vector index: the collection for the configured embedder."""
        from retrieval.index import VectorIndex

        return VectorIndex(self.chroma, self.embedder)

    @cached_property
    def lexical(self) -> LexicalIndex:
        """Full-text search over the database's search_documents table."""
        from retrieval.lexical import LexicalIndex

        return LexicalIndex()

    def close(self) -> None:
        if self.built("chroma"):
            self.chroma.close()
        if self.built("engine"):
            self.engine.dispose()
