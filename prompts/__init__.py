"""Versioned prompt templates (data files) and their loader."""

from prompts.loader import MissingVariables, Prompt, PromptError, available, load, parse

__all__ = ["MissingVariables", "Prompt", "PromptError", "available", "load", "parse"]
