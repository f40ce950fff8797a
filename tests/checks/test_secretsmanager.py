"""Secrets Manager and Lambda checks: plain data, value handling, sandbox verdicts."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from tests.conftest import results_for, statuses
from tests.stubbing import stubbed_api

from seccheck.checks import awslambda as lambda_checks
from seccheck.checks import secretsmanager as checks
from seccheck.checks.registry import Context
from seccheck.collect import awslambda as lambda_collect
from seccheck.results import Status

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
CTX = Context("111122223333", "us-east-1", {}, NOW)
WORKSHOP_SECRETS = ("Sup3rS3cret-Workshop-Value!", "Sup3rS3cret-Workshop-Secret!")


def secret(name: str, **fields):
    return {
        "Name": name,
        "ARN": f"arn:aws:secretsmanager:us-east-1:111122223333:secret:{name}-AbCdEf",
        "CreatedDate": NOW - timedelta(days=10),
    } | fields


def statuses_by_name(findings):
    return {f.resource.split(":secret:")[-1].rsplit("-", 1)[0]: f.status for f in findings}


def test_rotation_enabled():
    secrets = [secret("rotating", RotationEnabled=True), secret("static"), secret("exempt")]
    result = statuses_by_name(
        checks.rotation_enabled(
            Context("1", "us-east-1", {"exempt_secrets": ["exempt"]}, NOW), secrets
        )
    )
    assert result == {
        "rotating": Status.PASS,
        "static": Status.FAIL,
        "exempt": Status.NOT_APPLICABLE,
    }
    assert [f.status for f in checks.rotation_enabled(CTX, [])] == [Status.NOT_APPLICABLE]


def test_rotation_on_schedule():
    rules = {"RotationEnabled": True, "RotationRules": {"AutomaticallyAfterDays": 30}}
    secrets = [
        secret("on-time", LastRotatedDate=NOW - timedelta(days=20), **rules),
        secret("overdue", LastRotatedDate=NOW - timedelta(days=40), **rules),
        secret("never-rotated-old", CreatedDate=NOW - timedelta(days=60), **rules),
        secret("scheduled", RotationEnabled=True, NextRotationDate=NOW - timedelta(days=1)),
        secret("unknown", RotationEnabled=True),
        secret("not-rotating"),
    ]
    result = statuses_by_name(checks.rotation_on_schedule(CTX, secrets))
    assert result == {
        "on-time": Status.PASS,
        "overdue": Status.FAIL,
        "never-rotated-old": Status.FAIL,
        "scheduled": Status.PASS,
        "unknown": Status.NOT_ASSESSABLE,
    }
    # Grace days are the check's parameter: 40 days is fine with 10 days of grace.
    graced = Context("1", "us-east-1", {"grace_days": 11}, NOW)
    assert statuses_by_name(checks.rotation_on_schedule(graced, secrets[1:2])) == {
        "overdue": Status.PASS
    }
    assert [f.status for f in checks.rotation_on_schedule(CTX, secrets[-1:])] == [
        Status.NOT_APPLICABLE
    ]


def test_unused_secrets():
    secrets = [
        secret(
            "read-yesterday",
            CreatedDate=NOW - timedelta(days=400),
            LastAccessedDate=NOW - timedelta(days=1),
        ),
        secret("stale", CreatedDate=NOW - timedelta(days=400)),
        secret("new"),
    ]
    assert statuses_by_name(checks.unused_secrets(CTX, secrets)) == {
        "read-yesterday": Status.PASS,
        "stale": Status.FAIL,
        "new": Status.PASS,
    }


def test_value_kind():
    assert lambda_collect.value_kind("arn:aws:secretsmanager:us-east-1:1:secret:db") == "reference"
    assert lambda_collect.value_kind("{{resolve:ssm-secure:/db/password}}") == "reference"
    assert lambda_collect.value_kind("/aws/reference/secretsmanager/db") == "reference"
    assert lambda_collect.value_kind("  ") == "empty"
    assert lambda_collect.value_kind("hunter2") == "literal"


def _fn(name, runtime="python3.12", env=None, package="Zip"):
    return {
        "FunctionName": name,
        "FunctionArn": f"arn:aws:lambda:us-east-1:1:function:{name}",
        "Runtime": runtime,
        "PackageType": package,
        "environment": env or {},
    }


def test_plaintext_env_secrets():
    functions = [
        _fn("leaky", env={"DB_PASSWORD": "literal", "LOG_LEVEL": "literal"}),
        _fn("by-reference", env={"API_KEY": "reference", "TOKEN_TTL": "empty"}),
        _fn("plain"),
    ]
    findings = list(lambda_checks.plaintext_env_secrets(CTX, functions))
    assert [f.status for f in findings] == [Status.WARN, Status.PASS, Status.PASS]
    assert findings[0].details["variables"] == ["DB_PASSWORD"]
    assert [f.status for f in lambda_checks.plaintext_env_secrets(CTX, [])] == [
        Status.NOT_APPLICABLE
    ]


def test_deprecated_runtimes():
    functions = [_fn("old", "python3.8"), _fn("new"), _fn("image", runtime=None, package="Image")]
    assert [f.status for f in lambda_checks.deprecated_runtimes(CTX, functions)] == [
        Status.FAIL,
        Status.PASS,
        Status.NOT_APPLICABLE,
    ]
    custom = Context("1", "us-east-1", {"deprecated_runtimes": ["python3.12"]}, NOW)
    assert [f.status for f in lambda_checks.deprecated_runtimes(custom, functions[:2])] == [
        Status.PASS,
        Status.FAIL,
    ]


@pytest.mark.stubbed
def test_functions_stubbed_values_never_reach_the_fact():
    with stubbed_api() as stubs:
        stubs.stub("lambda").add_response(
            "list_functions",
            {
                "Functions": [
                    {
                        "FunctionName": "api",
                        "FunctionArn": "arn:aws:lambda:us-east-1:111122223333:function:api",
                        "Runtime": "python3.12",
                        "Environment": {"Variables": {"DB_PASSWORD": "hunter2-value"}},
                    }
                ]
            },
        )
        functions = lambda_collect.functions(stubs.api)
        recorded = json.dumps([c.to_dict() for c in stubs.recorder.records.values()])
    assert functions[0]["environment"] == {"DB_PASSWORD": "literal"}
    assert "hunter2-value" not in json.dumps(functions)
    assert "hunter2-value" not in recorded  # the recorder redacts variable values too


def test_workshop_secrets_and_functions(workshop_report):
    def status(check_id, resource):
        return statuses(results_for(workshop_report, check_id, resource))

    assert status("IAM-04-C01", "acme-payments-prod/db-credentials") == {"PASS"}
    assert status("IAM-04-C01", "acme-legacy/partner-api-key") == {"FAIL"}
    assert status("IAM-04-C02", "acme-payments-prod/db-credentials") == {"PASS"}
    assert status("IAM-04-C02", "acme-orders-prod/db-credentials") == {"FAIL"}
    assert status("IAM-04-C03", "acme-orders-prod/db-credentials") == {"PASS"}
    assert status("IAM-04-C03", "acme-legacy/partner-api-key") == {"FAIL"}
    assert status("IAM-04-C04", "function:acme-payments-api") == {"WARN"}
    assert status("IAM-04-C04", "function:acme-orders-worker") == {"PASS"}
    assert status("INF-01-C07", "function:acme-legacy-report") == {"FAIL"}
    assert status("INF-01-C07", "function:acme-orders-worker") == {"PASS"}


def test_workshop_secret_values_never_appear_in_results(workshop_report):
    text = json.dumps([r.to_dict() for r in workshop_report.results])
    for value in WORKSHOP_SECRETS:
        assert value not in text
    [warned] = results_for(workshop_report, "IAM-04-C04", "function:acme-payments-api")
    assert "DB_PASSWORD" in warned.reason


def test_clean_secrets_and_functions(clean_report):
    for check_id in ("IAM-04-C01", "IAM-04-C02", "IAM-04-C03", "IAM-04-C04", "INF-01-C07"):
        assert statuses(results_for(clean_report, check_id, ":us-east-1:")) == {"PASS"}, check_id
