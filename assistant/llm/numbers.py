"""The values of the numbers a claim or source writes, in digits or words, in either language."""

from __future__ import annotations

import re

from text_to_num import alpha2digit

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SMALL_NUMBERS = 2  # text2num leaves "ein"/"one" as words


def in_digits(text: str) -> str:
    """`text` with German and English number words written as digits ("zehn" → "10").

    Claims mix languages ("Putin visited Hanoi on Donnerstag"), so both are read.
    """
    for lang in ("de", "en"):
        text = alpha2digit(text, lang, threshold=_SMALL_NUMBERS)
    return text


def digit_values(token: str) -> set[float]:
    """The values a written number can have: "1.950" is 1950 in German, 1.95 in English."""
    plain = token.replace(",", "").replace(".", "")
    values = {float(plain)}
    for sep, other in ((".", ","), (",", ".")):
        if token.count(sep) == 1 and other not in token:
            values.add(float(token.replace(sep, ".")))
    return values


def number_values(text: str) -> list[set[float]]:
    """The possible values of each number in `text`, in digits or words ("zehn", "ten")."""
    return [digit_values(t) for t in NUMBER.findall(in_digits(text))]
