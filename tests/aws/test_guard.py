"""The read-only guard refuses writes and secret reads before they are sent, over real HTTP."""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config

from seccheck.aws.clients import ClientFactory
from seccheck.aws.guard import ReadOnlyViolation, refusal


@pytest.mark.parametrize(
    ("service", "operation", "params", "refused"),
    [
        ("s3", "ListBuckets", {}, False),
        ("ec2", "DescribeInstances", {}, False),
        ("iam", "GenerateCredentialReport", {}, False),
        ("sts", "AssumeRole", {}, False),
        ("s3", "PutBucketPolicy", {}, True),
        ("ec2", "TerminateInstances", {}, True),
        ("iam", "CreateUser", {}, True),
        ("secretsmanager", "GetSecretValue", {}, True),
        ("secretsmanager", "BatchGetSecretValue", {}, True),
        ("s3", "GetObject", {}, True),
        ("kms", "Decrypt", {}, True),
        ("ec2", "GetPasswordData", {}, True),
        ("ssm", "GetParameter", {"WithDecryption": True}, True),
        ("ssm", "GetParameter", {"WithDecryption": False}, False),
        ("ssm", "GetParametersByPath", {"WithDecryption": True}, True),
    ],
)
def test_refusal_rules(service, operation, params, refused):
    assert (refusal(service, operation, params) is not None) is refused


def _raw_client(sandbox, service):
    return boto3.client(
        service, region_name="us-east-1", endpoint_url=sandbox.endpoint,
        aws_access_key_id="testing", aws_secret_access_key="testing",
        config=Config(s3={"addressing_style": "path"}),
    )


def test_write_is_refused_before_it_is_sent(workshop):
    factory = ClientFactory(workshop.endpoint)
    s3 = factory.client(workshop.session(), "s3", "us-east-1")
    sent = []
    s3.meta.events.register("before-send", lambda request, **_: sent.append(request.url))
    with pytest.raises(ReadOnlyViolation, match="s3:CreateBucket.*not a read operation"):
        s3.create_bucket(Bucket="guard-must-block-this")
    assert sent == []
    names = [b["Name"] for b in _raw_client(workshop, "s3").list_buckets()["Buckets"]]
    assert "guard-must-block-this" not in names
    # Reads still go through on the same client.
    assert s3.list_buckets()["Buckets"] is not None


def test_secret_read_is_refused(workshop):
    raw = _raw_client(workshop, "secretsmanager")
    raw.create_secret(Name="guard-test-secret", SecretString="guard-test-value")
    factory = ClientFactory(workshop.endpoint)
    sm = factory.client(workshop.session(), "secretsmanager", "us-east-1")
    with pytest.raises(ReadOnlyViolation, match="secret values"):
        sm.get_secret_value(SecretId="guard-test-secret")
    names = [s["Name"] for s in sm.list_secrets()["SecretList"]]
    assert "guard-test-secret" in names
    raw.delete_secret(SecretId="guard-test-secret", ForceDeleteWithoutRecovery=True)


def test_decrypting_parameter_read_is_refused(workshop):
    factory = ClientFactory(workshop.endpoint)
    ssm = factory.client(workshop.session(), "ssm", "us-east-1")
    with pytest.raises(ReadOnlyViolation, match="WithDecryption"):
        ssm.get_parameter(Name="/acme/db/password", WithDecryption=True)


def test_full_run_records_only_reads(workshop_report):
    assert workshop_report.calls, "a full run makes calls"
    offending = [
        (c.service, c.operation) for c in workshop_report.calls.values()
        if refusal(c.service, c.operation, c.params) is not None
    ]
    assert offending == []
