"""Claims a real model wrote, labelled by hand, and the verifier measured on them.

    python eval/llm_claims.py xquad DIR [--articles N] [--questions M] [--skip K] [--offset O]
    python eval/llm_claims.py collect RESULTS.jsonl ... --out CLAIMS.jsonl --round N
    python eval/llm_claims.py score [eval/llm_claims.jsonl]

`xquad` writes the first N German XQuAD development articles (after K) as article files
into DIR/articles and their first M questions, English and German, as an eval
question file DIR/questions.jsonl (the German gold answer is the expected text).

`collect` reads the `results.jsonl` of `assistant eval` runs in LLM mode (they
keep what the model wrote and the sources it saw) and writes one line per claim
that cites an existing source (once per reply: a small model may repeat one
claim a dozen times), with `label` and `reason` left empty for a person to fill in
after reading the cited sources: `supported`, or `unsupported` (wrong fact,
unsupported addition, does not answer the question).

`score` runs `verify.Verifier` on every labelled claim (offline: it needs only the
E5 model) and prints its precision (share of accepted claims that are supported)
and recall (share of supported claims accepted), for all claims and for each half
of a fixed split (`half`): "tune" to adjust the verifier on, "held-out" to check
it on, and for each round. Round 1 (38 claims) was tuned on before the split
existed; round 2 goes to either half by a hash of its ids; rounds 3 and later are
replies since the model sees only the sources the extractive reader chose,
labelled by two helpers who never saw the verifier's verdicts. Rounds 3 to 8 were
each scored held out once, then tuned on (`TUNED`); a new round is the held-out check.
`--show` lists the claims where verifier and label disagree.

A claim line: `id, question, claim, sources, label, reason, round, chosen` (and `asked`),
where `question` is the standalone question the model answered (`asked`: the
follow-up as typed, when the offline rewrite appended the earlier question in
brackets; the verifier checks against it) and `claim` cites its sources as [1],
[2], ... in the order of `sources` (a number past the end: a source that did not
exist), and `chosen` tells for each source whether the extractive reader quoted it
in its answer to `question` (the model saw those sources first; only they can
support a claim).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.llm.claims import Claim, claims  # noqa: E402

if TYPE_CHECKING:
    from assistant.llm.verify import Verifier

XQUAD = Path("/work/shared/xquad-dev")
TUNED = {1, 3, 4, 5, 6, 7, 8}  # rounds the verifier was adjusted on after they were scored


def renumbered(claim: Claim, sources: list[str]) -> tuple[str, list[str]]:
    """The claim citing only its own sources, numbered from 1, and those sources' texts."""
    valid = [n for n in dict.fromkeys(claim.markers) if 1 <= n <= len(sources)]
    mapping = {n: i for i, n in enumerate(valid, start=1)}
    for n in claim.markers:
        mapping.setdefault(n, len(sources) + 1)
    return claim.render(mapping), [sources[n - 1] for n in valid]


