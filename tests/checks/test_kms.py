"""KMS checks: pure evaluation on plain data, the collector against canned answers, then the
verdicts over the workshop and clean sandboxes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from seccheck.checks import kms as checks
from seccheck.checks.registry import Context
from seccheck.collect import kms as collect
from seccheck.results import Status, Unreadable
from seccheck.sandbox.scenarios import get_scenario
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api

CTX = Context("111122223333", "eu-west-1")
DENIED = Unreadable(Status.NOT_ASSESSABLE, "access denied: the scanning identity needs kms:X")
ROOT = {
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
    "Action": "kms:*",
    "Resource": "*",
}
META = {
    "KeyManager": "CUSTOMER",
    "KeySpec": "SYMMETRIC_DEFAULT",
    "Origin": "AWS_KMS",
    "KeyState": "Enabled",
}


def key(name: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": name,
        "arn": f"arn:aws:kms:eu-west-1:111122223333:key/{name}",
        "aliases": [f"alias/{name}"],
        "metadata": dict(META),
        "rotation": True,
        "policy": {"Statement": [ROOT]},
    }
    base.update(fields)
    return base


def by_key(findings: Any) -> dict[str, Status]:
    return {f.resource.rsplit("/", 1)[-1]: f.status for f in findings}


def test_key_rotation():
    found = by_key(
        checks.key_rotation(
            CTX,
            [
                key("logs"),
                key("legacy", rotation=False),
                key("asym", rotation=None),
                key("denied", rotation=DENIED),
                key("unknown", metadata=DENIED, rotation=None),
            ],
        )
    )
    assert found == {
        "logs": Status.PASS,
        "legacy": Status.FAIL,
        "denied": Status.NOT_ASSESSABLE,
        "unknown": Status.NOT_ASSESSABLE,
    }
    (na,) = checks.key_rotation(CTX, [key("asym", rotation=None)])
    assert na.status is Status.NOT_APPLICABLE


def wildcard(**extra: Any) -> dict[str, Any]:
    return {
        "Sid": "Share",
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": "kms:Decrypt",
        "Resource": "*",
        **extra,
    }


def test_open_statements():
    assert checks.open_statements({"Statement": [ROOT]}) == []
    assert checks.open_statements({"Statement": [ROOT, wildcard()]}) == ["Share"]
    assert checks.open_statements({"Statement": {**wildcard(), "Principal": "*"}}) == ["Share"]
    org = wildcard(Condition={"StringEquals": {"aws:PrincipalOrgID": "o-abc"}})
    caller = wildcard(Condition={"StringEquals": {"kms:CallerAccount": ["111122223333"]}})
    assert checks.open_statements({"Statement": [org, caller]}) == []
    # A condition that does not narrow who may call, or narrows to "*", does not count.
    service = wildcard(Condition={"StringEquals": {"kms:ViaService": "s3.eu-west-1.amazonaws.com"}})
    any_org = wildcard(Condition={"StringLike": {"aws:PrincipalOrgID": "*"}})
    assert checks.open_statements({"Statement": [service, any_org]}) == ["Share", "Share"]
    assert checks.open_statements({"Statement": [{**wildcard(), "Effect": "Deny"}]}) == []


def test_negated_or_wildcard_conditions_do_not_restrict():
    """Audit #12: "everyone except account 9999" and "any account's roles" are still open; only
    positive String/Arn Equals/Like with account-scoped values restrict (Prowler)."""
    except_one = wildcard(Condition={"StringNotEquals": {"aws:PrincipalAccount": "999988887777"}})
    any_role = wildcard(Condition={"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*"}})
    if_exists = wildcard(Condition={"StringEqualsIfExists": {"aws:SourceAccount": "111122223333"}})
    not_principal = {**ROOT, "Sid": "Legacy", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}}
    del not_principal["Principal"]
    found = checks.open_statements({"Statement": [except_one, any_role, if_exists, not_principal]})
    assert found == ["Share", "Share", "Share", "Legacy"]
    pinned = wildcard(
        Condition={"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/*"}}
    )
    assert checks.open_statements({"Statement": [pinned]}) == []


def test_key_policy_not_open():
    found = by_key(
        checks.key_policy_not_open(
            CTX,
            [
                key("logs"),
                key("partner", policy={"Statement": [ROOT, wildcard()]}),
                key("gone", policy=None),
                key("denied", policy=DENIED),
            ],
        )
    )
    assert found == {"logs": Status.PASS, "partner": Status.FAIL, "denied": Status.NOT_ASSESSABLE}
    (na,) = checks.key_policy_not_open(CTX, [])
    assert na.status is Status.NOT_APPLICABLE


@pytest.mark.stubbed
def test_collector_skips_aws_managed_keys_stubbed():
    arn = "arn:aws:kms:eu-west-1:111122223333:key/"
    with stubbed_api("eu-west-1") as stubs:
        kms = stubs.stub("kms")
        kms.add_response(
            "list_aliases",
            {
                "Aliases": [
                    {"AliasName": "alias/aws/s3", "TargetKeyId": "aws-s3"},
                    {"AliasName": "alias/acme-logs", "TargetKeyId": "logs"},
                ]
            },
        )
        kms.add_response(
            "list_keys",
            {
                "Keys": [
                    {"KeyId": "aws-s3", "KeyArn": arn + "aws-s3"},
                    {"KeyId": "logs", "KeyArn": arn + "logs"},
                    {"KeyId": "sign", "KeyArn": arn + "sign"},
                ]
            },
        )
        kms.add_response("describe_key", {"KeyMetadata": {"KeyId": "logs", **META}})
        kms.add_response("get_key_rotation_status", {"KeyRotationEnabled": True})
        kms.add_response("get_key_policy", {"Policy": json.dumps({"Statement": [ROOT]})})
        kms.add_response(
            "describe_key", {"KeyMetadata": {"KeyId": "sign", **META, "KeySpec": "ECC_NIST_P256"}}
        )
        kms.add_client_error(
            "get_key_policy", **client_error("AccessDeniedException", http_status=400)
        )
        logs, sign = collect.keys(stubs.api)
    assert logs["aliases"] == ["alias/acme-logs"] and logs["rotation"] is True
    assert sign["rotation"] is None  # asymmetric keys cannot rotate automatically
    assert isinstance(sign["policy"], Unreadable) and "kms:GetKeyPolicy" in sign["policy"].reason


def test_keys_not_pending_deletion():
    pending = {**META, "KeyState": "PendingDeletion", "DeletionDate": "2026-07-01T00:00:00Z"}
    keys = [
        key("live"),
        key("disabled", metadata={**META, "KeyState": "Disabled"}),
        key("doomed", metadata=pending, rotation=None, policy=None),
        key("replica-wait", metadata={**META, "KeyState": "PendingReplicaDeletion"}),
        key("unread", metadata=DENIED),
    ]
    found = list(checks.keys_not_pending_deletion(CTX, keys))
    assert by_key(found) == {"live": Status.PASS, "disabled": Status.PASS,
                             "doomed": Status.FAIL, "replica-wait": Status.FAIL,
                             "unread": Status.NOT_ASSESSABLE}
    doomed = next(f for f in found if f.resource.endswith("/doomed"))
    assert "2026-07-01" in doomed.reason and doomed.details["deletion_date"] == "2026-07-01"
    # A key on its way out is judged by neither rotation nor its (unread) policy.
    assert "doomed" not in by_key(checks.key_rotation(CTX, keys))
    assert "doomed" not in by_key(checks.key_policy_not_open(CTX, keys))
    assert [f.status for f in checks.keys_not_pending_deletion(CTX, [])] == [
        Status.NOT_APPLICABLE]


@pytest.mark.stubbed
def test_collector_keeps_keys_pending_deletion_across_pages_stubbed():
    """ListKeys pages through NextMarker/Truncated; DescribeKey of a key pending deletion has a
    DeletionDate and PendingDeletionWindowInDays (KMS API reference), in the aws-cn partition."""
    arn = "arn:aws-cn:kms:cn-north-1:111122223333:key/"
    with stubbed_api("cn-north-1") as stubs:
        kms = stubs.stub("kms")
        kms.add_response("list_aliases", {"Aliases": [], "Truncated": False})
        kms.add_response("list_keys", {"Keys": [{"KeyId": "live", "KeyArn": arn + "live"}],
                                       "NextMarker": "m2", "Truncated": True}, {})
        kms.add_response("list_keys", {"Keys": [{"KeyId": "doomed", "KeyArn": arn + "doomed"}],
                                       "Truncated": False}, {"Marker": "m2"})
        kms.add_response("describe_key", {"KeyMetadata": {"KeyId": "live", **META}},
                         {"KeyId": arn + "live"})
        kms.add_response("get_key_rotation_status", {"KeyRotationEnabled": False})
        kms.add_response("get_key_policy", {"Policy": json.dumps({"Statement": [ROOT]})})
        kms.add_response("describe_key", {"KeyMetadata": {
            "KeyId": "doomed", **META, "KeyState": "PendingDeletion",
            "DeletionDate": "2026-07-01T00:00:00Z", "PendingDeletionWindowInDays": 30}},
            {"KeyId": arn + "doomed"})
        found = collect.keys(stubs.api)  # no rotation or policy read for the doomed key
    assert [k["id"] for k in found] == ["live", "doomed"]
    assert found[1]["policy"] is None and found[1]["rotation"] is None
    verdicts = by_key(checks.keys_not_pending_deletion(CTX, found))
    assert verdicts == {"live": Status.PASS, "doomed": Status.FAIL}


def test_workshop_verdicts(workshop_report):
    for check_id in ("DP-01-C09", "DP-01-C10"):
        found = results_for(workshop_report, check_id)
        good = [r for r in found if "alias/acme-logs" in r.reason]
        bad = [r for r in found if "alias/acme-partner-exchange" in r.reason]
        assert {r.region for r in good} == set(workshop_report.scope["regions"])
        assert statuses(good) == {"PASS"} and statuses(bad) == {"FAIL"}
    org = [r for r in results_for(workshop_report, "DP-01-C10") if "acme-org-backup" in r.reason]
    assert statuses(org) == {"PASS"}
    pending = results_for(workshop_report, "DP-01-C21")
    assert statuses([r for r in pending if "alias/acme-billing-archive" in r.reason]) == {"FAIL"}
    assert statuses([r for r in pending if "alias/acme-logs" in r.reason]) == {"PASS"}


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    report = request.getfixturevalue(f"{scenario}_report")
    expected = get_scenario(scenario).expected()
    for check_id in ("DP-01-C09", "DP-01-C10", "DP-01-C21"):
        assert statuses(results_for(report, check_id)) == expected[check_id], check_id
