"""Organizations estate: Acme's organization, its OUs, two member accounts and a custom SCP.

Runs first (ORDER 1): it creates the member accounts other estates seed (`ctx.members`).
The organization is all-features with `prod` and `non-prod` OUs, `acme-security` in prod and
`acme-dev` in non-prod, and a custom SCP (deny leaving the organization, deny disabling
CloudTrail) attached to the prod OU. The workshop also has a region-restriction SCP that was
drafted and never attached (a WARN for IAM-03-C02).
"""

from __future__ import annotations

import json

from ..seeding import SeedContext

ORDER = 1
MEMBERS = {"acme-security": "prod", "acme-dev": "non-prod"}
GUARDRAIL_SCP = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "DenyLeavingOrganization",
            "Effect": "Deny",
            "Action": "organizations:LeaveOrganization",
            "Resource": "*",
        },
        {
            "Sid": "ProtectAuditTrail",
            "Effect": "Deny",
            "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"],
            "Resource": "*",
        },
    ],
}
REGION_DRAFT_SCP = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "DenyUnusedRegions",
            "Effect": "Deny",
            "NotAction": ["iam:*", "organizations:*", "sts:*", "support:*"],
            "Resource": "*",
            "Condition": {
                "StringNotEquals": {
                    "aws:RequestedRegion": ["us-east-1", "eu-west-1", "ap-southeast-2"]
                }
            },
        }
    ],
}


def seed_members_only(ctx: SeedContext, count: int) -> None:
    """An organization with `count` member accounts in one OU, and nothing else in them."""
    org = ctx.client("organizations")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    ou = org.create_organizational_unit(ParentId=root, Name="members")["OrganizationalUnit"]["Id"]
    for index in range(1, count + 1):
        name = f"acme-member-{index:02d}"
        account_id = org.create_account(Email=f"aws+{name}@acme.example", AccountName=name)[
            "CreateAccountStatus"
        ]["AccountId"]
        org.move_account(AccountId=account_id, SourceParentId=root, DestinationParentId=ou)
        ctx.members[name] = account_id


def seed(ctx: SeedContext) -> None:
    org = ctx.client("organizations")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    ous = {
        name: org.create_organizational_unit(ParentId=root, Name=name)["OrganizationalUnit"]["Id"]
        for name in sorted(set(MEMBERS.values()))
    }
    for account_name, ou in MEMBERS.items():
        status = org.create_account(
            Email=f"aws+{account_name}@acme.example", AccountName=account_name
        )["CreateAccountStatus"]
        account_id = status["AccountId"]
        org.move_account(AccountId=account_id, SourceParentId=root, DestinationParentId=ous[ou])
        ctx.members[account_name] = account_id
    policy = org.create_policy(
        Name="acme-guardrails",
        Type="SERVICE_CONTROL_POLICY",
        Description="Deny leaving the organization and tampering with the audit trail",
        Content=json.dumps(GUARDRAIL_SCP),
    )["Policy"]["PolicySummary"]
    org.attach_policy(PolicyId=policy["Id"], TargetId=ous["prod"])
    if ctx.bad:
        org.create_policy(
            Name="acme-deny-unused-regions-draft",
            Type="SERVICE_CONTROL_POLICY",
            Description="Draft: deny regions Acme does not use (never attached)",
            Content=json.dumps(REGION_DRAFT_SCP),
        )


def expected(profile: str) -> dict[str, set[str]]:
    bad = profile in ("workshop", "scale")
    # One all-features organization: IAM-01-C05 and IAM-03-C01 can only pass here.
    return {
        "IAM-01-C05": {"PASS"},
        "IAM-03-C01": {"PASS"},
        "IAM-03-C02": {"PASS", "WARN"} if bad else {"PASS"},
    }
