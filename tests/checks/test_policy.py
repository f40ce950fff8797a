"""The IAM policy evaluator, table-driven over documented cases.

Each case names the AWS documentation it comes from:
- EVAL: IAM User Guide, "Policy evaluation logic" (explicit Deny wins; conditions ANDed).
- ELEM: IAM User Guide, "IAM JSON policy element reference" (Action/NotAction, Resource/NotResource,
  Principal forms, NotPrincipal: "Allow with NotPrincipal ... everyone except").
- COND: IAM User Guide, "IAM JSON policy elements: Condition operators" ("...IfExists" is true when
  the key is absent; Null tests presence; negated operators).
- MFA: IAM User Guide, "AWS global condition context keys", aws:MultiFactorAuthPresent /
  aws:MultiFactorAuthAge (absent for long-term credentials).
- KMS: Prowler iam/lib/policy.py is_condition_block_restrictive (which operators and keys narrow a
  wildcard principal), and S3 User Guide "The meaning of public".
"""

from __future__ import annotations

import json

import pytest

from seccheck.checks import _policy

ACCT = "111122223333"


def doc(*statements: dict) -> dict:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(**fields) -> dict:
    return {"Effect": "Allow", **fields}


def deny(**fields) -> dict:
    return {"Effect": "Deny", **fields}


# (source, statement, action, resource, expected match)
MATCH_CASES = [
    ("ELEM wildcard action", allow(Action="s3:Get*", Resource="*"), "s3:GetObject", "x", True),
    (
        "ELEM actions ignore case",
        allow(Action="S3:getobject", Resource="*"),
        "s3:GetObject",
        "x",
        True,
    ),
    (
        "ELEM ? is one character",
        allow(Action="s3:Get?bject", Resource="*"),
        "s3:GetObject",
        "x",
        True,
    ),
    ("ELEM other service", allow(Action="s3:*", Resource="*"), "iam:CreateUser", "x", False),
    (
        "ELEM NotAction excludes",
        allow(NotAction="iam:*", Resource="*"),
        "iam:CreateUser",
        "x",
        False,
    ),
    (
        "ELEM NotAction allows rest",
        allow(NotAction="iam:*", Resource="*"),
        "s3:GetObject",
        "x",
        True,
    ),
    (
        "ELEM resource ARN glob",
        allow(Action="s3:*", Resource="arn:aws:s3:::b/*"),
        "s3:GetObject",
        "arn:aws:s3:::b/k",
        True,
    ),
    (
        "ELEM resource ARNs keep case",
        allow(Action="s3:*", Resource="arn:aws:s3:::B/*"),
        "s3:GetObject",
        "arn:aws:s3:::b/k",
        False,
    ),
    (
        "ELEM NotResource",
        allow(Action="s3:*", NotResource="arn:aws:s3:::secret/*"),
        "s3:GetObject",
        "arn:aws:s3:::public/k",
        True,
    ),
    (
        "ELEM NotResource excludes",
        allow(Action="s3:*", NotResource="arn:aws:s3:::secret/*"),
        "s3:GetObject",
        "arn:aws:s3:::secret/k",
        False,
    ),
]


@pytest.mark.parametrize("source, raw, action, resource, expected", MATCH_CASES)
def test_action_and_resource_matching(source, raw, action, resource, expected):
    st = _policy.parse_statement(raw)
    assert (st.matches_action(action) and st.matches_resource(resource)) is expected, source


# (source, policy, expected sids of full-access statements)
ADMIN_CASES = [
    ("ELEM Action *", doc(allow(Sid="A", Action="*", Resource="*")), ["A"]),
    ("ELEM Action *:*", doc(allow(Sid="A", Action=["*:*"], Resource=["*"])), ["A"]),
    ("ELEM scoped service", doc(allow(Sid="A", Action="s3:*", Resource="*")), []),
    ("ELEM scoped resource", doc(allow(Sid="A", Action="*", Resource="arn:aws:s3:::b")), []),
    (
        "ELEM NotAction: all but one action",
        doc(allow(Sid="A", NotAction="iam:CreateUser", Resource="*")),
        ["A"],
    ),
    (
        "ELEM NotAction leaving out IAM (PowerUserAccess) cannot grant itself more",
        doc(allow(Sid="A", NotAction=["iam:*", "organizations:*", "account:*"], Resource="*")),
        [],
    ),
    (
        "EVAL explicit Deny of everything wins",
        doc(allow(Sid="A", Action="*", Resource="*"), deny(Sid="D", Action="*", Resource="*")),
        [],
    ),
    ("ELEM Deny is not a grant", doc(deny(Sid="D", Action="*", Resource="*")), []),
    ("JSON text", json.dumps(doc(allow(Sid="A", Action="*", Resource="*"))), ["A"]),
]


@pytest.mark.parametrize("source, policy, expected", ADMIN_CASES)
def test_full_access(source, policy, expected):
    assert _policy.grants_full_access(policy) == expected, source


