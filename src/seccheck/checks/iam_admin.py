"""IAM-03 least privilege: policies that grant full administrator access."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding
from .registry import Context, check
from .resource_policy import as_list, statements


def grants_full_admin(document: Any) -> bool:
    """Tell whether an Allow statement gives every action on every resource."""
    for st in statements(document):
        if st.get("Effect") != "Allow" or "Action" not in st:
            continue
        actions = {str(a) for a in as_list(st.get("Action"))}
        resources = {str(r) for r in as_list(st.get("Resource"))}
        if actions & {"*", "*:*"} and "*" in resources:
            return True
    return False


def _default_document(policy: dict[str, Any]) -> Any:
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
    attached = [p for p in details.get("policies", []) if int(p.get("AttachmentCount", 0) or 0) > 0]
    if not attached:
        yield Finding.not_applicable(ctx.account_arn, "no customer-managed policy is attached")
        return
    for policy in attached:
        name = policy.get("PolicyName") or policy["Arn"].rsplit("/", 1)[-1]
        if grants_full_admin(_default_document(policy)):
            yield Finding.failed(
                policy["Arn"],
                f'policy {name} allows "*" on "*" and is '
                f"attached to {policy.get('AttachmentCount')} entities",
            )
        else:
            yield Finding.passed(
                policy["Arn"], f"policy {name} does not grant full administrator access"
            )
