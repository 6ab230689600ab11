"""Roman numerals, read and written: section labels ("IV.") and page labels ("xii").

Pure; the one home of the idea for the heading readers, the outline and the
page labels.
"""

from __future__ import annotations

_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_LETTERS = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman_value(text: str) -> int | None:
    """The value of a well-formed roman numeral in either case ("IV", "xii"), else None.

    Well-formed means written the standard way: "IIII" and "VX" are not numerals.
    """
    upper = text.upper()
    if not upper or any(ch not in _VALUES for ch in upper):
        return None
    values = [_VALUES[ch] for ch in upper]
    total = 0
    for i, value in enumerate(values):
        total += -value if i + 1 < len(values) and value < values[i + 1] else value
    return total if total > 0 and to_roman(total, upper=True) == upper else None


def to_roman(value: int, *, upper: bool = False) -> str:
    """The roman numeral of ``value`` (1-3999), lower case unless ``upper``."""
    out = ""
    for number, letters in _LETTERS:
        while value >= number:
            out += letters
            value -= number
    return out if upper else out.lower()


__all__ = ["roman_value", "to_roman"]
