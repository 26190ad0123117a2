"""Model providers behind one narrow interface (:class:`ChatModel`)."""

from assistant.llm.base import (
    ChatModel,
    Generation,
    Message,
    ModelTimeout,
    ModelUnavailable,
    OfflineModel,
    Usage,
    parse_into,
)
from assistant.llm.factory import make_model, resolve_provider
from assistant.llm.obedient import ObedientModel
from assistant.llm.scripted import ScriptedModel

__all__ = [
    "ChatModel",
    "Generation",
    "Message",
    "ModelTimeout",
    "ModelUnavailable",
    "ObedientModel",
    "OfflineModel",
    "ScriptedModel",
    "Usage",
    "make_model",
    "parse_into",
    "resolve_provider",
]
