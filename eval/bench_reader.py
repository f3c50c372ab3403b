"""What the reader costs per question: `ask` with and without it, in one run, on the seed index.

Run `python eval/bench_reader.py` (about 1 minute; `--quick` 24 questions). The
same questions are asked by the assistant with the reader and by its twin
without it (evidence rules alone), each asking first for every other question
(the second finds the question's embedding and word matches cached);
the reader's own call (features, model, coverage) is timed apart.
"""

from __future__ import annotations

import copy
import sys
import time
from typing import Any

from bench_common import load_average, parser, questions, r, save, scratch, seed_assistant, table

from assistant.answer.names import question_names
from assistant.evaluation.stats import percentile


def compare(assistant: Any, asked: list[Any]) -> dict[str, Any]:
    """p50/p95 of `ask` with the reader and without it, and of the reader's own call."""
    rules_only = copy.copy(assistant)
    rules_only.reader = None
    for twin in (assistant, rules_only):
        twin.ask("Warm-up: who visited Hanoi?")
    with_reader, without, reader_ms = [], [], []
    for i, q in enumerate(asked):  # who asks first alternates: the second finds caches warm
        first, second = (assistant, rules_only) if i % 2 else (rules_only, assistant)
        times = {id(first): first.ask(q.question).latency_ms}
        times[id(second)] = second.ask(q.question).latency_ms
        with_reader.append(times[id(assistant)])
        without.append(times[id(rules_only)])
        passages = assistant.retriever.retrieve(q.question)
        missing = bool(
            assistant.lexicon.never_mentioned(
                question_names(q.question), assistant.library.vocabulary()
            )
        )
        started = time.perf_counter()
        assistant.reader(q.question, passages, missing)
        reader_ms.append((time.perf_counter() - started) * 1000)
    return {
        "questions": len(asked),
        "with_reader_p50_ms": r(percentile(with_reader, 50)),
        "with_reader_p95_ms": r(percentile(with_reader, 95)),
        "rules_only_p50_ms": r(percentile(without, 50)),
        "rules_only_p95_ms": r(percentile(without, 95)),
        "reader_call_p50_ms": r(percentile(reader_ms, 50)),
        "reader_call_p95_ms": r(percentile(reader_ms, 95)),
    }


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table, merge the results into `eval/bench_results.json`."""
    args = parser(__doc__).parse_args(argv)
    asked = [q for q in questions(args.quick) if not q.history]
    with scratch() as tmp:
        result = compare(seed_assistant(tmp, args.threads or None), asked)
    ratios = {
        "ask_p50_with_reader_over_rules_only": r(
            result["with_reader_p50_ms"] / result["rules_only_p50_ms"], 2
        ),
        "ask_p95_with_reader_over_rules_only": r(
            result["with_reader_p95_ms"] / result["rules_only_p95_ms"], 2
        ),
    }
    save(args.out, {"reader": result}, ratios)
    print(f"load average {load_average()}")
    rows = [(key.replace("_", " "), value) for key, value in {**result, **ratios}.items()]
    print(table("The reader's cost per question (seed index)", rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
