"""What a question asks for, and whether a sentence holds it."""

from __future__ import annotations

import pytest

from posenqa.pipeline.answer_type import holds_type, is_citation, wanted_type, wanted_types


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How much money did Japan pledge to the IMF package?", "amount"),
        ("How large was the current account surplus in 2000?", "amount"),
        ("How many foreign banks had branches in Tokyo?", "number"),
        ("What share of Mazda did Ford own?", "number"),
        ("By how much did the Fed cut rates?", "number"),
        ("When did the Bank of Japan begin quantitative easing?", "date"),
        ("In which year did the Big Bang start?", "date"),
        # "Which years" asks for a time, not a name.
        ("Which years of panel data does the study use?", "date"),
        ("What period did the boom cover?", "date"),
        # "When ..., which ...?" opens a clause: it asks for something else than a time.
        ("When Americans fretted about competing abroad, which habits drew scrutiny?", None),
        # "When can/may/must/should ..." asks under what conditions, not for a time.
        ("When can a youthful offender be treated as an adult?", None),
        ("When should the regulators close an insolvent bank?", None),
        ("When will the redistricting data be released?", "date"),
        # A question in yes/no form is answered yes or no, whatever its clauses ask.
        ("Was choosing which country's system is better ever a matter of growth?", "yes/no"),
        ("Did the author say which banks failed?", "yes/no"),
        # "How large does the author expect ..." asks for a judgement, stated in words.
        ("How large does the author expect the spillovers to be?", None),
        ("How serious did the court consider the error?", None),
        ("How large was the current account surplus in 2000?", "amount"),
        # "How long" is answered by a span of time as often as by a number.
        ("How long did the banking crisis last?", None),
        ("How often do the banks report?", "number"),
        # A question reported inside the question is not what it asks.
        ("Which companies must know exactly how many people clicked an ad?", "organisation"),
        ("How many officials knew when the bank would fail?", "number"),
        ("Who was the governor of the Bank of Japan?", "person"),
        ("Which banks merged to form Mizuho?", "organisation"),
        ("Where did the crisis begin?", "place"),
        ("Which American insurers gained control of the third sector?", "name"),
        ("Which two 1980s accords showed it?", "name"),
        ("Which office in the department used the data?", "name"),
        # "Which X" where an X has no proper name is answered in common nouns.
        ("Which sectors did the negotiators choose?", None),
        ("Which trade matters drew more attention?", None),
        # "Where did savers put their money" asks for a use of it, not a place.
        ("Where were thrifts obliged to put the money they took in?", None),
        ("What was the title of Porter's 1992 article?", "title"),
        ("What minimum capital ratio does the standard require?", "number"),
        ("Why did regulators fail to learn from the S&L crisis?", "reason"),
        ("Did the Japanese government bail out the banks?", "yes/no"),
        # A preposition before "which"/"what" asks what the rest asks.
        ("In which county jail was he held?", "name"),
        ("On what street are the regulators' offices?", "place"),
        ("By what margin did the Senate pass the act?", "number"),
        # People and bodies in the plural, and other things that bear names.
        ("Which American officials advised the ministry?", "name"),
        ("Which regulator deregulated certificates of deposit?", "name"),
        ("Which laboratory confirmed the contamination?", "name"),
        # A measure as the head noun, with words before it; not when it describes another.
        ("What discount rate did the BOJ set?", "number"),
        ("What peak did the Dow reach in the bubble?", "number"),
        ("What were the average growth rates of the two economies?", "number"),
        ("What exchange rate regime did Japan choose?", None),
        ("How far did share prices drop in 1990?", "number"),
        ("How far did the reforms go?", None),
        # A level asked for: a figure.
        ("How high did the share index climb at the peak of the bubble?", "number"),
        ("How low did interest rates go?", "number"),
        # A name asked for in other words.
        ("What name did the merged bank take?", "title"),
        ("What was the official name of the 1998 recapitalization law?", "title"),
        ("What was the 1998 bill that recapitalized the banks called?", "title"),
        # A choice the question offers is answered by one of its own words.
        ("Which country moved faster, the United States or Japan?", None),
        # Open questions want no particular kind of answer.
        ("What does the author mean by convergence without leverage?", None),
        ("How did Japanese banks respond to deregulation?", None),
    ],
)
def test_wanted_type(question: str, kind: str | None) -> None:
    assert wanted_type(question) == kind


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("How many banks failed in 1998?", ("number",)),
        # The first asking phrase comes first, each second question after it.
        (
            "When was the commercial paper market created, and how much was issued?",
            ("date", "number"),
        ),
        ("Which banks merged and when did they merge?", ("organisation", "date")),
        ("Who introduced the bill, and to what rate would it cut the tax?", ("person", "number")),
        # "Which X" asks for an X, not for the figure a later clause speaks of...
        ("Which of its car models did Honda advertise, declaring how much was made here?", (None,)),
        # ... unless that clause is a second question.
        ("Which circuit decided the case, and how much did the plaintiffs seek?", (None, "number")),
        # A clause that is no second question adds nothing.
        ("When did the banks that lent how much to developers fail?", ("date",)),
        ("Did the banks fail, and when?", ("yes/no",)),
        ("Which work does the author cite for how many banks failed?", ("source",)),
    ],
)
def test_wanted_types_reads_every_question_a_sentence_asks(
    question: str, kinds: tuple[str | None, ...]
) -> None:
    assert wanted_types(question) == kinds
    assert wanted_type(question) == kinds[0]


