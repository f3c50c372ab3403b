"""User-facing messages in English and German, kept as data in `data/messages.json`."""

from __future__ import annotations

from assistant.language.data import load_json


def message(key: str, lang: str, **values: object) -> str:
    """The message `key` in `lang` (English when `lang` is unknown), formatted."""
    messages = load_json("messages")
    table = messages.get(lang) or messages["en"]
    return table[key].format(**values)


def number(value: int, lang: str) -> str:
    """`value` with the thousands separator of `lang` (1,000 or 1.000)."""
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "de" else text
