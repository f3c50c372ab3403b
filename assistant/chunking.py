"""Article → sentence chunks as llama-index `TextNode`s.

Each chunk is one sentence of one paragraph. Its metadata locates it exactly
(`source`, `paragraph`, `start`, `end` into the original file) and carries a short
context header (article title, place, the countries that names in the sentence
stand for) that is embedded with the sentence but never quoted.
"""

from __future__ import annotations

import hashlib
from llama_index.core.schema import BaseNode, MetadataMode, TextNode

from assistant.articles import Article
from assistant.entities import aliases_in
from assistant.sentences import split_sentences

# Metadata that only locates a chunk; the embedding sees just the context header.
LOCATION_KEYS = [
    "source", "title", "paragraph", "sentence", "start", "end",
    "para_start", "para_end", "file_sha",
]


def chunk_id(article_sha: str, start: int, end: int) -> str:
    """Stable id of a chunk: same file content and offsets give the same id."""
    return hashlib.sha1(f"{article_sha}:{start}:{end}".encode()).hexdigest()[:20]


def context_header(article: Article, sentence: str) -> str:
    """Short context embedded with a sentence: title, place, countries named."""
    parts = [article.display_title]
    if article.place:
        parts.append(article.place)
    names = aliases_in(sentence)
    if names:
        parts.append(", ".join(names))
    return " | ".join(parts)


def article_nodes(article: Article) -> list[TextNode]:
    """One `TextNode` per sentence of every paragraph of `article`."""
    nodes = []
    sha = article.sha
    for number, para in enumerate(article.paragraphs, start=1):
        for index, span in enumerate(split_sentences(article.text, para)):
            sentence = article.text[span.start : span.end]
            nodes.append(
                TextNode(
                    id_=chunk_id(sha, span.start, span.end),
                    text=sentence,
                    metadata={
                        "context": context_header(article, sentence),
                        "source": article.source,
                        "title": article.display_title,
                        "paragraph": number,
                        "sentence": index,
                        "start": span.start,
                        "end": span.end,
                        "para_start": para.start,
                        "para_end": para.end,
                        "file_sha": sha,
                    },
                    excluded_embed_metadata_keys=list(LOCATION_KEYS),
                    excluded_llm_metadata_keys=list(LOCATION_KEYS),
                    metadata_template="{value}",
                    text_template="{metadata_str}\n{content}",
                )
            )
    return nodes


def embed_text(node: BaseNode) -> str:
    """What the embedding model sees for a chunk: header line + sentence."""
    return node.get_content(metadata_mode=MetadataMode.EMBED)