@pytest.mark.parametrize(
    ("sentence", "kind", "holds"),
    [
        ("Japan pledged $4 billion to the package.", "amount", True),
        ("Losses reached 12 percent of GDP.", "amount", True),
        ("Japan pledged a large sum to the package.", "amount", False),
        ("Some forty foreign banks opened branches.", "number", True),
        ("Many foreign banks opened branches.", "number", False),
        ("The reform began in November 1996.", "date", True),
        ("The reform began after the election.", "date", False),
        ("The policy was set by Governor Hayami at the time.", "person", True),
        ("the policy was set by the central bank.", "person", False),
        ("Deposits moved to the postal savings system.", "organisation", False),
        ("Deposits moved to the Postal Savings system.", "organisation", True),
        ("Deposits moved to the MOF's accounts.", "organisation", True),
        # A kind of bank answers "which banks" as names do; a bare "the banks" does not.
        ("The long-term credit banks provided the loans.", "organisation", True),
        ("The banks provided the loans.", "organisation", False),
        ("Land prices were halved after the peak.", "number", True),
        # Numbers in words: tens, fractions and multiples.
        ("Some sixty foreign banks opened branches.", "number", True),
        ("Land prices fell by two-thirds.", "number", True),
        ("Exports grew tenfold in a decade.", "number", True),
        # A time named in words, not a month's name used as a verb.
        ("The postwar settlement shaped the banks.", "date", True),
        ("The main bank system dates from World War II.", "date", True),
        ("Land prices soared in the eighties.", "date", True),
        ("The first banks opened in the nineteenth century.", "date", True),
        ("Banks may lend more after the election.", "date", False),
        ("Banks lent because collateral values kept rising.", "reason", True),
        ("American firms gained control of the third sector.", "name", False),
        ("Control went to American Family Life and AIG.", "name", True),
        # One proper name is a name ("a paper by Devereux"), not a title.
        ("Hubbard referred to a paper by Devereux.", "name", True),
        ("Hubbard referred to a paper by Devereux.", "title", False),
        ("Banks lent to real estate firms.", "reason", False),
        # Open and yes/no questions accept any sentence.
        ("Anything at all.", None, True),
        ("Anything at all.", "yes/no", True),
        # A legal citation is a source: a case with its reporter, a reporter, "Id., at".
        ("Wisconsin v. Mitchell, 508 U. S.", "source", True),
        ("See Brown v. United States, 942 F. 3d 1069, 1075 (2019).", "source", True),
        ("Id., at 470.", "source", True),
        # A kind of bank answers "which Japanese banks" as names do.
        ("The three long-term credit banks shifted most.", "name", True),
        ("The banks shifted most.", "name", False),
        # A citation sentence is a source, whatever its form.
        ("Black's Law Dictionary 1195.", "source", True),
        # Two parties set against each other are no case.
        ("The United States v. Japan debate went on.", "source", False),
    ],
)
def test_holds_type(sentence: str, kind: str | None, holds: bool) -> None:
    assert holds_type(sentence, kind) is holds


