"""Ligature glyphs read as their letters, even where a font's /ToUnicode cuts them short."""

from __future__ import annotations

from pathlib import Path

from posenqa.parsing.ligatures import differences_codes, mended_ligatures
from posenqa.parsing.pdf import read_pages


def test_differences_number_each_name_from_the_code_before_it() -> None:
    assert differences_codes([174, "/fi", "/fl", 39, "/quoteright"]) == {
        174: "/fi",
        175: "/fl",
        39: "/quoteright",
    }


def test_a_ligature_mapped_to_its_first_letter_gets_all_of_them() -> None:
    encoding = {174: "\xae", 175: "\xaf"}
    character_map = {"\xae": "f", "\xaf": "f", "a": "a"}
    assert mended_ligatures([174, "/fi", "/fl"], encoding, character_map) == {
        "\xae": "fi",
        "\xaf": "fl",
    }


def test_a_font_mapping_its_ligatures_fully_or_elsewhere_is_left_as_it_says() -> None:
    encoding = {174: "\xae", 175: "\xaf", 176: "\xb0"}
    # whole letters, the Unicode ligature, another letter: none is a cut-short map
    character_map = {"\xae": "fi", "\xaf": "\ufb02", "\xb0": "x"}
    assert mended_ligatures([174, "/fi", "/fl", "/ffi"], encoding, character_map) == {}
    # a glyph that is no ligature keeps its map even when it is a prefix of one
    assert mended_ligatures([174, "/f"], encoding, {"\xae": "f"}) == {}


def _pdf_with_truncated_ligature_map(path: Path) -> None:
    """One page drawing "first filed" in Helvetica whose /Differences name code 174
    /fi and 175 /fl, with a /ToUnicode mapping both to "f" (as the Supreme Court's
    preliminary prints do)."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
    )

    writer = PdfWriter()
    page = writer.add_blank_page(width=612, height=792)
    cmap = DecodedStreamObject()
    cmap.set_data(
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CMapName /Test-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"11 beginbfchar\n<20> <0020>\n<64> <0064>\n<65> <0065>\n<66> <0066>\n"
        b"<69> <0069>\n<6C> <006C>\n<72> <0072>\n<73> <0073>\n<74> <0074>\n"
        b"<AE> <0066>\n<AF> <0066>\nendbfchar\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    encoding = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Encoding"),
            NameObject("/Differences"): ArrayObject(
                [NumberObject(174), NameObject("/fi"), NameObject("/fl")]
            ),
        }
    )
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): writer._add_object(encoding),
            NameObject("/ToUnicode"): writer._add_object(cmap),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 12 Tf 72 700 Td (\256rst \256led \257ow) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(content)
    with path.open("wb") as out:
        writer.write(out)


def test_a_truncated_ligature_map_reads_as_the_whole_word(tmp_path: Path) -> None:
    pdf = tmp_path / "ligatures.pdf"
    _pdf_with_truncated_ligature_map(pdf)
    pages, _, _ = read_pages(pdf)
    text = "".join(run.text for run in pages[0].runs)
    # pypdf alone reads "frst fled fow": no search for "first" or "filed" finds them
    assert text.split() == ["first", "filed", "flow"]
