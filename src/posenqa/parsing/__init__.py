"""Parsers: a PDF (through pypdf's layout) or a plain-text extraction -> Document.

``parse_file`` picks the parser from the file's content, not its name, so a
PDF renamed ``.txt`` is still read as a PDF and a binary file is refused.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from posenqa.document import Document
from posenqa.errors import InputError, PdfError

#: Bumped whenever a parser change can change its output: it is part of the
#: index manifest, so an index built by an older parser is rebuilt.
PARSER_VERSION = "10"


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def parse_file(path: str | Path) -> Document:
    """Parse a PDF or a plain-text extraction into a Document.

    Raises InputError (or its PdfError subclass) with a one-line message when
    the file cannot be used.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a document")
    try:
        head = path.open("rb").read(1024)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc
    if head.lstrip().startswith(b"%PDF-"):
        from posenqa.parsing.pdf import parse_pdf

        return parse_pdf(path)
    if path.suffix.lower() == ".pdf":
        # A PDF by name must be one: parsing "not a pdf" as text would answer from junk.
        raise PdfError(f"{path}: not a PDF (it is {_what_it_is(head)})")
    if _looks_like_text(head):
        from posenqa.parsing.text import parse_text

        return parse_text(path)
    raise InputError(f"{path}: neither a PDF nor a text file")


#: Leading bytes of the files most often misnamed ``.pdf``, and what to call them.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive, such as a Word or EPUB file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"{\\rtf", "an RTF document"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
)


def _what_it_is(head: bytes) -> str:
    """A short description of a file's type from its first bytes."""
    if not head:
        return "an empty file"
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    return "plain text" if _looks_like_text(head) else "binary data of an unknown kind"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the 1024-byte boundary is still text.
        return exc.start >= len(head) - 3
    return True


__all__ = ["PARSER_VERSION", "file_sha256", "parse_file"]
