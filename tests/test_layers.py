"""The package's folders are the pipeline's stages, and each imports only the stages below it."""

from __future__ import annotations

import ast

from helpers import ROOT

PACKAGE = ROOT / "assistant"

# Bottom to top. A module may import its own stage and any stage before it in this list.
STAGES = [
    "config",
    "language",
    "ingest",
    "index",
    "answer",
    "reader",
    "llm",
    "core",
    "web",
    "evaluation",
    "cli",
    "__main__",
]


def stage_of(module: str) -> str:
    """`assistant.index.store` → `index`; `assistant.core` → `core`."""
    parts = module.split(".")
    assert parts[0] == "assistant", module
    return parts[1] if len(parts) > 1 else "__init__"


def imported_modules(path) -> list[tuple[int, str]]:
    """Every `assistant...` module that `path` imports, anywhere in the file."""
    tree = ast.parse(path.read_text("utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "assistant":
                found += [(node.lineno, f"assistant.{a.name}") for a in node.names]
            elif node.module.startswith("assistant."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("assistant.")]
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: use absolute imports")
    return found


def test_every_module_belongs_to_a_stage() -> None:
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        stage = relative.parts[0].removesuffix(".py")
        assert stage in STAGES or stage == "__init__", relative


def test_no_stage_imports_a_stage_above_it() -> None:
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        stage = relative.parts[0].removesuffix(".py")
        if stage == "__init__":
            continue
        for line, module in imported_modules(path):
            target = stage_of(module)
            if STAGES.index(target) > STAGES.index(stage):
                wrong.append(f"assistant/{relative}:{line} ({stage}) imports {module} ({target})")
    assert not wrong, "\n".join(wrong)


def test_the_check_sees_an_upward_import(tmp_path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from assistant.llm.llm import LLMAnswerer\n")
    assert imported_modules(bad) == [(2, "assistant.llm.llm")]
    assert STAGES.index(stage_of("assistant.llm.llm")) > STAGES.index("index")


def test_extractive_answering_loads_no_llm_client_nor_llama_index_root() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import assistant.cli, assistant.core, assistant.answer.extractive; "
        "print(sorted(m for m in ('openai', 'gradio', 'llama_index.core', 'assistant.llm.llm') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout
