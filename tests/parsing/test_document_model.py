"""The document model with several note sequences and printed page labels.

Court opinions restart note numbering in each opinion and reports restart it
in appendices, so a note is keyed by (sequence, number); a single-sequence
paper keeps its number-only lookup and its JSON shape.
"""

from __future__ import annotations

import json

from posenqa.document import (
    MAIN_SEQUENCE,
    Block,
    Document,
    Footnote,
    NoteMarker,
    Section,
    note_ref,
    parse_note_ref,
)
from posenqa.parsing.assemble import compress_keys, link_notes


def _block(block_id: str, *markers: NoteMarker, page: int | str = 1, index: int = 1) -> Block:
    return Block(block_id, "paragraph", "I", page, page, "Some text.", markers, index, index)


def _opinions() -> Document:
    """Two opinions, each numbering its notes from 1."""
    blocks = (
        _block("b0001", NoteMarker(1, 4, "court"), NoteMarker(2, 9, "court"), index=2),
        _block("b0002", NoteMarker(1, 3, "thomas-concurring"), index=9),
    )
    bodies = {
        ("court", 1): ("Court note one.", 1, 2),
        ("court", 2): ("Court note two.", 1, 2),
        ("thomas-concurring", 1): ("Thomas note one.", 1, 9),
    }
    notes, warnings = link_notes(blocks, bodies)
    assert warnings == ()
    return Document(
        title="T",
        author="A",
        year=2024,
        source="x.pdf",
        sha256="0" * 64,
        pages=10,
        sections=(Section("I", "", 1, 1, 2),),
        blocks=blocks,
        footnotes=notes,
    )


def test_markers_link_within_their_sequence() -> None:
    doc = _opinions()
    assert [n.key for n in doc.footnotes] == [
        ("court", 1),
        ("court", 2),
        ("thomas-concurring", 1),
    ]
    assert doc.footnote(1, "court").cited_by == ("b0001",)  # type: ignore[union-attr]
    assert doc.footnote(1, "thomas-concurring").cited_by == ("b0002",)  # type: ignore[union-attr]
    assert doc.footnote(2, "thomas-concurring") is None
    assert doc.sequences == ("court", "thomas-concurring")
    assert doc.blocks[0].note_keys == (("court", 1), ("court", 2))


def test_number_only_lookup_prefers_main_then_first_part() -> None:
    doc = _opinions()
    assert doc.footnote(1).text == "Court note one."  # type: ignore[union-attr]
    main = Footnote(1, "Main note.", 3)
    appendix = Footnote(1, "Appendix note.", 40, sequence="appendix-i")
    report = Document("T", "A", None, "r.pdf", "", 50, (), (), (appendix, main))
    assert report.footnote(1) is main
    assert report.footnote(1, "appendix-i") is appendix


def test_the_notes_a_passage_cites_are_those_the_paper_has_in_its_order() -> None:
    doc = _opinions()
    # number-only lookup, as a passage's notes are kept; note 7 the paper lacks
    assert [n.text for n in doc.footnotes_numbered((2, 7, 1))] == [
        "Court note two.",
        "Court note one.",
    ]


def test_notes_named_by_user_references() -> None:
    doc = _opinions()
    assert parse_note_ref("8") == (None, 8)
    assert parse_note_ref(" thomas-concurring : 1 ") == ("thomas-concurring", 1)
    assert parse_note_ref("dissent:") is None
    assert parse_note_ref("3a") is None
    assert note_ref("", 8) == "8"
    assert note_ref("court", 2) == "court:2"
    assert doc.note_by_ref("court:2").text == "Court note two."  # type: ignore[union-attr]
    # Any unambiguous prefix of one of the slug's words names the sequence.
    assert doc.note_by_ref("thomas:1").text == "Thomas note one."  # type: ignore[union-attr]
    assert doc.note_by_ref("concurring:1").text == "Thomas note one."  # type: ignore[union-attr]
    assert doc.note_by_ref("dissent:1") is None
    assert doc.footnotes[2].ref == "thomas-concurring:1"


def test_json_round_trip_keeps_sequences_and_page_labels() -> None:
    doc = _opinions()
    data = json.loads(json.dumps(doc.to_dict()))
    assert data["footnotes"][2]["sequence"] == "thomas-concurring"
    assert data["blocks"][1]["markers"] == [[1, 3, "thomas-concurring"]]
    assert data["footnotes"][0]["page_index"] == 2
    assert Document.from_dict(data) == doc


def test_single_sequence_json_has_no_sequence_key() -> None:
    block = _block("b0001", NoteMarker(1, 4))
    notes, _ = link_notes([block], {(MAIN_SEQUENCE, 1): ("A note.", 1, 1)})
    doc = Document("T", "A", None, "p.pdf", "", 1, (), (block,), notes)
    data = doc.to_dict()
    assert "sequence" not in data["footnotes"][0]
    assert data["blocks"][0]["markers"] == [[1, 4]]
    assert doc.footnote(1) is doc.footnotes[0]
    assert doc.sequences == ("",)


def test_roman_page_labels_survive_the_round_trip() -> None:
    block = _block("f0001", page="ii", index=4)
    doc = Document("T", "A", None, "r.pdf", "", 5, (), (), (), front_matter=(block,))
    again = Document.from_dict(json.loads(json.dumps(doc.to_dict())))
    assert again.front_matter[0].page == "ii"
    assert again.front_matter[0].page_index == 4


def test_missing_bodies_are_reported_per_sequence() -> None:
    blocks = [
        _block("b0001", NoteMarker(1, 1, "court"), NoteMarker(2, 2, "court")),
        _block("b0002", NoteMarker(1, 1, "jackson-dissenting"), index=7),
    ]
    notes, warnings = link_notes(blocks, {("court", 1): ("Body.", 1, 1)})
    assert [(n.ref, n.missing, n.page_index) for n in notes] == [
        ("court:1", False, 1),
        ("court:2", True, 1),
        ("jackson-dissenting:1", True, 7),
    ]
    assert warnings == ("note bodies missing for markers: court:2; jackson-dissenting:1",)
    assert compress_keys([("", 1), ("", 2), ("", 3), ("", 5)]) == "1-3, 5"
