"""One settings object for the CLI, the API and the evals, read from ``CADENCE_*`` variables.

Reach it through :func:`get_settings`; nothing builds settings at import time.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The anonymity threshold may be raised but never lowered past this: with fewer than three people
# a "theme" is one person's feedback with extra steps.
MIN_ANONYMITY_K = 3


def _default_data_dir() -> Path:
    """the per-user data directory (`~/.local/share/cadence` on Linux)"""
    return Path(platformdirs.user_data_dir("cadence", appauthor=False))


class Settings(BaseSettings):
    """Cadence configuration. Every field can be set as ``CADENCE_<FIELD>``."""

    model_config = SettingsConfigDict(env_prefix="CADENCE_", extra="ignore")

    environment: Literal["development", "production", "test"] = Field(
        default="development",
        description="`production` refuses the placeholder secret key.",
    )
    today: dt.date | None = Field(
        default=None,
        description="The date Cadence works as of (YYYY-MM-DD); unset means the real date.",
    )
    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Where the SQLite database and the embedded Chroma store live.",
    )
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default is a SQLite file in the data dir."
    )

    # Retrieval
    chroma_url: str | None = Field(
        default=None, description="Chroma server URL; unset means an embedded store in data_dir."
    )
    embedder: Literal["auto", "bundled", "minilm", "openai"] = Field(
        default="auto",
        description="`bundled` is the offline model shipped with Cadence (what `auto` picks); "
        "`minilm` is the full all-MiniLM-L6-v2 it was distilled from, offline in numpy (needs "
        "the `cadence[minilm]` extra; better at meaning, much slower); "
        "`openai` embeds through the OpenAI-compatible endpoint.",
    )
    index_in_process: bool = Field(
        default=True,
        description="`cadence serve` drains the index outbox in a background thread; turn off "
        "when separate `cadence worker` processes do it.",
    )
    index_poll_s: float = Field(
        default=2.0, gt=0, le=3600, description="How often an idle index worker polls the outbox."
    )
    public_vectors: bool = Field(
        default=True,
        description="`cadence serve` keeps every public document's vector in memory (~1 KiB "
        "each at 256 dimensions) and scores the public part of a search from it; off, that part "
        "is Chroma's filtered search, whose cost follows the whole collection.",
    )
    openai_embedding_model: str = Field(
        default="text-embedding-3-small", description="Embedding model for `embedder=openai`."
    )

    # Generation
    llm_provider: Literal["auto", "offline", "openai"] = Field(
        default="auto",
        description="`auto` uses the OpenAI-compatible model when a key or base URL is set, "
        "else the offline drafter.",
    )
    llm_model: str = Field(default="gpt-4o-mini", description="Model name for `openai`.")
    llm_timeout_s: float = Field(default=30.0, description="Seconds one model call may take.")
    llm_max_retries: int = Field(
        default=2, ge=0, le=5, description="Retries of a failed or invalid model call."
    )
    openai_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("CADENCE_OPENAI_BASE_URL", "OPENAI_BASE_URL"),
        description="Any OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp, Azure).",
    )
    openai_api_key: str | None = Field(
        default=None,
        validation_alias=AliasChoices("CADENCE_OPENAI_API_KEY", "OPENAI_API_KEY"),
        description="Key for that endpoint.",
    )
    context_token_budget: int | None = Field(
        default=None,
        ge=200,
        le=1_000_000,
        description="Prompt tokens of records given to a model. Unset, it follows the model's "
        "context window: half of it less the answer's room, at most 24,000; 3,000 for a model "
        "whose window is unknown.",
    )
    llm_context_window: int | None = Field(
        default=None,
        ge=1_024,
        description="The model's context window in tokens. Unset, known OpenAI model families "
        "are looked up by name.",
    )

    # Evals: a model that grades drafts (faithfulness, helpfulness, tone). Off unless a judge
    # model is named; it only ever reports, never gates.
    judge_model: str | None = Field(default=None, description="Judge model for `cadence eval`.")
    judge_base_url: str | None = Field(default=None, description="The judge's endpoint.")
    judge_api_key: str | None = Field(default=None, description="The judge's key.")

    # Privacy
    anonymity_k: int = Field(
        default=5, description="Smallest group HR themes are computed for (never below 3)."
    )
    retention_days: int | None = Field(
        default=None,
        ge=1,
        le=36_500,
        description="Records and drafts older than this many days are purged by "
        "`cadence retention purge`; unset keeps everything.",
    )

    # API
    redis_url: str | None = Field(
        default=None,
        description="Redis for rate limits shared by every API process; unset counts per process.",
    )
    secret_key: str = Field(
        default="dev-insecure-secret",
        description="Signs the web UI's CSRF tokens; a placeholder that production refuses.",
    )
    rate_limit_per_minute: int = Field(
        default=60, ge=1, description="Requests a minute per person, API and web UI each."
    )
    auth_failures_per_minute: int = Field(
        default=10, ge=1, description="Failed sign-ins or bad tokens per client address a minute."
    )
    session_hours: float = Field(
        default=12, gt=0, le=24 * 30, description="How long a web UI sign-in lasts."
    )
    allowed_hosts: str = Field(
        default="localhost,127.0.0.1",
        description="Comma-separated Host header values the server answers ('*' for any).",
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="Comma-separated proxy addresses trusted for X-Forwarded-Proto/-For.",
    )

    @field_validator("anonymity_k")
    @classmethod
    def _k_floor(cls, value: int) -> int:
        if value < MIN_ANONYMITY_K:
            raise ValueError(f"anonymity_k must be at least {MIN_ANONYMITY_K}, got {value}")
        return value

    @model_validator(mode="after")
    def _no_placeholder_secrets(self) -> Settings:
        if self.environment == "production" and self.secret_key == "dev-insecure-secret":
            raise ValueError("CADENCE_SECRET_KEY must be set to a real secret in production")
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'cadence.db'}"

    @property
    def allowed_host_list(self) -> list[str]:
        return [h.strip() for h in self.allowed_hosts.split(",") if h.strip()]

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
