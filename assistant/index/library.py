"""`Library`: what is indexed, as the answerer needs it, cached in memory.

The articles (full texts and hashes), their vocabulary (to check whether a name
occurs at all) and word statistics (for lexical scoring). The caches are
dropped after this process writes, and when another process has changed the
articles in a shared Chroma server (checked at most every `sync_seconds`).
"""

from __future__ import annotations

import threading
import time

from assistant.index.store import Store, StoredArticle
from assistant.language.entities import Vocabulary
from assistant.language.lexical import LexicalScorer


class Library:
    """The indexed articles and what is derived from them."""

    def __init__(self, store: Store, sync_seconds: float) -> None:
        self.store = store
        self.sync_seconds = sync_seconds
        self._lock = threading.Lock()
        self._synced_at = time.monotonic()
        self._signature = store.signature()
        self._articles: dict[str, StoredArticle] | None = None
        self._vocabulary: Vocabulary | None = None
        self._texts: dict[str, str] | None = None
        self._lexical: LexicalScorer | None = None

    def articles(self) -> dict[str, StoredArticle]:
        """Stored articles by file name."""
        with self._lock:
            if self._articles is None:
                self._articles = {a.source: a for a in self.store.list_articles()}
            return self._articles

    def texts(self) -> dict[str, str]:
        """Each article's full text by file name (what citations quote)."""
        if self._texts is None:
            self._texts = {source: a.text for source, a in self.articles().items()}
        return self._texts

    def vocabulary(self) -> Vocabulary:
        """Every word of the indexed articles (without footers)."""
        if self._vocabulary is None:
            self._vocabulary = Vocabulary("\n".join(a.body for a in self.articles().values()))
        return self._vocabulary

    def lexical(self) -> LexicalScorer:
        """Word statistics of the indexed paragraphs."""
        if self._lexical is None:
            paragraphs = [
                p for a in self.articles().values() for p in a.body.split("\n") if p.strip()
            ]
            self._lexical = LexicalScorer(paragraphs)
        return self._lexical

    def refresh(self) -> None:
        """Forget everything cached (after a write)."""
        with self._lock:
            self._signature = self.store.signature()
            self._articles = None
            self._vocabulary = None
            self._texts = None
            self._lexical = None

    def sync(self) -> None:
        """Refresh if another process changed the articles (checked every `sync_seconds`)."""
        if time.monotonic() - self._synced_at < self.sync_seconds:
            return
        self._synced_at = time.monotonic()
        if self.store.signature() != self._signature:
            self.refresh()
