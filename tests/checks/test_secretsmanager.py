"""Secrets Manager checks, and the workshop secrets never leaking into results."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from seccheck.checks import secretsmanager as checks
from seccheck.checks.registry import Context
from seccheck.results import Status
from tests.conftest import results_for, statuses
from tests.stubbing import add_pages, client_error, stubbed_api

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


# -- responses shaped as the Secrets Manager API reference documents ListSecrets ---------------

CN_CALLER = "arn:aws-cn:iam::111122223333:user/auditor"
VERSION = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"


def entry(name: str, **fields):
    # A SecretListEntry: metadata only. LastAccessedDate is omitted for a secret never read in
    # the Region, RotationEnabled/RotationRules for one that never had rotation set up.
    return {"ARN": f"arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:{name}-AbCdEf",
            "Name": name, "LastChangedDate": NOW - timedelta(days=5),
            "SecretVersionsToStages": {VERSION: ["AWSCURRENT"]}, **fields}


SECRET_PAGES = [
    [entry("db-prod", RotationEnabled=True, CreatedDate=NOW - timedelta(days=300),
           RotationLambdaARN="arn:aws-cn:lambda:cn-north-1:111122223333:function:rotate",
           RotationRules={"AutomaticallyAfterDays": 30, "Duration": "2h"},
           LastRotatedDate=NOW - timedelta(days=10), NextRotationDate=NOW + timedelta(days=20),
           LastAccessedDate=NOW - timedelta(days=1)),
     entry("api-key", CreatedDate=NOW - timedelta(days=200))],
    # A secret RDS manages, rotated on a schedule expression (no AutomaticallyAfterDays).
    [entry("rds!db-1234", OwningService="rds", RotationEnabled=True,
           CreatedDate=NOW - timedelta(days=90),
           RotationRules={"ScheduleExpression": "rate(7 days)"},
           LastRotatedDate=NOW - timedelta(days=40), NextRotationDate=NOW - timedelta(days=30),
           LastAccessedDate=NOW - timedelta(days=2)),
     entry("legacy", RotationEnabled=True)],  # no rules, dates or access: nothing to judge by
]


@pytest.mark.stubbed
def test_metadata_over_two_pages_judged_by_each_check_stubbed():
    with stubbed_api("cn-north-1", CN_CALLER) as stubs:
        add_pages(stubs.stub("secretsmanager"), "list_secrets", "SecretList", SECRET_PAGES)
        # One listing serves all three checks (the run caches it).
        verdicts = {check_id: {r.resource.split(":secret:")[-1].rsplit("-", 1)[0]: r
                               for r in stubs.evaluate(check_id, now=NOW)}
                    for check_id in ("IAM-04-C01", "IAM-04-C02", "IAM-04-C03")}
    status = {c: {k: r.status for k, r in found.items()} for c, found in verdicts.items()}
    assert status["IAM-04-C01"] == {"db-prod": Status.PASS, "api-key": Status.FAIL,
                                    "rds!db-1234": Status.PASS, "legacy": Status.PASS}
    assert status["IAM-04-C02"] == {"db-prod": Status.PASS, "rds!db-1234": Status.FAIL,
                                    "legacy": Status.NOT_ASSESSABLE}
    assert status["IAM-04-C03"] == {"db-prod": Status.PASS, "api-key": Status.FAIL,
                                    "rds!db-1234": Status.PASS, "legacy": Status.NOT_ASSESSABLE}
    assert verdicts["IAM-04-C01"]["db-prod"].resource.startswith(
        "arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:")
    assert "overdue" in verdicts["IAM-04-C02"]["rds!db-1234"].reason
    assert "never accessed since it was created on" in verdicts["IAM-04-C03"]["api-key"].reason


@pytest.mark.stubbed
def test_denied_listing_is_not_assessable_stubbed():
    with stubbed_api("cn-north-1", CN_CALLER) as stubs:
        stubs.stub("secretsmanager").add_client_error("list_secrets", **client_error(
            "AccessDeniedException", "not authorized to perform: secretsmanager:ListSecrets"))
        [result] = stubs.evaluate("IAM-04-C01", now=NOW)
    assert result.status is Status.NOT_ASSESSABLE
    assert "secretsmanager:ListSecrets" in result.reason
    assert result.resource == "arn:aws-cn:iam::111122223333:root"


def test_workshop_secrets(workshop_report):
    def status(check_id, resource):
        return statuses(results_for(workshop_report, check_id, resource))

    assert status("IAM-04-C01", "acme-payments-prod/db-credentials") == {"PASS"}
    assert status("IAM-04-C01", "acme-legacy/partner-api-key") == {"FAIL"}
    assert status("IAM-04-C02", "acme-payments-prod/db-credentials") == {"PASS"}
    assert status("IAM-04-C02", "acme-orders-prod/db-credentials") == {"FAIL"}
    assert status("IAM-04-C03", "acme-orders-prod/db-credentials") == {"PASS"}
    assert status("IAM-04-C03", "acme-legacy/partner-api-key") == {"FAIL"}


def test_workshop_secret_values_never_appear_in_results(workshop_report):
    text = json.dumps([r.to_dict() for r in workshop_report.results])
    for value in WORKSHOP_SECRETS:
        assert value not in text
    [warned] = results_for(workshop_report, "IAM-04-C04", "function:acme-payments-api")
    assert "DB_PASSWORD" in warned.reason


def test_clean_secrets(clean_report):
    for check_id in ("IAM-04-C01", "IAM-04-C02", "IAM-04-C03"):
        assert statuses(results_for(clean_report, check_id, ":us-east-1:")) == {"PASS"}, check_id
