"""Secrets in EC2 user data and launch templates (IAM-04-C05): the pure check, the collector's
verdicts over canned AWS-shaped answers, the guard's one exception, and the workshop's verdicts."""

from __future__ import annotations

import base64
import gzip

import pytest

from seccheck.aws.guard import ReadOnlyViolation
from seccheck.aws.redact import REDACTED
from seccheck.checks import user_data as checks
from seccheck.collect import user_data as collect
from seccheck.collect.registry import guard
from seccheck.sandbox.estate._acme import LT_KEY_ID, LT_SECRET_KEY, USER_DATA_SECRET
from tests.checks.infra_helpers import CTX, DENIED, assert_expected, kinds
from tests.conftest import results_for
from tests.stubbing import ACCOUNT, add_pages, client_error, stubbed_api

LEAKY = (
    f"#!/bin/bash\nexport AWS_ACCESS_KEY_ID={LT_KEY_ID}\n"
    f"export AWS_SECRET_ACCESS_KEY={LT_SECRET_KEY}\n"
)
CLEAN = "#!/bin/bash\nyum install -y nginx\n"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def entry(instance_id: str, **verdict) -> dict:
    return {"id": instance_id, "arn": f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/{instance_id}",
            "name": "web", **verdict}


def test_pass_fail_and_not_assessable_per_instance():
    found = {
        "instances": [
            entry("i-1", has_user_data=True, secrets=["AWS Access Key"]),
            entry("i-2", has_user_data=True, secrets=[]),
            entry("i-3", has_user_data=False, secrets=[]),
            entry("i-4", unreadable=DENIED),
        ],
        "launch_templates": [],
    }
    findings = list(checks.no_secrets_in_user_data(CTX, found))
    assert kinds(findings) == ["FAIL", "PASS", "PASS", "NOT_ASSESSABLE"]
    assert "AWS Access Key" in findings[0].reason and "not shown" in findings[0].reason


def test_a_launch_template_fails_on_any_leaky_version():
    template = {"id": "lt-1", "arn": "arn:aws:ec2:us-east-1:1:launch-template/lt-1", "name": "w",
                "versions": [{"version": 1, "secrets": ["Secret Keyword"]},
                             {"version": 2, "secrets": []}]}
    clean = {**template, "id": "lt-2", "versions": [{"version": 1, "secrets": []}]}
    findings = list(checks.no_secrets_in_user_data(
        CTX, {"instances": [], "launch_templates": [template, clean]}))
    assert kinds(findings) == ["FAIL", "PASS"]
    assert "version(s) 1 " in findings[0].reason


def test_nothing_to_judge_is_not_applicable():
    findings = list(checks.no_secrets_in_user_data(CTX, {"instances": [], "launch_templates": []}))
    assert kinds(findings) == ["NOT_APPLICABLE"]


@pytest.mark.parametrize(
    ("encoded", "has", "leaks"),
    [
        (b64(LEAKY), True, True),
        (base64.b64encode(gzip.compress(LEAKY.encode())).decode(), True, True),  # cloud-init gzip
        (b64(f"export DB_PASSWORD={USER_DATA_SECRET}\n"), True, True),
        (b64(CLEAN), True, False),
        (None, False, False),
    ],
)
def test_collector_keeps_a_verdict_never_the_value(encoded, has, leaks):
    # Shaped as AWS documents DescribeInstanceAttribute: UserData.Value, base64.
    response = {"InstanceId": "i-1", "UserData": {"Value": encoded} if encoded else {}}
    verdict = collect._instance_verdict(response)
    assert verdict["has_user_data"] is has and bool(verdict["secrets"]) is leaks
    assert set(verdict) == {"has_user_data", "secrets"}
    assert LT_SECRET_KEY not in repr(verdict) and USER_DATA_SECRET not in repr(verdict)


@pytest.mark.stubbed
def test_stubbed_launch_template_versions_paginate_and_keep_verdicts_only():
    with stubbed_api() as stubs:
        ec2 = stubs.stub("ec2")
        ec2.add_response("describe_instances", {"Reservations": []})
        ec2.add_response("describe_launch_templates", {"LaunchTemplates": [
            {"LaunchTemplateId": "lt-0abc", "LaunchTemplateName": "worker"}]})
        ec2.add_response("describe_launch_template_versions", {
            "LaunchTemplateVersions": [{"VersionNumber": 1, "DefaultVersion": False,
                                        "LaunchTemplateData": {"UserData": b64(LEAKY)}}],
            "NextToken": "page-2"}, {"LaunchTemplateId": "lt-0abc"})
        ec2.add_response("describe_launch_template_versions", {
            "LaunchTemplateVersions": [{"VersionNumber": 2, "DefaultVersion": True,
                                        "LaunchTemplateData": {}}]},
            {"LaunchTemplateId": "lt-0abc", "NextToken": "page-2"})
        found = collect.user_data_secrets(stubs.api)
        records = list(stubs.recorder.records.values())
    versions = found["launch_templates"][0]["versions"]
    assert [(v["version"], bool(v["secrets"])) for v in versions] == [(1, True), (2, False)]
    assert LT_SECRET_KEY not in repr(records) and b64(LEAKY) not in repr(records)
    assert LT_SECRET_KEY not in repr(found)


