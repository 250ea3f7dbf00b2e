"""What reading one document may cost; the defaults are those of ``Settings``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from santeqa.settings import Settings

_T = TypeVar("_T", int, float)


def _default(name: str, kind: type[_T]) -> _T:
    """The default of a settings field: ``Settings`` is the one place these are written."""
    value = Settings.model_fields[name].default
    if not isinstance(value, kind):
        raise TypeError(f"Settings.{name} default is not {kind.__name__}")
    return value


@dataclass(frozen=True)
class Limits:
    """What one document may cost; a file over a limit is skipped with the reason.

    PDFs are parsed in a child process (pypdf only, never torch) whose address space is capped
    at ``parse_memory_mb`` and which is killed after ``parse_timeout_s`` seconds, so a
    decompression bomb or a parser stuck on a damaged file costs at most that. Text files are
    read in-process once their size is checked. ``max_page_chars`` applies to PDF pages (a
    text file without page marks is one page); ``max_document_chars`` to both.
    """

    max_document_bytes: int = _default("max_document_bytes", int)
    parse_memory_mb: int = _default("parse_memory_mb", int)
    parse_timeout_s: float = _default("parse_timeout_s", float)
    max_pages: int = _default("max_pages", int)
    max_page_chars: int = 200_000
    max_document_chars: int = 10_000_000

    def __post_init__(self) -> None:
        for name in (
            "max_document_bytes",
            "parse_memory_mb",
            "parse_timeout_s",
            "max_pages",
            "max_page_chars",
            "max_document_chars",
        ):
            if not getattr(self, name) > 0:
                raise ValueError(f"Limits.{name} must be positive")

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_document_bytes=settings.max_document_bytes,
            parse_memory_mb=settings.parse_memory_mb,
            parse_timeout_s=settings.parse_timeout_s,
            max_pages=settings.max_pages,
        )


DEFAULT_LIMITS = Limits()
