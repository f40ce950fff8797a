"""Unsupported attestations: Yes or Partially saved without the evidence the checklist requires.

The rule is the model's (`scoring.question_state`); this module only words it for the widgets,
so the answer form, the wizard and the side panel flag the same answers the export does.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from ..scoring import ItemStatus, question_state
from ..state import ANSWER_LABELS

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..checklist import ManualQuestion
    from ..state import Answer

UNSUPPORTED = "unsupported_answers"  # the wizard's filter: items with an unsupported answer
ICON = "⚠"
STYLE = "color:#b71c1c;font-weight:bold"


def is_unsupported(question: ManualQuestion, answer: Answer | None) -> bool:
    return question_state(question, answer, date.today()).evidence_missing


def unsupported_ids(status: ItemStatus) -> list[str]:
    """Question ids of an item answered without the evidence their answer requires."""
    return [q.question_id for q in status.questions if q.evidence_missing]


def count_unsupported(statuses: Iterable[ItemStatus]) -> int:
    return sum(len(unsupported_ids(s)) for s in statuses)


def question_flag_html(question: ManualQuestion, answer: Answer | None) -> str:
    """The flag under a saved answer that lacks its evidence ("" when the answer is supported)."""
    if answer is None or not is_unsupported(question, answer):
        return ""
    kinds = ", ".join(question.evidence.kinds)
    return (
        f'<span style="{STYLE}">{ICON} Unsupported attestation: answered '
        f"{escape(ANSWER_LABELS.get(answer.status, answer.status))} without the evidence the "
        f"checklist requires ({escape(kinds)}).</span> Attach a URL or file, or write in the "
        "notes how it is done, then Save."
    )


def item_flag_html(status: ItemStatus) -> str:
    """' · ⚠ 2 unsupported answers (Q01, Q03)' for an item header ("" when there are none)."""
    ids = unsupported_ids(status)
    if not ids:
        return ""
    word = "answer" if len(ids) == 1 else "answers"
    return (
        f' · <span style="{STYLE}" title="answered Yes/Partially without the required evidence">'
        f"{ICON} {len(ids)} unsupported {word} ({escape(', '.join(ids))})</span>"
    )
