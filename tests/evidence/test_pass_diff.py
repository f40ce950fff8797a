"""`seccheck diff` over passes of one assessment file, and accepted risks added/expired/removed.

The file is built through the model's own save path with fixed dates, so "expired between two
passes" is a fact of the data, not of the day the test runs.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from seccheck.acceptance import Acceptance
from seccheck.assessment import AssessmentFile
from seccheck.cli import main
from seccheck.evidence.diff import Snapshot, acceptance_changes, diff_snapshots
from seccheck.evidence.pass_diff import PassError, pick_passes
from seccheck.results import CheckResult, Status
from tests.recorded_runs import record_run

ACCOUNT = "111122223333"


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 12, tzinfo=timezone.utc)


def _r(resource: str, status: Status = Status.FAIL) -> CheckResult:
    return CheckResult(
        "DP-01-C02", "DP-01", ACCOUNT, "eu-west-1", resource, status, "unencrypted", "high", "ec2"
    )


def _pass(a: AssessmentFile, run_id: str, when: datetime, results: list[CheckResult]) -> None:
    record_run(a, results, run_id=run_id, at=when, updated_at=when)


def _accept(a: AssessmentFile, key: str, resource: str, when: datetime, **kw: object) -> None:
    made = Acceptance(
        id=key,
        check_id="DP-01-C02",
        account=ACCOUNT,
        region="eu-west-1",
        resource=resource,
        reason=f"reason {key}",
        owner=f"owner {key}",
        accepted_by="alice",
        accepted_at=when,
        updated_at=kw.get("revoked_at", when),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )
    a.change("acceptance", key, {}, lambda state: state.acceptances.__setitem__(key, made))


@pytest.fixture
def three_passes(tmp_path: Path) -> Path:
    a = AssessmentFile.open(tmp_path / "a.seccheck.json")
    fails = [_r("vol-1"), _r("vol-2"), _r("vol-3")]
    _pass(a, "run-nov01", at(11, 1), fails)
    _accept(a, "a1", "vol-1", at(11, 2), expires=date(2026, 11, 20))
    _accept(a, "a2", "vol-2", at(11, 2), expires=date(2027, 6, 1), revoked_at=at(11, 25))
    _accept(a, "a3", "vol-3", at(11, 26), expires=date(2027, 6, 1))
    _pass(a, "run-nov10", at(11, 10), fails)
    _pass(a, "run-nov30", at(11, 30), fails)
    return a.path


def test_pure_rules_for_accepted_risks() -> None:
    def shown(key: str, state: str, **kw: str) -> dict[str, str]:
        return {"id": key, "check_id": "C", "state": state, "owner": "o", **kw}

    old = [shown("a", "active"), shown("b", "active"), shown("c", "expired"), shown("d", "active")]
    new = [shown("a", "expired"), shown("c", "active"), shown("d", "active", owner="p")]
    got = {c.id: c.kind for c in acceptance_changes(old, new)}
    assert got == {"a": "expired", "b": "removed", "c": "added", "d": "changed"}


def test_passes_compare_with_acceptances_as_they_stood_then(three_passes: Path) -> None:
    old, new = pick_passes(three_passes, None, None)  # the last two
    assert (old.label[:6], new.label[:6]) == ("pass 2", "pass 3")
    statuses = {r.resource: r.status for r in old.results}
    assert statuses == {"vol-1": Status.ACCEPTED, "vol-2": Status.ACCEPTED, "vol-3": Status.FAIL}
    assert {r.resource: r.status for r in new.results} == {
        "vol-1": Status.FAIL,  # its acceptance expired on 20 November
        "vol-2": Status.FAIL,  # revoked on 25 November
        "vol-3": Status.ACCEPTED,
    }
    d = diff_snapshots(old, new)
    assert {a.id: a.kind for a in d.acceptances} == {
        "a1": "expired",
        "a2": "removed",
        "a3": "added",
    }
    assert {c.resource: c.kind for c in d.changes} == {
        "vol-1": "changed",
        "vol-2": "changed",
        "vol-3": "changed",
    }  # an accepted finding is still a finding: never "resolved", never "new"
    first = diff_snapshots(*pick_passes(three_passes, "1", "2"))
    assert {a.id: a.kind for a in first.acceptances} == {"a1": "added", "a2": "added"}


def test_cli_compares_the_last_two_passes_by_default(three_passes: Path, capsys) -> None:
    assert main(["diff", str(three_passes), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["old"].startswith("pass 2") and data["new"].startswith("pass 3")
    assert {a["id"]: a["kind"] for a in data["acceptances"]} == {
        "a1": "expired",
        "a2": "removed",
        "a3": "added",
    }
    assert data["counts"]["acceptances expired"] == 1
    assert main(["diff", str(three_passes), "--from-pass", "run-nov01", "--to-pass", "-1"]) == 0
    table = capsys.readouterr().out
    assert "Accepted risks that changed" in table and "added" in table and "owner a3" in table
    assert main(["diff", str(three_passes), "--list-passes", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(p["number"], p["id"]) for p in listed] == [
        (1, "run-nov01"),
        (2, "run-nov10"),
        (3, "run-nov30"),
    ]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--from-pass", "5"], "has 3 passes (1 to 3"),
        (["--to-pass", "-4"], "there is no pass -4"),
        (["--from-pass", "run-nope"], "no pass 'run-nope'"),
        (["--from-pass", "2", "--to-pass", "-2"], "the same pass"),
    ],
)
def test_cli_refuses_passes_that_are_not_there(three_passes: Path, capsys, argv, words) -> None:
    assert main(["diff", str(three_passes), *argv]) == 2
    assert words in capsys.readouterr().err


def test_cli_argument_forms_are_checked(three_passes: Path, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["diff", str(three_passes), "--from-pass", "0"])
    assert done.value.code == 2 and "numbered from 1" in capsys.readouterr().err
    assert main(["diff", str(three_passes), str(three_passes), "--from-pass", "1"]) == 2
    assert "give one file, not two" in capsys.readouterr().err
    single = AssessmentFile.open(tmp_path / "one.seccheck.json")
    _pass(single, "only", at(11, 1), [_r("vol-1")])
    assert main(["diff", str(single.path)]) == 2
    assert "has 1 assessment pass: nothing to compare" in capsys.readouterr().err
    results = tmp_path / "r.json"
    results.write_text(json.dumps({"schema": "seccheck.results/v1", "run": {}, "results": []}))
    with pytest.raises(PassError, match="holds one pass"):
        pick_passes(results, None, None)


def test_two_whole_files_compare_as_they_stood_when_saved(three_passes: Path, tmp_path) -> None:
    from seccheck.evidence.load import load_snapshot

    new = load_snapshot(three_passes)
    old = Snapshot(new.results, {}, "before", [])
    d = diff_snapshots(old, new)
    assert [a.id for a in d.acceptances if a.kind == "added"] == ["a3"]
