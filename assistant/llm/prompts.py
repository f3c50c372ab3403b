"""Prompt templates for the LLM mode, kept as package data in `prompts/*.txt`."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=8)
def prompt(name: str) -> str:
    """The text of `prompts/<name>.txt` (e.g. `system`, `answer`)."""
    return resources.files("assistant").joinpath(f"prompts/{name}.txt").read_text("utf-8")
