"""`Assistant`: the one answer path for the CLI, the web app and the eval."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from assistant import extractive
from assistant.answer import Answer
from assistant.citations import cite
from assistant.condense import condense
from assistant.config import Settings
from assistant.conflicts import find_conflict
from assistant.embeddings import DIMENSION, MODEL_NAME, E5Embedding
from assistant.ingest import IngestReport, Progress, ingest_paths
from assistant.language import detect_language
from assistant.lexical import LexicalScorer
from assistant.llm import LLMAnswerer, failure_reason, pick_sources
from assistant.messages import message
from assistant.retrieve import Passage, Retriever
from assistant.store import Store, StoredArticle
from assistant.verify import Verifier

log = logging.getLogger(__name__)


class Assistant:
    """Ingest articles and answer questions about them, with citations."""

    def __init__(
        self,
        settings: Settings,
        params: extractive.ExtractiveParams | None = None,
        embed_threads: int | None = None,
    ) -> None:
        self.settings = settings
        self.params = params or extractive.ExtractiveParams()
        self.embedder = E5Embedding(threads=embed_threads or settings.embed_threads)
        self.store = Store(settings, MODEL_NAME, DIMENSION)
        self.retriever = Retriever(self.store, self.embedder, settings.top_k)
        self._write_lock = threading.Lock()
        self._corpus: str | None = None
        self._lexical: LexicalScorer | None = None
        self.llm = LLMAnswerer(settings) if settings.llm_enabled else None

    def mode_label(self) -> str:
        """The active answer mode, for people: offline extractive, or the LLM's name."""
        if self.llm is None:
            return "Offline · extractive answers"
        return f"LLM · {self.settings.llm_model} (verified citations)"

    # --- documents -------------------------------------------------------------
    def ingest(
        self, paths: Iterable[Path], prune: bool = False, progress: Progress | None = None
    ) -> IngestReport:
        """Ingest article files or folders into the index (see `ingest.ingest_paths`)."""
        with self._write_lock:
            report = ingest_paths(
                paths, self.store, self.embedder, self.settings.max_file_bytes, prune, progress
            )
            self._changed()
        return report

    def remove(self, source: str) -> None:
        """Remove one article and its chunks from the index."""
        with self._write_lock:
            self.store.remove_article(source)
            self._changed()

    def articles(self) -> list[StoredArticle]:
        """The indexed articles."""
        return sorted(self.retriever.articles().values(), key=lambda a: a.source)

    def _changed(self) -> None:
        self.retriever.refresh()
        self._corpus = None
        self._lexical = None

    def corpus(self) -> str:
        """All indexed article text (without footers), to check whether a name occurs at all."""
        if self._corpus is None:
            self._corpus = "\n".join(a.body for a in self.retriever.articles().values())
        return self._corpus

    def lexical(self) -> LexicalScorer:
        """Word statistics of the indexed paragraphs."""
        if self._lexical is None:
            paragraphs = [p for a in self.articles() for p in a.body.split("\n") if p.strip()]
            self._lexical = LexicalScorer(paragraphs)
        return self._lexical

    # --- questions -------------------------------------------------------------
    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        """Answer `question` (after the earlier user questions `history`)."""
        started = time.perf_counter()
        answer = self._answer(question, list(history or []))
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer

    def _answer(self, question: str, history: list[str]) -> Answer:
        text = question.replace("\x00", "").strip()
        lang = detect_language(text)
        if not text:
            return Answer(question, message("empty_question", lang), refused=True)
        limit = self.settings.max_question_chars
        if len(text) > limit:
            msg = message("too_long", lang, length=len(text), limit=limit)
            return Answer(question, msg, refused=True)
        articles = self.retriever.articles()
        if not articles:
            return Answer(question, message("empty_index", lang), refused=True)
        standalone = condense(text, history)
        passages = self.retriever.retrieve(standalone)
        selection = extractive.select(
            standalone, passages, self.corpus(), self.lexical(), self.params
        )
        ranked = sorted(passages, key=lambda p: selection.scores.get(p.key, p.score), reverse=True)
        steps: dict[str, object] = {
            "standalone_question": standalone,
            "retrieved": [
                {
                    "source": p.source,
                    "paragraph": p.paragraph,
                    "start": p.start,
                    "dense": round(p.score, 4),
                    "score": round(selection.scores.get(p.key, p.score), 4),
                    "text": p.text,
                }
                for p in ranked
            ],
        }
        texts = {source: a.text for source, a in articles.items()}
        chosen: list[Passage] = []
        if selection.refused:
            if selection.missing:
                msg = message("refusal_missing", lang, names=", ".join(selection.missing))
                return Answer(question, msg, refused=True, steps=steps)
            msg = message("refusal", lang)
            base = Answer(question, msg, refused=True, steps=steps)
        else:
            chosen = extractive.with_enumerations(selection.passages, texts)
            chosen, conflict = find_conflict(standalone, chosen, passages, texts, selection.scores)
            citations = cite(chosen, texts)
            lead = message("conflict" if conflict else "lead", lang)
            answer_text = extractive.compose(chosen, lead)
            base = Answer(question, answer_text, citations, conflict=conflict, steps=steps)
        if self.llm is None:
            return base
        return self._llm_answer(base, standalone, lang, pick_sources(ranked, chosen), texts)

    def _llm_answer(
        self,
        base: Answer,
        standalone: str,
        lang: str,
        sources: list[Passage],
        texts: dict[str, str],
    ) -> Answer:
        """The LLM's verified answer, or `base` (the extractive one) with a notice why not."""
        assert self.llm is not None
        error: Exception | None = None
        try:
            reply = self.llm.write(standalone, sources)
            base.steps["llm_reply"] = reply
            verified = Verifier(self.embedder).verify(reply, sources, texts)
        except Exception as exc:  # the extractive answer is always there to fall back on
            log.warning("LLM answer failed: %s: %s", type(exc).__name__, exc)
            error, verified = exc, None
        if verified is None and error is None and base.refused:
            return base  # the model did not find a supported answer either
        if verified is None:
            reason = failure_reason(error, lang, self.settings.llm_timeout)
            base.notice = message("llm_failed", lang, reason=reason)
            return base
        text, citations = verified
        conflict = base.conflict and len({c.source for c in citations}) > 1
        return Answer(
            base.question, text, citations, conflict=conflict, mode="llm", steps=base.steps
        )
