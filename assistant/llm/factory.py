"""Settings → the model the tasks will use."""

from __future__ import annotations

from assistant.errors import ConfigError
from assistant.llm.base import ChatModel, OfflineModel
from assistant.settings import Settings


def resolve_provider(settings: Settings) -> str:
    """``auto`` means: a key or base URL is configured → openai, else the offline drafter."""
    if settings.llm_provider != "auto":
        return settings.llm_provider
    return "openai" if (settings.openai_api_key or settings.openai_base_url) else "offline"


def make_model(settings: Settings) -> ChatModel:
    provider = resolve_provider(settings)
    if provider == "offline":
        return OfflineModel()
    if provider == "openai":
        if not (settings.openai_api_key or settings.openai_base_url):
            raise ConfigError(
                "CADENCE_LLM_PROVIDER=openai needs OPENAI_API_KEY or OPENAI_BASE_URL to be set"
            )
        from assistant.llm.openai import OpenAIChatModel

        return OpenAIChatModel(
            model=settings.llm_model,
            base_url=settings.openai_base_url,
            api_key=settings.openai_api_key,
            timeout_s=settings.llm_timeout_s,
            max_retries=settings.llm_max_retries,
        )
    raise ConfigError(f"unknown LLM provider {provider!r}")
