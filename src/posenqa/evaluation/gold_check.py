"""Check a gold file against the paper before scoring: evidence that is in no passage and
note numbers the paper does not have can never be hit, and would be scored as misses.
Pure: questions and the paper's passages in, one message per problem out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from posenqa.errors import GoldError
from posenqa.evaluation.gold import GoldQuestion
from posenqa.evaluation.matching import normalize, result_notes

#: How many problems the error lists before summarising the rest.
_SHOWN = 8
_QUOTED = 60


def gold_problems(
    questions: Iterable[GoldQuestion], passages: Sequence[Mapping[str, Any]]
) -> list[str]:
    """One message per evidence string in no passage and per note number the paper lacks.

    ``passages`` are the paper's passages as dicts (``text``, and ``kind``/``number``/
    ``notes`` for the notes they are or cite), as results are matched.
    """
    haystacks = [normalize(str(p.get("text") or "")) for p in passages]
    notes: set[int] = set()
    for p in passages:
        notes |= result_notes(p)
    problems: list[str] = []
    for q in questions:
        for evidence in q.evidence:
            needle = normalize(evidence)
            if not any(needle in h for h in haystacks):
                problems.append(
                    f"line {q.line} ({q.id}): evidence not in the paper: {_quote(evidence)}"
                )
        problems += [
            f"line {q.line} ({q.id}): note {n} is not in the paper"
            for n in q.footnotes
            if n not in notes
        ]
    return problems


def check_gold(
    source: str, questions: Iterable[GoldQuestion], passages: Sequence[Mapping[str, Any]]
) -> None:
    """Raise GoldError listing the gold lines that cannot match the paper."""
    problems = gold_problems(questions, passages)
    if problems:
        shown = "; ".join(problems[:_SHOWN])
        more = f"; and {len(problems) - _SHOWN} more" if len(problems) > _SHOWN else ""
        raise GoldError(
            f"{source}: {len(problems)} gold entr{'y' if len(problems) == 1 else 'ies'} "
            f"cannot match the paper (scored, they would be silent misses): {shown}{more}"
        )


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f'"{text[:_QUOTED]}…"' if len(text) > _QUOTED else f'"{text}"'


__all__ = ["check_gold", "gold_problems"]
