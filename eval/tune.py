"""Grid-search the extractive answerer's thresholds on a question file; prints a table.

Usage: python eval/tune.py [eval/questions.jsonl]   (needs an index: `assistant ingest`)
Retrieval is cached per question, so only sentence choice and refusal are re-run.
"""

from __future__ import annotations

import functools
import itertools
import sys
from pathlib import Path

from assistant.config import load_settings
from assistant.core import Assistant
from assistant.evaluate import load_questions, run_questions, score
from assistant.extractive import ExtractiveParams


def main() -> None:
    """Print the best parameter sets by a combined score."""
    questions = load_questions(Path(sys.argv[1] if len(sys.argv) > 1 else "eval/questions.jsonl"))
    assistant = Assistant(load_settings())
    assistant.retriever.retrieve = functools.lru_cache(maxsize=None)(assistant.retriever.retrieve)
    rows = []
    grid = itertools.product(
        (0.78, 0.80, 0.81, 0.82, 0.83), (0.0, 0.01, 0.02, 0.04), (1, 2, 3), (0.05, 0.1), (1, 3)
    )
    for min_score, margin, max_sentences, weight, window in grid:
        assistant.params = ExtractiveParams(min_score, weight, margin, max_sentences, window)
        m = score(questions, run_questions(assistant, questions))
        combined = (
            m["answer_accuracy"]
            + m["citation_precision"]
            + m["refusal_accuracy"]
            - m["false_refusal_rate"]
        )
        rows.append((round(combined, 3), min_score, margin, max_sentences, weight, window, m))
    rows.sort(key=lambda r: r[0], reverse=True)
    print("combined min_score margin max_sent lex_w window | acc prec refuse false_refuse")
    for combined, *params, m in rows[:15]:
        print(
            combined,
            *params,
            "|",
            m["answer_accuracy"],
            m["citation_precision"],
            m["refusal_accuracy"],
            m["false_refusal_rate"],
        )


if __name__ == "__main__":
    main()
