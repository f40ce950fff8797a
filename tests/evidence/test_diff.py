"""Diff: the classification rules on plain data, then two real runs with one fix and one break."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seccheck.cli import main
from seccheck.evidence.diff import Snapshot, diff_snapshots
from seccheck.evidence.diff_cells import diff_section_cells
from seccheck.evidence.load import load_snapshot
from seccheck.evidence.source import Answer
from seccheck.results import CheckResult, Status
from seccheck.sandbox import Sandbox


def r(check: str, resource: str, status: str, region: str = "us-east-1") -> CheckResult:
    return CheckResult(
        check,
        check[:6],
        "111122223333",
        region,
        resource,
        Status(status),
        f"{status} reason",
        "high",
        "ec2",
    )


def kinds(old: list[CheckResult], new: list[CheckResult]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for c in diff_snapshots(Snapshot(old), Snapshot(new)).changes:
        out.setdefault(c.kind, set()).add(c.resource)
    return out


def test_classification_rules() -> None:
    old = [
        r("DP-01-C01", "a", "FAIL"),
        r("DP-01-C01", "b", "PASS"),
        r("DP-01-C01", "c", "FAIL"),
        r("DP-01-C01", "d", "NOT_ASSESSABLE"),
        r("DP-01-C01", "e", "FAIL"),
        r("DP-01-C01", "f", "PASS"),
        r("DP-01-C01", "g", "WARN"),
    ]
    new = [
        r("DP-01-C01", "a", "PASS"),
        r("DP-01-C01", "b", "FAIL"),
        r("DP-01-C01", "c", "NOT_ASSESSABLE"),
        r("DP-01-C01", "d", "FAIL"),
        r("DP-01-C01", "f", "PASS"),
        r("DP-01-C01", "g", "FAIL"),
        r("DP-01-C01", "h", "FAIL"),
        r("DP-01-C01", "i", "PASS"),
    ]
    assert kinds(old, new) == {
        "resolved": {"a"},
        "regressed": {"b"},
        "changed": {"c", "g"},  # cannot see it now: never "resolved"; WARN -> FAIL
        "new": {"d", "h"},  # failing, and not seen failing or passing before
        "gone": {"e"},  # no longer reported (deleted, or out of scope)
    }


def test_answer_changes() -> None:
    a = {"Q1": Answer("Q1", "yes", notes="n"), "Q2": Answer("Q2", "no"), "Q3": Answer("Q3", "yes")}
    b = {
        "Q1": Answer("Q1", "yes", notes="n", answered_at="later"),
        "Q2": Answer("Q2", "partial"),
        "Q4": Answer("Q4", "yes"),
    }
    d = diff_snapshots(Snapshot([], a), Snapshot([], b))
    assert [(x.question_id, x.old_status, x.new_status, x.fields) for x in d.answers] == [
        ("Q2", "no", "partial", ("status",)),
        ("Q3", "yes", None, ("status",)),
        ("Q4", None, "yes", ("status",)),
    ]


def test_diff_cells_have_a_table_and_a_drawn_chart() -> None:
    d = diff_snapshots(
        Snapshot([r("DP-01-C01", "a", "FAIL")]), Snapshot([r("DP-01-C01", "a", "PASS")])
    )
    md, chart = diff_section_cells(d)
    assert (
        "resolved" in md.source
        and "<table>" in md.source
        and md.metadata["seccheck"]["counts"]["resolved"] == 1
    )
    data = chart.outputs[0]["data"]["application/vnd.plotly.v1+json"]
    assert data["data"][0]["y"][2] == 1  # kinds: new, regressed, resolved, ...


# --- two real runs -----------------------------------------------------------------------------

ITEMS = ["DP-01", "INF-01"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Run, answer; fix one thing and break another; change an answer; run again."""
    from seccheck import Assessment

    tmp = tmp_path_factory.mktemp("diff")
    mp = pytest.MonkeyPatch()
    with Sandbox("workshop") as sb:
        for key in [k for k in os.environ if k.startswith(("AWS_", "SECCHECK_"))]:
            mp.delenv(key)
        for key, value in sb.env().items():
            mp.setenv(key, value)
        mp.setenv("AWS_CONFIG_FILE", str(tmp / "none"))
        mp.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp / "none"))
        try:
            state = tmp / "assessment.json"
            a = Assessment.open(state, sandbox="workshop")
            for item in ITEMS:
                a.verify(item, progress=False)
            a.answer("DP-01-Q01", "partial", notes="classification in progress", by="alice")
            shutil.copy(state, tmp / "old.json")
            before = {x.key: x for x in a.latest_results()}

            fixed = next(
                x for x in before.values() if x.check_id == "DP-01-C01" and x.status is Status.FAIL
            )
            broken = next(
                x for x in before.values() if x.check_id == "INF-01-C06" and x.status is Status.PASS
            )
            session = sb.session()
            session.client(
                "ec2", region_name=fixed.region, endpoint_url=sb.endpoint
            ).enable_ebs_encryption_by_default()
            instance = broken.resource.rsplit("/", 1)[1]
            session.client(
                "ec2", region_name=broken.region, endpoint_url=sb.endpoint
            ).modify_instance_metadata_options(
                InstanceId=instance, HttpTokens="optional", HttpEndpoint="enabled"
            )

            for item in ITEMS:
                a.verify(item, progress=False)
            a.answer("DP-01-Q01", "yes", notes="classification done", by="alice")
            shutil.copy(state, tmp / "new.json")
            yield {"dir": tmp, "fixed": fixed, "broken": broken, "assessment": a}
        finally:
            mp.undo()


