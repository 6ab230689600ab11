"""Regular expressions for the grammar of Chicago-style notes.

Kept apart from :mod:`posenqa.references.parse` so the patterns can be read
(and tested) on their own. Nothing here names a particular paper's authors.
"""

from __future__ import annotations

import re

YEAR = r"(?:1[5-9]\d\d|20\d\d)"
UPPER = "A-ZÀ-ÖØ-Þ"
#: A capitalized word ("McCall", "O’Neill", "Jean-Luc") or an initial ("S.").
TOKEN = rf"(?:[{UPPER}][^\W\d_]*(?:[-'’][^\W\d_]+)*|[{UPPER}]\.)"
PARTICLE = r"(?:van|von|de|der|den|di|da|du|le|la|del)"
#: A printed personal name: two to four tokens ("C. Randall Henning").
NAME = rf"{TOKEN}(?:\s+(?:{PARTICLE}\s+){{0,2}}{TOKEN}){{1,3}}"
#: An organization: capitalized words joined by connectors ("Council on Foreign Relations").
CORPORATE = rf"[{UPPER}][\w&.-]*(?:\s+(?:(?:of|on|for|in|and|the|&|de)\s+)*[{UPPER}][\w&.-]*)+"
ACRONYM = rf"[{UPPER}]{{2,}}[{UPPER}0-9&-]*"
#: A list of full names: "A", "A and B", "A, B, and C", "A et al.".
AUTHORS = rf"{NAME}(?:(?:,\s+{NAME})*,?\s+and\s+{NAME}|\s+et\s+al\.)?"
#: "Posen, Adam S." — an inverted name; the given names must hold an initial.
INVERTED = rf"(?P<family>{TOKEN}(?:\s+{TOKEN})?),\s+(?P<given>(?:{TOKEN}\s+)*[{UPPER}]\.)"

#: A surname in a short form or an author-year citation.
SURNAME = rf"(?:{PARTICLE}\s+)?[{UPPER}][^\W\d_]*(?:[-'’][^\W\d_]+)*"
#: "Taylor", "Fukao and Kester", "Cargill, Hutchison, and Ito", "Hall et al.".
GROUP = rf"{SURNAME}(?:(?:,\s+{SURNAME})*,?\s+and\s+{SURNAME}|\s+et\s+al\.)?"

