"""KMS estate: Acme's keys, and the shared keys other estates encrypt with.

Publishes `ctx.shared["kms"]`:
- `logs_key_arn`: {region: ARN} of a logs key in every region (rotation on, default policy);
- `data_key_arn`: {region: ARN} of the data key in the home region (payments data, orders).

Every key here passes DP-01-C09/C10 except the per-copy bad example (workshop/scale only):
`acme-partner-exchange` in eu-west-1, rotation off and a policy open to every AWS account.
The workshop also has `acme-billing-archive` (home region) scheduled for deletion (DP-01-C21).
"""

from __future__ import annotations

import json
from typing import Any

from ..seeding import SeedContext

ORDER = 5  # before the estates that encrypt with these keys


def copy_name(base: str, i: int) -> str:
    return base if i == 0 else f"{base}-{i:03d}"


def region(ctx: SeedContext, wanted: str) -> str:
    return wanted if wanted in ctx.regions else ctx.home


def root_statement(account: str) -> dict[str, Any]:
    return {
        "Sid": "Enable IAM User Permissions",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
        "Action": "kms:*",
        "Resource": "*",
    }


def _key(
    ctx: SeedContext,
    where: str,
    alias: str,
    description: str,
    *,
    rotate: bool,
    extra: list[dict[str, Any]] | None = None,
) -> str:
    kms = ctx.client("kms", where)
    params: dict[str, Any] = {
        "Description": description,
        "Tags": [{"TagKey": "owner", "TagValue": "acme-platform"}],
    }
    if extra:
        params["Policy"] = json.dumps(
            {"Version": "2012-10-17", "Statement": [root_statement(ctx.account), *extra]}
        )
    meta = kms.create_key(**params)["KeyMetadata"]
    kms.create_alias(AliasName=f"alias/{alias}", TargetKeyId=meta["KeyId"])
    if rotate:
        kms.enable_key_rotation(KeyId=meta["KeyId"])
    return str(meta["Arn"])


def seed(ctx: SeedContext) -> None:
    logs = {
        r: _key(
            ctx, r, "acme-logs", "Acme log encryption (CloudTrail, CloudWatch Logs)", rotate=True
        )
        for r in ctx.regions
    }
    data = {ctx.home: _key(ctx, ctx.home, "acme-data", "Acme payments and order data", rotate=True)}
    # Shared with the whole organization: a wildcard principal narrowed by aws:PrincipalOrgID.
    _key(
        ctx,
        ctx.home,
        "acme-org-backup",
        "Cross-account backup copies inside the organization",
        rotate=True,
        extra=[
            {
                "Sid": "AllowOrganizationUse",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant"],
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-acme12345"}},
            }
        ],
    )
    ctx.shared["kms"] = {"logs_key_arn": logs, "data_key_arn": data}
    if ctx.bad:
        doomed = _key(ctx, ctx.home, "acme-billing-archive", "Billing archive (2019-2021)",
                      rotate=True)
        ctx.client("kms", ctx.home).schedule_key_deletion(
            KeyId=doomed.rsplit("/", 1)[-1], PendingWindowInDays=30  # moto wants the id
        )
        eu = region(ctx, "eu-west-1")
        for i in range(ctx.copies):
            _key(
                ctx,
                eu,
                copy_name("acme-partner-exchange", i),
                "Files exchanged with partners",
                rotate=False,
                extra=[
                    {
                        "Sid": "PartnersDecrypt",
                        "Effect": "Allow",
                        "Principal": {"AWS": "*"},
                        "Action": ["kms:Decrypt", "kms:DescribeKey"],
                        "Resource": "*",
                    }
                ],
            )


def expected(profile: str) -> dict[str, set[str]]:
    bad = profile in ("workshop", "scale")
    return {
        "DP-01-C09": {"PASS", "FAIL"} if bad else {"PASS"},
        "DP-01-C10": {"PASS", "FAIL"} if bad else {"PASS"},
        "DP-01-C21": {"PASS", "FAIL"} if bad else {"PASS"},
    }
