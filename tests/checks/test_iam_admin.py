"""IAM-03-C04: policies granting full administrator access."""

from __future__ import annotations

import json

import pytest

from seccheck.checks import iam_admin as checks
from seccheck.checks.registry import Context
from seccheck.collect import iam as iam_collect
from seccheck.results import Status, Unreadable
from tests.checks.iam_helpers import ACCOUNT, CTX, kinds
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api


def _policy(name: str, document: dict, attachments: int = 1) -> dict:
    return {
        "PolicyName": name,
        "Arn": f"arn:aws:iam::{ACCOUNT}:policy/{name}",
        "AttachmentCount": attachments,
        "DefaultVersionId": "v2",
        "PolicyVersionList": [
            {
                "VersionId": "v1",
                "IsDefaultVersion": False,
                "Document": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
            },
            {"VersionId": "v2", "IsDefaultVersion": True, "Document": document},
        ],
    }


def test_no_full_admin_policies():
    admin = {"Statement": [{"Effect": "Allow", "Action": ["*"], "Resource": "*"}]}
    scoped = {"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}
    denied = {"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}
    policies = [
        _policy("admin", admin),
        _policy("scoped", scoped),
        _policy("deny", denied),
        _policy("unattached-admin", admin, attachments=0),
    ]
    result = {
        f.resource.rsplit("/", 1)[-1]: f.status
        for f in checks.no_full_admin_policies(CTX, {"policies": policies})
    }
    # Only the default version counts (v1 of "scoped" allowed everything once); an unattached
    # admin policy is one attachment away from use, so it fails too (Prowler's
    # iam_customer_unattached_policy_no_administrative_privileges).
    assert result == {
        "admin": Status.FAIL,
        "scoped": Status.PASS,
        "deny": Status.PASS,
        "unattached-admin": Status.FAIL,
    }
    assert kinds(checks.no_full_admin_policies(CTX, {"policies": []})) == [Status.NOT_APPLICABLE]


def test_not_action_admin_policy_fails():
    """Audit #13: Allow + NotAction "iam:CreateUser" on "*" is admin except one action."""
    almost = {"Statement": [{"Effect": "Allow", "NotAction": "iam:CreateUser", "Resource": "*"}]}
    [finding] = checks.no_full_admin_policies(CTX, {"policies": [_policy("almost", almost)]})
    assert finding.status is Status.FAIL and "NotAction" in finding.reason


# -- IAM-03-C06: users, groups and roles with full administrator access ------------------------

ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess"
READ_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess"
STAR = {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def _entity(kind: str, name: str, attached=(), inline=None, **extra) -> dict:
    key = {"user": "UserPolicyList", "group": "GroupPolicyList", "role": "RolePolicyList"}[kind]
    return {
        f"{kind.capitalize()}Name": name,
        "Arn": f"arn:aws:iam::{ACCOUNT}:{kind}/{name}",
        "Path": "/",
        "AttachedManagedPolicies": [
            {"PolicyArn": a, "PolicyName": a.rsplit("/", 1)[-1]} for a in attached
        ],
        key: [{"PolicyName": n, "PolicyDocument": d} for n, d in (inline or {}).items()],
        **extra,
    }


def test_full_admin_principals_through_every_kind_of_policy():
    """Audit #13 / section (b): AdministratorAccess (AWS managed), a customer-managed "*:*"
    policy and an inline NotAction policy all give full access, on users, groups and roles."""
    not_action = {
        "Statement": [{"Effect": "Allow", "NotAction": "iam:CreateUser", "Resource": "*"}]
    }
    details = {
        "users": [
            _entity("user", "ops", attached=[READ_ARN], GroupList=["admins"]),
            _entity("user", "reader", attached=[READ_ARN], GroupList=[]),
        ],
        "groups": [_entity("group", "admins", inline={"all": not_action})],
        "roles": [
            _entity("role", "ci", attached=[ADMIN_ARN]),
            _entity("role", "legacy", attached=[f"arn:aws:iam::{ACCOUNT}:policy/legacy"]),
            _entity(
                "role", "AWSServiceRoleForSupport", attached=[ADMIN_ARN], Path="/aws-service-role/"
            ),
        ],
        "policies": [_policy("legacy", STAR)],
        "aws_policies": {
            ADMIN_ARN: STAR,
            READ_ARN: {
                "Statement": [
                    {"Effect": "Allow", "Action": ["s3:Get*", "ec2:Describe*"], "Resource": "*"}
                ]
            },
        },
    }
    found = {
        f.resource.rsplit("/", 1)[-1]: f for f in checks.no_full_admin_principals(CTX, details)
    }
    assert {k: f.status for k, f in found.items()} == {
        "ops": Status.FAIL,  # through its group
        "reader": Status.PASS,
        "admins": Status.FAIL,
        "ci": Status.FAIL,
        "legacy": Status.FAIL,
    }
    assert "AdministratorAccess (AWS managed)" in found["ci"].reason
    assert "legacy (customer managed)" in found["legacy"].reason
    assert "all (inline)" in found["admins"].reason
    assert "group admins" in found["ops"].reason


def test_full_admin_exceptions_and_unreadable():
    mfa = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    trust_mfa = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": ACCOUNT},
                "Action": "sts:AssumeRole",
                "Condition": mfa,
            }
        ]
    }
    trust_plain = {
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}
        ]
    }
    roles = [
        _entity("role", "acme-breakglass", [ADMIN_ARN], AssumeRolePolicyDocument=trust_mfa),
        _entity("role", "breakglass-nomfa", [ADMIN_ARN], AssumeRolePolicyDocument=trust_plain),
        _entity("role", "platform", [ADMIN_ARN], AssumeRolePolicyDocument=trust_plain),
    ]
    details = {"roles": roles, "aws_policies": {ADMIN_ARN: STAR}}
    params = Context(ACCOUNT, "us-east-1", {"allowed_admin_principals": ["platform"]})
    found = {
        f.resource.rsplit("/", 1)[-1]: f.status
        for f in checks.no_full_admin_principals(params, details)
    }
    assert found == {
        "acme-breakglass": Status.PASS,
        "breakglass-nomfa": Status.FAIL,
        "platform": Status.PASS,
    }
    denied = Unreadable(Status.NOT_ASSESSABLE, "access denied: needs iam:GetPolicyVersion")
    details = {"roles": [roles[2]], "aws_policies": {ADMIN_ARN: denied}}
    assert kinds(checks.no_full_admin_principals(CTX, details)) == [Status.NOT_ASSESSABLE]
    assert kinds(checks.no_full_admin_principals(CTX, {})) == [Status.NOT_APPLICABLE]


