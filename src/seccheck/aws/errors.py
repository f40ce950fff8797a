"""Turning AWS errors into honest statuses.

Every failed call is classified once, here: denied and unsupported become NOT_ASSESSABLE with
the permission or cause named; throttling that outlived the retries and anything unexpected
become ERROR. Nothing here ever turns an error into PASS or FAIL.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    NoCredentialsError,
)
from botocore.exceptions import (
    ConnectionError as BotoConnectionError,
)

from ..results import Status
from .guard import ReadOnlyViolation

DENIED_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnauthorizedAccess",
        "AuthorizationError",
        "AuthorizationErrorException",
        "Forbidden",
        "403",
        "AccessDeniedForDependencyException",
    }
)
REGION_OFF_CODES = frozenset(
    {"OptInRequired", "UnrecognizedClientException", "InvalidClientTokenId", "AuthFailure"}
)
THROTTLE_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "RequestThrottled",
        "RequestThrottledException",
        "SlowDown",
        "ProvisionedThroughputExceededException",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "EC2ThrottledException",
    }
)
UNSUPPORTED_CODES = frozenset(
    {"NotImplemented", "501", "InvalidAction", "UnknownOperationException"}
)


class ApiError(Exception):
    """A call that did not give usable data, with the status it implies and a human reason."""

    def __init__(self, status: Status, reason: str, *, code: str = "", call_id: str | None = None):
        self.status = status
        self.reason = reason
        self.code = code
        self.call_id = call_id
        super().__init__(reason)


class NotOffered(ApiError):
    """The service or feature does not exist in this account's partition.

    There is nothing to read, so the checks that need it are NOT_APPLICABLE with this reason,
    never FAIL or ERROR.

    `nothing_exists` says whether that also means nothing of the kind can exist (CloudFront
    outside its partitions: no distributions), or only that the check cannot be judged (Shield
    Advanced in China: the protection cannot be had), which never counts towards "met".
    """

    def __init__(self, reason: str, *, nothing_exists: bool = True):
        super().__init__(Status.NOT_APPLICABLE, reason, code="NotOffered")
        self.nothing_exists = nothing_exists


# Operations whose IAM action is not named after them.
_ACTION_NAMES = {
    ("s3", "ListBuckets"): "s3:ListAllMyBuckets",
    ("s3", "GetBucketEncryption"): "s3:GetEncryptionConfiguration",
    ("s3", "GetPublicAccessBlock"): "s3:GetBucketPublicAccessBlock",
    ("s3", "GetObjectLockConfiguration"): "s3:GetBucketObjectLockConfiguration",
    ("s3", "GetBucketPolicyStatus"): "s3:GetBucketPolicyStatus",
    ("s3control", "GetPublicAccessBlock"): "s3:GetAccountPublicAccessBlock",
    ("sso-admin", "ListInstances"): "sso:ListInstances",
    ("elbv2", "DescribeSSLPolicies"): "elasticloadbalancing:DescribeSSLPolicies",
    ("resourcegroupstaggingapi", "GetResources"): "tag:GetResources",
}


# Services whose IAM prefix is not their signing name (CloudWatch signs as "monitoring").
_IAM_PREFIXES = {"monitoring": "cloudwatch"}


def iam_action(signing_name: str, operation: str, service: str | None = None) -> str:
    """The IAM action a caller needs for an operation (what a denied reason should name)."""
    if signing_name == "apigateway":
        return "apigateway:GET"
    named = _ACTION_NAMES.get((service or signing_name, operation))
    return named or f"{_IAM_PREFIXES.get(signing_name, signing_name)}:{operation}"


def error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def classify(
    exc: BaseException, *, action: str, region: str, attempts: int | None = None
) -> ApiError:
    """Map an exception raised by a boto3 call to an ApiError with the right status."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, ReadOnlyViolation):
        return ApiError(Status.ERROR, str(exc), code="ReadOnlyViolation")
    if isinstance(exc, NoCredentialsError):
        return ApiError(Status.NOT_ASSESSABLE, "no AWS credentials available", code="NoCredentials")
    if isinstance(exc, ClientError):
        code = error_code(exc)
        message = str(exc.response.get("Error", {}).get("Message", "")).strip()
        http = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if (
            code in DENIED_CODES
            or code.startswith("AccessDenied")
            or (http == 403 and code not in REGION_OFF_CODES)
        ):
            detail = f"{code}: {message}" if message else code
            return ApiError(
                Status.NOT_ASSESSABLE,
                f"access denied: the scanning identity needs {action} ({detail})",
                code=code,
            )
        if code in REGION_OFF_CODES:
            return ApiError(
                Status.NOT_ASSESSABLE,
                f"region {region} is not enabled for this account or the credentials are not valid "
                f"there ({code})",
                code=code,
            )
        if code == "EndpointHtmlErrorPage":
            return ApiError(
                Status.NOT_ASSESSABLE,
                f"the endpoint does not implement {action} in {region} ({message})",
                code=code,
            )
        if code in THROTTLE_CODES:
            tries = f" after {attempts} attempts" if attempts else " after retries"
            return ApiError(Status.ERROR, f"throttled{tries} calling {action} ({code})", code=code)
        if (
            code in UNSUPPORTED_CODES
            or ((code == "404" or http in (404, 501)) and "not yet implemented" in message.lower())
            or http == 501
        ):
            return ApiError(
                Status.NOT_ASSESSABLE,
                f"the endpoint does not support {action} in {region} ({code or http})",
                code=code or "NotImplemented",
            )
        return ApiError(Status.ERROR, f"{action} failed: {code}: {message}", code=code)
    if isinstance(exc, BotoConnectionError):
        return ApiError(
            Status.ERROR, f"{action}: cannot reach the endpoint ({exc})", code="ConnectionError"
        )
    if isinstance(exc, BotoCoreError):
        return ApiError(Status.ERROR, f"{action}: {exc}", code=type(exc).__name__)
    return ApiError(
        Status.ERROR, f"{action}: unexpected {type(exc).__name__}: {exc}", code=type(exc).__name__
    )


def describe(exc: Any) -> str:
    return f"{type(exc).__name__}: {exc}"
