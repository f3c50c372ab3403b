"""Settings from environment variables, in one dataclass.

This is the only module that reads the environment. Everything else receives a
`Settings` object.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar


def _apply_offline_defaults() -> None:
    """Switch off every phone-home and hub download before chroma/gradio load."""
    spec = importlib.util.find_spec("llama_index.core")  # located, not imported (1 s)
    core_dir = Path(spec.origin).parent if spec and spec.origin else Path(".")
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(core_dir / "_static" / "tiktoken_cache"))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    no_proxy = os.environ.get("NO_PROXY", "")
    if "127.0.0.1" not in no_proxy:
        os.environ["NO_PROXY"] = ",".join(p for p in (no_proxy, "127.0.0.1,localhost") if p)
        os.environ["no_proxy"] = os.environ["NO_PROXY"]


_N = TypeVar("_N", int, float)


def _number(name: str, default: _N, kind: type[_N], what: str) -> _N:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return kind(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be {what}, got {raw!r}") from exc


def _int(name: str, default: int) -> int:
    return _number(name, default, int, "a whole number")


def _float(name: str, default: float) -> float:
    return _number(name, default, float, "a number")


def _str(name: str, default: str | None = None) -> str | None:
    raw = os.environ.get(name, "").strip()
    return raw or default


@dataclass(frozen=True)
class Settings:
    """Everything the assistant can be configured with (see README, "Configuration")."""

    index_dir: Path = Path("index")
    seeds_dir: Path = Path("seeds")
    uploads_dir: Path = Path("uploads")
    collection: str = "articles"
    chroma_host: str | None = None
    chroma_port: int = 8000
    embed_threads: int = 1
    embed_base_url: str | None = None
    embed_api_key: str | None = None
    embed_model: str = "multilingual-e5-small-q4"
    embed_query_model: str = "e5-query"
    embed_passage_model: str = "e5-passage"
    embed_text_prefixes: bool = False
    embed_workers: int = 4
    top_k: int = 40
    sync_seconds: float = 2.0
    max_question_chars: int = 2000
    max_file_bytes: int = 2_000_000
    llm_api_key: str | None = None
    llm_base_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_timeout: float = 20.0
    llm_pause: float = 30.0
    llm_sources: int = 6
    llm_source_chars: int = 2400
    host: str = "127.0.0.1"
    port: int = 7860

    @property
    def llm_enabled(self) -> bool:
        """True when an OpenAI-compatible endpoint is configured."""
        return bool(self.llm_api_key or self.llm_base_url)

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


def load_settings() -> Settings:
    """Read `Settings` from the environment (ASSISTANT_*, CHROMA_*, OPENAI_*)."""
    _apply_offline_defaults()
    return Settings(
        index_dir=Path(_str("ASSISTANT_INDEX_DIR", "index")),
        seeds_dir=Path(_str("ASSISTANT_SEEDS_DIR", "seeds")),
        uploads_dir=Path(_str("ASSISTANT_UPLOADS_DIR", "uploads")),
        collection=_str("ASSISTANT_COLLECTION", "articles") or "articles",
        chroma_host=_str("CHROMA_HOST"),
        chroma_port=_int("CHROMA_PORT", 8000),
        embed_threads=_int("ASSISTANT_EMBED_THREADS", 1),
        embed_base_url=_str("ASSISTANT_EMBED_BASE_URL"),
        embed_api_key=_str("ASSISTANT_EMBED_API_KEY"),
        embed_model=_str("ASSISTANT_EMBED_MODEL", "multilingual-e5-small-q4") or "",
        embed_query_model=_str("ASSISTANT_EMBED_QUERY_MODEL", "e5-query") or "",
        embed_passage_model=_str("ASSISTANT_EMBED_PASSAGE_MODEL", "e5-passage") or "",
        embed_text_prefixes=_str("ASSISTANT_EMBED_TEXT_PREFIXES", "0") not in ("0", "false", "no"),
        embed_workers=_int("ASSISTANT_EMBED_WORKERS", 4),
        top_k=_int("ASSISTANT_TOP_K", 40),
        sync_seconds=_float("ASSISTANT_SYNC_SECONDS", 2.0),
        max_question_chars=_int("ASSISTANT_MAX_QUESTION_CHARS", 2000),
        max_file_bytes=_int("ASSISTANT_MAX_FILE_BYTES", 2_000_000),
        llm_api_key=_str("OPENAI_API_KEY"),
        llm_base_url=_str("OPENAI_BASE_URL"),
        llm_model=_str("ASSISTANT_LLM_MODEL", "gpt-4o-mini") or "gpt-4o-mini",
        llm_timeout=_float("ASSISTANT_LLM_TIMEOUT", 20.0),
        llm_pause=_float("ASSISTANT_LLM_PAUSE", 30.0),
        llm_sources=max(1, _int("ASSISTANT_LLM_SOURCES", 6)),
        llm_source_chars=max(200, _int("ASSISTANT_LLM_SOURCE_CHARS", 2400)),
        host=_str("ASSISTANT_HOST", "127.0.0.1") or "127.0.0.1",
        port=_int("ASSISTANT_PORT", 7860),
    )
