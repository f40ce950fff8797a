"""A new manual answer, checked: the status spelled as stored, N/A reasons, evidence copied.

Kept apart from `AssessmentFile` (which only stores answers) so the rules of a valid answer read
in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from . import attachments
from .checklist import Checklist
from .state import NA_REASONS, Answer, answer_status, as_date, current_user, utcnow


def new_answer(
    checklist: Checklist,
    path: Path,
    question_id: str,
    status: str,
    reason: str | None,
    notes: str,
    evidence: Iterable[Any],
    by: str | None,
    review_by: date | datetime | str | None,
) -> Answer:
    """The answer `AssessmentFile.answer` stores; a ValueError names what is wrong."""
    item, question = checklist.question(question_id)
    status = answer_status(status)
    if status == "not_applicable":
        if reason not in NA_REASONS:
            raise ValueError(f"{question_id}: N/A needs a reason, one of: {', '.join(NA_REASONS)}")
        if reason == "Other" and not notes.strip():
            raise ValueError(f"{question_id}: reason 'Other' needs an explanation in the notes")
    elif reason:
        raise ValueError(f"{question_id}: a reason only goes with not_applicable (got {status})")
    evidence = list(evidence)
    # Every evidence input is stored as a URL or a file, so any input counts; refusing before
    # anything is copied leaves no orphan file behind.
    spec = question.evidence
    if spec.on_missing == "refuse" and spec.lacks_evidence(status, notes, ["file"] * len(evidence)):
        kinds = " or ".join(k if k != "note" else "a note" for k in spec.kinds)
        raise ValueError(
            f"{question_id}: the checklist refuses a '{status}' answer without evidence; "
            f"attach {kinds} (evidence.on_missing: refuse in checklist.yaml)"
        )
    who = (by or "").strip() or current_user()
    now = utcnow()
    stored = attachments.normalise(evidence, path, question_id, who)
    due = (
        as_date(review_by)
        if review_by is not None
        else (now.date() + timedelta(days=question.review_interval_days))
    )
    answer = Answer(
        question_id=question_id,
        item_id=item.id,
        status=status,  # type: ignore[arg-type]
        reason=reason if status == "not_applicable" else None,
        notes=notes,
        evidence=stored,
        answered_by=who,
        answered_at=now,
        review_by=due,
        checklist_hash=checklist.hash,
    )
    return answer
