"""Note text -> references: a table of note shapes, real (from the paper) and invented."""

from __future__ import annotations

import pytest

from posenqa.references.parse import parse_full_references, parse_note

# (note text, expected fields of each full reference, in order)
FULL_CASES = [
    pytest.param(
        "Benjamin Friedman, “Japan Now and the United States Then: Lessons from the Parallels,” "
        "in Ryoichi Mikitani and Adam S. Posen, eds., Japan’s Financial Crisis and Its Parallels "
        "to US Experience (Institute for International Economics, 2000).",
        [
            {
                "kind": "chapter",
                "authors": ("Benjamin Friedman",),
                "title": "Japan Now and the United States Then: Lessons from the Parallels",
                "container": "Japan’s Financial Crisis and Its Parallels to US Experience",
                "editors": ("Ryoichi Mikitani", "Adam S. Posen"),
                "publisher": "Institute for International Economics",
                "year": 2000,
                "key": "friedman2000japan",
            }
        ],
        id="chapter-in-edited-volume",
    ),
    pytest.param(
        "Benn Steil, Illusions of Liberalization: Securities Regulation in Japan and the EC "
        "(London: Royal Institute of International Affairs, 1995).",
        [
            {
                "kind": "book",
                "authors": ("Benn Steil",),
                "title": "Illusions of Liberalization: Securities Regulation in Japan and the EC",
                "place": "London",
                "publisher": "Royal Institute of International Affairs",
                "year": 1995,
            }
        ],
        id="book-with-place",
    ),
    pytest.param(
        "Thomas Cargill, Michael Hutchison, and Taka Ito, Financial Policy and Central Banking "
        "in Japan (Massachusetts Institute of Technology Press, 2000),  53.",
        [
            {
                "kind": "book",
                "authors": ("Thomas Cargill", "Michael Hutchison", "Taka Ito"),
                "pages": "53",
                "year": 2000,
            }
        ],
        id="three-authors-bare-page",
    ),
    pytest.param(
        "C. Randall Henning, “US-Japan Macroeconomic Relations in the Last Three Decades of the "
        "Twentieth Century,” Mimeograph (Institute for International Economics, 2000).",
        [{"kind": "mimeo", "authors": ("C. Randall Henning",), "year": 2000}],
        id="mimeograph-initial-first",
    ),
    pytest.param(
        "Matthew Higgins and Clive Walcott, “Global Capital Flows: Capital Appears Ready to Flow "
        "Back into Japanese Equities,” Mimeograph (Merrill Lynch: 21 May 2001).",
        [{"kind": "mimeo", "publisher": "Merrill Lynch", "place": None, "year": 2001}],
        id="mimeograph-dated",
    ),
    pytest.param(
        "Council on Foreign Relations, 2000, Task Force Report: Future Direction for US Economic "
        "Policy Toward Japan (www.cfr.org/p/pubs/Japan_TaskForce.html [date of access]), Appendix.",
        [
            {
                "kind": "report",
                "authors": ("Council on Foreign Relations",),
                "title": "Task Force Report: Future Direction for US Economic Policy Toward Japan",
                "url": "www.cfr.org/p/pubs/Japan_TaskForce.html",
                "year": 2000,
            }
        ],
        id="report-with-url-organization",
    ),
    pytest.param(
        "Adam S. Posen, “Japan 2001 – Decisive Action or Financial Panic,” Policy Brief 01-4 "
        "(Institute for International Economics, 2001), explains why the banking system is "
        "likely to have an overt crisis.",
        [{"kind": "report", "container": "Policy Brief 01-4", "year": 2001}],
        id="report-in-series-with-comment",
    ),
    pytest.param(
        "See Frances McCall Rosenbluth, Financial Politics in Contemporary Japan (Cornell "
        "University Press, 1989), and Steven Vogel, Freer Markets, More Rules: Regulatory "
        "Reforms in Advanced Industrial Countries (Cornell University Press, 1996), for two "
        "somewhat opposing interpretations.",
        [
            {"authors": ("Frances McCall Rosenbluth",), "year": 1989},
            {
                "authors": ("Steven Vogel",),
                "title": "Freer Markets, More Rules: Regulatory Reforms in Advanced Industrial "
                "Countries",
                "year": 1996,
            },
        ],
        id="two-works-see",
    ),
    pytest.param(
        "Posen, Adam S., “Introduction: Financial Similarities and Monetary Differences,” in "
        "Ryoichi Mikitani and Adam S. Posen, eds., Japan’s Financial Crisis and Its Parallels to "
        "US Experience (Institute for International Economics, 2000), pp. 7-8. This is a "
        "mainstream view in economics.",
        [{"authors": ("Adam S. Posen",), "kind": "chapter", "pages": "7-8"}],
        id="inverted-name-page-range",
    ),
    pytest.param(
        "Edward Graham and Paul Krugman, Foreign Direct Investment in the Unites States (Third "
        "Edition, Institute for International Economics, 1997).",
        [{"publisher": "Institute for International Economics", "year": 1997, "kind": "book"}],
        id="edition-dropped",
    ),
    pytest.param(
        "American Chamber of Commerce in Japan, US-Japan Business White Paper 2001 (Tokyo: 2001). "
        "Among the G-7, the next highest ratio is 2.8 for Germany.",
        [{"authors": ("American Chamber of Commerce in Japan",), "place": "Tokyo", "year": 2001}],
        id="organization-place-only",
    ),
    # Invented notes: shapes the paper does not use.
    pytest.param(
        "Jane Q. Smith, “Liquidity Traps Revisited,” Journal of Monetary Economics 45 (2000): "
        "12-34.",
        [
            {
                "kind": "article",
                "container": "Journal of Monetary Economics",
                "volume": "45",
                "year": 2000,
                "pages": "12-34",
            }
        ],
        id="invented-journal-article",
    ),
    pytest.param(
        "For a survey, see Maria van der Berg and Li Wei, Banking Panics (Cambridge, MA: MIT "
        "Press, 1999), p. 7; also Otto Brandt, “Bank Runs,” in Leo Park, ed., Crises (Oxford "
        "University Press, 2004).",
        [
            {
                "authors": ("Maria van der Berg", "Li Wei"),
                "place": "Cambridge, MA",
                "publisher": "MIT Press",
                "pages": "7",
            },
            {"kind": "chapter", "editors": ("Leo Park",), "container": "Crises", "year": 2004},
        ],
        id="invented-particles-and-ed",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FULL_CASES)
def test_full_references(text: str, expected: list[dict[str, object]]) -> None:
    refs = parse_full_references(1, text)
    assert len(refs) == len(expected)
    for ref, fields in zip(refs, expected, strict=True):
        for name, value in fields.items():
            assert getattr(ref, name) == value, name
        assert ref.form == "full" and not ref.unresolved


def test_span_is_the_reference_text_not_the_comment() -> None:
    text = (
        "Catherine Mann, Is the US Trade Deficit Sustainable? (Institute for International "
        "Economics, 1999), goes so far as to suggest that liberalization would help."
    )
    (ref,) = parse_full_references(44, text)
    assert ref.title == "Is the US Trade Deficit Sustainable?"
    start, end = ref.span
    assert text[start:end] == text[: text.index(", goes")]
    assert ref.note == 44


@pytest.mark.parametrize(
    "text",
    [
        "In the language of the introduction to this volume, the general picture is one of "
        "tension (instead of harmony), but more cooperation than conflict.",
        "Schoppa’s chapter illustrates how greater tensions in domestic politics can lead to "
        "increased cooperation as a result.",
        "In an editorial in The Financial Times the next day (24 June 1997), this remark was "
        "characterized as a “veiled threat.”",
    ],
    ids=["comment", "chapter-in-this-volume", "newspaper-mention-with-date"],
)
def test_comment_only_notes_have_no_references(text: str) -> None:
    assert parse_note(1, text, {"posen", "vogel"}) == ()


def test_mixed_note_full_short_and_author_year_in_order() -> None:
    text = (
        "Taylor (2000) is a recent argument that sterilized intervention does work. Kathryn "
        "Dominguez and Jeffrey Frankel, Does Foreign Exchange Intervention Work? (Institute for "
        "International Economics, 1993) is the standard work; see also Smith, “Bank Runs,” p. 4."
    )
    refs = parse_note(56, text, {"smith"})
    assert [r.form for r in refs] == ["author-year", "full", "short"]
    taylor, book, smith = refs
    assert (taylor.authors, taylor.year, taylor.unresolved) == (("Taylor",), 2000, True)
    assert book.authors == ("Kathryn Dominguez", "Jeffrey Frankel")
    assert (smith.title, smith.pages) == ("Bank Runs", "4")


def test_unquoted_short_title_needs_a_known_author() -> None:
    text = "Again, Hoshi and Kashyap, Corporate Financing and Governance in Japan, collects much."
    assert parse_note(62, text, set()) == ()
    (ref,) = parse_note(62, text, {"hoshi", "kashyap"})
    assert ref.authors == ("Hoshi", "Kashyap")
    assert ref.title == "Corporate Financing and Governance in Japan"


def test_short_forms_split_at_and_between_works() -> None:
    text = "Vogel, Freer Markets, More Rules, and Steil, Illusions of Liberalization, argue that."
    refs = parse_note(28, text, {"vogel", "steil"})
    assert [(r.authors, r.title) for r in refs] == [
        (("Vogel",), "Freer Markets, More Rules"),
        (("Steil",), "Illusions of Liberalization"),
    ]


def test_parenthetical_author_date_citations() -> None:
    refs = parse_note(3, "Intervention rarely works (Smith 1999; Jones and Li 2004, p. 5).")
    assert [(r.authors, r.year, r.pages) for r in refs] == [
        (("Smith",), 1999, None),
        (("Jones", "Li"), 2004, "5"),
    ]


# Notes without a publication parenthesis, as government reports write them (invented).
PLAIN_CASES = [
    pytest.param(
        "Mary Ellen Doe, “Why Rates Fall,” Daily Ledger, March 3, 2019, https://example.org/rates.",
        {
            "kind": "article",
            "container": "Daily Ledger",
            "year": 2019,
            "url": "https://example.org/rates",
        },
        id="newspaper-with-url",
    ),
    pytest.param(
        "Sam Roe and Ann Poe, Revenue Curves Revisited, Policy Research Institute, Working Paper "
        "no. 12, July 1, 2008, https://example.org/wp12.pdf.",
        {
            "kind": "report",
            "authors": ("Sam Roe", "Ann Poe"),
            "title": "Revenue Curves Revisited",
            "publisher": "Policy Research Institute",
            "year": 2008,
        },
        id="working-paper-no-parenthesis",
    ),
    pytest.param(
        "Statistics Bureau of Freedonia, Annual Tax Tables: Rates, Bases and Yields, May 2006, "
        "https://example.org/tables.",
        {
            "authors": ("Statistics Bureau of Freedonia",),
            "title": "Annual Tax Tables: Rates, Bases and Yields",
            "year": 2006,
            "kind": "web",
        },
        id="organization-title-with-commas",
    ),
]


@pytest.mark.parametrize(("text", "fields"), PLAIN_CASES)
def test_references_without_parenthesis(text: str, fields: dict[str, object]) -> None:
    (ref,) = parse_full_references(1, text)
    for name, value in fields.items():
        assert getattr(ref, name) == value, name


def test_two_plain_references_joined_by_and() -> None:
    text = (
        "Ann Poe, “Tax Myths,” Daily Ledger, July 2, 2007, and Sam Roe, “Rates Again,” Weekly "
        "Review, February 1, 2006, https://example.org/again."
    )
    first, second = parse_full_references(5, text)
    assert (first.authors, first.year, first.url) == (("Ann Poe",), 2007, None)
    assert (second.authors, second.container, second.url) == (
        ("Sam Roe",),
        "Weekly Review",
        "https://example.org/again",
    )


def test_a_year_in_an_author_year_parenthesis_does_not_make_a_full_reference() -> None:
    text = "For treatments, see Hoshi and Kashyap, Corporate Finance, and Fukao and Kester (1992)."
    assert parse_full_references(58, text) == ()