ORG = {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}
# (source, statement, public?)
PUBLIC_CASES = [
    ("ELEM Principal *", allow(Principal="*", Action="kms:*"), True),
    ("ELEM Principal AWS *", allow(Principal={"AWS": "*"}, Action="kms:*"), True),
    ("ELEM AWS * in a list", allow(Principal={"AWS": [f"arn:aws:iam::{ACCT}:root", "*"]}), True),
    ("ELEM account id", allow(Principal={"AWS": ACCT}), False),
    ("ELEM role ARN", allow(Principal={"AWS": f"arn:aws:iam::{ACCT}:role/r"}), False),
    ("ELEM service principal", allow(Principal={"Service": "cloudtrail.amazonaws.com"}), False),
    ("ELEM federated", allow(Principal={"Federated": "cognito-identity.amazonaws.com"}), False),
    ("ELEM canonical user", allow(Principal={"CanonicalUser": "79a59df900b949e5"}), False),
    ("ELEM Allow + NotPrincipal is everyone else", allow(NotPrincipal={"AWS": ACCT}), True),
    ("ELEM Deny + NotPrincipal grants nothing", deny(NotPrincipal={"AWS": ACCT}), False),
    ("KMS org id pins callers", allow(Principal="*", Condition=ORG), False),
    (
        "KMS account pins callers",
        allow(Principal="*", Condition={"StringEquals": {"kms:CallerAccount": ACCT}}),
        False,
    ),
    (
        "KMS ArnLike with account",
        allow(
            Principal="*",
            Condition={"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCT}:role/*"}},
        ),
        False,
    ),
    (
        "KMS negated operator: everyone except one account",
        allow(Principal="*", Condition={"StringNotEquals": {"aws:PrincipalAccount": ACCT}}),
        True,
    ),
    (
        "KMS wildcard account in ARN",
        allow(
            Principal="*", Condition={"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*"}}
        ),
        True,
    ),
    (
        "COND IfExists is true when the key is absent",
        allow(Principal="*", Condition={"StringEqualsIfExists": {"aws:SourceAccount": ACCT}}),
        True,
    ),
    (
        "KMS non-restricting key",
        allow(Principal="*", Condition={"StringEquals": {"kms:ViaService": "s3.amazonaws.com"}}),
        True,
    ),
    (
        "EVAL conditions ANDed: one restricting test is enough",
        allow(
            Principal="*",
            Condition={
                "StringEquals": {"aws:PrincipalOrgID": "o-abc123"},
                "Bool": {"aws:SecureTransport": "true"},
            },
        ),
        False,
    ),
]


@pytest.mark.parametrize("source, raw, expected", PUBLIC_CASES)
def test_public_statements(source, raw, expected):
    assert bool(_policy.public_statements(doc(raw))) is expected, source


# (source, condition block of an Allow, requires MFA?)
MFA_CASES = [
    ("MFA Bool true", {"Bool": {"aws:MultiFactorAuthPresent": "true"}}, True),
    (
        "MFA BoolIfExists lets long-term keys in",
        {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}},
        False,
    ),
    ("MFA Null true means without MFA", {"Null": {"aws:MultiFactorAuthPresent": "true"}}, False),
    (
        "MFA Null false on present: key may be false",
        {"Null": {"aws:MultiFactorAuthPresent": "false"}},
        False,
    ),
    ("MFA age exists only with MFA", {"Null": {"aws:MultiFactorAuthAge": "false"}}, True),
    ("MFA maximum age", {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}, True),
    (
        "MFA minimum age is no requirement",
        {"NumericGreaterThan": {"aws:MultiFactorAuthAge": "1"}},
        False,
    ),
    ("MFA age IfExists", {"NumericLessThanIfExists": {"aws:MultiFactorAuthAge": "3600"}}, False),
    ("MFA Bool false", {"Bool": {"aws:MultiFactorAuthPresent": "false"}}, False),
    (
        "EVAL ANDed with another test",
        {
            "Bool": {"aws:MultiFactorAuthPresent": "true"},
            "StringEquals": {"aws:RequestedRegion": "x"},
        },
        True,
    ),
]


@pytest.mark.parametrize("source, condition, expected", MFA_CASES)
def test_mfa_requirement(source, condition, expected):
    st = _policy.parse_statement(
        allow(Principal={"AWS": ACCT}, Action="sts:AssumeRole", Condition=condition)
    )
    assert _policy.statement_requires_mfa(st) is expected, source


def test_deny_without_mfa_protects_the_whole_policy():
    """COND/MFA: a Deny with BoolIfExists false refuses absent (long-term keys) and false."""
    base = allow(Principal={"AWS": ACCT}, Action="sts:AssumeRole")
    guard = deny(
        Principal={"AWS": "*"},
        Action="sts:AssumeRole",
        Condition={"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
    )
    assert _policy.policy_denies_without_mfa(doc(base, guard), "sts:AssumeRole")
    plain_bool = {**guard, "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
    assert not _policy.policy_denies_without_mfa(doc(base, plain_bool), "sts:AssumeRole")
    other_action = {**guard, "Action": "s3:*"}
    assert not _policy.policy_denies_without_mfa(doc(base, other_action), "sts:AssumeRole")


def test_may_be_public_and_bad_input():
    assert _policy.may_be_public(doc(allow(NotPrincipal={"AWS": ACCT})))
    assert _policy.may_be_public(doc(allow(Principal="*", Condition=ORG)))
    assert not _policy.may_be_public(doc(allow(Principal={"AWS": ACCT})))
    assert _policy.statements("not json") == []
    assert _policy.statements(None) == []
    assert [s.sid for s in _policy.statements({"Statement": allow(Action="*")})] == ["#1"]