@pytest.mark.parametrize(
    ("sentence", "kind", "question", "holds"),
    [
        # The year the question asks about is not the number it wants.
        ("In 2000 many foreign banks had branches in Tokyo.", "number", "How many in 2000?", False),
        ("In 2000, 87 foreign banks had branches in Tokyo.", "number", "How many in 2000?", True),
        # A count is a number of what is counted, beside it, not any figure.
        ("Claims fell to $220 billion.", "number", "How many foreign banks had branches?", False),
        ("Some 87 foreign banks had branches.", "number", "How many foreign banks?", True),
        ("The study covered 16 countries.", "number", "How many countries did it cover?", True),
        ("The number of foreign banks fell to 87.", "number", "How many foreign banks?", True),
        ("It changed its rate ten times.", "number", "How many times did it change?", True),
        # None is a count, beside what is counted; "no" elsewhere counts nothing.
        (
            "No President has ever faced charges.",
            "number",
            "How many Presidents faced charges?",
            True,
        ),
        ("There was no crisis.", "number", "How many banks failed?", False),
        # The end of a year range and a page number count nothing.
        ("Shafer recalls the hopes of 1996-97.", "number", "To what rate did the tax rise?", False),
        ("See Kashyap, pp. 7-8.", "number", "How large were the losses?", False),
        ("Growth was 3 percent in 1996-97.", "number", "What rate did growth reach?", True),
        # A share is no sum of money.
        ("Lending rose 12 percent.", "amount", "How much money did Japan pledge?", False),
        ("Japan pledged $4 billion.", "amount", "How much money did Japan pledge?", True),
        # Initials of a name the question says in full name the same thing.
        ("It sold the NCB to a buyer.", "name", "Which buyer got Nippon Credit Bank?", False),
        ("Then Ripplewood got the LTCB.", "name", "Which buyer got Long-Term Credit Bank?", True),
        # A bare year is no amount.
        ("The package was announced in 1998.", "amount", "How much was it?", False),
        # A date the question already gives is no answer to "when".
        ("The crisis of July 1997 spread.", "date", "When did the July 1997 crisis end?", False),
        # One proper name inside a sentence answers "who" and "which bank".
        ("The bank was sold to Ripplewood in 2000.", "person", "Who bought the bank?", True),
        ("Later Sumitomo and Sakura merged.", "organisation", "Which banks merged?", True),
        # A nationality or a month is capitalized but names no one.
        ("It was sold in March to a Japanese buyer.", "organisation", "Which bank?", False),
        # A place the list lacks, after a preposition.
        ("The talks were held in Manila.", "place", "Where were the talks held?", True),
        ("The talks were held in Japanese.", "place", "Where were the talks held?", False),
        ("It was tested at the Pittsburgh Weather Office.", "place", "Where was it tested?", True),
        ("It was tested at the office.", "place", "Where was it tested?", False),
        # A nationality names a country ("which countries"), not a city.
        (
            "It was set by American and Japanese regulators.",
            "place",
            "Which countries' regulators?",
            True,
        ),
        (
            "It was set by American and Japanese regulators.",
            "place",
            "In which city was it set?",
            False,
        ),
        ("It was set by regulators.", "place", "Which countries' regulators?", False),
        # A nationality the question says is no answer.
        ("Japanese regulators set it.", "place", "Which country besides Japanese banks?", False),
        # A fiscal year is a year; so is a decade written with an apostrophe.
        ("Losses peaked in FY1998.", "date", "When did losses peak?", True),
        ("Losses peaked in the '90s.", "date", "When did losses peak?", True),
    ],
)
def test_holds_type_given_the_question(
    sentence: str, kind: str, question: str, holds: bool
) -> None:
    assert holds_type(sentence, kind, question) is holds


@pytest.mark.parametrize(
    "question",
    [
        "Which work does the author cite for the claim that models converge?",
        "Who is the source of the estimate of bad loans?",
        "What source is cited for the gap in FDI?",
        "What is the full reference for the work cited as Friedman?",
        "Whose work documents the rise of SME lending?",
        "According to whom did the bubble begin in 1987?",
        # Who makes a claim: its author, named in a citation or "X in this volume".
        "Who argues that the keiretsu system was partly an American creation?",
        "Who discusses the low returns to capital in Japan?",
        "Who pointed out that intervention rarely works?",
        "Which chapter in this volume describes the reversal in performance?",
    ],
)
def test_a_question_about_what_is_cited_wants_a_source(question: str) -> None:
    # "Who" and "what" would otherwise ask for a person or nothing in particular.
    assert wanted_type(question) == "source"


@pytest.mark.parametrize(
    "question",
    ["Who argued the case for the petitioner?", "Who wrote the dissent?", "Who found the bank?"],
)
def test_who_did_something_else_than_claim_wants_a_person(question: str) -> None:
    assert wanted_type(question) == "person"


@pytest.mark.parametrize(
    ("sentence", "holds"),
    [
        ("See Hoshi and Kashyap (2001) for the history.", True),
        ("Friedman, Benjamin M. 1999. Japan now. In Japan and the World.", True),
        ("The estimate is from Lincoln et al., chapter 3.", True),
        ("As argued in “Illusions of Liberalization,” the process stalled.", True),
        ("The banks kept lending to weak borrowers.", False),
    ],
)
def test_a_source_is_an_author_and_year_a_bibliography_mark_or_a_title(
    sentence: str, holds: bool
) -> None:
    assert holds_type(sentence, "source", "Which work does the author cite?") is holds


