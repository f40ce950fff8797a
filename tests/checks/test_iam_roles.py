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


def _verdict(document_or_condition, principal=None) -> Status:
    root = principal or {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
    trust_doc = (
        document_or_condition
        if "Statement" in (document_or_condition or {})
        else trust(root, document_or_condition)
    )
    [finding] = checks.incident_role(CTX, {"roles": [role("acme-breakglass", trust_doc)]})
    return finding.status


def test_mfa_if_exists_and_null_conditions_do_not_require_mfa():
    """Audit #10: the MFA keys are absent for long-term credentials, and "IfExists evaluates the
    condition element to true" when a key is absent (IAM condition operators reference); Null
    true on aws:MultiFactorAuthPresent means "only without MFA"."""
    assert _verdict({"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}) is Status.FAIL
    assert _verdict({"Null": {"aws:MultiFactorAuthPresent": "true"}}) is Status.FAIL
    assert _verdict({"Bool": {"aws:MultiFactorAuthPresent": "false"}}) is Status.FAIL
    assert _verdict({"NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}}) is Status.FAIL
    # What does require MFA: Bool true, a maximum MFA age, the age key required to exist.
    assert _verdict({"Bool": {"aws:MultiFactorAuthPresent": ["true"]}}) is Status.PASS
    assert _verdict({"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}) is Status.PASS
    assert _verdict({"Null": {"aws:MultiFactorAuthAge": "false"}}) is Status.PASS
    # A Deny for requests without MFA (absent or false) protects the Allow beside it.
    root = {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
    document = trust(root)
    document["Statement"].append(
        {
            "Effect": "Deny",
            "Principal": {"AWS": "*"},
            "Action": "sts:AssumeRole",
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
        }
    )
    assert _verdict(document) is Status.PASS


def test_vendor_role_with_external_id_is_not_an_incident_role():
    """Audit #11: a third-party CSPM role with SecurityAudit, trusted by the vendor's account with
    an sts:ExternalId, cannot use MFA and is not a break-glass role for people."""
    vendor = role(
        "cspm-readonly",
        trust(
            {"AWS": "arn:aws:iam::464622532012:root"},
            {"StringEquals": {"sts:ExternalId": "abc-123"}},
        ),
        policies=(checks.SECURITY_AUDIT,),
    )
    [finding] = checks.incident_role(CTX, {"roles": [vendor]})
    assert finding.status is Status.FAIL and finding.resource.endswith(":root")
    assert finding.details["vendor_roles_skipped"] == ["cspm-readonly"]
    # The same trust without an ExternalId is still judged as a role people assume.
    people = role(
        "cspm-readonly",
        trust({"AWS": "arn:aws:iam::464622532012:root"}),
        policies=(checks.SECURITY_AUDIT,),
    )
    [finding] = checks.incident_role(CTX, {"roles": [people]})
    assert finding.status is Status.FAIL and "without requiring MFA" in finding.reason
