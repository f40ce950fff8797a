"""Encryption of other data stores (DP-01-C11): EFS file systems and DynamoDB tables."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from .registry import Context, check


@check("DP-01-C11", "efs.file_systems", "dynamodb.tables")
def data_stores_encrypted(ctx: Context, file_systems: Any, tables: Any) -> Iterator[Finding]:
    require_kms = bool(ctx.param("require_kms", False))
    judged = 0
    for listing in (file_systems, tables):
        if isinstance(listing, Unreadable):
            judged += 1
            yield listing.finding(ctx.account_arn)
    for fs in [] if isinstance(file_systems, Unreadable) else file_systems:
        judged += 1
        arn = fs.get("FileSystemArn") or fs["FileSystemId"]
        label = f"EFS {fs.get('Name') or fs['FileSystemId']}"
        if fs.get("Encrypted"):
            yield Finding.passed(arn, f"{label} is encrypted at rest", kms_key=fs.get("KmsKeyId"))
        else:
            yield Finding.failed(arn, f"{label} is not encrypted at rest")
    for table in [] if isinstance(tables, Unreadable) else tables:
        judged += 1
        yield _table_verdict(table, require_kms)
    if not judged:
        yield Finding.not_applicable(
            ctx.account_arn, f"no EFS file system or DynamoDB table in {ctx.region}"
        )


def _table_verdict(table: dict[str, Any], require_kms: bool) -> Finding:
    sse, label = table.get("sse"), f"DynamoDB table {table['name']}"
    if isinstance(sse, Unreadable):
        return sse.finding(table["arn"])
    if sse and sse.get("Status") in ("ENABLED", "UPDATING") and sse.get("SSEType") == "KMS":
        return Finding.passed(
            table["arn"], f"{label} is encrypted with a KMS key", kms_key=sse.get("KMSMasterKeyArn")
        )
    if sse and sse.get("Status") not in (None, "ENABLED", "UPDATING"):
        return Finding.failed(table["arn"], f"{label}: KMS encryption is {sse.get('Status')}")
    if require_kms:
        return Finding.failed(
            table["arn"], f"{label} uses the AWS owned key, but the standard requires a KMS key"
        )
    return Finding.passed(table["arn"], f"{label} is encrypted with the AWS owned key (default)")
