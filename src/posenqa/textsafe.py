"""Make untrusted text (it comes from a PDF) safe to print in a terminal or in Textual markup.

A crafted PDF could carry escape sequences that move the cursor, retitle the
window or write to the clipboard; these functions remove them before printing.
"""

from __future__ import annotations

import re
import unicodedata

# CSI / OSC / other ESC sequences, and C0/C1 controls other than tab and newline.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """Strip escape sequences, control characters and bidi overrides from ``text``."""
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    # Bidi overrides can make printed text read differently from what it is.
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf" or ch == "\u00ad")


def markup_safe(text: str) -> str:
    """``terminal_safe`` text with Rich/Textual markup brackets escaped."""
    from rich.markup import escape

    return escape(terminal_safe(text))


__all__ = ["markup_safe", "terminal_safe"]