def _expect_exactly(d: Any, fixed: CheckResult, broken: CheckResult) -> None:
    assert [(c.check_id, c.region, c.resource) for c in d.resolved] == [
        (fixed.check_id, fixed.region, fixed.resource)
    ]
    assert [(c.check_id, c.region, c.resource) for c in d.regressed] == [
        (broken.check_id, broken.region, broken.resource)
    ]
    assert d.new == [] and d.of("gone") == [] and d.of("changed") == []
    assert [(x.question_id, x.old_status, x.new_status) for x in d.answers] == [
        ("DP-01-Q01", "partial", "yes")
    ]


def test_assessments_diff_lists_exactly_the_fix_the_break_and_the_answer(
    runs: dict[str, Any],
) -> None:
    d = diff_snapshots(
        load_snapshot(runs["dir"] / "old.json"), load_snapshot(runs["dir"] / "new.json")
    )
    _expect_exactly(d, runs["fixed"], runs["broken"])


def test_evidence_notebooks_diff_the_same_way(runs: dict[str, Any]) -> None:
    from seccheck.evidence import export_evidence

    old = export_evidence(
        runs["dir"] / "old.json", runs["dir"] / "old" / "evidence.ipynb", html=False
    )
    new = export_evidence(
        runs["dir"] / "new.json", runs["dir"] / "new" / "evidence.ipynb", html=False, compare=old
    )
    _expect_exactly(
        diff_snapshots(load_snapshot(old), load_snapshot(new)), runs["fixed"], runs["broken"]
    )
    # The new notebook carries its own "changes since" section (baseline: the old notebook).
    nb = json.loads(new.read_text())
    section = next(c for c in nb["cells"] if c["id"] == "diff")
    counts = section["metadata"]["seccheck"]["counts"]
    assert counts["resolved"] == 1 and counts["regressed"] == 1 and counts["answers"] == 1
    assert runs["broken"].resource in "".join(section["source"])


def test_cli_diff_json_and_exit_code(
    runs: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = str(runs["dir"] / "old.json"), str(runs["dir"] / "new.json")
    assert main(["diff", old, new, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["counts"] == {
        "new": 0,
        "regressed": 1,
        "resolved": 1,
        "gone": 0,
        "changed": 0,
        "answers": 1,
    }
    assert main(["diff", old, new, "--fail-on-new"]) == 1  # a regression fails a CI gate
    table = capsys.readouterr().out
    assert "regressed" in table and runs["broken"].check_id in table
    assert main(["diff", new, new, "--fail-on-new"]) == 0


def test_results_json_inputs(runs: dict[str, Any], tmp_path: Path) -> None:
    from seccheck.runner import RunReport

    a = runs["assessment"]
    latest = a.latest_results()
    report = RunReport("run-x", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", {}, {}, latest, {})
    (tmp_path / "a.json").write_text(json.dumps(report.to_dict()))
    flipped = [
        x if x.key != runs["broken"].key else CheckResult(**{**x.__dict__, "status": Status.PASS})
        for x in latest
    ]
    (tmp_path / "b.json").write_text(
        json.dumps({**report.to_dict(), "results": [x.to_dict() for x in flipped]})
    )
    d = diff_snapshots(load_snapshot(tmp_path / "a.json"), load_snapshot(tmp_path / "b.json"))
    assert [c.kind for c in d.changes] == ["resolved"] and d.changes[0].resource == runs[
        "broken"
    ].resource
