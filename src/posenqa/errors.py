"""The errors posenqa raises on purpose.

One shallow tree: the CLI and the TUI catch :class:`PosenqaError` and show its
message on one line; anything else is a bug and may show a traceback.
"""

from __future__ import annotations


class PosenqaError(Exception):
    """Base class: a problem the user can act on, described in one line."""


class InputError(PosenqaError):
    """The input file is missing, unreadable, or of a type posenqa cannot parse."""


class PdfError(InputError):
    """The PDF is truncated, corrupt, encrypted, or has no text layer."""


class IndexError_(PosenqaError):
    """A built index is missing, stale, truncated or corrupt and could not be used."""


class ModelError(PosenqaError):
    """The embedding model could not be found or loaded from disk."""


class QuestionError(PosenqaError):
    """A question is empty, only whitespace, or too long to be a question."""


class GoldError(PosenqaError):
    """A gold question file has bad lines (each reported with its line number)."""


class OutputError(PosenqaError):
    """A file posenqa was asked to write (a report, a run) cannot be written there."""


# A readable public name; the trailing underscore only avoids shadowing the builtin.
StoreError = IndexError_

__all__ = [
    "GoldError",
    "IndexError_",
    "InputError",
    "ModelError",
    "OutputError",
    "PdfError",
    "PosenqaError",
    "QuestionError",
    "StoreError",
]
