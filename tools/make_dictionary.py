"""Regenerate `assistant/data/en_de.tsv.gz`: English words and their German translations.

Run (Debian): `apt-get install trans-de-en=1.9-6 && python tools/make_dictionary.py`.
The source is Ding, the German-English dictionary of TU Chemnitz (Frank Richter,
<https://dict.tu-chemnitz.de/>, GPL-2+), as Debian's package `trans-de-en` ships it in
`/usr/share/trans/de-en` (version line "devel 2023-01-30"). Each entry pairs German and
English sides whose `|`-separated parts align (a word and its inflected forms); every
one-word German alternative of a part is kept as a translation of every one-word English
alternative of the same part ("to sign | signing | signed" ~ "unterzeichnen |
unterzeichnend | unterzeichnet"). Phrases, and notes in brackets, are dropped.
"""

from __future__ import annotations

import gzip
import re
from collections import defaultdict
from pathlib import Path

SOURCE = Path("/usr/share/trans/de-en")
OUT = Path(__file__).resolve().parent.parent / "assistant" / "data" / "en_de.tsv.gz"
_NOTE = re.compile(r"\{[^}]*\}|\[[^\]]*\]|\([^)]*\)|<[^>]*>|/[^/]*/")
_WORD = re.compile(r"[A-Za-zÄÖÜäöüßÀ-ÿ][A-Za-zÄÖÜäöüßÀ-ÿ'-]+")


def one_words(part: str, english: bool) -> list[str]:
    """The one-word alternatives (`;`-separated) of one part of an entry."""
    out = []
    for alternative in _NOTE.sub(" ", part).split(";"):  # notes hold ";" too: "{died; died}"
        text = " ".join(alternative.split())
        if english and text.startswith("to "):
            text = text[3:]
        if _WORD.fullmatch(text):
            out.append(text)
    return out


def translations(lines: list[str]) -> dict[str, set[str]]:
    """English word (lower case) → its German one-word translations."""
    out: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        if line.startswith("#") or "::" not in line:
            continue
        german, english = line.split("::", 1)
        de_parts, en_parts = german.split("|"), english.split("|")
        if len(de_parts) != len(en_parts):  # forms do not align: keep the head word only
            de_parts, en_parts = de_parts[:1], en_parts[:1]
        for de, en in zip(de_parts, en_parts, strict=True):
            targets = one_words(de, english=False)
            for word in one_words(en, english=True):
                out[word.lower()].update(targets)
    return out


def main() -> None:
    """Write the dictionary file, one `english<TAB>german,german,...` line per word."""
    table = translations(SOURCE.read_text("utf-8").splitlines())
    rows = [f"{en}\t{','.join(sorted(de))}\n" for en, de in sorted(table.items()) if de]
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write(f"# Ding {SOURCE.read_text('utf-8').splitlines()[0][2:]}; GPL-2+; see README\n")
        f.writelines(rows)
    print(f"{len(rows)} English words -> {OUT}")


if __name__ == "__main__":
    main()
