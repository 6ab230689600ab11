"""Properties of the plain-text parser on generated input: it never crashes, loses no words.

"Loses no words" is made precise as: every run of letters in the input occurs
in the output (block texts, section labels and titles, note texts, title and
author) at least as often as in the input. Runs of letters survive
everything the parser is allowed to do: removing note markers (digits),
page-number lines and separators, joining lines and undoing hyphenation
("regu-" + "lation" keeps both runs as substrings of "regulation").
Runs of four or more digits must survive too, unless they are a line of
their own (a page number); shorter ones may be note markers. Lines repeated
on three or more pages may be running heads, which the parser drops.
"""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posenqa.document import Document
from posenqa.errors import InputError
from posenqa.parsing.heuristics import page_number
from posenqa.parsing.text import parse_lines_to_document, running_head_key

_LETTERS = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d{4,}")


def _output_text(doc: Document) -> str:
    parts = [doc.title, doc.author]
    parts += [f"{s.label} {s.title}" for s in doc.sections]
    parts += [b.text for b in (*doc.front_matter, *doc.blocks)]
    parts += [n.text for n in doc.footnotes]
    return "\n".join(parts)


def _assert_no_words_lost(text: str, doc: Document) -> None:
    out = _output_text(doc)
    # The parser drops control characters and reads tabs as spaces.
    cleaned = re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", "", text)
    # Running heads (a line repeated, digits aside, on three or more pages) are
    # page furniture the parser may drop; their words are exempt.
    lines = cleaned.replace("\r", "\n").replace("\f", "\n").split("\n")
    repeated = Counter(running_head_key(line) for line in lines if line.strip())
    kept = [line for line in lines if repeated[running_head_key(line)] < 3]
    runs = Counter(_LETTERS.findall("\n".join(kept)))
    for run, count in runs.items():
        assert out.count(run) >= count, f"letters {run!r} lost"
    for line in kept:
        if page_number(line) is not None:
            continue
        for digits in _DIGITS.findall(line):
            assert digits in out, f"number {digits!r} lost"


def _parse(text: str) -> Document | None:
    try:
        return parse_lines_to_document(text, source="generated.txt")
    except InputError:
        assert not re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", "", text).strip()
        return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_never_crashes_and_loses_nothing(text: str) -> None:
    doc = _parse(text)
    if doc is not None:
        _assert_no_words_lost(text, doc)


_WORD = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=9
)
_NUMBER = st.integers(min_value=1, max_value=120).map(str)


def _prose(words: list[str], end: str, marker: str) -> str:
    return " ".join(words) + end + marker


_LINE = st.one_of(
    # prose, sometimes with a sentence end, a glued marker or a line-end hyphen
    st.builds(
        _prose,
        st.lists(_WORD, min_size=1, max_size=16),
        st.sampled_from(["", ".", ",", "-", ":", "—", ". "]),
        st.one_of(st.just(""), _NUMBER),
    ),
    st.sampled_from(["", "", " ", "  ", " " * 40, "_" * 15, "\f"]),
    # numbered lines: notes, headings, list items
    st.builds(
        lambda n, w: f"{n}. {' '.join(w)}", _NUMBER, st.lists(_WORD, min_size=1, max_size=10)
    ),
    st.builds(
        lambda n, w: f"{n}A. {' '.join(w).title()}",
        _NUMBER,
        st.lists(_WORD, min_size=1, max_size=5),
    ),
    # page numbers, page-start lines, captions, years
    _NUMBER.map(lambda n: f" {n}"),
    st.builds(lambda w: " " + " ".join(w), st.lists(_WORD, min_size=1, max_size=12)),
    st.builds(
        lambda n, w: f"Figure {n}: {' '.join(w)}", _NUMBER, st.lists(_WORD, min_size=1, max_size=6)
    ),
    st.integers(min_value=1000, max_value=2100).map(lambda y: f"in {y} and"),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, min_size=1, max_size=80))
def test_paper_like_text_never_crashes_and_loses_nothing(lines: list[str]) -> None:
    text = "\n".join(lines)
    doc = _parse(text)
    if doc is None:
        return
    _assert_no_words_lost(text, doc)
    # Structural invariants every parse keeps.
    ids = [b.id for b in (*doc.front_matter, *doc.blocks)]
    assert ids == [f"b{i:04d}" for i in range(1, len(ids) + 1)]
    labels = {s.label for s in doc.sections}
    assert all(b.section in labels for b in doc.blocks)
    assert [n.number for n in doc.footnotes] == sorted({n.number for n in doc.footnotes})
    for block in doc.blocks:
        assert all(0 <= m.offset <= len(block.text) for m in block.notes)
        assert block.text == " ".join(block.text.split())
        cited = {n.number for n in doc.footnotes if block.id in n.cited_by}
        assert cited == set(block.note_numbers)


@settings(max_examples=100, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=40), st.lists(_LINE, min_size=1, max_size=40))
def test_double_spacing_keeps_words(first: list[str], second: list[str]) -> None:
    # The same lines with a blank after each, as in a double-spaced original.
    text = "\n\n".join(first + second)
    doc = _parse(text)
    if doc is not None:
        _assert_no_words_lost(text, doc)