@pytest.mark.parametrize(
    ("sentence", "holds"),
    [
        # "Who" is answered by a group or a body as well as by a name.
        ("American investors will own much of the industry.", True),
        ("Control passed to the Financial Reconstruction Commission.", True),
        ("The policy was set by Governor Hayami.", True),
        # A country is no one, and what the question says is no answer.
        ("The US did so.", False),
        ("The banks did so.", False),
    ],
)
def test_who_is_answered_by_a_name_a_body_or_a_group(sentence: str, holds: bool) -> None:
    assert holds_type(sentence, "person", "Who will own the banks?") is holds


@pytest.mark.parametrize(
    ("question", "sentence", "holds"),
    [
        # A comparison answers "how big ... compared with", with or without a figure.
        (
            "How big is FDI into Japan compared with FDI out of it?",
            "Inflows remain a small fraction of outflows.",
            True,
        ),
        ("How large are bad loans relative to GDP?", "Bad loans are larger than in 1990.", True),
        (
            "How big is the postal system compared with all private banks?",
            "It takes in two-thirds as many deposits as the entire private banking sector.",
            True,
        ),
        # Without a comparison asked, a comparative word is no amount.
        ("How large were the losses?", "The losses were larger than expected.", False),
        # The question's own comparative is no answer.
        ("How big is FDI compared with trade?", "FDI is compared with trade below.", False),
    ],
)
def test_a_comparison_answers_how_big_compared_with(
    question: str, sentence: str, holds: bool
) -> None:
    assert holds_type(sentence, "amount", question) is holds


def test_what_the_question_says_is_matched_as_whole_words() -> None:
    # "US" is not said by "focus": the country in the sentence still counts as a place.
    assert holds_type("It moved to the US.", "place", "Where did the focus move?")
    assert not holds_type("It moved to the US.", "place", "Where in the US did it move?")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Where does resistance to liberalization come from?", None),
        ("Where did the pressure for reform originate from?", None),
        ("Where were the talks held?", "place"),
    ],
)
def test_where_something_comes_from_asks_for_an_origin_not_a_place(
    question: str, kind: str | None
) -> None:
    assert wanted_type(question) == kind


@pytest.mark.parametrize(
    ("sentence", "holds"),
    [
        ("Senior managers hold monthly meetings to review performance.", True),
        ("The board meets twice a year.", True),
        ("Reports are filed every quarter.", True),
        # No frequency and no count: the question is not answered.
        ("Senior managers hold meetings to review performance.", False),
    ],
)
def test_how_often_is_answered_by_a_frequency(sentence: str, holds: bool) -> None:
    question = "How often do senior managers review performance?"
    assert holds_type(sentence, "number", question) is holds


@pytest.mark.parametrize(
    ("sentence", "holds"),
    [
        ("Net sales only once exceeded $100 billion.", True),
        ("Net sales never exceeded $100 billion.", True),
        ("Net sales exceeded $100 billion in a bad month.", False),
    ],
)
def test_how_many_times_is_answered_by_once_twice_or_never(sentence: str, holds: bool) -> None:
    question = "How many times have net sales exceeded $100 billion?"
    assert holds_type(sentence, "number", question) is holds


def test_a_frequency_is_no_count() -> None:
    sentence = "Senior managers hold monthly meetings to review performance."
    assert not holds_type(sentence, "number", "How many managers review performance?")


@pytest.mark.parametrize(
    ("sentence", "citation"),
    [
        ("See Brown v. United States, 942 F. 3d 1069, 1075 (2019) (per curiam).", True),
        ("Id., at 470.", True),
        ("Wisconsin v. Mitchell, 508 U. S. 476, 489 (1993).", True),
        ("Mitchell, 508 U. S., at 489.", True),
        ("Cf. Hoshi and Kashyap (2001).", True),
        ("(See Posen 1998.)", True),
        # A statement that names a case states something; it is no citation sentence.
        ("In United States v. Davis, 588 U. S. 445 (2019), this Court held it vague.", False),
        # A reference standing alone: a work, its page, its edition and year.
        ("Black's Law Dictionary 1195 (3d ed. 1933).", True),
        ("Black's Law Dictionary 1195.", True),
        ("Table 2.", False),
        ("Japan grew fast in 1990 (see 1991).", False),
        ("Seeing the crisis, the banks retreated.", False),
        ("The banks retreated.", False),
    ],
)
def test_is_citation(sentence: str, citation: bool) -> None:
    assert is_citation(sentence) is citation
