"""Factories that turn one :class:`Settings` into the clients Cadence needs.

A :class:`Runtime` builds each client the first time it is asked for and hands the same one out
after that; nothing here runs at import time. Tests build a Runtime over their own settings.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

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


class Runtime:
    def __init__(self, settings: Settings | None = None):
        self.settings = settings or get_settings()

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
        """The configured embedder: the bundled offline model unless CADENCE_EMBEDDER=openai;
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
        if "chroma" in self.__dict__:
            self.chroma.close()
        if "engine" in self.__dict__:
            self.engine.dispose()
