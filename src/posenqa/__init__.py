"""posenqa: a document-grounded Q&A and citation assistant for academic papers.

The public API: parse a paper into a :class:`Document`; later stages build on it.
"""

from posenqa.document import Block, Document, Footnote, NoteMarker, Section
from posenqa.errors import PosenqaError
from posenqa.parsing import parse_file

__version__ = "0.1.0"

__all__ = [
    "Block",
    "Document",
    "Footnote",
    "NoteMarker",
    "PosenqaError",
    "Section",
    "__version__",
    "parse_file",
]
