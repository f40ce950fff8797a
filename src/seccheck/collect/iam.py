"""IAM facts (global): account summary, credential report, users, roles, policies."""

from __future__ import annotations

import csv
import io
import time
from typing import Any

from ..aws.errors import ApiError
from ..aws.plain import iso
from ..results import Status, Unreadable
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "iam": (
        "GenerateCredentialReport",
        "GetAccountAuthorizationDetails",
        "GetAccountPasswordPolicy",
        "GetAccountSummary",
        "GetCredentialReport",
        "GetPolicy",
        "GetPolicyVersion",
        "ListOrganizationsFeatures",
        "ListSAMLProviders",
        "ListServerCertificates",
        "ListVirtualMFADevices",
    ),
}

# Errors of iam:ListOrganizationsFeatures and what each says about this account.
_FEATURES_NOT_ENABLED = (
    "ServiceAccessNotEnabledException",
    "OrganizationNotInAllFeaturesModeException",
)
_FEATURES_WRONG_ACCOUNT = "AccountNotManagementOrDelegatedAdministratorException"
_FEATURES_NO_ORG = "OrganizationNotFoundException"


@fact("iam.account_summary", scope="global")
def account_summary(api: Api) -> dict[str, int]:
    return dict(api.call("iam", "get_account_summary")["SummaryMap"])


@fact("iam.credential_report", scope="global")
def credential_report(api: Api) -> list[dict[str, str]]:
    """Rows of the credential report (with the `<root_account>` row when AWS gives one)."""
    for attempt in range(20):
        # GenerateCredentialReport only starts a report job; the guard allows it by name.
        state = api.call("iam", "generate_credential_report", fresh=True).get("State")
        if state == "COMPLETE":
            break
        time.sleep(min(0.25 * (attempt + 1), 2))
    reply = api.call("iam", "get_credential_report")
    content = reply["Content"]
    text = content.decode("utf-8") if isinstance(content, bytes) else str(content)
    generated = reply.get("GeneratedTime")
    # Every row says when AWS generated the report (up to 4 hours old), for the reasons.
    stamp = {"report_generated": iso(generated)} if hasattr(generated, "astimezone") else {}
    return [{**row, **stamp} for row in csv.DictReader(io.StringIO(text))]


@fact("iam.assigned_virtual_mfa", scope="global")
def assigned_virtual_mfa(api: Api) -> list[dict[str, str]]:
    """List assigned virtual MFA devices: serial and owner only (never seeds or QR codes)."""
    devices = (
        api.paginate(
            "iam", "list_virtual_mfa_devices", "VirtualMFADevices", AssignmentStatus="Assigned"
        )
        or []
    )
    return [
        {"serial": d.get("SerialNumber", ""), "user_arn": (d.get("User") or {}).get("Arn", "")}
        for d in devices
    ]


@fact("iam.password_policy", scope="global")
def password_policy(api: Api) -> dict[str, Any] | None:
    """Read the account password policy, or None when none is set (NoSuchEntity)."""
    reply = api.call("iam", "get_account_password_policy", absent_on=("NoSuchEntity",))
    return None if reply is None else dict(reply.get("PasswordPolicy", {}))


@fact("iam.organizations_features", scope="global")
def organizations_features(api: Api) -> dict[str, Any] | Unreadable:
    """Centralised root access features of the organization.

    Returns {"enabled": [...], "organization": id} or {"enabled": [], "reason": why} when the
    feature set cannot be on (no trusted access, no all-features organization, no organization).
    A member account cannot read it: that is Unreadable, not a finding.
    """
    try:
        reply = api.call("iam", "list_organizations_features")
    except ApiError as err:
        if err.code in _FEATURES_NOT_ENABLED:
            return {"enabled": [], "reason": err.code}
        if err.code == _FEATURES_NO_ORG:
            return {"enabled": [], "reason": err.code, "no_organization": True}
        if err.code == _FEATURES_WRONG_ACCOUNT:
            return Unreadable(
                Status.NOT_ASSESSABLE,
                f"account {api.account} is neither the management account nor the IAM delegated "
                "administrator; run this check from the management account",
            )
        raise
    return {
        "enabled": list(reply.get("EnabledFeatures", [])),
        "organization": reply.get("OrganizationId", ""),
    }


@fact("iam.authorization_details", scope="global")
def authorization_details(api: Api) -> dict[str, Any]:
    """Users, groups, roles, customer-managed policies and attached AWS-managed policy documents.

    GetAccountAuthorizationDetails returns what would otherwise take several calls per user
    and per policy (attached and inline policies, trust policies, last use). AWS-managed policies
    are read one by one (GetPolicy, GetPolicyVersion) and only when attached: asking the listing
    for them would bring every AWS-managed policy there is.
    """
    users: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    roles: list[dict[str, Any]] = []
    policies: list[dict[str, Any]] = []
    marker: str | None = None
    for _ in range(1000):  # a hard stop in case an endpoint keeps answering IsTruncated
        params: dict[str, Any] = {
            "Filter": ["User", "Group", "Role", "LocalManagedPolicy"],
            "MaxItems": 1000,
        }
        if marker:
            params["Marker"] = marker
        page = api.call("iam", "get_account_authorization_details", **params)
        users.extend(page.get("UserDetailList", []))
        groups.extend(page.get("GroupDetailList", []))
        roles.extend(page.get("RoleDetailList", []))
        policies.extend(page.get("Policies", []))
        marker = page.get("Marker") if page.get("IsTruncated") else None
        if not marker:
            break
    attached = {
        p.get("PolicyArn", "")
        for entity in users + groups + roles
        for p in entity.get("AttachedManagedPolicies", [])
    }
    aws_managed = sorted(a for a in attached if a.split(":")[4:5] == ["aws"])
    return {
        "users": users,
        "groups": groups,
        "roles": roles,
        "policies": policies,
        "aws_policies": {arn: _managed_document(api, arn) for arn in aws_managed},
    }


def _managed_document(api: Api, arn: str) -> Any:
    """The default version's document of a managed policy, or Unreadable."""
    try:
        version = api.call("iam", "get_policy", PolicyArn=arn)["Policy"]["DefaultVersionId"]
        reply = api.call("iam", "get_policy_version", PolicyArn=arn, VersionId=version)
    except (ApiError, KeyError) as err:
        reason = err.reason if isinstance(err, ApiError) else "no default version"
        status = err.status if isinstance(err, ApiError) else Status.ERROR
        return Unreadable(status, f"the AWS-managed policy {arn} could not be read: {reason}")
    return reply.get("PolicyVersion", {}).get("Document")


@fact("iam.saml_providers", scope="global")
def saml_providers(api: Api) -> list[str]:
    reply = api.call("iam", "list_saml_providers")
    return [p["Arn"] for p in reply.get("SAMLProviderList", [])]


@fact("iam.server_certificates", scope="global")
def server_certificates(api: Api) -> list[dict[str, Any]]:
    return api.paginate("iam", "list_server_certificates", "ServerCertificateMetadataList") or []
