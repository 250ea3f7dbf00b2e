"""The error hierarchy. Each class carries its HTTP status and its CLI exit code, so the api
and the cli read them off the exception instead of keeping their own tables."""

from __future__ import annotations


class SanteqaError(Exception):
    """Base class: every error santeqa raises on purpose."""

    #: short machine-readable kind, used in the JSON error shape
    kind = "error"
    #: HTTP status the api answers with (503: the service cannot answer right now)
    status = 503
    #: exit code of the cli
    exit_code = 1


class ConfigError(SanteqaError):
    kind = "config"
    exit_code = 2


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
    exit_code = 3


class ModelError(SanteqaError):
    """The embedding model is missing or broken."""

    kind = "model"
    exit_code = 4


class IndexProblem(SanteqaError):
    """Base of index problems (not named IndexError: that one is builtin)."""

    kind = "index"
    exit_code = 5


class IndexMissing(IndexProblem):
    kind = "index_missing"


class IndexMismatch(IndexProblem):
    """The index was built with other settings, model or corpus than asked for."""

    kind = "index_mismatch"


class IndexCorrupt(IndexProblem):
    """A file of the index is missing, truncated or altered."""

    kind = "index_corrupt"


class IndexUnavailable(IndexProblem):
    """The index could not be read just now (an OS error such as EIO or too many open files):
    nothing says it is damaged, so it is retried rather than called corrupt."""

    kind = "index_unavailable"


class BuildInProgress(SanteqaError):
    kind = "busy"
    status = 409
    exit_code = 6


class InvalidQuestion(SanteqaError):
    kind = "invalid_question"
    status = 422
    exit_code = 2


class NotFound(SanteqaError):
    """A page, document or rebuild task that does not exist (the builtin KeyError is not used
    for this: a stray KeyError from a bug must not become a 404)."""

    kind = "not_found"
    status = 404
    exit_code = 7
