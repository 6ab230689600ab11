"""Heading labels in the styles legal and academic writing use, made into an outline.

Pure. Court opinions head their parts with bare numerals and letters on a
line of their own ("II", "B", "1"), law reviews and reports with "I.",
"A. Title", "1."; the same labels recur in every opinion of a slip opinion.
This module reads such labels and turns a run of headings into hierarchical,
document-unique labels: "II.B.1", scoped by part ("sotomayor-dissenting:III.A")
when the document holds several opinions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from posenqa.document import Section
from posenqa.parsing.numerals import roman_value

#: A line that is only a heading label: "II", "B.", "1", "IV." (not "I." alone as a word).
_BARE = re.compile(r"^(?P<label>[IVXL]{1,6}|[A-Z]|\d{1,2})\.?$")
#: A lettered heading with its title: "A. IFF's Proposed Product Liability Crossclaim".
_LETTERED = re.compile(r"^(?P<label>[A-Z])\.\s+(?P<title>[^\W\d_“\"'‘].*|[“\"'‘].+)$")


def bare_label(text: str) -> str | None:
    """The label when the text is a heading label alone on its line, else None."""
    match = _BARE.match(text.strip())
    return match.group("label") if match else None


def lettered_heading(text: str) -> tuple[str, str] | None:
    """``(letter, title)`` for "A. Title", else None."""
    match = _LETTERED.match(text.strip())
    if not match:
        return None
    return match.group("label"), match.group("title").strip()


def _kind(label: str, last_roman: int, last_letter: str = "") -> tuple[str, int]:
    """("roman"|"letter"|"number", value) of a single label; a lone I, V or X is roman only
    where the roman numbering can reach it, and a letter where it follows the last letter
    ("I" after "H" in appendices A to L)."""
    if label.isdigit():
        return "number", int(label)
    value = roman_value(label)
    follows = len(label) == 1 and bool(last_letter) and ord(label) == ord(last_letter) + 1
    if (
        value is not None
        and not follows
        and (len(label) > 1 or label == "I" or value == last_roman + 1)
    ):
        return "roman", value
    return "letter", ord(label) - ord("A") + 1


def outline(sections: Sequence[Section], parts: Sequence[str | None]) -> list[Section]:
    """Hierarchical, part-scoped labels for headings whose labels are single numerals.

    ``parts`` gives each section's part (the opinion it stands in) or None;
    when the document has two parts or more, every label is prefixed with its
    part ("court:II.A"). Roman numerals are level 1, letters level 2 under
    the current roman numeral, arabic numbers level 3 under the current
    letter (court style "II.B.1"); an arabic number with no letter above it
    stays a top-level number ("1", as in "1. Introduction"). Labels that are
    already compound ("2.1", "1A") and unlabelled headings are kept.
    """
    scoped = len({p for p in parts if p}) >= 2
    out: list[Section] = []
    stack: list[tuple[str, str]] = []  # (kind, label) from the top level down
    last_roman = 0
    current_part: str | None = None
    for section, part in zip(sections, parts, strict=True):
        if part != current_part:
            stack, last_roman, current_part = [], 0, part
        label = section.label
        if label and len(label) <= 6 and (label.isdigit() or (label.isalpha() and label.isupper())):
            letters = [item[1] for item in stack if item[0] == "letter"]
            kind, value = _kind(label, last_roman, letters[0] if letters else "")
            roman = [item for item in stack[:1] if item[0] == "roman"]
            if kind == "roman":
                stack, last_roman = [(kind, label)], value
            elif kind == "letter":
                stack = [*roman, (kind, label)]
            else:
                letter = [item for item in stack if item[0] == "letter"][:1]
                # "II" then a bare "1": court style nests it; a titled "5 Results"
                # under a stray roman numeral does not.
                stack = (
                    [*roman, *letter, (kind, label)]
                    if letter or not section.title
                    else [(kind, label)]
                )
            section = replace(section, label=".".join(item[1] for item in stack), level=len(stack))
        if scoped and part and section.label != part:  # an opinion's opening is its part
            section = replace(section, label=f"{part}:{section.label}")
        out.append(section)
    return out


__all__ = ["bare_label", "lettered_heading", "outline"]