def test_workshop_full_admin_principals(workshop_report):
    def status(resource: str) -> set[str]:
        return statuses(results_for(workshop_report, "IAM-03-C06", resource))

    assert status("role/acme-ci-deployer") == {"FAIL"}  # AdministratorAccess, AWS managed
    assert status("group/acme-legacy-ops") == {"FAIL"}  # inline NotAction
    assert status("role/acme-incident-responder") == {"FAIL"}  # customer-managed "*:*"
    assert status("role/acme-breakglass") == {"PASS"}  # behind MFA: the accepted exception
    assert status("user/alice.admin") == {"PASS"}


def test_clean_full_admin_principals_pass(clean_report):
    assert statuses(results_for(clean_report, "IAM-03-C06")) == {"PASS"}


@pytest.mark.stubbed
def test_aws_managed_policy_documents_read_only_when_attached_stubbed():
    """AWS-managed documents come from GetPolicy + GetPolicyVersion, once per attached policy;
    a denied read leaves that policy Unreadable (the role is then NOT_ASSESSABLE, not PASS)."""
    role_detail = {
        "RoleName": "ci",
        "Arn": f"arn:aws:iam::{ACCOUNT}:role/ci",
        "Path": "/",
        "AttachedManagedPolicies": [
            {"PolicyName": "AdministratorAccess", "PolicyArn": ADMIN_ARN},
            {"PolicyName": "ReadOnlyAccess", "PolicyArn": READ_ARN},
        ],
    }
    page = {"Filter": ["User", "Group", "Role", "LocalManagedPolicy"], "MaxItems": 1000}
    with stubbed_api() as stubs:
        iam = stubs.stub("iam")
        iam.add_response(
            "get_account_authorization_details",
            {"RoleDetailList": [role_detail], "IsTruncated": False},
            page,
        )
        iam.add_response(
            "get_policy",
            {"Policy": {"Arn": ADMIN_ARN, "DefaultVersionId": "v1"}},
            {"PolicyArn": ADMIN_ARN},
        )
        iam.add_response(
            "get_policy_version",
            {"PolicyVersion": {"Document": json.dumps(STAR), "VersionId": "v1"}},
            {"PolicyArn": ADMIN_ARN, "VersionId": "v1"},
        )
        iam.add_client_error(
            "get_policy",
            **client_error("AccessDenied", http_status=403),
            expected_params={"PolicyArn": READ_ARN},
        )
        details = iam_collect.authorization_details(stubs.api)
    assert details["aws_policies"][ADMIN_ARN] == STAR
    assert isinstance(details["aws_policies"][READ_ARN], Unreadable)
    [finding] = checks.no_full_admin_principals(CTX, details)
    assert finding.status is Status.FAIL and "AdministratorAccess (AWS managed)" in finding.reason
