"""IAM-03 least privilege: policies that grant full administrator access."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding
from . import _policy
from .registry import Context, check


def grants_full_admin(document: Any) -> bool:
    """Tell whether an Allow gives every action (or all but a few, via NotAction) on everything."""
    return bool(_policy.grants_full_access(document))


def default_document(policy: dict[str, Any]) -> Any:
    """The document of a managed policy's default version (the one in force)."""
    for version in policy.get("PolicyVersionList", []):
        if version.get("IsDefaultVersion") or version.get("VersionId") == policy.get(
            "DefaultVersionId"
        ):
            return version.get("Document")
    return None


@check("IAM-03-C04", "iam.authorization_details")
def no_full_admin_policies(
    ctx: Context, details: dict[str, list[dict[str, Any]]]
) -> Iterator[Finding]:
    policies = details.get("policies", [])
    if not policies:
        yield Finding.not_applicable(ctx.account_arn, "there is no customer-managed policy")
        return
    for policy in policies:
        name = policy.get("PolicyName") or policy["Arn"].rsplit("/", 1)[-1]
        attached = int(policy.get("AttachmentCount", 0) or 0)
        sids = _policy.grants_full_access(default_document(policy))
        where = (
            f"is attached to {attached} entities"
            if attached
            else "is not attached now (anyone allowed to attach policies can use it)"
        )
        if sids:
            yield Finding.failed(
                policy["Arn"],
                f"policy {name} allows every action on every resource (statement "
                f"{', '.join(sids)}, Action * or a NotAction) and {where}",
                attachments=attached,
                statements=sids,
            )
        else:
            yield Finding.passed(
                policy["Arn"],
                f"policy {name} does not grant full administrator access",
                attachments=attached,
            )
