"""Make untrusted text (it comes from a PDF) safe to print in a terminal or in Textual markup.

A crafted PDF could carry escape sequences that move the cursor, retitle the
window or write to the clipboard; these functions remove them before printing.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

# CSI / OSC / other ESC sequences, and C0/C1 controls other than tab and newline.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """Strip escape sequences, control characters and bidi overrides from ``text``."""
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    # Bidi overrides can make printed text read differently from what it is.
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf" or ch == "\u00ad")


# Non-ASCII characters json.dumps(ensure_ascii=False) leaves raw; those a terminal acts
# on are escaped below: DEL and the C1 controls (U+009B is a one-byte CSI), the format
# characters (bidi overrides such as U+202E, zero-width joiners), line separators.
_NON_ASCII = re.compile("[\x7f-\U0010ffff]")
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def json_text(value: Any, *, indent: int | None = None) -> str:
    """``value`` as JSON that is safe to print: non-ASCII text stays readable, while
    characters a terminal would act on are written as ``\\uXXXX`` escapes (same JSON value)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    # Outside strings json.dumps writes only ASCII, so every match is inside a string.
    return _NON_ASCII.sub(_escape_unsafe, text)


def _escape_unsafe(match: re.Match[str]) -> str:
    char = match.group()
    if unicodedata.category(char) not in _UNSAFE_CATEGORIES:
        return char
    return json.dumps(char)[1:-1]  # "\\u202e", or a surrogate pair past the BMP


def markup_safe(text: str) -> str:
    """``terminal_safe`` text with Rich/Textual markup brackets escaped."""
    from rich.markup import escape

    return escape(terminal_safe(text))


__all__ = ["json_text", "markup_safe", "terminal_safe"]
