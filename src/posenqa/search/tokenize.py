"""Text -> BM25 terms for English academic prose.

Case folding, Unicode normalization, possessives dropped ("Japan's" -> "japan"),
dotted abbreviations joined ("U.S." -> "us"), ampersand names kept whole
("S&L" -> "s&l"), decimals kept whole, stop words dropped, and an optional
light stemmer. "us" is deliberately *not* a stop word: in this genre it is far
more often the country than the pronoun.
"""

from __future__ import annotations

import re
import unicodedata

from posenqa.settings import TokenizerSettings

_STOPWORDS = """
    a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can cannot could couldn't did didn't do does doesn't
    doing don't down during each few for from further had hadn't has hasn't have haven't having
    he her here hers herself him himself his how i if in into is isn't it its itself just me more
    most my myself no nor not of off on once only or other ought our ours ourselves out over own
    same she should shouldn't so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was wasn't we were weren't what when
    where which while who whom why will with won't would wouldn't you your yours yourself
    yourselves one may might must shall upon thus hence whether yet via within without
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORDS.split())
#: Bump whenever :func:`tokenize` can return other terms for any text: an index
#: stores its passages' terms, so it is stale once the tokenizer changes.
TOKENIZER_VERSION = "1"

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:%|[a-z]+)?|[a-z0-9]+(?:[&'][a-z0-9]+)*")
_POSSESSIVE = re.compile(r"'s?$")


def tokenize(text: str, settings: TokenizerSettings | None = None) -> list[str]:
    """The BM25 terms of ``text``, in order (repeats kept)."""
    settings = settings or TokenizerSettings()
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
    terms: list[str] = []
    for raw in _TOKEN.findall(text.lower()):
        term = _POSSESSIVE.sub("", raw)
        if not term or (settings.stopwords and term in STOPWORDS):
            continue
        if settings.stem:
            term = stem(term)
        terms.append(term)
    return terms


_SUFFIXES: tuple[tuple[str, str, int], ...] = (
    # (suffix, replacement, minimum stem length left) — a light stemmer in the
    # spirit of Harman's S-stemmer plus the commonest derivations; conflating
    # "banks"/"bank" and "regulators"/"regulator" is what matters in retrieval.
    ("ational", "ate", 3),
    ("ization", "ize", 3),
    ("ations", "ate", 3),
    ("ation", "ate", 3),
    ("ies", "y", 2),
    ("ing", "", 3),
    ("edly", "", 3),
    ("ed", "", 3),
    ("ly", "", 4),
    ("es", "", 3),
    ("s", "", 3),
)


def stem(term: str) -> str:
    """A light suffix-stripping stem of a lower-case term (numbers unchanged)."""
    if not term.isalpha() or len(term) <= 3 or term.endswith(("ss", "us", "is")):
        return term
    for suffix, replacement, keep in _SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= keep:
            base = term[: len(term) - len(suffix)] + replacement
            # "es" only after sibilants ("taxes"), else it is just "s" ("rates").
            if suffix == "es" and not base.endswith(("s", "x", "z", "ch", "sh")):
                base = term[:-1]
            return base
    return term


__all__ = ["STOPWORDS", "TOKENIZER_VERSION", "stem", "tokenize"]
