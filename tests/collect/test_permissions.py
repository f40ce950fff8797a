"""The permissions we document are the permissions we use (issue 10, item 7)."""

from __future__ import annotations

import json

import pytest

from seccheck.aws.errors import ApiError
from seccheck.collect.permissions import action_for, policy_text
from tests.conftest import REPO
from tests.stubbing import client_error, stubbed_api

POLICY = REPO / "docs" / "iam-policy.json"


def _granted() -> set[str]:
    document = json.loads(POLICY.read_text(encoding="utf-8"))
    return {a for s in document["Statement"] if s["Effect"] == "Allow" for a in s["Action"]}


def test_the_committed_policy_is_generated_from_the_declared_operations():
    assert POLICY.read_text(encoding="utf-8") == policy_text(), (
        "docs/iam-policy.json is out of date: run "
        "`python -m seccheck.collect.permissions > docs/iam-policy.json`"
    )


def _ungranted(report) -> list[str]:
    granted = _granted()
    return sorted({action_for(c.service, c.operation) for c in report.calls.values()} - granted)


def test_every_call_of_the_workshop_run_is_granted(workshop_report):
    assert len(workshop_report.calls) > 100
    assert _ungranted(workshop_report) == []


def test_every_call_of_the_organization_run_is_granted(workshop_org_report):
    assert {c.operation for c in workshop_org_report.calls.values()} >= {"AssumeRole"}
    assert _ungranted(workshop_org_report) == []


@pytest.mark.parametrize(
    ("service", "operation", "action"),
    [
        ("cloudwatch", "DescribeAlarms", "cloudwatch:DescribeAlarms"),
        ("s3", "ListBuckets", "s3:ListAllMyBuckets"),
        ("elbv2", "DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancers"),
        ("accessanalyzer", "ListAnalyzers", "access-analyzer:ListAnalyzers"),
        ("apigateway", "GetRestApis", "apigateway:GET"),
    ],
)
def test_actions_are_iam_actions_not_signing_names(service, operation, action):
    assert action_for(service, operation) == action


@pytest.mark.stubbed
def test_stubbed_denied_reason_names_the_iam_action():
    with stubbed_api() as stubs:
        stubs.stub("cloudwatch").add_client_error(
            "describe_alarms", **client_error("AccessDenied", http_status=403)
        )
        with pytest.raises(ApiError) as caught:
            stubs.api.paginate("cloudwatch", "describe_alarms", "MetricAlarms")
    assert "cloudwatch:DescribeAlarms" in caught.value.reason
    assert "monitoring:" not in caught.value.reason


@pytest.mark.parametrize("partition", ["aws-cn", "aws-us-gov"])
def test_policy_for_another_partition_names_its_api_gateway_arns(partition):
    """The committed policy is for aws; other partitions get their own ARNs, same actions."""
    import json

    from seccheck.collect.permissions import policy_document

    other, committed = policy_document(partition), json.loads(POLICY.read_text(encoding="utf-8"))
    [gateway] = [s for s in other["Statement"] if s["Action"] == ["apigateway:GET"]]
    assert gateway["Resource"] and all(
        r.startswith(f"arn:{partition}:apigateway:*::/restapis") for r in gateway["Resource"])
    assert [s["Action"] for s in other["Statement"]] == [
        s["Action"] for s in committed["Statement"]]
