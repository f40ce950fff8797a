"""The overview of an assessment the side panel draws: a typed, JSON-ready shape.

Built from the stored state, the checklist and the item statuses only, so the model, the server
and the TypeScript interface (`extension/src/api.ts` `IAssessmentSummary`) agree on one shape.
Every status carries its label and icon, and `legend` is the whole palette in display order: the
panel shows what it is sent and keeps no vocabulary of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypedDict

from . import palette
from .checklist import Checklist
from .scoring import ItemStatus, question_totals, totals
from .state import AssessmentState


class ChecklistInfo(TypedDict):
    name: str
    version: str
    hash: str


class ManualProgress(TypedDict):
    answered: int
    total: int


class ItemSummary(TypedDict):
    id: str
    title: str
    status: str  # a Verdict value
    label: str  # the verdict in words, with N/A reasons
    icon: str
    checks: dict[str, int]  # check outcome (Status value, NOT_RUN, NOT_IMPLEMENTED) -> count
    manual: ManualProgress
    # Questions answered Yes/Partially without the evidence the checklist requires for it.
    unsupported: list[str]


class SectionSummary(TypedDict):
    id: str
    title: str
    items: list[ItemSummary]


class QuestionTotals(TypedDict):
    total: int
    answered: int
    unanswered: int  # not answered yet, or due for review again


class AssessmentSummary(TypedDict):
    title: str
    path: str
    checklist: ChecklistInfo
    scope: dict[str, Any]
    updated_at: str
    runs: int
    totals: dict[str, int]  # Verdict value -> number of items, every verdict present
    questions: QuestionTotals  # questions, not items
    sections: list[SectionSummary]
    legend: dict[str, dict[str, dict[str, str]]]  # palette.legend()


def summarise(
    state: AssessmentState, path: Path, checklist: Checklist, statuses: Mapping[str, ItemStatus]
) -> AssessmentSummary:
    """The JSON-able overview of one assessment (`AssessmentFile.summary()`)."""

    def item(i: Any) -> ItemSummary:
        st = statuses[i.id]
        return {
            "id": i.id,
            "title": i.title,
            "status": st.status.value,
            "label": st.label,
            "icon": palette.VERDICTS[st.status.value].icon,
            "checks": st.check_counts,
            "manual": {"answered": st.answered, "total": len(i.manual_questions)},
            "unsupported": [q.question_id for q in st.questions if q.evidence_missing],
        }

    asked = question_totals(statuses.values())
    return {
        "title": state.title,
        "path": str(path),
        "checklist": {
            "name": checklist.name,
            "version": checklist.version,
            "hash": checklist.hash,
        },
        "scope": state.scope.model_dump(mode="json"),
        "updated_at": state.updated_at.isoformat().replace("+00:00", "Z"),
        "runs": len(state.runs),
        "totals": totals(statuses.values()),
        "questions": {
            "total": asked["total"],
            "answered": asked["answered"],
            "unanswered": asked["unanswered"],
        },
        "sections": [
            {
                "id": sec.id,
                "title": sec.title,
                "items": [item(i) for i in checklist.items_in(sec.id)],
            }
            for sec in checklist.sections
        ],
        "legend": palette.legend(),
    }
