"""User-facing messages in English and German, kept as data in `data/messages.json`."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _messages() -> dict[str, dict[str, str]]:
    raw = resources.files("assistant").joinpath("data/messages.json").read_text("utf-8")
    return json.loads(raw)


def message(key: str, lang: str, **values: object) -> str:
    """The message `key` in `lang` (English when `lang` is unknown), formatted."""
    table = _messages().get(lang) or _messages()["en"]
    return table[key].format(**values)
