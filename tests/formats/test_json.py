"""Results JSON goes through `formats.emit()`, so the final secret audit sees it too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from seccheck.aws.recorder import CallRecord
from seccheck.checklist import Checklist
from seccheck.evidence.redaction_audit import SecretLeakError
from seccheck.formats import writers
from seccheck.runner import RunReport


def _report(tags: list[dict[str, str]]) -> RunReport:
    record = CallRecord(
        id="c1", service="ec2", operation="DescribeInstances", params={}, account="1",
        region="us-east-1", caller_arn="", started_at="", duration_ms=1.0, outcome="ok",
        response={"Reservations": [{"Instances": [{"Tags": tags}]}]},
    )
    return RunReport(
        run_id="r", started_at="", ended_at="", scope={}, checklist={"name": "c"}, results=[],
        calls={"c1": record},
    )


def test_a_leak_is_refused_and_nothing_is_written(checklist: Checklist, tmp_path: Path) -> None:
    """`run --output x.json` used to bypass the audit (a record built past the redaction)."""
    target = tmp_path / "x.json"
    leaky = _report([{"Key": "db_password", "Value": "Hunter2-Prod-Tag!"}])
    with pytest.raises(SecretLeakError, match=r"Tags\[0\]\.Value"):
        writers()["json"](leaky, checklist, target)
    assert not target.exists()


def test_clean_results_are_written(checklist: Checklist, tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    writers()["json"](_report([{"Key": "Name", "Value": "web"}]), checklist, target)
    assert json.loads(target.read_text())["calls"][0]["response"]["Reservations"]
