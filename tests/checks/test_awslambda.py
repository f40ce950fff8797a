"""Lambda checks: secret-looking environment variables (values never seen), runtimes."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from seccheck.checks import awslambda as lambda_checks
from seccheck.checks.registry import Context
from seccheck.collect import awslambda as lambda_collect
from seccheck.results import Status
from tests.conftest import results_for, statuses
from tests.stubbing import stubbed_api

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
CTX = Context("111122223333", "us-east-1", {}, NOW)


def test_workshop_functions(workshop_report):
    def status(check_id, resource):
        return statuses(results_for(workshop_report, check_id, resource))

    assert status("IAM-04-C04", "function:acme-payments-api") == {"WARN"}
    assert status("IAM-04-C04", "function:acme-orders-worker") == {"PASS"}
    assert status("INF-01-C07", "function:acme-legacy-report") == {"FAIL"}
    assert status("INF-01-C07", "function:acme-orders-worker") == {"PASS"}


def test_clean_functions(clean_report):
    for check_id in ("IAM-04-C04", "INF-01-C07"):
        assert statuses(results_for(clean_report, check_id, ":us-east-1:")) == {"PASS"}, check_id


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


def test_runtimes_deprecated_by_the_audit_date_fail():
    """Audit #16: on 2026-12-03 these runtimes are deprecated (AWS Lambda runtimes page)."""
    audit_day = Context("1", "us-east-1", {}, datetime(2026, 12, 3, tzinfo=timezone.utc))
    gone = ["nodejs18.x", "python3.9", "provided", "dotnet7", "nodejs", "nodejs20.x",
            "ruby3.2", "python3.10", "python3.11", "java17", "dotnet8", "provided.al2"]
    alive = ["nodejs22.x", "python3.12", "python3.13", "java21", "provided.al2023", "nodejs24.x"]
    functions = [_fn(r.replace(".", "-"), r) for r in gone + alive]
    verdicts = list(lambda_checks.deprecated_runtimes(audit_day, functions))
    assert [f.status for f in verdicts] == [Status.FAIL] * len(gone) + [Status.PASS] * len(alive)
    assert "deprecated 2026-04-30" in verdicts[gone.index("nodejs20.x")].reason
    assert "scheduled 2027-04-30" in verdicts[len(gone)].reason
    # The same table judged before the date: nodejs20.x was still supported.
    earlier = Context("1", "us-east-1", {}, datetime(2026, 1, 1, tzinfo=timezone.utc))
    [still] = lambda_checks.deprecated_runtimes(earlier, [_fn("n", "nodejs20.x")])
    assert still.status is Status.PASS


def test_checklist_table_is_the_code_default(checklist):
    params = checklist.check("INF-01-C07").params["deprecated_runtimes"]
    assert lambda_checks.deprecation_dates(params) == lambda_checks.deprecation_dates(
        lambda_checks.DEPRECATION_DATES
    )


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
