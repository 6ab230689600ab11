"""The verdict line above the results: how many passages and the best one's chance of
answering, or an abstention."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from posenqa.pipeline.judge import notice
from posenqa.textsafe import terminal_safe
from posenqa.tui.render import chance_label


class Verdict(Static):
    """One line; class ``-abstained`` when the paper does not seem to answer."""

    def show(self, answer: Any) -> None:
        """Describe ``answer`` (a ``posenqa.answer.Answer``).

        One number per screen: the chance that a passage answers, beside each
        result and here for the best one. The judge's confidence is a different
        estimate (whether the paper answers at all) and is shown only where it
        decides, in an abstention with its threshold (f1 explains both).
        """
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
            best = getattr(answer.hits[0], "relevance", None) if answer.hits else None
            if best is not None:  # short: the left pane is narrow (f1 says what it means)
                line.append(f" · best: {chance_label(best)} likely to answer")
        self.set_class(answer.abstained, "-abstained")
        self.update(line)


__all__ = ["Verdict"]
