"""Factories that turn one :class:`Settings` into the clients Cadence needs.

A :class:`Runtime` builds each client the first time it is asked for and hands the same one out
after that; nothing here runs at import time. Tests build a Runtime over their own settings.
"""

from __future__ import annotations

from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from assistant.db import make_engine, make_sessionmaker
from assistant.settings import Settings, get_settings


class Runtime:
    def __init__(self, settings: Settings | None = None):
        self.settings = settings or get_settings()

    @cached_property
    def engine(self) -> Engine:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return make_engine(self.settings.resolved_database_url)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return make_sessionmaker(self.engine)

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
