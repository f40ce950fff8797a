"""The read-only guard: a botocore hook that refuses, before it is sent, every call not allowed.

It is an allowlist. A call passes only when its operation is one the collectors declare (each
`collect/<service>.py` lists its `OPERATIONS`) or one the tool itself needs (`TOOL_OPERATIONS`),
and its name says it is a read. Two more lines hold even for declared operations: reads that
hand back secrets or customer data (`SECRET_READS`, `DECRYPTING_PARAMETERS`) are never sent, and
reads of EC2 user data (`SECRET_SCAN_READS`) are sent only for the one collector that scans it
for secrets and keeps a verdict, never the value (`SECRET_SCANNER`).

This module is stdlib-only on purpose: evidence notebooks embed its source in their replay
cells (`inspect.getsource`), so the replay refuses exactly what the engine refuses.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

READ_PREFIXES = ("Describe", "List", "Get", "BatchGet", "Lookup", "Head")

# Not reads by name, but needed and harmless: the credential report only starts a report job;
# AssumeRole only reaches member accounts (its credentials are never recorded unredacted).
ALLOWED_BY_NAME: frozenset[tuple[str, str]] = frozenset(
    {
        ("iam", "GenerateCredentialReport"),
        ("sts", "AssumeRole"),
    }
)

# What the tool needs besides the collectors: who the caller is, member-account roles, which
# regions are enabled, which accounts the organization has.
TOOL_OPERATIONS: frozenset[tuple[str, str]] = frozenset(
    {
        ("sts", "GetCallerIdentity"),
        ("sts", "AssumeRole"),
        ("ec2", "DescribeRegions"),
        ("organizations", "ListAccounts"),
        ("organizations", "DescribeOrganization"),
    }
)

# Reads that return secret values, credentials or customer data. Never sent, even if declared.
SECRET_READS: frozenset[tuple[str, str]] = frozenset(
    {
        ("secretsmanager", "GetSecretValue"),
        ("secretsmanager", "BatchGetSecretValue"),
        ("secretsmanager", "GetRandomPassword"),
        ("s3", "GetObject"),
        ("s3", "GetObjectTorrent"),
        ("s3control", "GetDataAccess"),
        ("ec2", "GetPasswordData"),
        ("ec2", "GetConsoleOutput"),
        ("ec2", "GetConsoleScreenshot"),
        ("ec2", "GetLaunchTemplateData"),
        ("ecr", "GetAuthorizationToken"),
        ("ecr-public", "GetAuthorizationToken"),
        ("codeartifact", "GetAuthorizationToken"),
        ("sts", "GetSessionToken"),
        ("sts", "GetFederationToken"),
        ("lambda", "GetFunction"),
        ("glue", "GetConnection"),
        ("glue", "GetConnections"),
        ("apigateway", "GetApiKey"),
        ("apigateway", "GetApiKeys"),
        ("lightsail", "GetInstanceAccessDetails"),
        ("lightsail", "GetRelationalDatabaseMasterUserPassword"),
        ("codecommit", "GetBlob"),
        ("codecommit", "GetFile"),
        ("dynamodb", "GetItem"),
        ("dynamodb", "BatchGetItem"),
        ("kinesis", "GetRecords"),
        ("logs", "GetLogEvents"),
        ("logs", "FilterLogEvents"),
        ("logs", "GetLogRecord"),
        ("athena", "GetQueryResults"),
        ("redshift", "GetClusterCredentials"),
        ("redshift", "GetClusterCredentialsWithIAM"),
        ("redshift-serverless", "GetCredentials"),
        ("rds-data", "GetItems"),
        ("emr", "GetClusterSessionCredentials"),
        ("sso", "GetRoleCredentials"),
        ("cognito-identity", "GetId"),
        ("cognito-identity", "GetCredentialsForIdentity"),
        ("cognito-identity", "GetOpenIdToken"),
    }
)

# Reads that are fine unless asked to decrypt.
DECRYPTING_PARAMETERS: dict[tuple[str, str], str] = {
    ("ssm", "GetParameter"): "WithDecryption",
    ("ssm", "GetParameters"): "WithDecryption",
    ("ssm", "GetParametersByPath"): "WithDecryption",
    ("ssm", "GetParameterHistory"): "WithDecryption",
}

# Reads that return EC2 user data (where people leave keys and passwords). The parameter value
# that makes DescribeInstanceAttribute return it; None: every call returns it.
SECRET_SCAN_READS: dict[tuple[str, str], tuple[str, str] | None] = {
    ("ec2", "DescribeInstanceAttribute"): ("Attribute", "userData"),
    ("ec2", "DescribeLaunchTemplateVersions"): None,
}
# The one module allowed to send them: it scans what it reads and keeps only a verdict.
SECRET_SCANNER = "seccheck.collect.user_data"


class ReadOnlyViolation(PermissionError):
    """Raised before sending a request the read-only guard refuses."""

    def __init__(self, service: str, operation: str, why: str):
        self.service = service
        self.operation = operation
        super().__init__(
            f"seccheck refused {service}:{operation} before sending it: {why}. "
            "seccheck only reads configuration and never changes an account or reads secrets."
        )


def returns_user_data(key: tuple[str, str], params: dict[str, Any] | None) -> bool:
    """True for the calls that return EC2 user data (`SECRET_SCAN_READS`)."""
    if key not in SECRET_SCAN_READS:
        return False
    selector = SECRET_SCAN_READS[key]
    if selector is None:
        return True
    name, value = selector
    return str((params or {}).get(name, "")).lower() == value.lower()


def _called_by_scanner() -> bool:
    """True when the user-data secret scanner is on this thread's call stack."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__") == SECRET_SCANNER:
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


