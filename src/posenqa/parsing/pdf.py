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
from posenqa.parsing.ligatures import LIGATURE_CODE_POINTS, mended_ligatures

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
        pages, metadata, label_ranges = read_pages(path)
    if not any(run.text.strip() for page in pages for run in page.runs):
        raise PdfError(f"{path.name}: no text layer (a scanned or image-only PDF?)")
    doc = build_document(
        pages,
        source=path.name,
        sha256=file_sha256(path),
        meta_title=metadata.get("title", ""),
        meta_author=metadata.get("author", ""),
        meta_date=metadata.get("date", ""),
        page_label_ranges=label_ranges,
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


def read_pages(path: Path) -> tuple[list[Page], dict[str, str], list[tuple[int, str, str, int]]]:
    """The positioned runs and rules of every page, the metadata strings and the /PageLabels."""
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
        label_ranges = _page_label_ranges(reader)
        pages = [_read_page(index, page) for index, page in enumerate(reader.pages)]
    except PdfError:
        raise
    except FileNotDecryptedError as exc:
        raise PdfError(f"{name}: encrypted PDF; a password is needed to read it") from exc
    except (PyPdfError, DependencyError, *_BROKEN_PDF) as exc:
        raise PdfError(f"{name}: truncated or corrupt PDF ({_one_line(exc)})") from exc
    if not pages:
        raise PdfError(f"{name}: the PDF has no pages")
    return pages, metadata, label_ranges


def _page_label_ranges(reader: Any) -> list[tuple[int, str, str, int]]:
    """The /PageLabels number tree as ``(start index, style, prefix, first number)`` ranges."""
    try:
        root = reader.trailer["/Root"].get_object()
        tree = root.get("/PageLabels")
        if tree is None:
            return []
        out: list[tuple[int, str, str, int]] = []
        _walk_labels(tree.get_object(), out, depth=0)
        return out
    except (*_BROKEN_PDF,):
        return []  # damaged labels: fall back to the printed numbers


def _walk_labels(node: Any, out: list[tuple[int, str, str, int]], depth: int) -> None:
    if depth > 8:
        return
    nums = node.get("/Nums")
    if nums is not None:
        items = list(nums.get_object())
        for start, spec in zip(items[::2], items[1::2], strict=False):
            spec = spec.get_object()
            style = str(spec.get("/S", "")).lstrip("/")
            prefix = str(spec.get("/P", ""))
            out.append((int(start), style, prefix, int(spec.get("/St", 1))))
    for kid in node.get("/Kids", []) or []:
        _walk_labels(kid.get_object(), out, depth + 1)


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
    """One page's runs and rules: glyph-string runs when pypdf's layout engine can give
    them, else the coarser runs of its text visitor."""
    fine = _read_page_fine(index, page)
    return fine if fine is not None else _read_page_visitor(index, page)


#: Text drawn smaller than this (points) is hidden matter (tags, search layers), not prose.
_HIDDEN_SIZE = 2.5


def _read_page_fine(index: int, page: Any) -> Page | None:
    """Runs from every text-show string with its own position, size and advance width.

    pypdf's text visitor merges the strings of one baseline into one call
    reported at the first string's size, so a 6-point note label glued to
    9-point note text, or a raised 7-point marker inside an 11-point line,
    would be lost. Its layout engine (``pypdf._text_extraction._layout_mode``,
    internal API, hence the fallback) keeps each string apart with the widths
    from the font, which also lets word spaces be recovered from gaps when a
    justified line carries no space characters. Returns None when that engine
    is unavailable or the page uses what it cannot place (a flipped y axis).
    """
    try:
        from pypdf._text_extraction._layout_mode._fixed_width_page import (
            recurse_to_target_op,
            set_font_operation,
        )
        from pypdf._text_extraction._layout_mode._text_state_manager import TextStateManager
        from pypdf.generic import ArrayObject, ContentStream, StreamObject
    except ImportError:
        return None
    box = page.mediabox
    left, bottom = float(box.left), float(box.bottom)
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if not isinstance(contents, ArrayObject | StreamObject):
        return Page(index=index, width=float(box.width), height=float(box.height), runs=())
    fonts = page._layout_mode_fonts()
    _mend_ligature_maps(page, fonts)
    rules: list[Rule] = []
    ops = _tap_rules(
        iter(ContentStream(contents, page.pdf, "bytes").operations), rules, left, bottom
    )
    state = TextStateManager()
    shows: list[Any] = []
    for operands, op in ops:
        if op in (b"BT", b"q"):
            end = b"ET" if op == b"BT" else b"Q"
            shows.extend(recurse_to_target_op(ops, state, end, fonts, True)[1])
        elif op == b"Tf":
            set_font_operation(state, fonts, operands)
        else:
            state.set_state_param(op, operands)
    runs: list[Run] = []
    for show in shows:
        if show.flip_vertical:
            return None
        if show.rotated or not show.font.interpretable:
            continue
        text = show.text.replace("\n", " ").replace("\r", " ").translate(LIGATURE_CODE_POINTS)
        size = float(show.font_height)
        if size < _HIDDEN_SIZE:
            continue
        if not text.strip():
            # A space drawn on its own (sometimes overlapping the glyph before it)
            # ends the word drawn before it.
            if (
                runs
                and not runs[-1].text.endswith(" ")
                and abs(runs[-1].y - (show.ty - bottom)) < 1
            ):
                runs[-1] = replace(runs[-1], text=runs[-1].text + " ")
            continue
        name = str(show.font.name or "")
        runs.append(
            Run(
                text=text,
                x=float(show.tx) - left,
                y=float(show.ty) - bottom,
                size=round(size, 2),
                width=max(0.0, float(show.displaced_tx) - float(show.tx)),
                bold=bool(_BOLD_FONT.search(name)),
                font=name.lstrip("/").split("+")[-1],
                exact=True,
                seq=len(runs),
            )
        )
    return Page(
        index=index,
        width=float(box.width),
        height=float(box.height),
        runs=tuple(runs),
        rules=tuple(rules),
    )


def _mend_ligature_maps(page: Any, fonts: dict[str, Any]) -> None:
    """Give each ligature glyph a font's ``/ToUnicode`` cut short its whole letters
    (:func:`~posenqa.parsing.ligatures.mended_ligatures`), in the fonts
    ``_layout_mode_fonts`` built for this page (its own objects, so nothing shared
    changes). Fonts are looked up where pypdf found them: the page's resources,
    then its parents'."""
    node, seen = _dict_at(page), set()
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        font_dicts = _dict_at(_dict_at(node.get("/Resources")) or {}).get("/Font")
        for name, font in fonts.items():
            font_dict = _dict_at((_dict_at(font_dicts) or {}).get(name))
            # a composite font's encoding is a name: it has no /Differences to read
            if font_dict is None or not isinstance(font.encoding, dict):
                continue
            differences = (_dict_at(font_dict.get("/Encoding")) or {}).get("/Differences")
            if differences is not None:
                mends = mended_ligatures(
                    differences.get_object(), font.encoding, font.character_map
                )
                font.character_map.update(mends)
        node = _dict_at(node.get("/Parent"))


def _dict_at(obj: Any) -> Any:
    """``obj`` resolved when it is a dictionary, else None (a missing or odd entry)."""
    obj = obj.get_object() if obj is not None and hasattr(obj, "get_object") else obj
    return obj if isinstance(obj, dict) else None


def _tap_rules(
    ops: Iterator[tuple[list[Any], bytes]], rules: list[Rule], left: float, bottom: float
) -> Iterator[tuple[list[Any], bytes]]:
    """Pass the content stream's operators through, collecting thin horizontal rules.

    Keeps its own graphics-state stack (q, Q, cm) so rules drawn inside
    transformed groups land where they are seen.
    """
    ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    stack: list[list[float]] = []
    start: list[float] = []
    for operands, op in ops:
        try:
            if op == b"q":
                stack.append(ctm)
            elif op == b"Q":
                ctm = stack.pop() if stack else ctm
            elif op == b"cm" and len(operands) == 6:
                ctm = _mult([float(v) for v in operands], ctm)
            elif op == b"re" and len(operands) == 4:
                x, y, w, h = (float(a) for a in operands)
                _add_rule(rules, ctm, x, y, x + w, y + abs(h), left, bottom)
            elif op == b"m" and len(operands) == 2:
                start = [float(operands[0]), float(operands[1])]
            elif op == b"l" and len(operands) == 2 and start:
                x0, y0 = start
                x1, y1 = float(operands[0]), float(operands[1])
                if abs(y1 - y0) < 0.01:
                    _add_rule(rules, ctm, min(x0, x1), y0, max(x0, x1), y0, left, bottom)
                start = [x1, y1]
        except (TypeError, ValueError):
            pass  # a malformed drawing operator says nothing about text
        yield operands, op


def _read_page_visitor(index: int, page: Any) -> Page:
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
