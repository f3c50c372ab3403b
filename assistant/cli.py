"""`assistant ingest | ask | eval | xquad | serve`: a thin command line over the package."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from assistant.config import Settings, load_settings


def _assistant(settings: Settings, embed_threads: int | None = None):  # noqa: ANN202
    from assistant.core import Assistant

    return Assistant(settings, embed_threads=embed_threads)


def _progress_bar():  # noqa: ANN202
    from tqdm import tqdm

    bar = tqdm(total=0, unit="chunk", desc="embedding", disable=not sys.stderr.isatty())

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return bar, update


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Ingest files or folders (default: the seeds folder)."""
    paths = [Path(p) for p in args.paths] or [settings.seeds_dir]
    assistant = _assistant(settings, embed_threads=os.cpu_count() or 1)
    bar, update = _progress_bar()
    report = assistant.ingest(paths, prune=args.prune, progress=update)
    bar.close()
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    print(f"{report.summary()}; {assistant.store.count()} chunks in the index")
    return 1 if report.errors else 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question (a refusal or a conflict under the web app's heading)."""
    from assistant.answer.messages import heading

    if args.top_k:
        settings = settings.with_(top_k=args.top_k)
    assistant = _assistant(settings)
    answer = assistant.ask(args.question, history=assistant.replay(args.history or []))
    if args.json:
        print(json.dumps(answer.to_dict(with_steps=args.steps), ensure_ascii=False, indent=2))
        return 0
    print(f"({assistant.mode_label()})\n")
    if title := heading(answer):
        print(f"{title}\n")
    print(answer.answer)
    if answer.notice:
        print(f"\nNote: {answer.notice}")
    for c in answer.citations:
        print(f"\n[{c.n}] {c.source}, paragraph {c.paragraph} ({c.start}–{c.end}):\n    {c.quote}")
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Run a question file and write results, metrics and a report."""
    from assistant.evaluation.evaluate import load_questions, run_eval

    load_questions(Path(args.questions))  # a missing or malformed file fails before anything
    assistant = _assistant(settings)
    if not assistant.articles():  # every answer would be a refusal: say why instead
        raise RuntimeError(f"no articles in {settings.index_dir}; run `assistant ingest` first")
    metrics = run_eval(assistant, Path(args.questions), Path(args.out))
    print(json.dumps(metrics, indent=2))
    return 0


def cmd_xquad(args: argparse.Namespace, settings: Settings) -> int:
    """Run the XQuAD development benchmark in its own index and write its report."""
    from assistant.evaluation.benchmark import run_xquad

    folds = Path(args.reader_folds) if args.reader_folds else None
    metrics = run_xquad(settings, Path(args.data), Path(args.out), folds)
    print(json.dumps(metrics, indent=2))
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Start the web app."""
    from assistant.web.serve import serve

    if args.port:
        settings = settings.with_(port=args.port)
    if args.host:
        settings = settings.with_(host=args.host)
    serve(settings)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to render the README's usage)."""
    parser = argparse.ArgumentParser(prog="assistant", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="add article files (.txt, .md) to the index")
    p.add_argument("paths", nargs="*", help="files or folders (default: seeds/)")
    p.add_argument("--prune", action="store_true", help="remove indexed articles not given")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help="answer a question with citations")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument("--steps", action="store_true", help="with --json: include debugging steps")
    p.add_argument("--top-k", type=int, default=0, help="passages to retrieve")
    p.add_argument("--history", action="append", help="an earlier question (asked first)")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("eval", help="run a question file and report metrics")
    p.add_argument("questions", nargs="?", default="eval/questions.jsonl")
    p.add_argument("--out", default="eval/out", help="folder for results and report")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("xquad", help="run the XQuAD benchmark (articles nobody here wrote)")
    p.add_argument("--data", default="eval/xquad", help="folder with the XQuAD JSON files")
    p.add_argument("--out", default="eval/xquad-out", help="folder for index, corpus and report")
    p.add_argument(
        "--reader-folds",
        default="eval/reader_folds",
        help="the reader's fold models (foldN.json): each question is read by the one that never "
        "saw its article ('' for the shipped model, which was trained on all of them)",
    )
    p.set_defaults(func=cmd_xquad)

    p = sub.add_parser("serve", help="start the web app")
    p.add_argument("--host", default="", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=0, help="port (default 7860)")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `assistant` command."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    try:
        settings = load_settings()
        return args.func(args, settings)
    except (ValueError, RuntimeError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