class Guard:
    """An allowlist of (service, operation) pairs, with the secret reads refused on top."""

    def __init__(self, allowed: Iterable[tuple[str, str]] = ()) -> None:
        self.allowed: frozenset[tuple[str, str]] = frozenset(allowed) | TOOL_OPERATIONS

    def refusal(
        self, service: str, operation: str, params: dict[str, Any] | None = None
    ) -> str | None:
        """Why this call is refused, or None when it may be sent."""
        key = (service, operation)
        if key in SECRET_READS:
            return "it returns secret values, credentials or customer data"
        flag = DECRYPTING_PARAMETERS.get(key)
        if flag and params and params.get(flag):
            return f"{flag}=True would return decrypted secret values"
        if returns_user_data(key, params) and not _called_by_scanner():
            return (
                "it returns EC2 user data, which may hold secrets; only seccheck's user-data "
                f"secret scan ({SECRET_SCANNER}) may read it, and it keeps a verdict, not the value"
            )
        if not (key in ALLOWED_BY_NAME or operation.startswith(READ_PREFIXES)):
            return "it is not a read operation"
        if key not in self.allowed:
            return "it is not one of the operations seccheck's collectors declare"
        return None

    def __call__(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        """The botocore `before-parameter-build` hook."""
        service = model.service_model.service_name
        why = self.refusal(service, model.name, params)
        if why:
            raise ReadOnlyViolation(service, model.name, why)


GUARD_ID = "seccheck-guard"


def install_guard(events: Any, guard: Guard) -> None:
    """Register the guard on a client's or session's botocore event system (once)."""
    events.register("before-parameter-build", guard, unique_id=GUARD_ID)


def guard_session(session: Any, guard: Guard) -> Any:
    """Put the guard on a boto3 (or botocore) session: every client it creates is guarded.

    botocore clients copy their session's event handlers when created, so this must happen
    before the session's first client.
    """
    if hasattr(session, "events"):  # boto3
        events = session.events
    else:  # botocore
        events = session.get_component("event_emitter")
    install_guard(events, guard)
    return session
