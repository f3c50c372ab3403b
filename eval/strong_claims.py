"""Claims a capable model would write (right paraphrases and plausible wrong ones), and the
verifier measured on them.

    python eval/strong_claims.py score [--show]
    python eval/strong_claims.py e2e [--sets seed,xquad]

`eval/strong_claims.jsonl` holds one line per claim, written by helper sessions that
read only the articles (seed articles and XQuAD development articles 0–23): for a
question, a right answer in the question's language as a fluent paraphrase or
translation, and wrong ones with exactly one fact changed (`kind`: number, date,
person, place, organisation, negation, modality), each with the verbatim `evidence`
phrase of the article it rests on. Fields: `id, set, article, question_id,
question, lang, kind, label, claim, evidence, note`.

`score` checks every claim the way LLM mode does: the claim cites source [1], the
window (`sources.model_sources`) around the sentence holding its evidence. It
prints the share of right claims verified and of wrong ones rejected, by half
(`half`: "tune" to adjust the verifier on, "held-out" to check it on, by a hash of
the question id), language and kind.

`e2e` runs them end to end: a real index of the seed articles and the 24 XQuAD
development articles (in a temporary folder), the full pipeline in LLM mode, and a
scripted OpenAI-compatible server (`tests/fake_openai.py`, over HTTP) playing the
capable model: it answers each question with the claim, citing whichever numbered
source holds the claim's evidence, or replies the prompt's no-answer phrase when
no source does. A claim counts as verified when the answer is the LLM's and cites a
sentence holding the evidence. Outcomes: verified, rejected, evidence not among the
sources the model read, the question refused before the model was asked.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from assistant.answer.retrieve import Passage  # noqa: E402
from assistant.evaluation.stats import percentile  # noqa: E402
from assistant.ingest.sentences import Span, split_sentences  # noqa: E402

CLAIMS = ROOT / "eval" / "strong_claims.jsonl"
XQUAD = Path("/work/shared/xquad-dev/xquad-dev.de.json")
if not XQUAD.exists():
    XQUAD = ROOT.parent / "shared" / "xquad-dev" / "xquad-dev.de.json"


def load(path: Path | None = None) -> list[dict[str, Any]]:
    """The claim lines of `path` (default `CLAIMS`)."""
    text = (path or CLAIMS).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def half(row: dict[str, Any]) -> str:
    """ "tune" or "held-out", by a hash of the question id (all claims of a question together)."""
    digest = hashlib.sha256(str(row["question_id"]).encode("utf-8")).digest()
    return "tune" if digest[0] % 2 == 0 else "held-out"


@cache
def _xquad_texts() -> dict[str, str]:
    data = json.loads(XQUAD.read_text("utf-8"))["data"]
    return {
        a["title"]: "\n\n".join(
            [a["title"].replace("_", " "), *(p["context"] for p in a["paragraphs"])]
        )
        for a in data
    }


def article_text(row: dict[str, Any]) -> str:
    """The text of the article a claim is about (a seed file or an XQuAD article)."""
    if row["set"] == "xquad":
        return _xquad_texts()[row["article"]]
    return (ROOT / "seeds" / row["article"]).read_text("utf-8")


def evidence_passage(row: dict[str, Any]) -> Passage:
    """The sentence of the article that holds the claim's evidence, as a retrieved passage."""
    text = article_text(row)
    at = text.index(row["evidence"])
    para_start = text.rfind("\n", 0, at) + 1
    para_end = text.find("\n", at)
    para_end = len(text) if para_end < 0 else para_end
    spans = split_sentences(text, Span(para_start, para_end))
    span = next(s for s in spans if s.start <= at < s.end)
    sentence = text[span.start : span.end]
    return Passage(
        row["article"], "", 0, 0, span.start, span.end, para_start, para_end, sentence, 1.0
    )


def score(path: Path | None = None, show: bool = False) -> dict[str, dict[str, float | int]]:
    """Right claims verified and wrong claims rejected, by half, language and kind."""
    from assistant.config import load_settings
    from assistant.index.embeddings import make_embedder
    from assistant.llm.sources import model_sources
    from assistant.llm.verify import Verifier

    verifier = Verifier(make_embedder(load_settings(), 1))
    groups: dict[str, list[tuple[bool, bool]]] = {}
    reasons: dict[str, int] = {}
    for row in load(path):
        passage = evidence_passage(row)
        texts = {row["article"]: article_text(row)}
        sources = model_sources([passage], [], texts, 1, 10_000)
        verified = verifier.verify(f"{row['claim']} [1]", sources, texts, row["question"])
        ok, right = bool(verified.citations), row["label"] == "right"
        if half(row) == "tune" and right and not ok:
            why = f"tune right dropped: {verified.dropped[0][1] if verified.dropped else '?'}"
            reasons[why] = reasons.get(why, 0) + 1
        for name in ("all", half(row), f"{half(row)} {row['lang']}", f"kind {row['kind']}"):
            groups.setdefault(name, []).append((ok, right))
        if show and ok != right:
            why = verified.dropped[0][1] if verified.dropped else ""
            print(f"{row['id']} {row['label']} verified={ok} {why}: {row['claim'][:140]}")
    return {name: _rates(v) for name, v in sorted(groups.items())} | {"reasons": reasons}


