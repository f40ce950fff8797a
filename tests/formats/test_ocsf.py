"""OCSF Compliance Finding, checked against the schema's required attributes.

Required attributes written down from the OCSF schema sources (github.com/ocsf/ocsf-schema, 1.x):
`events/base_event.json` (activity_id, category_uid, class_uid, metadata, severity_id, time,
type_uid), `events/findings/finding.json` (finding_info), `events/findings/compliance_finding.json`
(compliance), `objects/metadata.json` (product, version), `objects/product.json` (name),
`objects/finding_info.json` (title, uid), `objects/compliance.json` (standards),
`objects/cloud.json` (provider, when the cloud profile is applied).
"""

from __future__ import annotations

import json
from pathlib import Path

from seccheck.checklist import Checklist
from seccheck.formats import writers
from seccheck.formats.ocsf import finding_uid
from seccheck.runner import RunReport

REQUIRED = {
    "": [
        "activity_id",
        "category_uid",
        "class_uid",
        "metadata",
        "severity_id",
        "time",
        "type_uid",
        "finding_info",
        "compliance",
    ],
    "metadata": ["product", "version"],
    "metadata.product": ["name"],
    "finding_info": ["title", "uid"],
    "compliance": ["standards"],
    "cloud": ["provider"],
}
STATUS_IDS = {
    "PASS": 1,
    "FAIL": 3,
    "NOT_ASSESSABLE": 2,
    "WARN": 99,
    "NOT_APPLICABLE": 99,
    "ERROR": 0,
}


def _at(event: dict, path: str) -> dict:
    for part in filter(None, path.split(".")):
        event = event[part]
    return event


def test_events_have_the_required_fields_and_ids(
    report: RunReport, checklist: Checklist, tmp_path: Path
) -> None:
    writers()["ocsf"](report, checklist, tmp_path / "r.ocsf.json")
    events = json.loads((tmp_path / "r.ocsf.json").read_text())
    assert len(events) == len(report.results)
    for event, result in zip(events, report.results, strict=True):
        for path, fields in REQUIRED.items():
            missing = [f for f in fields if _at(event, path).get(f) in (None, "", [])]
            assert not missing, (path, missing)
        assert (event["class_uid"], event["category_uid"], event["activity_id"]) == (2003, 2, 1)
        assert event["type_uid"] == 200301
        assert (
            event["severity_id"]
            == {"critical": 5, "high": 4, "medium": 3, "low": 2, "informational": 1}[
                result.severity
            ]
        )
        assert isinstance(event["time"], int) and event["time"] == 1767225720000
        assert event["compliance"]["status_id"] == STATUS_IDS[result.status.value]
        assert event["compliance"]["status_code"] == result.status.value
        assert event["compliance"]["control"] == result.check_id
        assert result.item_id in event["compliance"]["requirements"]
        assert event["finding_info"]["uid"] == finding_uid(result)
        assert event["finding_info"]["title"] == checklist.check(result.check_id).title
        assert event["cloud"] == {
            "provider": "AWS",
            "account": {"uid": result.account, "type_id": 10, "type": "AWS Account"},
            **({"region": result.region} if result.region != "global" else {}),
        }
        assert event["resources"][0]["uid"] == result.resource
        assert event["unmapped"]["seccheck_call_ids"] == ["c000001"]
        assert event["metadata"]["version"].startswith("1.")


def test_finding_uid_is_stable_and_distinct(report: RunReport) -> None:
    uids = [finding_uid(r) for r in report.results]
    assert len(set(uids)) == len(uids)
    assert uids == [finding_uid(r) for r in report.results]
