"""User-facing messages in English and German, kept as data in `data/messages.json`."""

from __future__ import annotations

from assistant.answer.answer import Answer
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


def heading(answer: Answer) -> str | None:
    """The title the app and the CLI put above a refused or a conflicting answer, else None.

    It belongs to the interface, whose words are English.
    """
    if answer.refused:
        return message("refusal_title", "en")
    return message("conflict_title", "en") if answer.conflict else None
