"""IAM checks: pure evaluation on plain data, Stubber for the API moto lacks, sandbox verdicts."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from seccheck.checks import iam as checks
from seccheck.collect import iam as collect
from seccheck.results import Status, Unreadable
from tests.checks.iam_helpers import (
    ACCOUNT,
    CTX,
    ago,
    by_resource,
    ctx,
    kinds,
    role,
    root_row,
    row,
    trust,
)
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api

# -- IAM-01 ------------------------------------------------------------------------------------


def test_root_hardware_mfa():
    assert kinds(checks.root_hardware_mfa(CTX, {"AccountMFAEnabled": 0}, [])) == [Status.FAIL]
    virtual = [
        {
            "serial": f"arn:aws:iam::{ACCOUNT}:mfa/root-account-mfa-device",
            "user_arn": f"arn:aws:iam::{ACCOUNT}:root",
        }
    ]
    assert kinds(checks.root_hardware_mfa(CTX, {"AccountMFAEnabled": 1}, virtual)) == [Status.FAIL]
    users_only = [
        {"serial": "arn:aws:iam::1:mfa/alice", "user_arn": f"arn:aws:iam::{ACCOUNT}:user/alice"}
    ]
    assert kinds(checks.root_hardware_mfa(CTX, {"AccountMFAEnabled": 1}, users_only)) == [
        Status.PASS
    ]


def test_root_recent_use():
    stale = [root_row(password_last_used=ago(200)), row("alice")]
    assert kinds(checks.root_recent_use(CTX, stale)) == [Status.PASS]
    recent = [root_row(password_last_used=ago(3))]
    [finding] = checks.root_recent_use(CTX, recent)
    assert finding.status is Status.FAIL and "3 days ago" in finding.reason
    keyed = [root_row(password_last_used="no_information", access_key_1_active="true")]
    assert kinds(checks.root_recent_use(CTX, keyed)) == [Status.FAIL]
    # The threshold is the check's parameter.
    assert kinds(checks.root_recent_use(ctx(max_days_since_root_use=2), recent)) == [Status.PASS]


def test_root_recent_use_without_root_row_is_not_assessable():
    assert kinds(checks.root_recent_use(CTX, [row("alice")])) == [Status.NOT_ASSESSABLE]


def test_password_policy():
    assert kinds(checks.password_policy(CTX, None)) == [Status.FAIL]
    weak = {"MinimumPasswordLength": 8, "PasswordReusePrevention": 24}
    [finding] = checks.password_policy(CTX, weak)
    assert finding.status is Status.FAIL and "minimum length is 8" in finding.reason
    strong = {"MinimumPasswordLength": 14, "PasswordReusePrevention": 24}
    assert kinds(checks.password_policy(CTX, strong)) == [Status.PASS]
    assert kinds(checks.password_policy(ctx(min_password_length=16), strong)) == [Status.FAIL]


@pytest.mark.stubbed
def test_password_policy_absent_or_partial_as_iam_answers_stubbed():
    with stubbed_api() as stubs:
        # No policy set: IAM answers 404 NoSuchEntity.
        stubs.stub("iam").add_client_error("get_account_password_policy", **client_error(
            "NoSuchEntity", "The Password Policy with domain name 111122223333 cannot be found.",
            http_status=404))
        [unset] = stubs.evaluate("IAM-01-C07")
    assert unset.status is Status.FAIL and "no account password policy" in unset.reason
    with stubbed_api() as stubs:
        # PasswordReusePrevention (like MaxPasswordAge) is left out when it was never set.
        stubs.stub("iam").add_response("get_account_password_policy", {"PasswordPolicy": {
            "MinimumPasswordLength": 14, "RequireSymbols": True, "RequireNumbers": True,
            "RequireUppercaseCharacters": True, "RequireLowercaseCharacters": True,
            "AllowUsersToChangePassword": True, "ExpirePasswords": False}}, {})
        [weak] = stubs.evaluate("IAM-01-C07")
    assert weak.status is Status.FAIL
    assert weak.reason == ("password policy is weak: reuse prevention remembers 0 passwords "
                           "(needs 24)")


def test_root_access_management():
    assert kinds(
        checks.root_access_management(CTX, {"enabled": ["RootCredentialsManagement"]})
    ) == [Status.PASS]
    assert kinds(checks.root_access_management(CTX, {"enabled": []})) == [Status.FAIL]
    assert kinds(checks.root_access_management(CTX, {"enabled": [], "no_organization": True})) == [
        Status.NOT_APPLICABLE
    ]
    denied = Unreadable(Status.NOT_ASSESSABLE, "member account")
    assert kinds(checks.root_access_management(CTX, denied)) == [Status.NOT_ASSESSABLE]


@pytest.mark.stubbed
def test_organizations_features_stubbed_pass_and_fail():
    with stubbed_api() as stubs:
        stubs.stub("iam").add_response(
            "list_organizations_features",
            {
                "OrganizationId": "o-abc1234567",
                "EnabledFeatures": ["RootCredentialsManagement", "RootSessions"],
            },
        )
        features = collect.organizations_features(stubs.api)
    assert kinds(checks.root_access_management(CTX, features)) == [Status.PASS]
    with stubbed_api() as stubs:
        stubs.stub("iam").add_client_error(
            "list_organizations_features", **client_error("ServiceAccessNotEnabledException")
        )
        features = collect.organizations_features(stubs.api)
    assert kinds(checks.root_access_management(CTX, features)) == [Status.FAIL]


@pytest.mark.stubbed
def test_organizations_features_stubbed_member_account_is_not_assessable():
    with stubbed_api() as stubs:
        stubs.stub("iam").add_client_error(
            "list_organizations_features",
            **client_error("AccountNotManagementOrDelegatedAdministratorException"),
        )
        features = collect.organizations_features(stubs.api)
    [finding] = checks.root_access_management(CTX, features)
    assert finding.status is Status.NOT_ASSESSABLE and "management account" in finding.reason


# -- IAM-02 ------------------------------------------------------------------------------------


SAML = f"arn:aws:iam::{ACCOUNT}:saml-provider/Okta"


def test_federation_in_use():
    sso = role(
        "AWSReservedSSO_Admin_1", trust({"Federated": "x"}), "/aws-reserved/sso.amazonaws.com/"
    )
    saml = role("okta-engineers", trust({"Federated": SAML}))
    plain = role("app", trust({"Service": "lambda.amazonaws.com"}))
    assert kinds(checks.federation_in_use(CTX, {"roles": [sso]}, [])) == [Status.PASS]
    assert kinds(checks.federation_in_use(CTX, {"roles": [saml]}, [SAML])) == [Status.PASS]
    # A role trusting a provider that no longer exists is not federation in use.
    assert kinds(checks.federation_in_use(CTX, {"roles": [saml]}, [])) == [Status.FAIL]
    assert kinds(checks.federation_in_use(CTX, {"roles": [plain]}, [SAML])) == [Status.FAIL]


def test_console_users_mfa():
    report = [
        root_row(),
        row("alice", password_enabled="true", mfa_active="true"),
        row("bob", password_enabled="true"),
        row("svc"),
    ]
    result = by_resource(checks.console_users_mfa(CTX, report))
    assert result == {
        f"arn:aws:iam::{ACCOUNT}:user/alice": Status.PASS,
        f"arn:aws:iam::{ACCOUNT}:user/bob": Status.FAIL,
    }
    assert kinds(checks.console_users_mfa(CTX, [root_row(), row("svc")])) == [Status.NOT_APPLICABLE]


def test_console_users_minimised():
    report = [row("breakglass", password_enabled="true"), row("bob", password_enabled="true")]
    allowed = ctx(allowed_console_users=["breakglass"])
    result = {
        f.resource.rsplit("/", 1)[-1]: f.status
        for f in checks.console_users_minimised(allowed, report)
    }
    assert result == {"breakglass": Status.PASS, "bob": Status.FAIL}
    assert kinds(checks.console_users_minimised(CTX, [row("svc")])) == [Status.PASS]


def test_access_key_rotation():
    report = [
        root_row(access_key_1_active="true", access_key_1_last_rotated=ago(400)),
        row("fresh", access_key_1_active="true", access_key_1_last_rotated=ago(10)),
        row("stale", access_key_2_active="true", access_key_2_last_rotated=ago(91)),
        row("inactive", access_key_1_last_rotated=ago(400)),
    ]
    result = {
        f.resource.rsplit(":", 1)[-1]: f.status for f in checks.access_key_rotation(CTX, report)
    }
    assert result == {"root": Status.FAIL, "user/fresh": Status.PASS, "user/stale": Status.FAIL}
    assert kinds(checks.access_key_rotation(CTX, [row("x")])) == [Status.NOT_APPLICABLE]


def test_unused_credentials():
    report = [
        row(
            "never-used-old",
            password_enabled="true",
            password_last_changed=ago(200),
            user_creation_time=ago(200),
        ),
        row("never-used-new", password_enabled="true", password_last_changed=ago(5)),
        row("active", password_enabled="true", password_last_used=ago(1)),
        row(
            "old-key",
            access_key_1_active="true",
            access_key_1_last_rotated=ago(300),
            access_key_1_last_used_date=ago(60),
        ),
        row(
            "fresh-key",
            access_key_1_active="true",
            access_key_1_last_rotated=ago(300),
            access_key_1_last_used_date=ago(2),
        ),
        row("nothing"),
    ]
    result = {
        f.resource.rsplit("/", 1)[-1]: f.status for f in checks.unused_credentials(CTX, report)
    }
    assert result == {
        "never-used-old": Status.FAIL,
        "never-used-new": Status.PASS,
        "active": Status.PASS,
        "old-key": Status.FAIL,
        "fresh-key": Status.PASS,
    }
    assert kinds(checks.unused_credentials(ctx(max_unused_days=400), report[:1])) == [Status.PASS]
    assert kinds(checks.unused_credentials(CTX, [row("nothing")])) == [Status.NOT_APPLICABLE]


def test_one_active_key():
    report = [
        root_row(access_key_1_active="true", access_key_2_active="true"),
        row("two", access_key_1_active="true", access_key_2_active="true"),
        row("one", access_key_2_active="true"),
    ]
    result = {f.resource.rsplit("/", 1)[-1]: f.status for f in checks.one_active_key(CTX, report)}
    assert result == {"two": Status.FAIL, "one": Status.PASS}
    assert kinds(checks.one_active_key(CTX, [row("none")])) == [Status.NOT_APPLICABLE]


def test_no_direct_user_policies():
    def user(name, attached=(), inline=()):
        return {
            "UserName": name,
            "Arn": f"arn:aws:iam::{ACCOUNT}:user/{name}",
            "GroupList": ["g"],
            "AttachedManagedPolicies": [{"PolicyName": p} for p in attached],
            "UserPolicyList": [{"PolicyName": p} for p in inline],
        }

    users = [user("clean"), user("attached", attached=["ReadOnly"]), user("inline", inline=["s3"])]
    result = {
        f.resource.rsplit("/", 1)[-1]: f.status
        for f in checks.no_direct_user_policies(CTX, {"users": users})
    }
    assert result == {"clean": Status.PASS, "attached": Status.FAIL, "inline": Status.FAIL}
    assert kinds(checks.no_direct_user_policies(CTX, {"users": []})) == [Status.NOT_APPLICABLE]


@pytest.mark.stubbed
def test_federation_through_a_saml_provider_as_iam_answers_stubbed():
    """Trust policies come URL-encoded (RFC 3986) in GetAccountAuthorizationDetails; a role
    trusting a SAML provider that no longer exists does not count."""
    gov = f"arn:aws-us-gov:iam::{ACCOUNT}"

    def role_detail(name: str, provider: str) -> dict:
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Federated": f"{gov}:saml-provider/{provider}"},
            "Action": "sts:AssumeRoleWithSAML",
            "Condition": {"StringEquals": {"SAML:aud": "https://signin.amazonaws-us-gov.com/saml"}}}]}
        return {"Path": "/", "RoleName": name, "RoleId": "AROAEXAMPLEID12345678",
                "Arn": f"{gov}:role/{name}", "CreateDate": "2025-01-02T00:00:00Z",
                "AssumeRolePolicyDocument": quote(json.dumps(trust)),
                "RoleLastUsed": {}}  # LastUsedDate and Region absent: never used

    def stub(stubs, providers: list[str]) -> None:
        iam = stubs.stub("iam")
        iam.add_response("get_account_authorization_details", {
            "RoleDetailList": [role_detail("okta-admins", "okta")], "IsTruncated": False},
            {"Filter": ["User", "Group", "Role", "LocalManagedPolicy"], "MaxItems": 1000})
        iam.add_response("list_saml_providers", {"SAMLProviderList": [
            {"Arn": f"{gov}:saml-provider/{p}", "ValidUntil": "2027-01-01T00:00:00Z"}
            for p in providers]}, {})

    caller = f"{gov}:user/auditor"
    with stubbed_api("us-gov-west-1", caller) as stubs:
        stub(stubs, ["okta"])
        [federated] = stubs.evaluate("IAM-02-C02")
    assert federated.status is Status.PASS
    assert "1 role(s) trusting a SAML provider" in federated.reason
    with stubbed_api("us-gov-west-1", caller) as stubs:
        stub(stubs, [])  # the provider was deleted
        [gone] = stubs.evaluate("IAM-02-C02")
    assert gone.status is Status.FAIL


@pytest.mark.stubbed
def test_authorization_details_stubbed_follows_markers():
    doc = json.dumps({"Version": "2012-10-17", "Statement": []})
    with stubbed_api() as stubs:
        iam = stubs.stub("iam")
        page = {"Filter": ["User", "Group", "Role", "LocalManagedPolicy"], "MaxItems": 1000}
        iam.add_response(
            "get_account_authorization_details",
            {
                "UserDetailList": [{"UserName": "a", "Arn": "arn:aws:iam::1:user/a"}],
                "IsTruncated": True,
                "Marker": "m1",
            },
            page,
        )
        iam.add_response(
            "get_account_authorization_details",
            {
                "RoleDetailList": [
                    {
                        "RoleName": "r",
                        "Arn": "arn:aws:iam::1:role/r",
                        "AssumeRolePolicyDocument": doc,
                    }
                ],
                "IsTruncated": False,
            },
            page | {"Marker": "m1"},
        )
        details = collect.authorization_details(stubs.api)
    assert [u["UserName"] for u in details["users"]] == ["a"]
    assert [r["RoleName"] for r in details["roles"]] == ["r"]


# -- over the sandbox --------------------------------------------------------------------------


def test_workshop_iam_people(workshop_report):
    def status(check_id: str, resource: str) -> set[str]:
        return statuses(results_for(workshop_report, check_id, resource))

    assert status("IAM-02-C03", "user/alice.admin") == {"PASS"}
    assert status("IAM-02-C03", "user/bob.contractor") == {"FAIL"}
    assert status("IAM-02-C04", "user/bob.contractor") == {"FAIL"}
    assert status("IAM-02-C05", "user/service/svc-deploy") == {"PASS"}
    assert status("IAM-02-C05", "user/service/svc-reporting") == {"FAIL"}
    assert status("IAM-02-C06", "user/carol.former") == {"FAIL"}
    assert status("IAM-02-C06", "user/alice.admin") == {"PASS"}
    assert status("IAM-02-C07", "user/bob.contractor") == {"FAIL"}
    assert status("IAM-02-C07", "user/service/svc-deploy") == {"PASS"}
    assert status("IAM-02-C08", "user/bob.contractor") == {"FAIL"}
    assert status("IAM-02-C08", "user/alice.admin") == {"PASS"}


def test_workshop_iam_account_and_roles(workshop_report):
    def status(check_id: str, resource: str | None = None) -> set[str]:
        return statuses(results_for(workshop_report, check_id, resource))

    assert status("IAM-01-C03") == {"FAIL"}
    assert status("IAM-01-C04", ":root") == {"FAIL"}
    assert status("IAM-01-C07") == {"FAIL"}
    assert status("IAM-02-C02") == {"FAIL"}
    assert status("IAM-03-C04", "policy/acme-ops-readonly") == {"PASS"}
    assert status("IAM-03-C04", "policy/acme-legacy-admin") == {"FAIL"}
    assert status("IR-01-C01", "role/acme-breakglass") == {"PASS"}
    assert status("IR-01-C01", "role/acme-incident-responder") == {"FAIL"}
    assert status("IR-01-C02") == {"FAIL"}
    [features] = results_for(workshop_report, "IAM-01-C08")  # not served by the sandbox
    assert features.status.value == "NOT_ASSESSABLE" and "does not support" in features.reason
    assert status("DP-02-C06", "server-certificate/acme-legacy-elb") == {"PASS"}
    assert status("DP-02-C06", "server-certificate/acme-old-portal") == {"FAIL"}


def test_clean_iam_passes(clean_report):
    for check_id in (
        "IAM-01-C03",
        "IAM-01-C04",
        "IAM-01-C07",
        "IAM-02-C02",
        "IAM-02-C04",
        "IR-01-C02",
    ):
        assert statuses(results_for(clean_report, check_id)) == {"PASS"}, check_id
    assert statuses(results_for(clean_report, "IAM-02-C03")) == {"NOT_APPLICABLE"}


@pytest.mark.parametrize(
    "check",
    [
        checks.root_recent_use,
        checks.console_users_mfa,
        checks.console_users_minimised,
        checks.access_key_rotation,
        checks.unused_credentials,
        checks.one_active_key,
    ],
)
def test_reasons_from_the_credential_report_say_how_old_it_is(check):
    """AWS hands back a cached report up to four hours old: the reason says which one."""
    generated = "2026-05-31T21:00:00.000Z"  # 3 hours before NOW
    report = [
        root_row(report_generated=generated),
        row("alice", password_enabled="true", password_last_used=ago(1), mfa_active="true",
            access_key_1_active="true", access_key_1_last_rotated=ago(5),
            access_key_1_last_used_date=ago(1), report_generated=generated),
    ]
    findings = list(check(ctx(allowed_console_users=["alice"]), report))
    assert findings
    for finding in findings:
        assert f"credential report generated {generated}, 3.0 h before the check" in finding.reason


@pytest.mark.stubbed
def test_stubbed_credential_report_rows_carry_its_generated_time():
    from datetime import datetime, timezone

    csv_text = "user,arn,password_enabled\n<root_account>,arn:aws:iam::1:root,not_supported\n"
    with stubbed_api() as stubs:
        iam = stubs.stub("iam", "us-east-1")
        iam.add_response("generate_credential_report", {"State": "COMPLETE"})
        iam.add_response("get_credential_report", {
            "Content": csv_text.encode(), "ReportFormat": "text/csv",
            "GeneratedTime": datetime(2026, 5, 31, 21, 0, tzinfo=timezone.utc),
        })
        rows = collect.credential_report(stubs.api)
    assert rows[0]["report_generated"] == "2026-05-31T21:00:00.000Z"
