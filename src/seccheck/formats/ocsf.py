"""OCSF: each result as a Compliance Finding (class_uid 2003, category Findings), schema 1.3.0.

Mapping (OCSF ids from the published schema, ocsf/ocsf-schema `events/findings/finding.json`,
`compliance_finding.json`, `objects/compliance.json`):

* activity_id 1 (Create), type_uid 200301; finding lifecycle status_id 1 (New).
* compliance.status_id: PASS -> 1 Pass, FAIL -> 3 Fail, NOT_ASSESSABLE -> 2 Warning (OCSF: "did
  not yield a result due to missing information"), WARN and NOT_APPLICABLE -> 99 Other,
  ERROR -> 0 Unknown; our own status is always in compliance.status_code.
* ACCEPTED (a FAIL accepted as a risk, seccheck.acceptance): compliance 3 Fail, since the control
  is still not met, and finding status_id 3 Suppressed (reviewed, no action for now; as Security
  Hub's SUPPRESSED workflow status is used for accepted risk), with who, owner, reason and
  expiry in status_detail and in unmapped.seccheck_details.acceptance.
* severity_id: informational 1, low 2, medium 3, high 4, critical 5.
* finding_info.uid is stable across runs (SHA-256 of check, account, region, resource), so a
  consumer can follow one finding over time; the run id is in metadata.correlation_uid.
* Everything without an OCSF home (item id, call ids, details) goes under `unmapped`.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._version import __version__
from ..acceptance import acceptance_note
from ..results import CheckResult, Status
from .emit import emit

if TYPE_CHECKING:
    from ..checklist import Checklist
    from ..runner import RunReport

OCSF_VERSION = "1.3.0"
CLASS_UID = 2003
CATEGORY_UID = 2
ACTIVITY_CREATE = 1
SEVERITY_ID = {"informational": 1, "low": 2, "medium": 3, "high": 4, "critical": 5}
SEVERITY_NAME = {1: "Informational", 2: "Low", 3: "Medium", 4: "High", 5: "Critical"}
COMPLIANCE_STATUS = {
    Status.PASS: (1, "Pass"),
    Status.FAIL: (3, "Fail"),
    Status.NOT_ASSESSABLE: (2, "Warning"),
    Status.WARN: (99, "Warn"),
    Status.NOT_APPLICABLE: (99, "Not Applicable"),
    Status.ERROR: (0, "Unknown"),
    Status.ACCEPTED: (3, "Fail"),
}


def epoch_ms(iso: str) -> int:
    ts = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=timezone.utc)
    return int(ts.timestamp() * 1000)


def finding_uid(r: CheckResult) -> str:
    return "seccheck-" + hashlib.sha256("\x1f".join(r.key).encode()).hexdigest()[:32]


def _resource_type(resource: str) -> str:
    # arn:partition:service:region:account:type/name -> "service:type" (else the service)
    parts = resource.split(":", 5)
    if len(parts) == 6 and parts[0] == "arn":
        kind = (
            parts[5].split("/", 1)[0].split(":", 1)[0] if "/" in parts[5] or ":" in parts[5] else ""
        )
        return f"{parts[2]}:{kind}" if kind else parts[2]
    return "aws"


def to_event(r: CheckResult, report: RunReport, checklist: Checklist) -> dict[str, Any]:
    try:
        item, check = checklist.item(r.item_id), checklist.check(r.check_id)
        title, remediation = check.title, check.remediation
        requirements = [item.id, *item.wa.best_practices]
        refs = [ref.url for ref in (*check.references, *item.references)]
    except KeyError:
        title, remediation, requirements, refs = r.check_id, "", [r.item_id], []
    severity_id = SEVERITY_ID.get(r.severity, 99)
    status_id, status = COMPLIANCE_STATUS[r.status]
    accepted = acceptance_note(r) if r.status is Status.ACCEPTED else ""
    time_ms = epoch_ms(report.ended_at or report.started_at)
    region = None if r.region == "global" else r.region
    event: dict[str, Any] = {
        "activity_id": ACTIVITY_CREATE,
        "activity_name": "Create",
        "category_uid": CATEGORY_UID,
        "category_name": "Findings",
        "class_uid": CLASS_UID,
        "class_name": "Compliance Finding",
        "type_uid": CLASS_UID * 100 + ACTIVITY_CREATE,
        "type_name": "Compliance Finding: Create",
        "severity_id": severity_id,
        "severity": SEVERITY_NAME.get(severity_id, "Other"),
        "status_id": 3 if accepted else 1,
        "status": "Suppressed" if accepted else "New",
        "time": time_ms,
        "message": r.reason,
        "metadata": {
            "version": OCSF_VERSION,
            "product": {
                "name": "seccheck",
                "vendor_name": "seccheck",
                "version": report.tool_version or __version__,
            },
            "correlation_uid": report.run_id,
            "log_name": f"{checklist.name} {checklist.version}",
        },
        "finding_info": {
            "uid": finding_uid(r),
            "title": title,
            "desc": r.reason,
            "types": ["AWS Security Checklist"],
            "created_time": time_ms,
        },
        "compliance": {
            "standards": [
                f"{checklist.name} {checklist.version}",
                f"AWS Well-Architected Security Pillar {checklist.wa_framework_version}",
            ],
            "requirements": requirements,
            "control": r.check_id,
            "status": status,
            "status_id": status_id,
            "status_code": r.status.value,
            "status_detail": f"{r.reason} ({accepted})" if accepted else r.reason,
        },
        "remediation": {"desc": remediation, "references": refs},
        "resources": [
            {
                "uid": r.resource,
                "type": _resource_type(r.resource),
                "cloud_partition": r.resource.split(":")[1]
                if r.resource.startswith("arn:")
                else "aws",
                **({"region": region} if region else {}),
            }
        ],
        "cloud": {
            "provider": "AWS",
            "account": {"uid": r.account, "type_id": 10, "type": "AWS Account"},
            **({"region": region} if region else {}),
        },
        "unmapped": {
            "seccheck_item_id": r.item_id,
            "seccheck_status": r.status.value,
            "seccheck_severity": r.severity,
            "seccheck_service": r.service,
            "seccheck_region": r.region,
            "seccheck_call_ids": list(r.call_ids),
            "seccheck_details": r.details,
        },
    }
    return event


def to_ocsf(report: RunReport, checklist: Checklist) -> str:
    events = [to_event(r, report, checklist) for r in report.results]
    return json.dumps(events, indent=1, ensure_ascii=False, default=str) + "\n"


def write_ocsf(report: RunReport, checklist: Checklist, path: Path | None) -> None:
    emit(to_ocsf(report, checklist), path, kind="ocsf")
