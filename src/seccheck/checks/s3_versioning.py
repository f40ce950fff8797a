"""S3 checks on every bucket's versioning: versioning on, and MFA Delete (CIS 2.1.2).

DP-01-C14 judges versioning and Object Lock on buckets tagged as critical; these two judge
every bucket, as Prowler's `s3_bucket_object_versioning` and `s3_bucket_no_mfa_delete` do.
GetBucketVersioning omits `Status` and `MFADelete` on a bucket that was never versioned.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Status, Unreadable
from .registry import Context, check
from .s3 import in_bucket_regions

NOT_READ = Unreadable(Status.NOT_ASSESSABLE, "versioning was not read")


def _state(versioning: Any) -> str:
    return {"Enabled": "on", "Suspended": "suspended"}.get(str(versioning), "never enabled")


@check("DP-01-C19", "s3.buckets")
@in_bucket_regions()
def bucket_versioning(ctx: Context, buckets: list[dict[str, Any]]) -> Iterator[Finding]:
    if not buckets:
        yield Finding.not_applicable(ctx.account_arn, "no S3 buckets")
        return
    for bucket in buckets:
        versioning = bucket.get("versioning", NOT_READ)
        if isinstance(versioning, Unreadable):
            yield versioning.finding(bucket["arn"])
        elif versioning == "Enabled":
            yield Finding.passed(bucket["arn"], f"bucket {bucket['name']} keeps object versions",
                                 versioning=versioning)
        else:
            yield Finding.failed(bucket["arn"], f"bucket {bucket['name']}: versioning is "
                                                f"{_state(versioning)}, so an overwrite or delete "
                                                "cannot be undone", versioning=versioning)


@check("DP-01-C20", "s3.buckets")
@in_bucket_regions()
def bucket_mfa_delete(ctx: Context, buckets: list[dict[str, Any]]) -> Iterator[Finding]:
    if not buckets:
        yield Finding.not_applicable(ctx.account_arn, "no S3 buckets")
        return
    for bucket in buckets:
        versioning = bucket.get("versioning", NOT_READ)
        mfa_delete = bucket.get("mfa_delete", NOT_READ)
        if isinstance(mfa_delete, Unreadable):
            yield mfa_delete.finding(bucket["arn"])
        elif mfa_delete == "Enabled":
            yield Finding.passed(bucket["arn"], f"bucket {bucket['name']}: MFA Delete is on "
                                                f"(versioning {_state(versioning)})",
                                 mfa_delete=mfa_delete, versioning=versioning)
        else:
            yield Finding.failed(bucket["arn"], f"bucket {bucket['name']}: MFA Delete is off; "
                                                "object versions can be deleted without MFA",
                                 mfa_delete=mfa_delete, versioning=versioning)
