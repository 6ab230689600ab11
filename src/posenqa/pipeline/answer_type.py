"""What kind of answer a question wants, and whether a sentence holds one.

Pure functions over plain strings, rules a reader can check. An on-topic
question the paper does not answer usually asks for a figure, a name or a date
the paper never gives: the best passage is about the right thing but holds no
amount, no name, no year. These rules tell that apart; they do not find the
answer.
"""

from __future__ import annotations

import re

NUMBER = "number"
AMOUNT = "amount"
DATE = "date"
PERSON = "person"
ORGANISATION = "organisation"
PLACE = "place"
YES_NO = "yes/no"
REASON = "reason"
ANSWER_TYPES = (NUMBER, AMOUNT, DATE, PERSON, ORGANISATION, PLACE, YES_NO, REASON)

# Question patterns, first match wins (so "how much money" is an amount before
# "how much" is a number). Matched against the lower-cased question.
_WANTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (AMOUNT, re.compile(r"\bhow (much|many) (money|dollars|yen|trillion|billion|million)\b")),
    (AMOUNT, re.compile(r"\bhow much\b.*\b(cost|pay|paid|lend|lent|pledge|spend|spent|worth)\b")),
    (AMOUNT, re.compile(r"\b(how large|how big|what size|what amount|what value)\b")),
    (AMOUNT, re.compile(r"\b(what|which) (was|is|were) the (total )?(amount|value|cost|price)\b")),
    (NUMBER, re.compile(r"\bhow (many|much|often|long)\b|\bby how much\b")),
    (NUMBER, re.compile(r"\bwhat (percentage|percent|share|proportion|rate|number|level)\b")),
    (DATE, re.compile(r"^when\b|\bin (what|which) year\b|\bwhat (year|date|month)\b|\bwhen did\b")),
    (PERSON, re.compile(r"^who\b|\bwhich (person|official|minister|economist|governor|author)\b")),
    (
        ORGANISATION,
        re.compile(r"\bwhich (banks?|firms?|compan(y|ies)|institutions?|agency)\b"),
    ),
    (PLACE, re.compile(r"^where\b|\bwhich (country|countries|city|market|region)\b")),
    (REASON, re.compile(r"^why\b|\bfor what reason\b|\bwhat (caused|explains)\b")),
    (YES_NO, re.compile(r"^(is|are|was|were|did|does|do|has|have|had|can|could|will|would)\b")),
)

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|hundred|hundreds|thousand|thousands|million|billion|trillion|half|third|"
    r"quarter|dozen|double|doubled|tripled|several"
)
_HAS_NUMBER = re.compile(rf"\d[\d.,]*%?|\b({_NUMBER_WORDS})\b", re.IGNORECASE)
_YEAR = re.compile(r"(1[89]|20)\d\ds?")
_HAS_AMOUNT = re.compile(
    r"[$¥£€]\s?\d|\d\s?%|\b\d[\d.,]*\s*(percent|per cent|basis points|dollars|yen|"
    r"million|billion|trillion|bn)\b|\b(million|billion|trillion|hundreds of billions)\b",
    re.IGNORECASE,
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_HAS_DATE = re.compile(rf"\b(1[89]\d\d|20\d\d)s?\b|\b({_MONTHS})\b|\b(19|20)\d0s\b")
# Two capitalized words in a row not at the start of the sentence, or a title before a name.
_HAS_NAME = re.compile(
    r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(\s+[A-Z]\.)?\s+[A-Z][a-z]+|"
    r"\b(Mr|Ms|Mrs|Dr|Governor|Minister|Secretary|Chairman|President|Prime Minister)\.?\s+[A-Z]"
)
_HAS_ORG = re.compile(
    r"\b[A-Z]{2,}\b|\b[A-Z][a-z]+\s+(Bank|Ministry|Agency|Board|Fund|Corporation|Reserve|"
    r"Institute|Commission|Council|Treasury|Group|Securities|Trust|Holdings|Life)\b|"
    r"\b(Bank|Ministry|Agency|Board|Commission|Council) of\b"
)
_HAS_PLACE = re.compile(
    r"\b(Japan|United States|US|America|Tokyo|New York|London|Europe|Asia|China|Korea|"
    r"Thailand|Germany|Britain|UK|France|Indonesia|Hong Kong|Singapore|Washington)\b"
)
_HAS_REASON = re.compile(
    r"\b(because|since|due to|owing to|as a result|result of|reason|so that|led to|lead to|"
    r"caused|causes|cause|given that|in order to|thanks to|explains|explained|driven by|"
    r"motivated|therefore|thus|hence|so as)\b",
    re.IGNORECASE,
)
_HOLDS: dict[str, re.Pattern[str]] = {
    NUMBER: _HAS_NUMBER,
    AMOUNT: _HAS_AMOUNT,
    DATE: _HAS_DATE,
    PERSON: _HAS_NAME,
    ORGANISATION: _HAS_ORG,
    PLACE: _HAS_PLACE,
    REASON: _HAS_REASON,
}
CHECKED: tuple[str, ...] = (NUMBER, AMOUNT, DATE, PERSON, ORGANISATION, PLACE)
"""The kinds the judge checks: a reason is stated in too many ways for a pattern to
miss it reliably (on the dev half it flagged answerable "why" questions), and a
yes/no question is answered by any statement of its terms."""


def wanted_type(question: str) -> str | None:
    """The kind of answer ``question`` asks for, or None when it is open (what, how...)."""
    text = " ".join(question.lower().split())
    for kind, pattern in _WANTS:
        if pattern.search(text):
            return kind
    return None


def holds_type(sentence: str, kind: str | None, question: str = "") -> bool:
    """Whether ``sentence`` holds something of ``kind`` (always true for open and yes/no).

    What the question itself says is no answer to it: a match that also occurs in
    ``question`` (the year it asks about, the institution it names) does not count,
    and a bare year is no number or amount.
    """
    pattern = _HOLDS.get(kind or "")
    if pattern is None:
        return True
    asked = question.lower()
    for match in pattern.finditer(sentence):
        found = match.group(0).strip().lower()
        if found and found in asked:
            continue
        if kind in (NUMBER, AMOUNT) and _YEAR.fullmatch(found.rstrip(".,")):
            continue
        return True
    return False


__all__ = ["ANSWER_TYPES", "CHECKED", "holds_type", "wanted_type"]
