"""The verdict line above the results: how many passages and how confident, or an abstention."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static


class Verdict(Static):
    """One line; class ``-abstained`` when the paper does not seem to answer."""

    def show(self, answer: Any) -> None:
        """Describe ``answer`` (a ``posenqa.answer.Answer``); f1 explains the confidence."""
        if answer.abstained:
            line = Text("Not in the paper", style="bold")
            line.append(" · nearest passages:")
        else:
            line = Text(f"{len(answer.hits)} passages", style="bold")
            line.append(f" · confidence {answer.confidence:.2f}")
        self.set_class(answer.abstained, "-abstained")
        self.update(line)


__all__ = ["Verdict"]
