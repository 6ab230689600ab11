"""Document -> passages: sentence-respecting windows, joined short blocks, note passages."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from posenqa.document import Block, Document, Footnote, NoteMarker
from posenqa.passages import Passage, make_passages, word_count
from posenqa.sentences import split_sentences
from posenqa.settings import PassageSettings


def _body(passages: list[Passage]) -> list[Passage]:
    return [p for p in passages if p.kind == "passage"]


def test_long_paragraph_becomes_overlapping_windows_of_whole_sentences(small_document) -> None:
    settings = PassageSettings(max_words=40, overlap_sentences=1)
    windows = [p for p in make_passages(small_document, settings) if p.block_ids == ("b0003",)]
    assert len(windows) > 1
    block_sentences = split_sentences(small_document.block("b0003").text)
    for window in windows:
        # every window is a run of whole sentences of the block
        assert all(s in block_sentences for s in split_sentences(window.text))
        assert word_count(window.text) <= 40 or len(split_sentences(window.text)) == 1
    for first, second in itertools.pairwise(windows):
        assert split_sentences(first.text)[-1] == split_sentences(second.text)[0]
    covered = {s for w in windows for s in split_sentences(w.text)}
    assert covered == set(block_sentences)


def test_short_blocks_join_a_neighbour_of_the_same_section(small_document) -> None:
    passages = make_passages(small_document, PassageSettings(min_words=25))
    joined = next(p for p in passages if "b0002" in p.block_ids)
    assert joined.block_ids == ("b0001", "b0002")
    assert joined.text.endswith("It has two parts.")
    # the caption is short too, but it is not a paragraph: it stays alone
    caption = next(p for p in passages if "b0005" in p.block_ids)
    assert caption.block_ids == ("b0005",)


def test_markers_keep_their_offsets_in_passage_text(small_document) -> None:
    for p in make_passages(small_document, PassageSettings(max_words=40)):
        block = small_document.block(p.block_ids[0]) if p.block_ids else None
        for marker in p.markers:
            # the marker stands right after the same word as in the block
            before = p.text[max(0, marker.offset - 12) : marker.offset]
            assert block is not None
            original = next(m for m in block.notes if m.number == marker.number)
            assert block.text[original.offset - len(before) : original.offset] == before
        assert p.notes == tuple(dict.fromkeys(m.number for m in p.markers))


def test_note_passages_exclude_missing_notes_and_carry_the_citing_sentence(small_document) -> None:
    passages = make_passages(small_document, PassageSettings(note_context=True))
    notes = {p.number: p for p in passages if p.kind == "footnote"}
    assert sorted(notes) == [1, 2]  # note 3 is missing: not a passage
    assert notes[2].id == "n002"
    assert notes[2].text == small_document.footnote(2).text
    assert "closure was delayed" in notes[2].index_text
    assert notes[2].section == "1"  # the section of the block citing it
    without = make_passages(small_document, PassageSettings(note_context=False))
    assert all(p.index_text == "" for p in without if p.kind == "footnote")


def test_notes_in_body_adds_cited_note_text_to_the_indexed_text(small_document) -> None:
    passages = make_passages(small_document, PassageSettings(notes_in_body=True))
    citing = next(p for p in passages if 2 in p.notes)
    assert "thrift bailout" in citing.searchable
    assert "thrift bailout" not in citing.text


def test_front_matter_is_a_setting(small_document) -> None:
    with_front = make_passages(small_document, PassageSettings(include_front_matter=True))
    without = make_passages(small_document, PassageSettings(include_front_matter=False))
    assert with_front[0].section == "front" and with_front[0].section_title == "Front matter"
    assert all(p.section != "front" for p in without)


def test_ids_are_stable_and_unique(small_document) -> None:
    first = make_passages(small_document)
    second = make_passages(small_document)
    assert [p.id for p in first] == [p.id for p in second]
    assert len({p.id for p in first}) == len(first)


def test_round_trip_through_dict(small_document) -> None:
    for p in make_passages(small_document):
        assert Passage.from_dict(p.to_dict()) == p


_sentence = st.builds(
    lambda words, end: " ".join(words).capitalize() + end,
    st.lists(
        st.sampled_from(["bank", "yen", "U.S.", "policy", "e.g.", "rates", "3.5"]),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from([".", "?", "!"]),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(_sentence, min_size=1, max_size=12), min_size=1, max_size=5),
    st.integers(5, 40),
    st.integers(0, 2),
)
def test_passages_tile_their_paragraphs(paragraphs, max_words, overlap) -> None:
    blocks = tuple(
        Block(f"b{i:04d}", "paragraph", "1", 1, 1, " ".join(sents), ())
        for i, sents in enumerate(paragraphs, start=1)
    )
    doc = Document("T", "A", 2001, "t.pdf", "0" * 64, 1, (), blocks, ())
    settings_ = PassageSettings(max_words=max_words, overlap_sentences=overlap, min_words=0)
    passages = make_passages(doc, settings_)
    for block in blocks:
        pieces = [p for p in passages if p.block_ids == (block.id,)]
        sentences = split_sentences(block.text)
        # each passage is a contiguous run of the block's sentences and together they cover it
        for p in pieces:
            assert p.text in block.text
        assert {s for p in pieces for s in split_sentences(p.text)} == set(sentences)


def test_note_without_citing_block_takes_the_section_by_page() -> None:
    from posenqa.document import Section

    doc = Document(
        "T",
        "A",
        2001,
        "t.pdf",
        "0" * 64,
        3,
        (Section("1", "One", 1, 1), Section("2", "Two", 1, 3)),
        (Block("b0001", "paragraph", "1", 1, 1, "Text one.", (NoteMarker(1, 9),)),),
        (Footnote(1, "A note.", 1, ("b0001",)), Footnote(2, "An orphan note.", 3, ())),
    )
    notes = {p.number: p for p in make_passages(doc) if p.kind == "footnote"}
    assert notes[1].section == "1"
    assert notes[2].section == "2"


def test_a_quote_introduced_by_a_colon_joins_its_paragraph() -> None:
    intro = " ".join(["The author put the lesson plainly in an earlier study, and it bears"] * 3)
    blocks = (
        Block("b0001", "paragraph", "1", 1, 1, intro + " repeating:", ()),
        Block("b0002", "quote", "1", 1, 1, " ".join(["Regulators wait too long."] * 8), ()),
        Block("b0003", "paragraph", "1", 1, 1, " ".join(["Another long paragraph."] * 12), ()),
    )
    doc = Document("T", "A", 2001, "t.pdf", "0" * 64, 1, (), blocks, ())
    groups = [p.block_ids for p in make_passages(doc, PassageSettings(min_words=10))]
    assert groups == [("b0001", "b0002"), ("b0003",)]
