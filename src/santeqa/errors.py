"""The error hierarchy. The api maps these to HTTP statuses, the cli to exit codes."""

from __future__ import annotations


class SanteqaError(Exception):
    """Base class: every error santeqa raises on purpose."""

    #: short machine-readable kind, used in the JSON error shape
    kind = "error"


class ConfigError(SanteqaError):
    kind = "config"


class DocumentError(SanteqaError):
    """A document could not be read (it is skipped; others are still read)."""

    kind = "document"

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


class CorpusError(SanteqaError):
    """The corpus as a whole is unusable (missing folder, no readable document)."""

    kind = "corpus"


class ModelError(SanteqaError):
    """The embedding model is missing or broken."""

    kind = "model"


class IndexError_(SanteqaError):
    """Base of index problems (named with a trailing underscore: IndexError is builtin)."""

    kind = "index"


class IndexMissing(IndexError_):
    kind = "index_missing"


class IndexMismatch(IndexError_):
    """The index was built with other settings, model or corpus than asked for."""

    kind = "index_mismatch"


class IndexCorrupt(IndexError_):
    """A file of the index is missing, truncated or altered."""

    kind = "index_corrupt"


class BuildInProgress(SanteqaError):
    kind = "busy"


class InvalidQuestion(SanteqaError):
    kind = "invalid_question"
