"""Names for note sequences that restart: one per court opinion, appendix or part.

Pure: strings in, slugs out. A court's slip opinion restarts its note
numbers in each opinion, whose running head says whose it is ("Opinion of the
Court", "THOMAS, J., concurring", "BARRETT, J., concurring in part"); a
report restarts them in an appendix ("Appendix I: Briefing Slides"). The slug
is what a user types in ``cite --note dissent:3``: lower case, hyphenated,
short.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from posenqa.document import MAIN_SEQUENCE

_COURT = re.compile(r"\bopinion\s+of\s+the\s+court\b", re.IGNORECASE)
_JUSTICE = re.compile(
    r"\b(?:(?:chief\s+)?justice\s+)?(?P<name>[A-Z][A-Za-z'’\-]+(?:\s+[A-Z][A-Za-z'’\-]+)?)"
    r",\s*(?:C\.\s*)?J\.,?\s*(?:with\s+whom[^,]*,\s*)?(?P<role>concurring|dissenting)",
    re.IGNORECASE,
)
_OPINION_OF = re.compile(r"\bopinion\s+of\s+(?P<name>[A-Z][A-Za-z'’\-]+),\s*(?:C\.\s*)?J\.", re.I)
_PER_CURIAM = re.compile(r"\bper\s+curiam\b", re.IGNORECASE)
#: An appendix heading: "Appendix I: Briefing Slides", "APPENDIX A", "Appendix B." (not a
#: sentence that happens to open with "appendix IV for information").
_APPENDIX = re.compile(
    r"^\s*(?:Appendix|APPENDIX)\s+(?P<id>[IVXL]{1,6}|[A-Z]|\d{1,2})(?:[:.—–-]|\s*$)"
)


def slug(text: str) -> str:
    """Lower case, ASCII letters and digits, words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "").replace("'", ""))
    return "-".join(words)


def opinion_slug(texts: Sequence[str]) -> str | None:
    """The opinion a page belongs to, from its running head lines, or None."""
    for text in texts:
        text = " ".join(text.split())
        match = _JUSTICE.search(text)
        if match:
            return f"{slug(match.group('name').split()[-1])}-{match.group('role').lower()}"
        if _COURT.search(text):
            return "court"
        if _PER_CURIAM.search(text):
            return "per-curiam"
        match = _OPINION_OF.search(text)
        if match:
            return f"{slug(match.group('name'))}-opinion"
    return None


#: The line opening an opinion: "JUSTICE THOMAS, concurring.", "Justice Gorsuch,
#: dissenting.", "JUSTICE SOTOMAYOR, with whom JUSTICE KAGAN ... join, dissenting.",
#: "CHIEF JUSTICE ROBERTS delivered the opinion of the Court." The whole text, ending in
#: its role: a sentence that merely mentions a Justice's dissent is no opener.
_OPENER = re.compile(
    r"^(?:chief\s+)?justice\s+(?P<name>[A-Z][A-Za-z'’\-]+)"
    r"(?:\s+delivered\s+the\s+opinion\s+of\s+the\s+court|\s+announced\s+the\s+judgment"
    r"\s+of\s+the\s+court[^.]*"
    r"|,(?:\s*with\s+whom\b[^.]{0,200}?,)?\s*(?P<role>concurring|dissenting)"
    r"(?:\s+in\s+(?:part|the\s+judgment))?"
    r"(?:\s+and\s+(?:concurring|dissenting)\s+in\s+(?:part|the\s+judgment))?)\.$",
    re.IGNORECASE,
)


def opinion_opener(text: str) -> str | None:
    """The opinion that ``text`` opens, as the slug its running heads give it
    (``thomas-concurring``, ``court``), when ``text`` is the whole line (or lines)
    opening an opinion; else None."""
    match = _OPENER.match(" ".join(text.split()))
    if match is None:
        return None
    role = match.group("role")
    return f"{slug(match.group('name'))}-{role.lower()}" if role else "court"


def appendix_slug(texts: Sequence[str]) -> str | None:
    """The last "Appendix X" heading among the lines, as ``appendix-x``, or None."""
    found = None
    for text in texts:
        match = _APPENDIX.match(text)
        if match:
            found = f"appendix-{match.group('id').lower()}"
    return found


def sequence_names(parts: Sequence[str | None]) -> tuple[str, ...]:
    """Slugs for a document's note sequences from what names each one's part.

    ``parts`` holds, per sequence in order, the part's name found in the
    layout (or None). A single sequence is the main one (``""``); so is the
    first of several when it has no name of its own (a report's body before
    its appendices). Other unnamed parts are ``part-2``, ``part-3``...; names
    that repeat get a number.
    """
    if len(parts) <= 1:
        return (MAIN_SEQUENCE,) * len(parts)
    names: list[str] = []
    for i, part in enumerate(parts):
        name = part or (MAIN_SEQUENCE if i == 0 else f"part-{i + 1}")
        if name and name in names:
            name = f"{name}-{sum(n.startswith(name) for n in names) + 1}"
        names.append(name)
    return tuple(names)


__all__ = ["appendix_slug", "opinion_slug", "sequence_names", "slug"]
