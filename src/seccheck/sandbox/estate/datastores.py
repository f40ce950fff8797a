"""EFS and DynamoDB estate (DP-01-C11).

Per copy: encrypted EFS `acme-shared-files` (home region) and EFS `acme-build-cache` (eu-west-1),
unencrypted in the workshop (the bad example), encrypted in clean. Once (each table costs a read
per run, and tables are always encrypted): `acme-orders` (home region, KMS data key),
`acme-sessions` (eu-west-1) and `acme-analytics-events` (ap-southeast-2) with DynamoDB's default
encryption, so every region has a data store to judge.
"""

from __future__ import annotations

from typing import Any

from ..seeding import SeedContext

ORDER = 30  # after kms (the data key)


def copy_name(base: str, i: int) -> str:
    return base if i == 0 else f"{base}-{i:03d}"


def region(ctx: SeedContext, wanted: str) -> str:
    return wanted if wanted in ctx.regions else ctx.home


def _file_system(ctx: SeedContext, where: str, name: str, *, encrypted: bool) -> None:
    ctx.client("efs", where).create_file_system(
        CreationToken=name,
        Encrypted=encrypted,
        PerformanceMode="generalPurpose",
        Tags=[{"Key": "Name", "Value": name}],
    )


def _table(ctx: SeedContext, where: str, name: str, kms_key: str | None = None) -> None:
    params: dict[str, Any] = {
        "TableName": name,
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST",
    }
    if kms_key:
        params["SSESpecification"] = {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": kms_key}
    ctx.client("dynamodb", where).create_table(**params)


def seed(ctx: SeedContext) -> None:
    home, eu, ap = ctx.home, region(ctx, "eu-west-1"), region(ctx, "ap-southeast-2")
    data_key = ctx.shared.get("kms", {}).get("data_key_arn", {}).get(home)
    for i in range(ctx.copies):
        _file_system(ctx, home, copy_name("acme-shared-files", i), encrypted=True)
        _file_system(ctx, eu, copy_name("acme-build-cache", i), encrypted=not ctx.bad)
    _table(ctx, home, "acme-orders", data_key)
    _table(ctx, eu, "acme-sessions")
    _table(ctx, ap, "acme-analytics-events")


def expected(profile: str) -> dict[str, set[str]]:
    bad = profile in ("workshop", "scale")
    return {"DP-01-C11": {"PASS", "FAIL"} if bad else {"PASS"}}
