"""Read a PDF through pypdf's layout and build a Document.

This is the only module that imports pypdf. It turns each page into
positioned text runs (text, position, font size, boldness, estimated width)
and short horizontal rules, then hands them to the pure functions in
:mod:`posenqa.parsing.layout` and :mod:`posenqa.parsing.pdf_structure`.
Every failure pypdf can raise on a broken file becomes a one-line
:class:`~posenqa.errors.PdfError`.
"""

from __future__ import annotations

import logging
import re
import struct
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from posenqa.document import Document
from posenqa.errors import PdfError
from posenqa.parsing.layout import Page, Rule, Run

logger = logging.getLogger(__name__)

# pypdf documents that broken files "might cause other Exceptions" besides its
# own; these are the ones seen in practice on truncated or corrupt input.
_BROKEN_PDF = (
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    OSError,
    RecursionError,
    zlib.error,
    struct.error,
    UnicodeDecodeError,
)

_BOLD_FONT = re.compile(r"bold|medi|semibold|demi|heavy|black|cmbx|sfbx|,b\b", re.IGNORECASE)

#: A rule thinner than this (points) is a line, not a box.
_RULE_MAX_THICKNESS = 2.0


def parse_pdf(path: Path) -> Document:
    """Parse a PDF into a Document: sections, paragraphs, notes and their links.

    Raises PdfError when the file is truncated, corrupt, encrypted with a
    password, or has no text layer.
    """
    from posenqa.parsing import file_sha256
    from posenqa.parsing.pdf_structure import build_document

    path = Path(path)
    with _collect_pypdf_complaints() as complaints:
        pages, metadata = read_pages(path)
    if not any(run.text.strip() for page in pages for run in page.runs):
        raise PdfError(f"{path.name}: no text layer (a scanned or image-only PDF?)")
    doc = build_document(
        pages,
        source=path.name,
        sha256=file_sha256(path),
        meta_title=metadata.get("title", ""),
        meta_author=metadata.get("author", ""),
        meta_date=metadata.get("date", ""),
    )
    if complaints:
        note = f"pypdf repaired problems in the file: {'; '.join(complaints[:3])}"
        doc = replace(doc, warnings=(*doc.warnings, note))
    return doc


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())[:120]
        if message not in self.messages:
            self.messages.append(message)


@contextmanager
def _collect_pypdf_complaints() -> Iterator[list[str]]:
    """Keep pypdf's repair notices off stderr; the caller turns them into document warnings."""
    log = logging.getLogger("pypdf")
    collector = _Collector()
    propagate = log.propagate
    log.addHandler(collector)
    log.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield collector.messages
    finally:
        log.removeHandler(collector)
        log.propagate = propagate


