"""The verdict line above the results: how many passages and how confident, or an abstention."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from posenqa.pipeline.judge import notice
from posenqa.textsafe import terminal_safe


class Verdict(Static):
    """One line; class ``-abstained`` when the paper does not seem to answer."""

    def show(self, answer: Any) -> None:
        """Describe ``answer`` (a ``posenqa.answer.Answer``); f1 explains the confidence."""
        if answer.abstained:
            # Worded as every abstention is (the CLI's too), with the threshold
            # the answer was judged by and the judge's reasons; it may wrap.
            lead = "Not in the paper"
            threshold = getattr(answer, "threshold", 0.0)
            said = notice(lead, answer.confidence, threshold, getattr(answer, "reasons", ()))
            line = Text(terminal_safe(said) + " · nearest passages:")
            line.stylize("bold", 0, len(lead))
        else:
            line = Text(f"{len(answer.hits)} passages", style="bold")
            line.append(f" · confidence {answer.confidence:.2f}")
        self.set_class(answer.abstained, "-abstained")
        self.update(line)


__all__ = ["Verdict"]
