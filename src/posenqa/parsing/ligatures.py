"""Ligatures: the letters a ligature glyph stands for, however the PDF spells it.

Two ways a ligature reaches the text. A font may map the glyph to its Unicode
ligature code point ("ﬂows"): :data:`LIGATURE_CODE_POINTS` turns it into
letters. Or a font's ``/ToUnicode`` map may be truncated, giving a ligature
glyph only its first letter: the Supreme Court's preliminary prints map their
``/fi`` and ``/fl`` glyphs to "f", so "first" reads "frst" and "filed" "fled",
and no search for those words finds them. The font's ``/Encoding /Differences``
still names the glyph (``/fi``, Adobe's standard glyph name), which is what
:func:`mended_ligatures` reads. Pure functions over plain data: the PDF
reading stays in :mod:`posenqa.parsing.pdf`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

#: Ligature code points ("ﬂows") and the letters they join.
LIGATURE_CODE_POINTS = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb06": "st",
    }
)

#: Adobe standard glyph names of the Latin ligatures, and the letters each draws.
_LIGATURE_GLYPHS = {"/ff": "ff", "/fi": "fi", "/fl": "fl", "/ffi": "ffi", "/ffl": "ffl"}


def differences_codes(differences: Sequence[Any]) -> dict[int, str]:
    """The character code each glyph name of an ``/Encoding /Differences`` array
    stands at: a number sets the next code, each name after it takes one code."""
    codes: dict[int, str] = {}
    code: int | None = None
    for item in differences:
        if isinstance(item, int):
            code = item
        elif code is not None and isinstance(item, str):
            codes[code] = item
            code += 1
    return codes


def mended_ligatures(
    differences: Sequence[Any],
    encoding: Mapping[int, str],
    character_map: Mapping[str, Any],
) -> dict[str, str]:
    """Entries to correct in a simple font's ``character_map`` (decoded character ->
    text): each code that ``differences`` names as a ligature glyph and that the
    map sends to a strict start of the ligature's letters ("f" for ``/fi``) is sent
    to all of them. A code the map sends anywhere else is left as the map says (the
    font's own ``/ToUnicode`` wins wherever it is not visibly cut short)."""
    mends: dict[str, str] = {}
    for code, glyph in differences_codes(differences).items():
        letters = _LIGATURE_GLYPHS.get(glyph)
        if letters is None:
            continue
        key = encoding.get(code, chr(code))
        mapped = character_map.get(key)
        if isinstance(mapped, str) and mapped and mapped != letters and letters.startswith(mapped):
            mends[key] = letters
    return mends
