"""The read-only guard: a botocore hook that refuses anything but reads, before it is sent.

It is installed on every client seccheck creates. An operation passes only if it is a read by
name (Describe*, List*, Get*, BatchGet*, Lookup*, Head*) or explicitly allowed, and is not one of
the reads that hand back secret material or customer data.
"""

from __future__ import annotations

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

# Reads that return secret values, credentials or customer data. Never sent.
SECRET_READS: frozenset[tuple[str, str]] = frozenset(
    {
        ("secretsmanager", "GetSecretValue"),
        ("secretsmanager", "BatchGetSecretValue"),
        ("secretsmanager", "GetRandomPassword"),
        ("s3", "GetObject"),
        ("s3", "GetObjectTorrent"),
        ("ec2", "GetPasswordData"),
        ("ecr", "GetAuthorizationToken"),
        ("ecr-public", "GetAuthorizationToken"),
        ("sts", "GetSessionToken"),
        ("sts", "GetFederationToken"),
        ("lambda", "GetFunction"),
        ("glue", "GetConnection"),
        ("glue", "GetConnections"),
        ("apigateway", "GetApiKey"),
        ("apigateway", "GetApiKeys"),
        ("lightsail", "GetInstanceAccessDetails"),
        ("codecommit", "GetBlob"),
        ("codecommit", "GetFile"),
        ("dynamodb", "GetItem"),
        ("dynamodb", "BatchGetItem"),
        ("kinesis", "GetRecords"),
        ("logs", "GetLogEvents"),
        ("athena", "GetQueryResults"),
        ("redshift", "GetClusterCredentials"),
        ("redshift", "GetClusterCredentialsWithIAM"),
        ("rds-data", "GetItems"),
        ("sso", "GetRoleCredentials"),
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


class ReadOnlyViolation(PermissionError):
    """Raised before sending a request the read-only guard refuses."""

    def __init__(self, service: str, operation: str, why: str):
        self.service = service
        self.operation = operation
        super().__init__(
            f"seccheck refused {service}:{operation} before sending it: {why}. "
            "seccheck only reads configuration and never changes an account or reads secrets."
        )


def refusal(service: str, operation: str, params: dict[str, Any] | None = None) -> str | None:
    """Why the guard refuses this call, or None when it may be sent."""
    key = (service, operation)
    if key in SECRET_READS:
        return "it returns secret values or customer data"
    flag = DECRYPTING_PARAMETERS.get(key)
    if flag and params and params.get(flag):
        return f"{flag}=True would return decrypted secret values"
    if key in ALLOWED_BY_NAME or operation.startswith(READ_PREFIXES):
        return None
    return "it is not a read operation"


def _before_parameter_build(params: dict[str, Any], model: Any, **_: Any) -> None:
    service = model.service_model.service_name
    why = refusal(service, model.name, params)
    if why:
        raise ReadOnlyViolation(service, model.name, why)


def install_guard(events: Any) -> None:
    """Register the guard on a client's or session's botocore event system."""
    events.register("before-parameter-build", _before_parameter_build, unique_id="seccheck-guard")
