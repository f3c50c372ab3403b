"""`Assistant`: the one answer path for the CLI, the web app and the eval."""

from __future__ import annotations

import copy
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answer import extractive, names, values
from assistant.answer.answer import Answer
from assistant.answer.citations import cite
from assistant.answer.condense import History, Turn, condense, turns
from assistant.answer.conflicts import find_conflict
from assistant.answer.dates import date_spans
from assistant.answer.messages import message, number
from assistant.answer.retrieve import Passage, Retriever
from assistant.config import Settings
from assistant.index.embeddings import DIMENSION, make_embedder
from assistant.index.library import Library
from assistant.index.store import Store, StoredArticle
from assistant.index.word_vectors import Lexicon
from assistant.language.language import detect_language
from assistant.language.lexical import content_words
from assistant.language.separable import joined_verbs
from assistant.reader.read import SentenceReader
from assistant.reader.token_alignment import encoder as token_encoder

if TYPE_CHECKING:  # LLM mode's client (and openai) load only when it is configured
    from assistant.index.ingest import IngestReport, Progress
    from assistant.llm.llm import LLMAnswerer

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
        self.embedder = make_embedder(settings, embed_threads or settings.embed_threads)
        self.store = Store(settings, self.embedder.model_name, DIMENSION)
        self.library = Library(self.store, settings.sync_seconds)
        self.retriever = Retriever(self.library, self.embedder, settings.top_k)
        self.lexicon = Lexicon(self.store, self.embedder)
        self.reader = SentenceReader(self.library, self.lexicon) if self.params.use_reader else None
        self._write_lock = threading.Lock()
        self.llm: LLMAnswerer | None = None
        if settings.llm_enabled:
            from assistant.llm.llm import LLMAnswerer

            self.llm = LLMAnswerer(settings)

    def without_llm(self) -> Assistant:
        """This assistant (same index and model) answering in extractive mode only."""
        twin = copy.copy(self)
        twin.llm = None
        return twin

    def warm_up(self) -> None:
        """Load what the first question needs (model, index, word lists, lemmas) ahead of it."""
        self.retriever.retrieve("Wer ist der Präsident?")
        self.library.vocabulary(), self.library.lexical(), self.library.texts()
        names.warm_up()
        values.warm_up()
        date_spans("am 12. März 2024")  # CLDR month names (babel): ~0.1 s the first time
        joined_verbs("Er traf gestern ein.")  # the dictionary read backwards: ~0.3 s once
        if self.reader is not None:
            token_encoder().tokens("Wer ist der Präsident?", "query:")  # E5 layers: ~0.4 s once
        if self.llm is not None:
            from assistant.llm import verify

            verify.warm_up(self.embedder)

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
        from assistant.index.ingest import ingest_paths  # chunking loads llama-index

        with self._write_lock:
            report = ingest_paths(
                paths, self.store, self.embedder, self.settings.max_file_bytes, prune, progress
            )
            self.library.refresh()
        return report

    def remove(self, source: str) -> None:
        """Remove one article and its chunks from the index."""
        with self._write_lock:
            self.store.remove_article(source)
            self.library.refresh()

    def articles(self) -> list[StoredArticle]:
        """The indexed articles."""
        return sorted(self.library.articles().values(), key=lambda a: a.source)

    def _condense(self, question: str, history: list[Turn], offline: str) -> str:
        """The standalone question: the LLM rewrites follow-ups when there is one.

        `offline` is the rewrite without a model (`condense.condense`).
        """
        if self.llm is None or offline == question or self.llm.paused_for():
            return offline
        try:
            return self.llm.condense(question, history)
        except Exception as exc:  # the offline rewrite is always there to fall back on
            log.warning("LLM condensing failed: %s: %s", type(exc).__name__, exc)
            self.llm.note_failure(exc)
            return offline

    def _select(
        self, question: str, lang: str, focus: frozenset[tuple[str, int]]
    ) -> tuple[list[Passage], extractive.Selection]:
        """The retrieved passages for `question` and the extractive reader's choice among them.

        `focus`: for a follow-up, the sentences the previous answer quoted.
        """
        passages = self.retriever.retrieve(question)
        selection = extractive.select(
            question, passages, self.library, self.lexicon, self.params, lang, focus, self.reader
        )
        return passages, selection

    # --- questions -------------------------------------------------------------
    def ask(
        self,
        question: str,
        history: History | None = None,
        on_token: Callable[[str], None] | None = None,
    ) -> Answer:
        """Answer `question` (after the earlier turns of the chat, `history`).

        With `on_token`, an LLM's answer is streamed to it piece by piece before
        the verified `Answer` is returned.
        """
        started = time.perf_counter()
        answer = self._answer(question, turns(history or []), on_token)
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer

    def stream(self, question: str, history: History | None = None) -> Iterator[str | Answer]:
        """Yield the LLM's raw text pieces as they arrive, then the final `Answer`.

        In extractive mode only the `Answer` comes.
        """
        pieces: queue.Queue[str | None] = queue.Queue()
        outcome: dict[str, Answer | BaseException] = {}

        def work() -> None:
            try:
                outcome["answer"] = self.ask(question, history, on_token=pieces.put)
            except BaseException as exc:  # handed to the caller below
                outcome["answer"] = exc
            finally:
                pieces.put(None)

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        while (piece := pieces.get()) is not None:
            yield piece
        thread.join()
        result = outcome["answer"]
        if isinstance(result, BaseException):
            raise result
        yield result

    def replay(self, questions: Iterable[str]) -> list[Turn]:
        """Ask `questions` as one chat and return its turns (for a follow-up after them)."""
        chat: list[Turn] = []
        for question in questions:
            chat.append(Turn.of(question, self.ask(question, chat)))
        return chat

    def _answer(
        self, question: str, history: list[Turn], on_token: Callable[[str], None] | None
    ) -> Answer:
        text = _clean(question)
        lang = detect_language(text)
        if not any(ch.isalnum() for ch in text):
            return Answer(question, message("empty_question", lang), refused=True)
        limit = self.settings.max_question_chars
        if len(text) > limit:
            msg = message(
                "too_long", lang, length=number(len(text), lang), limit=number(limit, lang)
            )
            return Answer(question, msg, refused=True)
        self.library.sync()
        articles = self.library.articles()
        if not articles:
            return Answer(question, message("empty_index", lang), refused=True)
        offline = condense(text, history)
        standalone = self._condense(text, history, offline)
        # A follow-up with no words of its own ("And when was that?") asks about what
        # the previous answer quoted.
        about_previous = offline != text and not content_words(text)
        focus = frozenset(history[-1].cited) if about_previous else frozenset()
        passages, selection = self._select(standalone, lang, focus)
        if selection.refused and standalone != offline:  # the model's rewrite lost the answer
            standalone = offline
            passages, selection = self._select(standalone, lang, focus)
        texts = self.library.texts()
        ranked = sorted(passages, key=lambda p: selection.scores.get(p.key, p.score), reverse=True)
        steps: dict[str, object] = {
            "standalone_question": standalone,
            "no_answer": selection.no_answer,
            "rules_refused": selection.rules_refused,
            "chosen": [p.text for p in selection.passages],
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
        if selection.refused:  # no model is asked: it could only cite sources not chosen
            return Answer(question, selection.refusal_text(lang), refused=True, steps=steps)
        chosen = extractive.with_enumerations(selection.passages, texts)
        chosen, conflict = find_conflict(standalone, chosen, passages, texts, selection.scores)
        citations = cite(chosen, texts)
        lead = message("conflict" if conflict else "lead", lang)
        answer_text = extractive.compose(chosen, lead)
        base = Answer(question, answer_text, citations, conflict=conflict, steps=steps)
        if self.llm is None:
            return base
        from assistant.llm.llm import llm_answer
        from assistant.llm.sources import model_sources

        # The offline rewrite only appends the earlier question in brackets: the
        # model must answer (and be checked against) the question as asked.
        asked = text if standalone == offline else standalone
        limit, budget = self.settings.llm_sources, self.settings.llm_source_chars
        sources = model_sources(chosen, ranked, texts, limit, budget)
        keys = {p.key for p in chosen}
        return llm_answer(
            self.llm, self.embedder, base, asked, lang, sources, texts, on_token, keys
        )


_INVISIBLE = dict.fromkeys(map(ord, "\x00\u200b\u200c\u200d\u2060\ufeff"))


def _clean(question: str) -> str:
    """The question without NULs, zero-width characters and unpaired surrogates."""
    valid = question.encode("utf-8", "replace").decode("utf-8")
    return valid.translate(_INVISIBLE).strip()
