"""Replay setup cells carry the engine's own guard and JSON conversion, not copies of them."""

from __future__ import annotations

import inspect
from datetime import datetime, timezone

import pytest

from seccheck.aws import guard, plain
from seccheck.collect.registry import declared_operations
from seccheck.evidence.replay import embedded_source, setup_source

# The secret reads that went through the old hand-copied replay guard (issue 11).
SECRET_CALLS = [
    ("secretsmanager", "get_secret_value", {"SecretId": "db"}),
    ("secretsmanager", "batch_get_secret_value", {"SecretIdList": ["db"]}),
    ("ssm", "get_parameter", {"Name": "/db/password", "WithDecryption": True}),
    ("s3", "get_object", {"Bucket": "b", "Key": "k"}),
    ("logs", "get_log_events", {"logGroupName": "g", "logStreamName": "s"}),
    ("sts", "get_session_token", {}),
    ("lambda", "get_function", {"FunctionName": "f"}),
]


@pytest.fixture(scope="module")
def setup_namespace() -> dict:
    source = setup_source(sidecar_name="x-evidence.json", roles={}, version="test")
    namespace: dict = {"__name__": "__main__"}
    exec(compile(source, "<replay setup>", "exec"), namespace)
    return namespace


@pytest.mark.parametrize(("service", "method", "params"), SECRET_CALLS)
def test_replay_setup_refuses_secret_reads_before_sending(setup_namespace, service, method, params):
    # A closed port: had the call been sent, it would fail with a connection error instead.
    client = setup_namespace["session"].client(
        service, region_name="us-east-1", endpoint_url="http://127.0.0.1:9",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )
    sent: list[str] = []
    client.meta.events.register("before-send", lambda request, **_: sent.append(request.url))
    with pytest.raises(PermissionError, match="before sending it"):
        getattr(client, method)(**params)
    assert sent == []


def test_replay_setup_allows_what_the_engine_allows_and_nothing_else(setup_namespace):
    replay_guard = setup_namespace["GUARD"]
    assert replay_guard.allowed == guard.Guard(declared_operations()).allowed
    assert replay_guard.refusal("s3", "CreateBucket", {}) is not None
    assert replay_guard.refusal("s3", "ListObjectsV2", {}) is not None
    # In a notebook, user data stays refused: the scanner module is never on the stack.
    assert replay_guard.refusal("ec2", "DescribeInstanceAttribute", {"Attribute": "userData"})


def test_the_replay_cell_holds_the_one_source():
    source = setup_source(sidecar_name="x-evidence.json", roles={}, version="test")
    for module in (guard, plain):
        embedded = embedded_source(module)
        assert embedded in source
        # Everything the module defines is there, verbatim (only the docstring and the
        # __future__ import are left out).
        for name, obj in vars(module).items():
            defined = inspect.isfunction(obj) or inspect.isclass(obj)
            if defined and obj.__module__ == module.__name__:
                assert inspect.getsource(obj) in source, name
    assert "READ_PREFIXES = (" in source and source.count("READ_PREFIXES = (") == 1
    assert "def _guard(" not in source and "def _default(" not in source


def test_replay_converts_responses_as_the_engine_does(setup_namespace):
    response = {
        "When": datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=timezone.utc),
        "Body": b"a,b\n1,2\n",
        "ResponseMetadata": {"RequestId": "x"},
    }
    assert setup_namespace["_plain"](response) == {
        "When": "2026-01-02T03:04:05.678Z",
        "Body": "a,b\n1,2\n",
    }
    assert plain.jsonable({k: v for k, v in response.items() if k != "ResponseMetadata"}) == (
        setup_namespace["_plain"](response)
    )


@pytest.mark.parametrize("partition", ["aws", "aws-cn", "aws-us-gov"])
def test_member_role_arn_follows_the_partition_stubbed(partition):
    """The replay cell assumes the recorded role in the replaying identity's partition."""
    import boto3
    from botocore.stub import Stubber

    source = setup_source(sidecar_name="x-evidence.json", roles={"444455556666": "Audit"},
                          version="test")
    namespace: dict = {"__name__": "__main__"}
    exec(compile(source, "<replay setup>", "exec"), namespace)
    sts = boto3.client("sts", region_name="us-east-1", aws_access_key_id="testing",
                       aws_secret_access_key="testing")
    stubber = Stubber(sts)
    stubber.add_response("get_caller_identity", {
        "Account": "111122223333", "UserId": "AIDAEXAMPLE",
        "Arn": f"arn:{partition}:iam::111122223333:user/auditor"})
    stubber.add_response("assume_role", {"Credentials": {
        "AccessKeyId": "ASIAEXAMPLEEXAMPLE", "SecretAccessKey": "s" * 40, "SessionToken": "t",
        "Expiration": datetime(2026, 12, 3, tzinfo=timezone.utc)}},
        {"RoleArn": f"arn:{partition}:iam::444455556666:role/Audit",
         "RoleSessionName": "seccheck-replay"})

    class OneClient:
        def client(self, name: str):
            assert name == "sts"
            return sts

    namespace["session"] = OneClient()
    with stubber:
        member = namespace["session_for"]("444455556666")
    stubber.assert_no_pending_responses()
    assert member.get_credentials().access_key == "ASIAEXAMPLEEXAMPLE"