@pytest.mark.stubbed
def test_instances_over_two_pages_judged_without_keeping_values_stubbed():
    def instance(instance_id: str, state: str) -> dict:
        return {"InstanceId": instance_id, "State": {"Code": 16, "Name": state},
                "InstanceType": "t3.micro", "ImageId": "ami-0abc"}

    def reservation(*instances: dict) -> dict:
        return {"ReservationId": f"r-{instances[0]['InstanceId']}", "OwnerId": ACCOUNT,
                "Instances": list(instances)}

    def attribute(instance_id: str, text: str | None) -> dict:
        # DescribeInstanceAttribute userData: UserData.Value (base64) is absent without user data.
        return {"InstanceId": instance_id, "UserData": {"Value": b64(text)} if text else {}}

    cn_caller = "arn:aws-cn:iam::111122223333:user/auditor"
    with stubbed_api("cn-north-1", cn_caller) as stubs:
        ec2 = stubs.stub("ec2")
        add_pages(ec2, "describe_instances", "Reservations", [
            [reservation(instance("i-leaky", "running"), instance("i-gone", "terminated"))],
            [reservation(instance("i-clean", "stopped")),
             reservation(instance("i-bare", "running")),
             reservation(instance("i-denied", "running"))]])
        for instance_id, text in (("i-leaky", LEAKY), ("i-clean", CLEAN), ("i-bare", None)):
            ec2.add_response("describe_instance_attribute", attribute(instance_id, text),
                             {"InstanceId": instance_id, "Attribute": "userData"})
        ec2.add_client_error("describe_instance_attribute", **client_error(
            "UnauthorizedOperation", http_status=403))
        ec2.add_response("describe_launch_templates", {"LaunchTemplates": []}, {})
        results = stubs.evaluate("IAM-04-C05")
        records = list(stubs.recorder.records.values())
    found = {r.resource.rsplit("/", 1)[-1]: r for r in results}
    assert {k: r.status.value for k, r in found.items()} == {
        "i-leaky": "FAIL", "i-clean": "PASS", "i-bare": "PASS", "i-denied": "NOT_ASSESSABLE"}
    assert found["i-leaky"].resource == "arn:aws-cn:ec2:cn-north-1:111122223333:instance/i-leaky"
    assert "ec2:DescribeInstanceAttribute" in found["i-denied"].reason
    everything = repr(records) + repr([r.to_dict() for r in results])
    assert LT_SECRET_KEY not in everything and b64(LEAKY) not in everything


def test_only_the_scanner_may_read_user_data(workshop):
    """From anywhere else (here: a test module), the guard refuses before sending."""
    from seccheck.aws.clients import ClientFactory

    ec2 = ClientFactory(workshop.endpoint, guard=guard()).client(
        workshop.session(), "ec2", "us-east-1")
    sent: list[str] = []
    ec2.meta.events.register("before-send", lambda request, **_: sent.append(request.url))
    with pytest.raises(ReadOnlyViolation, match="user data"):
        ec2.describe_instance_attribute(InstanceId="i-1", Attribute="userData")
    with pytest.raises(ReadOnlyViolation, match="user data"):
        ec2.describe_launch_template_versions(LaunchTemplateName="acme-legacy-worker-lt")
    assert sent == []
    assert guard().refusal("ec2", "DescribeInstanceAttribute", {"Attribute": "userData"})


def test_workshop_verdicts_and_no_user_data_in_records(workshop_report):
    assert_expected(workshop_report, "workshop", ["IAM-04-C05"])
    failed = {r.resource.rsplit("/", 1)[-1]: r for r in results_for(workshop_report, "IAM-04-C05")
              if r.status.value == "FAIL"}
    reasons = " ".join(r.reason for r in failed.values())
    assert "acme-bastion" in reasons and "acme-legacy-worker-lt" in reasons
    records = [c for c in workshop_report.calls.values()
               if c.operation in ("DescribeInstanceAttribute", "DescribeLaunchTemplateVersions")]
    assert records and all(c.outcome == "ok" for c in records)
    text = repr([c.to_dict() for c in workshop_report.calls.values()])
    text += repr([r.to_dict() for r in workshop_report.results])
    for secret in (LT_SECRET_KEY, LT_KEY_ID, USER_DATA_SECRET, b64(LEAKY)[:40]):
        assert secret not in text
    assert REDACTED not in repr([c.response for c in records])  # verdicts, not redacted data


def test_clean_verdicts(clean_report):
    assert_expected(clean_report, "clean", ["IAM-04-C05"])
