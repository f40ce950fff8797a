"""Security Hub estate: hubs and findings.

Workshop: enabled in the home region with a critical finding left untriaged for 60 days (per
copy), enabled in eu-west-1 with a fresh high finding, off in ap-southeast-2. Clean: enabled
everywhere with only fresh findings.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from ..seeding import SeedContext


def _finding(
    ctx: SeedContext, region: str, ident: str, label: str, age_days: int
) -> dict[str, Any]:
    when = (datetime.now(timezone.utc) - timedelta(days=age_days)).strftime(
        "%Y-%m-%dT%H:%M:%S.000Z"
    )
    return {
        "SchemaVersion": "2018-10-08",
        "Id": ident,
        "GeneratorId": "acme-posture-scanner",
        "ProductArn": f"arn:aws:securityhub:{region}:{ctx.account}:product/{ctx.account}/default",
        "AwsAccountId": ctx.account,
        "Types": ["Software and Configuration Checks"],
        "CreatedAt": when,
        "UpdatedAt": when,
        "Severity": {"Label": label},
        "Title": f"{label.title()} exposure on an Acme workload",
        "Description": "Imported by the workshop scenario.",
        "Resources": [{"Type": "AwsAccount", "Id": f"AWS::::Account:{ctx.account}"}],
        "Workflow": {"Status": "NEW"},
        "RecordState": "ACTIVE",
    }


def seed(ctx: SeedContext) -> None:
    for index, region in enumerate(ctx.regions):
        if ctx.bad and index >= 2:
            continue
        hub = ctx.client("securityhub", region)
        hub.enable_security_hub(EnableDefaultStandards=True, Tags={"owner": "secops"})
        if ctx.bad and index == 0:
            stale = [
                _finding(ctx, region, f"acme-stale-critical-{i:03d}", "CRITICAL", 60)
                for i in range(ctx.copies)
            ]
            for start in range(0, len(stale), 100):
                hub.batch_import_findings(Findings=stale[start : start + 100])
        else:
            hub.batch_import_findings(
                Findings=[_finding(ctx, region, f"acme-fresh-high-{region}", "HIGH", 1)]
            )


def expected(profile: str) -> dict[str, set[str]]:
    bad = profile in ("workshop", "scale")
    return {
        # securityhub:GetEnabledStandards is not served by the sandbox: an enabled hub is
        # NOT_ASSESSABLE, a region without one FAILs.
        "DET-01-C06": {"NOT_ASSESSABLE", "FAIL"} if bad else {"NOT_ASSESSABLE"},
        "DET-03-C04": {"PASS", "FAIL", "NOT_APPLICABLE"} if bad else {"PASS"},
    }
