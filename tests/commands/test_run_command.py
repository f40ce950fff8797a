"""`seccheck run` against the sandbox: scope options, the results file, exit codes for CI."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from seccheck.cli import main
from tests.conftest import use_sandbox

SCHEMA = Path(__file__).resolve().parents[2] / "src/seccheck/schemas/results.schema.json"


def test_run_writes_schema_valid_results_for_the_chosen_scope(workshop, monkeypatch, tmp_path):
    use_sandbox(monkeypatch, workshop)
    out = tmp_path / "results.json"
    code = main(
        [
            "run",
            "--items",
            "IAM-01,DET-01",
            "--regions",
            "eu-west-1",
            "--quiet",
            "--output",
            str(out),
        ]
    )
    assert code == 0
    data = json.loads(out.read_text())
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    assert data["run"]["regions"] == ["eu-west-1"]
    assert data["run"]["accounts"] == [workshop.account]
    assert {r["item_id"] for r in data["results"]} == {"IAM-01", "DET-01"}
    # Regional checks ran in eu-west-1 only; account-wide checks judge resources wherever they
    # live (a trail's home region), and their results carry that region, taken from the ARN.
    from seccheck.checklist import load_checklist

    scope = {c.id: c.scope for c in load_checklist().checks}
    for r in data["results"]:
        if r["region"] in ("global", "eu-west-1"):
            continue
        assert scope[r["check_id"]] == "global", r
        assert r["resource"].split(":")[3] == r["region"], r
    assert any(r["region"] == "eu-west-1" for r in data["results"])
    calls = {c["id"] for c in data["calls"]}
    assert all(set(r["call_ids"]) <= calls for r in data["results"])
    assert sum(data["run"]["counts"].values()) == len(data["results"])


def test_fail_on_sets_the_exit_code(workshop, monkeypatch, tmp_path, capsys):
    use_sandbox(monkeypatch, workshop)
    # The workshop's management account has no root MFA: a critical failure.
    assert main(["run", "--checks", "IAM-01-C01", "--quiet", "--fail-on", "critical"]) == 1
    assert "failing result(s) at or above critical" in capsys.readouterr().err
    # A check that passes in the workshop's home region only fails nothing at critical.
    assert main(["run", "--checks", "IAM-01-C05", "--quiet", "--fail-on", "critical"]) == 0


def test_unknown_item_is_a_clear_error(workshop, monkeypatch, capsys):
    use_sandbox(monkeypatch, workshop)
    assert main(["run", "--items", "NOPE-01", "--quiet"]) == 2
    assert "NOPE-01" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["local:0", "local:x", "nowhere"])
def test_bad_dask_addresses_stop_before_any_work(value, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["run", "--dask", value])
    assert exc.value.code == 2
    assert "--dask" in capsys.readouterr().err


def test_accepted_finding_is_reported_accepted_in_verify_run_and_results(
    workshop, monkeypatch, tmp_path, capsys
):
    """Against the sandbox: verify, accept the FAIL, verify again (a later pass), then run."""
    from datetime import date, timedelta

    from seccheck.notebook import Assessment

    use_sandbox(monkeypatch, workshop)
    a = Assessment.open(tmp_path / "a.seccheck.json", sandbox="workshop")
    first = a.verify(check_ids=["IAM-01-C01"], progress=False)
    (fail,) = [r for r in first.results if r.status.value == "FAIL"]  # no root MFA
    until = (date.today() + timedelta(days=60)).isoformat()
    argv = ["accept", str(a.path), "IAM-01-C01", "--resource", fail.resource]
    assert (
        main(
            [*argv, "--reason", "root locked in a safe", "--owner", "secops"] + ["--expires", until]
        )
        == 0
    )
    a.reload()
    again = a.verify(check_ids=["IAM-01-C01"], progress=False)  # a new FAIL, a later pass
    (shown,) = [r for r in again.results if r.resource == fail.resource]
    assert shown.status.value == "ACCEPTED"
    html = again._repr_html_()
    assert "ACCEPTED" in html and "root locked in a safe" in html and "secops" in html
    stored = {r.resource: r for r in Assessment.load(a.path).runs[-1].results}
    assert stored[fail.resource].status.value == "FAIL"  # the run itself keeps what it saw

    capsys.readouterr()
    out = tmp_path / "results.json"
    run = ["run", "--checks", "IAM-01-C01", "--acceptances", str(a.path), "--fail-on", "critical"]
    assert main([*run, "--output", str(out)]) == 0  # the accepted FAIL no longer trips CI
    assert "ACCEPTED" in capsys.readouterr().err  # the summary table's legend and column
    data = json.loads(out.read_text())
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    (r,) = [r for r in data["results"] if r["resource"] == fail.resource]
    assert r["status"] == "ACCEPTED" and r["details"]["acceptance"]["owner"] == "secops"
    assert data["run"]["counts"]["ACCEPTED"] >= 1
    assert main(["run", "--checks", "IAM-01-C01", "--quiet", "--fail-on", "critical"]) == 1
