"""Runtime builds each client once, on first use, unless it was handed one to use instead."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine

from assistant.llm.scripted import ScriptedModel
from assistant.runtime import Runtime
from assistant.settings import Settings
from retrieval.embedders import HashingEmbedder


def _settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", environment="test")


def test_clients_are_built_once_on_first_use(tmp_path: Path) -> None:
    rt = Runtime(_settings(tmp_path))
    assert not rt.built("engine") and not rt.built("llm")
    assert rt.sessions is rt.sessions and rt.built("engine")
    assert rt.llm.provider == "offline" and rt.llm is rt.llm
    rt.close()


def test_clients_given_to_the_constructor_are_used(tmp_path: Path) -> None:
    model, embedder = ScriptedModel(), HashingEmbedder(dimension=8)
    rt = Runtime(_settings(tmp_path), llm=model, embedder=embedder)
    assert rt.llm is model and rt.embedder is embedder
    assert not rt.built("engine") and not rt.built("index")  # the rest is still built lazily


def test_replacing_a_client_rebuilds_what_was_built_from_it(tmp_path: Path) -> None:
    rt = Runtime(_settings(tmp_path))
    first = rt.sessions
    other = create_engine(f"sqlite:///{tmp_path / 'other.db'}")
    assert rt.provide(engine=other) is rt
    assert rt.engine is other and rt.sessions is not first
    with rt.sessions() as session:
        assert session.get_bind() is other
    sessions, model = rt.sessions, ScriptedModel()
    rt.provide(llm=model)  # nothing is built from the model: the session factory stays
    assert rt.llm is model and rt.sessions is sessions
    rt.close()
    first.kw["bind"].dispose()
