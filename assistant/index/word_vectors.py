"""Word vectors: the multilingual embedding model as an English/German lexicon.

multilingual-e5 places a word close to its translation and to other spellings
of a name ("treaty" ~ "Vertrag" 0.91, "household" ~ "Haushalt" 0.92, "Warsaw" ~
"Warschau" 0.91, "Huguenots" ~ "Hugenotten" 0.93), while a word and the
unrelated words of a text mostly stay below 0.90 (measured on the XQuAD
development articles, see docs/evaluation.md). The Ding dictionary
(`dictionary`) finds most translations as strings; the vectors catch what it
lacks, above all other spellings of names.

Every word of an indexed article gets its vector at ingest, stored in the
`<collection>-words` Chroma collection; a question's words are embedded when
asked. All vectors are the model's passage embeddings of the bare word.
"""

from __future__ import annotations

import re
import threading

import numpy as np

from assistant.index.embeddings import Embedder
from assistant.index.store import Store
from assistant.language.entities import Vocabulary, name_in_text

# A question word counts as found in a text when a word of the text is this similar.
WORD_MATCH = 0.90
# A name counts as mentioned by the articles when one of their words is this similar.
NAME_MATCH = 0.91
_WORD = re.compile(r"[^\W\d_][\w-]*[^\W_]")
_CACHE_LIMIT = 200_000


def words_of(text: str) -> set[str]:
    """The distinct words of `text` with at least three characters."""
    return {w for w in _WORD.findall(text) if len(w) >= 3}


def add_words(store: Store, embedder: Embedder, text: str) -> int:
    """Embed and store the words of `text` that have no vector yet; returns how many."""
    missing = store.missing_words(words_of(text))
    if missing:
        store.add_words(missing, embedder.get_text_embedding_batch(missing))
    return len(missing)


class Lexicon:
    """Finds a question's words, or their translations, in texts and in the articles."""

    def __init__(self, store: Store, embedder: Embedder) -> None:
        self.store = store
        self.embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def _lookup(self, words: list[str], embed_missing: bool) -> dict[str, np.ndarray]:
        """Vectors of `words`: cached, stored, or (with `embed_missing`) embedded now."""
        with self._lock:
            out = {w: self._vectors[w] for w in words if w in self._vectors}
        wanted = [w for w in dict.fromkeys(words) if w not in out]
        if wanted:
            found = {
                w: np.asarray(v, dtype=np.float32)
                for w, v in self.store.word_vectors(wanted).items()
            }
            rest = [w for w in wanted if w not in found]
            if rest and embed_missing:
                vectors = self.embedder.get_text_embedding_batch(rest)
                found.update(
                    (w, np.asarray(v, dtype=np.float32)) for w, v in zip(rest, vectors, strict=True)
                )
            with self._lock:
                if len(self._vectors) > _CACHE_LIMIT:
                    self._vectors.clear()
                self._vectors.update(found)
            out.update(found)
        return out

    def mentioned_in(self, words: list[str], text: str) -> list[str]:
        """The `words` that `text` mentions, as written or translated."""
        seen = [w for w in words if name_in_text(w, text)]
        unseen = [w for w in words if w not in seen]
        known = self._lookup(sorted(words_of(text)), embed_missing=False)
        if not unseen or not known:
            return seen
        matrix = np.stack(list(known.values()))
        asked = self._lookup(unseen, embed_missing=True)
        return seen + [w for w in unseen if float((matrix @ asked[w]).max()) >= WORD_MATCH]

    def never_mentioned(self, names: list[str], vocabulary: Vocabulary) -> list[str]:
        """The `names` that no indexed article mentions, in any spelling or language."""
        unseen = [n for n in names if not vocabulary.has(n)]
        if not unseen:
            return []
        asked = self._lookup(unseen, embed_missing=True)
        out = []
        for name in unseen:
            nearest = self.store.nearest_words(asked[name].tolist(), _NEAREST)
            if not any(sim >= NAME_MATCH and vocabulary.has(w) for w, sim in nearest):
                out.append(name)
        return out


_NEAREST = 5


def _arrays(vectors: dict[str, list[float]]) -> dict[str, np.ndarray]:
    return {w: np.asarray(v, dtype=np.float32) for w, v in vectors.items()}
