"""GuardDuty facts (regional): detectors, the delegated administrator, open severe findings."""

from __future__ import annotations

from typing import Any

from ..aws.errors import ApiError
from ..results import Status, Unreadable
from .account import membership
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "guardduty": (
        "GetAdministratorAccount",
        "GetDetector",
        "GetFindings",
        "ListDetectors",
        "ListFindings",
        "ListOrganizationAdminAccounts",
    ),
}

HIGH_SEVERITY = 7
_GET_FINDINGS_BATCH = 50


def detector_arn(api: Api, detector_id: str) -> str:
    return f"arn:{api.partition}:guardduty:{api.region}:{api.account}:detector/{detector_id}"


@fact("guardduty.detectors", scope="regional")
def detectors(api: Api) -> list[dict[str, Any]]:
    """Detectors in this region with their status (Unreadable `Status` when one is denied)."""
    out = []
    for detector_id in api.paginate("guardduty", "list_detectors", "DetectorIds") or []:
        arn = detector_arn(api, detector_id)
        entry: dict[str, Any] = {"DetectorId": detector_id, "Arn": arn}
        try:
            reply = api.call("guardduty", "get_detector", resource=arn, DetectorId=detector_id)
            entry["Status"] = reply.get("Status")
            entry["UpdatedAt"] = reply.get("UpdatedAt")
        except ApiError as err:
            entry["Status"] = Unreadable(err.status, err.reason)
        out.append(entry)
    return out


@fact("guardduty.administrators", scope="regional")
def administrators(api: Api) -> dict[str, str | None]:
    """Detector ARN -> the GuardDuty administrator account its findings go to (None: none).

    A member's findings are also delivered to its administrator, whose EventBridge rules may
    route them centrally. Unreadable relationships count as none (the check then judges the
    local rules only, as before).
    """
    out: dict[str, str | None] = {}
    for detector in detectors(api):
        if detector.get("Status") != "ENABLED":
            continue
        try:
            reply = api.call(
                "guardduty",
                "get_administrator_account",
                resource=detector["Arn"],
                DetectorId=detector["DetectorId"],
            )
        except ApiError:
            reply = {}
        admin = reply.get("Administrator") or {}
        enabled = str(admin.get("RelationshipStatus", "")).lower() == "enabled"
        out[detector["Arn"]] = admin.get("AccountId") if enabled else None
    return out


@fact("guardduty.org_admins", scope="regional")
def org_admins(api: Api) -> dict[str, Any]:
    """Read the delegated administrators (visible from the management account only).

    Returns {"organization": org or None, "admins": [...] | Unreadable}.
    """
    org = membership(api)
    if org is None:
        return {"organization": None, "admins": []}
    if org.get("MasterAccountId") != api.account:
        return {
            "organization": org,
            "admins": Unreadable(
                Status.NOT_ASSESSABLE,
                f"account {api.account} is not the management account of {org.get('Id', '?')}; "
                f"the delegated administrator is registered from {org.get('MasterAccountId', '?')}",
            ),
        }
    admins = api.paginate("guardduty", "list_organization_admin_accounts", "AdminAccounts") or []
    return {"organization": org, "admins": admins}


def first_seen(finding: dict[str, Any]) -> Any:
    """When the activity was first seen: Service.EventFirstSeen, else CreatedAt.

    GuardDuty folds recurring activity into the original finding and moves its UpdatedAt, so
    UpdatedAt never shows how long a finding has been open.
    """
    return (finding.get("Service") or {}).get("EventFirstSeen") or finding.get("CreatedAt")


@fact("guardduty.severe_findings", scope="regional")
def severe_findings(api: Api) -> dict[str, Any]:
    """Unarchived findings of severity >= 7, per detector (Unreadable per detector on failure).

    Only this account's findings: an administrator's detector also lists its members'.
    """
    out: dict[str, Any] = {}
    for detector in detectors(api):
        detector_id, arn = detector["DetectorId"], detector["Arn"]
        try:
            ids = (
                api.paginate(
                    "guardduty",
                    "list_findings",
                    "FindingIds",
                    resource=arn,
                    DetectorId=detector_id,
                    FindingCriteria={
                        "Criterion": {
                            "severity": {"Gte": HIGH_SEVERITY},
                            "service.archived": {"Eq": ["false"]},
                            "accountId": {"Eq": [api.account]},
                        }
                    },
                )
                or []
            )
            findings: list[dict[str, Any]] = []
            for start in range(0, len(ids), _GET_FINDINGS_BATCH):
                batch = ids[start : start + _GET_FINDINGS_BATCH]
                reply = api.call(
                    "guardduty",
                    "get_findings",
                    resource=arn,
                    DetectorId=detector_id,
                    FindingIds=batch,
                )
                findings.extend(
                    {k: f.get(k) for k in ("Id", "Arn", "Type", "Severity", "UpdatedAt", "Title")}
                    | {"FirstSeen": first_seen(f)}
                    for f in reply.get("Findings", [])
                    if f.get("AccountId", api.account) == api.account
                )
            out[arn] = findings
        except ApiError as err:
            out[arn] = Unreadable(err.status, err.reason)
    return out
