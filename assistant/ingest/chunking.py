"""Article → sentence chunks (`Chunk`, written to Chroma as llama-index `TextNode`s).

Each chunk is one sentence of one paragraph. Its metadata locates it exactly
(`source`, `paragraph`, `start`, `end` into the original file) and records the
text that was embedded for it, which adds context but is never quoted.
Measured on the XQuAD development set (hit@1 of the sentence holding the gold
answer, dense score only): the sentence alone 0.744, after its article's title
0.771; the sentence after its predecessor lost (0.338 alone).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.ingest.articles import Article, Span
from assistant.ingest.sentences import split_sentences
from assistant.language.entities import alias_groups, contains_name

if TYPE_CHECKING:  # llama-index loads only when chunks are written (1–2 s)
    from llama_index.core.schema import BaseNode, TextNode

# Metadata that only locates a chunk; nothing of it is embedded or shown to an LLM.
LOCATION_KEYS = [
    "source",
    "title",
    "paragraph",
    "sentence",
    "start",
    "end",
    "para_start",
    "para_end",
    "file_sha",
    "view",
    "embedded_as",
]


def chunk_id(source: str, article_sha: str, span: Span, view: str, embedded: str) -> str:
    """Stable id of a chunk: same file, content, offsets, view and embedded text, same id.

    The name is part of it, so two files with the same text keep separate chunks;
    the embedded text too, so a new alias list or chunk recipe re-embeds what changed.
    """
    key = f"{source}\x00{article_sha}:{span.start}:{span.end}:{view}\x00{embedded}"
    return hashlib.sha1(key.encode()).hexdigest()[:20]


def with_countries(sentence: str) -> str:
    """The sentence with the country each capital stands for added once.

    "Hanoi und Moskau haben ..." → "Hanoi (Vietnam) und Moskau (Russland) haben ..."
    (capitals from `data/countries.json`).
    """
    out = sentence
    named = {id(g) for m in _capital_names().finditer(sentence.lower()) for g in _groups_of(m[1])}
    for group in alias_groups():
        if id(group) not in named or any(contains_name(sentence, n) for n in group[:2]):
            continue
        for name in group[2:]:
            if contains_name(sentence, name):
                pattern = r"(?<![\wÄÖÜäöüß])" + re.escape(name) + r"(?![\wÄÖÜäöüß])"
                out = re.sub(pattern, f"{name} ({group[0]})", out, count=1)
                break
    return out


@lru_cache(maxsize=1)
def _capital_index() -> dict[str, list[tuple[str, ...]]]:
    """Lower-case capital name → the country groups that list it."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for group in alias_groups():
        for name in group[2:]:
            index.setdefault(name.lower(), []).append(group)
    return index


def _groups_of(name: str) -> list[tuple[str, ...]]:
    return _capital_index().get(name, [])


@lru_cache(maxsize=1)
def _capital_names() -> re.Pattern[str]:
    """Every capital name, lower case, as a whole word with a German ending.

    A sieve over lower-cased text: one search per sentence instead of one per
    name (ingest of an unchanged folder recomputes every chunk id).
    """
    names = sorted(_capital_index(), key=len, reverse=True)
    alternatives = "|".join(map(re.escape, names))
    return re.compile(rf"(?<![\wÄÖÜäöüß])({alternatives})(?:e|en|er|es|em|n|s)?(?![\wÄÖÜäöüß])")


@dataclass
class Chunk:
    """One chunk before it is stored: its id, the quoted text and its metadata."""

    id: str
    text: str
    metadata: dict[str, Any]

    def node(self) -> TextNode:
        """The llama-index node that stores this chunk (imports llama-index)."""
        from llama_index.core.schema import TextNode

        return TextNode(
            id_=self.id,
            text=self.text,
            metadata=dict(self.metadata),
            excluded_embed_metadata_keys=list(LOCATION_KEYS),
            excluded_llm_metadata_keys=list(LOCATION_KEYS),
        )


@lru_cache(maxsize=1)
def recipe() -> str:
    """Fingerprint of everything that shapes chunk ids besides the file itself.

    The chunking code and the country names it adds (`with_countries`). Ingest
    skips a file whose stored hash and recipe both match without chunking it;
    under another recipe its chunk ids are recomputed (and only changed ones embedded).
    """
    here = Path(__file__).resolve().parent
    package = here.parent
    digest = hashlib.sha256()
    for path in (
        here / "articles.py",
        here / "sentences.py",
        here / "chunking.py",
        package / "language" / "entities.py",
        package / "data" / "countries.json",
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def article_chunks(article: Article) -> list[Chunk]:
    """Sentence chunks of the article's paragraphs, in two views each.

    The "sentence" view embeds the sentence alone (capitals followed by their
    country, see `with_countries`); the "in_title" view embeds it
    after its article's title ("Oxygen: Die Bezeichnung Oxygenium ..."), which
    places it in what the article is about, so "What did Lavoisier name it?"
    finds the sentence of the right article. Both cite the same span; retrieval
    keeps the better score. The title itself is context, not a passage to quote.
    """
    chunks = []
    for number, para in enumerate(article.paragraphs, start=1):
        for index, span in enumerate(split_sentences(article.text, para)):
            sentence = article.text[span.start : span.end]
            sentence = with_countries(sentence)
            views = {"sentence": sentence, "in_title": f"{article.context_title}: {sentence}"}
            for view, embedded_as in views.items():
                chunks.append(_chunk(article, number, index, span, para, view, embedded_as))
    return chunks


def article_nodes(article: Article) -> list[TextNode]:
    """`article_chunks` as llama-index nodes."""
    return [chunk.node() for chunk in article_chunks(article)]


def _chunk(
    article: Article, number: int, index: int, span: Span, para: Span, view: str, embedded: str
) -> Chunk:
    return Chunk(
        id=chunk_id(article.source, article.sha, span, view, embedded),
        text=article.text[span.start : span.end],
        metadata={
            "source": article.source,
            "title": article.display_title,
            "paragraph": number,
            "sentence": index,
            "start": span.start,
            "end": span.end,
            "para_start": para.start,
            "para_end": para.end,
            "file_sha": article.sha,
            "view": view,
            "embedded_as": embedded,
        },
    )


def embed_text(node: BaseNode | Chunk) -> str:
    """What the embedding model sees for a chunk."""
    return str(node.metadata["embedded_as"])
