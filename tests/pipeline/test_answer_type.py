"""What a question asks for, and whether a sentence holds it."""

from __future__ import annotations

import pytest

from posenqa.pipeline.answer_type import holds_type, wanted_type


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
        ("Who was the governor of the Bank of Japan?", "person"),
        ("Which banks merged to form Mizuho?", "organisation"),
        ("Where did the crisis begin?", "place"),
        ("Why did regulators fail to learn from the S&L crisis?", "reason"),
        ("Did the Japanese government bail out the banks?", "yes/no"),
        # Open questions want no particular kind of answer.
        ("What does the author mean by convergence without leverage?", None),
        ("How did Japanese banks respond to deregulation?", None),
    ],
)
def test_wanted_type(question: str, kind: str | None) -> None:
    assert wanted_type(question) == kind


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
        ("Deposits moved to the Postal Savings system.", "organisation", False),
        ("Deposits moved to the MOF's accounts.", "organisation", True),
        ("Banks lent because collateral values kept rising.", "reason", True),
        ("Banks lent to real estate firms.", "reason", False),
        # Open and yes/no questions accept any sentence.
        ("Anything at all.", None, True),
        ("Anything at all.", "yes/no", True),
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
        # A bare year is no amount.
        ("The package was announced in 1998.", "amount", "How much was it?", False),
        # A date the question already gives is no answer to "when".
        ("The crisis of July 1997 spread.", "date", "When did the July 1997 crisis end?", False),
    ],
)
def test_what_the_question_says_is_no_answer(
    sentence: str, kind: str, question: str, holds: bool
) -> None:
    assert holds_type(sentence, kind, question) is holds
