"""The read-only guard: an allowlist from the collectors' declarations, secret reads refused on top,
on every client and session seccheck creates or hands out, proved over HTTP against the sandbox."""

from __future__ import annotations

import html

import boto3
import pytest
from botocore.config import Config

from seccheck.aws.clients import ClientFactory
from seccheck.aws.guard import SECRET_READS, Guard, ReadOnlyViolation
from seccheck.aws.recorder import Recorder
from seccheck.aws.scope import assumed_session
from seccheck.collect.registry import declared_operations, guard
from seccheck.display import calls_details
from seccheck.scan import connect
from tests.conftest import use_sandbox

# Every read the issue names as returning secrets, credentials or customer data.
SECRET_CALLS = [
    ("secretsmanager", "GetSecretValue", {}),
    ("secretsmanager", "BatchGetSecretValue", {}),
    ("ssm", "GetParameter", {"WithDecryption": True}),
    ("ssm", "GetParameters", {"WithDecryption": True}),
    ("ssm", "GetParametersByPath", {"WithDecryption": True}),
    ("s3", "GetObject", {}),
    ("logs", "GetLogEvents", {}),
    ("logs", "FilterLogEvents", {}),
    ("sts", "GetSessionToken", {}),
    ("lambda", "GetFunction", {}),
    ("lightsail", "GetRelationalDatabaseMasterUserPassword", {}),
    ("redshift-serverless", "GetCredentials", {}),
    ("codeartifact", "GetAuthorizationToken", {}),
    ("s3control", "GetDataAccess", {}),
    ("emr", "GetClusterSessionCredentials", {}),
    ("cognito-identity", "GetId", {}),
    ("ec2", "GetConsoleOutput", {}),
    ("ec2", "DescribeInstanceAttribute", {"Attribute": "userData"}),
    ("ec2", "DescribeLaunchTemplateVersions", {}),
]


@pytest.mark.parametrize(("service", "operation", "params"), SECRET_CALLS)
def test_secret_reads_are_refused_even_when_declared(service, operation, params):
    # The second line holds even if a collector wrongly declared the operation.
    lenient = Guard([(service, operation)])
    why = lenient.refusal(service, operation, params)
    assert why is not None
    assert guard().refusal(service, operation, params) is not None


@pytest.mark.parametrize(
    ("service", "operation", "params", "allowed"),
    [
        ("s3", "ListBuckets", {}, True),
        ("ec2", "DescribeInstances", {}, True),
        ("iam", "GenerateCredentialReport", {}, True),
        ("sts", "AssumeRole", {}, True),
        ("sts", "GetCallerIdentity", {}, True),
        ("ec2", "DescribeRegions", {}, True),
        ("organizations", "ListAccounts", {}, True),
        ("ssm", "ListDocuments", {}, True),
        # Reads by name that no collector declares: refused.
        ("s3", "ListObjectsV2", {}, False),
        ("dynamodb", "Scan", {}, False),
        ("ec2", "DescribeInstanceCreditSpecifications", {}, False),
        ("kms", "Decrypt", {}, False),
        # Writes.
        ("s3", "CreateBucket", {}, False),
        ("secretsmanager", "CreateSecret", {}, False),
        ("ec2", "TerminateInstances", {}, False),
        ("iam", "CreateUser", {}, False),
    ],
)
def test_allowlist(service, operation, params, allowed):
    assert (guard().refusal(service, operation, params) is None) is allowed


def test_a_declared_write_is_still_refused():
    assert "not a read" in Guard([("s3", "CreateBucket")]).refusal("s3", "CreateBucket", {})


def test_declared_operations_exist_in_botocore():
    """A typo in a declaration would silently refuse a real call: every name must be real."""
    session = boto3.Session()
    for service, operation in sorted(declared_operations()):
        model = session._session.get_service_model(service)
        assert operation in model.operation_names, f"{service}:{operation} is not an operation"
    assert not declared_operations() & SECRET_READS


def _raw(sandbox, service):
    return boto3.client(
        service, region_name="us-east-1", endpoint_url=sandbox.endpoint,
        aws_access_key_id="testing", aws_secret_access_key="testing",
        config=Config(s3={"addressing_style": "path"}),
    )


