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


def test_side_panel_summary_carries_accepted_and_its_legend(tmp_path: Path) -> None:
    from datetime import date

    from seccheck.results import CheckResult, Status
    from tests.recorded_runs import record_run

    a = Assessment.open(tmp_path / "a.seccheck.json")
    a.clock = lambda: date(2026, 12, 3)
    fail = CheckResult(
        "DP-01-C02", "DP-01", "111122223333", "eu-west-1", "vol-1", Status.FAIL, "r", "high", "ec2"
    )
    record_run(a, [fail], run_id="r1")
    a.accept("DP-01-C02", resource="vol-1", reason="r", owner="o", expires="2026-12-31")
    summary = json.loads(json.dumps(a.summary()))
    items = {i["id"]: i for s in summary["sections"] for i in s["items"]}
    assert items["DP-01"]["checks"].get("ACCEPTED") == 1 and "FAIL" not in items["DP-01"]["checks"]
    assert summary["legend"]["statuses"]["ACCEPTED"]["label"] == "accepted risk"
    assert summary["legend"]["verdicts"]["met_accepted_risk"]["label"] == "met with accepted risk"
    assert "met_accepted_risk" in summary["totals"]
