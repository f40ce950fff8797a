"""Systems Manager facts (regional): managed instances, patch compliance and automation, documents.

Several SSM reads are missing from some endpoints (the sandbox among them). Where a check can
still decide from the other calls, the failed read is kept as `Unreadable` instead of failing
the whole fact.
"""

from __future__ import annotations

from typing import Any

from ..aws.errors import ApiError
from ..results import Unreadable
from .api import Api
from .ec2 import instances
from .fanout import read_each
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "ssm": (
        "DescribeDocumentPermission",
        "DescribeInstanceInformation",
        "DescribeMaintenanceWindowTasks",
        "DescribeMaintenanceWindows",
        "ListAssociations",
        "ListDocuments",
        "ListResourceComplianceSummaries",
    ),
}

# Documents that install or scan patches (State Manager associations and maintenance windows).
PATCH_DOCUMENTS = frozenset(
    {"AWS-RunPatchBaseline", "AWS-RunPatchBaselineAssociation", "AWS-RunPatchBaselineWithHooks"}
)


@fact("ssm.instance_information", scope="regional")
def instance_information(api: Api) -> list[dict[str, Any]] | Unreadable:
    """Instances registered with Systems Manager (with PingStatus), or Unreadable.

    Not read in a region without instances: the checks have nothing to match it against.
    """
    if not instances(api):
        return []
    try:
        return api.paginate("ssm", "describe_instance_information", "InstanceInformationList") or []
    except ApiError as err:
        return Unreadable(err.status, err.reason)


@fact("ssm.patch_compliance", scope="regional")
def patch_compliance(api: Api) -> list[dict[str, Any]]:
    """Per-resource patch compliance summaries (COMPLIANT / NON_COMPLIANT)."""
    return api.paginate(
        "ssm", "list_resource_compliance_summaries", "ResourceComplianceSummaryItems",
        Filters=[{"Key": "ComplianceType", "Values": ["Patch"], "Type": "EQUAL"}],
    ) or []


@fact("ssm.patch_automation", scope="regional")
def patch_automation(api: Api) -> dict[str, Any]:
    """Return the enabled maintenance windows (with their tasks) and the associations.

    {"windows": [window + "Tasks": list | Unreadable], "associations": list | None | Unreadable}.
    The window listing must succeed (it is the fallback evidence); associations may not, and are
    not read (None) once a window is known to run a patch document.
    """
    windows = api.paginate("ssm", "describe_maintenance_windows", "WindowIdentities") or []
    enabled: list[dict[str, Any]] = []
    for window in windows:
        if not window.get("Enabled", True):
            continue
        window_id = window["WindowId"]
        try:
            # Untagged: the finding is about the region, and must point at this read too.
            tasks: Any = api.paginate("ssm", "describe_maintenance_window_tasks", "Tasks",
                                      WindowId=window_id) or []
        except ApiError as err:
            tasks = Unreadable(err.status, err.reason)
        enabled.append({**window, "Tasks": tasks})
    associations: list[dict[str, Any]] | None | Unreadable = None
    if not any(runs_patch_document(w["Tasks"]) for w in enabled):
        try:
            associations = api.paginate("ssm", "list_associations", "Associations") or []
        except ApiError as err:
            associations = Unreadable(err.status, err.reason)
    return {"windows": enabled, "associations": associations}


def document_name(ref: str) -> str:
    """`AWS-RunPatchBaseline` from a document name or ARN."""
    return ref.rsplit("document/", 1)[-1]


def runs_patch_document(tasks: list[dict[str, Any]] | Unreadable) -> bool:
    return isinstance(tasks, list) and any(
        document_name(str(t.get("TaskArn", ""))) in PATCH_DOCUMENTS for t in tasks
    )


@fact("ssm.own_documents", scope="regional")
def own_documents(api: Api) -> list[dict[str, Any]]:
    """Documents this account owns (not AWS's, not ones shared with it)."""
    return api.paginate("ssm", "list_documents", "DocumentIdentifiers",
                        Filters=[{"Key": "Owner", "Values": ["Self"]}]) or []


@fact("ssm.document_sharing", scope="regional")
def document_sharing(api: Api) -> dict[str, list[str] | Unreadable]:
    """Own document name -> the account ids it is shared with ("all" = public)."""

    def read(name: str) -> list[str]:
        # Tagged with the path that ends the document's ARN.
        # No botocore paginator: follow NextToken ("all" may sit on a later page).
        accounts: list[str] = []
        token: str | None = None
        while True:
            extra: dict[str, Any] = {"NextToken": token} if token else {}
            resp = api.call("ssm", "describe_document_permission",
                            resource=f"document/{name}", Name=name,
                            PermissionType="Share", **extra)
            accounts.extend(resp.get("AccountIds", []))
            token = resp.get("NextToken")
            if not token:
                return accounts

    names = [doc["Name"] for doc in own_documents(api)]
    return dict(zip(names, read_each(api, "ssm", names, read), strict=True))
