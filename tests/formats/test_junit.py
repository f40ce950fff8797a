from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from seccheck.checklist import Checklist
from seccheck.formats import writers
from seccheck.runner import RunReport


def test_suites_cases_and_counts(report: RunReport, checklist: Checklist, tmp_path: Path) -> None:
    writers()["junit"](report, checklist, tmp_path / "r.xml")
    root = ET.parse(tmp_path / "r.xml").getroot()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    items = list(dict.fromkeys(r.item_id for r in report.results))
    assert [s.get("id") for s in suites] == items
    cases = root.findall("testsuite/testcase")
    assert len(cases) == len(report.results) == int(root.get("tests"))
    assert int(root.get("failures")) == 1 == len(root.findall("testsuite/testcase/failure"))
    assert int(root.get("errors")) == 1 == len(root.findall("testsuite/testcase/error"))
    assert int(root.get("skipped")) == 2 == len(root.findall("testsuite/testcase/skipped"))
    for suite in suites:
        own = suite.findall("testcase")
        assert int(suite.get("tests")) == len(own)
        assert int(suite.get("failures")) == sum(1 for c in own if c.find("failure") is not None)
    by_name = {c.get("name"): c for c in cases}
    fail = by_name[
        f"{report.results[0].check_id} 111122223333 global arn:aws:iam::111122223333:root"
    ]
    assert fail.find("failure").get("message") == "no MFA"
    assert "remediation:" in fail.find("failure").text
    skipped = [c.find("skipped").get("message") for c in cases if c.find("skipped") is not None]
    assert skipped == [
        "not assessable: access denied: the scanning identity needs iam:GetAccountSummary",
        "not applicable: nothing of this kind in scope",
    ]
    warn = next(c for c in cases if c.find("system-out") is not None)
    assert warn.find("system-out").text.startswith("WARN")
    assert warn.find("failure") is None