def _assert_refused_over_http(session, sandbox):
    """CreateBucket, CreateSecret and GetSecretValue through `session` never reach the sandbox."""
    raw_sm = _raw(sandbox, "secretsmanager")
    raw_sm.create_secret(Name="guard-probe-secret", SecretString="guard-probe-value")
    sent: list[str] = []
    try:
        for service, call in [
            ("s3", lambda c: c.create_bucket(Bucket="guard-must-block-this")),
            ("secretsmanager", lambda c: c.create_secret(Name="guard-new", SecretString="x")),
            ("secretsmanager", lambda c: c.get_secret_value(SecretId="guard-probe-secret")),
        ]:
            client = session.client(
                service, region_name="us-east-1", endpoint_url=sandbox.endpoint
            )
            client.meta.events.register(
                "before-send", lambda request, **_: sent.append(request.url)
            )
            with pytest.raises(ReadOnlyViolation, match="before sending it"):
                call(client)
        assert sent == []
        # What the sandbox holds confirms nothing arrived.
        names = [b["Name"] for b in _raw(sandbox, "s3").list_buckets()["Buckets"]]
        assert "guard-must-block-this" not in names
        secrets = [s["Name"] for s in raw_sm.list_secrets()["SecretList"]]
        assert "guard-new" not in secrets
        # Declared reads still go through the same session.
        s3 = session.client("s3", region_name="us-east-1", endpoint_url=sandbox.endpoint)
        s3.meta.events.register("before-send", lambda request, **_: sent.append(request.url))
        assert isinstance(s3.list_buckets()["Buckets"], list)
        assert sent
    finally:
        raw_sm.delete_secret(SecretId="guard-probe-secret", ForceDeleteWithoutRecovery=True)


def test_connection_sessions_are_guarded(workshop):
    connection = connect(
        endpoint_url=workshop.endpoint, regions=workshop.regions, session=workshop.session()
    )
    _assert_refused_over_http(connection.scope.accounts[0].session, workshop)
    client = connection.factory.client(connection.scope.accounts[0].session, "s3", "us-east-1")
    with pytest.raises(ReadOnlyViolation):
        client.create_bucket(Bucket="guard-must-block-this")


def test_assumed_member_sessions_are_guarded(workshop):
    factory = ClientFactory(workshop.endpoint, guard=guard())
    member = next(iter(workshop.members))
    role = f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole"
    session = assumed_session(factory, Recorder(), workshop.session(), role, None, "us-east-1")
    _assert_refused_over_http(session, workshop)


def test_the_fold_out_session_snippet_is_guarded(workshop, workshop_report, monkeypatch):
    use_sandbox(monkeypatch, workshop)
    text = html.unescape(calls_details(list(workshop_report.calls.values())[:3]))
    setup = [ln for ln in text.split("<pre", 1)[1].split(">", 1)[1].splitlines()
             if ln.startswith(("from seccheck", "session ="))]
    assert len(setup) == 2, text[:400]
    scope: dict = {}
    exec("\n".join(setup), scope)
    _assert_refused_over_http(scope["session"], workshop)


def refused_records(records) -> list[tuple[str, str]]:
    """Recorded calls the guard would not have let through (user data: the scanner's only)."""
    from seccheck.aws.guard import returns_user_data
    from seccheck.collect import user_data

    refused = []
    for c in records:
        if returns_user_data((c.service, c.operation), c.params):
            ok = c.operation in user_data.OPERATIONS.get(c.service, ())
        else:
            ok = guard().refusal(c.service, c.operation, c.params) is None
        if not ok:
            refused.append((c.service, c.operation))
    return sorted(set(refused))


def test_full_run_records_only_allowed_operations(workshop_report):
    assert workshop_report.calls, "a full run makes calls"
    assert refused_records(workshop_report.calls.values()) == []
    refusals = [r for r in workshop_report.results if "ReadOnlyViolation" in r.reason
                or "refused" in r.reason and "before sending" in r.reason]
    assert refusals == [], [(r.check_id, r.reason) for r in refusals[:5]]


def test_literal_calls_in_collectors_are_declared_by_their_module():
    """A collector that calls an operation it does not declare would be refused at run time."""
    import ast
    import importlib
    from pathlib import Path

    from botocore import xform_name

    import seccheck.collect as collect

    session = boto3.Session()._session
    missing = []
    for path in sorted(Path(collect.__path__[0]).glob("*.py")):
        module = importlib.import_module(f"seccheck.collect.{path.stem}")
        declared = getattr(module, "OPERATIONS", {})
        if "@fact(" in path.read_text():
            assert declared, f"{path.name} registers facts but declares no OPERATIONS"
        for node in ast.walk(ast.parse(path.read_text())):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("call", "paginate")
                and len(node.args) >= 2
                and all(isinstance(a, ast.Constant) for a in node.args[:2])
            ):
                continue
            service, method = node.args[0].value, node.args[1].value
            names = {xform_name(o): o for o in session.get_service_model(service).operation_names}
            if names.get(method) not in declared.get(service, ()):
                missing.append(f"{path.name}:{node.lineno} {service}.{method}")
    assert missing == []
