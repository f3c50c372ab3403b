"""Data files shipped in `assistant/data/`: aliases, glossary, messages, word lists."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_json(name: str) -> dict[str, Any]:
    """The parsed `data/<name>.json`."""
    return json.loads(resources.files("assistant").joinpath(f"data/{name}.json").read_text("utf-8"))


@cache
def word_list(name: str) -> frozenset[str]:
    """One of the lists in `data/words.json`, as a set."""
    return frozenset(load_json("words")[name])