def xquad(folder: Path, articles: int, per_article: int, skip: int = 0, offset: int = 0) -> None:
    """Write `articles` German XQuAD articles (after the first `skip`) and `per_article` of
    their questions (after the first `offset`)."""
    wanted = slice(skip, skip + articles)
    german = json.loads((XQUAD / "xquad-dev.de.json").read_text("utf-8"))["data"][wanted]
    english = json.loads((XQUAD / "xquad-dev.en.json").read_text("utf-8"))["data"][wanted]
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    lines = []
    for de, en in zip(german, english, strict=True):
        paragraphs = [p["context"] for p in de["paragraphs"]]
        text = "\n\n".join([de["title"].replace("_", " "), *paragraphs]) + "\n"
        (folder / "articles" / f"xquad_{de['title']}.txt").write_text(text, "utf-8")
        en_questions = {q["id"]: q["question"] for p in en["paragraphs"] for q in p["qas"]}
        for qa in [q for p in de["paragraphs"] for q in p["qas"]][offset : offset + per_article]:
            gold = qa["answers"][0]["text"]
            for lang, question in (("en", en_questions[qa["id"]]), ("de", qa["question"])):
                line = {"id": f"{qa['id']}-{lang}", "question": question, "lang": lang}
                lines.append(line | {"expected": [[gold]], "evidence": [gold]})
    with (folder / "questions.jsonl").open("w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


def collect(results: list[Path], out_path: Path, number: int) -> None:
    """The cited claims of every model reply in `results`, unlabelled, as round `number`."""
    with out_path.open("w", encoding="utf-8") as fh:
        for path in results:
            for line in path.read_text("utf-8").splitlines():
                result = json.loads(line)
                sources = result.get("llm_sources", [])
                cited = [c for c in claims(result.get("llm_reply", "")) if c.markers]
                seen: set[tuple[str, ...]] = set()
                for k, claim in enumerate(cited, start=1):
                    text, texts = renumbered(claim, sources)
                    if not texts or (claim.text, *texts) in seen:  # nothing to read, or a repeat
                        continue
                    seen.add((claim.text, *texts))
                    standalone, typed = result["standalone_question"], result["question"]
                    row = {
                        "id": f"{result['id']}#{k}",
                        "question": standalone,
                        "claim": text,
                        "sources": texts,
                        "label": "",
                        "reason": "",
                        "round": number,
                        "chosen": [True] * len(texts),  # the model sees only chosen sources
                    }
                    if standalone.startswith(f"{typed} ("):  # the offline rewrite's brackets
                        row["asked"] = typed
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def half(row: dict[str, str | int]) -> str:
    """ "tune" or "held-out": rounds the verifier was adjusted on are "tune", round 2 is split."""
    number = int(row.get("round", 1))
    if number in TUNED:
        return "tune"
    if number == 2:
        digest = hashlib.sha256(str(row["id"]).encode("utf-8")).digest()
        return "tune" if digest[0] % 2 == 0 else "held-out"
    return "held-out"


def _measure(verdicts: list[tuple[bool, bool]]) -> dict[str, float | int]:
    accepted = sum(ok for ok, _ in verdicts)
    supported = sum(good for _, good in verdicts)
    both = sum(ok and good for ok, good in verdicts)
    return {
        "claims": len(verdicts),
        "supported": supported,
        "accepted": accepted,
        "precision": round(both / accepted, 3) if accepted else 0.0,
        "recall": round(both / supported, 3) if supported else 0.0,
    }


def accepted(verifier: Verifier, row: dict[str, Any]) -> bool:
    """Whether `verifier` accepts the claim of `row` (each source one sentence; the
    sentences flagged `chosen` are the ones the extractive reader quoted)."""
    from assistant.answer.retrieve import Passage

    sources = [Passage("s", "", 0, i, i, i, 0, 0, t, 0.0) for i, t in enumerate(row["sources"])]
    chosen = {p.key for p, flag in zip(sources, row.get("chosen", []), strict=False) if flag}
    parsed = claims(row["claim"])
    asked = row.get("asked", row["question"])
    return bool(parsed) and bool(
        verifier.supported(parsed[0], [[p] for p in sources], asked, chosen)[0]
    )


def score(path: Path, show: bool = False) -> dict[str, dict[str, float | int]]:
    """Precision and recall of the verifier on the labelled claims in `path`, by half and round."""
    from assistant.config import load_settings
    from assistant.index.embeddings import make_embedder
    from assistant.llm.verify import Verifier

    verifier = Verifier(make_embedder(load_settings(), 1))
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    verdicts: dict[str, list[tuple[bool, bool]]] = {"all": [], "tune": [], "held-out": []}
    for row in rows:
        ok = accepted(verifier, row)
        good = row["label"] == "supported"
        for group in ("all", half(row), f"round {row.get('round', 1)}"):
            verdicts.setdefault(group, []).append((ok, good))
        if show and ok != good:
            print(f"{row['id']} label={row['label']} accepted={ok}: {row['claim'][:160]}")
    return {name: _measure(v) for name, v in verdicts.items()}


def main() -> None:
    """Command line: `xquad`, `collect` or `score`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("xquad")
    p.add_argument("folder")
    p.add_argument("--articles", type=int, default=2)
    p.add_argument("--questions", type=int, default=6)
    p.add_argument(
        "--skip", type=int, default=0, help="articles to pass over (used by earlier rounds)"
    )
    p.add_argument("--offset", type=int, default=0, help="questions to pass over per article")
    p = sub.add_parser("collect")
    p.add_argument("results", nargs="+")
    p.add_argument("--out", required=True)
    p.add_argument("--round", type=int, required=True, help="the labelling round (4, ...)")
    p = sub.add_parser("score")
    p.add_argument("path", nargs="?", default=str(ROOT / "eval" / "llm_claims.jsonl"))
    p.add_argument("--show", action="store_true", help="list claims verifier and label disagree on")
    args = parser.parse_args()
    if args.command == "xquad":
        xquad(Path(args.folder), args.articles, args.questions, args.skip, args.offset)
    elif args.command == "collect":
        collect([Path(p) for p in args.results], Path(args.out), args.round)
    else:
        print(json.dumps(score(Path(args.path), args.show), indent=2))


if __name__ == "__main__":
    main()
