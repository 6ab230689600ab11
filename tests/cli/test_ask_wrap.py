"""``ask`` wraps answers by what shows: styling never changes where lines break."""

from __future__ import annotations

import re
import textwrap

import click
from hypothesis import given
from hypothesis import strategies as st

from posenqa.cli.ask_cmd import _WIDTH, _wrap

CODES = re.compile(r"\x1b\[[0-9;]*m")
words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Z", "C")), min_size=1)
paragraphs = st.lists(st.lists(words, max_size=40).map(" ".join), min_size=1, max_size=3)


@given(paragraphs)
def test_plain_text_wraps_as_textwrap_does(paras: list[str]) -> None:
    expected = [
        line
        for p in paras
        for line in textwrap.wrap(
            p,
            width=_WIDTH,
            initial_indent="    ",
            subsequent_indent="      ",
            break_long_words=False,
            break_on_hyphens=False,
        )
        or ["    "]
    ]
    assert _wrap("\n\n".join(paras), "    ", "      ") == expected


@given(paragraphs, st.data())
def test_styling_words_does_not_move_line_breaks(paras: list[str], data: st.DataObject) -> None:
    styled = []
    for p in paras:
        out = []
        for word in p.split(" "):
            bold = data.draw(st.booleans())
            out.append(click.style(word, bold=True, underline=True) if bold and word else word)
        styled.append(" ".join(out))
    lines = _wrap("\n\n".join(styled), "    ")
    assert [CODES.sub("", line) for line in lines] == _wrap("\n\n".join(paras), "    ")
