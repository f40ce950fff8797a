"""The side panel's summary names attestations given without the evidence they require."""

from __future__ import annotations

import json
from pathlib import Path

from seccheck.assessment import Assessment

FIXTURES = Path(__file__).parent / "fixtures"


def test_answer_without_required_evidence_is_named_in_the_summary(tmp_path: Path) -> None:
    a = Assessment.open(tmp_path / "a.seccheck.json", checklist=FIXTURES / "mini_checklist.yaml")
    item, q = next(
        (i, q) for i in a.checklist.items for q in i.manual_questions
        if "yes" in q.evidence.required_for
    )

    def unsupported() -> list[str]:
        summary = json.loads(json.dumps(a.summary()))
        items = [i for s in summary["sections"] for i in s["items"]]
        return next(i for i in items if i["id"] == item.id)["unsupported"]

    a.answer(q.id, "yes", by="alice@example.com")
    assert unsupported() == [q.id]
    a.answer(q.id, "yes", evidence=["https://wiki.example.com/runbook"], by="alice@example.com")
    assert unsupported() == []
