"""An LLM answer split into claims: sentences (or parts of them) with their `[n]` markers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.llm.numbers import number_values

MARKER = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_LEADING = re.compile(r"^\s*(?:\[\d+\]\s*)+\S")
_CUT_OFF = re.compile(r"[,;:]\s*(?:\[\d+(?:\s*[,;]\s*\d+)*\]\s*)+$")
_MARKER_RUN = re.compile(r"((?:\[\d+(?:\s*[,;]\s*\d+)*\]\s*)+)")
# After ".", "!", "?", a marker ("[2]") or "],": not after a day's number ("am 7. Januar
# 1943"), an initial ("Gennady S. Bezdetko") or a bracket of words ("[X.25-Protokollsuite]").
_SPLIT = re.compile(
    r"(?:(?<=[.!?])(?<!\b\d\.)(?<!\b\d\d\.)(?<!\b[A-ZÄÖÜ]\.)|(?<=\d\])|(?<=\][,;:]))\s+(?=[^\s\[])"
)


def _numbers(marker_group: str) -> list[int]:
    return [int(n) for n in re.split(r"[,;]", marker_group)]


@dataclass(frozen=True)
class Claim:
    """A sentence (or the part of one up to its markers) and the source numbers it cites."""

    raw: str
    markers: list[int]
    opens: bool = True  # begins a sentence (not the part after "A [1], ...")

    @property
    def text(self) -> str:
        """The claim without its markers."""
        bare = re.sub(r"\s+([.,;:!?])", r"\1", MARKER.sub("", self.raw))
        return re.sub(r"\s{2,}", " ", bare).strip()

    @property
    def cut_off(self) -> bool:
        """The model stopped mid-sentence and cited: "Joe Biden Hanoi, [1]"."""
        return _CUT_OFF.search(self.raw) is not None

    @property
    def fragment(self) -> bool:
        """A sentence that opens with a lower-case word lost its subject: "uses this
        Netzwerktyp." ("iPhone" may open one, and a value: "über 70.000", "am 7. Januar")."""
        first = self.text.lstrip(" \"'„“‚(«»[").split(" ", 1)[0]
        lower = first[:1].islower() and first == first.lower()
        return self.opens and lower and not number_values(self.text)

    def render(self, renumber: dict[int, int]) -> str:
        """`raw` with only the markers in `renumber`, renumbered."""

        def marks(m: re.Match[str]) -> str:
            kept = dict.fromkeys(renumber[n] for n in _numbers(m.group(1)) if n in renumber)
            return "".join(f"[{n}]" for n in kept)

        out = re.sub(r"\s+([.,;:!?])", r"\1", MARKER.sub(marks, self.raw))
        return re.sub(r"\s{2,}", " ", out).strip()


def claims(text: str) -> list[Claim]:
    """Split `text` into sentences, and sentences after inner markers ("A [1], while B [2].").

    A part that is only markers joins the part before it. A reply that starts with
    a marker is written list-style ("[1] A.\n[2] B."): there each run of markers
    cites the text after it.
    """
    if _LEADING.match(text):
        return _leading(text)
    out: list[Claim] = []
    for line in text.splitlines():
        previous = ""
        for part in _SPLIT.split(line.strip()):
            markers = [n for m in MARKER.findall(part) for n in _numbers(m)]
            if not MARKER.sub("", part).strip(" -*•.,;:") and out:
                out[-1] = Claim(f"{out[-1].raw} {part}", out[-1].markers + markers, out[-1].opens)
            elif part.strip():
                out.append(Claim(part, markers, not previous.rstrip().endswith((",", ";", ":"))))
            previous = part
    return out


def _leading(text: str) -> list[Claim]:
    """Claims of a list-style reply: each run of markers with the text that follows it."""
    parts = _MARKER_RUN.split(text.strip())
    out = []
    for run, body in zip(parts[1::2], parts[2::2], strict=True):
        markers = [n for m in MARKER.findall(run) for n in _numbers(m)]
        if body.strip():
            out.append(Claim(f"{body.strip()} {run.strip()}", markers))
    return out
