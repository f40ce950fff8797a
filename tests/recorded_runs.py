"""A finished scan recorded in an assessment, for the tests that start from one."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from seccheck.results import CheckResult
from seccheck.state import ChecklistRef, RunRecord

DAY = datetime(2026, 12, 1, tzinfo=timezone.utc)


def record_run(
    assessment: Any,
    results: list[CheckResult],
    *,
    run_id: str = "run1",
    at: datetime = DAY,
    **fields: Any,
) -> RunRecord:
    """Begin and end a completed run of `results` (an `Assessment` or an `AssessmentFile`)."""
    run = RunRecord(
        id=run_id,
        started_at=at,
        ended_at=at,
        status="completed",
        checklist=ChecklistRef(name="c", version="1", hash="h"),
        results=results,
        **fields,
    )
    assessment.begin_run(run)
    assessment.end_run(run)
    return run
