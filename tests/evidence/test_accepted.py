"""An accepted risk in the exported evidence: ACCEPTED with who, why, owner and expiry in the
notebook, the HTML report, the sidecar and the CSV/OCSF bytes; kept out of the improvement plan
but listed; and the signed export still verifies."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from test_signing import write_key

from seccheck.assessment import AssessmentFile
from seccheck.cli import main
from seccheck.evidence.load import load_source
from seccheck.evidence.report import improvement_plan
from seccheck.evidence.sidecar import load_results
from seccheck.runner import RunReport
from tests.recorded_runs import record_run

OWNER = "Data Platform Team"
REASON = "Legacy archive <b>frozen</b> until the Q2 migration"


@pytest.fixture(scope="module")
def exported(
    workshop_report: RunReport, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("accepted")
    a = AssessmentFile.open(tmp / "a.seccheck.json")
    record_run(a, list(workshop_report.results))
    fails = Counter(r.check_id for r in a.latest_results() if r.status.value == "FAIL")
    chosen = next(
        r
        for r in a.latest_results()
        if r.status.value == "FAIL" and fails[r.check_id] == 1 and "<" not in r.resource
    )
    before = tmp / "before.seccheck.json"  # the baseline the export compares with
    before.write_bytes(a.path.read_bytes())
    until = (date.today() + timedelta(days=90)).isoformat()
    argv = ["accept", str(a.path), chosen.check_id, "--resource", chosen.resource]
    assert main([*argv, "--reason", REASON, "--owner", OWNER, "--expires", until]) == 0
    private, public = write_key(tmp, "auditee", "auditee@example.com")
    out = tmp / "out" / "evidence.ipynb"
    out.parent.mkdir()
    extra = ["--csv", str(tmp / "r.csv"), "--ocsf", str(tmp / "r.ocsf.json")]
    extra += ["--compare", str(before)]
    assert (
        main(["export", str(a.path), "--out", str(out), "--pdf", "--sign", str(private), *extra])
        == 0
    )
    return {"a": a, "out": out, "public": public, "chosen": chosen, "until": until, "tmp": tmp}


def test_report_and_notebook_show_accepted_with_who_why_owner_until(exported):
    out: Path = exported["out"]
    html = (out.parent / "evidence.html").read_text()
    notebook = out.read_text()
    chosen = exported["chosen"]
    for text in (html, notebook):
        assert "Accepted risks" in text and "ACCEPTED" in text
        assert OWNER in text and exported["until"] in text and chosen.resource in text
        assert "Legacy archive &lt;b&gt;frozen&lt;/b&gt;" in text  # escaped, never markup
        assert "<b>frozen</b>" not in text
    accepted_rows = html.split('id="accepted"', 1)[1].split("</table>", 1)[0]
    assert chosen.check_id in accepted_rows and "acceptance-active" in accepted_rows
    stored = [r for r in load_results(out.parent / "evidence.sidecar.json") if r.key == chosen.key]
    assert [r.status.value for r in stored] == ["ACCEPTED"]
    assert stored[0].details["acceptance"]["owner"] == OWNER


def test_pdf_shows_the_accepted_risk_with_owner_and_expiry(exported):
    from pypdf import PdfReader

    reader = PdfReader(exported["out"].with_suffix(".pdf"))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Accepted risks" in text and "ACCEPTED" in text
    for shown in (OWNER, exported["until"], exported["chosen"].check_id):
        assert shown in text, shown


def test_accepted_check_is_out_of_the_plan_but_expiry_puts_it_back(exported):
    a: AssessmentFile = exported["a"]
    chosen = exported["chosen"]
    src = load_source(a.path)
    assert chosen.check_id not in {p["check_id"] for p in improvement_plan(src)}
    later = AssessmentFile.load(a.path)
    later.clock = lambda: date.fromisoformat(exported["until"]) + timedelta(days=1)
    from seccheck.evidence.load import from_assessment

    expired = from_assessment(later)
    assert chosen.check_id in {p["check_id"] for p in improvement_plan(expired)}
    (row,) = [
        r
        for r in expired.results
        if r.resource == chosen.resource and r.check_id == chosen.check_id
    ]
    assert row.status.value == "FAIL" and row.details["acceptance"]["state"] == "expired"


def test_csv_and_ocsf_carry_the_acceptance(exported):
    chosen = exported["chosen"]
    rows = list(csv.DictReader(io.StringIO((exported["tmp"] / "r.csv").read_text())))
    (row,) = [
        r for r in rows if r["resource"] == chosen.resource and r["check_id"] == chosen.check_id
    ]
    assert (
        row["status"] == "ACCEPTED" and OWNER in row["acceptance"] and "frozen" in row["acceptance"]
    )
    events = json.loads((exported["tmp"] / "r.ocsf.json").read_text())
    (event,) = [
        e
        for e in events
        if e["resources"][0]["uid"] == chosen.resource
        and e["compliance"]["control"] == chosen.check_id
    ]
    assert event["compliance"]["status_code"] == "ACCEPTED"
    assert event["compliance"]["status_id"] == 3  # the control is still not met
    assert (event["status_id"], event["status"]) == (3, "Suppressed")
    assert OWNER in event["compliance"]["status_detail"]


def test_signed_export_with_acceptances_verifies(exported, capsys):
    code = main(["verify", str(exported["out"]), "--signer", str(exported["public"])])
    assert code == 0, capsys.readouterr().out


def test_changes_since_the_baseline_list_the_acceptance_added(exported):
    out: Path = exported["out"]
    notebook = out.read_text()
    changes = notebook.split("Accepted risks that changed", 1)[1].split("</table>", 1)[0]
    assert "added" in changes and exported["chosen"].check_id in changes and OWNER in changes
    html = (out.parent / "evidence.html").read_text()
    assert "accepted risk</th>" in html and "Data Platform Team" in html
