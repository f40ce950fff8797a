"""IR-01: incident-response (break-glass) roles and the support role."""

from __future__ import annotations

from seccheck.checks import iam_roles as checks
from seccheck.results import Status
from tests.checks.iam_helpers import ACCOUNT, CTX, ctx, kinds, role, trust


def test_incident_role():
    root = {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
    mfa = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    roles = [
        role("acme-breakglass", trust(root, mfa)),
        role("incident-responder", trust(root)),
        role(
            "auditor",
            trust({"AWS": "arn:aws:iam::999988887777:role/SecOps"}),
            policies=(checks.SECURITY_AUDIT,),
        ),
        role("incident-lambda", trust({"Service": "lambda.amazonaws.com"})),
        role("app", trust(root)),
    ]
    result = {
        f.resource.rsplit("/", 1)[-1]: f.status for f in checks.incident_role(CTX, {"roles": roles})
    }
    assert result == {
        "acme-breakglass": Status.PASS,
        "incident-responder": Status.FAIL,
        "auditor": Status.PASS,
    }
    [none] = checks.incident_role(CTX, {"roles": roles[3:]})
    assert none.status is Status.FAIL
    custom = ctx(role_name_pattern="^app$")
    assert kinds(checks.incident_role(custom, {"roles": roles[4:]})) == [Status.FAIL]
    assert (
        "without requiring MFA"
        in next(iter(checks.incident_role(custom, {"roles": roles[4:]}))).reason
    )


def test_support_role():
    support = role("support", trust({"AWS": "x"}), policies=(checks.SUPPORT_ACCESS,))
    assert kinds(checks.support_role(CTX, {"roles": [support]})) == [Status.PASS]
    assert kinds(checks.support_role(CTX, {"roles": []})) == [Status.FAIL]


def test_support_role_in_govcloud():
    """Audit #8(b): AWS-managed policy ARNs follow the partition."""
    from dataclasses import replace

    gov = replace(CTX, partition="aws-us-gov")
    gov_policy = "arn:aws-us-gov:iam::aws:policy/AWSSupportAccess"
    details = {"roles": [role("support", trust({"AWS": "x"}), policies=(gov_policy,))]}
    assert kinds(checks.support_role(gov, details)) == [Status.PASS]
    assert kinds(checks.support_role(CTX, details)) == [Status.FAIL]