def scripted_reply(row: dict[str, Any], seen: dict[str, bool]) -> Callable[[dict], str]:
    """The scripted capable model for `row`: its claim citing the numbered source that
    holds its evidence, or the no-answer phrase (`seen["evidence"]` records which)."""
    import fake_openai

    from assistant.llm.llm_prompt import NO_ANSWER, escape_source

    def reply(body: dict) -> str:
        wanted = " ".join(escape_source(row["evidence"]).split())
        found = [
            n for n, text in fake_openai.sources(body).items() if wanted in " ".join(text.split())
        ]
        seen["evidence"] = bool(found)
        return f"{row['claim']} [{found[0]}]" if found else NO_ANSWER

    return reply


def outcome(row: dict[str, Any], answer: Any, seen: dict[str, bool]) -> str:
    """ "verified" (shown as the LLM's answer: for a right claim, citing a sentence that
    holds its evidence), "miscited" (a right claim shown citing another sentence),
    "rejected", "not_read" (evidence not among the sources) or "refused"."""
    if answer.refused:
        return "refused"
    if answer.mode == "llm":
        quotes = [c.quote for c in answer.citations]
        holds = any(row["evidence"] in q or q in row["evidence"] for q in quotes)
        return "verified" if holds or row["label"] != "right" else "miscited"
    return "rejected" if seen.get("evidence") else "not_read"


def ask_e2e(
    assistant: Any,
    rows: list[dict[str, Any]],
    stream: bool = False,
    verify_ms: list[float] | None = None,
) -> list[str]:
    """Each row's outcome, asked through `assistant` (LLM mode at the scripted server);
    the verification's milliseconds of each answer are appended to `verify_ms`."""
    import fake_openai

    outcomes = []
    for row in rows:
        seen: dict[str, bool] = {}
        fake_openai.reset()  # a refused question leaves its step unused
        fake_openai.SCRIPT.append({"reply": scripted_reply(row, seen)})
        if stream:
            *_, answer = assistant.stream(row["question"])
        else:
            answer = assistant.ask(row["question"])
        outcomes.append(outcome(row, answer, seen))
        if verify_ms is not None and "verify_ms" in answer.steps:
            verify_ms.append(float(answer.steps["verify_ms"]))
    return outcomes


def e2e(sets: list[str]) -> dict[str, dict[str, float | int]]:
    """End-to-end outcomes by half and language, over a fresh index in a temporary folder."""
    import tempfile

    from helpers import fake_llm_server

    from assistant.config import load_settings
    from assistant.core import Assistant

    rows = [r for r in load() if r["set"] in sets]
    with tempfile.TemporaryDirectory() as tmp, fake_llm_server() as port:
        articles = Path(tmp) / "articles"
        articles.mkdir()
        for path in (ROOT / "seeds").glob("*.txt"):
            (articles / path.name).write_text(path.read_text("utf-8"), "utf-8")
        for title, text in _xquad_texts().items():
            (articles / f"xquad_{title}.txt").write_text(text + "\n", "utf-8")
        settings = load_settings().with_(
            index_dir=Path(tmp) / "index",
            uploads_dir=Path(tmp) / "uploads",
            seeds_dir=articles,
            llm_base_url=f"http://127.0.0.1:{port}/v1",
            llm_api_key="test",
            llm_pause=0.0,
        )
        assistant = Assistant(settings)
        assistant.ingest([articles])
        for row in rows:
            if row["set"] == "xquad":
                row["article"] = f"xquad_{row['article']}.txt"
        timings: list[float] = []
        outcomes = ask_e2e(assistant, rows, verify_ms=timings)
    groups: dict[str, list[tuple[str, bool]]] = {}
    for row, out in zip(rows, outcomes, strict=True):
        for name in ("all", half(row), f"{half(row)} {row['lang']}", f"{row['set']}"):
            groups.setdefault(name, []).append((out, row["label"] == "right"))
    cost = {f"p{p}": percentile(timings, p) for p in (50, 95)} | {"answers": len(timings)}
    return {name: _outcomes(v) for name, v in sorted(groups.items())} | {"verify_ms": cost}


def _outcomes(results: list[tuple[str, bool]]) -> dict[str, float | int]:
    right = [out for out, good in results if good]
    wrong = [out for out, good in results if not good]
    share = lambda items, key: round(items.count(key) / len(items), 3) if items else 0.0  # noqa: E731
    return {
        "right": len(right),
        "right_verified": share(right, "verified"),
        "right_not_read": share(right, "not_read"),
        "right_refused": share(right, "refused"),
        "wrong": len(wrong),
        "wrong_rejected": round(1 - share(wrong, "verified"), 3) if wrong else 0.0,
    }


def _rates(verdicts: list[tuple[bool, bool]]) -> dict[str, float | int]:
    right = [ok for ok, good in verdicts if good]
    wrong = [ok for ok, good in verdicts if not good]
    return {
        "right": len(right),
        "right_verified": round(sum(right) / len(right), 3) if right else 0.0,
        "wrong": len(wrong),
        "wrong_rejected": round(1 - sum(wrong) / len(wrong), 3) if wrong else 0.0,
    }


def main() -> None:
    """Command line: `score`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("score")
    p.add_argument("--show", action="store_true", help="list claims verifier and label disagree on")
    e = sub.add_parser("e2e")
    e.add_argument("--sets", default="seed,xquad", help="claim sets to run (seed, xquad)")
    p.add_argument("--path", default=None, help="a claims file (default: eval/strong_claims.jsonl)")
    args = parser.parse_args()
    if args.command == "e2e":
        print(json.dumps(e2e(args.sets.split(",")), indent=2))
    else:
        print(json.dumps(score(Path(args.path) if args.path else None, args.show), indent=2))


if __name__ == "__main__":
    main()
