"""Claims a real model wrote, labelled by hand, and the verifier measured on them.

    python eval/llm_claims.py score [eval/llm_claims.jsonl]
    python eval/llm_claims.py collect OUT.jsonl [--xquad-articles N] [--xquad-questions M]

`score` runs `verify.Verifier` on every labelled claim (offline: it needs only the
E5 model) and prints its precision (share of accepted claims that are supported)
and recall (share of supported claims accepted).

`collect` asks the development questions (`eval/questions.jsonl`, plus the first M
English and German questions of each of the first N XQuAD development articles,
ingested as article files) in LLM mode: set `OPENAI_BASE_URL` and
`ASSISTANT_LLM_MODEL` to a running server (`python tests/real_llm.py` serves the
test model), and `ASSISTANT_INDEX_DIR` to a scratch folder. It writes one line per
claim, with `label` and `reason` left empty for a person to fill in after
reading the cited sources: `supported`, or `unsupported` (wrong fact, unsupported
addition, does not answer the question).

A line: `id, question, claim, sources, label, reason`, where `claim` cites its
sources as [1], [2], ... in the order of `sources` (a number past the end stands
for a source that did not exist).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.claims import Claim, claims  # noqa: E402

XQUAD = Path("/work/shared/xquad-dev")


def renumbered(claim: Claim, sources: list[str]) -> tuple[str, list[str]]:
    """The claim citing only its own sources, numbered from 1, and those sources' texts."""
    valid = [n for n in dict.fromkeys(claim.markers) if 1 <= n <= len(sources)]
    mapping = {n: i for i, n in enumerate(valid, start=1)}
    for n in claim.markers:
        mapping.setdefault(n, len(sources) + 1)
    return claim.render(mapping), [sources[n - 1] for n in valid]


def xquad_questions(folder: Path, articles: int, per_article: int) -> list[dict[str, Any]]:
    """Write the first `articles` German XQuAD articles into `folder`; their first questions."""
    german = json.loads((XQUAD / "xquad-dev.de.json").read_text("utf-8"))["data"][:articles]
    english = json.loads((XQUAD / "xquad-dev.en.json").read_text("utf-8"))["data"][:articles]
    out = []
    for de, en in zip(german, english, strict=True):
        paragraphs = [p["context"] for p in de["paragraphs"]]
        title = de["title"].replace("_", " ")
        (folder / f"xquad_{de['title']}.txt").write_text(
            "\n\n".join([title, *paragraphs]) + "\n", "utf-8"
        )
        de_qas = [q for p in de["paragraphs"] for q in p["qas"]][:per_article]
        en_qas = {q["id"]: q for p in en["paragraphs"] for q in p["qas"]}
        for qa in de_qas:
            out.append({"id": f"x-{qa['id']}-de", "question": qa["question"], "history": []})
            en_q = en_qas[qa["id"]]["question"]
            out.append({"id": f"x-{qa['id']}-en", "question": en_q, "history": []})
    return out


def collect(out_path: Path, articles: int, per_article: int) -> None:
    """Ask every question in LLM mode and write its claims, unlabelled."""
    from assistant.config import load_settings
    from assistant.core import Assistant

    settings = load_settings()
    if not settings.llm_enabled:
        sys.exit("set OPENAI_BASE_URL to a running OpenAI-compatible server")
    assistant = Assistant(settings)
    questions = [
        json.loads(line)
        for line in (ROOT / "eval" / "questions.jsonl").read_text("utf-8").splitlines()
    ]
    with tempfile.TemporaryDirectory() as folder:
        questions += xquad_questions(Path(folder), articles, per_article)
        assistant.ingest([ROOT / "seeds", Path(folder)])
    with out_path.open("w", encoding="utf-8") as fh:
        for q in questions:
            answer = assistant.ask(q["question"], history=assistant.replay(q["history"]))
            reply = str(answer.steps.get("llm_reply", ""))
            sources = list(answer.steps.get("llm_sources", []))
            for k, claim in enumerate(claims(reply), start=1):
                text, cited = renumbered(claim, sources)
                line = {
                    "id": f"{q['id']}#{k}",
                    "question": answer.steps["standalone_question"],
                    "claim": text,
                    "sources": cited,
                    "label": "",
                    "reason": "",
                }
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
            fh.flush()


def score(path: Path) -> dict[str, float | int]:
    """Precision and recall of the verifier on the labelled claims in `path`."""
    from assistant.config import load_settings
    from assistant.embeddings import make_embedder
    from assistant.retrieve import Passage
    from assistant.verify import Verifier

    verifier = Verifier(make_embedder(load_settings(), 1))
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    accepted = supported = both = 0
    for row in rows:
        sources = [Passage("s", "", 0, i, i, i, 0, 0, t, 0.0) for i, t in enumerate(row["sources"])]
        claim = claims(row["claim"])
        ok = bool(claim) and bool(verifier.supported(claim[0], sources, row["question"]))
        good = row["label"] == "supported"
        accepted, supported, both = accepted + ok, supported + good, both + (ok and good)
    return {
        "claims": len(rows),
        "supported": supported,
        "accepted": accepted,
        "precision": round(both / accepted, 3) if accepted else 0.0,
        "recall": round(both / supported, 3) if supported else 0.0,
    }


def main() -> None:
    """Command line: `score` or `collect`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("score")
    p.add_argument("path", nargs="?", default=str(ROOT / "eval" / "llm_claims.jsonl"))
    p = sub.add_parser("collect")
    p.add_argument("out")
    p.add_argument("--xquad-articles", type=int, default=3)
    p.add_argument("--xquad-questions", type=int, default=8)
    args = parser.parse_args()
    if args.command == "score":
        print(json.dumps(score(Path(args.path)), indent=2))
    else:
        collect(Path(args.out), args.xquad_articles, args.xquad_questions)


if __name__ == "__main__":
    main()
