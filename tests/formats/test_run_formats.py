"""`seccheck run --output` picks the registered writers by suffix against the shared sandbox."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from seccheck.cli import main
from seccheck.sandbox import Sandbox
from tests.conftest import use_sandbox


def test_run_writes_csv_ocsf_and_junit(
    workshop: Sandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    use_sandbox(monkeypatch, workshop)
    outputs = {
        "csv": tmp_path / "r.csv",
        "ocsf": tmp_path / "r.ocsf.json",
        "junit": tmp_path / "r.xml",
    }
    for path in outputs.values():
        assert main(["run", "--items", "IAM-01", "--quiet", "--output", str(path)]) == 0
    rows = list(csv.DictReader(outputs["csv"].open(encoding="utf-8")))
    events = json.loads(outputs["ocsf"].read_text())
    cases = ET.parse(outputs["junit"]).getroot().findall("testsuite/testcase")
    assert len(rows) == len(events) == len(cases) > 0
    assert {r["item_id"] for r in rows} == {"IAM-01"}
    root_mfa = next(r for r in rows if r["check_id"] == "IAM-01-C01")
    assert root_mfa["status"] == "FAIL"  # the workshop's root user has no MFA


def test_writers_never_write_through_a_planted_temporary_symlink(tmp_path):
    from seccheck.formats import emit

    victim = tmp_path / "victim.txt"
    victim.write_text("untouched")
    out = tmp_path / "results.csv"
    (tmp_path / "results.csv.tmp").symlink_to(victim)
    emit("check_id,status\nX,PASS\n", out, kind="csv")
    assert out.read_text() == "check_id,status\nX,PASS\n"
    assert victim.read_text() == "untouched"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "results.csv",
        "results.csv.tmp",
        "victim.txt",
    ]
