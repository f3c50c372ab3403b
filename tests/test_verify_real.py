"""The verifier on claims a real model wrote, labelled by hand (`eval/llm_claims.jsonl`).

The claims are recorded replies of Qwen2.5-Coder-0.5B-Instruct (llama.cpp, seed
articles and XQuAD development articles), each with the sources it cites and a
label from reading them. No model server is needed: only the E5 model.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from assistant.config import load_settings
from assistant.index.embeddings import make_embedder
from assistant.llm.verify import Verifier

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = ROOT / "eval" / "llm_claims.jsonl"


def _llm_claims() -> ModuleType:
    spec = importlib.util.spec_from_file_location("llm_claims", ROOT / "eval" / "llm_claims.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _recorded() -> dict[str, dict[str, object]]:
    rows = (json.loads(line) for line in CLAIMS.read_text("utf-8").splitlines() if line.strip())
    return {row["id"]: row for row in rows}


@pytest.fixture(scope="module")
def verifier() -> Verifier:
    return Verifier(make_embedder(load_settings(), 1))


def _accepted(verifier: Verifier, row: dict[str, object]) -> bool:
    return bool(_llm_claims().accepted(verifier, row))


@pytest.mark.parametrize(
    "claim_id",
    [
        "56beb4343aeaaa14008c925d-en#1",  # "4 tackles": four is his interceptions, 118 tackles
        "q53#1",  # a made-up date for the North Korea agreement
        "q19#1",  # "Putin's ambitions": the source says Beijing's
        "q13#2",  # a true copy that does not say which fields
        "57339c16d058e614000b5ec8-de#1",  # only repeats the question's words
        "56dfa0d84a1a83140091ebb7-en#2",  # a true copy about 1886 for "What year did Tesla die?"
        "q47#1",  # says who Huong Le Thu is, asked how she described the visit
        "cc36#1",  # "Russia and Vietnam use the Russian ruble": no ruble in the source
        "b17#1",  # the court "angenommen" (accepted) a warrant it issued (erließ)
        "570d28bdb3d812140066d4a5-en#1",  # "ALP is strongest in ...": the source lists parties
        "h34#1",  # "30 years" for how long a talk lasted: the 30 years of a treaty
        "57263ea0271a42140099d7c5-de#1",  # "in den 1980er Jahren" is no number of layers
        "57338007d058e614000b5bdb-de#1",  # "multikulturelle Stadt" for the population in 1901
        "572669a9dd62a815002e8417-de#1",  # "Auf wessen Prinzipien ...?" answered without a name
        "57263c78ec44d21400f3dc7e-en#1",  # "uses this Netzwerktyp.": no subject, no answer
        "56e1b62ecd28a01900c67aa5-en#1",  # "Deterministische Turing-Maschine": its own subject
    ],
)
def test_real_wrong_claims_are_rejected(verifier: Verifier, claim_id: str) -> None:
    row = _recorded()[claim_id]
    assert row["label"] == "unsupported"
    assert not _accepted(verifier, row)


@pytest.mark.parametrize(
    "claim_id",
    [
        "q04#1",  # "Putin visited Hanoi on Donnerstag."
        "56beb4343aeaaa14008c925b-de#1",  # "... gab nur 308 Punkte ab."
        "57339c16d058e614000b5ec6-de#1",  # the summer theatre in the Saxon Garden
        "q54#1",  # "not this close since the Kalten Krieg"
        "56dfa0d84a1a83140091ebb7-en#1",  # "Tesla starb am 7. Januar 1943." ("die" → sterben)
        "h22#1",  # "aus zwei Hauptgründen" for "Aus wie vielen wesentlichen Gründen ...?"
        "cc03#1",  # "Vietnam and Russia pflegen seit 1950 diplomatische Beziehungen."
        "5726847f708984140094c8ac-en#1",  # "1971": beside „Fog on the Tyne“ in the source
        "5725b81b271a42140099d099-de#1",  # "9" for "Wie viele Nationen": "neun Nationen"
        "cc10#1",  # "Der russische Botschafter Gennady S. Bezdetko erklärte, ..." (who is ...)
        "57338007d058e614000b5bda-de#1",  # "Warschau is a multikulturelle city." ("city": Stadt)
    ],
)
def test_real_supported_claims_are_accepted(verifier: Verifier, claim_id: str) -> None:
    row = _recorded()[claim_id]
    assert row["label"] == "supported"
    assert _accepted(verifier, row)


def test_precision_and_recall_on_all_labelled_real_claims() -> None:
    """Floors at what the verifier reaches (docs/llm-mode.md): a regression gate, not the
    targets (precision >= 0.95, recall >= 0.667). Over all 683 claims 0.899 / 0.681
    (before paraphrases were verified by meaning: 0.914 / 0.667); rounds 4 to 8
    0.77 / 0.57, 0.92 / 0.50, 1.00 / 0.91, 0.86 / 0.58, 0.85 / 0.73.
    """
    result = _llm_claims().score(CLAIMS)
    assert result["all"]["claims"] >= 683
    assert result["all"]["precision"] >= 0.89 and result["all"]["recall"] >= 0.65
    assert result["round 4"]["precision"] >= 0.76 and result["round 4"]["recall"] >= 0.56
    assert result["round 5"]["precision"] >= 0.89 and result["round 5"]["recall"] >= 0.45
    assert result["round 6"]["precision"] >= 0.95 and result["round 6"]["recall"] >= 0.90
    assert result["round 7"]["precision"] >= 0.84 and result["round 7"]["recall"] >= 0.54
    assert result["round 8"]["precision"] >= 0.84 and result["round 8"]["recall"] >= 0.73
