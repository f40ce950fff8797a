"""IAM-03-C04: policies granting full administrator access."""

from __future__ import annotations

from seccheck.checks import iam_admin as checks
from seccheck.results import Status
from tests.checks.iam_helpers import ACCOUNT, CTX, kinds


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
