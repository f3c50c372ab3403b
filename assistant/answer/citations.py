"""Citations: the exact span of an article that an answer rests on."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from assistant.answer.retrieve import Passage


@dataclass(frozen=True)
class Citation:
    """A numbered reference to `text[start:end]` of an article file."""

    n: int
    source: str
    title: str
    paragraph: int
    start: int
    end: int
    quote: str

    def to_dict(self) -> dict[str, object]:
        """The JSON form (see DESIGN.md, "Contracts")."""
        return asdict(self)


def cite(passages: list[Passage], article_texts: dict[str, str]) -> list[Citation]:
    """Number `passages` from 1 and quote each from its article's stored text.

    Raises `ValueError` if a passage's offsets do not reproduce its text, so a
    citation can never quote something the article does not say.
    """
    out = []
    for n, p in enumerate(passages, start=1):
        quote = article_texts[p.source][p.start : p.end]
        if quote != p.text:
            raise ValueError(f"citation {n} does not match {p.source}[{p.start}:{p.end}]")
        out.append(Citation(n, p.source, p.title, p.paragraph, p.start, p.end, quote))
    return out