PAREN = re.compile(r"\(([^()]*)\)")
URL = re.compile(r"(?:https?://|www\.)[^\s()\[\]<>]+[^\s()\[\]<>.,;]")
YEAR_AT_END = re.compile(rf"(?P<year>{YEAR})[a-z]?\s*$")
YEAR_ONLY = re.compile(
    rf"^\s*(?:(?:Spring|Summer|Fall|Autumn|Winter|[A-Z][a-z]+\.?)\s+)?(?P<year>{YEAR})[a-z]?\s*$"
)
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\."
)
DATE_TAIL = re.compile(
    rf"(?P<date>(?:\d{{1,2}}\s+)?(?:{MONTHS})(?:\s+\d{{1,2}},?)?\s*)?(?P<year>{YEAR})[a-z]?\s*$"
)
EDITION = re.compile(
    r"^\s*(?:\w+\s+(?:edition|ed\.)|(?:edition|ed\.)\s+\w+|rev\.\s*ed\.)\s*$", re.I
)
#: Words that mark an organization that publishes, so "X: 21 May 2001" names a publisher.
CHAPTER_IN = re.compile(
    r"^\s*in\s+(?P<editors>.+?),\s+(?P<eds>eds?)\.,?\s+(?P<book>.+?)\s*,?\s*$", re.S
)
CHAPTER_IN_ED_AFTER = re.compile(
    r"^\s*in\s+(?P<book>.+?),\s+(?:eds?\.|edited by)\s+(?P<editors>.+?)\s*,?\s*$", re.S
)
CHAPTER_IN_BARE = re.compile(r"^\s*in\s+(?P<book>[A-Z].+?)\s*,?\s*$", re.S)
MIMEO = re.compile(r"^\s*(?:mimeo(?:graph)?\.?|unpublished(?:\s+\w+)?|manuscript)\s*,?\s*$", re.I)
REPORT_WORDS = re.compile(
    r"\b(?:report|white paper|working paper|policy brief|discussion paper|occasional paper|"
    r"staff paper|briefing|bulletin|testimony|NBER)\b",
    re.I,
)
#: "Journal of Finance 12" / "American Economic Review 90, no. 2" before "(2000)".
JOURNAL_TAIL = re.compile(
    rf"^\s*(?P<journal>[{UPPER}][^()“”\"]*?)(?:,?\s+(?:vol\.\s*)?(?P<volume>\d+[A-Za-z]?))?"
    r"(?:,\s*no\.\s*(?P<issue>\d+))?\s*$"
)
#: A pinpoint after a reference: ", p. 41", ", pp. 7-8", ",  53", ": 12-34".
LOCATOR = re.compile(
    r"\s*[,:]?\s*(?:(?P<p>pp?\.)\s*)?(?P<pages>\d+(?:\s*[-–]\s*\d+)?)(?=\s*(?:[.,;)]|$))"
)
PAGES_ONLY = re.compile(r"\s*,?\s*(?P<p>pp?\.)\s*(?P<pages>\d+(?:\s*[-–]\s*\d+)?)")
#: Where a sentence ends inside a note (not after an initial or an abbreviation).
SENTENCE_BREAK = re.compile(
    r"(?<![\s(][A-Z])(?<!^[A-Z])(?<!\beds)(?<!\bed)(?<!\bpp)(?<!\bp)(?<!\bvol)(?<!\bno)(?<!\bal)"
    r"(?<!\bJr)(?<!\bSt)(?<!\be\.g)(?<!\bi\.e)(?<!\bcf)(?<!\bDr)(?<!\bMr)(?<!\bMs)"
    r"(?:[.?!][”\"’]?|;[”\"]?|[”\"];)\s+(?=[A-Z“\"(])"
)
#: Words that end the name of an organization ("... Institute", "... Service").
ORG = re.compile(
    r"\b(?:Institute|Institution|University|Press|Fund|Bank|Foundation|Service|Office|"
    r"Department|Committee|Council|Commission|Agency|Bureau|Association|Society|Board|"
    r"Administration|Reserve|Treasury|Organi[sz]ation|Cent(?:er|re)|Ministry|Corporation|"
    r"Company|Inc\.|Ltd\.|Publishing|Publishers|Books|Group|Forum|School)\b"
)
IBID = re.compile(r"\b(?:Ibid|ibid|Id)\.?(?=[\s,;]|$)")

#: Capitalized words that start sentences or lead into a citation, never a surname.
_STOP_WORDS = """
    A About Above Accordingly After Again Against All Also Although Among An And Another Any
    Appendix As At Available Because Before Being Below Between Both But By Chapter Cf Cited
    Compare Conversely Despite Do Does During Each Earlier Edited Either Even Every Figure
    Finally First For Fourth From Further Furthermore Given Had Has Have He Hence Her Here His
    How However I Ibid Id If In Indeed Instead Interestingly It Its Later Less Likewise Many
    May Meanwhile More Moreover Most Much My Neither Nevertheless No Nonetheless Nor Not Note
    Notably Now Of On Once One Only Or Other Others Otherwise Our Over Part Perhaps
    Published Quoted Rather Recently Reprinted Second See Several She Similarly Since So Some
    Still Such Table Than That The Their Then There Therefore These They Third This Those
    Though Thus To Today Translated Under Unlike Until Upon Volume We What When Where Whether
    Which While Who Why With Within Without Yet You
"""
STOP_NAMES = frozenset(_STOP_WORDS.split())

__all__ = [
    "ACRONYM",
    "AUTHORS",
    "CHAPTER_IN",
    "CHAPTER_IN_BARE",
    "CHAPTER_IN_ED_AFTER",
    "CORPORATE",
    "DATE_TAIL",
    "EDITION",
    "GROUP",
    "IBID",
    "INVERTED",
    "JOURNAL_TAIL",
    "LOCATOR",
    "MIMEO",
    "NAME",
    "ORG",
    "PAGES_ONLY",
    "PAREN",
    "REPORT_WORDS",
    "SENTENCE_BREAK",
    "STOP_NAMES",
    "SURNAME",
    "TOKEN",
    "URL",
    "YEAR",
    "YEAR_AT_END",
    "YEAR_ONLY",
]
