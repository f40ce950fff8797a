"""Workshop "predict, then run": the student picks an outcome, then the live check reveals it."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

import ipywidgets as w

from ..results import Status
from ..scoring import check_outcome
from ._base import View

if TYPE_CHECKING:
    from ..assessment import AssessmentFile as Assessment
    from ..display import ItemResults

CHOICES = (Status.PASS, Status.FAIL, Status.NOT_APPLICABLE)


class Prediction(View):
    """`.value` is the predicted status (a Status value) or None before a choice is made."""

    def __init__(self, check_id: str, question: str = "What will the check report?") -> None:
        self.check_id = check_id
        self.prompt = w.HTML(
            f"<b>Your prediction for <code>{escape(check_id)}</code></b>: {escape(question)}"
        )
        self.choice = w.ToggleButtons(
            options=[(f"{s.icon} {s.value}", s.value) for s in CHOICES],
            value=None,
            tooltips=[
                "Everything is fine",
                "At least one resource fails",
                "Nothing of this kind exists",
            ],
        )
        self.choice.add_class("jp-Seccheck-prediction")
        self.widget = w.VBox([self.prompt, self.choice])
        self.widget.add_class("jp-Seccheck-predict")

    @property
    def value(self) -> str | None:
        return self.choice.value

    def static_html(self) -> str:
        chosen = self.value or "no prediction yet"
        return f"<p>Prediction for <code>{escape(self.check_id)}</code>: {escape(chosen)}</p>"


@dataclass
class Reveal:
    """The live result next to the prediction."""

    check_id: str
    predicted: str | None
    outcome: str
    results: ItemResults

    @property
    def correct(self) -> bool | None:
        return None if self.predicted is None else self.predicted == self.outcome

    def verdict_text(self) -> str:
        if self.outcome in ("NOT_RUN",):
            return "The check has not produced a result (it may not be automated yet)."
        if self.predicted is None:
            return f"No prediction was made. The check says {self.outcome}."
        if self.correct:
            return f"You predicted {self.predicted}, and the check says {self.outcome}. Well done!"
        return (
            f"You predicted {self.predicted}, but the check says {self.outcome}. "
            "Look at the reasons below to see why."
        )

    def _repr_html_(self) -> str:
        color = {True: "#2e7d32", False: "#c62828", None: "#455a64"}[self.correct]
        return (
            f'<div class="jp-Seccheck-reveal"><p style="color:{color};font-weight:600">'
            f"{escape(self.verdict_text())}</p>{self.results._repr_html_()}</div>"
        )

    def __str__(self) -> str:
        return f"{self.verdict_text()}\n{self.results}"


def reveal(a: Assessment, prediction: Prediction | str) -> Reveal:
    """Run the one check and compare it with the prediction."""
    check_id = prediction if isinstance(prediction, str) else prediction.check_id
    predicted = None if isinstance(prediction, str) else prediction.value
    item_id = a.checklist.item_of_check(check_id).id
    from ..display import verify

    results = verify(a, item_id, check_ids=[check_id])
    outcome = check_outcome(r for r in results.results if r.check_id == check_id)
    return Reveal(check_id, predicted, outcome, results)
