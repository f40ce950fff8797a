"""Helpers shared by the infrastructure check tests (ec2, network, elb, cloudfront, wafv2, shield,
apigateway, route53resolver, fms, ssm, inspector, ecr, acm)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from seccheck.checks.registry import Context
from seccheck.results import CheckResult, Finding, Status, Unreadable
from seccheck.runner import RunReport
from seccheck.sandbox import Sandbox
from seccheck.sandbox.scenarios import get_scenario
from tests.conftest import results_for, statuses

ACCOUNT = "111122223333"  # the account tests/stubbing.py scans
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
CTX = Context(ACCOUNT, "us-east-1", now=NOW)
DENIED = Unreadable(Status.NOT_ASSESSABLE, "access denied: the scanning identity needs x:Read")


def kinds(findings: Iterable[Finding]) -> list[str]:
    """Statuses in order, e.g. ["PASS", "FAIL"]."""
    return [f.status.value for f in findings]


def by_name(report: RunReport, check_id: str, name: str) -> list[CheckResult]:
    """Results of a check for the resource called `name` (Name tag in details, or in the ARN)."""
    in_arn = re.compile(rf"[/:]{re.escape(name)}(/|$)")
    return [r for r in results_for(report, check_id)
            if r.details.get("name") == name or in_arn.search(r.resource)]


def verdicts(report: RunReport, check_id: str, name: str) -> set[str]:
    """Statuses of every copy of a named resource (there must be at least one)."""
    found = by_name(report, check_id, name)
    assert found, f"{check_id}: no result for {name}"
    return statuses(found)


def linked_operations(report: RunReport, result: CheckResult) -> list[tuple[str, str | None]]:
    """(operation, resource tag) of every call a result points at."""
    return sorted((report.calls[c].operation, report.calls[c].resource) for c in result.call_ids)


def assert_expected(report: RunReport, scenario: str, check_ids: Iterable[str]) -> None:
    """The lead's comparison: a full run reports exactly the statuses the estate declares."""
    expected = get_scenario(scenario).expected()
    for check_id in check_ids:
        assert statuses(results_for(report, check_id)) == expected[check_id], check_id


def vpc_id(sandbox: Sandbox, region: str, name: str) -> str:
    """Look a VPC up by Name tag in a running sandbox (for resources named only by id)."""
    ec2 = sandbox.session().client("ec2", region_name=region, endpoint_url=sandbox.endpoint)
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [name]}])["Vpcs"]
    assert len(vpcs) == 1, vpcs
    return str(vpcs[0]["VpcId"])


def default_vpc_id(sandbox: Sandbox, region: str) -> str:
    ec2 = sandbox.session().client("ec2", region_name=region, endpoint_url=sandbox.endpoint)
    return str(ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0][
        "VpcId"])


def tags(name: str) -> list[dict[str, Any]]:
    return [{"Key": "Name", "Value": name}]