def read_pages(path: Path) -> tuple[list[Page], dict[str, str]]:
    """The positioned text runs and rules of every page, and the PDF's metadata strings."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    name = path.name
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            # Many PDFs are encrypted with an empty user password (only
            # printing or copying is restricted); those can still be read.
            try:
                opened = reader.decrypt("")
            except (PyPdfError, DependencyError, *_BROKEN_PDF) as exc:
                raise PdfError(f"{name}: encrypted PDF that cannot be opened ({exc})") from exc
            if not opened:
                raise PdfError(f"{name}: encrypted PDF; a password is needed to read it")
        metadata = _metadata(reader)
        pages = [_read_page(index, page) for index, page in enumerate(reader.pages)]
    except PdfError:
        raise
    except FileNotDecryptedError as exc:
        raise PdfError(f"{name}: encrypted PDF; a password is needed to read it") from exc
    except (PyPdfError, DependencyError, *_BROKEN_PDF) as exc:
        raise PdfError(f"{name}: truncated or corrupt PDF ({_one_line(exc)})") from exc
    if not pages:
        raise PdfError(f"{name}: the PDF has no pages")
    return pages, metadata


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


def _metadata(reader: Any) -> dict[str, str]:
    info = reader.metadata or {}
    out: dict[str, str] = {}
    for key, field in (("title", "/Title"), ("author", "/Author"), ("date", "/CreationDate")):
        value = info.get(field)
        if value:
            out[key] = " ".join(str(value).split())
    return out


def _mult(m: list[float], n: list[float]) -> list[float]:
    """Compose two PDF matrices ``[a b c d e f]``: ``m`` then ``n``."""
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def _read_page(index: int, page: Any) -> Page:
    box = page.mediabox
    left, bottom = float(box.left), float(box.bottom)
    width, height = float(box.width), float(box.height)
    runs: list[Run] = []
    rules: list[Rule] = []
    widths = _FontWidths()

    def on_text(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if not text or not text.strip("\n"):
            return
        m = _mult([float(v) for v in tm], [float(v) for v in cm])
        # Rotated text (margin stamps, rotated table headers) is not prose.
        if abs(m[1]) > 0.05 * abs(m[0]) or m[0] <= 0:
            return
        scale = abs(m[0] * m[3] - m[1] * m[2]) ** 0.5
        eff = float(size) * scale
        if eff <= 0:
            return
        base = str(font.get("/BaseFont", "")) if font else ""
        # pypdf ends a call at each line break; an inner newline is rare and
        # carries no position of its own, so it becomes a space.
        clean = text.rstrip("\n").replace("\n", " ")
        runs.append(
            Run(
                text=clean,
                x=m[4] - left,
                y=m[5] - bottom,
                size=round(eff, 2),
                width=widths.width(font, clean) * eff,
                bold=bool(_BOLD_FONT.search(base)),
                font=base.lstrip("/").split("+")[-1],
            )
        )

    path_start: list[float] = []

    def on_operator(op: bytes, args: Any, cm: Any, tm: Any) -> None:
        try:
            if op == b"re" and len(args) == 4:
                x, y, w, h = (float(a) for a in args)
                _add_rule(rules, cm, x, y, x + w, y + abs(h), left, bottom)
            elif op == b"m" and len(args) == 2:
                path_start[:] = [float(args[0]), float(args[1])]
            elif op == b"l" and len(args) == 2 and path_start:
                x0, y0 = path_start
                x1, y1 = float(args[0]), float(args[1])
                if abs(y1 - y0) < 0.01:
                    _add_rule(rules, cm, min(x0, x1), y0, max(x0, x1), y0, left, bottom)
                path_start[:] = [x1, y1]
        except (TypeError, ValueError):
            return  # a malformed drawing operator says nothing about text

    page.extract_text(orientations=(0,), visitor_text=on_text, visitor_operand_before=on_operator)
    return Page(index=index, width=width, height=height, runs=tuple(runs), rules=tuple(rules))


def _add_rule(
    rules: list[Rule],
    cm: Any,
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    left: float,
    bottom: float,
) -> None:
    m = [float(v) for v in cm]
    ax0, ay0 = x0 * m[0] + y0 * m[2] + m[4], x0 * m[1] + y0 * m[3] + m[5]
    ax1, ay1 = x1 * m[0] + y1 * m[2] + m[4], x1 * m[1] + y1 * m[3] + m[5]
    if abs(ay1 - ay0) > _RULE_MAX_THICKNESS or abs(ax1 - ax0) < 10:
        return
    rules.append(Rule(x0=min(ax0, ax1) - left, x1=max(ax0, ax1) - left, y=(ay0 + ay1) / 2 - bottom))


class _FontWidths:
    """Estimated advance widths (in em) of text in a font, from its /Widths or /W arrays.

    The decoded text does not tell which glyph codes were drawn, so ASCII
    characters are looked up by code and everything else gets the font's
    average width; good enough to tell where a run ends.
    """

    def __init__(self) -> None:
        self._cache: dict[int, tuple[int, list[float], float]] = {}

    def width(self, font: Any, text: str) -> float:
        first, table, average = self._table(font)
        total = 0.0
        for ch in text:
            code = ord(ch)
            w = table[code - first] if first <= code < first + len(table) else 0.0
            total += w if w > 0 else average
        return total

    def _table(self, font: Any) -> tuple[int, list[float], float]:
        key = id(font)
        if key not in self._cache:
            self._cache[key] = _width_table(font)
        return self._cache[key]


def _width_table(font: Any) -> tuple[int, list[float], float]:
    fallback: tuple[int, list[float], float] = (0, [], 0.5)
    if not font:
        return fallback
    try:
        widths = font.get("/Widths")
        if widths is not None:
            table = [float(w) / 1000 for w in widths.get_object()]
            positive = [w for w in table if w > 0]
            average = sum(positive) / len(positive) if positive else 0.5
            return int(font.get("/FirstChar", 0)), table, average
        descendants = font.get("/DescendantFonts")
        if descendants is not None:
            cid = descendants.get_object()[0].get_object()
            values = _cid_widths(cid.get("/W"))
            default = float(cid.get("/DW", 1000)) / 1000
            average = sum(values) / len(values) if values else default
            return 0, [], average or 0.5
    except (*_BROKEN_PDF,):
        return fallback
    return fallback


def _cid_widths(w_array: Any) -> list[float]:
    """All widths listed in a CID font's /W array (``c [w...]`` and ``c1 c2 w`` forms)."""
    if w_array is None:
        return []
    items = list(w_array.get_object())
    values: list[float] = []
    i = 0
    while i < len(items):
        item = items[i + 1].get_object() if i + 1 < len(items) else None
        if isinstance(item, list):
            values.extend(float(w) / 1000 for w in item)
            i += 2
        else:
            if i + 2 < len(items):
                values.append(float(items[i + 2]) / 1000)
            i += 3
    return [v for v in values if v > 0]


__all__ = ["parse_pdf", "read_pages"]
