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
    # Only the default version counts (v1 of "scoped" allowed everything once).
    assert result == {"admin": Status.FAIL, "scoped": Status.PASS, "deny": Status.PASS}
    assert kinds(checks.no_full_admin_policies(CTX, {"policies": policies[3:]})) == [
        Status.NOT_APPLICABLE
    ]
