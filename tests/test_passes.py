"""Assessment passes: one Run All, wizard pass or `seccheck run` is one pass, however many runs."""

from __future__ import annotations

from pathlib import Path

from seccheck import processes
from seccheck.assessment import Assessment
from seccheck.state import RunRecord, passes_of, utcnow

FIXTURES = Path(__file__).parent / "fixtures"


def _begin(a: Assessment, run_id: str, items: list[str] | None, **process: object) -> RunRecord:
    record = RunRecord(
        id=run_id,
        started_at=utcnow(),
        checklist=a.state.checklist.model_copy(),
        items=items,
        **(process or processes.this_process()),
    )
    a.begin_run(record)
    return record


def test_runs_of_one_session_form_a_pass_until_an_item_is_verified_again(tmp_path: Path) -> None:
    path = tmp_path / "a.seccheck.json"
    a = Assessment.open(path, checklist=FIXTURES / "mini_checklist.yaml")
    # A Run All of the notebook: one verification per item, in one kernel.
    for n, item in enumerate(["IAM-01", "IAM-02", "DP-01"]):
        _begin(a, f"run-{n}", [item])
    # The same item again: a second pass begins.
    _begin(a, "run-3", ["IAM-01"])
    _begin(a, "run-4", ["IAM-02"])
    # Another process (a `seccheck run`, another kernel) never joins this pass.
    _begin(a, "run-5", ["DP-01"], pid=1, host="elsewhere", process_started=1.0)
    # A whole-checklist verification is a pass of its own.
    _begin(a, "run-6", None)
    _begin(a, "run-7", ["IAM-01"])

    stored = Assessment.load(path)
    grouped = passes_of(stored.runs)
    assert {k: [r.id for r in v] for k, v in grouped.items()} == {
        "run-0": ["run-0", "run-1", "run-2"],
        "run-3": ["run-3", "run-4"],
        "run-5": ["run-5"],
        "run-6": ["run-6"],
        "run-7": ["run-7"],
    }
    started = [e for e in stored.state.history if e.kind == "run_started"]
    assert [e.data["pass"] for e in started][:3] == ["run-0"] * 3
